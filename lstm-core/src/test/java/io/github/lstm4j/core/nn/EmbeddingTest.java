package io.github.lstm4j.core.nn;

import static io.github.lstm4j.core.testing.Closeness.assertFloatMatchesReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.io.StateDict;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.CentralDifferences;
import io.github.lstm4j.core.testing.TestData;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Embedding}: the lookup and its scatter-add backward against a double reference whose
 * gradient is checked by central differences, the padding row, PyTorch's N(0, 1) initialisation,
 * the id checks, and the name {@link StateDict} uses. The PyTorch parity of Embedding → LSTM → head
 * is in {@code parity.LossParityTest}.
 */
class EmbeddingTest {
  private static final int VOCAB = 6;
  private static final int DIM = 3;
  private static final int[] IDS = {4, 1, 4, 0, 5, 4}; // (T=3, B=2), id 4 three times, 2, 3 unseen

  /** L = Σ_r Σ_k c[r, k]·tanh(W[ids[r], k]) in double: a non-linear loss over the lookup. */
  private static double referenceLoss(double[] w, double[] c, int[] ids) {
    double loss = 0;
    for (int r = 0; r < ids.length; r++) {
      for (int k = 0; k < DIM; k++) {
        loss += c[r * DIM + k] * Math.tanh(w[ids[r] * DIM + k]);
      }
    }
    return loss;
  }

  /** ∂L/∂output = c·(1 − tanh²(output)), the gradient the layer's backward receives. */
  private static double[] outputGradient(double[] w, double[] c, int[] ids) {
    double[] d = new double[ids.length * DIM];
    for (int r = 0; r < ids.length; r++) {
      for (int k = 0; k < DIM; k++) {
        double t = Math.tanh(w[ids[r] * DIM + k]);
        d[r * DIM + k] = c[r * DIM + k] * (1 - t * t);
      }
    }
    return d;
  }

  /** ∂L/∂W: every occurrence of an id adds its output gradient to that id's row. */
  private static double[] weightGradient(double[] w, double[] c, int[] ids, int paddingIdx) {
    double[] dOut = outputGradient(w, c, ids);
    double[] dw = new double[w.length];
    for (int r = 0; r < ids.length; r++) {
      for (int k = 0; ids[r] != paddingIdx && k < DIM; k++) {
        dw[ids[r] * DIM + k] += dOut[r * DIM + k];
      }
    }
    return dw;
  }

  @Test
  void referenceGradientMatchesCentralDifferences() {
    Rng rng = new Rng(1);
    double[] w = TestData.toDouble(TestData.gaussian(rng, 1.0, VOCAB * DIM).data());
    double[] c = TestData.toDouble(TestData.gaussian(rng, 1.0, IDS.length * DIM).data());
    CentralDifferences.assertGradient(
        "dWeight", weightGradient(w, c, IDS, -1), w, at -> referenceLoss(at, c, IDS));
  }

  @Test
  void forwardLooksUpAndBackwardAddsUpOnlyTheRowsSeen() {
    Parameters params = new Parameters();
    Embedding embedding = new Embedding("embedding", VOCAB, DIM, params, new Rng(2));
    Rng rng = new Rng(3);
    double[] c = TestData.toDouble(TestData.gaussian(rng, 1.0, IDS.length * DIM).data());
    float[] w = params.valueOf(embedding.weight()).data();

    Tensor out = Tensor.zeros(3, 2, DIM);
    embedding.forward(IDS, out);
    for (int r = 0; r < IDS.length; r++) {
      assertThat(Arrays.copyOfRange(out.data(), r * DIM, (r + 1) * DIM))
          .containsExactly(Arrays.copyOfRange(w, IDS[r] * DIM, (IDS[r] + 1) * DIM));
    }

    double[] wd = TestData.toDouble(w);
    float[] dOut = new float[IDS.length * DIM];
    double[] dOutDouble = outputGradient(wd, c, IDS);
    for (int i = 0; i < dOut.length; i++) {
      dOut[i] = (float) dOutDouble[i];
    }
    params.zeroGrad();
    embedding.backward(IDS, Tensor.wrap(dOut, 3, 2, DIM));
    float[] dw = params.gradOf(embedding.weight()).data();
    assertFloatMatchesReference("dWeight", dw, weightGradient(wd, c, IDS, -1));
    // Rows 2 and 3 were not seen: exactly zero, not merely small.
    assertThat(Arrays.copyOfRange(dw, 2 * DIM, 4 * DIM)).containsOnly(0f);
    // Backward accumulates.
    embedding.backward(IDS, Tensor.wrap(dOut, 3, 2, DIM));
    float[] twice = params.gradOf(embedding.weight()).data();
    for (int i = 0; i < dw.length; i++) {
      assertThat(twice[i]).isEqualTo(dw[i] + dw[i]);
    }
  }

