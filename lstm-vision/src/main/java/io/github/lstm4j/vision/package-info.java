/**
 * Image data for LSTMs that read an image one pixel row per time step.
 *
 * <ul>
 *   <li>{@link io.github.lstm4j.vision.IdxFile} reads IDX files (raw or gzipped), the format of
 *       MNIST, Fashion-MNIST and EMNIST, validating the header against the bytes that are really
 *       there.
 *   <li>{@link io.github.lstm4j.vision.MnistDataset} holds images as unsigned bytes, labels and
 *       class count; {@link io.github.lstm4j.vision.MnistFiles} finds and loads its IDX file pair.
 *   <li>{@link io.github.lstm4j.vision.MnistBatches} shuffles, subsets and splits a data set and
 *       fills time-major batches (T = rows, B, I = cols) with pixels in [0, 1].
 *   <li>{@link io.github.lstm4j.vision.MnistDownloader} fetches missing files from a mirror, only
 *       when asked, and caches a file only after its SHA-256 matched.
 *   <li>{@link io.github.lstm4j.vision.RowLstmClassifier} reads each image row by row with an LSTM
 *       and classifies it with a linear head, and is saved and loaded as an lstm4j model file
 *       (safetensors, PyTorch parameter names); {@link io.github.lstm4j.vision.ClassifierConfig} is
 *       its shape and training recipe, core's {@link io.github.lstm4j.core.train.TrainingListener}
 *       receives its progress, {@link io.github.lstm4j.vision.Prediction} and core's {@link
 *       io.github.lstm4j.core.model.ClassificationMetrics} are its results.
 *   <li>{@link io.github.lstm4j.vision.ImagePreprocessing} turns any picture into classifier input:
 *       grey, ink bright, scaled to the model's image size.
 * </ul>
 *
 * <p>Batches follow the library-wide layout: time-major (T, B, F), row-major {@code float[]}.
 */
package io.github.lstm4j.vision;
