package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.kernel.Pointwise;

/**
 * The copies between the padded, time-major (T, B, width) tensors of the {@link Lstm} API and the
 * packed rows a layer runs on ({@link PackedBatch}): step s, sorted position p ↔ time {@code
 * timeOf(s, length, reverse)} of original row {@code rowOf[p]}. Gathers read the valid steps only;
 * scatters write the valid steps only, so padded steps are left as the caller set them (zeros).
 *
 * <p>A full batch in batch order copies whole time steps at once, as before lengths existed (for
 * the output, where this direction fills the output's width: one direction).
 */
final class PackedCopy {
  private PackedCopy() {}

  /** dst (N, width) = columns [col, col + width) of src (T, B, srcWidth), packed. */
  static void gather(
      float[] src,
      int srcWidth,
      int col,
      int width,
      float[] dst,
      PackedBatch packed,
      boolean reverse) {
    int batch = packed.batch;
    if (packed.isFull() && col == 0 && width == srcWidth) {
      int block = batch * width;
      for (int s = 0; s < packed.seqLen; s++) {
        int t = PackedBatch.timeOf(s, packed.seqLen, reverse);
        System.arraycopy(src, t * block, dst, s * block, block);
      }
      return;
    }
    for (int s = 0; s < packed.steps(); s++) {
      int row = packed.offset[s];
      for (int p = 0; p < packed.active[s]; p++) {
        int from = packed.paddedRow(s, p, reverse) * srcWidth + col;
        System.arraycopy(src, from, dst, (row + p) * width, width);
      }
    }
  }

  /** dst (N, width) = src (T, B, width), packed. */
  static void gather(float[] src, int width, float[] dst, PackedBatch packed, boolean reverse) {
    gather(src, width, 0, width, dst, packed, reverse);
  }

  /** dst (N) = src (T, B) token ids, packed. */
  static void gather(int[] src, int[] dst, PackedBatch packed, boolean reverse) {
    for (int s = 0; s < packed.steps(); s++) {
      int row = packed.offset[s];
      for (int p = 0; p < packed.active[s]; p++) {
        dst[row + p] = src[packed.paddedRow(s, p, reverse)];
      }
    }
  }

  /**
   * Columns [col, col + H) of dst (T, B, dstWidth) = h (N, H) of every packed row, the second
   * region of {@code buf.hidden}.
   */
  static void scatterOutput(
      LstmCache.LayerBuffers buf,
      float[] dst,
      int dstWidth,
      int col,
      PackedBatch packed,
      boolean reverse) {
    int batch = packed.batch;
    int hiddenSize = buf.hiddenSize;
    if (packed.isFull() && col == 0 && dstWidth == hiddenSize) {
      // Rows are in batch order and fill dst's width: a step is one contiguous block of both.
      int block = batch * hiddenSize;
      for (int s = 0; s < packed.seqLen; s++) {
        int t = PackedBatch.timeOf(s, packed.seqLen, reverse);
        System.arraycopy(buf.hidden, buf.outputOffset + s * block, dst, t * block, block);
      }
      return;
    }
    for (int s = 0; s < packed.steps(); s++) {
      int row = packed.offset[s];
      for (int p = 0; p < packed.active[s]; p++) {
        int from = buf.outputOffset + (row + p) * hiddenSize;
        int to = packed.paddedRow(s, p, reverse) * dstWidth + col;
        System.arraycopy(buf.hidden, from, dst, to, hiddenSize);
      }
    }
  }

  /** dst (T, B, width) += src (N, width) at the valid steps. */
  static void scatterAdd(float[] src, int width, float[] dst, PackedBatch packed, boolean reverse) {
    int batch = packed.batch;
    if (packed.isFull()) {
      int block = batch * width; // a step of src and of dst, both in batch order
      for (int s = 0; s < packed.seqLen; s++) {
        int t = PackedBatch.timeOf(s, packed.seqLen, reverse);
        Pointwise.addInto(src, s * block, dst, t * block, block);
      }
      return;
    }
    for (int s = 0; s < packed.steps(); s++) {
      int row = packed.offset[s];
      for (int p = 0; p < packed.active[s]; p++) {
        int to = packed.paddedRow(s, p, reverse) * width;
        Pointwise.addInto(src, (row + p) * width, dst, to, width);
      }
    }
  }

  /**
   * A state of the original rows, gathered into the sorted rows' (B, H) buffers h and c, or zeros
   * without one: step 0's (h_prev, c_prev) from the initial state, and in backward the running (dH,
   * dC) from ∂L/∂(h_n, c_n).
   */
  static void gatherState(
      LstmState state, int slot, float[] h, float[] c, PackedBatch packed, int hiddenSize) {
    if (state == null) {
      java.util.Arrays.fill(h, 0, packed.batch * hiddenSize, 0f);
      java.util.Arrays.fill(c, 0, packed.batch * hiddenSize, 0f);
      return;
    }
    gatherRows(state.h().data(), slot, h, packed, hiddenSize);
    gatherRows(state.c().data(), slot, c, packed, hiddenSize);
  }

  /** (h_n, c_n) of each original row = its (h, c) after its last valid step. */
  static void scatterFinalState(
      LstmCache.LayerBuffers buf, LstmState last, int slot, PackedBatch packed, int hiddenSize) {
    float[] h = last.h().data();
    float[] c = last.c().data();
    int slotOff = slot * packed.batch * hiddenSize;
    for (int p = 0; p < packed.batch; p++) {
      int b = packed.rowOf[p];
      int from = buf.outputOffset + (packed.offset[packed.lengths[b] - 1] + p) * hiddenSize;
      int to = slotOff + b * hiddenSize;
      System.arraycopy(buf.hidden, from, h, to, hiddenSize);
      System.arraycopy(buf.cell, from, c, to, hiddenSize);
    }
  }

  /** ∂L/∂(h_0, c_0) of each original row, from the running dH and dC of the sorted rows. */
  static void scatterStateGradient(
      LstmCache.Gradients g, LstmState dInitial, int slot, PackedBatch packed, int hiddenSize) {
    float[] dH = dInitial.h().data();
    float[] dC = dInitial.c().data();
    int slotOff = slot * packed.batch * hiddenSize;
    for (int p = 0; p < packed.batch; p++) {
      int to = slotOff + packed.rowOf[p] * hiddenSize;
      System.arraycopy(g.dH, p * hiddenSize, dH, to, hiddenSize);
      System.arraycopy(g.dC, p * hiddenSize, dC, to, hiddenSize);
    }
  }

  /** dst (B, H) in sorted order = rows of one slot of a (L·D, B, H) state. */
  private static void gatherRows(
      float[] state, int slot, float[] dst, PackedBatch packed, int hiddenSize) {
    int slotOff = slot * packed.batch * hiddenSize;
    for (int p = 0; p < packed.batch; p++) {
      System.arraycopy(
          state, slotOff + packed.rowOf[p] * hiddenSize, dst, p * hiddenSize, hiddenSize);
    }
  }
}
