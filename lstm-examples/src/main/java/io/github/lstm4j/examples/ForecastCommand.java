package io.github.lstm4j.examples;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ForecastEvaluation;
import io.github.lstm4j.core.model.Forecaster;
import io.github.lstm4j.core.model.ForecasterConfig;
import io.github.lstm4j.core.model.Normalization;
import io.github.lstm4j.core.model.RegressionLoss;
import io.github.lstm4j.core.model.RegressorConfig;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code forecast}: trains an LSTM forecaster on the first 80% of one column of a CSV file and
 * scores it on the last 20% against the persistence and seasonal-naive baselines.
 *
 * <p>It prints the table of the three at the reported horizons, the forecasts over the test part as
 * CSV (to {@code --forecast-out FILE} or standard output) and one machine-readable line:
 *
 * <pre>
 * RESULT rmse_h1=0.4457 persistence_h1=0.5130 seasonal_naive_h1=1.8419 rmse_h52=… minutes=0.2
 * </pre>
 *
 * <p>Empty fields are missing values: gaps between two values are interpolated, a series that
 * starts or ends with one is refused. {@code --save FILE} keeps the model (and {@code FILE.svg},
 * the training curves beside it); {@code --model FILE} skips training and scores a saved model. Bad
 * input (an empty file, an unknown column, a non-numeric value, a series shorter than window +
 * horizon) stops the command before anything is written, with a message naming the file, line and
 * value.
 */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = {
      "Train an LSTM forecaster on the first 80%% of a CSV column, score it on the last 20%%"
          + " against the persistence and seasonal-naive baselines, print the forecasts as CSV and"
          + " a RESULT line. With --save, the training curves go to the .svg beside the model; with"
          + " --model, a saved model is scored instead of training one."
    })
