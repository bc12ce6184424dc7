package io.github.lstm4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One and two optimizer steps against the update rules of {@code torch.optim} written out in closed
 * form (the pseudo-code in the PyTorch documentation of SGD, Adam, AdamW, RMSprop and Adagrad), a
 * table of the same two steps as computed by PyTorch itself, exact resume from saved state, and
 * hyper-parameter validation.
 *
 * <p>Every case starts from θ₀ = (0.5, −1, 2) and applies g₁ = (0.1, −0.2, 0.3), then g₂ = (−0.4,
 * 0.05, 0.2).
 */
class OptimizerTest {
  private static final float[] THETA0 = {0.5f, -1f, 2f};
  private static final float[] G1 = {0.1f, -0.2f, 0.3f};
  private static final float[] G2 = {-0.4f, 0.05f, 0.2f};

  /** Float results against double closed forms: a few float ulps at |θ| ≤ 2. */
  private static final double TOLERANCE = 1e-6;

  private static Parameters parameters() {
    Parameters params = new Parameters();
    Param theta = params.add("theta", 3);
    System.arraycopy(THETA0, 0, params.values(), theta.offset(), 3);
    return params;
  }

  /** Two steps with G1 then G2; returns {θ₁, θ₂}. */
  private static float[][] twoSteps(Optimizer optimizer) {
    Parameters params = parameters();
    System.arraycopy(G1, 0, params.grads(), 0, 3);
    optimizer.step(params);
    float[] theta1 = params.values().clone();
    System.arraycopy(G2, 0, params.grads(), 0, 3);
    optimizer.step(params);
    return new float[][] {theta1, params.values().clone()};
  }

