package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one vector width of the Vector API back end, chosen once per JVM: 512 bits where the machine
 * prefers vectors that wide (AVX-512), 256 bits otherwise, or what {@code -Dlstm4j.vectorBits} asks
 * for.
 *
 * <p>Every kernel of the back end uses this one float species. On JDK 17 a second float species
 * anywhere in the program made the shared {@code FloatVector} methods' type profiles bimorphic; C2
 * then lost the exact vector class in the matrix micro-kernel and fell back to boxed vectors, many
 * times slower. The width changes no bits: every matrix element is the same chain of fused
 * multiply-adds whichever lane computes it, and the activations and the cell work lane by lane.
 *
 * <p>{@link KernelSelection#vectorBits} makes the choice; {@code -Dlstm4j.vectorBits=256} keeps the
 * narrower width where the 512-bit units run no faster.
 */
final class VectorWidth {
  /** The float species every kernel of the back end computes on. */
  static final VectorSpecies<Float> FLOATS =
      KernelSelection.vectorBits(
                  System.getProperty(KernelSelection.VECTOR_BITS_PROPERTY),
                  FloatVector.SPECIES_PREFERRED.vectorBitSize())
              == 512
          ? FloatVector.SPECIES_512
          : FloatVector.SPECIES_256;

  /** The int species of the same width, for the exponential's bit moves. */
  static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());

  /** Floats per vector: 8 or 16. */
  static final int LANES = FLOATS.length();

  private VectorWidth() {}
}
