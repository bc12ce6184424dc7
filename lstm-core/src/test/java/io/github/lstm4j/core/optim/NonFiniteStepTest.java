package io.github.lstm4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.LstmConfig;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A step whose loss or gradient is NaN or infinite changes no weight and no optimizer state, for
 * every optimizer: it throws naming the step and the first bad gradient, or (policy SKIP) is left
 * out and counted, after which training continues exactly as if the step had never been asked for.
 *
 * <p>Parameters: {@code a} (2, 3) at flat 0..5 and {@code b} (4) at flat 6..9, two finite steps
 * taken first so that every moment is non-zero; the optimizers are {@link OptimizerTest}'s.
 */
class NonFiniteStepTest {
  private static final float[] G1 = {0.1f, -0.2f, 0.3f, 0.05f, -0.4f, 0.2f, 0.7f, -0.1f, 0.3f, 1f};
  private static final float[] G2 = {-0.3f, 0.1f, 0.2f, -0.6f, 0.5f, 0.1f, -0.2f, 0.4f, 0.1f, 0.2f};

  private static Parameters parameters() {
    Parameters params = new Parameters();
    params.add("a", 2, 3);
    params.add("b", 4);
    for (int i = 0; i < params.count(); i++) {
      params.values()[i] = 0.25f * i - 1f;
    }
    return params;
  }

  private static Parameters afterTwoSteps(Optimizer optimizer) {
    Parameters params = parameters();
    for (float[] g : new float[][] {G1, G2}) {
      System.arraycopy(g, 0, params.grads(), 0, g.length);
      assertThat(optimizer.step(params, 1.5)).isTrue();
    }
    return params;
  }

  /** The raw bits of the weights, every state array and the step count. */
  private record Snapshot(int[] values, Map<String, int[]> state, long stepCount) {
    static Snapshot of(Parameters params, Optimizer optimizer) {
      Map<String, int[]> state = new LinkedHashMap<>();
      optimizer.state().forEach((name, array) -> state.put(name, bits(array)));
      return new Snapshot(bits(params.values()), state, optimizer.stepCount());
    }

    void assertUnchanged(Parameters params, Optimizer optimizer) {
      Snapshot now = of(params, optimizer);
      assertThat(now.values).as("weight bits").containsExactly(values);
      assertThat(now.state.keySet()).isEqualTo(state.keySet());
      state.forEach((name, bits) -> assertThat(now.state.get(name)).as(name).containsExactly(bits));
      assertThat(now.stepCount).as("step count").isEqualTo(stepCount);
    }
  }

  private static int[] bits(float[] a) {
    int[] bits = new int[a.length];
    for (int i = 0; i < a.length; i++) {
      bits[i] = Float.floatToRawIntBits(a[i]);
    }
    return bits;
  }