  @Test
  void thePaddingRowStartsAtZeroAndReceivesNoGradient() {
    Parameters params = new Parameters();
    Embedding embedding = Embedding.withPaddingIdx("tokens", VOCAB, DIM, 4, params, new Rng(4));
    assertThat(embedding.paddingIdx()).hasValue(4);
    float[] w = params.valueOf(embedding.weight()).data();
    assertThat(Arrays.copyOfRange(w, 4 * DIM, 5 * DIM)).containsOnly(0f);
    Tensor out = Tensor.zeros(IDS.length, DIM);
    embedding.forward(IDS, out);
    assertThat(Arrays.copyOfRange(out.data(), 0, DIM)).containsOnly(0f);

    Tensor dOut = TestData.gaussian(new Rng(5), 1.0, IDS.length, DIM);
    params.zeroGrad();
    embedding.backward(IDS, dOut);
    float[] dw = params.gradOf(embedding.weight()).data();
    assertThat(Arrays.copyOfRange(dw, 4 * DIM, 5 * DIM)).containsOnly(0f);
    // The other rows get their gradient as without padding.
    assertThat(Arrays.copyOfRange(dw, DIM, 2 * DIM))
        .containsExactly(Arrays.copyOfRange(dOut.data(), DIM, 2 * DIM));
  }

  @Test
  void aNegativePaddingIdxCountsFromTheEndAsInPyTorch() {
    Parameters params = new Parameters();
    Embedding embedding = Embedding.withPaddingIdx("e", VOCAB, DIM, -1, params, new Rng(4));
    assertThat(embedding.paddingIdx()).hasValue(VOCAB - 1);
    int last = embedding.weight().offset() + (VOCAB - 1) * DIM;
    assertThat(Arrays.copyOfRange(params.values(), last, last + DIM)).containsOnly(0f);
  }

  @Test
  void initialisationIsStandardNormalAndSeeded() {
    Parameters params = new Parameters();
    Embedding embedding = new Embedding("e", 200, 50, params, new Rng(6));
    float[] w = params.valueOf(embedding.weight()).data();
    double mean = 0;
    double square = 0;
    for (float v : w) {
      mean += v;
      square += v * (double) v;
    }
    mean /= w.length;
    double variance = square / w.length - mean * mean;
    // 10 000 draws: the standard error of the mean is 0.01, of the variance about 0.014.
    assertThat(mean).isCloseTo(0, within(0.04));
    assertThat(variance).isCloseTo(1, within(0.06));
    Parameters again = new Parameters();
    new Embedding("e", 200, 50, again, new Rng(6));
    assertThat(again.values()).containsExactly(params.values());
  }

  @Test
  void stateDictExportsAndLoadsTheWeightByItsPyTorchName() throws IOException {
    Parameters params = new Parameters();
    Embedding embedding = Embedding.withPaddingIdx("embedding", VOCAB, DIM, 0, params, new Rng(7));
    Map<String, Tensor> tensors = StateDict.export(params);
    assertThat(tensors).containsOnlyKeys("embedding.weight");
    assertThat(tensors.get("embedding.weight").shape()).containsExactly(VOCAB, DIM);

    Parameters other = new Parameters();
    Embedding loaded = new Embedding("embedding", VOCAB, DIM, other, new Rng(8));
    StateDict.load(tensors, other);
    assertThat(other.valueOf(loaded.weight()).data())
        .containsExactly(params.valueOf(embedding.weight()).data());
  }

  @Test
  void idsOutOfRangeAreRefusedByIndexAndValueBeforeAnythingChanges() {
    Parameters params = new Parameters();
    Embedding embedding = new Embedding("embedding", VOCAB, DIM, params, new Rng(9));
    Tensor rows = Tensor.zeros(3, DIM);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> embedding.forward(new int[] {0, 6, 1}, rows))
        .withMessage("ids[1] must be in [0, vocabSize=6), got 6");
    Arrays.fill(rows.data(), 1f);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> embedding.backward(new int[] {0, 1, -1}, rows))
        .withMessage("ids[2] must be in [0, vocabSize=6), got -1");
    assertThat(params.grads()).containsOnly(0f);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> embedding.forward(new int[] {0, 1}, rows))
        .withMessage(
            "output must have last dimension embeddingDim=3 and ids.length=2 rows, got (3, 3)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> embedding.backward(new int[] {0, 1, 2}, Tensor.zeros(3, 4)))
        .withMessage(
            "dOutput must have last dimension embeddingDim=3 and ids.length=3 rows, got (3, 4)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Embedding.withPaddingIdx("e", VOCAB, DIM, 6, params, new Rng(1)))
        .withMessage("paddingIdx must be in [-6, 6), got 6");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Embedding.withPaddingIdx("e", VOCAB, DIM, -7, params, new Rng(1)))
        .withMessage("paddingIdx must be in [-6, 6), got -7");
  }
}
