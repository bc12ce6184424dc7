package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.ConfigReader;
import io.github.lstm4j.core.io.Json;
import io.github.lstm4j.core.io.ModelFile;
import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.io.TensorFile;
import io.github.lstm4j.core.io.TrainingCheckpoint;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A forecaster of numeric series on a {@link SequenceRegressor}: it reads the last {@code window}
 * values of a series and forecasts the next {@code horizon} values at once — a <em>direct</em>
 * multi-horizon forecast, one head output per step, never feeding its own forecasts back.
 *
 * <pre>
 * example at origin t   input  x_k = norm(y_{t−window+1+k}),  k = 0 … window−1   (window, 1)
 *                       target norm(y_{t+h}),                  h = 1 … horizon   (horizon)
 * forecast              ŷ_{t+h} = denorm(out_{h−1})
 * </pre>
 *
 * <p>One model serves every series given to {@link #fit} (a global model: the same weights read
 * each series, scaled by its own {@link SeriesScale}). The series given to {@code fit} are the
 * training parts only: the normalisation statistics are fitted on them and nothing else; {@link
 * #evaluate} then scores the rest. The latest {@code validationFraction} of each training series is
 * held out for choosing the best epoch: training examples have all their targets before it,
 * validation examples all theirs in it.
 *
 * <p>Missing values are {@code NaN}. Gaps inside a series are filled by linear interpolation
 * between the two neighbouring values, for the model's inputs and training targets alike; a series
 * that starts or ends with a missing value, or holds an infinite one, is refused with an {@link
 * IllegalArgumentException} naming the series and row. {@link #evaluate} never scores a missing
 * target and never forecasts from a missing origin (whose interpolation would look ahead).
 *
 * <pre>{@code
 * ForecasterConfig config = ForecasterConfig.defaults().withWindow(104).withHorizon(52);
 * Forecaster model = Forecaster.fit(List.of(Arrays.copyOf(series, split)), config, listener);
 * ForecastEvaluation e = model.evaluate(ctx, 0, series, split, 52); // model vs baselines
 * double[] next = model.forecast(series);                      // the next 52 values
 * model.save(Path.of("co2.safetensors"));
 * }</pre>
 *
 * <p>Inference ({@link #forecast}, {@link #evaluate}) is thread-safe.
 */
public final class Forecaster {
  private static final String KIND = "Forecaster";
  private static final String STATISTICS_KEY = "statistics";

  private final ForecasterConfig config;
  private final List<SeriesScale> scales;
  private final SequenceRegressor regressor;

  private Forecaster(ForecasterConfig config, List<SeriesScale> scales, SequenceRegressor model) {
    this.config = config;
    this.scales = List.copyOf(scales);
    this.regressor = model;
  }

  /**
   * Trains a forecaster on the training parts of one or more series.
   *
   * @param series the training part of each series, NaN = missing (see the class description)
   * @param config window, horizon, normalisation and the regressor's recipe
   * @param listener receives every step and validation
   * @return the trained forecaster
   * @throws IllegalArgumentException if there is no series, a series is shorter than {@code window
   *     + horizon}, holds values the missing-value policy refuses, or the validation split leaves
   *     no training example
   */
  public static Forecaster fit(
      List<double[]> series, ForecasterConfig config, TrainingListener listener) {
    Forecaster model = create(series, config);
    model.train(series, listener, null, null);
    return model;
  }

  /**
   * Trains as {@link #fit(List, ForecasterConfig, TrainingListener)} does, writing a resumable
   * training checkpoint to {@code checkpoint} after every epoch; {@link #load} reads it as a
   * forecaster and {@link #resume} continues the run.
   *
   * @param series the training part of each series
   * @param config the config
   * @param listener receives every step and validation (after the checkpoint is written)
   * @param checkpoint the file to keep the checkpoint in, replaced atomically
   * @return the trained forecaster
   * @throws java.io.UncheckedIOException if the checkpoint cannot be written
   */
  public static Forecaster fit(
      List<double[]> series, ForecasterConfig config, TrainingListener listener, Path checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Forecaster model = create(series, config);
    model.train(series, listener, checkpoint, null);
    return model;
  }

  /**
   * Continues an interrupted {@link #fit(List, ForecasterConfig, TrainingListener, Path)} from its
   * checkpoint, with the saved config and statistics, on the same series; the checkpoint keeps
   * being updated. Without a time budget the result has the bits of a run that never stopped.
   *
   * @param checkpoint the checkpoint file
   * @param series the same training series
   * @param listener receives the remaining steps and validations
   * @return the trained forecaster
   * @throws IOException if the checkpoint cannot be read or does not fit
   * @throws IllegalArgumentException if the series are not the ones the checkpoint was trained on
   *     (their statistics differ)
   */
  public static Forecaster resume(Path checkpoint, List<double[]> series, TrainingListener listener)
      throws IOException {
    TrainingCheckpoint saved = TrainingCheckpoint.read(checkpoint);
    Forecaster model;
    try {
      model = fromFile(saved.model());
    } catch (IOException e) {
      throw new IOException(checkpoint + ": " + e.getMessage(), e);
    }
    List<SeriesScale> refit = fitScales(series);
    Checks.argument(
        refit.equals(model.scales),
        "series must be the ones the checkpoint was trained on (statistics "
            + model.scales
            + "), got statistics "
            + refit);
    model.train(series, listener, checkpoint, saved);
    return model;
  }

  private static Forecaster create(List<double[]> series, ForecasterConfig config) {
    Objects.requireNonNull(config, "config");
    List<SeriesScale> scales = fitScales(series);
    for (int i = 0; i < series.size(); i++) {
      int n = series.get(i).length;
      Checks.argument(
          n >= config.window() + config.horizon(),
          "series["
              + i
              + "] must have at least window + horizon = "
              + (config.window() + config.horizon())
              + " values, got "
              + n);
    }
    return new Forecaster(
        config, scales, SequenceRegressor.create(config.regressor(), 1, config.horizon()));
  }

  private static List<SeriesScale> fitScales(List<double[]> series) {
    Objects.requireNonNull(series, "series");
    Checks.argument(!series.isEmpty(), "series must hold at least one series, got none");
    List<SeriesScale> scales = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      scales.add(SeriesScale.fit(MissingValues.interpolate(series.get(i), name(i))));
    }
    return scales;
  }

  private static String name(int i) {
    return "series[" + i + "]";
  }

  private TrainingResult train(
      List<double[]> series, TrainingListener listener, Path checkpoint, TrainingCheckpoint saved) {
    List<float[]> trainX = new ArrayList<>();
    List<float[]> trainY = new ArrayList<>();
    List<float[]> validX = new ArrayList<>();
    List<float[]> validY = new ArrayList<>();
    int window = config.window();
    int horizon = config.horizon();
    for (int i = 0; i < series.size(); i++) {
      double[] values = MissingValues.interpolate(series.get(i), name(i));
      int n = values.length;
      // Training targets end before trainEnd; validation targets lie in [trainEnd, n).
      int trainEnd = n - (int) Math.round(config.validationFraction() * n);
      for (int t = window - 1; t + horizon < n; t++) {
        boolean training = t + horizon < trainEnd;
        if (training || t + 1 >= trainEnd) {
          (training ? trainX : validX).add(input(i, values, t));
          (training ? trainY : validY).add(target(i, values, t));
        }
      }
    }
    Checks.argument(
        !trainX.isEmpty(),
        "series must leave at least one training window of window + horizon = "
            + (window + horizon)
            + " values before the validation part (validationFraction "
            + Checks.format(config.validationFraction())
            + "), got none");
    RegressionData train = new RegressionData(1, horizon, trainX, trainY);
    RegressionData validation = new RegressionData(1, horizon, validX, validY);
    return new RegressionTraining(regressor, train, validation)
        .run(listener, checkpoint, metadata(), saved);
  }

  /** The value subtracted before scaling, for a window ending at origin t. */
  private double center(int series, double[] values, int t) {
    return config.normalization() == Normalization.LAST_VALUE
        ? values[t]
        : scales.get(series).mean();
  }

  /** (window) the normalised input of the window ending at origin t. */
  private float[] input(int series, double[] values, int t) {
    double center = center(series, values, t);
    double scale = scales.get(series).scale();
    float[] x = new float[config.window()];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) ((values[t - x.length + 1 + k] - center) / scale);
    }
    return x;
  }

  /** (horizon) the normalised targets after origin t. */
  private float[] target(int series, double[] values, int t) {
    double center = center(series, values, t);
    double scale = scales.get(series).scale();
    float[] y = new float[config.horizon()];
    for (int h = 1; h <= y.length; h++) {
      y[h - 1] = (float) ((values[t + h] - center) / scale);
    }
    return y;
  }

  /**
   * Forecasts the {@code horizon} values after the end of a history of series 0.
   *
   * @param history the series up to now, NaN = missing; at least {@code window} values
   * @return (horizon) the forecasts of the next values
   * @throws IllegalArgumentException as {@link #forecast(int, double[])} does
   */
  public double[] forecast(double[] history) {
    return forecast(0, history);
  }

  /**
   * Forecasts the {@code horizon} values after the end of a history, with the statistics of one of
   * the training series.
   *
   * @param series the index of the series in the list given to {@code fit}
   * @param history that series up to now, NaN = missing; at least {@code window} values
   * @return (horizon) the forecasts of the next values
   * @throws IllegalArgumentException if the index is out of range, the history is shorter than the
   *     window or ends with a missing value, or the missing-value policy refuses it
   */
  public double[] forecast(int series, double[] history) {
    Checks.index("series", series, scales.size());
    Objects.requireNonNull(history, "history");
    Checks.argument(
        history.length >= config.window(),
        "history must have at least window = "
            + config.window()
            + " values, got "
            + history.length);
    double[] values = MissingValues.interpolate(history, "history");
    int t = values.length - 1;
    return denormalize(series, values, t, regressor.predict(input(series, values, t)));
  }

  private double[] denormalize(int series, double[] values, int t, float[] out) {
    double center = center(series, values, t);
    double scale = scales.get(series).scale();
    double[] forecast = new double[out.length];
    for (int h = 0; h < out.length; h++) {
      forecast[h] = center + scale * out[h];
    }
    return forecast;
  }

  /**
   * Forecasts from every origin of the test part of a whole series and scores the model and the
   * persistence and seasonal-naive baselines at every horizon step (see {@link
   * ForecastEvaluation}).
   *
   * @param ctx the threads to run on
   * @param series the index of the series in the list given to {@code fit}
   * @param values the whole series (training part, then test part), NaN = missing
   * @param testFrom the first row of the test part, in [1, values.length)
   * @param season s, the seasonal-naive baseline's period in steps, {@code > 0}
   * @return the forecasts and scores
   * @throws IllegalArgumentException if an argument is out of range or the missing-value policy
   *     refuses the series
   */
  public ForecastEvaluation evaluate(
      ComputeContext ctx, int series, double[] values, int testFrom, int season) {
    Checks.index("series", series, scales.size());
    Objects.requireNonNull(values, "values");
    int n = values.length;
    Checks.argument(
        testFrom >= 1 && testFrom < n, "testFrom must be in [1, " + n + "), got " + testFrom);
    Checks.positive("season", season);
    double[] filled = MissingValues.interpolate(values, name(series));
    int horizon = config.horizon();
    List<Integer> origins = new ArrayList<>();
    List<float[]> inputs = new ArrayList<>();
    for (int t = Math.max(testFrom - 1, config.window() - 1); t < n - 1; t++) {
      if (!Double.isNaN(values[t])) {
        origins.add(t);
        inputs.add(input(series, filled, t));
      }
    }
    float[][] outputs = regressor.predictBatch(ctx, inputs);
    double[][] forecasts = new double[n][horizon];
    for (double[] row : forecasts) {
      Arrays.fill(row, Double.NaN);
    }
    RegressionMetrics.Accumulator[][] sums = new RegressionMetrics.Accumulator[horizon][3];
    for (RegressionMetrics.Accumulator[] row : sums) {
      for (int k = 0; k < 3; k++) {
        row[k] = new RegressionMetrics.Accumulator();
      }
    }
    for (int k = 0; k < origins.size(); k++) {
      int t = origins.get(k);
      forecasts[t] = denormalize(series, filled, t, outputs[k]);
      for (int h = 1; h <= horizon && t + h < n; h++) {
        int seasonal = ForecastEvaluation.seasonalRow(t, h, season);
        if (Double.isNaN(values[t + h]) || seasonal < 0) {
          continue;
        }
        double actual = values[t + h];
        sums[h - 1][0].add(forecasts[t][h - 1], actual);
        sums[h - 1][1].add(filled[t], actual);
        sums[h - 1][2].add(filled[seasonal], actual);
      }
    }
    List<RegressionMetrics[]> scores = new ArrayList<>();
    for (RegressionMetrics.Accumulator[] row : sums) {
      scores.add(new RegressionMetrics[] {row[0].metrics(), row[1].metrics(), row[2].metrics()});
    }
    return new ForecastEvaluation(season, horizon, filled, forecasts, scores);
  }

  /**
   * Saves the forecaster as an lstm4j model file (safetensors), atomically: the regressor's
   * parameters, and as metadata {@code model = "Forecaster"}, the config as JSON and the
   * normalisation statistics as {@code {"mean":[…],"scale":[…]}}, one entry per series.
   *
   * @param path the file to create or replace; a previous file is left intact if this fails
   * @throws IOException if the file cannot be written
   */
  public void save(Path path) throws IOException {
    ModelFile.write(Objects.requireNonNull(path, "path"), regressor.parameters(), metadata());
  }

  /**
   * Loads a forecaster saved by {@link #save} or a checkpoint of {@link #fit(List,
   * ForecasterConfig, TrainingListener, Path)}, with bit-identical weights and statistics.
   *
   * @param path the model file
   * @return the forecaster
   * @throws IOException if the file cannot be read or is not a valid forecaster file; the message
   *     starts with the path and names the problem
   */
  public static Forecaster load(Path path) throws IOException {
    TensorFile file = ModelFile.read(Objects.requireNonNull(path, "path"));
    try {
      return fromFile(file);
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  private static Forecaster fromFile(TensorFile file) throws IOException {
    SequenceRegressor.requireKind(file, KIND);
    ForecasterConfig config =
        RecordJson.read(
            ConfigReader.parse(
                ModelFile.metadata(file, SequenceRegressor.CONFIG_KEY),
                SequenceRegressor.CONFIG_KEY),
            ForecasterConfig.class);
    List<SeriesScale> scales = readStatistics(ModelFile.metadata(file, STATISTICS_KEY));
    SequenceRegressor model =
        SequenceRegressor.fromTensors(file, config.regressor(), 1, config.horizon());
    return new Forecaster(config, scales, model);
  }

  private static List<SeriesScale> readStatistics(String json) throws IOException {
    Map<String, Object> object;
    try {
      object = Json.parseObject(json);
    } catch (IOException e) {
      throw new IOException(STATISTICS_KEY + " must be a JSON object, got " + e.getMessage(), e);
    }
    if (!object.keySet().equals(java.util.Set.of("mean", "scale"))) {
      throw new IOException(
          STATISTICS_KEY
              + " must have exactly the keys [mean, scale], got "
              + SequenceRegressor.shorten(object.keySet().toString()));
    }
    List<Double> means = numbers(object.get("mean"), "mean");
    List<Double> stds = numbers(object.get("scale"), "scale");
    if (means.size() != stds.size() || means.isEmpty()) {
      throw new IOException(
          STATISTICS_KEY
              + ".mean and .scale must have the same length >= 1, got "
              + means.size()
              + " and "
              + stds.size());
    }
    List<SeriesScale> scales = new ArrayList<>();
    for (int i = 0; i < means.size(); i++) {
      try {
        scales.add(new SeriesScale(means.get(i), stds.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IOException(STATISTICS_KEY + "[" + i + "]." + e.getMessage(), e);
      }
    }
    return scales;
  }

  private static List<Double> numbers(Object value, String key) throws IOException {
    List<Double> numbers = new ArrayList<>();
    if (value instanceof List<?> list) {
      for (Object element : list) {
        if (element instanceof Number number) {
          numbers.add(number.doubleValue());
        }
      }
      if (numbers.size() == list.size()) {
        return numbers;
      }
    }
    throw new IOException(
        STATISTICS_KEY
            + "."
            + key
            + " must be a list of numbers, got "
            + SequenceRegressor.shorten(Json.write(value)));
  }

  private Map<String, String> metadata() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(SequenceRegressor.MODEL_KEY, KIND);
    metadata.put(SequenceRegressor.CONFIG_KEY, RecordJson.write(config));
    List<Double> means = new ArrayList<>();
    List<Double> stds = new ArrayList<>();
    for (SeriesScale s : scales) {
      means.add(s.mean());
      stds.add(s.scale());
    }
    Map<String, Object> statistics = new LinkedHashMap<>();
    statistics.put("mean", means);
    statistics.put("scale", stds);
    metadata.put(STATISTICS_KEY, Json.write(statistics));
    return metadata;
  }

  /**
   * Returns the config.
   *
   * @return window, horizon, normalisation and the regressor's recipe
   */
  public ForecasterConfig config() {
    return config;
  }

  /**
   * Returns the number of series the model was trained on.
   *
   * @return the number of statistics it holds
   */
  public int seriesCount() {
    return scales.size();
  }

  /**
   * Returns one series' normalisation statistics.
   *
   * @param series the index of the series given to {@code fit}
   * @return its mean and scale, fitted on its training part
   */
  public SeriesScale scale(int series) {
    Checks.index("series", series, scales.size());
    return scales.get(series);
  }

  /**
   * Returns the regressor underneath (its parameters, config).
   *
   * @return the regressor
   */
  public SequenceRegressor regressor() {
    return regressor;
  }
}
