package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.kernel.GateLayout;

/**
 * The four LSTM gates in PyTorch's order (i, f, g, o). Each gate owns a block of {@code hiddenSize}
 * rows in the weight matrices and of {@code hiddenSize} columns in a (B, 4H) gate buffer; code
 * finds a block only through {@link #blockOffset(int)}, which reads it from {@link GateLayout}, the
 * layout's one definition (the kernels read it there too).
 */
public enum Gate {
  /** i = σ(z_i): how much of the candidate enters the cell. */
  INPUT,
  /** f = σ(z_f): how much of the previous cell is kept. */
  FORGET,
  /** g = tanh(z_g): the candidate cell value. */
  CELL,
  /** o = σ(z_o): how much of tanh(c) is exposed as h. */
  OUTPUT;

  /**
   * Returns where this gate's block starts within a 4H-wide row.
   *
   * @param hiddenSize H
   * @return {@code ordinal() * hiddenSize}
   */
  public int blockOffset(int hiddenSize) {
    return switch (this) {
      case INPUT -> GateLayout.input(hiddenSize);
      case FORGET -> GateLayout.forget(hiddenSize);
      case CELL -> GateLayout.cell(hiddenSize);
      case OUTPUT -> GateLayout.output(hiddenSize);
    };
  }
}
