package io.github.lstm4j.examples;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics;
import io.github.lstm4j.core.model.SequenceModelConfig;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.optim.OptimizerConfig;
import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.MetricsLog;
import io.github.lstm4j.core.train.TrainerConfig;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.core.train.TrainingResult;
import io.github.lstm4j.text.TextClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code classify}: trains a character-level LSTM classifier on a TSV of {@code text<TAB>label}
 * lines, prints the test metrics and the confusion matrix, then one machine-readable line on
 * standard output:
 *
 * <pre>
 * RESULT test_accuracy=0.9412 macro_f1=0.9410 minutes=13.2
 * </pre>
 *
 * <p>{@code minutes} is the wall time of training, validation passes included. Without {@code
 * --valid}, a {@code --split} fraction of the training lines (shuffled with the seed) is held out
 * for validation, and without {@code --test} another such fraction for the test. The model of the
 * best validation accuracy is kept; {@code --save FILE} writes it (atomically) right after
 * training, with the training curves as an SVG beside it ({@code m.safetensors} → {@code m.svg}).
 *
 * <p>{@code --model FILE} skips training: the loaded model is scored on {@code --test}, and/or
 * classifies each {@code --predict} text, one line each:
 *
 * <pre>
 * "bonjour": fr (p=0.97), top 3: fr=0.968 it=0.015 es=0.009
 * </pre>
 *
 * <p>Bad input is refused before any training or saving, naming the file, the line and the value
 * (an empty file, a line without a tab, a label that the training data does not have). Exit codes
 * follow picocli: 0 on success, 2 for a usage error, 1 when a file cannot be used.
 */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Train a character-level LSTM text classifier on a TSV of text<TAB>label lines; print the"
          + " test metrics, the confusion matrix and a RESULT line. With --model, load a saved"
          + " model; with --predict, classify texts. --save also writes the training curves as an"
          + " SVG beside the model."
    })
final class ClassifyCommand extends ConsoleCommand {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--train", paramLabel = "FILE", description = "Training data (TSV).")
  Path train;

  @Option(
      names = "--valid",
      paramLabel = "FILE",
      description = "Validation data (TSV); default: --split of the training data.")
  Path valid;

  @Option(
      names = "--test",
      paramLabel = "FILE",
      description = "Test data (TSV); default: another --split of the training data.")
  Path test;

  @Option(
      names = "--split",
      paramLabel = "FRACTION",
      defaultValue = "0.1",
      description =
          "Share of the training lines held out for validation (and for test) when --valid"
              + " (--test) is not given (default: ${DEFAULT-VALUE}).")
  double split;

  @Option(
      names = "--embedding",
      paramLabel = "E",
      defaultValue = "64",
      description = "Character embedding width (default: ${DEFAULT-VALUE}).")
  int embeddingDim;

  @Option(
      names = "--bidirectional",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Also read each text right to left (default: ${DEFAULT-VALUE}).")
  boolean bidirectional;

  @Option(
      names = "--readout",
      paramLabel = "KIND",
      defaultValue = "MAX_OVER_TIME",
      description = "What the head reads: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Readout readout;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      defaultValue = "0.2",
      description = "Training dropout before the head (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(
      names = "--label-smoothing",
      paramLabel = "EPS",
      defaultValue = "0",
      description =
          "Label smoothing of the training loss, as PyTorch's: the target is (1 - EPS) on the"
              + " label and EPS spread over all classes (default: ${DEFAULT-VALUE}).")
  double labelSmoothing;

  @Option(
      names = "--minutes",
      paramLabel = "M",
      defaultValue = "0",
      description = "Stop training after M minutes, 0 = no limit (default: ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--warmup",
      paramLabel = "STEPS",
      defaultValue = "200",
      description =
          "Linear warm-up steps before the cosine decay to lr/100 (default: ${DEFAULT-VALUE}).")
  int warmupSteps;

  @Option(
      names = "--clip",
      paramLabel = "NORM",
      defaultValue = "5",
      description = "Largest global gradient norm, 0 = off (default: ${DEFAULT-VALUE}).")
  double gradientClip;

  @Option(
      names = "--ema",
      paramLabel = "DECAY",
      defaultValue = "0",
      description =
          "Decay of a moving average of the weights that validation scores and the saved model"
              + " keeps, e.g. 0.999; 0 = off (default: ${DEFAULT-VALUE}).")
  double emaDecay;

  @Mixin SeedOption seed = new SeedOption();

  @Mixin LstmSizeOptions size = new LstmSizeOptions(256, 1);

  @Mixin TrainingOptions training = new TrainingOptions(10, 64, 0.003, 0.01);

  @Mixin ThreadsOption threads = new ThreadsOption();

  @Mixin ModelFileOptions modelFiles = new ModelFileOptions();

  @Option(
      names = "--predict",
      paramLabel = "TEXT",
      arity = "1..*",
      description = "Classify texts: prints each text's top classes with their probabilities.")
  List<String> predict = List.of();

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "3",
      description = "Classes shown per --predict text (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--metrics-log",
      paramLabel = "FILE",
      description = "Write every validation's metrics: CSV if FILE ends in .csv, else JSON lines.")
  Path metricsLog;

