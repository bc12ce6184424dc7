package io.github.lstm4j.core.io;

import static io.github.lstm4j.core.io.SafetensorsTest.concat;
import static io.github.lstm4j.core.io.SafetensorsTest.fileNames;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.optim.Adam;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The errors a user meets with the wrong file: another format (a PyTorch {@code torch.save} file
 * above all), a directory, a save into a directory that does not exist. Each names the path the
 * user gave and says what is wrong in words, not as a header-length or a temporary-file error.
 */
class FileErrorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String CONVERT =
      "; convert a PyTorch model in Python with"
          + " safetensors.torch.save_file(model.state_dict(), \"model.safetensors\")";

  @TempDir Path dir;

  /**
   * The first 16 bytes of {@code torch.save(torch.nn.LSTM(3, 4).state_dict(), path)} from PyTorch
   * 1.13: a zip archive (local file header {@code PK\3\4}); with {@code
   * _use_new_zipfile_serialization=False}, a protocol-2 pickle whose first object is the LONG1
   * magic number 0x1950a86a20f9469cfc6c.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          zip (torch.save)     | 504b0304000008080000000000000000 | it is a zip archive, the format torch.save writes
          pickle (legacy save) | 80028a0a6cfc9c46f9206aa850192e80 | it is a Python pickle, the format torch.save writes with _use_new_zipfile_serialization=False
          """)
  void aPyTorchFileSaysHowToConvertIt(String kind, String start, String message)
      throws IOException {
    Path path = dir.resolve("model.pt");
    Files.write(path, concat(HEX.parseHex(start), new byte[100]));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(path))
        .withMessage(path + ": not a safetensors file: " + message + CONVERT);
    assertThatIOException()
        .isThrownBy(() -> ModelFile.read(path))
        .withMessage(path + ": not a safetensors file: " + message + CONVERT);
  }

  /** Each row: the file's text (or hex), then the bytes and text the message shows. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          <!DOCTYPE html><html> | 3c 21 44 4f 43 54 59 50 45 | <!DOCTYPE
          {"hiddenSize": 128}   | 7b 22 68 69 64 64 65 6e 53 | {\\"hiddenS
          hex:0200000000000000 5b 5d | 02 00 00 00 00 00 00 00 5b | ........[
          hex:0300000000000000 20 7b 7d | 03 00 00 00 00 00 00 00 20 | `........ `
          hex:0000000000000000 | 00 00 00 00 00 00 00 00 | ........
          """)
  void aFileOfAnotherFormatIsNotASafetensorsFile(String contents, String bytes, String text)
      throws IOException {
    byte[] data =
        contents.startsWith("hex:")
            ? HEX.parseHex(contents.substring(4).replace(" ", ""))
            : contents.getBytes(UTF_8);
    Path path = dir.resolve("weights.bin");
    Files.write(path, data);

    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(path))
        .withMessage(
            path
                + ": not a safetensors file: it must start with an 8-byte little-endian header"
                + " length and then '{', got the bytes "
                + bytes
                + " (\""
                + text
                + "\")");
  }

  @Test
  void aDamagedSafetensorsFileStillGetsTheDetailedHeaderError() {
    // A '{' after the length field: this is safetensors, with a broken length.
    byte[] bytes = concat(HEX.parseHex("ffffffffffffffff"), "{}      ".getBytes(UTF_8));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.fromBytes(bytes))
        .withMessage(
            "safetensors bytes: header length must be at most 100000000 bytes, got"
                + " 18446744073709551615");
  }

  /**
   * A forged size is checked against the real file before anything is allocated from it: here a
   * header of 100,000,000 bytes and a tensor of 2^31 - 9 floats, claimed by 24-byte files (an
   * allocation of either would need 100 MB or 8 GB).
   */
  @Test
  void forgedSizesInARealFileAreRejectedBeforeAllocating() throws IOException {
    Path longHeader = dir.resolve("long-header.safetensors");
    Files.write(
        longHeader, concat(HEX.parseHex("00e1f50500000000"), "{}".repeat(8).getBytes(UTF_8)));
    Path bigTensor = dir.resolve("big-tensor.safetensors");
    Files.write(
        bigTensor,
        SafetensorsTest.file(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2147483639],"
                + "\"data_offsets\":[0,8589934556]}}",
            new byte[4]));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(longHeader))
        .withMessage(
            longHeader
                + ": header length must fit in the 16 bytes after the length field, got 100000000");
    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(bigTensor))
        .withMessage(
            bigTensor
                + ": tensor \"w\" data_offsets must lie in the data buffer of 4 bytes, got [0,"
                + " 8589934556]");
  }

  @Test
  void aDirectoryGivenAsAModelFileIsNamedAsADirectory() throws IOException {
    Path model = Files.createDirectory(dir.resolve("model.safetensors"));

    assertThatIOException()
        .isThrownBy(() -> Safetensors.read(model))
        .withMessage(model + ": not a safetensors file: it is a directory");
    assertThatIOException()
        .isThrownBy(() -> ModelFile.read(model))
        .withMessage(model + ": not a safetensors file: it is a directory");
    assertThatIOException()
        .isThrownBy(() -> TrainingCheckpoint.read(model))
        .withMessage(model + ": not a safetensors file: it is a directory");
  }

  @Test
  void savingOverADirectoryNamesThePathNotTheTemporaryFile() throws IOException {
    Path model = Files.createDirectory(dir.resolve("model.safetensors"));

    assertThatThrownBy(() -> Safetensors.write(model, Map.of("w", Tensor.zeros(2)), Map.of()))
        .isInstanceOf(FileSystemException.class)
        .hasMessage(model + ": is a directory; a model file cannot replace it");
    assertThat(fileNames(dir)).containsExactly("model.safetensors");
  }

  @Test
  void savingIntoAMissingDirectoryNamesTheTargetAndTheDirectory() {
    Path missing = dir.resolve("runs").resolve("today");
    Path target = missing.resolve("model.safetensors");
    Parameters params = new Parameters();
    params.add("w", 3);

    String message = target + ": the directory " + missing + " does not exist";
    assertThatThrownBy(() -> ModelFile.write(target, params, Map.of()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(message);
    assertThatThrownBy(
            () ->
                TrainingCheckpoint.write(
                    target,
                    params,
                    new Adam(0.1),
                    Map.of(),
                    new TrainingState(Map.of(), Map.of(), Map.of())))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(message);
    assertThat(Files.exists(dir.resolve("runs"))).isFalse();
  }

  @Test
  void aRelativeTargetIsNamedAsGivenAndTheDirectoryAbsolutely() {
    Path target = Path.of("no-such-directory-" + System.nanoTime(), "m.safetensors");

    assertThatThrownBy(() -> Safetensors.write(target, Map.of(), Map.of()))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage(
            target + ": the directory " + target.toAbsolutePath().getParent() + " does not exist");
  }

  @Test
  void savingBelowAFileSaysTheParentIsNotADirectory() throws IOException {
    Path file = Files.write(dir.resolve("notes.txt"), new byte[] {1});
    Path target = file.resolve("model.safetensors");

    assertThatThrownBy(() -> Safetensors.write(target, Map.of(), Map.of()))
        .isInstanceOf(FileSystemException.class)
        .hasMessage(target + ": " + file + " is not a directory");
    assertThat(file).hasBinaryContent(new byte[] {1});
  }
}
