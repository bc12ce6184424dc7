package io.github.lstm4j.examples;

import io.github.lstm4j.text.BeamSearchConfig;
import io.github.lstm4j.text.BeamSearchResult;
import io.github.lstm4j.text.CharLstm;
import io.github.lstm4j.text.SamplingConfig;
import io.github.lstm4j.text.TextGenerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: streams text from a saved {@link CharLstm}, character by character. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Stream text from a model saved by 'textgen --save'.")
final class GenerateCommand extends ConsoleCommand {
  GenerateCommand(PrintStream out, PrintStream err, boolean interactive) {
    super(out, err, interactive);
  }

  @Option(names = "--model", required = true, paramLabel = "FILE", description = "the saved model")
  Path model;

  @Option(names = "--length", description = "characters to generate (default: ${DEFAULT-VALUE})")
  int length = 500;

  @Option(names = "--prime", description = "text the model reads first (default: none)")
  String prime = "";

  @Mixin SamplingOptions samplingOptions = new SamplingOptions(0.8);

  @Option(names = "--seed", description = "sampling seed (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(
      names = "--beam",
      paramLabel = "K",
      description =
          "beam search of width K instead of sampling: the most probable continuation of at most"
              + " --length characters (default: 0, sampling)")
  int beam = 0;

  @Option(
      names = "--length-penalty",
      description = "beam search: the score is log p / length^penalty (default: ${DEFAULT-VALUE})")
  double lengthPenalty = 1.0;

  @Option(
      names = "--stop",
      paramLabel = "CHAR",
      description = "beam search: a character that ends a hypothesis, such as '\\n' (repeatable)")
  java.util.List<String> stop = java.util.List.of();

  @Override
  public Integer call() throws Exception {
    SamplingConfig sampling = samplingOptions.config();
    try (CharLstm lm = CharLstm.load(model)) {
      out.print(prime);
      long start = System.nanoTime();
      if (beam > 0) {
        BeamSearchResult best =
            lm.beamSearch(
                prime,
                length,
                BeamSearchConfig.of(beam)
                    .withLengthPenalty(lengthPenalty)
                    .withStopTokens(
                        stop.stream().map(GenerateCommand::unescape).toArray(String[]::new)));
        out.println(best.text());
        out.printf(
            Locale.ROOT,
            "RESULT chars=%d log_prob=%.3f score=%.4f seconds=%.2f%n",
            best.tokens(),
            best.logProbability(),
            best.score(),
            (System.nanoTime() - start) / 1e9);
        return 0;
      }
      TextGenerator generator = lm.generator(prime, sampling, seed);
      for (int i = 0; i < length; i++) {
        out.print(generator.next());
        out.flush();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println();
      out.printf(
          Locale.ROOT,
          "RESULT chars=%d chars_per_s=%.0f seconds=%.2f%n",
          length,
          length / seconds,
          seconds);
    }
    return 0;
  }

  /** "\\n" and "\\t" as typed on a command line become the characters. */
  private static String unescape(String token) {
    return token.replace("\\n", "\n").replace("\\t", "\t");
  }
}
