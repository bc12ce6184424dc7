package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelSelection}: the property and the JVM's modules decide between the plain and the
 * Vector API kernels, and a request that cannot be met fails with a message naming the fix.
 *
 * <p>The build runs this suite twice: with {@code --add-modules jdk.incubator.vector} (the Vector
 * API kernels) and with {@code -Dlstm4j.kernels=plain}; the first test pins that each run really
 * uses the kernels it is meant to test.
 */
class KernelSelectionTest {
  private static final Optional<Module> VECTOR_MODULE =
      ModuleLayer.boot().findModule(KernelSelection.VECTOR_MODULE);

  @Test
  void thisJvmRunsTheKernelsItsStartupFlagsAskFor() {
    String requested = System.getProperty(KernelSelection.PROPERTY);
    boolean expected =
        !"plain".equals(requested)
            && VECTOR_MODULE.isPresent()
            && KernelSelection.preferredVectorBits(VECTOR_MODULE.get())
                >= KernelSelection.MIN_VECTOR_BITS;
    assertThat(KernelSelection.VECTOR).isEqualTo(expected);
    assertThat(GemmBackend.SELECTED == GemmBackend.PLAIN).isEqualTo(!expected);
    assertThat(Activations.SELECTED == Activations.PLAIN).isEqualTo(!expected);
    assertThat(BackwardGateLoop.SELECTED == BackwardGateLoop.PLAIN).isEqualTo(!expected);
  }

  @Test
  void plainWinsEvenWhenTheVectorModuleIsLoaded() {
    assertThat(KernelSelection.useVector("plain", VECTOR_MODULE)).isFalse();
    assertThat(KernelSelection.useVector(" Plain ", VECTOR_MODULE)).isFalse();
  }

  @Test
  void withoutTheVectorModuleTheDefaultIsPlain() {
    assertThat(KernelSelection.useVector(null, Optional.empty())).isFalse();
    assertThat(KernelSelection.useVector("", Optional.empty())).isFalse();
  }

  @Test
  void askingForVectorWithoutTheModuleNamesTheJvmFlag() {
    assertThatIllegalStateException()
        .isThrownBy(() -> KernelSelection.useVector("vector", Optional.empty()))
        .withMessage(
            "lstm4j.kernels=vector needs the JVM flag --add-modules jdk.incubator.vector,"
                + " got a JVM without that module");
  }

  @Test
  void anUnknownChoiceIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KernelSelection.useVector("fast", VECTOR_MODULE))
        .withMessage("lstm4j.kernels must be plain or vector (or unset), got fast");
  }
}
