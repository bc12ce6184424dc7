/**
 * lstm4j vision: IDX (MNIST-format) data sets read row by row by an LSTM classifier.
 *
 * <p>The core is required transitively: the classifier's API hands out core types ({@code
 * Parameters}, {@code ComputeContext}). Downloads use {@link java.net.HttpURLConnection} from
 * {@code java.base}. Pictures are read and converted with {@code java.desktop} ({@link
 * java.awt.image.BufferedImage}, {@code javax.imageio}), which is part of every full JDK and works
 * headless; it is required transitively because {@code BufferedImage} appears in the public API.
 * The tests also read {@code jdk.httpserver}, {@code java.management} and {@code jdk.management};
 * the build grants those reads to the test run only.
 */
module io.github.lstm4j.vision {
  requires transitive io.github.lstm4j.core;
  requires transitive java.desktop;

  exports io.github.lstm4j.vision;
}
