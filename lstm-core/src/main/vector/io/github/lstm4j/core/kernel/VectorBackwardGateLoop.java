package io.github.lstm4j.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API twin of {@link BackwardGateLoop#PLAIN}: {@link BackwardGateLoop#units} eight units
 * at a time, each lane through the same multiplications, additions and subtractions in the same
 * order (no fused multiply-add, which would round once where the plain loop rounds twice), so the
 * bits are the plain loop's. The units after the last whole vector of a row go through {@link
 * BackwardGateLoop#units}. The species is the matrix kernels' {@code FloatVector.SPECIES_256} (see
 * {@code VectorGemmKernels} on why there is only one).
 */
final class VectorBackwardGateLoop implements BackwardGateLoop {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

  /** Floats per vector. */
  private static final int L = 8;

  @Override
  public void rows(
      float[] gates,
      int gOff,
      float[] c,
      int cPrevOff,
      float[] tanhC,
      int tOff,
      float[] dH,
      int dHOff,
      float[] dC,
      int dCOff,
      float[] dGates,
      int dGOff,
      int h,
      int b0,
      int b1) {
    int whole = h - h % L;
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int b = b0; b < b1; b++) {
      int gi = gOff + b * 4 * h;
      int di = dGOff + b * 4 * h;
      int cp = cPrevOff + b * h;
      int tc = tOff + b * h;
      int dh = dHOff + b * h;
      int dc = dCOff + b * h;
      for (int j = 0; j < whole; j += L) {
        FloatVector i = FloatVector.fromArray(S, gates, gi + j);
        FloatVector f = FloatVector.fromArray(S, gates, gi + h + j);
        FloatVector g = FloatVector.fromArray(S, gates, gi + 2 * h + j);
        FloatVector o = FloatVector.fromArray(S, gates, gi + 3 * h + j);
        FloatVector tanh = FloatVector.fromArray(S, tanhC, tc + j);
        FloatVector dOut = FloatVector.fromArray(S, dH, dh + j);
        FloatVector dO = dOut.mul(tanh);
        FloatVector dCell =
            FloatVector.fromArray(S, dC, dc + j).add(dOut.mul(o).mul(one.sub(tanh.mul(tanh))));
        FloatVector cPrev = FloatVector.fromArray(S, c, cp + j);
        dCell.mul(f).intoArray(dC, dc + j);
        dCell.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, di + j);
        dCell.mul(cPrev).mul(f).mul(one.sub(f)).intoArray(dGates, di + h + j);
        dCell.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, di + 2 * h + j);
        dO.mul(o).mul(one.sub(o)).intoArray(dGates, di + 3 * h + j);
      }
      BackwardGateLoop.units(gates, gi, h, c, cp, tanhC, tc, dH, dh, dC, dc, dGates, di, whole, h);
    }
  }
}
