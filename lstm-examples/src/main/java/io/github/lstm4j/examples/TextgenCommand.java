package io.github.lstm4j.examples;

import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.MetricsLog;
import io.github.lstm4j.core.train.TrainingListener;
import io.github.lstm4j.text.CharLstm;
import io.github.lstm4j.text.CharLstmConfig;
import io.github.lstm4j.text.CorpusWords;
import io.github.lstm4j.text.SamplingConfig;
import io.github.lstm4j.text.TextEvaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code textgen}: trains a character-level LSTM and prints samples as it learns. Without {@code
 * --corpus} it trains on a text embedded in the jar ({@link EmbeddedCorpus}: Tiny Shakespeare by
 * default), so nothing is downloaded. The RESULT line gives the validation loss on the held-out
 * tail and the word hit rate of the final sample ({@link CorpusWords}).
 */
@Command(
    name = "textgen",
    mixinStandardHelpOptions = true,
    description = {
      "Train a character-level LSTM language model and print generated text.",
      "Progress goes to stderr; samples and the final RESULT line go to stdout."
    })
final class TextgenCommand extends ConsoleCommand {
  TextgenCommand(PrintStream out, PrintStream err, boolean interactive) {
    super(out, err, interactive);
  }

  @Option(
      names = "--corpus",
      paramLabel = "FILE",
      description = "UTF-8 training text (default: the --embedded text)")
  Path corpus;

  @Option(
      names = "--embedded",
      description =
          "text embedded in the jar, used without --corpus: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE})")
  EmbeddedCorpus embedded = EmbeddedCorpus.SHAKESPEARE;

  @Option(
      names = "--minutes",
      description =
          "training time limit, counting the time before a --resume checkpoint too"
              + " (default: ${DEFAULT-VALUE})")
  double minutes = 3;

  // The model and schedule defaults are chosen for the default 3-minute budget on 2 cores: a
  // 2 × 256 model sees one to two epochs of Tiny Shakespeare, and in so few steps a high Adam rate
  // with a short warm-up and a cosine decay on the clock learns the most. Longer runs want a larger
  // model, dropout and a lower rate.

  @Option(names = "--seq-len", description = "BPTT window (default: ${DEFAULT-VALUE})")
  int seqLen = 64;

  @Option(
      names = "--warmup",
      description = "steps of linear learning-rate warm-up (default: ${DEFAULT-VALUE})")
  int warmup = 30;

  @Option(
      names = "--schedule",
      description =
          "learning rate over the run, ${COMPLETION-CANDIDATES}; cosine decays with the"
              + " --minutes clock (default: ${DEFAULT-VALUE})")
  CharLstmConfig.Schedule schedule = CharLstmConfig.Schedule.COSINE;

  @Option(names = "--dropout", description = "dropout between layers (default: ${DEFAULT-VALUE})")
  double dropout = 0;

  @Option(
      names = "--ema",
      description =
          "decay of a moving average of the weights that validation scores and --save keeps,"
              + " e.g. 0.999; 0 = off (default: ${DEFAULT-VALUE})")
  double emaDecay = 0;

  @Mixin LstmSizeOptions size = new LstmSizeOptions(256, 2);

  @Mixin TrainingOptions training = new TrainingOptions(50, 32, 0.02, 0);

  @Mixin ThreadsOption threads = new ThreadsOption();

  @Mixin SeedOption seed = new SeedOption();

  @Mixin SamplingOptions samplingOptions = new SamplingOptions(0.7);

  @Option(
      names = "--sample-length",
      description = "characters per sample (default: ${DEFAULT-VALUE})")
  int sampleLength = 600;

  @Option(
      names = "--prime",
      description = "text the samples start from (default: the corpus's first line, if short)")
  String prime;

  @Option(
      names = "--save",
      paramLabel = "FILE",
      description =
          "checkpoint of the best model so far, resumable and loadable by 'generate'"
              + " (default: ${DEFAULT-VALUE})")
  Path save = Path.of("textgen-model.safetensors");

  @Option(
      names = "--resume",
      paramLabel = "FILE",
      description =
          "continue training from a checkpoint written by --save (model options are taken from"
              + " it; --epochs, --minutes, --lr, --warmup, --schedule and --threads apply)")
  Path resume;

