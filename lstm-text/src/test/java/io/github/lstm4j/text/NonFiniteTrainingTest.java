package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.io.RecordJson;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.optim.NonFinitePolicy;
import io.github.lstm4j.core.train.TrainingListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A training step whose loss is NaN, through the real {@link CharLstm#fit} loop: THROW stops the
 * run at that step; SKIP leaves it out and counts it. The NaN is planted in {@code head.bias}
 * between epochs (token ids cannot carry one), as a corrupted or diverged weight would appear, and
 * removed an epoch later, so the whole middle epoch is non-finite.
 */
class NonFiniteTrainingTest {
  private static final String TEXT =
      "a stitch in time saves nine; nine lives has a cat.\n".repeat(12);

  /** Constant rate, no validation, no dropout: an epoch's result depends only on its start. */
  private static CharLstmConfig config(int epochs, NonFinitePolicy policy) {
    return CharLstmConfig.defaults()
        .withNumLayers(1)
        .withHiddenSize(16)
        .withSeqLen(12)
        .withBatchSize(4)
        .withLearningRate(5e-3)
        .withSchedule(CharLstmConfig.Schedule.CONSTANT)
        .withValidationFraction(0)
        .withEpochs(epochs)
        .withThreads(1)
        .withNonFinitePolicy(policy);
  }

  /** Plants a NaN in head.bias[0] at the end of epoch 1 and restores the value after epoch 2. */
  private static final class Poison {
    final List<TrainingListener.Progress> steps = new ArrayList<>();
    private float saved;

    /** The listener for one model's run. */
    TrainingListener listenerFor(CharLstm model) {
      return new TrainingListener() {
        @Override
        public void onStep(Progress progress) {
          steps.add(progress);
        }

        @Override
        public void onEpochEnd(Progress progress) {
          Param bias = model.parameters().get("head.bias");
          float[] values = model.parameters().values();
          if (progress.epoch() == 0) { // 0-based: the end of epoch 1
            saved = values[bias.offset()];
            values[bias.offset()] = Float.NaN;
          } else if (progress.epoch() == 1) {
            values[bias.offset()] = saved;
          }
        }
      };
    }
  }

  @Test
  void skippedStepsAreCountedAndLeaveNoTrace() {
    float[] clean;
    try (CharLstm model = CharLstm.fit(TEXT, config(2, NonFinitePolicy.SKIP))) {
      clean = model.parameters().values().clone();
    }
    Poison poison = new Poison();
    try (CharLstm model =
        CharLstm.fit(TEXT, config(3, NonFinitePolicy.SKIP), poison::listenerFor)) {
      // Epoch 2 changed nothing (weights, Adam's moments and step count, carried state), so
      // epoch 3 repeats the clean run's epoch 2 bit for bit.
      assertThat(model.parameters().values()).containsExactly(clean);
    }
    int perEpoch = poison.steps.size() / 3;
    assertThat(poison.steps).hasSize(3 * perEpoch);
    assertThat(poison.steps.get(perEpoch - 1).skippedSteps()).isZero();
    assertThat(poison.steps.get(perEpoch).loss()).isNaN();
    assertThat(poison.steps.get(perEpoch).skippedSteps()).isEqualTo(1);
    assertThat(poison.steps.get(3 * perEpoch - 1).skippedSteps()).isEqualTo(perEpoch);
    assertThat(poison.steps.get(3 * perEpoch - 1).step()).isEqualTo(3L * perEpoch);
  }

  @Test
  void theDefaultPolicyStopsAtTheFirstNonFiniteStep() {
    assertThat(CharLstmConfig.defaults().nonFinitePolicy()).isEqualTo(NonFinitePolicy.THROW);
    Poison poison = new Poison();

    assertThatThrownBy(
            () -> CharLstm.fit(TEXT, config(3, NonFinitePolicy.THROW), poison::listenerFor))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageStartingWith(
            "training loss became NaN at step " + (poison.steps.size() + 1) + " ");
  }

  @Test
  void skipIsSavedWithTheConfigAndAConfigWithoutThePolicyReadsAsThrow() throws IOException {
    CharLstmConfig skip = config(1, NonFinitePolicy.SKIP);
    String json = RecordJson.write(skip);
    assertThat(json).endsWith(",\"nonFinitePolicy\":\"SKIP\"}");
    assertThat(RecordJson.read(json, CharLstmConfig.class)).isEqualTo(skip);

    CharLstmConfig thrown = skip.withNonFinitePolicy(NonFinitePolicy.THROW);
    String older = json.replace(",\"nonFinitePolicy\":\"SKIP\"", "");
    assertThat(RecordJson.write(thrown)).isEqualTo(older);
    assertThat(RecordJson.read(older, CharLstmConfig.class)).isEqualTo(thrown);
  }
}
