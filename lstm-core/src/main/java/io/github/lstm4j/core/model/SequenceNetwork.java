package io.github.lstm4j.core.model;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Dropout;
import io.github.lstm4j.core.nn.Embedding;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Lstm;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.PaddedSequences;
import io.github.lstm4j.core.nn.PaddedTokens;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.nn.Softmax;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The network both sequence models share: optional embedding → LSTM over each row's valid steps →
 * (a readout, or every step) → dropout in training → Linear head to C logits. It owns the
 * parameters and the dropout generator; the models own the losses and metrics.
 *
 * <pre>
 * x  = dropout(embed(ids)) | ids | features   (T, B, E|V|I); dropout in training only
 * y  = LSTM(x, lengths)                   (T, B, D·H), zero past each length
 * h  = readout(y) (B, D·H)  |  y as (T·B, D·H)     the head's R rows
 * h' = dropout(h)                          training only
 * z  = h'·Wᵀ + b                           (R, C) logits
 * backward mirrors it: dz → dh' (head) → dh (mask) → dy (readout or as is) → LSTM → dx (mask)
 * → embedding
 * </pre>
 *
 * <p>The weights are only read by inference, so any number of threads may run it at once: each
 * takes a {@link Workspace} (buffers for each batch shape it met) from a pool and gives it back.
 * Sequence lengths are rounded up to a power of two to pick a buffer shape, so that a few shapes
 * serve every batch; the padding costs no computation in the LSTM.
 */
final class SequenceNetwork {
  /** Rows per inference batch. */
  static final int INFERENCE_BATCH = 64;

  /** What the head reads. */
  enum Head {
    /** One vector per sequence, from the config's readout. */
    SEQUENCE,
    /** Every time step. */
    STEP
  }

  final SequenceModelConfig config;
  final Parameters params = new Parameters();
  final Rng dropoutRng;
  private final Head headKind;
  private final Embedding embedding; // null: the LSTM reads the ids or features directly
  private final Lstm lstm;
  private final Linear head;
  private final Dropout dropout;
  private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();

  SequenceNetwork(SequenceModelConfig config, Head headKind) {
    this.config = config;
    this.headKind = headKind;
    Rng init = new Rng(config.seed());
    this.embedding =
        config.embeddingDim() > 0
            ? new Embedding(
                "embedding", config.inputSize(), config.embeddingDim(), params, init.split())
            : null;
    this.lstm = new Lstm("lstm.", config.lstmConfig(), params, init.split());
    this.head = new Linear("head", config.featureSize(), config.numClasses(), params, init.split());
    this.dropout = new Dropout(config.dropout());
    this.dropoutRng = init.split();
  }

  /** The parameter count of a network of {@code config}, without building it. */
  static long parameterCount(SequenceModelConfig config) {
    long embedded = (long) config.inputSize() * config.embeddingDim();
    long headCount = (long) config.featureSize() * config.numClasses() + config.numClasses();
    return embedded + config.lstmConfig().parameterCount() + headCount;
  }

  /** The buffer length for a batch whose longest sequence has {@code longest} steps. */
  static int bucket(int longest) {
    return Integer.highestOneBit(longest) == longest ? longest : Integer.highestOneBit(longest) * 2;
  }

  /** The buffers of one batch shape (T, B); training buffers also hold what backward needs. */
  final class Batch {
    final int seqLen; // T
    final int batchSize; // B
    final LstmCache cache;
    final Tensor embedded; // (T, B, E), or null without an embedding
    final float[] embeddedMask; // (T·B·E) dropout mask of the embedding; training only
    final Tensor headInput; // (R, D·H), R = B (SEQUENCE) or T·B (STEP)
    final Tensor logits; // (R, C); probabilities or dLogits in place
    final int[] targets; // (R) class ids, for the loss
    final float[] mask; // (R·D·H) dropout mask; training only
    final Tensor dHeadInput; // (R, D·H); training only
    final Tensor dOutput; // (T, B, D·H) ∂L/∂y; training only (STEP: dHeadInput's array)
    int[] ids; // the padded ids of the last forward (T·B), for the embedding's backward

    private Batch(int seqLen, int batchSize, boolean training) {
      this.seqLen = seqLen;
      this.batchSize = batchSize;
      int rows = headKind == Head.SEQUENCE ? batchSize : seqLen * batchSize;
      int width = config.featureSize();
      if (!training) {
        this.cache = lstm.newCache(seqLen, batchSize);
      } else if (embedding != null) {
        this.cache = lstm.newTrainingCache(seqLen, batchSize, dropoutRng);
      } else {
        this.cache = lstm.newTrainingCacheWithoutInputGradient(seqLen, batchSize, dropoutRng);
      }
      this.embedded =
          embedding != null ? Tensor.zeros(seqLen, batchSize, config.embeddingDim()) : null;
      this.embeddedMask = training && embedding != null ? new float[embedded.size()] : null;
      this.headInput = Tensor.zeros(rows, width);
      this.logits = Tensor.zeros(rows, config.numClasses());
      this.targets = new int[rows];
      this.mask = training ? new float[rows * width] : null;
      this.dHeadInput = training ? Tensor.zeros(rows, width) : null;
      if (!training) {
        this.dOutput = null;
      } else if (headKind == Head.SEQUENCE) {
        this.dOutput = Tensor.zeros(seqLen, batchSize, width);
      } else {
        this.dOutput = Tensor.wrap(dHeadInput.data(), seqLen, batchSize, width);
      }
    }