  @Override
  public Integer call() throws Exception {
    String text = corpus == null ? embedded.load() : CharLstm.readUtf8(corpus);
    CharLstmConfig config =
        CharLstmConfig.defaults()
            .withNumLayers(size.numLayers)
            .withHiddenSize(size.hiddenSize)
            .withSeqLen(seqLen)
            .withBatchSize(training.batchSize)
            .withLearningRate(training.learningRate)
            .withWarmupSteps(warmup)
            .withSchedule(schedule)
            .withDropout(dropout)
            .withWeightDecay(training.weightDecay)
            .withEmaDecay(emaDecay)
            .withEpochs(training.epochs)
            .withMaxMinutes(minutes)
            .withThreads(threads.count())
            .withSeed(seed.value());
    if (resume != null) {
      config = resumeConfig(config);
    }
    if (prime == null) {
      // A model that has read a line of the corpus starts in its usual state. From the zero state
      // a short model can fall into a loop ("\n\nKKKK…"): training sees the zero state only at
      // the start of each epoch's streams.
      int newline = text.indexOf('\n');
      prime = newline >= 0 && newline < 200 ? text.substring(0, newline + 1) : "";
    }
    SamplingConfig sampling = samplingOptions.config();
    // What will run: on --resume, the checkpoint's shape, not this command line's.
    err.printf(
        Locale.ROOT,
        "corpus: %s (%,d characters); model %d x %d, seqLen %d, batch %d, lr %s %s, %d threads,"
            + " %.1f minutes%s%n",
        corpus == null ? "embedded " + embedded.title() : corpus,
        text.length(),
        config.numLayers(),
        config.hiddenSize(),
        config.seqLen(),
        config.batchSize(),
        config.learningRate(),
        config.schedule().toString().toLowerCase(Locale.ROOT),
        config.threads(),
        config.maxMinutes(),
        resume == null ? "" : ", resumed from " + resume);
    long start = System.nanoTime();
    double[] lastRate = {0};
    Path modelFile = resume == null ? save : resume;
    Path svg = CurvePlot.besideModel(modelFile);
    Path metrics = svg.resolveSibling(svg.getFileName().toString().replaceFirst("svg$", "jsonl"));
    CurvePlot plot = new CurvePlot("textgen", "nats/char");
    CharLstmConfig run = config;
    try (MetricsLog log = MetricsLog.jsonLines(metrics);
        CharLstm model =
            train(
                text,
                config,
                trained ->
                    new ConsoleProgress(trained, run, sampling, lastRate, plot).andThen(log))) {
      double trainedMinutes = (System.nanoTime() - start) / 6e10;
      String sample = model.generate(prime, sampleLength, sampling, seed.value());
      out.println();
      out.println("=== sample (" + samplingOptions.describe() + ") ===");
      out.println(prime + sample);
      // The held-out tail the trainer validated on (its first million characters at most).
      int heldOutStart = text.length() - Math.max(2, text.length() / 10);
      TextEvaluation validation =
          model.evaluate(
              text.substring(heldOutStart, Math.min(text.length(), heldOutStart + 1_000_000)));
      double wordHit = CorpusWords.of(text).hitRate(sample);
      out.printf(
          Locale.ROOT,
          "RESULT val_loss=%.3f bits_per_char=%.3f word_hit=%.2f chars_per_s=%.0f minutes=%.1f%n",
          validation.natsPerToken(),
          validation.bitsPerToken(),
          wordHit,
          lastRate[0],
          trainedMinutes);
      err.println("best model saved to " + modelFile);
      err.println("metrics log written to " + metrics);
      if (!plot.isEmpty()) {
        plot.write(svg);
        err.println("training curves saved to " + svg);
      }
    }
    return 0;
  }

  private CharLstm train(
      String text, CharLstmConfig config, Function<CharLstm, TrainingListener> progress)
      throws IOException {
    return resume == null
        ? CharLstm.fit(text, config, progress, save)
        : CharLstm.resume(resume, text, config, progress);
  }

  /** The checkpoint's config with this run's limits. */
  private CharLstmConfig resumeConfig(CharLstmConfig requested) throws java.io.IOException {
    try (CharLstm saved = CharLstm.load(resume)) {
      return saved
          .config()
          .withEpochs(requested.epochs())
          .withMaxMinutes(requested.maxMinutes())
          .withLearningRate(requested.learningRate())
          .withWarmupSteps(requested.warmupSteps())
          .withSchedule(requested.schedule())
          .withThreads(requested.threads());
    }
  }

  /**
   * Draws the progress bar, prints a sample at the end of each epoch, and at each validation adds a
   * point to each curve (the metrics log is a listener of its own beside it).
   */
  private final class ConsoleProgress implements TrainingListener {
    private final CharLstm model;
    private final int seqLen;
    private final double budgetSeconds;
    private final SamplingConfig sampling;
    private final double[] lastRate;
    private final CurvePlot plot;
    private final ProgressBar bar = new ProgressBar(err, "training", "chars", interactive);
    private double validationLoss = Double.NaN; // the latest, NaN before the first

    ConsoleProgress(
        CharLstm model,
        CharLstmConfig config,
        SamplingConfig sampling,
        double[] lastRate,
        CurvePlot plot) {
      this.model = model;
      this.seqLen = config.seqLen();
      this.budgetSeconds = config.maxMinutes() * 60;
      this.sampling = sampling;
      this.lastRate = lastRate;
      this.plot = plot;
    }

    @Override
    public void onEvaluation(Evaluation e) {
      validationLoss = e.metric("val_loss");
      plot.add("train loss", e.step(), e.trainLoss()); // the mean since the last validation
      plot.add("validation loss", e.step(), validationLoss);
    }

    /** A loss with three decimals, or "--" before the first validation. */
    private String loss(double value) {
      return Double.isNaN(value) ? "--" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The part of the run done: by the steps, or by the clock when the budget comes first. */
    private double fraction(Progress p) {
      double byTime = budgetSeconds > 0 ? p.elapsedSeconds() / budgetSeconds : 0;
      return Math.min(1, Math.max(p.fraction(), byTime));
    }

    private double charsPerSecond(Progress p) {
      return p.examplesPerSecond() * seqLen; // an example is one stream's window
    }

    @Override
    public void onStep(Progress p) {
      lastRate[0] = charsPerSecond(p);
      bar.update(
          fraction(p),
          charsPerSecond(p),
          String.format(
              Locale.ROOT,
              "epoch %d step %d loss %.3f val %s",
              p.epoch() + 1,
              p.step(),
              p.loss(),
              loss(validationLoss)));
    }

    @Override
    public void onEpochEnd(Progress p) {
      bar.endLine(
          fraction(p),
          charsPerSecond(p),
          String.format(
              Locale.ROOT,
              "epoch %d loss %.3f val %s",
              p.epoch() + 1,
              p.loss(),
              loss(validationLoss)));
      out.printf(
          Locale.ROOT,
          "%n--- epoch %d, step %d, %.1f min, val loss %.3f nats/char ---%n%s%n",
          p.epoch() + 1,
          p.step(),
          p.elapsedSeconds() / 60,
          validationLoss,
          model.generate(prime, 200, sampling, p.step()));
      out.flush();
    }
  }
}
