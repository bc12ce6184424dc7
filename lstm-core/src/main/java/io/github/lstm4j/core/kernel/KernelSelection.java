package io.github.lstm4j.core.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * The choice, made once per JVM, between the plain-Java kernels and the ones written with the
 * incubating Vector API ({@code jdk.incubator.vector}).
 *
 * <p>The Vector API kernels live in a separate source root ({@code src/main/vector}) compiled into
 * this package, and are loaded here by name, so the plain kernels never link a class of the
 * incubator module: lstm-core runs, on the plain kernels, on a JVM started without it. They are
 * used when
 *
 * <ul>
 *   <li>the JVM was started with {@code --add-modules jdk.incubator.vector} (on the class path or
 *       the module path; this module then adds the read edge it does not declare), and
 *   <li>the system property {@value #PROPERTY} is unset or {@code vector}, and
 *   <li>the machine has float vectors of at least {@value #MIN_VECTOR_BITS} bits (AVX2 on x86), for
 *       which the kernels are blocked; narrower vectors would be emulated in scalar Java.
 * </ul>
 *
 * <p>{@code -D}{@value #PROPERTY}{@code =plain} forces the plain kernels; {@code =vector} makes it
 * an error (at the first use of a kernel) for them to be unavailable instead of falling back
 * quietly. This is a start-up switch, not a run-time one: one JVM uses one path.
 */
final class KernelSelection {
  /** The system property that selects the kernels: {@code plain}, {@code vector}, or unset. */
  static final String PROPERTY = "lstm4j.kernels";

  /** The incubator module the Vector API kernels need. */
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The narrowest preferred float vector the Vector API kernels run on. */
  static final int MIN_VECTOR_BITS = 256;

  /** Whether this JVM runs the Vector API kernels. */
  static final boolean VECTOR =
      useVector(System.getProperty(PROPERTY), ModuleLayer.boot().findModule(VECTOR_MODULE));

  private KernelSelection() {}

  /**
   * The decision behind {@link #VECTOR}.
   *
   * @param requested the value of {@value #PROPERTY}, or {@code null}
   * @param module the incubator module, if the JVM loaded it
   * @return whether to run the Vector API kernels
   * @throws IllegalArgumentException if {@code requested} is neither plain nor vector
   * @throws IllegalStateException if vector is requested but cannot run
   */
  static boolean useVector(String requested, Optional<Module> module) {
    String choice = requested == null ? "" : requested.strip().toLowerCase(Locale.ROOT);
    if (!choice.isEmpty() && !choice.equals("plain") && !choice.equals("vector")) {
      throw new IllegalArgumentException(
          PROPERTY + " must be plain or vector (or unset), got " + requested);
    }
    if (choice.equals("plain")) {
      return false;
    }
    if (module.isEmpty()) {
      if (choice.equals("vector")) {
        throw new IllegalStateException(
            PROPERTY
                + "=vector needs the JVM flag --add-modules "
                + VECTOR_MODULE
                + ", got a JVM without that module");
      }
      return false;
    }
    int bits = preferredVectorBits(module.get());
    if (bits < MIN_VECTOR_BITS && choice.equals("vector")) {
      throw new IllegalStateException(
          PROPERTY
              + "=vector needs float vectors of at least "
              + MIN_VECTOR_BITS
              + " bits, got "
              + bits);
    }
    return bits >= MIN_VECTOR_BITS;
  }

  /**
   * The width of this machine's preferred float vector, as the Vector API reports it.
   *
   * @param vector the incubator module, which this module is made to read
   * @return the width in bits
   */
  static int preferredVectorBits(Module vector) {
    KernelSelection.class.getModule().addReads(vector);
    return load(VectorSupport.class, "VectorShape").preferredBits();
  }

  /**
   * The Vector API implementation of {@code type}, or {@code plain} when this JVM runs the plain
   * kernels.
   *
   * @param type the kernel interface
   * @param simpleName the implementing class in {@code src/main/vector}, in this package
   * @param plain the plain-Java implementation
   * @return the implementation this JVM uses
   */
  static <T> T choose(Class<T> type, String simpleName, T plain) {
    return VECTOR ? load(type, simpleName) : plain;
  }

  private static <T> T load(Class<T> type, String simpleName) {
    String name = KernelSelection.class.getPackageName() + "." + simpleName;
    try {
      return type.cast(Class.forName(name).getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(name + " must be built into lstm-core, got " + e, e);
    }
  }

  /** Implemented on the Vector API side: what this machine's vectors are. */
  interface VectorSupport {
    /**
     * The width of the preferred float vector ({@code FloatVector.SPECIES_PREFERRED}).
     *
     * @return the width in bits
     */
    int preferredBits();
  }
}
