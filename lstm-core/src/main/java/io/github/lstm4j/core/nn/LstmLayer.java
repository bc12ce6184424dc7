package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.compute.RangeTask;
import io.github.lstm4j.core.kernel.BiasRows;
import io.github.lstm4j.core.kernel.CellView;
import io.github.lstm4j.core.kernel.Gemm;
import io.github.lstm4j.core.kernel.LstmCell;
import io.github.lstm4j.core.kernel.PackedOperand;
import io.github.lstm4j.core.kernel.Pointwise;

/**
 * One LSTM layer in one direction over a whole sequence: the matrix products and the time loop
 * around {@link LstmCell}. A reverse direction is this same layer fed the time-reversed input by
 * {@link Lstm}, so here time always runs forward.
 *
 * <p>Forward (cuDNN's split of the work):
 *
 * <ol>
 *   <li>{@code gates = X·W_ihᵀ + b} for all T·B rows in one product (or, for token ids, the column
 *       of W_ih each id selects: a lookup, never a product with a one-hot matrix);
 *   <li>for each step s: {@code gates_s += h_s·W_hhᵀ}, then the fused cell update.
 * </ol>
 *
 * <p>Backward walks the steps in reverse, producing ∂L/∂z for every step, then forms the weight
 * gradients with three large products after the loop:
 *
 * <pre>
 * for s = T−1 … 0:  dH += dOut_s;  cell backward → dGates_s, dC;  dH = dGates_s·W_hh
 * dW_hh += dGatesᵀ·H_prev    dW_ih += dGatesᵀ·X    db += Σ_rows dGates    dX = dGates·W_ih
 * </pre>
 *
 * <p>Rows are packed (see {@link PackedBatch}): step s computes only the rows whose sequence is
 * still running, so padding costs nothing, and the products after the loop run over the Σ lengths
 * packed rows, not T·B.
 *
 * <p>The layer keeps no per-call state: buffers live in a {@link LstmCache.LayerBuffers}.
 */
final class LstmLayer {
  /**
   * The smallest cell update (B·H elements, five exponentials each: tens of microseconds, about the
   * work of Gemm's smallest parallel product) worth handing to other threads. Below it a hand-off
   * costs more than the work, and on a busy machine far more. Rows are independent, so running them
   * on one thread gives the same bits.
   */
  static final int CELL_PARALLEL_THRESHOLD = 1024;

  /**
   * The smallest recurrent step (multiply-adds of its product) worth handing to other threads, as
   * for {@code Gemm}'s products.
   */
  static final long STEP_PARALLEL_THRESHOLD = 65_536;

  private final Parameters params;
  private final Param weightIh; // (4H, I)
  private final Param weightHh; // (4H, H)
  private final Param bias; // (4H), PyTorch's b_ih + b_hh
  private final int inputSize;
  private final int hiddenSize;

  LstmLayer(Parameters params, String prefix, String suffix, int inputSize, int hiddenSize) {
    this.params = params;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.weightIh = params.add(prefix + "weight_ih" + suffix, 4 * hiddenSize, inputSize);
    this.weightHh = params.add(prefix + "weight_hh" + suffix, 4 * hiddenSize, hiddenSize);
    this.bias = params.add(prefix + "bias" + suffix, 4 * hiddenSize);
  }

  Param weightIh() {
    return weightIh;
  }

  Param weightHh() {
    return weightHh;
  }

  Param bias() {
    return bias;
  }

  /** The live values {@link #weightIh()}, {@link #weightHh()} and {@link #bias()} index into. */
  float[] values() {
    return params.values();
  }

  /**
   * Fills the weights with the configured initialisers and the bias with zeros, except the forget
   * block, which starts at {@code forgetBias}.
   */
  void initialise(LstmConfig config, io.github.lstm4j.core.Rng rng) {
    float[] w = params.values();
    int fourH = 4 * hiddenSize;
    config.inputInit().fill(w, weightIh.offset(), fourH, inputSize, hiddenSize, rng);
    if (config.recurrentInit() == Init.ORTHOGONAL) {
      for (Gate gate : Gate.values()) {
        int blockRow = gate.blockOffset(hiddenSize);
        config
            .recurrentInit()
            .fill(
                w,
                weightHh.offset() + blockRow * hiddenSize,
                hiddenSize,
                hiddenSize,
                hiddenSize,
                rng);
      }
    } else {
      config.recurrentInit().fill(w, weightHh.offset(), fourH, hiddenSize, hiddenSize, rng);
    }
    java.util.Arrays.fill(w, bias.offset(), bias.offset() + fourH, 0f);
    int forget = bias.offset() + Gate.FORGET.blockOffset(hiddenSize);
    java.util.Arrays.fill(w, forget, forget + hiddenSize, (float) config.forgetBias());
  }

