package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.kernel.CellView;
import io.github.lstm4j.core.kernel.LstmCell;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused pointwise loops of one LSTM time step, {@link LstmCell#forward} (four gate
 * nonlinearities, cell update, tanh(c), h) and {@link LstmCell#backward}, over all B rows of a (B,
 * H) step on one thread: the part of a step that is not a matrix product. The cell's package is not
 * exported; benchmarks run on the classpath, where that does not apply.
 *
 * <p>Score is ns per call; divide by B·H for ns per element (one element = one hidden unit of one
 * sample: 5 transcendental functions forward).
 *
 * <p>Inputs: pre-activations and c_prev start uniform in [−2, 2), a typical range. Forward writes
 * the activations over the pre-activations (as in training), so from the second call on it
 * re-activates values in (0, 1); c_prev and c are separate slices, so the cell update reads the
 * same c_prev every call. Backward reads fixed activations and ∂L/∂h and carries ∂L/∂c from call to
 * call, which converges (it is scaled by f &lt; 1 each call).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar GateLoopBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class GateLoopBenchmark {
  /** H. */
  @Param({"128", "256", "512"})
  public int hiddenSize;

  /** B. */
  @Param({"1", "32", "128"})
  public int batchSize;

  private float[] gates; // (B, 4H) pre-activations in, activations out (forward)
  private float[] activations; // (B, 4H) fixed activations [i f g o] (backward)
  private float[] cell; // (2, B, H): c_prev, then c
  private float[] tanhC; // (B, H)
  private float[] hidden; // (B, H)
  private float[] dH; // (B, H)
  private float[] dC; // (B, H) in: ∂L/∂c from step t+1; out: ∂L/∂c_prev
  private float[] dGates; // (B, 4H)
  private CellView forwardView; // gates, c_prev → c, tanh(c), h
  private CellView backwardView; // activations, c_prev, tanh(c), dH, dC → dGates, dC

  /** Fills every buffer from a fixed seed and runs forward once to get consistent activations. */
  @Setup(Level.Trial)
  public void setUp() {
    Rng rng = new Rng(42);
    int stateSize = batchSize * hiddenSize;
    gates = uniform(rng, 4 * stateSize, 2f);
    cell = new float[2 * stateSize];
    System.arraycopy(uniform(rng, stateSize, 2f), 0, cell, 0, stateSize);
    tanhC = new float[stateSize];
    hidden = new float[stateSize];
    dH = uniform(rng, stateSize, 1f);
    dC = uniform(rng, stateSize, 1f);
    dGates = new float[4 * stateSize];
    activations = gates.clone();
    forwardView =
        new CellView(hiddenSize, hiddenSize)
            .state(cell, 0, cell, stateSize, tanhC, hidden, 0)
            .gates(gates);
    backwardView =
        new CellView(hiddenSize, hiddenSize)
            .state(cell, 0, cell, stateSize, tanhC, hidden, 0)
            .gates(activations)
            .gradients(dGates, dH, dC);
    LstmCell.forward(backwardView, 0, batchSize);
  }

  private static float[] uniform(Rng rng, int n, float scale) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = scale * (2 * rng.nextFloat() - 1);
    }
    return x;
  }

  /**
   * Gate nonlinearities and cell update over (B, H).
   *
   * @return h, so the loop is not dead code
   */
  @Benchmark
  public float[] forward() {
    LstmCell.forward(forwardView, 0, batchSize);
    return hidden;
  }

  /**
   * The chain rule back through {@link #forward}: ∂L/∂z (B, 4H) and ∂L/∂c_prev.
   *
   * @return ∂L/∂z, so the loop is not dead code
   */
  @Benchmark
  public float[] backward() {
    LstmCell.backward(backwardView, 0, batchSize);
    return dGates;
  }
}
