package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes model files in the <a href="https://huggingface.co/docs/safetensors">
 * safetensors</a> format, so that PyTorch and the Hugging Face tools read our weights and we read
 * theirs.
 *
 * <p>A file is an 8-byte little-endian header length N, N bytes of UTF-8 JSON mapping each tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end)}} plus an optional {@code
 * "__metadata__"} object of strings, then the raw little-endian data. We write dtype F32 exactly as
 * the reference implementation does (see {@link #toBytes}); we read F32 and F64 (rounded to float)
 * and reject every other dtype. Reading is defensive: a damaged or forged file fails with an {@link
 * IOException} naming the file and the problem, and never makes us allocate more than the file
 * holds. This is not a lazy or memory-mapped loader: {@link #read} loads every tensor.
 *
 * <pre>{@code
 * Safetensors.write(path, Map.of("weight", weight), Map.of("config", Json.write(config)));
 * Tensor weight = Safetensors.read(path).require("weight", 4, 3);
 * }</pre>
 */
public final class Safetensors {
  private Safetensors() {}

  /**
   * Writes a model file atomically: the bytes go to a temporary file in the same directory, are
   * forced to the device, and the temporary file is then renamed over {@code path}. On any failure
   * the temporary file is deleted and an existing file at {@code path} is left as it was.
   *
   * @param path the file to create or replace
   * @param tensors tensor name to tensor, written sorted by name as dtype F32
   * @param metadata key to value, written sorted by key; may be empty
   * @throws IllegalArgumentException if a tensor is named {@code "__metadata__"}, a name, key or
   *     value contains an unpaired surrogate, or the header would exceed 100,000,000 bytes
   * @throws NullPointerException if an argument, name, tensor, key or value is null
   * @throws IOException if the file cannot be written; the message names {@code path}, never the
   *     temporary file: a {@link java.nio.file.NoSuchFileException} whose reason names the missing
   *     directory, or a {@link java.nio.file.FileSystemException} if the directory is a file or
   *     {@code path} is a directory
   */
  public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    Objects.requireNonNull(path, "path");
    SafetensorsWriter writer = new SafetensorsWriter(tensors, metadata);
    writeAtomically(
        path,
        channel ->
            writer.writeTo(
                bytes -> {
                  while (bytes.hasRemaining()) {
                    channel.write(bytes);
                  }
                }));
  }

  /**
   * Reads a model file, loading every tensor.
   *
   * @param path the file to read
   * @return the tensors and metadata, in header order
   * @throws IOException if the file cannot be read or is not a valid safetensors file of F32/F64
   *     tensors; the message names the file and what is wrong with it: {@code "not a safetensors
   *     file"} for a directory or a file of another format (for a PyTorch {@code torch.save} file,
   *     with how to convert it), else the part of the header or data that is damaged
   */
  public static TensorFile read(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    if (Files.isDirectory(path)) { // else the first read fails with a bare "Is a directory"
      throw new IOException(path + ": not a safetensors file: it is a directory");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return new SafetensorsReader(path.toString(), channel.size(), channel::read).read();
    }
  }

  /**
   * Serializes tensors and metadata to the bytes {@link #write} would put in a file: a header of
   * compact JSON with {@code "__metadata__"} first (omitted when empty), then the tensors sorted by
   * name, padded with spaces to a multiple of 8 bytes; then each tensor's floats in that order.
   *
   * @param tensors tensor name to tensor
   * @param metadata key to value; may be empty
   * @return the file contents
   * @throws IllegalArgumentException as {@link #write} does, or if the result exceeds the largest
   *     array ({@code 2^31 - 9} bytes)
   * @throws NullPointerException if an argument, name, tensor, key or value is null
   */
  public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
    SafetensorsWriter writer = new SafetensorsWriter(tensors, metadata);
    long size = writer.size();
    Checks.argument(
        size <= Integer.MAX_VALUE - 8,
        "tensors must fit in one byte array of at most 2147483639 bytes, got "
            + size
            + " bytes; use write(Path, ...) instead");
    ByteBuffer bytes = ByteBuffer.allocate((int) size);
    writer.writeTo(bytes::put);
    return bytes.array();
  }

  /**
   * Parses the contents of a model file held in memory.
   *
   * @param bytes the file contents
   * @return the tensors and metadata, in header order
   * @throws IOException if {@code bytes} is not a valid safetensors file of F32/F64 tensors
   */
  public static TensorFile fromBytes(byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    SafetensorsReader.Source source =
        (dst, position) -> {
          if (position >= bytes.length) {
            return -1;
          }
          int count = (int) Math.min(dst.remaining(), bytes.length - position);
          dst.put(bytes, (int) position, count);
          return count;
        };
    return new SafetensorsReader("safetensors bytes", bytes.length, source).read();
  }

  /** The part of an atomic write that fills the temporary file. */
  interface FileBody {
    void writeTo(FileChannel channel) throws IOException;
  }

  /**
   * Runs {@code body} on a new temporary file next to {@code path}, forces it to the device, then
   * renames it over {@code path}; if anything fails, deletes the temporary file and rethrows.
   */
  static void writeAtomically(Path path, FileBody body) throws IOException {
    Path target = path.toAbsolutePath();
    Path directory = target.getParent();
    Checks.argument(directory != null, "path must name a file, got " + path);
    // Checked here so that the error names the target, not the temporary file.
    if (!Files.isDirectory(directory)) {
      throw Files.exists(directory)
          ? new FileSystemException(path.toString(), null, directory + " is not a directory")
          : new NoSuchFileException(
              path.toString(), null, "the directory " + directory + " does not exist");
    }
    // A random name rather than Files.createTempFile, whose owner-only permissions the final
    // file would inherit; CREATE_NEW makes a collision fail instead of clobbering.
    Path temp =
        directory.resolve(
            "."
                + target.getFileName()
                + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        body.writeTo(channel);
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (FileSystemException e) {
        if (Files.isDirectory(target)) { // the rename's own error names the temporary file
          throw new FileSystemException(
              path.toString(), null, "is a directory; a model file cannot replace it");
        }
        throw e;
      }
    } catch (Throwable failure) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        failure.addSuppressed(cleanup);
      }
      throw failure;
    }
  }
}
