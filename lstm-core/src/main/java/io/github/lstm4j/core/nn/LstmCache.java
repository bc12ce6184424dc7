package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.RangeTask;
import io.github.lstm4j.core.kernel.CellView;
import io.github.lstm4j.core.kernel.LstmCell;
import io.github.lstm4j.core.kernel.PackedOperand;
import io.github.lstm4j.core.kernel.Pointwise;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * The buffers one forward pass of an {@link Lstm} writes and its backward pass reads, sized once
 * for a sequence length and batch size and reused for every call (nothing is allocated per step).
 *
 * <p>Create one with {@link Lstm#newCache} for inference, or {@link Lstm#newTrainingCache} for
 * training: a training cache also holds the gradient buffers and the dropout masks, and only a
 * training cache applies dropout. A cache belongs to one thread at a time; several threads may
 * share one {@link Lstm} with a cache each.
 *
 * <pre>{@code
 * LstmCache cache = lstm.newTrainingCache(100, 32, new Rng(7));
 * Tensor out = lstm.forward(ctx, x, cache); // (T, B, D·H), valid until the next forward
 * lstm.backward(ctx, dOut, cache);
 * }</pre>
 */
public final class LstmCache {
  final LstmConfig config;
  final int seqLen;
  final int batchSize;
  final LayerBuffers[] layers; // (numLayers·D), index l·D + d
  final float[][] layerOutput; // per layer (T, B, D·H); the last is the LSTM's output
  final Tensor output; // wraps layerOutput[numLayers - 1]
  final LstmState finalState; // (numLayers·D, B, H)
  final PackedBatch packed; // the row order and step offsets of the last forward

  // Training only (null in an inference cache).
  final Gradients gradients;
  final float[][] dropoutMask; // per layer below the top: (T, B, D·H), 0 or 1/(1−p)
  final Rng dropoutRng;
  final Tensor inputGradient; // (T, B, I); null if backward skips ∂L/∂input
  final LstmState initialStateGradient; // (numLayers·D, B, H)

  boolean forwardDone;
  boolean tokenInput;

  LstmCache(
      LstmConfig config, int seqLen, int batchSize, Rng dropoutRng, boolean withInputGradient) {
    this.config = config;
    this.seqLen = seqLen;
    this.batchSize = batchSize;
    int directions = config.numDirections();
    int rows = seqLen * batchSize;
    this.layers = new LayerBuffers[config.numLayers() * directions];
    for (int l = 0; l < config.numLayers(); l++) {
      for (int d = 0; d < directions; d++) {
        layers[l * directions + d] =
            new LayerBuffers(config.layerInputSize(l), config.hiddenSize(), seqLen, batchSize);
      }
    }
    this.layerOutput = new float[config.numLayers()][];
    for (int l = 0; l < layerOutput.length; l++) {
      layerOutput[l] = new float[Math.multiplyExact(rows, config.outputSize())];
    }
    this.output =
        Tensor.wrap(layerOutput[layerOutput.length - 1], seqLen, batchSize, config.outputSize());
    this.finalState = LstmState.zeros(config, batchSize);
    this.packed = new PackedBatch(seqLen, batchSize);
    if (dropoutRng == null) {
      this.gradients = null;
      this.dropoutMask = null;
      this.dropoutRng = null;
      this.inputGradient = null;
      this.initialStateGradient = null;
    } else {
      int widest = Math.max(config.inputSize(), config.outputSize());
      this.gradients =
          new Gradients(seqLen, config.hiddenSize(), batchSize, config.outputSize(), widest);
      this.dropoutRng = dropoutRng;
      this.dropoutMask = new float[config.dropout() > 0 ? config.numLayers() - 1 : 0][];
      for (int l = 0; l < dropoutMask.length; l++) {
        dropoutMask[l] = new float[rows * config.outputSize()];
      }
      this.inputGradient =
          withInputGradient ? Tensor.zeros(seqLen, batchSize, config.inputSize()) : null;
      this.initialStateGradient = LstmState.zeros(config, batchSize);
    }
  }

  /**
   * Returns the sequence length T this cache was built for.
   *
   * @return T
   */
  public int seqLen() {
    return seqLen;
  }

  /**
   * Returns the batch size B this cache was built for.
   *
   * @return B
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the per-row lengths of the last forward pass: those it was given, or T for every row.
   *
   * @return (B) a copy
   */
  public int[] lengths() {
    requireForward("lengths");
    return packed.lengths.clone();
  }

  /**
   * Tells whether this cache can be used for backward (and applies dropout).
   *
   * @return true for a cache made by {@link Lstm#newTrainingCache}
   */
  public boolean isTraining() {
    return gradients != null;
  }

  /**
   * Returns the output of the last forward pass: every time step of the top layer.
   *
   * @return (T, B, D·H), overwritten by the next forward
   */
  public Tensor output() {
    requireForward("output");
    return output;
  }

  /**
   * Returns the final state (h_n, c_n) of the last forward pass. For a reverse direction the final
   * state is the one after reading time step 0, as in PyTorch.
   *
   * @return (numLayers·D, B, H) each, overwritten by the next forward
   */
  public LstmState finalState() {
    requireForward("finalState");
    return finalState;
  }

  /**
   * Returns ∂L/∂input computed by the last backward pass.
   *
   * @return (T, B, I)
   * @throws IllegalStateException if this is not a training cache, the cache was made by {@link
   *     Lstm#newTrainingCacheWithoutInputGradient}, or the input was token ids
   */
  public Tensor inputGradient() {
    requireTraining("inputGradient");
    if (inputGradient == null) {
      throw new IllegalStateException(
          "inputGradient is not computed by a cache from Lstm.newTrainingCacheWithoutInputGradient;"
              + " create it with Lstm.newTrainingCache");
    }
    if (tokenInput) {
      throw new IllegalStateException("inputGradient is not defined for token-id input");
    }
    return inputGradient;
  }

  /**
   * Returns ∂L/∂(h_0, c_0) computed by the last backward pass.
   *
   * @return (numLayers·D, B, H) each
   * @throws IllegalStateException if this is not a training cache
   */
  public LstmState initialStateGradient() {
    requireTraining("initialStateGradient");
    return initialStateGradient;
  }

  /**
   * Returns the generator that draws dropout masks, so a checkpoint can save and restore its state.
   *
   * @return the generator
   * @throws IllegalStateException if this is not a training cache
   */
  public Rng dropoutRng() {
    requireTraining("dropoutRng");
    return dropoutRng;
  }

  private void requireForward(String what) {
    if (!forwardDone) {
      throw new IllegalStateException(what + " is only available after forward");
    }
  }

  private void requireTraining(String what) {
    if (gradients == null) {
      throw new IllegalStateException(
          what + " needs a training cache; create it with Lstm.newTrainingCache");
    }
  }

  /**
   * What forward writes and backward reads for one layer in one direction. Rows are packed (see
   * {@link PackedBatch}): step s's rows start at packed row {@code offset[s]}, longest sequence
   * first, and every (N, ·) buffer below is indexed by packed row. {@code hidden} and {@code cell}
   * hold two regions of N rows each, so that the cell update reads its previous state and writes
   * its new one at the same packed row: region 0 holds the state a step reads (h_0, c_0 at step 0,
   * then a copy of the running rows of the step before), region 1, from {@link #outputOffset}, the
   * state the step writes.
   */
  static final class LayerBuffers {
    final float[] x; // (N, I) this layer's input in its own time order
    final int[] tokens; // (N) token ids when the input is ids (layer 0 only)
    final float[] gates; // (N, 4H) pre-activations, then activations [i f g o]
    final float[] cell; // (2, N, H): [0] c_prev of each packed row, [1] its c
    final float[] hidden; // (2, N, H): [0] h_prev of each packed row, [1] its h
    final float[] tanhC; // (N, H)
    final int outputOffset; // T·B·H: where region 1 of hidden and cell starts
    final int hiddenSize; // H
    final PackedOperand weightHhT; // op(B) = W_hhᵀ (H, 4H), packed; null if T = 1 or B = 1
    final CellView cellView; // the buffers above as the cell sees them; gradients set by backward
    final CellForward cellForward;
    final RecurrentStep recurrentStep; // with weightHhT, after the input projection
    final InputStep inputStep; // with weightHhT, the input projected per block
    final CellBackward cellBackward;
    boolean tokenInput;

    LayerBuffers(int inputSize, int hiddenSize, int seqLen, int batch) {
      int rows = seqLen * batch;
      this.x = new float[Math.multiplyExact(rows, inputSize)];
      this.tokens = new int[rows];
      this.gates = new float[Math.multiplyExact(rows, 4 * hiddenSize)];
      this.outputOffset = Math.multiplyExact(rows, hiddenSize);
      this.hiddenSize = hiddenSize;
      this.cell = new float[Math.multiplyExact(2, outputOffset)];
      this.hidden = new float[Math.multiplyExact(2, outputOffset)];
      this.tanhC = new float[outputOffset];
      this.weightHhT =
          packsRecurrentWeights(seqLen, batch)
              ? PackedOperand.forShape(hiddenSize, 4 * hiddenSize)
              : null;
      // c_prev and h_prev in region 0, c and h in region 1, at the same packed row
      this.cellView =
          new CellView(hiddenSize, hiddenSize)
              .state(cell, 0, cell, outputOffset, tanhC, hidden, outputOffset)
              .gates(gates);
      this.cellForward = new CellForward(cellView);
      this.recurrentStep =
          weightHhT == null ? null : new RecurrentStep(cellView, hidden, cell, gates, weightHhT);
      this.inputStep =
          weightHhT == null
              ? null
              : new InputStep(cellView, hidden, cell, gates, weightHhT, x, inputSize);
      this.cellBackward = new CellBackward(cellView);
    }
  }

  /**
   * Whether a pass over T steps of B rows packs W_hh once for its T recurrent products: one step
   * (generation) has nothing to share the packing with, and one row runs as dot products.
   */
  static boolean packsRecurrentWeights(int seqLen, int batch) {
    return seqLen > 1 && batch > 1;
  }

  /** Backward scratch shared by all layers (they are processed one after another). */
  static final class Gradients {
    final float[] dGates; // (T, B, 4H)
    final float[] dH; // (B, H)
    final float[] dC; // (B, H)
    final float[] dLayerOut; // (T, B, D·H) ∂L/∂(output of the layer being processed)
    final float[] dLayerIn; // (T, B, max(I, D·H)) ∂L/∂(its input), summed over directions
    final float[] dDirection; // (N, H) one direction's share of dLayerOut, packed
    final float[] dX; // (N, max(I, D·H)) one direction's ∂L/∂input, packed
    final PackedOperand weightHh; // op(B) = W_hh (4H, H), packed; null if T = 1 or B = 1

    Gradients(int seqLen, int hiddenSize, int batch, int outputSize, int widest) {
      int rows = seqLen * batch;
      this.dGates = new float[Math.multiplyExact(rows, 4 * hiddenSize)];
      this.dH = new float[batch * hiddenSize];
      this.dC = new float[batch * hiddenSize];
      this.dLayerOut = new float[rows * outputSize];
      this.dLayerIn = new float[Math.multiplyExact(rows, widest)];
      this.dDirection = new float[rows * hiddenSize];
      this.dX = new float[Math.multiplyExact(rows, widest)];
      this.weightHh =
          packsRecurrentWeights(seqLen, batch)
              ? PackedOperand.forShape(4 * hiddenSize, hiddenSize)
              : null;
    }
  }

  /**
   * The cell update of the step its view is at, as a task over batch rows, so that the parallel
   * loop allocates nothing.
   */
  static final class CellForward implements RangeTask {
    private final CellView view;

    CellForward(CellView view) {
      this.view = view;
    }

    @Override
    public void run(int from, int to) {
      LstmCell.forward(view, from, to);
    }
  }

  /**
   * One step of the recurrence, the product and the cell together, as a task over blocks of {@link
   * #BLOCK_ROWS} batch rows: for each block, gates (+)= h_prev·W_hhᵀ and then the cell update, so
   * that the block's gates go from the product to the activations in cache instead of through
   * memory (at batch 1000 and 4H = 512 a step's gates are 2 MB). Rows are independent and a
   * product's chunk of rows has the bits of the whole product, so the split changes no bits. Here
   * the gates already hold the input's share ({@link InputStep} computes it per block).
   */
  static class RecurrentStep implements RangeTask {
    /** Rows per block: 32 rows of 4H = 512 gates are 64 KB. */
    static final int BLOCK_ROWS = 32;

    private final CellView view;
    private final float[] hidden; // (2, N, H): h_prev rows of the step, then h
    private final float[] cell; // (2, N, H): c_prev rows of the step, then c
    final float[] gates; // the step's gates, (rows, 4H)
    private final PackedOperand weightHhT; // op(B) = W_hhᵀ (H, 4H)
    final int hiddenSize; // H
    int row; // the step's first packed row
    int rows;
    private int nextRow; // step s + 1's first packed row
    private int nextRows; // its rows, a prefix of this step's; 0 after the last step
    private int outputOffset; // where region 1 (h and c written) starts in hidden and cell

    RecurrentStep(
        CellView view, float[] hidden, float[] cell, float[] gates, PackedOperand weightHhT) {
      this.view = view;
      this.hidden = hidden;
      this.cell = cell;
      this.gates = gates;
      this.weightHhT = weightHhT;
      this.hiddenSize = weightHhT.depth();
    }

    /** Points the task at the step of {@code rows} rows from packed row {@code row}. */
    void at(int row, int rows) {
      this.row = row;
      this.rows = rows;
      view.seek(row);
    }

    /**
     * Where each block hands its (h, c) over to step s + 1: the running rows are a prefix, so row r
     * of this step becomes row r of the next, at {@code nextRow + r} in region 0.
     *
     * @param nextRow step s + 1's first packed row
     * @param nextRows its rows; 0 after the last step
     * @param outputOffset where region 1 starts in hidden and cell
     */
    void handOver(int nextRow, int nextRows, int outputOffset) {
      this.nextRow = nextRow;
      this.nextRows = nextRows;
      this.outputOffset = outputOffset;
    }

    /** The blocks of the step's rows: the units of {@link #run}. */
    int blocks() {
      return (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
    }

    @Override
    public final void run(int from, int to) {
      int gatesAt = row * 4 * hiddenSize;
      for (int block = from; block < to; block++) {
        int r0 = block * BLOCK_ROWS;
        int r1 = Math.min(rows, r0 + BLOCK_ROWS);
        project(r0, r1);
        weightHhT.multAddRows(hidden, row * hiddenSize, gates, gatesAt, rows, r0, r1);
        LstmCell.forward(view, r0, r1);
        int handed = Math.min(r1, nextRows) - r0;
        if (handed > 0) {
          int written = outputOffset + (row + r0) * hiddenSize;
          int read = (nextRow + r0) * hiddenSize;
          System.arraycopy(hidden, written, hidden, read, handed * hiddenSize);
          System.arraycopy(cell, written, cell, read, handed * hiddenSize);
        }
      }
    }

    /**
     * The input's share of the gates of rows [r0, r1) of the step: nothing here, where it was
     * computed for all steps before the recurrence.
     */
    void project(int r0, int r1) {}
  }

  /**
   * {@link RecurrentStep} for a dense input, whose projection x·W_ihᵀ + b it computes per block
   * too, just before the block's recurrent product: the gates are then written once and read from
   * cache, instead of written for all T·B rows first (tens of megabytes at inference batch sizes)
   * and read back from memory at every step. Same bits as the projection of all rows at once: each
   * gate is the chain of fused multiply-adds over x from 0, plus b, then the chain over h.
   */
  static final class InputStep extends RecurrentStep {
    private final float[] x; // the layer's input, (N, I)
    private final int inputSize; // I
    private final PackedOperand weightIhT; // op(B) = W_ihᵀ (I, 4H)
    private float[] bias; // b (4H) at biasAt
    private int biasAt;

    InputStep(
        CellView view,
        float[] hidden,
        float[] cell,
        float[] gates,
        PackedOperand weightHhT,
        float[] x,
        int inputSize) {
      super(view, hidden, cell, gates, weightHhT);
      this.x = x;
      this.inputSize = inputSize;
      this.weightIhT = PackedOperand.forShape(inputSize, 4 * hiddenSize);
    }

    /** Lays out W_ihᵀ and points at b, once per forward (the weights change between forwards). */
    void weights(float[] w, int weightIhAt, int biasAt) {
      weightIhT.packTransposed(w, weightIhAt);
      this.bias = w;
      this.biasAt = biasAt;
    }

    @Override
    void project(int r0, int r1) {
      int fourH = 4 * hiddenSize;
      int gatesAt = row * fourH;
      weightIhT.multRows(x, row * inputSize, gates, gatesAt, rows, r0, r1);
      Pointwise.addBiasToRows(bias, biasAt, gates, gatesAt + r0 * fourH, r1 - r0, fourH);
    }
  }

  /** The backward of {@link CellForward}: the cell's chain rule at the step its view is at. */
  static final class CellBackward implements RangeTask {
    private final CellView view;

    CellBackward(CellView view) {
      this.view = view;
    }

    @Override
    public void run(int from, int to) {
      LstmCell.backward(view, from, to);
    }
  }
}
