package io.github.lstm4j.core.io;

import static io.github.lstm4j.core.io.SafetensorsTest.fileNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsAtomicWriteTest {
  @TempDir Path dir;

  private Path target;
  private byte[] previous;

  @BeforeEach
  void writePreviousVersion() throws IOException {
    target = dir.resolve("model.safetensors");
    Safetensors.write(target, Map.of("w", Tensor.wrap(new float[] {1, 2, 3}, 3)), Map.of());
    previous = Files.readAllBytes(target);
  }

  @Test
  void anIoFailureMidwayLeavesThePreviousFileIntactAndNoTempFile() throws IOException {
    byte[] next = Safetensors.toBytes(Map.of("w", Tensor.zeros(1000)), Map.of("v", "2"));

    assertThatIOException()
        .isThrownBy(
            () ->
                Safetensors.writeAtomically(
                    target,
                    channel -> {
                      channel.write(ByteBuffer.wrap(next, 0, next.length / 2));
                      throw new IOException("No space left on device");
                    }))
        .withMessage("No space left on device");

    assertThat(target).hasBinaryContent(previous);
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }

  @Test
  void anUncheckedFailureMidwayAlsoRemovesTheTempFile() throws IOException {
    assertThatIllegalStateException()
        .isThrownBy(
            () ->
                Safetensors.writeAtomically(
                    target,
                    channel -> {
                      channel.write(ByteBuffer.wrap(new byte[100]));
                      throw new IllegalStateException("tensor changed while writing");
                    }));

    assertThat(target).hasBinaryContent(previous);
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }

  @Test
  void aFailedRenameRemovesTheTempFile() throws IOException {
    // A non-empty directory cannot be replaced by a file, so the final rename fails.
    Path occupied = dir.resolve("occupied");
    Files.createDirectory(occupied);
    Files.write(occupied.resolve("keep"), new byte[] {42});

    assertThatIOException()
        .isThrownBy(() -> Safetensors.write(occupied, Map.of("w", Tensor.zeros(2)), Map.of()));

    assertThat(fileNames(dir)).containsExactly("model.safetensors", "occupied");
    assertThat(occupied.resolve("keep")).hasBinaryContent(new byte[] {42});
  }

  @Test
  void invalidInputFailsBeforeTouchingTheDirectory() throws IOException {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Safetensors.write(target, Map.of("__metadata__", Tensor.zeros(1)), Map.of()));

    assertThat(target).hasBinaryContent(previous);
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }

  @Test
  void aSuccessfulWriteReplacesTheFileAndLeavesNoTempFile() throws IOException {
    Safetensors.write(target, Map.of("w", Tensor.wrap(new float[] {9}, 1)), Map.of());

    assertThat(Safetensors.read(target).require("w", 1).data()).containsExactly(9f);
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }
}
