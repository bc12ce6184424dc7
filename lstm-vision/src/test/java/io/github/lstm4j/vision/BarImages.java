package io.github.lstm4j.vision;

import java.util.SplittableRandom;

/**
 * A tiny synthetic "vision" set: 8 × 8 grey images of one line each, in four classes by
 * orientation, on a noisy background, seeded so that every test sees the same images.
 *
 * <pre>
 * class 0  horizontal   ink at (r, c) for one row r
 * class 1  vertical     ink at (r, c) for one column c
 * class 2  diagonal \   ink at (r, r + k)
 * class 3  diagonal /   ink at (r, 7 − r + k),  k in [−2, 2]
 * </pre>
 *
 * <p>Ink is 180..255, background noise 0..59: a row-reading LSTM must combine rows to tell the
 * vertical and diagonal lines apart.
 */
final class BarImages {
  static final int SIZE = 8;
  static final int CLASSES = 4;

  private BarImages() {}

  /** n images with labels cycling 0, 1, 2, 3, each drawn from {@code seed}. */
  static MnistDataset generate(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] images = new byte[n * SIZE * SIZE];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      int label = i % CLASSES;
      labels[i] = (byte) label;
      int offset = i * SIZE * SIZE;
      for (int p = 0; p < SIZE * SIZE; p++) {
        images[offset + p] = (byte) random.nextInt(60);
      }
      int position = random.nextInt(1, SIZE - 1);
      int shift = random.nextInt(-2, 3);
      for (int r = 0; r < SIZE; r++) {
        for (int c = 0; c < SIZE; c++) {
          boolean ink =
              switch (label) {
                case 0 -> r == position;
                case 1 -> c == position;
                case 2 -> c == r + shift;
                default -> c == SIZE - 1 - r + shift;
              };
          if (ink) {
            images[offset + r * SIZE + c] = (byte) random.nextInt(180, 256);
          }
        }
      }
    }
    return MnistDataset.of(images, labels, SIZE, SIZE, CLASSES);
  }

  /** One image of the given class as classifier input, pixels in [0, 1]. */
  static float[] image(MnistDataset data, int index) {
    float[] image = new float[SIZE * SIZE];
    for (int r = 0; r < SIZE; r++) {
      for (int c = 0; c < SIZE; c++) {
        image[r * SIZE + c] = data.pixel(index, r, c);
      }
    }
    return image;
  }
}
