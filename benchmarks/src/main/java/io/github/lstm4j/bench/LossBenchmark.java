package io.github.lstm4j.bench;

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
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One forward + backward of each loss, and of the Embedding, over the rows of a (T=100, B=32) batch
 * with a quarter of the steps padded: {@code ce} the softmax cross-entropy with ignore index and
 * class weights over V = 65 classes, {@code ceStatic} the static methods over every row (the cost
 * before ignore index existed), {@code mse}, {@code huber} and {@code bce} (with pos weight) on F =
 * 8 columns with a row mask, and {@code embedding} a lookup and scatter-add of E = 64 from a
 * vocabulary of 1000 with a padding id. Single-threaded: none of them takes a {@code
 * ComputeContext}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar LossBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LossBenchmark extends ForkedBenchmark {
  private static final int ROWS = 100 * 32; // T·B
  private static final int CLASSES = 65; // V
  private static final int COLUMNS = 8; // F
  private static final int VOCAB = 1000;
  private static final int DIM = 64; // E

  /** What runs: ce, ceStatic, mse, huber, bce or embedding. */
  @Param({"ce", "ceStatic", "mse", "huber", "bce", "embedding"})
  public String loss;

  private Tensor input; // (N, V) logits or (N, F) predictions
  private Tensor scratch; // probabilities, then their gradient
  private Tensor target; // (N, F)
  private Tensor dInput; // (N, F)
  private int[] ids; // (N) class or token ids; −100 or 0 on padded rows
  private float[] mask; // (N) 0 on padded rows
  private SoftmaxCrossEntropy.Loss crossEntropy;
  private ElementwiseLoss elementwise;
  private Embedding embedding;

  /** Builds the batch and the loss from fixed seeds. */
  @Setup(Level.Trial)
  public void setUp() {
    Rng rng = new Rng(1);
    boolean classes = loss.startsWith("ce");
    int width = classes ? CLASSES : loss.equals("embedding") ? DIM : COLUMNS;
    input = gaussian(rng, ROWS, width);
    scratch = Tensor.zeros(ROWS, width);
    target = gaussian(rng, ROWS, width);
    dInput = Tensor.zeros(ROWS, width);
    ids = new int[ROWS];
    mask = new float[ROWS];
    for (int r = 0; r < ROWS; r++) {
      boolean padded = r % 4 == 3;
      mask[r] = padded ? 0 : 1;
      ids[r] = padded ? (classes ? -100 : 0) : 1 + rng.nextInt((classes ? CLASSES : VOCAB) - 1);
      if (loss.equals("ceStatic")) {
        ids[r] = Math.max(ids[r], 0);
      }
    }
    float[] weights = new float[CLASSES];
    for (int j = 0; j < CLASSES; j++) {
      weights[j] = 0.5f + rng.nextFloat();
    }
    crossEntropy = SoftmaxCrossEntropy.withIgnoreIndex(-100).withClassWeights(weights);
    float[] posWeight = {1, 2, 3, 4, 1, 2, 3, 4};
    elementwise =
        switch (loss) {
          case "huber" -> new HuberLoss(1.0, Reduction.MEAN);
          case "bce" -> new SigmoidBinaryCrossEntropy(Reduction.MEAN).withPosWeight(posWeight);
          default -> new MeanSquaredError(Reduction.MEAN);
        };
    if (loss.equals("bce")) {
      for (int i = 0; i < target.size(); i++) {
        target.data()[i] = target.data()[i] > 0 ? 1 : 0;
      }
    }
    embedding = Embedding.withPaddingIdx("embedding", VOCAB, DIM, 0, new Parameters(), rng);
  }

  private static Tensor gaussian(Rng rng, int rows, int columns) {
    Tensor t = Tensor.zeros(rows, columns);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) (2 * rng.nextGaussian());
    }
    return t;
  }

  /**
   * One forward and one backward.
   *
   * @return the loss (0 for the embedding: one output value), so nothing is dead code
   */
  @Benchmark
  public double forwardBackward() {
    switch (loss) {
      case "ce":
        double ce = crossEntropy.forward(input, ids, scratch);
        crossEntropy.backward(scratch, ids, scratch);
        return ce;
      case "ceStatic":
        double all = SoftmaxCrossEntropy.forward(input, ids, scratch);
        SoftmaxCrossEntropy.backward(scratch, ids, scratch);
        return all;
      case "embedding":
        embedding.forward(ids, scratch);
        embedding.backward(ids, scratch);
        return scratch.data()[0];
      default:
        double value = elementwise.forward(input, target, mask);
        elementwise.backward(input, target, mask, dInput);
        return value;
    }
  }
}
