package io.github.lstm4j.core.kernel;

/**
 * The pointwise part of one LSTM time step, forward and backward side by side: the gate
 * nonlinearities and the cell update fused into one pass over (B, H), and the chain rule through
 * them, statement by statement in reverse. The matrix products around it live in {@code
 * nn.LstmLayer}; the buffers come in a {@link CellView}; the gate blocks are where {@link
 * GateLayout} puts them.
 *
 * <pre>
 * forward                                   backward (read bottom up), given dH and dC
 * z = x·W_ihᵀ + h_prev·W_hhᵀ + b  (B, 4H)
 * i = σ(z_i)  f = σ(z_f)                    dZ_i = dI⊙i(1−i)  dZ_f = dF⊙f(1−f)
 * g = tanh(z_g)  o = σ(z_o)                 dZ_g = dG⊙(1−g²)  dZ_o = dO⊙o(1−o)
 * c = f⊙c_prev + i⊙g                        dI = dC⊙g;  dG = dC⊙i;  dF = dC⊙c_prev;  dC_prev = dC⊙f
 * h = o⊙tanh(c)                             dO = dH⊙tanh(c);  dC += dH⊙o⊙(1 − tanh²(c))
 * </pre>
 *
 * <p>On entry to backward dC already holds dC_next⊙f_next from step t+1. Rows are independent, so a
 * caller may split rows {@code [b0, b1)} across threads. Nothing is allocated. Forward runs its
 * activations on the {@link KernelBackend} this JVM selected, backward its whole row loop: {@link
 * #backwardUnits} below, or the Vector API's {@code VectorLstmCell} repeating it eight units at a
 * time; both give the same bits.
 *
 * <pre>{@code
 * view.seek(row);                    // the step's first row
 * LstmCell.forward(view, 0, batch);  // gates → activations, c, tanh(c), h
 * LstmCell.backward(view, 0, batch); // dH, dC → dGates, dC_prev
 * }</pre>
 */
public final class LstmCell {
  private static final KernelBackend KERNELS = KernelSelection.SELECTED;

  private LstmCell() {}

  /**
   * Forward over rows {@code [b0, b1)} of the step the view is at.
   *
   * @param view the layer's buffers, at the step
   * @param b0 first row
   * @param b1 one past the last row
   */
  public static void forward(CellView view, int b0, int b1) {
    forward(KERNELS, view, b0, b1);
  }

  /** {@link #forward(CellView, int, int)} on the given back end. */
  static void forward(KernelBackend kernels, CellView view, int b0, int b1) {
    assert view.stride == view.units : "a row's gate blocks must be H apart";
    for (int b = b0; b < b1; b++) {
      forwardUnits(kernels, view, view.gates, view.gatesAt(b), view.stateAt(b), view.units);
    }
  }

  /**
   * Forward for {@code count} units of one row whose gate blocks are {@code view.stride} apart.
   * {@link #forward} passes all H units of a row; a frozen LSTM passes one group of units of its
   * reordered gates, whose blocks may be padded ({@code count < stride}): the padding is activated
   * too, but never read.
   *
   * @param view the buffers: c_prev, c, tanh(c) and h are read and written at {@code stateAt} past
   *     their bases
   * @param gates the row's pre-activations z in, activations [i f g o] out
   * @param gatesAt where the row's gates start in {@code gates}
   * @param stateAt where the units start in the view's (·, H) buffers
   * @param count units to update
   */
  public static void forwardUnits(
      CellView view, float[] gates, int gatesAt, int stateAt, int count) {
    forwardUnits(KERNELS, view, gates, gatesAt, stateAt, count);
  }

  private static void forwardUnits(
      KernelBackend kernels, CellView view, float[] gates, int gatesAt, int stateAt, int count) {
    int stride = view.stride;
    assert count <= stride : "count must be <= stride";
    int inputAt = gatesAt + GateLayout.input(stride);
    int forgetAt = gatesAt + GateLayout.forget(stride);
    int candidateAt = gatesAt + GateLayout.cell(stride);
    int outputAt = gatesAt + GateLayout.output(stride);
    // The layout puts the two σ blocks i and f side by side: one pass of 2·stride.
    assert forgetAt == inputAt + stride : "i and f must be adjacent";
    kernels.sigmoidInPlace(gates, inputAt, 2 * stride);
    kernels.tanhInto(gates, candidateAt, gates, candidateAt, stride);
    kernels.sigmoidInPlace(gates, outputAt, stride);
    kernels.cellStateRow(view, gates, gatesAt, stateAt, count);
  }

