package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.github.lstm4j.core.train.Evaluation;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the training curve of {@link CharLstm}: the per-step training losses and learning rates and
 * the validation losses (every 7 steps and at each epoch's end) of a small seeded run with dropout,
 * warm-up and a cosine schedule, recorded from the language-model loop as it was before CharLstm
 * moved onto core's training engine ({@code core.train.Trainer}). The same seed must give the same
 * curve within float tolerance. A checkpoint written by that loop (under {@code
 * src/test/resources}) must still load, generate the same text and resume along the recorded curve.
 */
class CharLstmTrainingCurvePinTest {
  /** Relative tolerance, in percent: 1e-5 relative. */
  private static final double TOLERANCE_PERCENT = 1e-3;

  private static final String OLD_CHECKPOINT = "old-format-checkpoint.safetensors";

  @TempDir Path dir;

  /** About 1,200 characters of sentences drawn from a small word list by a seeded generator. */
  static String text() {
    String[] words = {
      "the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "to", "his", "red", "ball"
    };
    Random random = new Random(11);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 1200) {
      int n = 3 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        sb.append(i == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
      }
      sb.append(random.nextInt(4) == 0 ? ".\n" : ". ");
    }
    return sb.toString();
  }

  /** 2 × 32, seqLen 16, batch 4: 16 windows an epoch; warm-up 5, cosine, dropout 0.2. */
  static CharLstmConfig config(int epochs) {
    return CharLstmConfig.defaults()
        .withNumLayers(2)
        .withHiddenSize(32)
        .withDropout(0.2)
        .withSeqLen(16)
        .withBatchSize(4)
        .withLearningRate(1e-2)
        .withSchedule(CharLstmConfig.Schedule.COSINE)
        .withWarmupSteps(5)
        .withEpochs(epochs)
        .withValidationFraction(0.1)
        .withEvaluateEvery(7)
        .withSeed(3)
        .withThreads(2);
  }

  /** What a run reports: per step and per validation. */
  private static final class Curve implements TrainingListener {
    final List<Double> losses = new ArrayList<>();
    final List<Double> rates = new ArrayList<>();
    final List<Double> validationLosses = new ArrayList<>();
    final List<Long> validationSteps = new ArrayList<>();

    @Override
    public void onStep(Progress progress) {
      losses.add(progress.loss());
      rates.add(progress.learningRate());
    }

    @Override
    public void onEvaluation(Evaluation evaluation) {
      validationLosses.add(evaluation.metric("val_loss"));
      validationSteps.add(evaluation.step());
    }
  }

  private static double[] doubles(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void assertClose(double[] actual, double[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i])
          .as("index %d", i)
          .isCloseTo(expected[i], withinPercentage(TOLERANCE_PERCENT));
    }
  }

  @Test
  void theSameSeedGivesTheCurveOfTheLoopBeforeTheEngine() {
    Curve curve = new Curve();
    try (CharLstm model = CharLstm.fit(text(), config(3), curve)) {
      assertClose(doubles(curve.losses), LOSSES);
      assertClose(doubles(curve.rates), RATES);
      assertClose(doubles(curve.validationLosses), VALIDATION_LOSSES);
      assertThat(curve.validationSteps).containsExactly(boxed(VALIDATION_STEPS));
      assertThat(model.evaluate(text()).natsPerToken())
          .isCloseTo(FINAL_LOSS, withinPercentage(TOLERANCE_PERCENT));
    }
  }

  @Test
  void aCheckpointOfTheLoopBeforeTheEngineLoadsAndGeneratesTheSameText() throws IOException {
    try (CharLstm model = CharLstm.load(oldCheckpoint())) {
      assertThat(model.config()).isEqualTo(config(1));
      assertThat(model.generate("the ", 60, SamplingConfig.defaults().withTemperature(0.8), 5L))
          .isEqualTo(SAMPLE);
    }
  }

  @Test
  void aCheckpointOfTheLoopBeforeTheEngineResumesAlongTheRecordedCurve() throws IOException {
    Curve curve = new Curve();
    try (CharLstm model = CharLstm.resume(oldCheckpoint(), text(), config(2), curve)) {
      assertClose(doubles(curve.losses), RESUMED_LOSSES);
      assertClose(doubles(curve.validationLosses), RESUMED_VALIDATION_LOSSES);
      assertThat(model.evaluate(text()).natsPerToken())
          .isCloseTo(RESUMED_FINAL_LOSS, withinPercentage(TOLERANCE_PERCENT));
    }
  }

  /** A writable copy of the recorded checkpoint (resume keeps updating its file). */
  private Path oldCheckpoint() throws IOException {
    Path copy = dir.resolve(OLD_CHECKPOINT);
    try (InputStream in = getClass().getResourceAsStream(OLD_CHECKPOINT)) {
      assertThat(in).as(OLD_CHECKPOINT).isNotNull();
      Files.copy(in, copy);
    }
    return copy;
  }

  private static Long[] boxed(long[] values) {
    return java.util.Arrays.stream(values).boxed().toArray(Long[]::new);
  }

  // Recorded from the loop before the engine (LanguageModelTrainer), threads 2.
  static final double[] LOSSES = {
    2.8675209508380233,
    2.8667282071490705,
    2.8630776256254022,
    2.829582917218598,
    2.7569624238544583,
    2.618514416803404,
    2.6111836556701573,
    2.619929207592633,
    2.4636347609932163,
    2.658555185203989,
    2.5638292859645513,
    2.5928881008383042,
    2.5584191431464447,
    2.534380324059783,
    2.6036324814295053,
    2.639411522043251,
    2.5814133116400164,
    2.5926032908200263,
    2.7348106169486055,
    2.6007243976201835,
    2.4838351003884203,
    2.501742697197378,
    2.574743831479678,
    2.5158919474370176,
    2.446595259929336,
    2.589687188004272,
    2.5619142144720657,
    2.589512593034292,
    2.575584661409106,
    2.510537142794664,
    2.583922742421654,
    2.6101475646777716,
    2.5476665888916483,
    2.580125236206139,
    2.7000880620330845,
    2.5862857749573287,
    2.4702645738859483,
    2.466408984473994,
    2.5607687288086036,
    2.512865287213283,
    2.4271338023411513,
    2.585837593133607,
    2.5368416289994555,
    2.5688513133155535,
    2.548828890343031,
    2.5023655081268656,
    2.5891505925466625,
    2.6100476688493983
  };
  static final double[] RATES = {
    0.002,
    0.003995931954153346,
    0.005975617854915361,
    0.007926984065532276,
    0.009838147674873074,
    0.009747918115101752,
    0.009638427779428612,
    0.009510145522280269,
    0.009363620667976084,
    0.00919948065843709,
    0.009018428366383367,
    0.008821239085525142,
    0.0086087572106361,
    0.008381892621725328,
    0.008141616787791423,
    0.00788895860684311,
    0.007625,
    0.007350871278540255,
    0.0070677463037341764,
    0.006776837460190017,
    0.006479390464236973,
    0.006176679029576609,
    0.005869999413045246,
    0.005560664863843179,
    0.0052499999999999995,
    0.00493933513615682,
    0.004630000586954756,
    0.004323320970423391,
    0.004020609535763026,
    0.0037231625398099835,
    0.0034322536962658238,
    0.003149128721459745,
    0.002875000000000001,
    0.002611041393156891,
    0.0023583832122085766,
    0.002118107378274673,
    0.0018912427893638996,
    0.0016787609144748579,
    0.0014815716336166334,
    0.0013005193415629094,
    0.001136379332023916,
    9.898544777197308E-4,
    8.61572220571388E-4,
    7.520818848982486E-4,
    6.61852325126926E-4,
    5.912699180846555E-4,
    5.406369084744007E-4,
    5.101701146166335E-4
  };
  static final double[] VALIDATION_LOSSES = {
    2.6514599052647005,
    2.624954034774704,
    2.608361342417503,
    2.5719155677589396,
    2.5801042331712796,
    2.5865475364430126,
    2.585639907755441,
    2.586834182746613,
    2.5876524481917853
  };
  static final long[] VALIDATION_STEPS = {7, 14, 16, 21, 28, 32, 35, 42, 48};
  static final double FINAL_LOSS = 2.558749301684166;
  static final double[] RESUMED_LOSSES = {
    2.5889175792358707,
    2.63118162611495,
    2.704607360247536,
    2.600341520411716,
    2.4828036031448004,
    2.481811379313645,
    2.5711605410863214,
    2.521277787576554,
    2.4396865292040566,
    2.5863927480893087,
    2.551190565389201,
    2.5826883981253803,
    2.5735825524672773,
    2.5075578007872914,
    2.5867224274917597,
    2.6118338478640264
  };
  static final double[] RESUMED_VALIDATION_LOSSES = {
    2.59504490441565, 2.5903991085884073, 2.5911913077044075
  };
  static final double RESUMED_FINAL_LOSS = 2.5572932005040676;
  static final String SAMPLE = "do.  atbaea sattoa a t s mt ar  tatmaa \nbha hn t aa antaals ";
}
