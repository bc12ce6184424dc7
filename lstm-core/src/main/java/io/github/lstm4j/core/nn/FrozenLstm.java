package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.kernel.LstmCell;
import io.github.lstm4j.core.kernel.PackedMatrix;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable inference snapshot of a unidirectional {@link Lstm}'s weights, laid out once for
 * streaming {@link #step}s with a batch of one or a few rows: the generation path. Create it with
 * {@link Lstm#freeze()}; it copies the weights, so later updates to the LSTM's parameters (an
 * optimizer step, a load) are not seen. It holds no per-call state: any number of threads may step
 * it at once, each with its own {@link FrozenLstmCache} and {@link LstmState}.
 *
 * <p>A step computes exactly what {@link Lstm#step} with an inference cache computes, bit for bit,
 * on either kernel backend and for any thread count: for each layer
 *
 * <pre>
 * z = x·W_ihᵀ + b + h_prev·W_hhᵀ        (B, 4H); for token ids, x·W_ihᵀ is the column W_ih[:, id]
 * i, f, g, o, c, h as in {@link LstmCell}
 * </pre>
 *
 * with every element of z the same chain of fused multiply-adds, in the same order, from the same
 * starting value (0, then + b, then the recurrent sum). What differs is the layout: {@link Lstm}
 * multiplies W as stored, which with one row of x runs as scalar dot products, while here each W is
 * a {@link PackedMatrix}, transposed once, so that a step streams it as a vectorized axpy along the
 * gate columns.
 *
 * <p>The gate columns are reordered into groups of {@value #GROUP} hidden units, each group holding
 * its four gate blocks [i f g o] side by side (the last group zero padded when H is not a multiple
 * of {@value #GROUP}), so that the threads split the groups and each finishes its units, products
 * and cell update, without waiting for the others; one parallel loop per layer. Layers, units and
 * the rows of the batch are independent apart from that, so the split changes no bit.
 *
 * <pre>{@code
 * FrozenLstm frozen = lstm.freeze();
 * FrozenLstmCache cache = frozen.newCache(1);
 * LstmState state = LstmState.zeros(frozen.config(), 1);
 * Tensor h = frozen.step(ctx, new int[] {id}, state, cache); // (1, 1, H)
 * }</pre>
 */
public final class FrozenLstm {
  /**
   * Hidden units per group, the unit of work of a thread (4·GROUP gate columns, whole panels). The
   * cell update activates one group's gate blocks at a time, in calls of GROUP elements: long
   * enough calls that C2 on JDK 17 compiles the Vector API activations without boxing their
   * vectors, which it did for groups of 32 (see benchmarks/README.md).
   */
  static final int GROUP = 128;

  /**
   * Below this many multiply-adds a layer's step runs on the caller's thread alone: handing work to
   * another thread costs microseconds, about this much arithmetic.
   */
  static final long PARALLEL_THRESHOLD = 65_536;

  private static final String[] INPUT_DIMS = {"seqLen", "batchSize", "inputSize"};

  private final LstmConfig config;
  private final int groups; // ceil(H / GROUP)
  private final int columns; // 4·GROUP·groups gate columns in packed order
  private final PackedMatrix[] weightIh; // per layer, W_ih (4H, in_l) packed
  private final PackedMatrix[] weightHh; // per layer, W_hh (4H, H) packed
  private final float[][] bias; // per layer, b in packed order (columns)

  /** Packs the current weights of {@code layers}, one per layer (unidirectional). */
  FrozenLstm(LstmConfig config, LstmLayer[] layers) {
    assert !config.bidirectional() && layers.length == config.numLayers();
    this.config = config;
    int hiddenSize = config.hiddenSize();
    this.groups = (hiddenSize + GROUP - 1) / GROUP;
    this.columns = 4 * GROUP * groups;
    int[] rows = packedRows(hiddenSize, groups);
    this.weightIh = new PackedMatrix[layers.length];
    this.weightHh = new PackedMatrix[layers.length];
    this.bias = new float[layers.length][columns];
    for (int l = 0; l < layers.length; l++) {
      LstmLayer layer = layers[l];
      float[] w = layer.values();
      weightIh[l] = PackedMatrix.pack(w, layer.weightIh().offset(), config.layerInputSize(l), rows);
      weightHh[l] = PackedMatrix.pack(w, layer.weightHh().offset(), hiddenSize, rows);
      for (int j = 0; j < columns; j++) {
        bias[l][j] = rows[j] < 0 ? 0f : w[layer.bias().offset() + rows[j]];
      }
    }
  }

  /**
   * The row of W (4H, ·), as {@link Gate#blockOffset} numbers them, behind each packed column:
   * group q holds units [q·GROUP, (q+1)·GROUP) as four blocks of GROUP columns, gate after gate; −1
   * pads.
   */
  private static int[] packedRows(int hiddenSize, int groups) {
    int[] rows = new int[4 * GROUP * groups];
    for (int q = 0; q < groups; q++) {
      for (Gate gate : Gate.values()) {
        for (int uu = 0; uu < GROUP; uu++) {
          int unit = q * GROUP + uu;
          rows[q * 4 * GROUP + gate.blockOffset(GROUP) + uu] =
              unit < hiddenSize ? gate.blockOffset(hiddenSize) + unit : -1;
        }
      }
    }
    return rows;
  }

  /**
   * Returns the config of the LSTM this snapshot was taken from.
   *
   * @return the config
   */
  public LstmConfig config() {
    return config;
  }

  /**
   * Creates the buffers for steps with a given batch size.
   *
   * @param batchSize B, {@code > 0}
   * @return a new cache, for one thread at a time
   * @throws IllegalArgumentException if {@code batchSize <= 0}
   */
  public FrozenLstmCache newCache(int batchSize) {
    return new FrozenLstmCache(config, batchSize, columns);
  }

  /**
   * Advances the LSTM by one time step of token ids, updating {@code state} in place: {@link
   * Lstm#step} on the frozen weights.
   *
   * @param ctx the threads to run on
   * @param tokenIds (B) ids in {@code [0, inputSize)}
   * @param state (numLayers, B, H) each; read, then overwritten with the new state
   * @param cache buffers from {@link #newCache} with this batch size
   * @return the top layer's new hidden state (1, B, H), owned by the cache
   * @throws IllegalArgumentException if an id is out of range or a shape does not fit
   */
  public Tensor step(ComputeContext ctx, int[] tokenIds, LstmState state, FrozenLstmCache cache) {
    Objects.requireNonNull(ctx, "ctx");
    checkCache(cache);
    checkTokens(tokenIds, cache.batchSize);
    Objects.requireNonNull(state, "state").requireFits("state", config, cache.batchSize);
    System.arraycopy(tokenIds, 0, cache.tokens, 0, cache.batchSize);
    return run(ctx, null, state, cache);
  }

  /**
   * Advances the LSTM by one time step of dense input, updating {@code state} in place: {@link
   * Lstm#step} on the frozen weights.
   *
   * @param ctx the threads to run on
   * @param input (1, B, I)
   * @param state (numLayers, B, H) each; read, then overwritten with the new state
   * @param cache buffers from {@link #newCache} with this batch size
   * @return the top layer's new hidden state (1, B, H), owned by the cache
   * @throws IllegalArgumentException if a shape does not fit
   */
  public Tensor step(ComputeContext ctx, Tensor input, LstmState state, FrozenLstmCache cache) {
    Objects.requireNonNull(ctx, "ctx");
    checkCache(cache);
    Objects.requireNonNull(input, "input")
        .requireShape("input", INPUT_DIMS, 1, cache.batchSize, config.inputSize());
    Objects.requireNonNull(state, "state").requireFits("state", config, cache.batchSize);
    return run(ctx, input.data(), state, cache);
  }

  /** Runs every layer, then copies the new (h, c) of all layers into {@code state}. */
  private Tensor run(ComputeContext ctx, float[] input, LstmState state, FrozenLstmCache cache) {
    int batch = cache.batchSize;
    int hiddenSize = config.hiddenSize();
    int stateSize = batch * hiddenSize;
    float[] h = state.h().data();
    float[] c = state.c().data();
    FrozenLstmCache.LayerStep task = cache.layerStep;
    try {
      for (int l = 0; l < config.numLayers(); l++) {
        float[] x = l == 0 ? input : cache.hidden[l - 1]; // null for token ids
        int inputSize = config.layerInputSize(l);
        task.set(this, l, x, inputSize, h, c);
        long work = (long) batch * columns * ((x == null ? 0 : inputSize) + hiddenSize);
        if (ctx.threads() == 1 || groups == 1 || work < PARALLEL_THRESHOLD) {
          task.run(0, groups);
        } else {
          ctx.parallelFor(groups, task);
        }
      }
    } finally {
      task.clear();
    }
    for (int l = 0; l < config.numLayers(); l++) {
      System.arraycopy(cache.hidden[l], 0, h, l * stateSize, stateSize);
      System.arraycopy(cache.cell[l], 0, c, l * stateSize, stateSize);
    }
    return cache.output;
  }

  /**
   * A layer's step for the unit groups [from, to): the gate columns of those groups for every row
   * of the batch, then their cell update.
   *
   * @param step the layer, its input (or {@code null} for the token ids in the cache) and the
   *     state, with the cell's view of them
   */
  void runGroups(FrozenLstmCache.LayerStep step, int from, int to) {
    FrozenLstmCache cache = step.cache();
    int layer = step.layer;
    float[] x = step.x;
    float[] h = step.h;
    int batch = cache.batchSize;
    int hiddenSize = config.hiddenSize();
    int slot = step.slot; // this layer's (B, H) block of the state
    int j0 = from * 4 * GROUP;
    int j1 = to * 4 * GROUP;
    float[][] gates = cache.gates; // B rows of (columns)
    float[] b = bias[layer];
    // z = x·W_ihᵀ + b, starting from 0 as Gemm's overwriting product does; for ids, W_ih[:, id] + b
    for (int i = 0; i < batch; i++) {
      if (x == null) {
        weightIh[layer].column(cache.tokens[i], gates[i], j0, j1);
      } else {
        Arrays.fill(gates[i], j0, j1, 0f);
      }
    }
    if (x != null) {
      weightIh[layer].multAdd(x, 0, step.inputSize, batch, gates, j0, j1);
    }
    for (int i = 0; i < batch; i++) {
      float[] z = gates[i];
      for (int j = j0; j < j1; j++) {
        z[j] += b[j];
      }
    }
    // z += h_prev·W_hhᵀ
    weightHh[layer].multAdd(h, slot, hiddenSize, batch, gates, j0, j1);
    for (int q = from; q < to; q++) {
      int u0 = q * GROUP;
      int count = Math.min(GROUP, hiddenSize - u0);
      for (int i = 0; i < batch; i++) {
        LstmCell.forwardUnits(step.cellView, gates[i], q * 4 * GROUP, i * hiddenSize + u0, count);
      }
    }
  }

  private void checkCache(FrozenLstmCache cache) {
    Objects.requireNonNull(cache, "cache");
    Lstm.requireCacheConfig(config, cache.config, "newCache of a FrozenLstm with this config");
  }

  private void checkTokens(int[] tokenIds, int batchSize) {
    Objects.requireNonNull(tokenIds, "tokenIds");
    if (tokenIds.length != batchSize) {
      throw new IllegalArgumentException(
          "tokenIds must have length batchSize = " + batchSize + ", got " + tokenIds.length);
    }
    Lstm.requireTokenIds(tokenIds, config.inputSize());
  }
}