  /**
   * The cell's state and output from its activated gates, for {@code count} units: c = f⊙c_prev +
   * i⊙g, then h = o⊙tanh(c), each product and the sum rounded once (no fused multiply-add), the
   * definition that the Vector API loop repeats lane by lane.
   *
   * @param view the buffers, at the step
   * @param gates the row's activations [i f g o]
   * @param gatesAt where the row's gates start
   * @param stateAt where the units start in the view's (·, H) buffers
   * @param count units to update
   */
  static void cellStateUnits(CellView view, float[] gates, int gatesAt, int stateAt, int count) {
    int stride = view.stride;
    int inputAt = gatesAt + GateLayout.input(stride);
    int forgetAt = gatesAt + GateLayout.forget(stride);
    int candidateAt = gatesAt + GateLayout.cell(stride);
    int outputAt = gatesAt + GateLayout.output(stride);
    float[] cellPrev = view.cellPrev;
    int cellPrevAt = view.cellPrevBase + stateAt;
    float[] cell = view.cell;
    int cellAt = view.cellBase + stateAt;
    float[] tanhCell = view.tanhCell;
    float[] hidden = view.hidden;
    int hiddenAt = view.hiddenBase + stateAt;
    // c = f⊙c_prev + i⊙g
    for (int j = 0; j < count; j++) {
      cell[cellAt + j] =
          gates[forgetAt + j] * cellPrev[cellPrevAt + j]
              + gates[inputAt + j] * gates[candidateAt + j];
    }
    // h = o⊙tanh(c)
    for (int j = 0; j < count; j++) {
      tanhCell[stateAt + j] = Pointwise.tanh(cell[cellAt + j]);
    }
    for (int j = 0; j < count; j++) {
      hidden[hiddenAt + j] = gates[outputAt + j] * tanhCell[stateAt + j];
    }
  }

  /**
   * Backward over rows {@code [b0, b1)} of the step the view is at: the chain rule through {@link
   * #forward}. The outputs (∂L/∂c, ∂L/∂z) must not overlap the inputs other than ∂L/∂c itself.
   *
   * @param view the layer's buffers and gradients, at the step
   * @param b0 first row
   * @param b1 one past the last row
   */
  public static void backward(CellView view, int b0, int b1) {
    backward(KERNELS, view, b0, b1);
  }

  /** {@link #backward(CellView, int, int)} on the given back end. */
  static void backward(KernelBackend kernels, CellView view, int b0, int b1) {
    assert view.stride == view.units : "a row's gate blocks must be H apart";
    for (int b = b0; b < b1; b++) {
      kernels.cellBackwardRow(view, b);
    }
  }

  /**
   * Backward for units {@code [j0, j1)} of row {@code r} of the step, one unit at a time: the
   * definition that the Vector API loop repeats lane by lane. It writes ∂L/∂c of a unit before it
   * reads that unit's c_prev (the vector loop after), one reason the outputs must not overlap the
   * inputs.
   *
   * @param view the buffers and gradients, at the step; its stride is H
   * @param r the row
   * @param j0 first unit
   * @param j1 one past the last unit
   */
  static void backwardUnits(CellView view, int r, int j0, int j1) {
    int stride = view.stride;
    int gatesAt = view.gatesAt(r);
    int inputAt = gatesAt + GateLayout.input(stride);
    int forgetAt = gatesAt + GateLayout.forget(stride);
    int candidateAt = gatesAt + GateLayout.cell(stride);
    int outputAt = gatesAt + GateLayout.output(stride);
    int stateAt = view.stateAt(r);
    int cellPrevAt = view.cellPrevBase + stateAt;
    int gradAt = view.gradAt(r);
    float[] gates = view.gates;
    float[] cellPrev = view.cellPrev;
    float[] tanhCell = view.tanhCell;
    float[] hiddenGrad = view.hiddenGrad;
    float[] cellGrad = view.cellGrad;
    float[] gatesGrad = view.gatesGrad;
    for (int j = j0; j < j1; j++) {
      float i = gates[inputAt + j];
      float f = gates[forgetAt + j];
      float g = gates[candidateAt + j];
      float o = gates[outputAt + j];
      float tanh = tanhCell[stateAt + j];
      float dOut = hiddenGrad[gradAt + j];
      // h = o⊙tanh(c)
      float dO = dOut * tanh;
      float dCell = cellGrad[gradAt + j] + dOut * o * (1f - tanh * tanh);
      // c = f⊙c_prev + i⊙g; the nonlinearities: σ' = σ(1−σ), tanh' = 1 − tanh²
      cellGrad[gradAt + j] = dCell * f;
      gatesGrad[inputAt + j] = dCell * g * i * (1f - i);
      gatesGrad[forgetAt + j] = dCell * cellPrev[cellPrevAt + j] * f * (1f - f);
      gatesGrad[candidateAt + j] = dCell * i * (1f - g * g);
      gatesGrad[outputAt + j] = dO * o * (1f - o);
    }
  }
}
