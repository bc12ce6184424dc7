/**
 * lstm4j vision: IDX (MNIST-format) data sets read row by row by an LSTM classifier.
 *
 * <p>Downloads use {@link java.net.HttpURLConnection} from {@code java.base}, so the module needs
 * nothing beyond the core. The tests also read {@code jdk.httpserver}, {@code java.management} and
 * {@code jdk.management}; the build grants those reads to the test run only.
 */
module io.github.lstm4j.vision {
  requires io.github.lstm4j.core;

  exports io.github.lstm4j.vision;
}