  /**
   * gates (T·B, 4H) = x (T·B, I)·W_ihᵀ + b for all rows at once: the path of one step or one row,
   * where the recurrent weights are not packed and nothing is gained by projecting per block.
   */
  private void projectInput(ComputeContext ctx, LstmCache.LayerBuffers buf, int rows) {
    float[] w = params.values();
    int fourH = 4 * hiddenSize;
    Gemm.multTransB(ctx, buf.x, 0, w, weightIh.offset(), buf.gates, 0, rows, fourH, inputSize);
    BiasRows.add(ctx, w, bias.offset(), buf.gates, 0, rows, fourH);
  }

  /** gates[r, :] = W_ih[:, ids[r]] + b: the one-hot product as a column lookup. */
  private void projectTokens(LstmCache.LayerBuffers buf, int rows) {
    float[] w = params.values();
    int fourH = 4 * hiddenSize;
    int wOff = weightIh.offset();
    int bOff = bias.offset();
    for (int r = 0; r < rows; r++) {
      int id = buf.tokens[r];
      int row = r * fourH;
      for (int j = 0; j < fourH; j++) {
        buf.gates[row + j] = w[wOff + j * inputSize + id] + w[bOff + j];
      }
    }
  }

  /**
   * This layer's forward over the packed rows of {@code buf}: the input projection and the
   * recurrence. With the recurrent weights packed (T > 1 and B > 1) a dense input is projected
   * block by block inside each step ({@link LstmCache.InputStep}); token ids, and the unpacked
   * case, are projected for all rows first.
   */
  void forward(ComputeContext ctx, LstmCache.LayerBuffers buf, PackedBatch packed) {
    int rows = packed.rows();
    if (buf.tokenInput) {
      projectTokens(buf, rows);
      recur(ctx, buf, packed, buf.recurrentStep);
    } else if (buf.weightHhT == null) {
      projectInput(ctx, buf, rows);
      recur(ctx, buf, packed, null);
    } else {
      buf.inputStep.weights(params.values(), weightIh.offset(), bias.offset());
      recur(ctx, buf, packed, buf.inputStep);
    }
  }

  /**
   * The recurrence, after the input projection. Step s runs only the {@code active[s]} rows still
   * inside their sequence (the packed layout of {@link PackedBatch}): it reads h_prev and c_prev at
   * its packed rows in region 0 of hidden and cell, and writes h and c at the same rows in region
   * 1; the rows that go on to step s + 1 are then copied to that step's rows of region 0. On entry
   * region 0 holds h_0 and c_0 at step 0's rows.
   */
  private void recur(
      ComputeContext ctx,
      LstmCache.LayerBuffers buf,
      PackedBatch packed,
      LstmCache.RecurrentStep step) {
    float[] w = params.values();
    int fourH = 4 * hiddenSize;
    int out = buf.outputOffset;
    CellView view = buf.cellView;
    PackedOperand wT = buf.weightHhT; // op(B) = W_hhᵀ (H, 4H), or null
    if (wT != null) {
      // W_hhᵀ laid out once per forward in the panels the matrix kernels read, instead of once per
      // step inside every product: the T products of the recurrence share one packing. Same bits:
      // each gate is the same chain of fused multiply-adds over h in ascending order.
      wT.packTransposed(w, weightHh.offset());
    }
    int steps = packed.steps();
    for (int s = 0; s < steps; s++) {
      int rows = packed.active[s];
      int row = packed.offset[s];
      boolean last = s + 1 == steps;
      if (wT != null) {
        // gates_s (rows, 4H) += h_prev (rows, H) · W_hhᵀ, then the cell, then the hand-over of
        // (h, c) to step s + 1, a block of rows at a time
        step.at(row, rows);
        step.handOver(last ? 0 : packed.offset[s + 1], last ? 0 : packed.active[s + 1], out);
        if ((long) rows * fourH * hiddenSize < STEP_PARALLEL_THRESHOLD) {
          step.run(0, step.blocks());
        } else {
          ctx.parallelFor(step.blocks(), step);
        }
      } else {
        // gates_s (rows, 4H) += h_prev (rows, H) · W_hhᵀ
        view.seek(row);
        Gemm.multAddTransB(
            ctx,
            buf.hidden,
            row * hiddenSize,
            w,
            weightHh.offset(),
            buf.gates,
            row * fourH,
            rows,
            fourH,
            hiddenSize);
        runCell(ctx, buf.cellForward, rows);
        if (!last) {
          // The running rows are a prefix: (h, c) of step s become (h_prev, c_prev) of step s + 1.
          int from = row * hiddenSize;
          int to = packed.offset[s + 1] * hiddenSize;
          int size = packed.active[s + 1] * hiddenSize;
          System.arraycopy(buf.hidden, out + from, buf.hidden, to, size);
          System.arraycopy(buf.cell, out + from, buf.cell, to, size);
        }
      }
    }
  }

