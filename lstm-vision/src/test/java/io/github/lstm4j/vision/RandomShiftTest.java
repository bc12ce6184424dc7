package io.github.lstm4j.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import org.junit.jupiter.api.Test;

class RandomShiftTest {
  private static final int ROWS = 5;
  private static final int COLS = 6;

  /** Pixel (t, c) of image b is 1 + 100·b + 10·t + c, all distinct and non-zero. */
  private static float[] numberedBatch(int batch) {
    float[] x = new float[ROWS * batch * COLS];
    for (int t = 0; t < ROWS; t++) {
      for (int b = 0; b < batch; b++) {
        for (int c = 0; c < COLS; c++) {
          x[(t * batch + b) * COLS + c] = 1 + 100 * b + 10 * t + c;
        }
      }
    }
    return x;
  }

  @Test
  void movesEachImageByItsDrawnShiftAndFillsWithZeros() {
    int batch = 7;
    float[] original = numberedBatch(batch);
    float[] x = original.clone();
    Rng draws = new Rng(5); // the same stream the shift will use: dy, then dx, per image

    new RandomShift(2, ROWS, COLS, new Rng(5)).apply(x, batch);

    for (int b = 0; b < batch; b++) {
      int dy = draws.nextInt(5) - 2;
      int dx = draws.nextInt(5) - 2;
      for (int t = 0; t < ROWS; t++) {
        for (int c = 0; c < COLS; c++) {
          int srcT = t - dy;
          int srcC = c - dx;
          float expected =
              srcT >= 0 && srcT < ROWS && srcC >= 0 && srcC < COLS
                  ? original[(srcT * batch + b) * COLS + srcC]
                  : 0f;
          assertThat(x[(t * batch + b) * COLS + c]).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void drawsEveryShiftInRangeOverManyImages() {
    int batch = 200;
    float[] x = numberedBatch(batch);

    new RandomShift(1, ROWS, COLS, new Rng(9)).apply(x, batch);

    // Image b's original top-left pixel 1 + 100·b lands at (dy, dx) when both are >= 0.
    boolean[][] seen = new boolean[2][2];
    for (int b = 0; b < batch; b++) {
      for (int t = 0; t < 2; t++) {
        for (int c = 0; c < 2; c++) {
          if (x[(t * batch + b) * COLS + c] == 1 + 100 * b) {
            seen[t][c] = true;
          }
        }
      }
    }
    assertThat(seen).isDeepEqualTo(new boolean[][] {{true, true}, {true, true}});
  }
}
