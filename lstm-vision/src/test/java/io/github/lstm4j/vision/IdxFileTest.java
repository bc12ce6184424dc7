package io.github.lstm4j.vision;

import static io.github.lstm4j.vision.IdxTestFiles.gzip;
import static io.github.lstm4j.vision.IdxTestFiles.idx;
import static io.github.lstm4j.vision.IdxTestFiles.payload;
import static io.github.lstm4j.vision.IdxTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxFileTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void imageFileRoundTripsRawAndGzipped(boolean gzipped) throws IOException {
    byte[] file = IdxTestFiles.images(3, 4, 5, 7);
    Path path = write(dir.resolve("images"), gzipped ? gzip(file) : file);

    IdxFile idx = IdxFile.readImages(path);

    assertThat(idx.magic()).isEqualTo(2051);
    assertThat(idx.rank()).isEqualTo(3);
    assertThat(idx.dims()).containsExactly(3, 4, 5);
    assertThat(idx.dim(1)).isEqualTo(4);
    assertThat(idx.data()).isEqualTo(payload(file));
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void labelFileRoundTripsRawAndGzipped(boolean gzipped) throws IOException {
    byte[] file = IdxTestFiles.labels(11, 10, 3);
    Path path = write(dir.resolve("labels"), gzipped ? gzip(file) : file);

    IdxFile idx = IdxFile.readLabels(path);

    assertThat(idx.magic()).isEqualTo(2049);
    assertThat(idx.dims()).containsExactly(11);
    assertThat(idx.data()).isEqualTo(payload(file));
  }

  @Test
  void anyRankFromOneToFourIsRead() throws IOException {
    byte[] data = IdxTestFiles.randomBytes(2 * 3 * 1 * 2, 5);
    byte[] file = idx(0x0804, new int[] {2, 3, 1, 2}, data);

    IdxFile idx = IdxFile.read(new ByteArrayInputStream(file));

    assertThat(idx.magic()).isEqualTo(0x0804);
    assertThat(idx.dims()).containsExactly(2, 3, 1, 2);
    assertThat(idx.data()).isEqualTo(data);
  }

  @Test
  void readingAStreamLeavesItOpen() throws IOException {
    boolean[] closed = {false};
    InputStream in =
        new ByteArrayInputStream(gzip(IdxTestFiles.labels(4, 10, 1))) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    IdxFile.readLabels(in);

    assertThat(closed[0]).isFalse();
  }

  @Test
  void dimsReturnsACopy() throws IOException {
    IdxFile idx = IdxFile.read(new ByteArrayInputStream(IdxTestFiles.labels(4, 10, 1)));

    idx.dims()[0] = 99;

    assertThat(idx.dim(0)).isEqualTo(4);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> idx.dim(1))
        .withMessage("axis must be in [0, 1), got 1");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void truncatedDataNamesBothByteCounts(boolean gzipped) {
    byte[] file = IdxTestFiles.images(2, 4, 4, 1);
    byte[] cut = Arrays.copyOf(file, file.length - 1);
    Path path = write(dir.resolve("cut"), gzipped ? gzip(cut) : cut);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.readImages(path))
        .withMessage(path + ": truncated: IDX header (2, 4, 4) expected 32 bytes of data, got 31");
  }

  @Test
  void truncatedHeaderIsRejected() {
    byte[] file = Arrays.copyOf(IdxTestFiles.images(2, 4, 4, 1), 10);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(file)))
        .withMessage("IDX stream: truncated: IDX header needs 16 bytes, got 10");
  }

  @Test
  void emptyStreamIsRejected() {
    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(new byte[0])))
        .withMessage("IDX stream: truncated: IDX header needs 4 bytes of magic, got 0");
  }

  @Test
  void truncatedGzipStreamIsRejected() {
    byte[] gz = gzip(IdxTestFiles.images(5, 4, 4, 1));
    byte[] cut = Arrays.copyOf(gz, gz.length / 2);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(cut)))
        .withMessageStartingWith("IDX stream: truncated gzip stream");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void trailingBytesAreRejected(boolean gzipped) {
    byte[] file = IdxTestFiles.images(2, 4, 4, 1);
    byte[] longer = Arrays.copyOf(file, file.length + 3);
    Path path = write(dir.resolve("long"), gzipped ? gzip(longer) : longer);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.readImages(path))
        .withMessage(
            path + ": trailing bytes: IDX header (2, 4, 4) expected 32 bytes of data, got 35");
  }

  @Test
  void endlessTrailingBytesAreNotCountedToTheEnd() {
    byte[] file = IdxTestFiles.labels(2, 10, 1);
    byte[] longer = Arrays.copyOf(file, file.length + 1_000_000);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(longer)))
        .withMessage(
            "IDX stream: trailing bytes: IDX header (2) expected 2 bytes of data, got more than"
                + " 65538");
  }

  @Test
  void labelFileIsNotAnImageFile() {
    Path path = write(dir.resolve("labels"), IdxTestFiles.labels(3, 10, 1));

    assertThatIOException()
        .isThrownBy(() -> IdxFile.readImages(path))
        .withMessage(path + ": not an MNIST image file: magic 2051 expected, got 2049");
  }

  @Test
  void imageFileIsNotALabelFile() {
    byte[] file = IdxTestFiles.images(3, 2, 2, 1);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.readLabels(new ByteArrayInputStream(file)))
        .withMessage("IDX stream: not an MNIST label file: magic 2049 expected, got 2051");
  }

  @Test
  void nonZeroLeadingBytesAreNotAnIdxFile() {
    byte[] file = IdxTestFiles.labels(3, 10, 1);
    file[1] = 0x12;

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(file)))
        .withMessage(
            "IDX stream: not an IDX file: first two bytes must be 0x00 0x00, got 0x00 0x12");
  }

  @ParameterizedTest
  @CsvSource({
    "0x09, 'signed byte'",
    "0x0B, short",
    "0x0C, int",
    "0x0D, float",
    "0x0E, double",
    "0x42, unknown"
  })
  void otherDataTypesAreRejectedByCode(String code, String name) {
    int type = Integer.decode(code);
    byte[] file = idx((type << 8) | 1, new int[] {4}, new byte[4]);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(file)))
        .withMessage(
            "IDX stream: unsupported IDX data type "
                + String.format(Locale.ROOT, "0x%02x", type)
                + " ("
                + name
                + "); only 0x08 (unsigned byte) is supported");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 5, 255})
  void dimensionCountOutsideOneToFourIsRejected(int rank) {
    byte[] file = idx(0x0800 | rank, new int[0], new byte[8]);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(file)))
        .withMessage("IDX stream: IDX dimension count must be in 1..4, got " + rank);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void dimensionsMustBePositive(int bad) {
    byte[] file = idx(IdxFile.IMAGES_MAGIC, new int[] {2, bad, 3}, new byte[6]);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(file)))
        .withMessage("IDX stream: IDX dimension 1 must be > 0, got " + bad);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, Integer.MAX_VALUE})
  void productOfLargestDimensionsDoesNotOverflow(int first) {
    int max = Integer.MAX_VALUE;
    byte[] file = idx(0x0804, new int[] {first, max, max, max}, new byte[8]);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.read(new ByteArrayInputStream(file)))
        .withMessageContaining("claims more than 2147483639 bytes of data");
  }

  @Test
  void headerClaimingMoreThanAnArrayFailsBeforeReadingData() {
    byte[] file = idx(IdxFile.IMAGES_MAGIC, new int[] {100_000_000, 28, 28}, new byte[84]);

    assertThatIOException()
        .isThrownBy(() -> IdxFile.readImages(new ByteArrayInputStream(file)))
        .withMessage(
            "IDX stream: IDX header (100000000, 28, 28) claims more than 2147483639 bytes of"
                + " data, more than one array can hold");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void forgedHugeHeaderFailsAfterAllocatingOnlyWhatTheFileHolds(boolean gzipped) {
    // 2^31 − 9 bytes claimed (the largest array), 92 bytes present: reading must not trust the
    // header with memory.
    int claimed = Integer.MAX_VALUE - 8;
    byte[] raw = idx(IdxFile.LABELS_MAGIC, new int[] {claimed}, new byte[92]);
    byte[] file = gzipped ? gzip(raw) : raw;

    long allocated =
        allocatedBytes(
            () ->
                assertThatIOException()
                    .isThrownBy(() -> IdxFile.readLabels(new ByteArrayInputStream(file)))
                    .withMessage(
                        "IDX stream: truncated: IDX header ("
                            + claimed
                            + ") expected "
                            + claimed
                            + " bytes of data, got 92"));

    assertThat(allocated).isLessThan(1 << 20);
  }

  @Test
  void largeValidFileIsReadIntoAnExactlySizedArray() throws IOException {
    // Big enough that the buffer doubles several times before reaching the data size.
    byte[] file = IdxTestFiles.images(7, 211, 223, 9);

    IdxFile idx = IdxFile.readImages(new ByteArrayInputStream(gzip(file)));

    assertThat(idx.data()).hasSize(7 * 211 * 223).isEqualTo(payload(file));
  }

  /** Bytes allocated by the current thread while running {@code action}. */
  private static long allocatedBytes(Runnable action) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    action.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }
}