  /**
   * Backpropagation through time for this layer and direction, over the packed rows of {@link
   * #recur}. On entry {@code g.dH} and {@code g.dC} hold ∂L/∂h_n and ∂L/∂c_n of each sorted row
   * (zero if the final state is unused); on exit they hold ∂L/∂h_0 and ∂L/∂c_0. A row that ended
   * before step s is not touched by step s, so its entries wait, unchanged, for its last step.
   * Parameter gradients are accumulated; {@code dX} (N, I) is overwritten unless the input was
   * token ids or {@code dX} is null (∂L/∂input not wanted), in which case it is ignored.
   *
   * @param dOut (N, H) ∂L/∂h of each packed row, from above
   */
  void backward(
      ComputeContext ctx,
      float[] dOut,
      LstmCache.LayerBuffers buf,
      LstmCache.Gradients g,
      float[] dX,
      PackedBatch packed) {
    float[] w = params.values();
    float[] dw = params.grads();
    int fourH = 4 * hiddenSize;
    int rows = packed.rows();
    CellView view = buf.cellView.gradients(g.dGates, g.dH, g.dC);
    PackedOperand packedW = g.weightHh; // op(B) = W_hh (4H, H), or null
    if (packedW != null) {
      packedW.pack(w, weightHh.offset()); // once for the T products below, as in recur
    }
    for (int s = packed.steps() - 1; s >= 0; s--) {
      int active = packed.active[s];
      int row = packed.offset[s];
      Pointwise.addInto(dOut, row * hiddenSize, g.dH, 0, active * hiddenSize);
      view.seek(row);
      runCell(ctx, buf.cellBackward, active);
      // dH_prev = dGates_s · W_hh : (active, 4H)·(4H, H)
      if (packedW != null) {
        Gemm.mult(ctx, g.dGates, row * fourH, packedW, g.dH, 0, active);
      } else {
        Gemm.mult(
            ctx, g.dGates, row * fourH, w, weightHh.offset(), g.dH, 0, active, hiddenSize, fourH);
      }
    }
    // dW_hh (4H, H) += dGatesᵀ (4H, N) · H_prev (N, H); H_prev is region 0 of hidden.
    Gemm.multAddTransA(
        ctx, g.dGates, 0, buf.hidden, 0, dw, weightHh.offset(), fourH, hiddenSize, rows);
    BiasRows.sumGradient(ctx, g.dGates, 0, rows, fourH, dw, bias.offset());
    if (buf.tokenInput) {
      // dW_ih[:, id] += dGates[r, :] for each row r: the transpose of the lookup.
      int wOff = weightIh.offset();
      for (int r = 0; r < rows; r++) {
        int id = buf.tokens[r];
        int row = r * fourH;
        for (int j = 0; j < fourH; j++) {
          dw[wOff + j * inputSize + id] += g.dGates[row + j];
        }
      }
    } else {
      Gemm.multAddTransA(ctx, g.dGates, 0, buf.x, 0, dw, weightIh.offset(), fourH, inputSize, rows);
      if (dX != null) {
        Gemm.mult(ctx, g.dGates, 0, w, weightIh.offset(), dX, 0, rows, inputSize, fourH);
      }
    }
  }

  private void runCell(ComputeContext ctx, RangeTask cell, int batch) {
    if (batch * hiddenSize < CELL_PARALLEL_THRESHOLD) {
      cell.run(0, batch);
    } else {
      ctx.parallelFor(batch, cell);
    }
  }
}
