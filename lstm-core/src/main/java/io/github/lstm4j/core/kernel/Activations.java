package io.github.lstm4j.core.kernel;

/**
 * The loops behind {@link Pointwise}'s array activations: {@link #PLAIN} (a call of {@link
 * Pointwise#sigmoid} or {@link Pointwise#tanh} per element) or the Vector API ones ({@code
 * VectorActivations} in {@code src/main/vector}), as {@link KernelSelection} decides once per JVM.
 *
 * <p>Every implementation performs the operations of the scalar definitions, {@link
 * Pointwise#sigmoid} and {@link Pointwise#tanh}, in the same order with the same roundings, so all
 * give the same bits, and an element's result depends only on its value (not on its position or on
 * the count): rows computed alone or together agree, on either path.
 */
interface Activations {
  /** The plain-Java loops. */
  Activations PLAIN =
      new Activations() {
        @Override
        public void sigmoidInPlace(float[] x, int off, int count) {
          for (int i = off; i < off + count; i++) {
            x[i] = Pointwise.sigmoid(x[i]);
          }
        }

        @Override
        public void tanhInPlace(float[] x, int off, int count) {
          for (int i = off; i < off + count; i++) {
            x[i] = Pointwise.tanh(x[i]);
          }
        }

        @Override
        public void tanhInto(float[] x, int xOff, float[] y, int yOff, int count) {
          for (int i = 0; i < count; i++) {
            y[yOff + i] = Pointwise.tanh(x[xOff + i]);
          }
        }
      };

  /** The loops this JVM uses. */
  Activations SELECTED = KernelSelection.choose(Activations.class, "VectorActivations", PLAIN);

  /**
   * x[i] = σ(x[i]) for {@code count} elements.
   *
   * @param x the values, overwritten
   * @param off where they start
   * @param count how many
   */
  void sigmoidInPlace(float[] x, int off, int count);

  /**
   * x[i] = tanh(x[i]) for {@code count} elements.
   *
   * @param x the values, overwritten
   * @param off where they start
   * @param count how many
   */
  void tanhInPlace(float[] x, int off, int count);

  /**
   * y[i] = tanh(x[i]) for {@code count} elements.
   *
   * @param x the arguments
   * @param xOff where they start
   * @param y the results
   * @param yOff where they start
   * @param count how many
   */
  void tanhInto(float[] x, int xOff, float[] y, int yOff, int count);
}
