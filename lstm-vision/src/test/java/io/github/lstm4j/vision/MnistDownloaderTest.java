package io.github.lstm4j.vision;

import static io.github.lstm4j.vision.IdxTestFiles.gzip;
import static io.github.lstm4j.vision.IdxTestFiles.sha256;
import static io.github.lstm4j.vision.IdxTestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.sun.net.httpserver.HttpServer;
import io.github.lstm4j.vision.MnistFiles.Split;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a JDK HTTP server on the loopback address only; never from the network. */
class MnistDownloaderTest {
  private static final String IMAGES = "train-images-idx3-ubyte.gz";
  private static final String LABELS = "train-labels-idx1-ubyte.gz";
  private static final List<String> ALL_FOUR =
      List.of(
          "t10k-images-idx3-ubyte.gz",
          "t10k-labels-idx1-ubyte.gz",
          "train-images-idx3-ubyte.gz",
          "train-labels-idx1-ubyte.gz");

  @TempDir Path cache;

  private final byte[] images = IdxTestFiles.images(5, 6, 4, 1);
  private final byte[] labels = IdxTestFiles.labels(5, 10, 2);

  /** What the server answers for each path below /mnist/; absent paths get 404. */
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();

  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private HttpServer server;

  @BeforeEach
  void startLoopbackMirror() throws IOException {
    served.put(IMAGES, gzip(images));
    served.put(LABELS, gzip(labels));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/mnist/",
        exchange -> {
          String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
          requests.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
          byte[] body = served.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopMirror() {
    server.stop(0);
  }

  private URI mirror() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/");
  }

  /** The four standard names with the digests of the small files this test serves. */
  private Map<String, String> checksums() {
    Map<String, String> table = new TreeMap<>();
    for (String name : ALL_FOUR) {
      table.put(name, sha256(name.startsWith("train-images") ? gzip(images) : gzip(labels)));
    }
    return table;
  }

  @Test
  void verifiedDownloadIsCachedAndLoads() throws IOException {
    MnistDownloader downloader = new MnistDownloader(mirror(), checksums());

    MnistDataset data = MnistFiles.loadOrDownload(cache, Split.TRAIN, downloader);

    assertThat(data).hasToString("MnistDataset(size=5, rows=6, cols=4, numClasses=10)");
    assertThat(data.rawPixel(4, 5, 3)).isEqualTo(images[images.length - 1] & 0xFF);
    assertThat(cache.resolve(IMAGES)).hasBinaryContent(gzip(images));
    assertThat(cache.resolve(LABELS)).hasBinaryContent(gzip(labels));
    assertThat(filesIn(cache)).containsExactlyInAnyOrder(IMAGES, LABELS);
  }

  @Test
  void filesAlreadyPresentAreNotDownloadedAgain() throws IOException {
    write(cache.resolve("train-labels-idx1-ubyte"), labels);
    MnistDownloader downloader = new MnistDownloader(mirror(), checksums());

    MnistFiles.loadOrDownload(cache, Split.TRAIN, downloader);
    MnistFiles.loadOrDownload(cache, Split.TRAIN, downloader);

    assertThat(requests).containsOnlyKeys(IMAGES);
    assertThat(requests.get(IMAGES)).hasValue(1);
  }

  @Test
  void corruptedDownloadIsRejectedAndNotCached() {
    byte[] corrupted = gzip(images);
    corrupted[corrupted.length / 2] ^= 1;
    served.put(IMAGES, corrupted);
    Map<String, String> table = checksums();
    MnistDownloader downloader = new MnistDownloader(mirror(), table);

    assertThatIOException()
        .isThrownBy(() -> downloader.download(cache, IMAGES))
        .withMessage(
            IMAGES
                + " downloaded from "
                + mirror()
                + IMAGES
                + " has SHA-256 "
                + sha256(corrupted)
                + ", expected "
                + table.get(IMAGES)
                + "; it was not saved to "
                + cache.toAbsolutePath());
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void corruptedDownloadLeavesAnEarlierCachedFileAlone() throws IOException {
    MnistDownloader downloader = new MnistDownloader(mirror(), checksums());
    downloader.download(cache, IMAGES);
    served.put(IMAGES, gzip(labels));

    assertThatIOException().isThrownBy(() -> downloader.download(cache, IMAGES));

    assertThat(cache.resolve(IMAGES)).hasBinaryContent(gzip(images));
    assertThat(filesIn(cache)).containsExactly(IMAGES);
  }

  @Test
  void unreachableMirrorSaysWhereToPutTheFiles() throws IOException {
    int port = server.getAddress().getPort();
    server.stop(0);
    URI closed = URI.create("http://127.0.0.1:" + port + "/mnist/");
    MnistDownloader downloader = new MnistDownloader(closed, MnistDownloader.MNIST_SHA256);
    Path target = cache.resolve("new");

    assertThatIOException()
        .isThrownBy(() -> MnistFiles.loadOrDownload(target, Split.TEST, downloader))
        .withMessageStartingWith(
            "could not download t10k-images-idx3-ubyte.gz from " + closed + "t10k-images")
        .withMessageEndingWith(
            "; to work offline, put the files "
                + String.join(", ", ALL_FOUR)
                + " (or the same files decompressed, without .gz) into "
                + target.toAbsolutePath());
    assertThat(filesIn(target)).isEmpty();
  }

  @Test
  void httpErrorIsAnIOExceptionNamingTheStatus() {
    served.remove(LABELS);
    MnistDownloader downloader = new MnistDownloader(mirror(), checksums());

    assertThatIOException()
        .isThrownBy(() -> downloader.download(cache, LABELS))
        .withMessageContaining("(java.io.IOException: HTTP 404 Not Found)")
        .withMessageContaining("put the files");
    assertThat(filesIn(cache)).isEmpty();
  }

  @Test
  void mirrorWithoutTrailingSlashStillResolvesFileNames() throws IOException {
    String withoutSlash = mirror().toString().replaceAll("/$", "");
    MnistDownloader downloader = new MnistDownloader(URI.create(withoutSlash), checksums());

    Path file = downloader.download(cache, LABELS);

    assertThat(downloader.mirror()).isEqualTo(mirror());
    assertThat(file).isEqualTo(cache.resolve(LABELS)).hasBinaryContent(gzip(labels));
  }

  @Test
  void onlyFilesInTheTableCanBeDownloaded() {
    MnistDownloader downloader = new MnistDownloader(mirror(), Map.of(LABELS, sha256(labels)));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> downloader.download(cache, "../evil.gz"))
        .withMessage("fileName must be one of [train-labels-idx1-ubyte.gz], got \"../evil.gz\"");
    assertThat(requests).isEmpty();
  }

  @Test
  void constructorRejectsBadMirrorsAndTables() {
    Map<String, String> good = checksums();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MnistDownloader(URI.create("ftp://127.0.0.1/mnist/"), good))
        .withMessage("mirror must be an absolute http or https URI, got ftp://127.0.0.1/mnist/");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MnistDownloader(URI.create("mnist/"), good))
        .withMessage("mirror must be an absolute http or https URI, got mnist/");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MnistDownloader(mirror(), Map.of(LABELS, "abc")))
        .withMessage(
            "sha256ByFileName[\"train-labels-idx1-ubyte.gz\"] must be 64 hexadecimal digits, got"
                + " \"abc\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MnistDownloader(mirror(), Map.of("a/b", sha256(labels))))
        .withMessage(
            "sha256ByFileName keys must be plain file names (letters, digits, . _ -), got \"a/b\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new MnistDownloader(mirror(), Map.of()))
        .withMessage("sha256ByFileName must not be empty, got {}");
  }

  @Test
  void officialTableCoversBothSplitsAndIsNormalized() {
    MnistDownloader downloader =
        new MnistDownloader(
            mirror(), Map.of(LABELS, sha256(labels).toUpperCase(java.util.Locale.ROOT)));

    assertThat(new MnistDownloader(MnistDownloader.CVDF_MIRROR).sha256ByFileName())
        .containsOnlyKeys(ALL_FOUR)
        .isEqualTo(MnistDownloader.MNIST_SHA256);
    for (Split split : Split.values()) {
      assertThat(MnistDownloader.MNIST_SHA256)
          .containsKeys(split.imagesFileName() + ".gz", split.labelsFileName() + ".gz");
    }
    assertThat(downloader.sha256ByFileName()).containsEntry(LABELS, sha256(labels));
  }

  private static List<String> filesIn(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
