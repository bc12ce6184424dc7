package io.github.lstm4j.vision;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Fetches data set files from a mirror into a cache folder, keeping a file only if its SHA-256
 * matches a fixed table.
 *
 * <p>Each download streams into a temporary file in the cache folder while its SHA-256 is computed;
 * only a matching file is renamed (atomically) to its final name, so the cache never holds a
 * partial or wrong file. A mismatch, an HTTP error or an unreachable mirror is an {@link
 * IOException}; the last two say which files to put where to work offline. Connections time out
 * after {@value #CONNECT_TIMEOUT_MILLIS} ms, stalled reads after {@value #READ_TIMEOUT_MILLIS} ms.
 *
 * <p>Nothing is downloaded unless a method of this class is called, directly or through {@link
 * MnistFiles#loadOrDownload}. Plain HTTP redirects are followed only within the same scheme ({@link
 * HttpURLConnection}'s rule).
 *
 * <pre>{@code
 * MnistDownloader downloader = new MnistDownloader(MnistDownloader.CVDF_MIRROR);
 * MnistDataset train = MnistFiles.loadOrDownload(cache, MnistFiles.Split.TRAIN, downloader);
 * }</pre>
 */
public final class MnistDownloader {
  /**
   * The Common Visual Data Foundation's mirror of the original MNIST files (see
   * github.com/cvdfoundation/mnist).
   */
  public static final URI CVDF_MIRROR =
      URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/");

  /**
   * SHA-256 of the four original MNIST {@code .gz} files (as published with the data set; also the
   * digests of the files on {@link #CVDF_MIRROR}).
   */
  public static final Map<String, String> MNIST_SHA256 =
      Map.of(
          "train-images-idx3-ubyte.gz",
          "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
          "train-labels-idx1-ubyte.gz",
          "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
          "t10k-images-idx3-ubyte.gz",
          "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
          "t10k-labels-idx1-ubyte.gz",
          "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

  /** Milliseconds allowed to open a connection. */
  public static final int CONNECT_TIMEOUT_MILLIS = 30_000;

  /** Milliseconds a read may wait for the next bytes before the download fails. */
  public static final int READ_TIMEOUT_MILLIS = 60_000;

  /** Larger downloads are cut off: the biggest IDX file in use (Fashion-MNIST) is 26 MB. */
  private static final long MAX_FILE_BYTES = 256L << 20;

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final URI mirror;
  private final SortedMap<String, String> sha256ByFileName;

  /**
   * Creates a downloader for the four original MNIST files.
   *
   * @param mirror base http(s) URI under which the files live, e.g. {@link #CVDF_MIRROR}
   * @throws IllegalArgumentException if {@code mirror} is not an absolute http or https URI
   */
  public MnistDownloader(URI mirror) {
    this(mirror, MNIST_SHA256);
  }

  /**
   * Creates a downloader for any files with known SHA-256 digests, e.g. Fashion-MNIST's.
   *
   * @param mirror base http(s) URI under which the files live; a missing trailing {@code /} is
   *     added
   * @param sha256ByFileName file name → SHA-256 as 64 hexadecimal digits; names are plain file
   *     names (letters, digits, {@code . _ -}); at least one entry; copied
   * @throws IllegalArgumentException if {@code mirror} is not an absolute http or https URI, the
   *     table is empty, a name is not a plain file name or a digest is not 64 hexadecimal digits
   */
  public MnistDownloader(URI mirror, Map<String, String> sha256ByFileName) {
    Objects.requireNonNull(mirror, "mirror");
    Objects.requireNonNull(sha256ByFileName, "sha256ByFileName");
    String scheme = mirror.getScheme() == null ? "" : mirror.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || mirror.getHost() == null) {
      throw new IllegalArgumentException(
          "mirror must be an absolute http or https URI, got " + mirror);
    }
    String path = mirror.getRawPath() == null ? "" : mirror.getRawPath();
    this.mirror = path.endsWith("/") ? mirror : URI.create(mirror + "/");
    if (sha256ByFileName.isEmpty()) {
      throw new IllegalArgumentException("sha256ByFileName must not be empty, got {}");
    }
    TreeMap<String, String> table = new TreeMap<>();
    for (Map.Entry<String, String> entry : sha256ByFileName.entrySet()) {
      String name = Objects.requireNonNull(entry.getKey(), "sha256ByFileName key");
      String digest = Objects.requireNonNull(entry.getValue(), "sha256ByFileName value");
      if (!FILE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "sha256ByFileName keys must be plain file names (letters, digits, . _ -), got \""
                + name
                + "\"");
      }
      if (!SHA256_HEX.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "sha256ByFileName[\""
                + name
                + "\"] must be 64 hexadecimal digits, got \""
                + digest
                + "\"");
      }
      table.put(name, digest.toLowerCase(Locale.ROOT));
    }
    this.sha256ByFileName = Collections.unmodifiableSortedMap(table);
  }

  /**
   * Returns the base URI the files are fetched from.
   *
   * @return the mirror, ending in {@code /}
   */
  public URI mirror() {
    return mirror;
  }

  /**
   * Returns the files this downloader can fetch and their expected digests.
   *
   * @return file name → lower-case SHA-256, sorted by name, unmodifiable
   */
  public SortedMap<String, String> sha256ByFileName() {
    return sha256ByFileName;
  }

  /**
   * Downloads one file into {@code directory}, replacing a file of that name, if and only if its
   * SHA-256 matches the table. Nothing is left behind when it does not.
   *
   * @param directory the cache folder; created if needed
   * @param fileName a name in {@link #sha256ByFileName()}, fetched from {@code
   *     mirror().resolve(fileName)}
   * @return the cached file, {@code directory.resolve(fileName)}
   * @throws IOException if the mirror is unreachable or answers with an error (the message lists
   *     the files to put into {@code directory} instead), the digest differs (the message names the
   *     file, the expected and the actual digest), or the file cannot be written
   * @throws IllegalArgumentException if {@code fileName} is not in the table
   */
  public Path download(Path directory, String fileName) throws IOException {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(fileName, "fileName");
    String expected = sha256ByFileName.get(fileName);
    if (expected == null) {
      throw new IllegalArgumentException(
          "fileName must be one of " + sha256ByFileName.keySet() + ", got \"" + fileName + "\"");
    }
    URI source = mirror.resolve(fileName);
    Files.createDirectories(directory);
    Path target = directory.resolve(fileName);
    Path temp = Files.createTempFile(directory, fileName + ".", ".part");
    try {
      String actual;
      try {
        actual = fetch(source, temp);
      } catch (IOException e) {
        throw new IOException(
            "could not download "
                + fileName
                + " from "
                + source
                + " ("
                + e
                + "); to work offline, put the files "
                + String.join(", ", sha256ByFileName.keySet())
                + " (or the same files decompressed, without .gz) into "
                + directory.toAbsolutePath(),
            e);
      }
      if (!actual.equals(expected)) {
        throw new IOException(
            fileName
                + " downloaded from "
                + source
                + " has SHA-256 "
                + actual
                + ", expected "
                + expected
                + "; it was not saved to "
                + directory.toAbsolutePath());
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Streams {@code source} into {@code destination} and returns the lower-case SHA-256. */
  private static String fetch(URI source, Path destination) throws IOException {
    URLConnection opened = source.toURL().openConnection();
    if (!(opened instanceof HttpURLConnection)) {
      throw new IOException("not an HTTP connection: " + opened.getClass().getName());
    }
    HttpURLConnection connection = (HttpURLConnection) opened;
    connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    connection.setReadTimeout(READ_TIMEOUT_MILLIS);
    try {
      int status = connection.getResponseCode();
      if (status != HttpURLConnection.HTTP_OK) {
        throw new IOException("HTTP " + status + " " + connection.getResponseMessage());
      }
      MessageDigest sha256 = newSha256();
      byte[] buffer = new byte[1 << 16];
      long total = 0;
      try (InputStream in = connection.getInputStream();
          OutputStream out = Files.newOutputStream(destination)) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          total += n;
          if (total > MAX_FILE_BYTES) {
            throw new IOException("response is larger than " + MAX_FILE_BYTES + " bytes");
          }
          sha256.update(buffer, 0, n);
          out.write(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(sha256.digest());
    } finally {
      connection.disconnect();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest's documented requirements).
      throw new AssertionError("SHA-256 is missing from this Java runtime", e);
    }
  }
}
