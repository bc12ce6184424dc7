package io.github.lstm4j.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecaster on small generated series: it learns a noisy sine down to the noise floor, files
 * and checkpoints give back the same bits, inference is thread-safe, the baselines and the
 * missing-value policy do what their Javadoc says, and bad input is named.
 */
class ForecasterTest {
  /** Owns no threads, so it needs no closing. */
  private static final ComputeContext ONE = ComputeContext.singleThreaded();

  private static final double NOISE = 0.1; // σ of the sine's noise: the best RMSE possible

  @TempDir Path dir;

  /** y_t = sin(2πt/16) + N(0, σ²), seeded. */
  static double[] noisySine(int n, long seed) {
    Rng rng = new Rng(seed);
    double[] y = new double[n];
    for (int t = 0; t < n; t++) {
      y[t] = Math.sin(2 * Math.PI * t / 16) + NOISE * rng.nextGaussian();
    }
    return y;
  }

  private static ForecasterConfig config(int epochs) {
    return ForecasterConfig.defaults()
        .withWindow(16)
        .withHorizon(2)
        .withNormalization(Normalization.STANDARD)
        .withRegressor(
            RegressorConfig.defaults()
                .withHiddenSize(16)
                .withEpochs(epochs)
                .withLearningRate(1e-2));
  }

  @Test
  void learnsANoisySineToWithinOneAndAHalfTimesTheNoiseFloor() {
    double[] series = noisySine(900, 1);
    int split = 720;
    Forecaster model =
        Forecaster.fit(List.of(Arrays.copyOf(series, split)), config(12), TrainingListener.NONE);
    ForecastEvaluation e = model.evaluate(ONE, 0, series, split, 16);
    assertThat(e.model(1).count()).isEqualTo(900 - split);
    assertThat(e.model(1).rmse()).isLessThanOrEqualTo(1.5 * NOISE);
    assertThat(e.model(2).rmse()).isLessThanOrEqualTo(1.5 * NOISE);
    assertThat(e.model(1).rmse()).isLessThan(e.persistence(1).rmse());
    // one season back is the same sine phase: the seasonal-naive error is the noise of two draws
    assertThat(e.seasonalNaive(1).rmse()).isBetween(1.2 * NOISE, 1.6 * NOISE);
  }

