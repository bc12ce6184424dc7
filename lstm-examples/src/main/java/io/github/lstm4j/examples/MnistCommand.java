package io.github.lstm4j.examples;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.model.ClassificationMetrics;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.vision.ClassifierConfig;
import io.github.lstm4j.vision.ImagePreprocessing;
import io.github.lstm4j.vision.MnistBatches;
import io.github.lstm4j.vision.MnistDataset;
import io.github.lstm4j.vision.MnistDownloader;
import io.github.lstm4j.vision.MnistFiles;
import io.github.lstm4j.vision.Prediction;
import io.github.lstm4j.vision.RowLstmClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mnist}: trains a row-LSTM classifier on MNIST and reports its test accuracy, or loads a
 * saved one to evaluate it or to classify pictures.
 *
 * <p>Training shows a live progress bar per epoch on standard error, prints each epoch's validation
 * accuracy, saves the model if {@code --save FILE} is given, then prints the test accuracy,
 * per-class precision and recall and the confusion matrix, and one machine-readable line on
 * standard output:
 *
 * <pre>
 * RESULT test_accuracy=0.9912 images_per_s=4100 minutes=6.5
 * </pre>
 *
 * <p>{@code images_per_s} is the training throughput (validation excluded); {@code minutes} is the
 * wall time of training, validation passes included.
 *
 * <p>{@code --model FILE} skips training: the loaded model is evaluated on the test set ({@code
 * RESULT test_accuracy=…} only), or, with {@code --predict IMAGE...}, classifies each picture
 * instead (also after training), one line each:
 *
 * <pre>
 * digit.png: 7 (p=0.98), top 3: 7=0.981 1=0.012 9=0.004
 * </pre>
 *
 * <p>Exit codes follow picocli: 0 on success, 2 for a usage error (a bad option value), 1 when a
 * file cannot be used (MNIST files, the model file, a picture); the reason goes to standard error,
 * without a stack trace. A picture that cannot be read does not stop the others.
 */
@Command(
    name = "mnist",
    mixinStandardHelpOptions = true,
    description = {
      "Train an LSTM that reads MNIST images row by row; print the test accuracy and the"
          + " confusion matrix, then a RESULT line. With --model, load a saved model instead (the"
          + " training options are then ignored) and evaluate it on the test set of --data;"
          + " with --predict, classify pictures. --save saves a loaded model too."
    })
final class MnistCommand extends ConsoleCommand {
  /**
   * Where the data is looked for without {@code --data}: the user's cache folder, {@code
   * $XDG_CACHE_HOME/lstm4j/mnist} or {@code ~/.cache/lstm4j/mnist}, which {@code --download} fills.
   */
  static final Path DEFAULT_DATA = defaultDataDirectory();

  private static Path defaultDataDirectory() {
    String cache = System.getenv("XDG_CACHE_HOME");
    Path base =
        cache != null && !cache.isBlank()
            ? Path.of(cache)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("lstm4j").resolve("mnist");
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "Folder with the four MNIST files (train-images-idx3-ubyte.gz, …), raw or gzipped"
              + " (default: the cache folder ~/.cache/lstm4j/mnist, filled by --download).")
  Path data;

  @Option(
      names = "--download",
      description =
          "Download the missing MNIST files from the CVDF mirror into --data (or the cache"
              + " folder), keeping each only if its SHA-256 matches the published one.")
  boolean download;

  @Option(names = "--bidirectional", description = "Also read the rows bottom to top.")
  boolean bidirectional;

  @Mixin LstmSizeOptions size = new LstmSizeOptions(128, 1);

  @Mixin TrainingOptions training = new TrainingOptions(5, 128, 0.003, 0);

  @Mixin ThreadsOption threads = new ThreadsOption();

  @Mixin SeedOption seed = new SeedOption();

