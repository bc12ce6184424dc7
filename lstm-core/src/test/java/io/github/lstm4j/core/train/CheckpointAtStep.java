package io.github.lstm4j.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A listener that writes its trainer's checkpoint right after one step: the file a run stopped
 * there would leave, while the run goes on.
 */
final class CheckpointAtStep implements TrainingListener {
  private final Trainer trainer;
  private final long step;
  private final Path path;
  private final Map<String, String> metadata;

  CheckpointAtStep(Trainer trainer, long step, Path path, Map<String, String> metadata) {
    this.trainer = trainer;
    this.step = step;
    this.path = path;
    this.metadata = metadata;
  }

  @Override
  public void onStep(Progress progress) {
    if (progress.step() == step) {
      try {
        trainer.writeCheckpoint(path, metadata);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