final class ForecastCommand extends ConsoleCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      required = true,
      description = "CSV file with a header line; empty fields are missing values.")
  Path data;

  @Option(
      names = "--column",
      paramLabel = "NAME",
      description = "The column to forecast (default: the last one).")
  String column;

  @Option(
      names = "--window",
      paramLabel = "N",
      defaultValue = "52",
      description = "Values the model reads before each forecast (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--horizon",
      paramLabel = "H",
      defaultValue = "1",
      description = "Steps forecast at once, 1..H (default: ${DEFAULT-VALUE}).")
  int horizon;

  @Option(
      names = "--season",
      paramLabel = "S",
      defaultValue = "52",
      description = "Season of the seasonal-naive baseline, in steps (default: ${DEFAULT-VALUE}).")
  int season;

  @Option(
      names = "--report",
      paramLabel = "H",
      split = ",",
      description = "Horizon steps of the table and the CSV (default: 1 and H).")
  List<Integer> report;

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0.2",
      description = "Share at the end of the series that is scored (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      defaultValue = "0",
      description = "Dropout between layers (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      defaultValue = "0",
      description = "Training time budget, 0 = none (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--loss",
      paramLabel = "KIND",
      defaultValue = "MSE",
      description = "Training loss: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  RegressionLoss loss;

  @Option(
      names = "--normalization",
      paramLabel = "KIND",
      defaultValue = "LAST_VALUE",
      description =
          "Scaling: ${COMPLETION-CANDIDATES}; LAST_VALUE follows a trend (default:"
              + " ${DEFAULT-VALUE}).")
  Normalization normalization;

  @Option(
      names = "--validation",
      paramLabel = "F",
      defaultValue = "0.1",
      description =
          "Share at the end of the training part held out to pick the best epoch (default:"
              + " ${DEFAULT-VALUE}).")
  double validationFraction;

  @Mixin SeedOption seed = new SeedOption();

  @Mixin LstmSizeOptions size = new LstmSizeOptions(32, 1);

  @Mixin TrainingOptions training = new TrainingOptions(15, 32, 0.003, 0);

  @Mixin ThreadsOption threads = new ThreadsOption();

  @Mixin ModelFileOptions modelFiles = new ModelFileOptions();

  @Option(
      names = "--forecast-out",
      paramLabel = "FILE",
      description = "Write the forecast CSV to FILE instead of standard output.")
  Path forecastOut;

  ForecastCommand(PrintStream out, PrintStream err, boolean interactive) {
    super(out, err, interactive);
  }

  /** The forecaster config of the options. */
  ForecasterConfig config() {
    return ForecasterConfig.defaults()
        .withWindow(window)
        .withHorizon(horizon)
        .withNormalization(normalization)
        .withValidationFraction(validationFraction)
        .withRegressor(
            RegressorConfig.defaults()
                .withHiddenSize(size.hiddenSize)
                .withNumLayers(size.numLayers)
                .withDropout(dropout)
                .withLoss(loss)
                .withBatchSize(training.batchSize)
                .withEpochs(training.epochs)
                .withMaxMinutes(minutes)
                .withLearningRate(training.learningRate)
                .withWeightDecay(training.weightDecay)
                .withSeed(seed.value())
                .withThreads(threads.count()));
  }

  @Override
  public Integer call() {
    ForecasterConfig config;
    try {
      config = config();
      if (!(testFraction > 0 && testFraction < 1)) {
        throw new IllegalArgumentException(
            "--test-fraction must be in (0, 1), got " + testFraction);
      }
      if (season < 1) {
        throw new IllegalArgumentException("--season must be >= 1, got " + season);
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    SeriesCsv csv;
    try {
      csv = SeriesCsv.read(data, column);
    } catch (IOException e) {
      err.println("cannot read the series: " + Main.describe(e));
      return CommandLine.ExitCode.SOFTWARE;
    }
    double[] values = csv.values();
    int split = (int) Math.round((1 - testFraction) * values.length);
    long start = System.nanoTime();
    Forecaster forecaster = null; // loaded now, or trained below once the input is checked
    CurvePlot plot = new CurvePlot("forecast " + csv.column(), "loss (normalised)");
    if (modelFiles.model != null) {
      try {
        forecaster = Forecaster.load(modelFiles.model);
      } catch (IOException e) {
        err.println("cannot load model: " + Main.describe(e));
        return CommandLine.ExitCode.SOFTWARE;
      }
      config = forecaster.config();
    }
    int needed = config.window() + config.horizon();
    if (split < needed || split >= values.length) {
      err.printf(
          Locale.ROOT,
          "cannot forecast: %s: column %s has %d values (lines %d-%d), its training part (first"
              + " %.0f%%) has %d, fewer than window + horizon = %d%n",
          data,
          csv.column(),
          values.length,
          csv.line(0),
          csv.line(values.length - 1),
          100 * (1 - testFraction),
          split,
          needed);
      return CommandLine.ExitCode.SOFTWARE;
    }
    List<Integer> steps = reportSteps(config.horizon());
    out.printf(
        Locale.ROOT,
        "%s column %s: %d values (%d missing, interior gaps interpolated); training on the first"
            + " %d, scoring the last %d%n",
        data,
        csv.column(),
        values.length,
        csv.missing(),
        split,
        values.length - split);
    if (modelFiles.model == null) {
      RegressorConfig r = config.regressor();
      out.printf(
          Locale.ROOT,
          "model: window %d, horizon %d (direct), %s; %d layer(s) x %d units, %s loss, batch %d,"
              + " %d epochs, Adam lr %s, seed %d, %d thread(s)%n",
          config.window(),
          config.horizon(),
          config.normalization(),
          r.numLayers(),
          r.hiddenSize(),
          r.loss(),
          r.batchSize(),
          r.epochs(),
          r.learningRate(),
          r.seed(),
          r.threads());
      out.flush();
      ConsoleListener listener = new ConsoleListener(plot);
      try {
        forecaster = Forecaster.fit(List.of(Arrays.copyOf(values, split)), config, listener);
      } catch (ArithmeticException e) {
        err.println("training diverged: " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
      listener.finish();
    }
    double trainMinutes = (System.nanoTime() - start) / 60e9;
    boolean saved = modelFiles.save == null || save(forecaster, plot);
    ForecastEvaluation evaluation;
    try (ComputeContext ctx = ComputeContext.of(forecaster.config().regressor().threads())) {
      evaluation = forecaster.evaluate(ctx, 0, values, split, season);
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "test part: %d rows from line %d; season %d; MAPE skips zero targets%n",
        values.length - split,
        csv.line(split),
        season);
    out.print(evaluation.table(steps.stream().mapToInt(Integer::intValue).toArray()));
    out.println();
    double[] next = forecaster.forecast(values);
    StringBuilder nextLine = new StringBuilder("forecast of the next " + next.length + " steps:");
    for (double v : next) {
      nextLine.append(String.format(Locale.ROOT, " %.4g", v));
    }
    out.println(nextLine);
    boolean written = writeForecasts(csv, values, split, evaluation, steps);
    StringBuilder result = new StringBuilder("RESULT");
    for (int h : steps) {
      result.append(
          String.format(
              Locale.ROOT,
              " rmse_h%d=%.4f persistence_h%d=%.4f seasonal_naive_h%d=%.4f",
              h,
              evaluation.model(h).rmse(),
              h,
              evaluation.persistence(h).rmse(),
              h,
              evaluation.seasonalNaive(h).rmse()));
    }
    result.append(String.format(Locale.ROOT, " minutes=%.2f", trainMinutes));
    out.println(result);
    out.flush();
    return saved && written ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private List<Integer> reportSteps(int h) {
    List<Integer> steps = report != null ? report : h == 1 ? List.of(1) : List.of(1, h);
    for (int step : steps) {
      if (step < 1 || step > h) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--report steps must be in [1, " + h + "], got " + step);
      }
    }
    return steps;
  }

  /** Saves the model, then its curves beside it; reports a failure and returns false. */
  private boolean save(Forecaster forecaster, CurvePlot plot) {
    Path save = modelFiles.save;
    try {
      forecaster.save(save);
      out.println("saved the model to " + save);
      if (!plot.isEmpty()) {
        Path svg = CurvePlot.besideModel(save);
        plot.write(svg);
        out.println("saved the training curves to " + svg);
      }
    } catch (IOException e) {
      err.println("cannot save model: " + Main.describe(e));
      return false;
    }
    return true;
  }

  /**
   * The forecasts over the test part, one row per target row: its label (date), the actual value
   * (empty if missing) and, per reported step h, the forecasts made h rows before by the model and
   * the two baselines (empty where there was no origin).
   */
  private boolean writeForecasts(
      SeriesCsv csv, double[] values, int split, ForecastEvaluation e, List<Integer> steps) {
    StringWriter text = new StringWriter();
    PrintWriter w = new PrintWriter(text);
    StringBuilder header = new StringBuilder("label,actual");
    for (int h : steps) {
      header.append(
          String.format(Locale.ROOT, ",model_h%d,persistence_h%d,seasonal_naive_h%d", h, h, h));
    }
    w.println(header);
    for (int row = split; row < values.length; row++) {
      StringBuilder line = new StringBuilder(csv.label(row)).append(',').append(field(values[row]));
      for (int h : steps) {
        int origin = row - h;
        boolean has = origin >= 0;
        line.append(',').append(has ? field(e.forecast(origin, h)) : "");
        line.append(',').append(has ? field(e.persistenceForecast(origin, h)) : "");
        line.append(',').append(has ? field(e.seasonalNaiveForecast(origin, h)) : "");
      }
      w.println(line);
    }
    w.flush();
    if (forecastOut == null) {
      out.println();
      out.print(text);
      return true;
    }
    try {
      Path dir = forecastOut.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, forecastOut.getFileName().toString(), ".tmp");
      if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) { // temp files are 0600
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
        Files.move(
            tmp, forecastOut, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
      out.println("wrote the forecasts to " + forecastOut);
      return true;
    } catch (IOException e2) {
      err.println("cannot write the forecasts: " + Main.describe(e2));
      return false;
    }
  }

  private static String field(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
  }

  /** One progress bar for the run; one line per epoch; the curves for the plot. */
  private final class ConsoleListener implements TrainingListener {
    private final CurvePlot plot;
    private final ProgressBar bar;
    private double perSecond;

    ConsoleListener(CurvePlot plot) {
      this.plot = plot;
      this.bar = new ProgressBar(err, "training", "windows", interactive);
    }

    @Override
    public void onStep(Progress p) {
      perSecond = p.examplesPerSecond();
      bar.update(p.fraction(), perSecond, String.format(Locale.ROOT, "loss %.5f", p.loss()));
    }

    @Override
    public void onEvaluation(Evaluation e) {
      plot.add("train loss", e.step(), e.trainLoss());
      plot.add("validation loss", e.step(), e.metric("val_loss"));
      bar.endLine(
          Math.min(1, (e.epoch() + 1.0) / training.epochs),
          perSecond,
          String.format(
              Locale.ROOT,
              "epoch %d: train %.5f validation %.5f%s",
              e.epoch() + 1,
              e.trainLoss(),
              e.metric("val_loss"),
              e.best() ? " (best)" : ""));
    }

    void finish() {
      err.flush();
    }
  }
}
