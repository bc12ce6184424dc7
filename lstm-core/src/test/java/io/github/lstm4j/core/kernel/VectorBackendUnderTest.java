package io.github.lstm4j.core.kernel;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;

/**
 * The back ends the equivalence tests compare, built explicitly whatever this JVM selected: the
 * plain one always, the Vector API one where it can run. Where it cannot (the plain-kernels run,
 * which starts the JVM without the incubator module, or a machine without 256-bit vectors), a test
 * that asks for it is skipped, and JUnit reports it as skipped with the reason, so untested vector
 * code shows in the test report instead of passing as plain against plain.
 *
 * <pre>{@code
 * KernelBackend vector = VectorBackendUnderTest.orSkip();
 * }</pre>
 */
final class VectorBackendUnderTest {
  private VectorBackendUnderTest() {}

  /**
   * The Vector API back end, or a skipped test.
   *
   * @return the back end
   */
  static KernelBackend orSkip() {
    Optional<Module> module = ModuleLayer.boot().findModule(KernelSelection.VECTOR_MODULE);
    assumeTrue(
        module.isPresent(),
        "vector back end not tested: the JVM was started without --add-modules "
            + KernelSelection.VECTOR_MODULE);
    int bits = KernelSelection.preferredVectorBits(module.orElseThrow());
    assumeTrue(
        bits >= KernelSelection.MIN_VECTOR_BITS,
        "vector back end not tested: it needs "
            + KernelSelection.MIN_VECTOR_BITS
            + "-bit float vectors, this machine has "
            + bits);
    return KernelSelection.vector(module.orElseThrow());
  }

  /**
   * The back end of a parameterized test: {@code plain}, or {@code vector} as {@link #orSkip}.
   *
   * @param name {@code plain} or {@code vector}
   * @return the back end
   */
  static KernelBackend named(String name) {
    return switch (name) {
      case "plain" -> KernelSelection.PLAIN;
      case "vector" -> orSkip();
      default -> throw new IllegalArgumentException("no back end " + name);
    };
  }
}