  @Test
  void saveLoadPredictsTheSameBitsAndEightThreadsPredictAsOne() throws Exception {
    double[] series = noisySine(200, 2);
    Forecaster model = Forecaster.fit(List.of(series), config(1), TrainingListener.NONE);
    Path file = dir.resolve("sine.safetensors");
    model.save(file);
    Forecaster again = Forecaster.load(file);
    assertThat(again.config()).isEqualTo(model.config());
    assertThat(again.scale(0)).isEqualTo(model.scale(0));
    assertThat(
            Arrays.equals(
                again.regressor().parameters().values(), model.regressor().parameters().values()))
        .isTrue();
    List<double[]> histories = new ArrayList<>();
    for (int n = 16; n < 80; n++) {
      histories.add(Arrays.copyOf(series, n));
    }
    List<double[]> one = new ArrayList<>();
    for (double[] h : histories) {
      one.add(model.forecast(h));
      assertThat(again.forecast(h)).isEqualTo(one.get(one.size() - 1));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<double[]>>> futures = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        futures.add(
            pool.submit(
                () -> {
                  List<double[]> mine = new ArrayList<>();
                  for (double[] h : histories) {
                    mine.add(again.forecast(h));
                  }
                  return mine;
                }));
      }
      for (Future<List<double[]>> f : futures) {
        List<double[]> got = f.get();
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i)).isEqualTo(one.get(i));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void resumingFromTheCheckpointGivesTheBitsOfARunThatNeverStopped() throws IOException {
    double[] series = noisySine(160, 3);
    List<double[]> data = List.of(series);
    Forecaster straight = Forecaster.fit(data, config(4), TrainingListener.NONE);

    Path checkpoint = dir.resolve("run.safetensors");
    RuntimeException crash = new RuntimeException("crash after epoch 2");
    TrainingListener crashing =
        new TrainingListener() {
          @Override
          public void onEvaluation(Evaluation evaluation) {
            if (evaluation.epoch() == 1) {
              throw crash;
            }
          }
        };
    assertThatThrownBy(() -> Forecaster.fit(data, config(4), crashing, checkpoint)).isSameAs(crash);
    Forecaster resumed = Forecaster.resume(checkpoint, data, TrainingListener.NONE);
    assertThat(
            Arrays.equals(
                resumed.regressor().parameters().values(),
                straight.regressor().parameters().values()))
        .as("weights after resume are the bits of the uninterrupted run")
        .isTrue();
    assertThat(Forecaster.load(checkpoint).forecast(series)).isEqualTo(straight.forecast(series));
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Forecaster.resume(checkpoint, List.of(noisySine(160, 4)), TrainingListener.NONE))
        .withMessageStartingWith("series must be the ones the checkpoint was trained on");
  }

  @Test
  void baselinesAreScoredOnAHandMadeSeries() {
    // season 2, horizon 3: y = 0, 10, 1, 11, 2, 12, 3, 13, with row 6 missing
    double[] series = {0, 10, 1, 11, 2, 12, Double.NaN, 13};
    ForecasterConfig config =
        ForecasterConfig.defaults()
            .withWindow(2)
            .withHorizon(3)
            .withValidationFraction(0)
            .withRegressor(RegressorConfig.defaults().withHiddenSize(2).withEpochs(1));
    Forecaster model =
        Forecaster.fit(List.of(Arrays.copyOf(series, 5)), config, TrainingListener.NONE);
    ForecastEvaluation e = model.evaluate(ONE, 0, series, 5, 2);
    // origins: rows 4, 5 (row 6 is missing); targets present: 5, 7 (row 6 missing)
    // h=1: (4→5) persistence 2 vs 12, seasonal y_3 = 11 vs 12; (5→6) skipped
    assertThat(e.persistence(1).count()).isEqualTo(1);
    assertThat(e.persistence(1).rmse()).isEqualTo(10.0);
    assertThat(e.seasonalNaive(1).mae()).isEqualTo(1.0);
    // h=2: (4→6) skipped, (5→7) persistence 12 vs 13, seasonal y_5 = 12 vs 13
    assertThat(e.persistence(2).count()).isEqualTo(1);
    assertThat(e.persistence(2).mae()).isEqualTo(1.0);
    assertThat(e.seasonalNaive(2).mae()).isEqualTo(1.0);
    // h=3: (4→7) persistence 2 vs 13 (MAPE 11/13), seasonal y_{4+3−4} = y_3 = 11 vs 13
    assertThat(e.persistence(3).mae()).isEqualTo(11.0);
    assertThat(e.persistence(3).mape())
        .isCloseTo(100.0 * 11 / 13, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(e.seasonalNaive(3).mae()).isEqualTo(2.0);
    assertThat(e.model(3).count()).isEqualTo(1);
    assertThat(e.forecast(4, 3)).isFinite();
    assertThat(e.forecast(6, 1)).isNaN(); // a missing origin makes no forecast
    assertThat(e.table(1, 3)).contains("persistence").contains("seasonal naive");
  }

  @Test
  void interiorGapsAreInterpolatedAndEdgesRefusedNamingTheRow() {
    double[] filled = MissingValues.interpolate(new double[] {1, Double.NaN, Double.NaN, 4}, "s");
    assertThat(filled).containsExactly(1, 2, 3, 4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MissingValues.interpolate(new double[] {1, 2, Double.NaN}, "series[0]"))
        .withMessage(
            "series[0] row 2 is missing: a series must start and end with a value (only gaps"
                + " between two values are interpolated)");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Forecaster.fit(
                    List.of(new double[] {Double.NaN, 1, 2}), config(1), TrainingListener.NONE))
        .withMessageStartingWith("series[0] row 0 is missing");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> MissingValues.interpolate(new double[] {1, Double.POSITIVE_INFINITY, 2}, "s"))
        .withMessage("s row 1 must be finite or NaN (missing), got Infinity");
    // a gapped series trains and forecasts like its interpolation
    double[] series = noisySine(120, 5);
    double[] gapped = series.clone();
    gapped[50] = Double.NaN;
    gapped[51] = Double.NaN;
    double[] interpolated = MissingValues.interpolate(gapped, "s");
    Forecaster a = Forecaster.fit(List.of(gapped), config(1), TrainingListener.NONE);
    Forecaster b = Forecaster.fit(List.of(interpolated), config(1), TrainingListener.NONE);
    assertThat(a.regressor().parameters().values()).isEqualTo(b.regressor().parameters().values());
  }

  @Test
  void badInputIsNamed() throws IOException {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Forecaster.fit(List.of(new double[17]), config(1), TrainingListener.NONE))
        .withMessage("series[0] must have at least window + horizon = 18 values, got 17");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Forecaster.fit(List.of(), config(1), TrainingListener.NONE))
        .withMessage("series must hold at least one series, got none");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ForecasterConfig.defaults().withWindow(0))
        .withMessage("window must be > 0, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RegressorConfig.defaults().withHuberDelta(Double.NaN))
        .withMessage("huberDelta must be finite and > 0, got NaN");
    Forecaster model = Forecaster.fit(List.of(noisySine(40, 6)), config(1), TrainingListener.NONE);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.forecast(new double[15]))
        .withMessage("history must have at least window = 16 values, got 15");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> model.evaluate(ONE, 0, new double[40], 40, 4))
        .withMessage("testFrom must be in [1, 40), got 40");

    Path bad = dir.resolve("bad.safetensors");
    Files.write(bad, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Forecaster.load(bad))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(bad.toString());
    Path regressorFile = dir.resolve("regressor.safetensors");
    model.regressor().save(regressorFile);
    assertThatThrownBy(() -> Forecaster.load(regressorFile))
        .isInstanceOf(IOException.class)
        .hasMessage(
            regressorFile
                + ": not a Forecaster file: metadata \"model\" must be \"Forecaster\", got"
                + " \"SequenceRegressor\"");
  }
}
