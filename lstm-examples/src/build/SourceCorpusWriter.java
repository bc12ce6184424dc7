import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The build step that writes lstm4j's own Java sources into one text file, the examples' embedded
 * training corpus.
 *
 * <p>Run by lstm-examples in {@code generate-resources} with the JDK's single-file source launcher
 * (no compilation step, no plugin beyond {@code exec-maven-plugin}):
 *
 * <pre>
 * java SourceCorpusWriter.java REPO_ROOT OUTPUT_FILE MODULE...
 * </pre>
 *
 * <p>It gathers every {@code MODULE/src/main/java/**}{@code /*.java}, sorts the paths (relative to
 * REPO_ROOT, {@code /}-separated) as strings, and writes each file preceded by the line {@code //
 * file: PATH}, line endings normalized to {@code \n}, UTF-8. The output depends only on the
 * sources, so the build stays reproducible; an unchanged output is not rewritten, a changed one is
 * replaced atomically. It prints nothing and fails (non-zero exit) on any error.
 */
public final class SourceCorpusWriter {
  private SourceCorpusWriter() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: java SourceCorpusWriter.java REPO_ROOT OUTPUT_FILE MODULE..., got "
              + Arrays.toString(args));
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    Path output = Path.of(args[1]).toAbsolutePath().normalize();
    List<String> paths = new ArrayList<>();
    for (String module : Arrays.copyOfRange(args, 2, args.length)) {
      Path moduleDirectory = root.resolve(module);
      if (!Files.isDirectory(moduleDirectory)) {
        throw new IOException("module directory " + moduleDirectory + " does not exist");
      }
      Path sources = moduleDirectory.resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue; // a module without main sources yet contributes nothing
      }
      try (Stream<Path> files = Files.walk(sources)) {
        files
            .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".java"))
            .map(p -> root.relativize(p).toString().replace('\\', '/'))
            .forEach(paths::add);
      }
    }
    if (paths.isEmpty()) {
      throw new IOException(
          "no Java sources found under " + root + " for " + Arrays.toString(args));
    }
    paths.sort(null);

    StringBuilder corpus = new StringBuilder();
    for (String path : paths) {
      String text = Files.readString(root.resolve(path), StandardCharsets.UTF_8);
      text = text.replace("\r\n", "\n").replace('\r', '\n');
      corpus.append("// file: ").append(path).append('\n').append(text);
      if (!text.endsWith("\n")) {
        corpus.append('\n');
      }
    }
    byte[] bytes = corpus.toString().getBytes(StandardCharsets.UTF_8);

    if (Files.isRegularFile(output) && Arrays.equals(Files.readAllBytes(output), bytes)) {
      return;
    }
    Files.createDirectories(output.getParent());
    // Not Files.createTempFile: its owner-only permissions would end up in the jar entry.
    Path temporary = output.resolveSibling(output.getFileName() + ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(
          temporary, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }
}
