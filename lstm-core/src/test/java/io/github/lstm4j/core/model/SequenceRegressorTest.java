package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regressor on sequences of different lengths with two features, whose two targets are the sum
 * of the first feature and the last value of the second (so the padding must not be read):
 * learning, Huber loss, save and load, resume, and the checks of data and files.
 */
class SequenceRegressorTest {
  /** Owns no threads, so it needs no closing. */
  private static final ComputeContext ONE = ComputeContext.singleThreaded();

  @TempDir Path dir;

  /** n sequences of lengths 1..8, I = 2; targets (Σ x_t0 / 4, x_{len−1, 1}). */
  static RegressionData data(int n, long seed) {
    Rng rng = new Rng(seed);
    List<float[]> xs = new ArrayList<>();
    List<float[]> ys = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      int length = 1 + rng.nextInt(8);
      float[] x = new float[2 * length];
      float sum = 0;
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rng.nextGaussian();
      }
      for (int t = 0; t < length; t++) {
        sum += x[2 * t];
      }
      xs.add(x);
      ys.add(new float[] {sum / 4, x[2 * length - 1]});
    }
    return new RegressionData(2, 2, xs, ys);
  }

  private static RegressorConfig config(int epochs) {
    return RegressorConfig.defaults().withHiddenSize(16).withEpochs(epochs).withLearningRate(1e-2);
  }

  @Test
  void learnsARuleOverVariableLengthsAndKeepsTheBestValidation() {
    RegressionData train = data(400, 1);
    RegressionData valid = data(100, 2);
    SequenceRegressor model = SequenceRegressor.create(config(15), 2, 2);
    double before = model.evaluate(ONE, valid).rmse();
    TrainingResult result = model.fit(train, valid, TrainingListener.NONE);
    RegressionMetrics after = model.evaluate(ONE, valid);
    assertThat(after.rmse()).isLessThan(0.25 * before).isLessThan(0.15);
    assertThat(result.best().orElseThrow().metric("val_rmse"))
        .isCloseTo(after.rmse(), org.assertj.core.data.Offset.offset(1e-6));
    SequenceRegressor huber =
        SequenceRegressor.create(config(15).withLoss(RegressionLoss.HUBER), 2, 2);
    huber.fit(train, valid, TrainingListener.NONE);
    assertThat(huber.evaluate(ONE, valid).rmse()).isLessThan(0.2);
  }

  @Test
  void saveLoadAndResumeGiveTheSameBits() throws IOException {
    RegressionData train = data(60, 3);
    RegressionData valid = data(20, 4);
    SequenceRegressor straight = SequenceRegressor.create(config(3), 2, 2);
    straight.fit(train, valid, TrainingListener.NONE);

    Path checkpoint = dir.resolve("ckpt.safetensors");
    SequenceRegressor interrupted = SequenceRegressor.create(config(3), 2, 2);
    RuntimeException crash = new RuntimeException("stop");
    assertThatThrownBy(
            () ->
                interrupted.fit(
                    train,
                    valid,
                    new TrainingListener() {
                      @Override
                      public void onEvaluation(Evaluation evaluation) {
                        throw crash;
                      }
                    },
                    checkpoint))
        .isSameAs(crash);
    SequenceRegressor resumed = SequenceRegressor.load(checkpoint);
    resumed.resume(checkpoint, train, valid, TrainingListener.NONE);
    assertThat(Arrays.equals(resumed.parameters().values(), straight.parameters().values()))
        .isTrue();

    Path file = dir.resolve("model.safetensors");
    straight.save(file);
    SequenceRegressor loaded = SequenceRegressor.load(file);
    assertThat(loaded.config()).isEqualTo(straight.config());
    for (float[] x : valid.sequences()) {
      assertThat(loaded.predict(x)).isEqualTo(straight.predict(x));
    }
    assertThat(loaded.predictBatch(ONE, valid.sequences()))
        .isDeepEqualTo(straight.predictBatch(ONE, valid.sequences()));

    SequenceRegressor other = SequenceRegressor.create(config(3).withHiddenSize(8), 2, 2);
    assertThatThrownBy(() -> other.resume(checkpoint, train, valid, TrainingListener.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(checkpoint + ": metadata \"config\" must be");
  }

  @Test
  void badDataAndFilesAreNamed() throws IOException {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RegressionData(2, 1, List.of(new float[] {1, 2, 3}), List.of(new float[] {1})))
        .withMessage(
            "sequences[0] must have a length that is a positive multiple of inputSize 2, got 3");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                new RegressionData(
                    1, 1, List.of(new float[] {1, Float.NaN}), List.of(new float[] {1})))
        .withMessage("sequences[0][1] must be finite, got NaN");
    SequenceRegressor model = SequenceRegressor.create(config(1), 2, 2);
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                model.fit(
                    RegressionData.empty(2, 2), RegressionData.empty(2, 2), TrainingListener.NONE))
        .withMessage("train must have at least one sequence, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.evaluate(ONE, RegressionData.empty(1, 2)))
        .withMessage("data must have inputSize 2 and outputSize 2 like the model, got 1 and 2");

    Path file = dir.resolve("m.safetensors");
    model.save(file);
    String text = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.writeString(
        file,
        text.replace("\"hiddenSize\\\":16", "\"hiddenSize\\\":-1"),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> SequenceRegressor.load(file))
        .isInstanceOf(IOException.class)
        .hasMessage(file + ": config.hiddenSize must be > 0, got -1");
  }

  @Test
  void metricsSkipZeroTargetsInMapeOnly() {
    RegressionMetrics m = RegressionMetrics.of(new double[] {1, 3, 2}, new double[] {0, 4, 2});
    assertThat(m.count()).isEqualTo(3);
    assertThat(m.mae()).isEqualTo(2.0 / 3);
    assertThat(m.rmse()).isEqualTo(Math.sqrt(2.0 / 3));
    assertThat(m.mapeCount()).isEqualTo(2);
    assertThat(m.mape()).isEqualTo(100 * 0.25 / 2);
    assertThat(RegressionMetrics.of(new double[] {1}, new double[] {0}).mape()).isNaN();
  }
}
