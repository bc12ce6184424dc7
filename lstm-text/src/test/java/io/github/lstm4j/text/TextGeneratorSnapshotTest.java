package io.github.lstm4j.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generator runs on a snapshot of the whole model, so later weight changes do not reach it. */
class TextGeneratorSnapshotTest {
  private static final String TEXT = "abc abd abe bca bcd cab cba.\n".repeat(20);
  private static final SamplingConfig SAMPLING = SamplingConfig.defaults().withTemperature(0.9);

  @TempDir Path dir;

  private static CharLstmConfig config() {
    return CharLstmConfig.defaults()
        .withNumLayers(1)
        .withHiddenSize(16)
        .withSeqLen(8)
        .withBatchSize(2)
        .withEpochs(1)
        .withThreads(1);
  }

  @Test
  void aGeneratorMadeBeforeAWeightChangeGivesTheTextOfTheWeightsItWasMadeFrom() throws IOException {
    Path saved = dir.resolve("before.safetensors");
    try (CharLstm model = CharLstm.fit(TEXT, config())) {
      model.save(saved);
      TextGenerator kept = model.generator("ab", SAMPLING, 9L);
      // What an optimizer step does to the model: every weight moves (the head's included), and
      // the trainer reports the change.
      float[] values = model.parameters().values();
      for (int i = 0; i < values.length; i++) {
        values[i] = values[i] * -1.5f + 0.25f;
      }
      model.weightsChanged();
      String afterTheStep = next(kept, 80);
      try (CharLstm before = CharLstm.load(saved)) {
        assertThat(afterTheStep).isEqualTo(next(before.generator("ab", SAMPLING, 9L), 80));
      }
      // A generator made after the change sees the new weights.
      assertThat(next(model.generator("ab", SAMPLING, 9L), 80)).isNotEqualTo(afterTheStep);
    }
  }

  private static String next(TextGenerator generator, int tokens) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      sb.append(generator.next());
    }
    return sb.toString();
  }
}