    /** Row r of the head of time step t, sequence b (STEP), or of sequence b (SEQUENCE). */
    int row(int t, int b) {
      return headKind == Head.SEQUENCE ? b : t * batchSize + b;
    }
  }

  /** Buffers by batch shape, used by one thread at a time. */
  final class Workspace {
    private final Map<Long, Batch> batches = new HashMap<>();
    private final boolean training;

    private Workspace(boolean training) {
      this.training = training;
    }

    /** The buffers for a batch of {@code count} sequences whose longest is {@code longest}. */
    Batch batch(int longest, int count) {
      int seqLen = bucket(longest);
      return batches.computeIfAbsent(
          ((long) seqLen << 32) | count, key -> new Batch(seqLen, count, training));
    }
  }

  /** A workspace for one training run (its caches draw dropout masks). */
  Workspace trainingWorkspace() {
    return new Workspace(true);
  }

  /**
   * Runs forward over sequences {@code rows[from … from + count)} up to the logits, in {@code
   * batch.logits}; with a training batch, applies dropout before the head.
   */
  void forward(ComputeContext ctx, Sequences data, int[] rows, int from, int count, Batch batch) {
    Tensor output = encode(ctx, data, rows, from, count, batch);
    if (headKind == Head.SEQUENCE) {
      config.readout().forward(batch.cache, batch.headInput);
    } else {
      System.arraycopy(output.data(), 0, batch.headInput.data(), 0, batch.headInput.size());
    }
    if (batch.mask != null && config.dropout() > 0) {
      dropout.forward(batch.headInput.data(), batch.mask, dropoutRng);
    }
    head.forward(ctx, batch.headInput, batch.logits);
  }

  private Tensor encode(
      ComputeContext ctx, Sequences data, int[] rows, int from, int count, Batch batch) {
    if (data.kind() == SequenceModelConfig.Input.FEATURES) {
      PaddedSequences padded = data.padFeatures(rows, from, count, batch.seqLen);
      return lstm.forward(ctx, padded.values(), padded.lengths(), batch.cache);
    }
    PaddedTokens padded = data.padTokens(rows, from, count, batch.seqLen);
    batch.ids = padded.ids();
    if (embedding == null) {
      return lstm.forward(ctx, padded.ids(), padded.lengths(), batch.cache);
    }
    embedding.forward(padded.ids(), batch.embedded);
    if (batch.embeddedMask != null && config.dropout() > 0) {
      dropout.forward(batch.embedded.data(), batch.embeddedMask, dropoutRng);
    }
    return lstm.forward(ctx, batch.embedded, padded.lengths(), batch.cache);
  }

  /**
   * Backpropagates ∂L/∂logits, which the caller wrote into {@code batch.logits}, accumulating every
   * parameter gradient: the mirror of {@link #forward}.
   */
  void backward(ComputeContext ctx, Batch batch) {
    head.backward(ctx, batch.headInput, batch.logits, batch.dHeadInput); // dh'
    if (config.dropout() > 0) {
      dropout.backward(batch.dHeadInput.data(), batch.mask); // dh
    }
    if (headKind == Head.SEQUENCE) {
      config.readout().backward(batch.cache, batch.dHeadInput, batch.dOutput); // dy
    }
    lstm.backward(ctx, batch.dOutput, batch.cache);
    if (embedding != null) {
      Tensor dEmbedded = batch.cache.inputGradient(); // (T, B, E)
      if (config.dropout() > 0) {
        dropout.backward(dEmbedded.data(), batch.embeddedMask);
      }
      embedding.backward(batch.ids, dEmbedded);
    }
  }

  /** What an inference pass hands each batch's probabilities to. */
  interface BatchReader {
    /** Reads batch.logits, now probabilities, of sequences {@code from … from + count)}. */
    void read(Batch batch, int from, int count);
  }

  /**
   * Runs inference over every sequence in order, in batches of {@link #INFERENCE_BATCH}, turning
   * the logits into probabilities. Safe to call from any number of threads at once.
   */
  void infer(ComputeContext ctx, Sequences data, BatchReader reader) {
    int n = data.size();
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    Workspace workspace = pool.poll();
    if (workspace == null) {
      workspace = new Workspace(false);
    }
    try {
      for (int from = 0; from < n; from += INFERENCE_BATCH) {
        int count = Math.min(INFERENCE_BATCH, n - from);
        Batch batch = workspace.batch(data.maxLength(rows, from, count), count);
        forward(ctx, data, rows, from, count, batch);
        softmaxRows(batch.logits.data(), batch.targets.length, config.numClasses());
        reader.read(batch, from, count);
      }
    } finally {
      pool.offer(workspace);
    }
  }

  /** Replaces each row of (rows, C) logits by its softmax. */
  static void softmaxRows(float[] logits, int rows, int classes) {
    for (int r = 0; r < rows; r++) {
      Softmax.intoProbabilities(logits, r * classes, classes, logits, r * classes);
    }
  }
}
