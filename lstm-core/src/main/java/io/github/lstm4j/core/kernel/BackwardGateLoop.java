package io.github.lstm4j.core.kernel;

/**
 * The backward gate loop of an LSTM time step: from ∂L/∂h and ∂L/∂c of step t to ∂L/∂z (the four
 * gate pre-activations) and ∂L/∂c_prev, element by element over (B, H). The math is stated in
 * {@code LstmCell}, whose backward runs on this loop:
 *
 * <pre>
 * dO = dH⊙tanh(c);  dC += dH⊙o⊙(1 − tanh²(c))
 * dI = dC⊙g;  dG = dC⊙i;  dF = dC⊙c_prev;  dC_prev = dC⊙f
 * dZ_i = dI⊙i(1−i)  dZ_f = dF⊙f(1−f)  dZ_g = dG⊙(1−g²)  dZ_o = dO⊙o(1−o)
 * </pre>
 *
 * <p>Two implementations: {@link #PLAIN}, whose loop C2 leaves scalar (it reads and writes eight
 * float arrays that may alias), and the Vector API one ({@code VectorBackwardGateLoop} in {@code
 * src/main/vector}), which performs the same multiplications and subtractions in the same order
 * eight units at a time, so both give the same bits. {@link KernelSelection} picks one per JVM. The
 * outputs (dC, dGates) must not overlap the inputs other than dC itself: the plain loop writes dC
 * of a unit before it reads that unit's c_prev, the vector loop after.
 */
public interface BackwardGateLoop {
  /** The plain-Java loop: {@link #units} over every row. */
  BackwardGateLoop PLAIN =
      (gates, gOff, c, cPrevOff, tanhC, tOff, dH, dHOff, dC, dCOff, dGates, dGOff, h, b0, b1) -> {
        for (int b = b0; b < b1; b++) {
          units(
              gates,
              gOff + b * 4 * h,
              h,
              c,
              cPrevOff + b * h,
              tanhC,
              tOff + b * h,
              dH,
              dHOff + b * h,
              dC,
              dCOff + b * h,
              dGates,
              dGOff + b * 4 * h,
              0,
              h);
        }
      };

  /** The loop this JVM uses. */
  BackwardGateLoop SELECTED =
      KernelSelection.choose(BackwardGateLoop.class, "VectorBackwardGateLoop", PLAIN);

  /**
   * The loop over rows {@code [b0, b1)}.
   *
   * @param gates (B, 4H) activations [i f g o] saved by forward
   * @param gOff where row 0 of gates starts
   * @param c (B, H) the cell states; c_prev is read at {@code cPrevOff}
   * @param cPrevOff where c_prev starts
   * @param tanhC (B, H) tanh(c) saved by forward
   * @param tOff where tanh(c) starts
   * @param dH (B, H) ∂L/∂h of this step
   * @param dHOff where dH starts
   * @param dC (B, H) in: ∂L/∂c arriving from step t+1; out: ∂L/∂c_prev
   * @param dCOff where dC starts
   * @param dGates (B, 4H) out: ∂L/∂z
   * @param dGOff where dGates starts
   * @param hiddenSize H
   * @param b0 first row
   * @param b1 one past the last row
   */
  void rows(
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
      int hiddenSize,
      int b0,
      int b1);

  /**
   * The loop over units {@code [j0, j1)} of one row, one unit at a time: the definition that the
   * vector loop repeats lane by lane.
   *
   * @param gates the row's activations [i f g o], the input gate block at {@code gi}
   * @param gi where the row's input gate block starts
   * @param h H, the distance between gate blocks
   * @param c cell states; the row's c_prev at {@code cp}
   * @param cp where the row's c_prev starts
   * @param tanhC tanh(c); the row's at {@code tc}
   * @param tc where the row's tanh(c) starts
   * @param dH ∂L/∂h; the row's at {@code dh}
   * @param dh where the row's ∂L/∂h starts
   * @param dC ∂L/∂c in, ∂L/∂c_prev out; the row's at {@code dc}
   * @param dc where the row's ∂L/∂c starts
   * @param dGates ∂L/∂z out; the row's input gate block at {@code di}
   * @param di where the row's ∂L/∂z starts
   * @param j0 first unit
   * @param j1 one past the last unit
   */
  static void units(
      float[] gates,
      int gi,
      int h,
      float[] c,
      int cp,
      float[] tanhC,
      int tc,
      float[] dH,
      int dh,
      float[] dC,
      int dc,
      float[] dGates,
      int di,
      int j0,
      int j1) {
    int gf = gi + GateLayout.forget(h);
    int gg = gi + GateLayout.cell(h);
    int go = gi + GateLayout.output(h);
    int df = di + GateLayout.forget(h);
    int dg = di + GateLayout.cell(h);
    int dz = di + GateLayout.output(h);
    for (int j = j0; j < j1; j++) {
      float i = gates[gi + j];
      float f = gates[gf + j];
      float g = gates[gg + j];
      float o = gates[go + j];
      float tanh = tanhC[tc + j];
      float dOut = dH[dh + j];
      // h = o⊙tanh(c)
      float dO = dOut * tanh;
      float dCell = dC[dc + j] + dOut * o * (1f - tanh * tanh);
      // c = f⊙c_prev + i⊙g; the nonlinearities: σ' = σ(1−σ), tanh' = 1 − tanh²
      dC[dc + j] = dCell * f;
      dGates[di + j] = dCell * g * i * (1f - i);
      dGates[df + j] = dCell * c[cp + j] * f * (1f - f);
      dGates[dg + j] = dCell * i * (1f - g * g);
      dGates[dz + j] = dO * o * (1f - o);
    }
  }
}