  private static void assertSteps(float[][] actual, double[] theta1, double[] theta2) {
    for (int k = 0; k < 3; k++) {
      assertThat((double) actual[0][k]).as("θ₁[%d]", k).isCloseTo(theta1[k], within(TOLERANCE));
      assertThat((double) actual[1][k]).as("θ₂[%d]", k).isCloseTo(theta2[k], within(TOLERANCE));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SGD: d = g + λθ;  buf = d (first step) or μ·buf + d;  d = d + μ·buf (Nesterov) or buf;
  //      θ ← θ − lr·d

  @Test
  void plainSgdStepsAgainstTheGradient() {
    double lr = 0.1;
    double[] theta1 = new double[3];
    double[] theta2 = new double[3];
    for (int k = 0; k < 3; k++) {
      theta1[k] = THETA0[k] - lr * G1[k];
      theta2[k] = theta1[k] - lr * G2[k];
    }
    assertSteps(twoSteps(new Sgd(lr)), theta1, theta2);
  }

  @Test
  void sgdMomentumStartsItsBufferAtTheFirstGradient() {
    double lr = 0.1;
    double mu = 0.9;
    double[] theta1 = new double[3];
    double[] theta2 = new double[3];
    for (int k = 0; k < 3; k++) {
      double buf1 = G1[k]; // no decay of a zero buffer at step 1 (PyTorch clones d)
      theta1[k] = THETA0[k] - lr * buf1;
      double buf2 = mu * buf1 + G2[k];
      theta2[k] = theta1[k] - lr * buf2;
    }
    assertSteps(twoSteps(new Sgd(lr, mu, false, 0)), theta1, theta2);
  }

  @Test
  void nesterovSgdLooksAheadAlongTheBuffer() {
    double lr = 0.1;
    double mu = 0.9;
    double[] theta1 = new double[3];
    double[] theta2 = new double[3];
    for (int k = 0; k < 3; k++) {
      double buf1 = G1[k];
      theta1[k] = THETA0[k] - lr * (G1[k] + mu * buf1);
      double buf2 = mu * buf1 + G2[k];
      theta2[k] = theta1[k] - lr * (G2[k] + mu * buf2);
    }
    assertSteps(twoSteps(new Sgd(lr, mu, true, 0)), theta1, theta2);
  }

  @Test
  void sgdWeightDecayAddsLambdaThetaToTheGradient() {
    double lr = 0.1;
    double lambda = 0.01;
    double[] theta1 = new double[3];
    double[] theta2 = new double[3];
    for (int k = 0; k < 3; k++) {
      theta1[k] = THETA0[k] - lr * (G1[k] + lambda * THETA0[k]);
      theta2[k] = theta1[k] - lr * (G2[k] + lambda * theta1[k]);
    }
    assertSteps(twoSteps(new Sgd(lr, 0, false, lambda)), theta1, theta2);
  }

  // ---------------------------------------------------------------------------------------------
  // Adam: g ← g + λθ (Adam only);  θ ← θ·(1 − lr·λ) (AdamW only);
  //       m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)

  /** Two Adam/AdamW steps in double; {@code decoupled} selects AdamW's decay. */
  private static double[][] expectedAdam(
      double lr, double b1, double b2, double eps, double lambda, boolean decoupled) {
    double[][] theta = new double[3][3];
    for (int k = 0; k < 3; k++) {
      theta[0][k] = THETA0[k];
    }
    double[] m = new double[3];
    double[] v = new double[3];
    float[][] grads = {G1, G2};
    for (int t = 1; t <= 2; t++) {
      for (int k = 0; k < 3; k++) {
        double th = theta[t - 1][k];
        double g = grads[t - 1][k];
        if (decoupled) {
          th *= 1 - lr * lambda;
        } else {
          g += lambda * th;
        }
        m[k] = b1 * m[k] + (1 - b1) * g;
        v[k] = b2 * v[k] + (1 - b2) * g * g;
        double mHat = m[k] / (1 - Math.pow(b1, t));
        double vHat = v[k] / (1 - Math.pow(b2, t));
        theta[t][k] = th - lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    return new double[][] {theta[1], theta[2]};
  }

  @Test
  void firstAdamStepMovesEachParameterByTheLearningRateThanksToBiasCorrection() {
    // After one step m̂ = g and v̂ = g² exactly, so θ₁ = θ₀ − lr·g/(|g| + ε) ≈ θ₀ − lr·sign(g).
    // Without the corrections the step would be lr·0.1/√0.001 ≈ 3.16·lr instead.
    double lr = 0.1;
    float[][] steps = twoSteps(new Adam(lr));
    for (int k = 0; k < 3; k++) {
      double expected = THETA0[k] - lr * G1[k] / (Math.abs(G1[k]) + 1e-8);
      assertThat((double) steps[0][k]).isCloseTo(expected, within(TOLERANCE));
    }
  }

  @Test
  void adamFollowsTheBiasCorrectedMomentRule() {
    double[][] e = expectedAdam(0.1, 0.9, 0.999, 1e-8, 0, false);
    assertSteps(twoSteps(new Adam(0.1)), e[0], e[1]);
    double[][] custom = expectedAdam(0.05, 0.8, 0.99, 1e-3, 0, false);
    assertSteps(twoSteps(new Adam(0.05, 0.8, 0.99, 1e-3, 0)), custom[0], custom[1]);
  }

  @Test
  void adamWeightDecayIsAnL2TermInTheGradient() {
    double[][] e = expectedAdam(0.1, 0.9, 0.999, 1e-8, 0.5, false);
    assertSteps(twoSteps(new Adam(0.1, 0.9, 0.999, 1e-8, 0.5)), e[0], e[1]);
  }

  @Test
  void adamWDecaysTheWeightsDirectlyBeforeTheAdamStep() {
    double[][] e = expectedAdam(0.1, 0.9, 0.999, 1e-8, 0.5, true);
    assertSteps(twoSteps(new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5)), e[0], e[1]);
    // The two decays differ: L2 through the moments is normalised away, decoupled decay is not.
    assertThat(twoSteps(new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5))[1][0])
        .isNotCloseTo(twoSteps(new Adam(0.1, 0.9, 0.999, 1e-8, 0.5))[1][0], within(1e-3f));
  }

  @Test
  void adamWDefaultsToPyTorchsDecayOfOneHundredth() {
    double[][] e = expectedAdam(0.1, 0.9, 0.999, 1e-8, 0.01, true);
    assertSteps(twoSteps(new AdamW(0.1)), e[0], e[1]);
  }

  // ---------------------------------------------------------------------------------------------
  // RMSprop: v ← αv + (1−α)g²;  θ ← θ − lr·g/(√v + ε).   Adagrad: s ← s + g²;  θ ← θ − lr·g/(√s +
  // ε)

  @Test
  void rmsPropDividesByTheRootOfTheSquaredGradientAverage() {
    double lr = 0.01;
    double alpha = 0.99;
    double eps = 1e-8;
    double[] theta1 = new double[3];
    double[] theta2 = new double[3];
    for (int k = 0; k < 3; k++) {
      double v1 = (1 - alpha) * G1[k] * G1[k];
      theta1[k] = THETA0[k] - lr * G1[k] / (Math.sqrt(v1) + eps);
      double v2 = alpha * v1 + (1 - alpha) * G2[k] * G2[k];
      theta2[k] = theta1[k] - lr * G2[k] / (Math.sqrt(v2) + eps);
    }
    assertSteps(twoSteps(new RmsProp(lr)), theta1, theta2);
  }

  @Test
  void adagradDividesByTheRootOfTheSquaredGradientSum() {
    double lr = 0.1;
    double eps = 1e-10;
    double[] theta1 = new double[3];
    double[] theta2 = new double[3];
    for (int k = 0; k < 3; k++) {
      double s1 = G1[k] * G1[k];
      theta1[k] = THETA0[k] - lr * G1[k] / (Math.sqrt(s1) + eps);
      double s2 = s1 + G2[k] * G2[k];
      theta2[k] = theta1[k] - lr * G2[k] / (Math.sqrt(s2) + eps);
    }
    assertSteps(twoSteps(new Adagrad(lr)), theta1, theta2);
  }

  // ---------------------------------------------------------------------------------------------
  // The same two steps computed by PyTorch 1.13 in float64:
  //   p = torch.nn.Parameter(torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64))
  //   opt = <optimizer>([p]); for g in ([0.1, -0.2, 0.3], [-0.4, 0.05, 0.2]):
  //       p.grad = torch.tensor(g, dtype=torch.float64); opt.step()
  //   → θ₂ below.

  private static Optimizer byName(String name) {
    return switch (name) {
      case "SGD(lr=0.1)" -> new Sgd(0.1);
      case "SGD(lr=0.1, momentum=0.9)" -> new Sgd(0.1, 0.9, false, 0);
      case "SGD(lr=0.1, momentum=0.9, nesterov=True)" -> new Sgd(0.1, 0.9, true, 0);
      case "SGD(lr=0.1, weight_decay=0.01)" -> new Sgd(0.1, 0, false, 0.01);
      case "Adam(lr=0.1)" -> new Adam(0.1);
      case "Adam(lr=0.1, weight_decay=0.5)" -> new Adam(0.1, 0.9, 0.999, 1e-8, 0.5);
      case "AdamW(lr=0.1, weight_decay=0.5)" -> new AdamW(0.1, 0.9, 0.999, 1e-8, 0.5);
      case "RMSprop(lr=0.01)" -> new RmsProp(0.01);
      case "Adagrad(lr=0.1)" -> new Adagrad(0.1);
      default -> throw new IllegalArgumentException(name);
    };
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "SGD(lr=0.1); 0.53; -0.985; 1.95",
        "SGD(lr=0.1, momentum=0.9); 0.521; -0.967; 1.923",
        "SGD(lr=0.1, momentum=0.9, nesterov=True); 0.5489; -0.9553; 1.8807",
        "SGD(lr=0.1, weight_decay=0.01); 0.5290105; -0.983021; 1.946032",
        "Adam(lr=0.1); 0.4559503574851284; -0.8530531911004469; 1.8029647943301033",
        "Adam(lr=0.1, weight_decay=0.5); 0.3787632700930249; -0.8048963717498044;"
            + " 1.8005054941932146",
        "AdamW(lr=0.1, weight_decay=0.5); 0.4122003569851284; -0.7605531908504468;"
            + " 1.6129647941634362",
        "RMSprop(lr=0.01); 0.49704287266865177; -0.9243685470649252; 1.844337014826047",
        "Adagrad(lr=0.1); 0.49701425009100375; -0.9242535625418686; 1.844529980426195"
      })
  void twoStepsMatchTorchOptim(String optimizer, double p0, double p1, double p2) {
    float[] theta2 = twoSteps(byName(optimizer))[1];
    assertThat((double) theta2[0]).isCloseTo(p0, within(TOLERANCE));
    assertThat((double) theta2[1]).isCloseTo(p1, within(TOLERANCE));
    assertThat((double) theta2[2]).isCloseTo(p2, within(TOLERANCE));
  }

  // ---------------------------------------------------------------------------------------------
  // State

  static Stream<Arguments> optimizers() {
    return Stream.<Supplier<Optimizer>>of(
            () -> new Sgd(0.1, 0.9, true, 0.01),
            () -> new Adam(0.1, 0.9, 0.999, 1e-8, 0.1),
            () -> new AdamW(0.1),
            () -> new RmsProp(0.01, 0.9, 1e-8, 0.1),
            () -> new Adagrad(0.1, 1e-10, 0.1))
        .map(s -> Arguments.of(s.get().getClass().getSimpleName(), s));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void restoredStateContinuesExactlyWhereTheSavedOneLeftOff(
      String name, Supplier<Optimizer> factory) {
    Parameters a = parameters();
    Optimizer original = factory.get();
    for (float[] g : new float[][] {G1, G2}) {
      System.arraycopy(g, 0, a.grads(), 0, 3);
      original.step(a);
    }
    Map<String, float[]> saved = new LinkedHashMap<>();
    original.state().forEach((k, v) -> saved.put(k, v.clone()));
    Parameters b = parameters();
    System.arraycopy(a.values(), 0, b.values(), 0, 3);
    Optimizer resumed = factory.get();
    resumed.restoreState(original.stepCount(), saved);
    assertThat(resumed.stepCount()).isEqualTo(2);

    for (float[] g : new float[][] {G2, G1, G2}) {
      System.arraycopy(g, 0, a.grads(), 0, 3);
      System.arraycopy(g, 0, b.grads(), 0, 3);
      original.step(a);
      resumed.step(b);
      assertThat(b.values()).containsExactly(a.values());
    }
  }

  @Test
  void restoringCopiesTheSavedArrays() {
    Optimizer adam = new Adam(0.1);
    Map<String, float[]> saved = new HashMap<>();
    saved.put("exp_avg", new float[] {1, 2, 3});
    saved.put("exp_avg_sq", new float[] {4, 5, 6});
    adam.restoreState(1, saved);
    saved.get("exp_avg")[0] = 99f;
    assertThat(adam.state().get("exp_avg")).containsExactly(1, 2, 3);
  }

  @Test
  void stateIsEmptyBeforeTheFirstStepAndNamedAsInPyTorch() {
    Optimizer adam = new Adam(0.1);
    assertThat(adam.state()).isEmpty();
    assertThat(adam.stepCount()).isZero();
    twoStepsOn(adam);
    assertThat(adam.state()).containsOnlyKeys("exp_avg", "exp_avg_sq");
    assertThat(adam.stepCount()).isEqualTo(2);
  }

  private static void twoStepsOn(Optimizer optimizer) {
    Parameters params = parameters();
    optimizer.step(params);
    optimizer.step(params);
  }

  @Test
  void aChangedParameterCountIsRejected() {
    Optimizer adam = new Adam(0.1);
    adam.step(parameters());
    Parameters bigger = parameters();
    bigger.add("extra", 1);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> adam.step(bigger))
        .withMessage("params must have the 3 values this optimizer was used with, got 4");
  }

  @Test
  void restoringStateOfAnotherKindIsRejected() {
    Map<String, float[]> saved = Map.of("momentum_buffer", new float[3]);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Adam(0.1).restoreState(1, saved))
        .withMessage(
            "saved state must have the arrays [exp_avg, exp_avg_sq], got [momentum_buffer]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Adam(0.1).restoreState(-1, Map.of()))
        .withMessage("stepCount must be >= 0, got -1");
  }

  // ---------------------------------------------------------------------------------------------
  // Hyper-parameters

  static Stream<Arguments> badHyperParameters() {
    return Stream.of(
        bad("learningRate must be finite and > 0, got NaN", () -> new Sgd(Double.NaN)),
        bad("learningRate must be finite and > 0, got -0.1", () -> new Adam(-0.1)),
        bad("learningRate must be finite and > 0, got 0.0", () -> new RmsProp(0)),
        bad("learningRate must be finite and > 0, got Infinity", () -> new Adagrad(1 / 0.0)),
        bad("learningRate must be finite and > 0, got 0.0", () -> new Sgd(0.1).setLearningRate(0)),
        bad("beta1 must be in [0.0, 1.0), got 1.0", () -> new Adam(0.1, 1.0, 0.999, 1e-8, 0)),
        bad("beta2 must be in [0.0, 1.0), got 1.5", () -> new AdamW(0.1, 0.9, 1.5, 1e-8, 0)),
        bad("beta1 must be in [0.0, 1.0), got -0.1", () -> new Adam(0.1, -0.1, 0.999, 1e-8, 0)),
        bad("epsilon must be finite and > 0, got 0.0", () -> new Adam(0.1, 0.9, 0.999, 0, 0)),
        bad(
            "weightDecay must be finite and >= 0, got -0.01",
            () -> new Adam(0.1, 0.9, 0.999, 1e-8, -0.01)),
        bad("weightDecay must be finite and >= 0, got NaN", () -> new Sgd(0.1, 0, false, 0.0 / 0)),
        bad("weightDecay must be finite and >= 0, got -1.0", () -> new Adagrad(0.1, 1e-10, -1)),
        bad("momentum must be in [0.0, 1.0), got 1.0", () -> new Sgd(0.1, 1.0, false, 0)),
        bad("momentum must be > 0 for nesterov, got 0.0", () -> new Sgd(0.1, 0, true, 0)),
        bad("alpha must be in [0.0, 1.0), got 1.0", () -> new RmsProp(0.1, 1.0, 1e-8, 0)));
  }

  private static Arguments bad(String message, ThrowingCallable call) {
    return Arguments.of(message, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHyperParameters")
  void badHyperParametersAreRejectedWithTheirNameAndValue(String message, ThrowingCallable call) {
    assertThatIllegalArgumentException().isThrownBy(call).withMessage(message);
  }
}