  ClassifyCommand(PrintStream out, PrintStream err, boolean interactive) {
    super(out, err, interactive);
  }

  @Override
  public Integer call() {
    if (top < 1) {
      throw usage("--top must be >= 1, got " + top);
    }
    int threadCount = threads.count();
    if (threadCount < 1) {
      throw usage("--threads must be >= 1, got " + threadCount);
    }
    try (ComputeContext ctx = ComputeContext.of(threadCount)) {
      if (modelFiles.model != null) {
        return useSavedModel(ctx);
      }
      if (train == null) {
        throw usage("--train FILE is required (or --model FILE to use a saved model)");
      }
      return train(ctx);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The held-out parts and the training part of the data. */
  private record Data(LabeledTsv train, LabeledTsv valid, LabeledTsv test) {}

  /** Reads the files, holds out the --split parts, checks the labels of validation and test. */
  private Data readData() throws IOException {
    LabeledTsv all = LabeledTsv.read(train);
    int n = all.examples().size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    new Rng(seed.value()).shuffle(order);
    int held = (int) Math.round(n * split);
    int from = 0;
    LabeledTsv validPart;
    if (valid != null) {
      validPart = LabeledTsv.read(valid);
    } else {
      validPart = all.subset(Arrays.copyOfRange(order, from, from + held));
      from += held;
    }
    LabeledTsv testPart = null;
    if (test != null) {
      testPart = LabeledTsv.read(test);
    } else {
      testPart = all.subset(Arrays.copyOfRange(order, from, from + held));
      from += held;
    }
    if (from >= n) {
      throw new IOException(
          train + ": " + n + " examples are too few to hold out --split " + split + " twice");
    }
    int[] rest = Arrays.copyOfRange(order, from, n);
    Arrays.sort(rest); // file order for the training part
    LabeledTsv trainPart = from == 0 ? all : all.subset(rest);
    TreeSet<String> classes = new TreeSet<>();
    trainPart.examples().forEach(e -> classes.add(e.label()));
    if (classes.size() < 2) {
      throw new IOException(train + ": needs at least 2 distinct labels, got " + classes);
    }
    String trainingName = "the training data " + train;
    validPart.requireLabelsIn(classes, trainingName);
    testPart.requireLabelsIn(classes, trainingName);
    return new Data(trainPart, validPart, testPart);
  }

  private int train(ComputeContext ctx) {
    if (!(split > 0 && split < 0.5)) {
      throw usage("--split must be in (0, 0.5), got " + split);
    }
    Data data;
    try {
      data = readData();
    } catch (IOException e) {
      err.println("cannot use the data: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    UnaryOperator<SequenceModelConfig> architecture =
        a ->
            a.withEmbeddingDim(embeddingDim)
                .withHiddenSize(size.hiddenSize)
                .withNumLayers(size.numLayers)
                .withBidirectional(bidirectional)
                .withReadout(readout)
                .withDropout(dropout)
                .withLabelSmoothing(labelSmoothing)
                .withSeed(seed.value());
    TextClassifier classifier;
    TrainerConfig config;
    try {
      classifier = TextClassifier.create(data.train().examples(), architecture);
      config =
          TrainerConfig.defaults()
              .withBatchSize(training.batchSize)
              .withEpochs(training.epochs)
              .withMaxMinutes(minutes)
              .withOptimizer(
                  OptimizerConfig.of(OptimizerConfig.Kind.ADAMW, training.learningRate)
                      .withWeightDecay(training.weightDecay))
              .withSchedule(
                  TrainerConfig.Schedule.cosine(warmupSteps, training.learningRate / 100)
                      .withClock(TrainerConfig.ScheduleClock.STEPS_OR_BUDGET))
              .withGradientClip(gradientClip)
              .withValidation(
                  TrainerConfig.Validation.everyEpoch("val_accuracy", TrainerConfig.Goal.MAXIMIZE))
              .withEmaDecay(emaDecay)
              .withSeed(seed.value());
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    SequenceModelConfig arch = classifier.classifier().config();
    out.printf(
        Locale.ROOT,
        "data: %d training, %d validation, %d test texts; %d classes %s; %d characters + unknown%n",
        data.train().examples().size(),
        data.valid().examples().size(),
        data.test().examples().size(),
        arch.numClasses(),
        arch.classNames(),
        classifier.vocabulary().size());
    out.printf(
        Locale.ROOT,
        "model: embedding %d, %d layer(s) × %d units%s, readout %s, dropout %s, %d parameters;"
            + " training: batch %d, %d epochs%s, AdamW lr %s wd %s, warm-up %d + cosine, clip %s,"
            + " seed %d, %d thread(s)%n",
        arch.embeddingDim(),
        arch.numLayers(),
        arch.hiddenSize(),
        arch.bidirectional() ? " × 2 directions" : "",
        arch.readout(),
        arch.dropout(),
        classifier.classifier().parameters().count(),
        training.batchSize,
        training.epochs,
        minutes > 0 ? String.format(Locale.ROOT, " or %s min", minutes) : "",
        training.learningRate,
        training.weightDecay,
        warmupSteps,
        gradientClip,
        seed.value(),
        ctx.threads());
    out.flush();

    CurvePlot plot = new CurvePlot("classify", "nats / accuracy");
    ConsoleListener console = new ConsoleListener(plot);
    long start = System.nanoTime();
    TrainingResult result;
    try (MetricsLog log = openMetricsLog()) {
      TrainingListener listener = log == null ? console : console.andThen(log);
      result =
          classifier.fit(ctx, data.train().examples(), data.valid().examples(), config, listener);
    } catch (ArithmeticException e) {
      console.finish();
      err.println("training diverged: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    } catch (IOException e) {
      err.println("cannot write the metrics log: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    console.finish();
    double trainedMinutes = (System.nanoTime() - start) / 60e9;
    result
        .best()
        .ifPresent(
            best ->
                out.printf(
                    Locale.ROOT,
                    "kept the model of step %d (val_accuracy %.4f)%n",
                    best.step(),
                    best.metric("val_accuracy")));
    // Saved before the evaluation, so that a failure there cannot lose the training.
    boolean saved = modelFiles.save == null || save(classifier, plot);

    ClassificationMetrics metrics = classifier.evaluate(ctx, data.test().examples());
    out.println();
    out.println("test set: " + metrics);
    out.printf(
        Locale.ROOT,
        "RESULT test_accuracy=%.4f macro_f1=%.4f minutes=%.1f%n",
        metrics.accuracy(),
        metrics.macroF1(),
        trainedMinutes);
    out.flush();
    printPredictions(ctx, classifier);
    return saved ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  private MetricsLog openMetricsLog() throws IOException {
    if (metricsLog == null) {
      return null;
    }
    return metricsLog.getFileName().toString().endsWith(".csv")
        ? MetricsLog.csv(metricsLog)
        : MetricsLog.jsonLines(metricsLog);
  }

  private int useSavedModel(ComputeContext ctx) {
    if (predict.isEmpty() && test == null) {
      throw usage("--model needs --predict TEXT... or --test FILE");
    }
    TextClassifier classifier;
    try {
      classifier = TextClassifier.load(modelFiles.model);
    } catch (IOException e) {
      err.println("cannot load model: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    if (test != null) {
      LabeledTsv data;
      try {
        data = LabeledTsv.read(test);
        data.requireLabelsIn(classifier.classNames(), "the model's classes");
      } catch (IOException e) {
        err.println("cannot use the data: " + e.getMessage());
        return CommandLine.ExitCode.SOFTWARE;
      }
      ClassificationMetrics metrics = classifier.evaluate(ctx, data.examples());
      out.println("test set: " + metrics);
      out.printf(
          Locale.ROOT,
          "RESULT test_accuracy=%.4f macro_f1=%.4f%n",
          metrics.accuracy(),
          metrics.macroF1());
    }
    printPredictions(ctx, classifier);
    return CommandLine.ExitCode.OK;
  }

  /** Saves to {@code --save} and the curves beside it; reports a failure and returns false. */
  private boolean save(TextClassifier classifier, CurvePlot plot) {
    Path save = modelFiles.save;
    try {
      classifier.save(save);
    } catch (IOException e) {
      err.println("cannot save model: " + e.getMessage());
      return false;
    }
    out.println("saved the model to " + save);
    if (!plot.isEmpty()) {
      Path svg = CurvePlot.besideModel(save);
      try {
        plot.write(svg);
        out.println("wrote the training curves to " + svg);
      } catch (IOException e) {
        err.println("cannot write the curves: " + svg + ": " + e.getMessage());
      }
    }
    out.flush();
    return true;
  }

  private void printPredictions(ComputeContext ctx, TextClassifier classifier) {
    for (String text : predict) {
      if (text.isEmpty()) {
        err.println("cannot classify an empty text");
        continue;
      }
      float[] p = classifier.predictProbabilities(ctx, List.of(text))[0];
      out.println(predictionLine(text, classifier.classNames(), p, top));
    }
    out.flush();
  }

  /**
   * Formats a prediction: the top class with its probability, then the K most probable classes.
   *
   * <pre>
   * "bonjour": fr (p=0.97), top 3: fr=0.968 it=0.015 es=0.009
   * </pre>
   */
  static String predictionLine(String text, List<String> classNames, float[] p, int top) {
    int predicted = Softmax.argmax(p, 0, p.length); // the first of equal probabilities
    return PredictionLine.format(LabeledTsv.quote(text), classNames, p, predicted, top);
  }

  /** One progress bar over the run, one line per validation, and the points of the plot. */
  private final class ConsoleListener implements TrainingListener {
    private final CurvePlot plot;
    private final ProgressBar bar = new ProgressBar(err, "training", "texts", interactive);
    private Progress last;

    ConsoleListener(CurvePlot plot) {
      this.plot = plot;
    }

    @Override
    public void onStep(Progress progress) {
      last = progress;
      double fraction = progress.fraction();
      if (minutes > 0) {
        fraction = Math.max(fraction, Math.min(1, progress.elapsedSeconds() / (minutes * 60)));
      }
      bar.update(fraction, progress.examplesPerSecond(), stats(progress));
    }

    @Override
    public void onEvaluation(Evaluation evaluation) {
      if (last != null) {
        bar.endLine(last.fraction(), last.examplesPerSecond(), stats(last));
      }
      plot.add("train loss", evaluation.step(), evaluation.trainLoss());
      plot.add("val loss", evaluation.step(), evaluation.metric("val_loss"));
      plot.add("val accuracy", evaluation.step(), evaluation.metric("val_accuracy"));
      out.printf(
          Locale.ROOT,
          "epoch %d step %d: train loss %.4f, val loss %.4f, val accuracy %.4f, val macro-F1"
              + " %.4f%s, %.2f min%n",
          evaluation.epoch() + 1,
          evaluation.step(),
          evaluation.trainLoss(),
          evaluation.metric("val_loss"),
          evaluation.metric("val_accuracy"),
          evaluation.metric("val_macro_f1"),
          evaluation.best() ? " (best)" : "",
          evaluation.elapsedSeconds() / 60);
      out.flush();
    }

    void finish() {
      if (last != null) {
        bar.finish(last.examplesPerSecond(), stats(last));
      }
    }

    private String stats(Progress progress) {
      return String.format(
          Locale.ROOT,
          "epoch %d loss %.4f lr %.2e",
          progress.epoch() + 1,
          progress.loss(),
          progress.learningRate());
    }
  }
}
