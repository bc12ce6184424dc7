package io.github.lstm4j.core.kernel;

/**
 * Where the four gates of an LSTM sit in a row of gate values: PyTorch's order i, f, g, o, one
 * block of {@code stride} columns per gate, so that unit j of a gate is at {@code block + j}. A
 * layer's (B, 4H) gate buffers use stride H; a frozen LSTM's groups of units use their group width.
 * This is the one definition of the layout: the cell kernels and {@code nn.Gate} find a block only
 * through it.
 *
 * <pre>{@code
 * float[] gates; // (B, 4H): z_f of unit j of row b at b·4H + GateLayout.forget(H) + j
 * }</pre>
 */
public final class GateLayout {
  /** Gates per unit: i, f, g, o. */
  public static final int GATES = 4;

  private GateLayout() {}

  /**
   * Where the input gate's block starts in a row.
   *
   * @param stride the width of a block
   * @return the offset of i
   */
  public static int input(int stride) {
    return 0;
  }

  /**
   * Where the forget gate's block starts in a row: right after the input gate's, so that the two σ
   * blocks are one run of 2·stride values.
   *
   * @param stride the width of a block
   * @return the offset of f
   */
  public static int forget(int stride) {
    return stride;
  }

  /**
   * Where the candidate's block starts in a row.
   *
   * @param stride the width of a block
   * @return the offset of g
   */
  public static int cell(int stride) {
    return 2 * stride;
  }

  /**
   * Where the output gate's block starts in a row.
   *
   * @param stride the width of a block
   * @return the offset of o
   */
  public static int output(int stride) {
    return 3 * stride;
  }

  /**
   * The width of a row of gate values.
   *
   * @param stride the width of a block
   * @return 4·stride
   */
  public static int rowWidth(int stride) {
    return GATES * stride;
  }
}
