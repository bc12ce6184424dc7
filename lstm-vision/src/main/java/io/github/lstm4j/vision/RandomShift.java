package io.github.lstm4j.vision;

import io.github.lstm4j.core.Rng;
import java.util.Arrays;

/**
 * Training augmentation: moves each image of a time-major row batch by a random whole number of
 * pixels in x and in y, each drawn uniformly from [−maxShift, maxShift], filling the uncovered
 * border with zeros (background). Digits in MNIST are centred by their centre of mass, so a shift
 * of a pixel or two gives new, still realistic, training images.
 *
 * <pre>
 * out(t, c) = in(t − dy, c − dx)  if 0 ≤ t − dy &lt; rows and 0 ≤ c − dx &lt; cols,  else 0
 * batch x (T = rows, B, I = cols): pixel (t, c) of image b at x[(t·B + b)·cols + c]
 * </pre>
 *
 * <p>Owns one image of scratch, so it allocates nothing per call; not thread-safe.
 */
final class RandomShift {
  private final int maxShift;
  private final int rows;
  private final int cols;
  private final Rng rng;
  private final float[] image; // (rows, cols) the image being moved

  RandomShift(int maxShift, int rows, int cols, Rng rng) {
    assert maxShift > 0 && maxShift < Math.min(rows, cols);
    this.maxShift = maxShift;
    this.rows = rows;
    this.cols = cols;
    this.rng = rng;
    this.image = new float[rows * cols];
  }

  /**
   * Shifts each of the {@code batch} images of {@code x} in place, drawing dy then dx per image.
   *
   * @param x (T = rows, B = batch, I = cols) time-major
   * @param batch B
   */
  void apply(float[] x, int batch) {
    int span = 2 * maxShift + 1;
    for (int b = 0; b < batch; b++) {
      int dy = rng.nextInt(span) - maxShift;
      int dx = rng.nextInt(span) - maxShift;
      if (dy == 0 && dx == 0) {
        continue;
      }
      for (int t = 0; t < rows; t++) {
        System.arraycopy(x, (t * batch + b) * cols, image, t * cols, cols);
      }
      for (int t = 0; t < rows; t++) {
        int dst = (t * batch + b) * cols;
        int src = t - dy;
        if (src < 0 || src >= rows) {
          Arrays.fill(x, dst, dst + cols, 0f);
          continue;
        }
        for (int c = 0; c < cols; c++) {
          int from = c - dx;
          x[dst + c] = from >= 0 && from < cols ? image[src * cols + from] : 0f;
        }
      }
    }
  }
}
