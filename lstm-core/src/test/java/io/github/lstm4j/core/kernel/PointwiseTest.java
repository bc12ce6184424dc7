package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Pointwise}'s activations: closed forms, saturation at the edges of float, NaN, and the
 * array forms (plain or Vector API, whichever this JVM selected) against the scalar definitions,
 * element by element, wherever an element sits in the array.
 */
class PointwiseTest {
  private static final float[] EDGES = {
    Float.NEGATIVE_INFINITY,
    -1e30f,
    -1e4f,
    -110f,
    -104f,
    -88f,
    -20f,
    -1f,
    -1e-3f,
    -1e-30f,
    -Float.MIN_VALUE,
    -0f,
    0f,
    Float.MIN_VALUE,
    1e-30f,
    1e-3f,
    1f,
    20f,
    88f,
    104f,
    110f,
    1e4f,
    1e30f,
    Float.MAX_VALUE,
    Float.POSITIVE_INFINITY
  };

  private static float[] sigmoidArray(float[] x) {
    float[] y = x.clone();
    Pointwise.sigmoidInPlace(y, 0, y.length);
    return y;
  }

  private static float[] tanhArray(float[] x) {
    float[] y = x.clone();
    Pointwise.tanhInPlace(y, 0, y.length);
    return y;
  }

  /** Values spread over the range where the activations are not saturated, plus the edges. */
  private static float[] samples(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[count];
    for (int i = 0; i < count; i++) {
      double magnitude = Math.exp(random.nextDouble() * 32 - 27); // 2e-12 .. 160
      x[i] = (float) (random.nextBoolean() ? magnitude : -magnitude);
    }
    System.arraycopy(EDGES, 0, x, 0, EDGES.length);
    return x;
  }

  /** Distance in ulps, across 0 too: floats mapped onto a line of integers, −0 next to +0. */
  private static long ulps(float a, float b) {
    return Math.abs(ordinal(a) - ordinal(b));
  }

  private static long ordinal(float x) {
    int bits = Float.floatToRawIntBits(x);
    return bits < 0 ? -(long) (bits & Integer.MAX_VALUE) : bits;
  }

