package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A multi-layer, optionally bidirectional LSTM, as PyTorch's {@code nn.LSTM} (gate order i, f, g,
 * o; one bias per layer and direction, equal to PyTorch's {@code b_ih + b_hh}).
 *
 * <p>Input is time-major: dense features (T, B, I), or token ids (T·B, index {@code t·B + b}), for
 * which the input product is a column lookup. The output holds every time step of the top layer,
 * (T, B, D·H) with the forward direction in columns {@code [0, H)} and the reverse in {@code [H,
 * 2H)}; the final state holds (h_n, c_n) of every layer and direction. Between layers, a training
 * cache applies dropout with probability {@code config.dropout()}.
 *
 * <p>Training is {@link #forward} with a {@link #newTrainingCache training cache}, then {@link
 * #backward}, which accumulates into {@link Parameters#grads()}. Inference is {@link #forward} with
 * an {@link #newCache inference cache}, or {@link #step} for one time step at a time; {@link
 * #freeze} takes a snapshot of the weights laid out for fast steps with few rows (generation). The
 * model holds no per-call state: any number of threads may run it at once, each with its own cache.
 *
 * <pre>{@code
 * Parameters params = new Parameters();
 * Lstm lstm = new Lstm(LstmConfig.of(28, 128), params, new Rng(1));
 * LstmCache cache = lstm.newTrainingCache(28, 64, new Rng(2));
 * Tensor out = lstm.forward(ctx, images, cache); // (28, 64, 128)
 * }</pre>
 */
public final class Lstm {
  private static final String[] INPUT_DIMS = {"seqLen", "batchSize", "inputSize"};
  private static final String[] OUTPUT_DIMS = {"seqLen", "batchSize", "D*hiddenSize"};

  private final LstmConfig config;
  private final LstmLayer[] layers; // index l·D + d
  private final Dropout dropout; // between layers, in a training cache only

  /**
   * Builds an LSTM whose parameters are named as in PyTorch's state_dict ({@code weight_ih_l0},
   * {@code weight_hh_l0}, {@code bias_l0}, {@code weight_ih_l0_reverse}, …) and initialises them.
   *
   * @param config the shape and initialisers
   * @param params where to register the parameters
   * @param rng the initialisation seed source
   */
  public Lstm(LstmConfig config, Parameters params, Rng rng) {
    this("", config, params, rng);
  }

  /**
   * Builds an LSTM whose parameter names start with {@code prefix} (e.g. {@code "lstm."}).
   *
   * @param prefix prepended to every parameter name
   * @param config the shape and initialisers
   * @param params where to register the parameters
   * @param rng the initialisation seed source
   */
  public Lstm(String prefix, LstmConfig config, Parameters params, Rng rng) {
    Objects.requireNonNull(prefix, "prefix");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(rng, "rng");
    int directions = config.numDirections();
    this.layers = new LstmLayer[config.numLayers() * directions];
    this.dropout = new Dropout(config.dropout());
    for (int l = 0; l < config.numLayers(); l++) {
      for (int d = 0; d < directions; d++) {
        String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
        layers[l * directions + d] =
            new LstmLayer(params, prefix, suffix, config.layerInputSize(l), config.hiddenSize());
      }
    }
    for (LstmLayer layer : layers) {
      layer.initialise(config, rng);
    }
  }

  /**
   * Returns the config.
   *
   * @return the config this LSTM was built with
   */
  public LstmConfig config() {
    return config;
  }

  /**
   * Creates an inference cache: forward only, no dropout.
   *
   * @param seqLen T, {@code > 0}
   * @param batchSize B, {@code > 0}
   * @return a new cache
   */
  public LstmCache newCache(int seqLen, int batchSize) {
    Checks.positive("seqLen", seqLen);
    Checks.positive("batchSize", batchSize);
    return new LstmCache(config, seqLen, batchSize, null, false);
  }

  /**
   * Creates a training cache: forward keeps what backward needs, and applies dropout between layers
   * with masks drawn from {@code dropoutRng}.
   *
   * @param seqLen T, {@code > 0}
   * @param batchSize B, {@code > 0}
   * @param dropoutRng the source of dropout masks (unused when dropout is 0)
   * @return a new cache
   */
  public LstmCache newTrainingCache(int seqLen, int batchSize, Rng dropoutRng) {
    Checks.positive("seqLen", seqLen);
    Checks.positive("batchSize", batchSize);
    return new LstmCache(
        config, seqLen, batchSize, Objects.requireNonNull(dropoutRng, "dropoutRng"), true);
  }

  /**
   * Creates a training cache whose backward pass does not compute ∂L/∂input, for an LSTM that reads
   * data rather than the output of a trained layer (as PyTorch skips the gradient of an input that
   * does not require one). Backward then skips the first layer's product dGates·W_ih (T·B·4H·I
   * multiply-adds; 6% of the work of a step of the MNIST row classifier). Everything else, the
   * parameter gradients and {@link LstmCache#initialStateGradient()} included, is the same as with
   * {@link #newTrainingCache}, bit for bit; {@link LstmCache#inputGradient()} throws.
   *
   * @param seqLen T, {@code > 0}
   * @param batchSize B, {@code > 0}
   * @param dropoutRng the source of dropout masks (unused when dropout is 0)
   * @return a new cache
   */
  public LstmCache newTrainingCacheWithoutInputGradient(int seqLen, int batchSize, Rng dropoutRng) {
    Checks.positive("seqLen", seqLen);
    Checks.positive("batchSize", batchSize);
    return new LstmCache(
        config, seqLen, batchSize, Objects.requireNonNull(dropoutRng, "dropoutRng"), false);
  }

  /**
   * Runs the LSTM over a sequence of dense inputs from a zero initial state.
   *
   * @param ctx the threads to run on
   * @param input (T, B, I) with T and B those of the cache; finite
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(ComputeContext ctx, Tensor input, LstmCache cache) {
    checkDense(input, cache);
    cache.packed.setFull();
    requireFinite(input.data(), cache);
    return run(ctx, input.data(), null, null, cache);
  }

  /**
   * Runs the LSTM over a sequence of dense inputs from the given initial state.
   *
   * @param ctx the threads to run on
   * @param input (T, B, I) with T and B those of the cache; finite
   * @param initial (h_0, c_0), each (numLayers·D, B, H); not modified
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(ComputeContext ctx, Tensor input, LstmState initial, LstmCache cache) {
    checkDense(input, cache);
    Objects.requireNonNull(initial, "initial").requireFits("initial", config, cache.batchSize);
    cache.packed.setFull();
    requireFinite(input.data(), cache);
    return run(ctx, input.data(), null, initial, cache);
  }

  /**
   * Runs the LSTM over a batch of sequences of different lengths, padded to T, from a zero initial
   * state: PyTorch's {@code lstm(pack_padded_sequence(input, lengths, enforce_sorted=False))}. Row
   * b reads its first {@code lengths[b]} steps only: its output past that is zero (and passes no
   * gradient), its final state is its state after step {@code lengths[b] − 1}, and a reverse
   * direction starts at that step. Rows may come in any order; padding costs no computation.
   *
   * <pre>{@code
   * Tensor out = lstm.forward(ctx, padded, new int[] {5, 2, 7}, cache); // (T=7, B=3, D·H)
   * }</pre>
   *
   * @param ctx the threads to run on
   * @param input (T, B, I) with T and B those of the cache; finite at the valid steps, the padding
   *     is never read
   * @param lengths (B) each in {@code [1, T]}; copied
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(ComputeContext ctx, Tensor input, int[] lengths, LstmCache cache) {
    checkDense(input, cache);
    setLengths(lengths, cache);
    requireFinite(input.data(), cache);
    return run(ctx, input.data(), null, null, cache);
  }

  /**
   * Runs the LSTM over a batch of sequences of different lengths from the given initial state,
   * which applies to every row. See {@link #forward(ComputeContext, Tensor, int[], LstmCache)}.
   *
   * @param ctx the threads to run on
   * @param input (T, B, I) with T and B those of the cache; finite at the valid steps
   * @param lengths (B) each in {@code [1, T]}
   * @param initial (h_0, c_0), each (numLayers·D, B, H); not modified
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(
      ComputeContext ctx, Tensor input, int[] lengths, LstmState initial, LstmCache cache) {
    checkDense(input, cache);
    Objects.requireNonNull(initial, "initial").requireFits("initial", config, cache.batchSize);
    setLengths(lengths, cache);
    requireFinite(input.data(), cache);
    return run(ctx, input.data(), null, initial, cache);
  }

  /**
   * Runs the LSTM over a sequence of token ids from a zero initial state.
   *
   * @param ctx the threads to run on
   * @param tokenIds (T·B) ids in {@code [0, inputSize)}, time-major: index {@code t·B + b}
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(ComputeContext ctx, int[] tokenIds, LstmCache cache) {
    checkTokens(tokenIds, cache);
    cache.packed.setFull();
    requireTokenIds(tokenIds, cache);
    return run(ctx, null, tokenIds, null, cache);
  }

  /**
   * Runs the LSTM over a sequence of token ids from the given initial state.
   *
   * @param ctx the threads to run on
   * @param tokenIds (T·B) ids in {@code [0, inputSize)}, time-major: index {@code t·B + b}
   * @param initial (h_0, c_0), each (numLayers·D, B, H); not modified
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(ComputeContext ctx, int[] tokenIds, LstmState initial, LstmCache cache) {
    checkTokens(tokenIds, cache);
    Objects.requireNonNull(initial, "initial").requireFits("initial", config, cache.batchSize);
    cache.packed.setFull();
    requireTokenIds(tokenIds, cache);
    return run(ctx, null, tokenIds, initial, cache);
  }

  /**
   * Runs the LSTM over a batch of token-id sequences of different lengths, padded to T, from a zero
   * initial state; see {@link #forward(ComputeContext, Tensor, int[], LstmCache)} for the semantics
   * of lengths.
   *
   * @param ctx the threads to run on
   * @param tokenIds (T·B) ids, time-major: index {@code t·B + b}; in {@code [0, inputSize)} at the
   *     valid steps, any value in the padding (it is never read)
   * @param lengths (B) each in {@code [1, T]}
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(ComputeContext ctx, int[] tokenIds, int[] lengths, LstmCache cache) {
    checkTokens(tokenIds, cache);
    setLengths(lengths, cache);
    requireTokenIds(tokenIds, cache);
    return run(ctx, null, tokenIds, null, cache);
  }

  /**
   * Runs the LSTM over a batch of token-id sequences of different lengths from the given initial
   * state, which applies to every row.
   *
   * @param ctx the threads to run on
   * @param tokenIds (T·B) ids, time-major; valid in {@code [0, inputSize)} at the valid steps
   * @param lengths (B) each in {@code [1, T]}
   * @param initial (h_0, c_0), each (numLayers·D, B, H); not modified
   * @param cache the buffers to use
   * @return the output (T, B, D·H), owned by the cache
   */
  public Tensor forward(
      ComputeContext ctx, int[] tokenIds, int[] lengths, LstmState initial, LstmCache cache) {
    checkTokens(tokenIds, cache);
    Objects.requireNonNull(initial, "initial").requireFits("initial", config, cache.batchSize);
    setLengths(lengths, cache);
    requireTokenIds(tokenIds, cache);
    return run(ctx, null, tokenIds, initial, cache);
  }

  /**
   * Advances a unidirectional LSTM by one time step of token ids, updating {@code state} in place:
   * the streaming form used for generation, where the prefix is never re-run. With weights that do
   * not change between steps, {@link #freeze()} gives a snapshot whose steps compute the same bits
   * on weights laid out for batch-1 products.
   *
   * @param ctx the threads to run on
   * @param tokenIds (B) ids in {@code [0, inputSize)}
   * @param state (numLayers, B, H) each; read, then overwritten with the new state
   * @param cache an inference or training cache with {@code seqLen == 1}
   * @return the top layer's new hidden state (1, B, H), owned by the cache
   * @throws IllegalArgumentException if the LSTM is bidirectional or the cache's seqLen is not 1
   */
  public Tensor step(ComputeContext ctx, int[] tokenIds, LstmState state, LstmCache cache) {
    checkStep(cache);
    Tensor out = forward(ctx, tokenIds, state, cache);
    state.copyFrom(cache.finalState);
    return out;
  }

  /**
   * Advances a unidirectional LSTM by one time step of dense input, updating {@code state} in
   * place.
   *
   * @param ctx the threads to run on
   * @param input (1, B, I)
   * @param state (numLayers, B, H) each; read, then overwritten with the new state
   * @param cache an inference or training cache with {@code seqLen == 1}
   * @return the top layer's new hidden state (1, B, H), owned by the cache
   * @throws IllegalArgumentException if the LSTM is bidirectional or the cache's seqLen is not 1
   */
  public Tensor step(ComputeContext ctx, Tensor input, LstmState state, LstmCache cache) {
    checkStep(cache);
    Tensor out = forward(ctx, input, state, cache);
    state.copyFrom(cache.finalState);
    return out;
  }

  /**
   * Takes an inference snapshot of the current weights, laid out for fast one-step generation: its
   * {@link FrozenLstm#step} computes what {@link #step} with an inference cache computes, bit for
   * bit, streaming the weights as vectorized products. The snapshot is a copy: later updates to
   * this LSTM's parameters are not seen; freeze again after them.
   *
   * @return the snapshot, immutable and safe to share between threads
   * @throws IllegalArgumentException if the LSTM is bidirectional
   */
  public FrozenLstm freeze() {
    if (config.bidirectional()) {
      throw new IllegalArgumentException(
          "freeze needs a unidirectional LSTM (a frozen LSTM only steps), got bidirectional=true;"
              + " a reverse direction must see the whole sequence, use forward");
    }
    return new FrozenLstm(config, layers);
  }

  /**
   * Backpropagates a gradient on the output through time, from a final state whose gradient is
   * zero. Accumulates into the parameter gradients; afterwards {@link LstmCache#inputGradient()}
   * and {@link LstmCache#initialStateGradient()} hold ∂L/∂input and ∂L/∂(h_0, c_0).
   *
   * @param ctx the threads to run on
   * @param dOutput (T, B, D·H) ∂L/∂output
   * @param cache the training cache of the matching forward
   */
  public void backward(ComputeContext ctx, Tensor dOutput, LstmCache cache) {
    checkBackward(cache);
    checkOutputGradient(dOutput, cache);
    backprop(ctx, dOutput.data(), null, cache);
  }

  /**
   * Backpropagates gradients on the output and on the final state.
   *
   * @param ctx the threads to run on
   * @param dOutput (T, B, D·H) ∂L/∂output
   * @param dFinalState ∂L/∂(h_n, c_n), each (numLayers·D, B, H)
   * @param cache the training cache of the matching forward
   */
  public void backward(ComputeContext ctx, Tensor dOutput, LstmState dFinalState, LstmCache cache) {
    checkBackward(cache);
    checkOutputGradient(dOutput, cache);
    Objects.requireNonNull(dFinalState, "dFinalState")
        .requireFits("dFinalState", config, cache.batchSize);
    backprop(ctx, dOutput.data(), dFinalState, cache);
  }

  /**
   * Backpropagates a gradient on the final state only (a classifier reading h_n): the output's
   * gradient is zero.
   *
   * @param ctx the threads to run on
   * @param dFinalState ∂L/∂(h_n, c_n), each (numLayers·D, B, H)
   * @param cache the training cache of the matching forward
   */
  public void backward(ComputeContext ctx, LstmState dFinalState, LstmCache cache) {
    checkBackward(cache);
    Objects.requireNonNull(dFinalState, "dFinalState")
        .requireFits("dFinalState", config, cache.batchSize);
    backprop(ctx, null, dFinalState, cache);
  }

  // ---------------------------------------------------------------------------------------------
  // Forward

  private Tensor run(
      ComputeContext ctx, float[] input, int[] tokens, LstmState initial, LstmCache cache) {
    Objects.requireNonNull(ctx, "ctx");
    PackedBatch packed = cache.packed;
    int batch = cache.batchSize;
    int hiddenSize = config.hiddenSize();
    int directions = config.numDirections();
    int outputSize = config.outputSize();
    int rows = packed.rows();
    cache.tokenInput = tokens != null;
    for (int l = 0; l < config.numLayers(); l++) {
      int inputSize = config.layerInputSize(l);
      float[] layerInput = l == 0 ? input : cache.layerOutput[l - 1];
      float[] out = cache.layerOutput[l];
      if (!packed.isFull()) {
        Arrays.fill(out, 0f); // padded steps output zeros
      }
      for (int d = 0; d < directions; d++) {
        int slot = l * directions + d;
        LstmLayer layer = layers[slot];
        LstmCache.LayerBuffers buf = cache.layers[slot];
        boolean reverse = d == 1;
        buf.tokenInput = l == 0 && tokens != null;
        if (buf.tokenInput) {
          PackedCopy.gather(tokens, buf.tokens, packed, reverse);
        } else {
          PackedCopy.gather(layerInput, inputSize, buf.x, packed, reverse);
        }
        PackedCopy.gatherState(initial, slot, buf.hidden, buf.cell, packed, hiddenSize);
        layer.forward(ctx, buf, packed);
        // h of every packed row into this direction's columns of the layer output, in true time
        // order and batch order; then (h_n, c_n), each row's state after its last valid step.
        PackedCopy.scatterOutput(buf, out, outputSize, d * hiddenSize, packed, reverse);
        PackedCopy.scatterFinalState(buf, cache.finalState, slot, packed, hiddenSize);
      }
      if (cache.dropoutMask != null && l < cache.dropoutMask.length) {
        dropout.forward(cache.layerOutput[l], cache.dropoutMask[l], cache.dropoutRng);
      }
    }
    cache.forwardDone = true;
    return cache.output;
  }

  // ---------------------------------------------------------------------------------------------
  // Backward

  private void backprop(ComputeContext ctx, float[] dOutput, LstmState dFinal, LstmCache cache) {
    Objects.requireNonNull(ctx, "ctx");
    PackedBatch packed = cache.packed;
    int seqLen = cache.seqLen;
    int batch = cache.batchSize;
    int hiddenSize = config.hiddenSize();
    int directions = config.numDirections();
    int outputSize = config.outputSize();
    int denseRows = seqLen * batch;
    LstmCache.Gradients g = cache.gradients;
    if (dOutput == null) {
      Arrays.fill(g.dLayerOut, 0f);
    } else {
      System.arraycopy(dOutput, 0, g.dLayerOut, 0, denseRows * outputSize);
    }
    for (int l = config.numLayers() - 1; l >= 0; l--) {
      if (cache.dropoutMask != null && l < cache.dropoutMask.length) {
        dropout.backward(g.dLayerOut, cache.dropoutMask[l]);
      }
      int inputSize = config.layerInputSize(l);
      // ∂L/∂input of the first layer only when the cache asks for it.
      boolean inputGradient = l > 0 || cache.inputGradient != null;
      Arrays.fill(g.dLayerIn, 0, denseRows * inputSize, 0f);
      for (int d = 0; d < directions; d++) {
        int slot = l * directions + d;
        boolean reverse = d == 1;
        LstmCache.LayerBuffers buf = cache.layers[slot];
        // This direction's columns of ∂L/∂output at the valid steps, packed as forward ran them;
        // the gradient at padded steps is dropped.
        PackedCopy.gather(
            g.dLayerOut, outputSize, d * hiddenSize, hiddenSize, g.dDirection, packed, reverse);
        PackedCopy.gatherState(dFinal, slot, g.dH, g.dC, packed, hiddenSize);
        layers[slot].backward(ctx, g.dDirection, buf, g, inputGradient ? g.dX : null, packed);
        PackedCopy.scatterStateGradient(g, cache.initialStateGradient, slot, packed, hiddenSize);
        if (!buf.tokenInput && inputGradient) {
          // Sum this direction's ∂L/∂input into the layer's, in true time order and batch order.
          PackedCopy.scatterAdd(g.dX, inputSize, g.dLayerIn, packed, reverse);
        }
      }
      if (l > 0) {
        System.arraycopy(g.dLayerIn, 0, g.dLayerOut, 0, denseRows * outputSize);
      }
    }
    if (!cache.tokenInput && cache.inputGradient != null) {
      System.arraycopy(
          g.dLayerIn, 0, cache.inputGradient.data(), 0, denseRows * config.inputSize());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers and argument checks

  private void checkDense(Tensor input, LstmCache cache) {
    Objects.requireNonNull(input, "input");
    checkCache(cache);
    input.requireShape("input", INPUT_DIMS, cache.seqLen, cache.batchSize, config.inputSize());
  }

  private void checkTokens(int[] tokenIds, LstmCache cache) {
    Objects.requireNonNull(tokenIds, "tokenIds");
    checkCache(cache);
    int expected = cache.seqLen * cache.batchSize;
    if (tokenIds.length != expected) {
      throw new IllegalArgumentException(
          "tokenIds must have length seqLen*batchSize = "
              + cache.seqLen
              + "*"
              + cache.batchSize
              + " = "
              + expected
              + ", got "
              + tokenIds.length);
    }
  }

  /** Checks the lengths and sets the cache's row order; the cache's seqLen is T. */
  private static void setLengths(int[] lengths, LstmCache cache) {
    PackedBatch.requireLengths(lengths, cache.batchSize, cache.seqLen);
    cache.packed.set(lengths);
  }

  /** Checks that every value at a valid step is finite: one pass, next to T·B·4H·I of work. */
  private void requireFinite(float[] input, LstmCache cache) {
    PackedBatch packed = cache.packed;
    int width = config.inputSize();
    for (int b = 0; b < packed.batch; b++) {
      for (int t = 0; t < packed.lengths[b]; t++) {
        int from = (t * packed.batch + b) * width;
        for (int i = from; i < from + width; i++) {
          if (!Float.isFinite(input[i])) {
            throw new IllegalArgumentException(
                "input must be finite, got "
                    + input[i]
                    + " at (t="
                    + t
                    + ", b="
                    + b
                    + ", i="
                    + (i - from)
                    + ")");
          }
        }
      }
    }
  }

  /** Checks the ids at the valid steps: {@code 0 <= id < inputSize}. */
  private void requireTokenIds(int[] tokenIds, LstmCache cache) {
    PackedBatch packed = cache.packed;
    int inputSize = config.inputSize();
    for (int b = 0; b < packed.batch; b++) {
      for (int t = 0; t < packed.lengths[b]; t++) {
        int i = t * packed.batch + b;
        if (tokenIds[i] < 0 || tokenIds[i] >= inputSize) {
          throw new IllegalArgumentException(
              "tokenIds["
                  + i
                  + "] must be in [0, inputSize="
                  + inputSize
                  + "), got "
                  + tokenIds[i]);
        }
      }
    }
  }

  private void checkCache(LstmCache cache) {
    Objects.requireNonNull(cache, "cache");
    requireCacheConfig(config, cache.config, "this Lstm's newCache or newTrainingCache");
  }

  /**
   * Requires a cache made for {@code config} (the same instance, or an equal one from a reloaded
   * model); {@code makers} names, for the message, the factories that make such a cache.
   */
  static void requireCacheConfig(LstmConfig config, LstmConfig cacheConfig, String makers) {
    if (cacheConfig != config && !cacheConfig.equals(config)) {
      throw new IllegalArgumentException(
          "cache must be created by " + makers + ", got one for " + cacheConfig);
    }
  }

  private void checkStep(LstmCache cache) {
    if (config.bidirectional()) {
      throw new IllegalArgumentException(
          "step needs a unidirectional LSTM, got bidirectional=true; a reverse direction must see"
              + " the whole sequence, use forward");
    }
    Objects.requireNonNull(cache, "cache");
    if (cache.seqLen != 1) {
      throw new IllegalArgumentException(
          "cache must have seqLen 1 for step, got seqLen " + cache.seqLen);
    }
  }

  private void checkBackward(LstmCache cache) {
    checkCache(cache);
    if (!cache.isTraining()) {
      throw new IllegalStateException(
          "backward needs a training cache; create it with Lstm.newTrainingCache");
    }
    if (!cache.forwardDone) {
      throw new IllegalStateException("backward called before forward on this cache");
    }
  }

  private void checkOutputGradient(Tensor dOutput, LstmCache cache) {
    Objects.requireNonNull(dOutput, "dOutput")
        .requireShape("dOutput", OUTPUT_DIMS, cache.seqLen, cache.batchSize, config.outputSize());
  }

  /** Checks that every id is a valid input index, {@code 0 <= id < inputSize}. */
  static void requireTokenIds(int[] tokenIds, int inputSize) {
    for (int i = 0; i < tokenIds.length; i++) {
      if (tokenIds[i] < 0 || tokenIds[i] >= inputSize) {
        throw new IllegalArgumentException(
            "tokenIds[" + i + "] must be in [0, inputSize=" + inputSize + "), got " + tokenIds[i]);
      }
    }
  }
}
