package io.github.lstm4j.core.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
  private static final String EXPECTED = "lstm4j.test.expectedKernels";
  private static final String EXPECTED_BITS = "lstm4j.test.expectedVectorBits";

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
    assertThat(KernelSelection.SELECTED == KernelSelection.PLAIN).isEqualTo(!expected);
    assertThat(KernelSelection.SELECTED.name()).isEqualTo(expected ? "vector" : "plain");
  }

  /**
   * The loud failure behind the test above: the build says which back end each Surefire run must
   * test ({@value #EXPECTED}, from the Maven property {@code lstm4j.expectedKernels}, {@code
   * vector} by default and {@code plain} in the plain-kernels run), so a default run that quietly
   * fell back to the plain kernels (a lost flag, a changed machine) fails here instead of comparing
   * plain with plain. On a machine without AVX2, build with {@code -Dlstm4j.expectedKernels=plain}.
   */
  @Test
  void thisRunTestsTheBackEndTheBuildExpects() {
    String expected = System.getProperty(EXPECTED);
    assumeTrue(expected != null, EXPECTED + " is unset: run the tests through Maven");
    assertThat(KernelSelection.SELECTED.name())
        .as(
            "the back end of this run; expected by the build (%s=%s; -Dlstm4j.expectedKernels=plain"
                + " on a machine without AVX2)",
            EXPECTED, expected)
        .isEqualTo(expected);
  }

  @Test
  void withoutTheVectorModuleTheFirstUseHintsAtTheFlag() {
    assertThat(KernelSelection.hint(null, Optional.empty()))
        .hasValueSatisfying(
            hint ->
                assertThat(hint)
                    .startsWith("lstm4j runs its plain-Java kernels: start the JVM with")
                    .contains("--add-modules jdk.incubator.vector"));
  }

  @Test
  void anExplicitChoiceGetsNoHint() {
    assertThat(KernelSelection.hint("plain", Optional.empty())).isEmpty();
    assertThat(KernelSelection.hint("plain", VECTOR_MODULE)).isEmpty();
    assertThat(KernelSelection.hint("vector", VECTOR_MODULE)).isEmpty();
  }

  @Test
  void theVectorModuleOnAnAvx2MachineGetsNoHint() {
    assumeTrue(VECTOR_MODULE.isPresent(), "needs --add-modules jdk.incubator.vector");
    boolean wide =
        KernelSelection.preferredVectorBits(VECTOR_MODULE.get()) >= KernelSelection.MIN_VECTOR_BITS;
    assertThat(KernelSelection.hint(null, VECTOR_MODULE).isEmpty()).isEqualTo(wide);
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

  @Test
  void theWidthIsTheWidestOfTwoThatTheMachinePrefers() {
    assertThat(KernelSelection.vectorBits(null, 256)).isEqualTo(256);
    assertThat(KernelSelection.vectorBits(null, 512)).isEqualTo(512);
    assertThat(KernelSelection.vectorBits(" ", 1024)).isEqualTo(512);
    assertThat(KernelSelection.vectorBits("256", 512)).isEqualTo(256);
    assertThat(KernelSelection.vectorBits("512", 512)).isEqualTo(512);
  }

  @Test
  void aWidthTheMachineLacksOrAnUnknownWidthIsRejectedByName() {
    assertThatIllegalStateException()
        .isThrownBy(() -> KernelSelection.vectorBits("512", 256))
        .withMessage(
            "lstm4j.vectorBits=512 needs a machine with 512-bit vectors, this one has 256");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KernelSelection.vectorBits("128", 512))
        .withMessage("lstm4j.vectorBits must be 256 or 512 (or unset), got 128");
  }

  /**
   * The build runs the kernel tests a third time at 256 bits where the machine would choose 512
   * ({@value #EXPECTED_BITS} set by that Surefire run): this pins that the run really computes at
   * the width it is meant to test.
   */
  @Test
  void thisRunComputesAtTheWidthTheBuildExpects() {
    String expected = System.getProperty(EXPECTED_BITS);
    assumeTrue(expected != null, EXPECTED_BITS + " is unset: only the 256-bit run sets it");
    KernelBackend vector = VectorBackendUnderTest.orSkip();
    assertThat(((KernelSelection.VectorSupport) vector).vectorBits())
        .isEqualTo(Integer.parseInt(expected));
  }
}
