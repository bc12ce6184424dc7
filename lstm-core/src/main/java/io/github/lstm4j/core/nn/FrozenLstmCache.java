package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.compute.RangeTask;
import io.github.lstm4j.core.kernel.CellView;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * The buffers a {@link FrozenLstm#step} writes, sized once for a batch size and reused at every
 * step, so that a step allocates nothing. Create one with {@link FrozenLstm#newCache}; it belongs
 * to one thread at a time, and fits every frozen LSTM with the same config.
 *
 * <pre>{@code
 * FrozenLstmCache cache = frozen.newCache(1);
 * Tensor h = frozen.step(ctx, token, state, cache); // (1, 1, H), valid until the next step
 * }</pre>
 */
public final class FrozenLstmCache {
  final LstmConfig config;
  final int batchSize;
  final int[] tokens; // (B) the ids of the current step
  final float[][] gates; // B rows of gate columns in FrozenLstm's packed order: z, then [i f g o]
  final float[][] hidden; // per layer (B, H): h of the new step
  final float[][] cell; // per layer (B, H): c of the new step
  final float[] tanhC; // (B, H) tanh(c), scratch
  final Tensor output; // (1, B, H), a view of hidden[numLayers − 1]
  final LayerStep layerStep;

  FrozenLstmCache(LstmConfig config, int batchSize, int columns) {
    this.config = config;
    this.batchSize = Checks.positive("batchSize", batchSize);
    int stateSize = Math.multiplyExact(batchSize, config.hiddenSize());
    this.tokens = new int[batchSize];
    this.gates = new float[batchSize][columns];
    this.hidden = new float[config.numLayers()][stateSize];
    this.cell = new float[config.numLayers()][stateSize];
    this.tanhC = new float[stateSize];
    this.output = Tensor.wrap(hidden[config.numLayers() - 1], 1, batchSize, config.hiddenSize());
    this.layerStep = new LayerStep(new CellView(config.hiddenSize(), FrozenLstm.GROUP));
  }

  /**
   * Returns the batch size this cache was sized for.
   *
   * @return B
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * One layer's step as a task over groups of hidden units, reused at every layer and step so that
   * the parallel loop allocates nothing.
   */
  final class LayerStep implements RangeTask {
    // c_prev from the state's c at this layer's slot; c, tanh(c) and h into the cache's buffers
    final CellView cellView;
    FrozenLstm model;
    int layer;
    int slot; // where this layer's (B, H) block of the state starts
    float[] x; // (B, inputSize), or null for the token ids
    int inputSize;
    float[] h; // the state's h (numLayers, B, H)

    LayerStep(CellView cellView) {
      this.cellView = cellView;
    }

    void set(FrozenLstm model, int layer, float[] x, int inputSize, float[] h, float[] c) {
      this.model = model;
      this.layer = layer;
      this.slot = layer * batchSize * config.hiddenSize();
      this.x = x;
      this.inputSize = inputSize;
      this.h = h;
      cellView.state(c, slot, cell[layer], 0, tanhC, hidden[layer], 0);
    }

    void clear() {
      model = null;
      x = null;
      h = null;
      cellView.state(null, 0, null, 0, null, null, 0);
    }

    FrozenLstmCache cache() {
      return FrozenLstmCache.this;
    }

    @Override
    public void run(int from, int to) {
      model.runGroups(this, from, to);
    }
  }
}