  @Option(
      names = "--schedule",
      paramLabel = "KIND",
      defaultValue = "COSINE",
      description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ClassifierConfig.Schedule schedule;

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

  @Mixin ModelFileOptions modelFiles = new ModelFileOptions();

  @Option(
      names = "--predict",
      paramLabel = "IMAGE",
      arity = "1..*",
      description =
          "Classify pictures (PNG, JPEG, GIF, BMP; any size, grey or colour, scaled to the"
              + " model's image size): prints 'IMAGE: digit (p=…)' and the top 3 classes.")
  List<Path> predict = List.of();

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Use only the first N training images, for quick runs (default: all).")
  Integer limit;

  MnistCommand(PrintStream out, PrintStream err, boolean interactive) {
    super(out, err, interactive);
  }

  /** Builds the classifier config from the options; unset options keep the library defaults. */
  ClassifierConfig config() {
    ClassifierConfig config =
        ClassifierConfig.defaults()
            .withHiddenSize(size.hiddenSize)
            .withNumLayers(size.numLayers)
            .withBidirectional(bidirectional)
            .withDropout(dropout)
            .withReadout(readout)
            .withBatchSize(training.batchSize)
            .withEpochs(training.epochs)
            .withLearningRate(training.learningRate)
            .withWeightDecay(training.weightDecay)
            .withGradientClip(gradientClip)
            .withSchedule(schedule)
            .withAugmentShift(augmentShift)
            .withSeed(seed.value())
            .withThreads(threads.count());
    if (validationFraction != null) {
      config = config.withValidationFraction(validationFraction);
    }
    return config;
  }

  @Override
  public Integer call() {
    ClassifierConfig config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return modelFiles.model == null ? train(config) : useSavedModel(config.threads());
  }

  /** Trains, saves if asked, evaluates on the test set, then classifies the pictures if any. */
  private int train(ClassifierConfig config) {
    Path directory = dataDirectory();
    MnistDataset train;
    MnistDataset test;
    try {
      train = loadSplit(directory, MnistFiles.Split.TRAIN);
      test = loadSplit(directory, MnistFiles.Split.TEST);
    } catch (IOException e) {
      err.println("cannot read MNIST: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
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

    ConsoleListener listener = new ConsoleListener(config.epochs());
    long start = System.nanoTime();
    RowLstmClassifier classifier;
    try {
      classifier = RowLstmClassifier.fit(train, config, listener);
    } catch (ArithmeticException e) {
      err.println("training diverged: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    double minutes = (System.nanoTime() - start) / 60e9;
    // Saved before the evaluation, so that a failure there cannot lose the training.
    boolean saved = modelFiles.save == null || save(classifier);

    ClassificationMetrics evaluation = evaluate(classifier, test, config.threads());
    out.printf(
        Locale.ROOT,
        "RESULT test_accuracy=%.4f images_per_s=%.0f minutes=%.1f%n",
        evaluation.accuracy(),
        listener.imagesPerSecond(),
        minutes);
    out.flush();
    int classified = classify(classifier);
    return saved ? classified : CommandLine.ExitCode.SOFTWARE;
  }

  /**
   * Loads the model of {@code --model}, saves it again if asked, then classifies the pictures of
   * {@code --predict} or, without any, evaluates it on the test set.
   */
  private int useSavedModel(int threads) {
    if (predict.isEmpty() && data == null && !download && !Files.isDirectory(DEFAULT_DATA)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--model needs --predict IMAGE... to classify pictures, or --data DIR to evaluate on"
              + " the MNIST test set (there is none at the default "
              + DEFAULT_DATA
              + ")");
    }
    Path model = modelFiles.model;
    RowLstmClassifier classifier;
    try {
      classifier = RowLstmClassifier.load(model);
    } catch (IOException e) {
      err.println("cannot load model: " + reason(e, model));
      return CommandLine.ExitCode.SOFTWARE;
    }
    boolean saved = modelFiles.save == null || save(classifier);
    if (!predict.isEmpty()) {
      int classified = classify(classifier);
      return saved ? classified : CommandLine.ExitCode.SOFTWARE;
    }
    Path directory = dataDirectory();
    MnistDataset test;
    try {
      test = loadSplit(directory, MnistFiles.Split.TEST);
    } catch (IOException e) {
      err.println("cannot read MNIST: " + e.getMessage());
      return CommandLine.ExitCode.SOFTWARE;
    }
    if (!test.shape().equals(classifier.shape())) {
      err.printf(
          Locale.ROOT,
          "cannot evaluate: the model classifies %s, the test set in %s has %s%n",
          classifier.shape().describe(),
          directory,
          test.shape().describe());
      return CommandLine.ExitCode.SOFTWARE;
    }
    ClassifierConfig config = classifier.config();
    out.printf(
        Locale.ROOT,
        "model %s: %d × %d images, %d classes, %d layer(s) × %d units%s, readout %s; MNIST test"
            + " set from %s: %d images%n",
        model,
        classifier.shape().rows(),
        classifier.shape().cols(),
        classifier.shape().numClasses(),
        config.numLayers(),
        config.hiddenSize(),
        config.bidirectional() ? " × 2 directions" : "",
        config.readout(),
        directory,
        test.size());
    ClassificationMetrics evaluation = evaluate(classifier, test, threads);
    out.printf(Locale.ROOT, "RESULT test_accuracy=%.4f%n", evaluation.accuracy());
    out.flush();
    return saved ? CommandLine.ExitCode.OK : CommandLine.ExitCode.SOFTWARE;
  }

  /** Saves to {@code --save}; reports a failure on standard error and returns false. */
  private boolean save(RowLstmClassifier classifier) {
    Path save = modelFiles.save;
    try {
      classifier.save(save);
    } catch (IOException e) {
      err.println("cannot save model: " + reason(e, save));
      return false;
    }
    out.println("saved the model to " + save);
    out.flush();
    return true;
  }

  /** Evaluates on the test set; prints accuracy, per-class precision, recall and F1, confusion. */
  private ClassificationMetrics evaluate(
      RowLstmClassifier classifier, MnistDataset test, int threads) {
    long start = System.nanoTime();
    ClassificationMetrics evaluation;
    try (ComputeContext ctx = ComputeContext.of(threads)) {
      evaluation = classifier.evaluate(ctx, test);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT, "test set, evaluated in %.1f s: ", seconds);
    out.print(evaluation);
    return evaluation;
  }

  /**
   * Classifies each picture of {@code --predict}, one line each; a picture that cannot be read is
   * reported on standard error and the others are still classified.
   *
   * @return 0 if every picture was classified, else 1
   */
  private int classify(RowLstmClassifier classifier) {
    int exit = CommandLine.ExitCode.OK;
    for (Path image : predict) {
      float[] pixels;
      try {
        pixels =
            ImagePreprocessing.read(image, classifier.shape().rows(), classifier.shape().cols());
      } catch (IOException e) {
        err.println("cannot read image: " + reason(e, image));
        exit = CommandLine.ExitCode.SOFTWARE;
        continue;
      } catch (RuntimeException e) { // ImageIO's decoders throw these on some damaged files
        err.println("cannot read image: " + image + ": the image decoder failed: " + e);
        exit = CommandLine.ExitCode.SOFTWARE;
        continue;
      }
      out.println(predictionLine(image, classifier.predict(pixels)));
    }
    out.flush();
    return exit;
  }

  /**
   * Formats a prediction: the predicted class with its probability, then the (up to) three most
   * probable classes with theirs.
   *
   * <pre>
   * digit.png: 7 (p=0.98), top 3: 7=0.981 1=0.012 9=0.004
   * </pre>
   */
  static String predictionLine(Path image, Prediction prediction) {
    float[] p = prediction.probabilities();
    List<String> digits = IntStream.range(0, p.length).mapToObj(String::valueOf).toList();
    return PredictionLine.format(image.toString(), digits, p, prediction.label(), 3);
  }

  /** Explains why a file could not be used, naming it exactly once. */
  private static String reason(IOException e, Path file) {
    if (e instanceof NoSuchFileException missing) {
      // A reason (a save into a missing directory names it) says more than the generic text.
      return missing.getReason() != null
          ? missing.getMessage()
          : file + ": no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return file + ": permission denied";
    }
    String message = String.valueOf(e.getMessage());
    return message.contains(file.toString()) ? message : file + ": " + message;
  }

  private Path dataDirectory() {
    if (data != null) {
      return data;
    }
    if (download || Files.isDirectory(DEFAULT_DATA)) {
      return DEFAULT_DATA;
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "--data is required: there is no MNIST folder at the default "
            + DEFAULT_DATA
            + "; pass --data DIR, the folder holding train-images-idx3-ubyte.gz and the other"
            + " three files, or --download to fetch them (verified by SHA-256) into the cache");
  }

  /** One split from the folder, downloading its missing files first with --download. */
  private MnistDataset loadSplit(Path directory, MnistFiles.Split split) throws IOException {
    return download
        ? MnistFiles.loadOrDownload(
            directory, split, new MnistDownloader(MnistDownloader.CVDF_MIRROR))
        : MnistFiles.load(directory, split);
  }

  private static MnistDataset first(MnistDataset data, int count) {
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = i;
    }
    return MnistBatches.subset(data, indices);
  }

  /** Draws one progress bar per epoch and prints each epoch's totals. */
  private final class ConsoleListener implements TrainingListener {
    private final int epochs;
    private ProgressBar bar;
    private double lossSum; // this epoch's finite step losses
    private int losses;
    private double imagesPerSecond; // the run's throughput so far
    private double epochStart; // training seconds when this epoch began

    ConsoleListener(int epochs) {
      this.epochs = epochs;
    }

    @Override
    public void onStep(Progress step) {
      if (bar == null) {
        bar =
            new ProgressBar(err, "epoch " + (step.epoch() + 1) + "/" + epochs, "img", interactive);
      }
      if (Double.isFinite(step.loss())) {
        lossSum += step.loss();
        losses++;
      }
      long perEpoch = step.plannedSteps() / epochs;
      double epochFraction = (step.step() - step.epoch() * perEpoch) / (double) perEpoch;
      imagesPerSecond = step.examplesPerSecond();
      bar.update(
          epochFraction,
          imagesPerSecond,
          String.format(Locale.ROOT, "loss %.4f", losses > 0 ? lossSum / losses : Double.NaN));
    }

    @Override
    public void onEvaluation(io.github.lstm4j.core.train.Evaluation epoch) {
      double trainAccuracy = epoch.metric("train_accuracy");
      if (bar != null) {
        bar.finish(imagesPerSecond, stats(epoch.trainLoss(), trainAccuracy));
        bar = null;
      }
      lossSum = 0;
      losses = 0;
      double validationAccuracy = epoch.metric("val_accuracy");
      String validation =
          Double.isNaN(validationAccuracy)
              ? "no validation"
              : String.format(Locale.ROOT, "validation accuracy %.4f", validationAccuracy);
      // The trainer reports train_accuracy only next to a validation metric.
      String train =
          Double.isNaN(trainAccuracy)
              ? ""
              : String.format(Locale.ROOT, ", train accuracy %.4f", trainAccuracy);
      out.printf(
          Locale.ROOT,
          "epoch %d/%d: loss %.4f%s, %s, %.0f images/s, %.2f min%n",
          epoch.epoch() + 1,
          epochs,
          epoch.trainLoss(),
          train,
          validation,
          imagesPerSecond,
          (epoch.elapsedSeconds() - epochStart) / 60);
      epochStart = epoch.elapsedSeconds();
      out.flush();
    }

    double imagesPerSecond() {
      return imagesPerSecond;
    }

    private String stats(double loss, double accuracy) {
      return String.format(Locale.ROOT, "loss %.4f acc %.2f%%", loss, 100 * accuracy);
    }
  }
}
