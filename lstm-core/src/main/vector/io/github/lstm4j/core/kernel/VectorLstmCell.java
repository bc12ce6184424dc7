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

  /**
   * {@link KernelBackend#cellStateRow}: c = f⊙c_prev + i⊙g a vector of units at a time (products
   * and sum rounded once each, as in the plain loop), tanh(c) by {@link VectorActivations}, then h
   * = o⊙tanh(c); the units after the last whole vector go through {@link LstmCell#cellStateUnits}.
   */
  static void stateRow(CellView view, float[] gates, int gatesAt, int stateAt, int count) {
    int stride = view.stride;
    int whole = count - count % L;
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
    for (int j = 0; j < whole; j += L) {
      FloatVector f = FloatVector.fromArray(S, gates, forgetAt + j);
      FloatVector i = FloatVector.fromArray(S, gates, inputAt + j);
      FloatVector g = FloatVector.fromArray(S, gates, candidateAt + j);
      f.mul(FloatVector.fromArray(S, cellPrev, cellPrevAt + j))
          .add(i.mul(g))
          .intoArray(cell, cellAt + j);
    }
    VectorActivations.tanhInto(cell, cellAt, tanhCell, stateAt, whole);
    for (int j = 0; j < whole; j += L) {
      FloatVector.fromArray(S, gates, outputAt + j)
          .mul(FloatVector.fromArray(S, tanhCell, stateAt + j))
          .intoArray(hidden, hiddenAt + j);
    }
    LstmCell.cellStateUnits(view, gates, gatesAt + whole, stateAt + whole, count - whole);
  }

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