  /**
   * Takes two finite steps, then one with gradients G1 edited by {@code corrupt} and the given
   * loss; requires an ArithmeticException with {@code message} and no change at all.
   */
  private static void assertRefused(
      Optimizer optimizer, Consumer<float[]> corrupt, double loss, String message) {
    Parameters params = afterTwoSteps(optimizer);
    Snapshot before = Snapshot.of(params, optimizer);
    System.arraycopy(G1, 0, params.grads(), 0, G1.length);
    corrupt.accept(params.grads());

    assertThatThrownBy(() -> optimizer.step(params, loss))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage(
            message
                + "; no weight or optimizer state was changed"
                + " (NonFinitePolicy.SKIP skips such steps)");
    before.assertUnchanged(params, optimizer);
    assertThat(optimizer.skippedSteps()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.lstm4j.core.optim.OptimizerTest#optimizers")
  void aNanGradientOrLossThrowsNamingStepLossAndParameterAndChangesNothing(
      String name, Supplier<Optimizer> factory) {
    assertRefused(
        factory.get(),
        g -> {
          g[5] = Float.NaN; // a[1, 2]
          g[8] = Float.POSITIVE_INFINITY; // b[2], after the first
        },
        0.75,
        "step 3 must have a finite loss and gradients, got loss 0.75 and gradient of a[1, 2]"
            + " = NaN (flat index 5)");
    assertRefused(
        factory.get(),
        g -> {},
        Double.NaN,
        "step 3 must have a finite loss and gradients, got loss NaN and finite gradients");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.github.lstm4j.core.optim.OptimizerTest#optimizers")
  void skippedStepsChangeNothingAreCountedAndLeaveNoTraceInLaterSteps(
      String name, Supplier<Optimizer> factory) {
    Optimizer skipping = factory.get();
    skipping.setNonFinitePolicy(NonFinitePolicy.SKIP);
    Parameters params = afterTwoSteps(skipping);
    Optimizer clean = factory.get();
    Parameters reference = afterTwoSteps(clean);
    Snapshot before = Snapshot.of(params, skipping);

    System.arraycopy(G1, 0, params.grads(), 0, G1.length);
    params.grads()[7] = Float.NEGATIVE_INFINITY;
    assertThat(skipping.step(params, 0.5)).isFalse();
    before.assertUnchanged(params, skipping);
    System.arraycopy(G1, 0, params.grads(), 0, G1.length);
    assertThat(skipping.step(params, Double.POSITIVE_INFINITY)).isFalse();
    before.assertUnchanged(params, skipping);
    params.grads()[0] = Float.NaN;
    assertThat(skipping.step(params)).isFalse();
    before.assertUnchanged(params, skipping);
    assertThat(skipping.skippedSteps()).isEqualTo(3);

    // The next finite step is bit for bit the third step of a run that never saw the bad ones.
    for (Parameters p : new Parameters[] {params, reference}) {
      System.arraycopy(G1, 0, p.grads(), 0, G1.length);
    }
    assertThat(skipping.step(params, 1.0)).isTrue();
    clean.step(reference, 1.0);
    Snapshot.of(reference, clean).assertUnchanged(params, skipping);
    assertThat(skipping.stepCount()).isEqualTo(3);
  }

  @Test
  void aSkippedFirstStepCreatesNoState() {
    Optimizer adam = new Adam(0.1);
    adam.setNonFinitePolicy(NonFinitePolicy.SKIP);
    Parameters params = parameters();
    float[] values = params.values().clone();
    params.grads()[9] = Float.NaN;

    assertThat(adam.step(params)).isFalse();

    assertThat(adam.state()).isEmpty();
    assertThat(adam.stepCount()).isZero();
    assertThat(params.values()).containsExactly(values);
  }

  @Test
  void theStepNumberCountsSkippedStepsAndTheGradientOnlyFormNamesNoLoss() {
    Optimizer sgd = new Sgd(0.1);
    sgd.setNonFinitePolicy(NonFinitePolicy.SKIP);
    Parameters params = parameters();
    params.grads()[6] = Float.NaN;
    sgd.step(params);
    sgd.step(params);
    sgd.setNonFinitePolicy(NonFinitePolicy.THROW);

    assertThatThrownBy(() -> sgd.step(params))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageStartingWith(
            "step 3 must have finite gradients, got gradient of b[0] = NaN (flat index 6);");
    assertThat(sgd.nonFinitePolicy()).isEqualTo(NonFinitePolicy.THROW);
  }

  @Test
  void aScalarParameterIsNamedWithoutAPosition() {
    Parameters params = new Parameters();
    params.add("scale");
    params.grads()[0] = Float.NEGATIVE_INFINITY;

    assertThatThrownBy(() -> new Adagrad(0.1).step(params, 2.0))
        .hasMessageStartingWith(
            "step 1 must have a finite loss and gradients, got loss 2.0 and gradient of scale ="
                + " -Infinity (flat index 0);");
  }

  @Test
  void clippingAnInfiniteGradientLeavesTheGradientsForTheGuardToReport() {
    Parameters params = parameters();
    System.arraycopy(G1, 0, params.grads(), 0, G1.length);
    params.grads()[4] = Float.POSITIVE_INFINITY;
    float[] grads = params.grads().clone();

    assertThat(GradientClipping.clipGlobalNorm(params, 1.0)).isInfinite();

    // Scaling by 1/∞ = 0 would have made a[1, 1] NaN and zeroed the rest.
    assertThat(params.grads()).containsExactly(grads);
    assertThatThrownBy(() -> new Adam(0.1).step(params, 1.0))
        .hasMessageContaining("gradient of a[1, 1] = Infinity (flat index 4)");
  }

  /**
   * The case: one NaN in the input of a small LSTM, run through the README's training loop
   * with clipping. Either the forward pass refuses the input or the step does; no weight and no
   * moment changes, and none becomes NaN.
   */
  @Test
  void aNanInTheInputOfATinyLstmChangesNoWeight() {
    int seqLen = 5;
    int batch = 3;
    int inputSize = 4;
    int hiddenSize = 6;
    int classes = 3;
    try (ComputeContext ctx = ComputeContext.of(1)) {
      Parameters params = new Parameters();
      Lstm lstm = new Lstm(LstmConfig.of(inputSize, hiddenSize), params, new Rng(42));
      Linear head = new Linear("head", hiddenSize, classes, params, new Rng(43));
      LstmCache cache = lstm.newTrainingCache(seqLen, batch, new Rng(44));
      Tensor x = Tensor.zeros(seqLen, batch, inputSize); // (T, B, I)
      Rng data = new Rng(1);
      for (int i = 0; i < x.size(); i++) {
        x.data()[i] = data.nextFloat() - 0.5f;
      }
      int[] targets = new int[seqLen * batch]; // (T, B)
      for (int i = 0; i < targets.length; i++) {
        targets[i] = i % classes;
      }
      Tensor logits = Tensor.zeros(seqLen, batch, classes);
      Tensor dHidden = Tensor.zeros(seqLen, batch, hiddenSize);
      Adam adam = new Adam(1e-2);
      Runnable step =
          () -> {
            params.zeroGrad();
            Tensor hidden = lstm.forward(ctx, x, cache);
            head.forward(ctx, hidden, logits);
            double loss = SoftmaxCrossEntropy.forward(logits, targets, logits);
            SoftmaxCrossEntropy.backward(logits, targets, logits);
            head.backward(ctx, hidden, logits, dHidden);
            lstm.backward(ctx, dHidden, cache);
            GradientClipping.clipGlobalNorm(params, 1.0);
            adam.step(params, loss);
          };
      step.run();
      step.run();
      Snapshot before = Snapshot.of(params, adam);
      x.data()[7] = Float.NaN;

      assertThatThrownBy(step::run)
          .isInstanceOfAny(ArithmeticException.class, IllegalArgumentException.class);

      before.assertUnchanged(params, adam);
      for (float v : params.values()) {
        assertThat(v).isFinite();
      }
    }
  }
}
