package io.github.lstm4j.examples;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.vision.ClassifierConfig;
import io.github.lstm4j.vision.Evaluation;
import io.github.lstm4j.vision.MnistDataset;
import io.github.lstm4j.vision.Readout;
import io.github.lstm4j.vision.RowLstmClassifier;
import io.github.lstm4j.vision.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mnist}: trains a row-LSTM classifier on MNIST and reports its test accuracy.
 *
 * <p>Shows a live progress bar per epoch on standard error, prints each epoch's validation
 * accuracy, then the test accuracy, per-class precision and recall and the confusion matrix, and
 * ends with one machine-readable line on standard output:
 *
 * <pre>
 * RESULT test_accuracy=0.9912 images_per_s=4100 minutes=6.5
 * </pre>
 *
 * <p>{@code images_per_s} is the training throughput (validation excluded); {@code minutes} is the
 * wall time of training, validation passes included.
 */
@Command(
    name = "mnist",
    mixinStandardHelpOptions = true,
    description = {
      "Train an LSTM that reads MNIST images row by row; print the test accuracy and the"
          + " confusion matrix, then a RESULT line."
    })
final class MnistCommand implements Callable<Integer> {
  /** Where the data is looked for without {@code --data}, relative to the working directory. */
  static final Path DEFAULT_DATA = Path.of("..", "shared", "data", "mnist");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder with the four MNIST files (train-images-idx3-ubyte.gz, …), raw or gzipped"
              + " (default: ../shared/data/mnist if it exists).")
  Path data;

  @Option(
      names = "--epochs",
      paramLabel = "E",
      defaultValue = "5",
      description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--hidden",
      paramLabel = "H",
      defaultValue = "128",
      description = "LSTM units per direction (default: ${DEFAULT-VALUE}).")
  int hiddenSize;

  @Option(
      names = "--layers",
      paramLabel = "L",
      defaultValue = "1",
      description = "Stacked LSTM layers (default: ${DEFAULT-VALUE}).")
  int numLayers;

  @Option(names = "--bidirectional", description = "Also read the rows bottom to top.")
  boolean bidirectional;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Threads for training and inference (default: the available processors).")
  Integer threads;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description =
          "Seed of weights, split, batch order, dropout, shifts (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "128",
      description = "Images per training step (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Option(
      names = "--lr",
      paramLabel = "RATE",
      defaultValue = "0.001",
      description = "Adam's initial learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--schedule",
      paramLabel = "KIND",
      defaultValue = "COSINE",
      description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ClassifierConfig.Schedule schedule;

  @Option(
      names = "--weight-decay",
      paramLabel = "LAMBDA",
      defaultValue = "0",
      description = "Decoupled weight decay (AdamW) when > 0 (default: ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--clip",
      paramLabel = "NORM",
      defaultValue = "5",
      description = "Largest global gradient norm, 0 = off (default: ${DEFAULT-VALUE}).")
  double gradientClip;

  @Option(
      names = "--dropout",
      paramLabel = "P",
      defaultValue = "0",
      description =
          "Training dropout between layers and before the head (default: ${DEFAULT-VALUE}).")
  double dropout;

  @Option(
      names = "--readout",
      paramLabel = "KIND",
      defaultValue = "LAST_HIDDEN",
      description = "What the head reads: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Readout readout;

  @Option(
      names = "--augment-shift",
      paramLabel = "PIXELS",
      defaultValue = "0",
      description =
          "Random shift of each training image in x and y, 0 = off (default: ${DEFAULT-VALUE}).")
  int augmentShift;

  @Option(
      names = "--validation",
      paramLabel = "FRACTION",
      description = "Share of training images held out for validation, 0 = none (default: 1/12).")
  Double validationFraction;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Use only the first N training images, for quick runs (default: all).")
  Integer limit;

  private final PrintStream out;
  private final PrintStream err;
  private final boolean interactive;

  /** Writes to standard output and error; the progress bar redraws in place on a terminal. */
  MnistCommand() {
    this(System.out, System.err, System.console() != null);
  }

  MnistCommand(PrintStream out, PrintStream err, boolean interactive) {
    this.out = out;
    this.err = err;
    this.interactive = interactive;
  }

  /** Builds the classifier config from the options; unset options keep the library defaults. */
  ClassifierConfig config() {
    ClassifierConfig.Builder builder =
        ClassifierConfig.builder()
            .hiddenSize(hiddenSize)
            .numLayers(numLayers)
            .bidirectional(bidirectional)
            .dropout(dropout)
            .readout(readout)
            .batchSize(batchSize)
            .epochs(epochs)
            .learningRate(learningRate)
            .weightDecay(weightDecay)
            .gradientClip(gradientClip)
            .schedule(schedule)
            .augmentShift(augmentShift)
            .seed(seed)
            .threads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
    if (validationFraction != null) {
      builder.validationFraction(validationFraction);
    }
    return builder.build();
  }

  @Override
  public Integer call() {
    ClassifierConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Path directory = dataDirectory();
    MnistDataset train;
    MnistDataset test;
    try {
      train = MnistDataset.load(directory, MnistDataset.Split.TRAIN);
      test = MnistDataset.load(directory, MnistDataset.Split.TEST);
    } catch (IOException e) {
      err.println("cannot read MNIST: " + e.getMessage());
      return 1;
    }
    if (limit != null) {
      if (limit < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--limit must be >= 1, got " + limit);
      }
      train = first(train, Math.min(limit, train.size()));
    }
    out.printf(
        Locale.ROOT,
        "MNIST from %s: %d training images (%d of them held out for validation), %d test"
            + " images%n",
        directory,
        train.size(),
        Math.round(train.size() * config.validationFraction()),
        test.size());
    out.printf(
        Locale.ROOT,
        "model: %d layer(s) × %d units%s, readout %s, dropout %s; training: batch %d, %d epochs,"
            + " Adam lr %s (%s), clip %s, weight decay %s, shift %d px, seed %d, %d thread(s)%n",
        config.numLayers(),
        config.hiddenSize(),
        config.bidirectional() ? " × 2 directions" : "",
        config.readout(),
        config.dropout(),
        config.batchSize(),
        config.epochs(),
        config.learningRate(),
        config.schedule(),
        config.gradientClip(),
        config.weightDecay(),
        config.augmentShift(),
        config.seed(),
        config.threads());
    out.flush();

    ConsoleListener listener = new ConsoleListener();
    long start = System.nanoTime();
    RowLstmClassifier model;
    try {
      model = RowLstmClassifier.fit(train, config, listener);
    } catch (ArithmeticException e) {
      err.println("training diverged: " + e.getMessage());
      return 1;
    }
    double minutes = (System.nanoTime() - start) / 60e9;

    long evalStart = System.nanoTime();
    Evaluation evaluation;
    try (ComputeContext ctx = ComputeContext.of(config.threads())) {
      evaluation = model.evaluate(test, ctx);
    }
    double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
    out.printf(
        Locale.ROOT,
        "test accuracy %.4f (%d of %d) in %.1f s%n%n",
        evaluation.accuracy(),
        evaluation.correct(),
        evaluation.count(),
        evalSeconds);
    out.print(evaluation.perClassText());
    out.println();
    out.println("confusion matrix (rows: true class, columns: predicted class)");
    out.print(evaluation.confusionMatrixText());
    out.printf(
        Locale.ROOT,
        "RESULT test_accuracy=%.4f images_per_s=%.0f minutes=%.1f%n",
        evaluation.accuracy(),
        listener.imagesPerSecond(),
        minutes);
    out.flush();
    return 0;
  }

  private Path dataDirectory() {
    if (data != null) {
      return data;
    }
    if (Files.isDirectory(DEFAULT_DATA)) {
      return DEFAULT_DATA;
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--data is required: there is no MNIST folder at the default "
            + DEFAULT_DATA
            + " (from "
            + Path.of("").toAbsolutePath()
            + "); pass --data DIR, the folder holding train-images-idx3-ubyte.gz and the other"
            + " three files");
  }

  private static MnistDataset first(MnistDataset data, int count) {
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = i;
    }
    return data.subset(indices);
  }

  /** Draws one progress bar per epoch and prints each epoch's totals. */
  private final class ConsoleListener implements TrainingListener {
    private ProgressBar bar;
    private long images;
    private double trainingSeconds;

    @Override
    public void onStep(Step step) {
      if (bar == null) {
        bar =
            new ProgressBar(err, "epoch " + step.epoch() + "/" + step.epochs(), "img", interactive);
      }
      bar.update(
          step.epochFraction(),
          step.imagesPerSecond(),
          stats(step.meanLoss(), step.trainAccuracy()));
    }

    @Override
    public void onEpoch(Epoch epoch) {
      if (bar != null) {
        bar.finish(epoch.imagesPerSecond(), stats(epoch.meanLoss(), epoch.trainAccuracy()));
        bar = null;
      }
      images += epoch.images();
      trainingSeconds += epoch.trainingSeconds();
      String validation =
          Double.isNaN(epoch.validationAccuracy())
              ? "no validation"
              : String.format(Locale.ROOT, "validation accuracy %.4f", epoch.validationAccuracy());
      out.printf(
          Locale.ROOT,
          "epoch %d/%d: loss %.4f, train accuracy %.4f, %s, %.0f images/s, %.2f min%n",
          epoch.epoch(),
          epoch.epochs(),
          epoch.meanLoss(),
          epoch.trainAccuracy(),
          validation,
          epoch.imagesPerSecond(),
          (epoch.trainingSeconds() + epoch.validationSeconds()) / 60);
      out.flush();
    }

    double imagesPerSecond() {
      return trainingSeconds > 0 ? images / trainingSeconds : 0;
    }

    private String stats(double loss, double accuracy) {
      return String.format(Locale.ROOT, "loss %.4f acc %.2f%%", loss, 100 * accuracy);
    }
  }
}
