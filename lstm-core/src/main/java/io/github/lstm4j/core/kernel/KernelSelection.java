package io.github.lstm4j.core.kernel;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

/**
 * The choice, made once per JVM, of the {@link KernelBackend}: the plain-Java kernels or the ones
 * written with the incubating Vector API ({@code jdk.incubator.vector}).
 *
 * <p>The Vector API back end lives in a separate source root ({@code src/main/vector}) compiled
 * into this package, and is loaded here by name, once, so the plain kernels never link a class of
 * the incubator module: lstm-core runs, on the plain kernels, on a JVM started without it. It is
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
 * an error (at the first use of a kernel) for them to be unavailable instead of falling back. When
 * the property is unset and the plain kernels run, the first use logs one hint naming the flag.
 * This is a start-up switch, not a run-time one: one JVM uses one back end.
 */
final class KernelSelection {
  /** The system property that selects the kernels: {@code plain}, {@code vector}, or unset. */
  static final String PROPERTY = "lstm4j.kernels";

  /**
   * The system property that sets the Vector API kernels' width: {@code 256}, {@code 512}, or unset
   * for the widest of the two that the machine prefers.
   */
  static final String VECTOR_BITS_PROPERTY = "lstm4j.vectorBits";

  /** The incubator module the Vector API kernels need. */
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The narrowest preferred float vector the Vector API kernels run on. */
  static final int MIN_VECTOR_BITS = 256;

  /** The plain-Java back end, which runs everywhere. */
  static final KernelBackend PLAIN = new PlainKernels();

  private static final String REQUESTED = System.getProperty(PROPERTY);

  private static final Optional<Module> MODULE = ModuleLayer.boot().findModule(VECTOR_MODULE);

  /** The Vector API back end, once loaded. */
  private static KernelBackend vector;

  /** Whether this JVM runs the Vector API kernels. */
  static final boolean VECTOR = useVector(REQUESTED, MODULE);

  /** The back end this JVM runs. */
  static final KernelBackend SELECTED = VECTOR ? vector(MODULE.orElseThrow()) : PLAIN;

  static {
    hint(REQUESTED, MODULE)
        .ifPresent(h -> System.getLogger(KernelSelection.class.getName()).log(Level.INFO, h));
  }

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
    String choice = choice(requested);
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
    if (bits < MIN_VECTOR_BITS) {
      return false;
    }
    vectorBits(System.getProperty(VECTOR_BITS_PROPERTY), bits); // a bad width fails here, by name
    return true;
  }

  /**
   * The hint logged when the plain kernels run because nobody asked for them: what is missing and
   * how to get the Vector API kernels. None when a kernel choice was made with {@value #PROPERTY}
   * or the Vector API kernels run.
   *
   * @param requested the value of {@value #PROPERTY}, or {@code null}
   * @param module the incubator module, if the JVM loaded it
   * @return the hint, if there is one to give
   */
  static Optional<String> hint(String requested, Optional<Module> module) {
    if (!choice(requested).isEmpty()) {
      return Optional.empty();
    }
    if (module.isEmpty()) {
      return Optional.of(
          "lstm4j runs its plain-Java kernels: start the JVM with --add-modules "
              + VECTOR_MODULE
              + " for the Vector API kernels, whose matrix products run about 1.5 to 2 times as"
              + " fast on a machine with AVX2 (same results; -D"
              + PROPERTY
              + "=plain silences this)");
    }
    int bits = preferredVectorBits(module.get());
    if (bits < MIN_VECTOR_BITS) {
      return Optional.of(
          "lstm4j runs its plain-Java kernels: its Vector API kernels need float vectors of at"
              + " least "
              + MIN_VECTOR_BITS
              + " bits, this machine has "
              + bits);
    }
    return Optional.empty();
  }

  private static String choice(String requested) {
    String choice = requested == null ? "" : requested.strip().toLowerCase(Locale.ROOT);
    if (!choice.isEmpty() && !choice.equals("plain") && !choice.equals("vector")) {
      throw new IllegalArgumentException(
          PROPERTY + " must be plain or vector (or unset), got " + requested);
    }
    return choice;
  }

  /**
   * The width the Vector API kernels compute at: 512 bits where the machine prefers vectors that
   * wide (AVX-512), 256 otherwise, unless {@value #VECTOR_BITS_PROPERTY} asks for one of them. The
   * width changes no bits, only the speed: where the 512-bit units run no faster than two 256-bit
   * ones (some processors lower their clock for them), 256 may be the faster choice.
   *
   * @param requested the value of {@value #VECTOR_BITS_PROPERTY}, or {@code null}
   * @param preferredBits the width of the machine's preferred float vector, at least {@value
   *     #MIN_VECTOR_BITS}
   * @return 256 or 512
   * @throws IllegalArgumentException if {@code requested} is neither 256 nor 512
   * @throws IllegalStateException if 512 is requested on a machine whose vectors are narrower
   */
  static int vectorBits(String requested, int preferredBits) {
    String choice = requested == null ? "" : requested.strip();
    switch (choice) {
      case "" -> {
        return preferredBits >= 512 ? 512 : 256;
      }
      case "256" -> {
        return 256;
      }
      case "512" -> {
        if (preferredBits < 512) {
          // The Vector API would emulate the wider vectors in scalar Java, slower than plain Java.
          throw new IllegalStateException(
              VECTOR_BITS_PROPERTY
                  + "=512 needs a machine with 512-bit vectors, this one has "
                  + preferredBits);
        }
        return 512;
      }
      default ->
          throw new IllegalArgumentException(
              VECTOR_BITS_PROPERTY + " must be 256 or 512 (or unset), got " + requested);
    }
  }

  /**
   * The width of this machine's preferred float vector, as the Vector API reports it.
   *
   * @param module the incubator module, which this module is made to read
   * @return the width in bits
   */
  static int preferredVectorBits(Module module) {
    return ((VectorSupport) vector(module)).preferredBits();
  }

  /**
   * The Vector API back end, loaded on the first call, whatever {@value #PROPERTY} says: the
   * equivalence tests build it explicitly. It is only fast where {@link #preferredVectorBits} is at
   * least {@value #MIN_VECTOR_BITS}.
   *
   * @param module the incubator module, which this module is made to read
   * @return the back end
   */
  static synchronized KernelBackend vector(Module module) {
    if (vector == null) {
      KernelSelection.class.getModule().addReads(module);
      String name = KernelSelection.class.getPackageName() + ".VectorKernels";
      try {
        vector = (KernelBackend) Class.forName(name).getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(name + " must be built into lstm-core, got " + e, e);
      }
    }
    return vector;
  }

  /** Implemented by the Vector API back end: what this machine's vectors are. */
  interface VectorSupport {
    /**
     * The width of the preferred float vector ({@code FloatVector.SPECIES_PREFERRED}).
     *
     * @return the width in bits
     */
    int preferredBits();

    /**
     * The width the kernels compute at, {@link #vectorBits} of this JVM.
     *
     * @return 256 or 512
     */
    int vectorBits();
  }
}
