package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.kernel.BackwardGateLoop;
import io.github.lstm4j.core.kernel.Pointwise;

/**
 * The pointwise part of one LSTM time step: gate nonlinearities and the cell update, fused into one
 * pass over (B, H), with its backward directly below. The matrix products around it live in {@link
 * LstmLayer}.
 *
 * <pre>
 * z = x·W_ihᵀ + h_prev·W_hhᵀ + b            (B, 4H), blocks [i f g o]
 * i = σ(z_i)  f = σ(z_f)  g = tanh(z_g)  o = σ(z_o)
 * c = f⊙c_prev + i⊙g          h = o⊙tanh(c)
 *
 * backward, given dH and dC (dC already holds dC_next⊙f_next from step t+1):
 * dO = dH⊙tanh(c);  dC += dH⊙o⊙(1 − tanh²(c))
 * dI = dC⊙g;  dG = dC⊙i;  dF = dC⊙c_prev;  dC_prev = dC⊙f
 * dZ_i = dI⊙i(1−i)  dZ_f = dF⊙f(1−f)  dZ_g = dG⊙(1−g²)  dZ_o = dO⊙o(1−o)
 * </pre>
 *
 * <p>All buffers are flat with offsets; nothing is allocated. Rows are independent, so a caller may
 * split rows {@code [b0, b1)} across threads.
 */
final class LstmCell {
  private LstmCell() {}

  /**
   * Forward over rows {@code [b0, b1)}.
   *
   * @param gates (B, 4H) pre-activations z in, activations [i f g o] out
   * @param gOff where row 0 of gates starts
   * @param c (B, H) c_prev at {@code cPrevOff}, c written at {@code cOff}
   * @param cPrevOff where c_prev starts
   * @param cOff where c starts
   * @param tanhC (B, H) tanh(c) out
   * @param tOff where tanh(c) starts
   * @param h (B, H) h out
   * @param hOff where h starts
   * @param hiddenSize H
   * @param b0 first row
   * @param b1 one past the last row
   */
  static void forward(
      float[] gates,
      int gOff,
      float[] c,
      int cPrevOff,
      int cOff,
      float[] tanhC,
      int tOff,
      float[] h,
      int hOff,
      int hiddenSize,
      int b0,
      int b1) {
    int fourH = 4 * hiddenSize;
    for (int b = b0; b < b1; b++) {
      int row = b * hiddenSize;
      forwardUnits(
          gates,
          gOff + b * fourH,
          hiddenSize,
          hiddenSize,
          c,
          cPrevOff + row,
          c,
          cOff + row,
          tanhC,
          tOff + row,
          h,
          hOff + row);
    }
  }

  /**
   * Forward for one row of {@code count} units whose four gate blocks are {@code stride} apart: z_i
   * of unit u at {@code gates[gi + u]}, z_f at {@code gi + stride + u}, z_g at {@code gi + 2·stride
   * + u}, z_o at {@code gi + 3·stride + u}. {@link #forward} passes stride = count = H; a frozen
   * LSTM passes one group of units of its reordered gates, whose blocks may be padded ({@code count
   * < stride}): the padding is activated too, but never read.
   *
   * @param gates pre-activations z in, activations [i f g o] out
   * @param gi where the input gate block starts
   * @param stride distance between the gate blocks, {@code >= count}
   * @param count units in the row
   * @param cPrev c_prev (count) at {@code cPrevOff}
   * @param cPrevOff where c_prev starts
   * @param c c (count) written at {@code cOff}; may be {@code cPrev}'s array
   * @param cOff where c starts
   * @param tanhC tanh(c) (count) out
   * @param tOff where tanh(c) starts
   * @param h h (count) out
   * @param hOff where h starts
   */
  static void forwardUnits(
      float[] gates,
      int gi,
      int stride,
      int count,
      float[] cPrev,
      int cPrevOff,
      float[] c,
      int cOff,
      float[] tanhC,
      int tOff,
      float[] h,
      int hOff) {
    int gf = gi + Gate.FORGET.blockOffset(stride);
    int gg = gi + Gate.CELL.blockOffset(stride);
    int go = gi + Gate.OUTPUT.blockOffset(stride);
    // Gate order i, f, g, o puts the two σ blocks i and f side by side: one pass of 2·stride.
    Pointwise.sigmoidInPlace(gates, gi, 2 * stride);
    Pointwise.tanhInPlace(gates, gg, stride);
    Pointwise.sigmoidInPlace(gates, go, stride);
    // c = f⊙c_prev + i⊙g
    for (int j = 0; j < count; j++) {
      c[cOff + j] = gates[gf + j] * cPrev[cPrevOff + j] + gates[gi + j] * gates[gg + j];
    }
    // h = o⊙tanh(c)
    Pointwise.tanhInto(c, cOff, tanhC, tOff, count);
    for (int j = 0; j < count; j++) {
      h[hOff + j] = gates[go + j] * tanhC[tOff + j];
    }
  }

  /**
   * Backward over rows {@code [b0, b1)}: the chain rule through {@link #forward}, statement by
   * statement in reverse, on the {@link BackwardGateLoop} this JVM selected.
   *
   * @param gates (B, 4H) activations [i f g o] saved by forward
   * @param gOff where row 0 of gates starts
   * @param c (B, H) the cell states; c_prev is read at {@code cPrevOff}
   * @param cPrevOff where c_prev starts
   * @param tanhC (B, H) tanh(c) saved by forward
   * @param tOff where tanh(c) starts
   * @param dH (B, H) ∂L/∂h of this step (from the output and from step t+1)
   * @param dHOff where dH starts
   * @param dC (B, H) in: ∂L/∂c arriving from step t+1; out: ∂L/∂c_prev
   * @param dCOff where dC starts
   * @param dGates (B, 4H) out: ∂L/∂z
   * @param dGOff where dGates starts
   * @param hiddenSize H
   * @param b0 first row
   * @param b1 one past the last row
   */
  static void backward(
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
      int b1) {
    BackwardGateLoop.SELECTED.rows(
        gates,
        gOff,
        c,
        cPrevOff,
        tanhC,
        tOff,
        dH,
        dHOff,
        dC,
        dCOff,
        dGates,
        dGOff,
        hiddenSize,
        b0,
        b1);
  }
}