  /** The bits, with every NaN as one value: the paths may pick different NaNs. */
  private static int bits(float x) {
    return Float.floatToIntBits(x);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0.5, 0", // σ(0) = 1/2, tanh(0) = 0
    "1.0986123, 0.75, 0.8", // x = ln 3: σ = 3/4, tanh = 8/10
    "-1.0986123, 0.25, -0.8",
    "0.6931472, 0.6666667, 0.6" // x = ln 2: σ = 2/3, tanh = 3/5
  })
  void closedFormsHoldForTheScalarAndTheArrayForms(float x, float sigmoid, float tanh) {
    assertThat(Pointwise.sigmoid(x)).isCloseTo(sigmoid, within(1e-7f));
    assertThat(Pointwise.tanh(x)).isCloseTo(tanh, within(1e-7f));
    assertThat(sigmoidArray(new float[] {x})[0]).isEqualTo(Pointwise.sigmoid(x));
    assertThat(tanhArray(new float[] {x})[0]).isEqualTo(Pointwise.tanh(x));
  }

  @Test
  void saturationGivesExactLimits() {
    float[] big = {Float.POSITIVE_INFINITY, 1e4f, 110f, 104f};
    float[] small = {Float.NEGATIVE_INFINITY, -1e4f, -110f, -104f};
    assertThat(sigmoidArray(big)).containsOnly(1f);
    assertThat(sigmoidArray(small)).containsOnly(0f);
    assertThat(tanhArray(big)).containsOnly(1f);
    assertThat(tanhArray(small)).containsOnly(-1f);
  }

  @Test
  void nanPropagatesAndStaysInItsElement() {
    float[] x = {1f, Float.NaN, -2f, Float.NaN, 0f, 3f, Float.NaN, 5f, -1f};
    float[] s = sigmoidArray(x);
    float[] t = tanhArray(x);
    for (int i = 0; i < x.length; i++) {
      if (Float.isNaN(x[i])) {
        assertThat(s[i]).as("σ at %d", i).isNaN();
        assertThat(t[i]).as("tanh at %d", i).isNaN();
      } else {
        assertThat(s[i]).as("σ at %d", i).isEqualTo(Pointwise.sigmoid(x[i]));
        assertThat(t[i]).as("tanh at %d", i).isEqualTo(Pointwise.tanh(x[i]));
      }
    }
  }

  @Test
  void arrayFormsGiveTheScalarDefinitionsBitForBit() {
    float[] x = samples(20_000, 1);
    float[] s = sigmoidArray(x);
    float[] t = tanhArray(x);
    float[] into = new float[x.length];
    Pointwise.tanhInto(x, 0, into, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      assertThat(bits(s[i])).as("σ(%s)", x[i]).isEqualTo(bits(Pointwise.sigmoid(x[i])));
      assertThat(bits(t[i])).as("tanh(%s)", x[i]).isEqualTo(bits(Pointwise.tanh(x[i])));
    }
    assertThat(into).isEqualTo(t);
  }

  @Test
  void anElementsResultDoesNotDependOnItsPositionOrTheCount() {
    float[] x = samples(64, 2);
    float[] sWhole = sigmoidArray(x);
    float[] tWhole = tanhArray(x);
    for (int off = 0; off < 9; off++) {
      for (int count = 0; off + count <= 40; count++) {
        float[] s = x.clone();
        float[] t = x.clone();
        float[] into = new float[x.length + 3];
        Pointwise.sigmoidInPlace(s, off, count);
        Pointwise.tanhInPlace(t, off, count);
        Pointwise.tanhInto(x, off, into, 3 + off, count);
        String where = "off=" + off + " count=" + count;
        assertThat(Arrays.copyOfRange(s, off, off + count))
            .as(where)
            .isEqualTo(Arrays.copyOfRange(sWhole, off, off + count));
        assertThat(Arrays.copyOfRange(t, off, off + count))
            .as(where)
            .isEqualTo(Arrays.copyOfRange(tWhole, off, off + count));
        assertThat(Arrays.copyOfRange(into, 3 + off, 3 + off + count))
            .as(where)
            .isEqualTo(Arrays.copyOfRange(tWhole, off, off + count));
        // Elements outside [off, off + count) are untouched.
        assertThat(Arrays.copyOfRange(s, off + count, x.length))
            .as(where)
            .isEqualTo(Arrays.copyOfRange(x, off + count, x.length));
        assertThat(Arrays.copyOfRange(t, 0, off))
            .as(where)
            .isEqualTo(Arrays.copyOfRange(x, 0, off));
      }
    }
  }

  @Test
  void activationsAreWithinTwoUlpOfDoubleMathEvenForTinyArguments() {
    float[] x = samples(200_000, 3);
    float[] s = sigmoidArray(x);
    float[] t = tanhArray(x);
    for (int i = 0; i < x.length; i++) {
      if (Float.isInfinite(x[i])) {
        continue; // the limits are tested above
      }
      float sigmoid = (float) (1.0 / (1.0 + StrictMath.exp(-(double) x[i])));
      float tanh = (float) StrictMath.tanh(x[i]);
      if (s[i] == 0f) {
        // flushed to 0 only where e^−|x| < 2^−126.5, far below any σ that is not saturated
        assertThat((double) x[i]).as("flushed σ(%s)", x[i]).isLessThan(-126.5 * Math.log(2));
      } else if (sigmoid < Float.MIN_NORMAL) {
        // subnormal results are rounded absolutely, to a subnormal's spacing
        assertThat(Math.abs(s[i] - sigmoid)).as("σ(%s)", x[i]).isLessThanOrEqualTo(5e-45f);
      } else {
        assertThat(ulps(s[i], sigmoid)).as("σ(%s)", x[i]).isLessThanOrEqualTo(2);
      }
      assertThat(ulps(t[i], tanh)).as("tanh(%s)", x[i]).isLessThanOrEqualTo(2);
    }
    // signed zeros, in whole vectors as well as in the scalar tail
    float[] zeros = {-0f, 0f, -0f, 0f, -0f, 0f, -0f, 0f, -0f};
    float[] tanhZeros = tanhArray(zeros);
    for (int i = 0; i < zeros.length; i++) {
      assertThat(Float.floatToRawIntBits(tanhZeros[i]))
          .as("tanh(%s) at %d", zeros[i], i)
          .isEqualTo(Float.floatToRawIntBits(zeros[i]));
    }
    assertThat(sigmoidArray(zeros)).containsOnly(0.5f);
    // no cancellation near 0: tanh keeps its relative accuracy, σ's small values theirs
    assertThat(Pointwise.tanh(1e-20f)).isEqualTo(1e-20f);
    assertThat(ulps(Pointwise.tanh(-3e-8f), -3e-8f)).isLessThanOrEqualTo(2);
    assertThat(ulps(Pointwise.sigmoid(-80f), (float) (1.0 / (1.0 + Math.exp(80.0)))))
        .isLessThanOrEqualTo(2);
  }
}
