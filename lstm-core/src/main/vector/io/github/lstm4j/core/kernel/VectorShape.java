package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;

/**
 * This machine's preferred float vector width, the one fact {@link KernelSelection} needs from the
 * Vector API before choosing it: on a machine with narrower vectors than the kernels' 256-bit
 * species, the API would emulate that species in scalar Java, far slower than the plain kernels.
 */
final class VectorShape implements KernelSelection.VectorSupport {
  @Override
  public int preferredBits() {
    return FloatVector.SPECIES_PREFERRED.vectorBitSize();
  }
}
