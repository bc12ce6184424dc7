package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link LstmCell#backwardUnits}: the cell's backward a vector of units at a
 * time, each lane through the same multiplications, additions and subtractions in the same order
 * (no fused multiply-add, which would round once where the plain loop rounds twice), so the bits
 * are the plain loop's. The units after the last whole vector of a row go through {@link
 * LstmCell#backwardUnits}. It writes ∂L/∂c of a unit after it reads that unit's c_prev. The species
 * is the matrix kernels' {@link VectorWidth#FLOATS} (see there why there is only one).
 */
final class VectorLstmCell {
  private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

  /** Floats per vector: 8 or 16. */
  private static final int L = VectorWidth.LANES;

  private VectorLstmCell() {}

  /** {@link KernelBackend#cellBackwardRow}: row r of the step the view is at. */
  static void backwardRow(CellView view, int r) {
    int units = view.units;
    int stride = view.stride;
    int whole = units - units % L;
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
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int j = 0; j < whole; j += L) {
      FloatVector i = FloatVector.fromArray(S, gates, inputAt + j);
      FloatVector f = FloatVector.fromArray(S, gates, forgetAt + j);
      FloatVector g = FloatVector.fromArray(S, gates, candidateAt + j);
      FloatVector o = FloatVector.fromArray(S, gates, outputAt + j);
      FloatVector tanh = FloatVector.fromArray(S, tanhCell, stateAt + j);
      FloatVector dOut = FloatVector.fromArray(S, hiddenGrad, gradAt + j);
      FloatVector dO = dOut.mul(tanh);
      FloatVector dCell =
          FloatVector.fromArray(S, cellGrad, gradAt + j)
              .add(dOut.mul(o).mul(one.sub(tanh.mul(tanh))));
      FloatVector c = FloatVector.fromArray(S, cellPrev, cellPrevAt + j);
      dCell.mul(f).intoArray(cellGrad, gradAt + j);
      dCell.mul(g).mul(i).mul(one.sub(i)).intoArray(gatesGrad, inputAt + j);
      dCell.mul(c).mul(f).mul(one.sub(f)).intoArray(gatesGrad, forgetAt + j);
      dCell.mul(i).mul(one.sub(g.mul(g))).intoArray(gatesGrad, candidateAt + j);
      dO.mul(o).mul(one.sub(o)).intoArray(gatesGrad, outputAt + j);
    }
    LstmCell.backwardUnits(view, r, whole, units);
  }
}
