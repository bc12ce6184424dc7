package io.github.lstm4j.core.kernel;

/**
 * The buffers one LSTM cell update reads and writes, and where a time step's rows sit in them, in
 * the spirit of llm.c's per-layer pointers: the buffers and their base offsets are set once per
 * layer, then {@link #seek} moves the view to a time step, so that {@link LstmCell} takes a view
 * and a range of rows instead of an (array, offset) pair per buffer.
 *
 * <p>Row r of the step that starts at row {@code step} (the rows of a step are consecutive) is
 * found at:
 *
 * <pre>
 * gates       z in, [i f g o] out      (step + r)·4·stride            blocks at {@link GateLayout}
 * cellPrev    c_prev                   cellPrevBase + (step + r)·H
 * cell        c                        cellBase + (step + r)·H
 * tanhCell    tanh(c)                  (step + r)·H
 * hidden      h                        hiddenBase + (step + r)·H
 * gatesGrad   ∂L/∂z                    as gates
 * hiddenGrad  ∂L/∂h of the step        r·H
 * cellGrad    ∂L/∂c in, ∂L/∂c_prev out r·H
 * </pre>
 *
 * <p>A layer's view has stride = H; a frozen LSTM's, whose gate columns are grouped, has its group
 * width as stride and passes each row's gates to {@link LstmCell#forwardUnits} itself. Several
 * threads read a view at once during a parallel cell update: set and seek it only between updates.
 *
 * <pre>{@code
 * CellView view = new CellView(H, H).state(cell, 0, cell, N * H, tanhC, hidden, N * H).gates(gates);
 * view.seek(offset[s]);              // step s's rows start at packed row offset[s]
 * LstmCell.forward(view, 0, active); // its rows [0, active)
 * }</pre>
 */
public final class CellView {
  final int units; // H: units per row, and the distance between rows of the (·, H) buffers
  final int stride; // the distance between gate blocks in a row of gates
  float[] gates; // (rows, 4·stride)
  float[] tanhCell; // (rows, H)
  float[] cellPrev; // (rows, H) from cellPrevBase
  int cellPrevBase;
  float[] cell; // (rows, H) from cellBase; may be cellPrev's array
  int cellBase;
  float[] hidden; // (rows, H) from hiddenBase
  int hiddenBase;
  float[] gatesGrad; // (rows, 4H)
  float[] hiddenGrad; // (B, H)
  float[] cellGrad; // (B, H)
  int step; // the first row of the step

  /**
   * Creates a view with no buffers yet.
   *
   * @param units H, the hidden units of a row
   * @param stride the distance between gate blocks in a row of gates: H for {@link
   *     LstmCell#forward} and {@link LstmCell#backward}, at least the units of a {@link
   *     LstmCell#forwardUnits} call
   */
  public CellView(int units, int stride) {
    assert units > 0 && stride > 0 : "units and stride must be > 0";
    this.units = units;
    this.stride = stride;
  }

  /**
   * Sets the state buffers: where c_prev is read and c, tanh(c) and h are written.
   *
   * @param cellPrev c_prev's buffer
   * @param cellPrevBase where its row 0 starts
   * @param cell c's buffer, which may be {@code cellPrev}
   * @param cellBase where its row 0 starts
   * @param tanhCell tanh(c)'s buffer, its row 0 at 0
   * @param hidden h's buffer
   * @param hiddenBase where its row 0 starts
   * @return this view
   */
  public CellView state(
      float[] cellPrev,
      int cellPrevBase,
      float[] cell,
      int cellBase,
      float[] tanhCell,
      float[] hidden,
      int hiddenBase) {
    this.cellPrev = cellPrev;
    this.cellPrevBase = cellPrevBase;
    this.cell = cell;
    this.cellBase = cellBase;
    this.tanhCell = tanhCell;
    this.hidden = hidden;
    this.hiddenBase = hiddenBase;
    return this;
  }

  /**
   * Sets the gate buffer of {@link LstmCell#forward} and {@link LstmCell#backward}. ({@link
   * LstmCell#forwardUnits} is given each row's gates instead.)
   *
   * @param gates (rows, 4·stride) z in, activations [i f g o] out, read again by backward
   * @return this view
   */
  public CellView gates(float[] gates) {
    this.gates = gates;
    return this;
  }

  /**
   * Sets the gradient buffers of backward.
   *
   * @param gatesGrad (rows, 4H) ∂L/∂z out, its rows as those of the gates
   * @param hiddenGrad (B, H) ∂L/∂h of the step's rows
   * @param cellGrad (B, H) ∂L/∂c arriving from the next step in, ∂L/∂c_prev out
   * @return this view
   */
  public CellView gradients(float[] gatesGrad, float[] hiddenGrad, float[] cellGrad) {
    this.gatesGrad = gatesGrad;
    this.hiddenGrad = hiddenGrad;
    this.cellGrad = cellGrad;
    return this;
  }

  /**
   * Moves the view to the time step whose rows start at {@code row}.
   *
   * @param row the step's first row in the (rows, ·) buffers
   */
  public void seek(int row) {
    this.step = row;
  }

  /** Where row r of the step starts in the gates and their gradient. */
  int gatesAt(int r) {
    return (step + r) * GateLayout.rowWidth(stride);
  }

  /** Where row r of the step starts in the (rows, H) state buffers, before their base. */
  int stateAt(int r) {
    return (step + r) * units;
  }

  /** Where row r of the step starts in ∂L/∂h and ∂L/∂c. */
  int gradAt(int r) {
    return r * units;
  }
}
