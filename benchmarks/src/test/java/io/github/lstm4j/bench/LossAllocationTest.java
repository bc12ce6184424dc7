package io.github.lstm4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.nn.ElementwiseLoss;
import io.github.lstm4j.core.nn.Embedding;
import io.github.lstm4j.core.nn.HuberLoss;
import io.github.lstm4j.core.nn.MeanSquaredError;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Reduction;
import io.github.lstm4j.core.nn.SigmoidBinaryCrossEntropy;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The losses' and the Embedding's forward and backward allocate nothing once warmed up (the caller
 * owns every buffer), checked with the JVM's per-thread allocation counter.
 */
class LossAllocationTest {
  private static final int WARMUP = 10_000;
  private static final int STEPS = 20;
  private static final int ROWS = 12; // (T=4, B=3)
  private static final int COLUMNS = 5;

  private static Tensor gaussian(Rng rng) {
    Tensor t = Tensor.zeros(4, 3, COLUMNS);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) rng.nextGaussian();
    }
    return t;
  }

  @Test
  void elementwiseLossesAllocateNothing() {
    Rng rng = new Rng(1);
    Tensor x = gaussian(rng);
    Tensor y = gaussian(rng);
    Tensor d = Tensor.zeros(4, 3, COLUMNS);
    float[] mask = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      mask[r] = r % 4 == 3 ? 0 : 1;
    }
    for (ElementwiseLoss loss :
        new ElementwiseLoss[] {
          new MeanSquaredError(Reduction.MEAN),
          new HuberLoss(0.5, Reduction.SUM),
          new SigmoidBinaryCrossEntropy(Reduction.MEAN).withPosWeight(new float[] {1, 2, 3, 4, 5})
        }) {
      long bytes =
          allocatedBy(
              () -> {
                double value = loss.forward(x, y) + loss.forward(x, y, mask);
                loss.backward(x, y, d);
                loss.backward(x, y, mask, d);
                return value;
              });
      assertThat(bytes).as(loss.toString()).isZero();
    }
  }

  @Test
  void softmaxCrossEntropyLossAllocatesNothing() {
    Rng rng = new Rng(2);
    Tensor z = gaussian(rng);
    Tensor p = Tensor.zeros(4, 3, COLUMNS);
    int[] targets = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      targets[r] = r % 4 == 3 ? -100 : rng.nextInt(COLUMNS);
    }
    SoftmaxCrossEntropy.Loss ce =
        SoftmaxCrossEntropy.withIgnoreIndex(-100).withClassWeights(new float[] {1, 2, 1, 2, 1});
    long bytes =
        allocatedBy(
            () -> {
              double value = ce.forward(z, targets, p);
              ce.backward(p, targets, p);
              return value;
            });
    assertThat(bytes).isZero();
  }

  @Test
  void embeddingAllocatesNothing() {
    Parameters params = new Parameters();
    Embedding embedding = Embedding.withPaddingIdx("embedding", 7, COLUMNS, 0, params, new Rng(3));
    int[] ids = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      ids[r] = r % 7;
    }
    Tensor out = Tensor.zeros(4, 3, COLUMNS);
    long bytes =
        allocatedBy(
            () -> {
              embedding.forward(ids, out);
              embedding.backward(ids, out);
              return out.data()[0];
            });
    assertThat(bytes).isZero();
  }

  private static long allocatedBy(DoubleSupplier step) {
    return ThreadAllocation.leastBytesAllocatedBy(step, WARMUP, STEPS);
  }
}
