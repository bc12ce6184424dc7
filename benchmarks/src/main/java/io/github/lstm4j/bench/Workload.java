package io.github.lstm4j.bench;

/**
 * The anchor workloads of {@code WORKLOADS.md}, with the sizes, warm-up and timed step counts and
 * FLOP model of the PyTorch reference script {@code pytorch_lstm.py}, so that figures from both are
 * directly comparable.
 *
 * <p>FLOP model (nominal, the same for every system measured): forward per time step, per sample,
 * per layer = 2·4H·(I_l + H) with I_l = I for layer 0 and H above; the head adds 2·H·V per time
 * step where it is applied; a training step counts 3 × forward (forward, backward-data,
 * backward-weights). Gate math, softmax, loss and the optimizer are not counted. W1's token-id
 * input is counted as the one-hot product PyTorch performs, although lstm4j does a column lookup
 * instead.
 *
 * <p>This is a catalogue of sizes only; {@link WorkloadModel} builds and runs a workload.
 */
public enum Workload {
  /** Char-LM training, small: vocab 65 token ids, 2×256, T=100, B=32, head on every step. */
  W1(Kind.TRAIN_TOKENS, new WorkloadShape("W1", 65, 256, 2, 100, 32, 65, false), 5, 25),
  /** Char-LM training at char-rnn size: 2×512, T=100, B=64. */
  W1b(Kind.TRAIN_TOKENS, new WorkloadShape("W1b", 65, 512, 2, 100, 64, 65, false), 5, 25),
  /** MNIST row-LSTM training: 28 features, T=28, 1×128, B=128, head on the last hidden state. */
  W2(Kind.TRAIN_DENSE, new WorkloadShape("W2", 28, 128, 1, 28, 128, 10, false), 10, 60),
  /**
   * Generation latency: W1b's model, batch 1, one time step + head + softmax + sample per char.
   * Warm-up is 3,000 characters (about a second) instead of the script's 50: a W3 step is so short
   * that 50 of them end before the JIT has compiled the step, so the timed steps would measure the
   * interpreter and compiler (measured: 87 to 224 kB allocated per step, and up to 2× slower).
   */
  W3(Kind.GENERATE, new WorkloadShape("W3", 65, 512, 2, 1, 1, 65, false), 3000, 500),
  /** MNIST inference: W2's model, batch 1000, forward only. */
  W4(Kind.INFER, new WorkloadShape("W4", 28, 128, 1, 28, 1000, 10, false), 5, 30),
  /**
   * Variable-length classification training: token ids (vocabulary 10,000) → Embedding(10000, 128)
   * → bidirectional 1×256 over sequences of lengths uniform in [20, 200] (the reference script's
   * {@code w5_lengths}), T = 200, B = 64 → each direction's last valid step → Linear(512, 2) →
   * softmax cross-entropy. PyTorch runs it packed.
   */
  W5(Kind.TRAIN_SEQUENCES, new WorkloadShape("W5", 128, 256, 1, 200, 64, 2, true), 5, 25),
  /**
   * W5's batch with every length set to T = 200: all rows compute all steps, as PyTorch's padded
   * W5p does (its speed reference); the FLOP count stays W5's, as in the reference script.
   */
  W5p(Kind.TRAIN_SEQUENCES, new WorkloadShape("W5p", 128, 256, 1, 200, 64, 2, true), 5, 25),
  /**
   * Time-series regression training: 1 feature, window T = 64, B = 256, 2×64, Linear(64, 1) on the
   * last step, mean squared error.
   */
  W6(Kind.TRAIN_SERIES, new WorkloadShape("W6", 1, 64, 2, 64, 256, 1, false), 10, 60);

  /** W5's vocabulary: the Embedding's rows. */
  static final int W5_VOCAB = 10_000;

  /** W5's shortest sequence. */
  static final int W5_MIN_LENGTH = 20;

  /** What one step of a workload does. */
  public enum Kind {
    /** Training on token ids, loss on every time step: W1, W1b. */
    TRAIN_TOKENS,
    /** Training on dense input, loss on the last hidden state: W2. */
    TRAIN_DENSE,
    /** One generated character (batch 1, no gradients): W3. */
    GENERATE,
    /** Forward only, argmax on the last hidden state: W4. */
    INFER,
    /** Training on embedded token ids of different lengths, loss on the last valid step: W5. */
    TRAIN_SEQUENCES,
    /** Regression training on dense windows, mean squared error on the last step: W6. */
    TRAIN_SERIES
  }

  private final Kind kind;
  private final WorkloadShape shape;
  private final boolean headOnEveryStep;
  private final int defaultWarmup;
  private final int defaultSteps;

  Workload(Kind kind, WorkloadShape shape, int defaultWarmup, int defaultSteps) {
    if (!shape.name().equals(name())) {
      throw new IllegalArgumentException(
          "shape.name() must be the workload's name " + name() + ", got " + shape.name());
    }
    this.kind = kind;
    this.shape = shape;
    this.headOnEveryStep = kind == Kind.TRAIN_TOKENS || kind == Kind.GENERATE;
    this.defaultWarmup = defaultWarmup;
    this.defaultSteps = defaultSteps;
  }

  /**
   * Returns what one step does.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the sizes {@link WorkloadModel} builds from.
   *
   * @return I, H, L, T, B, V, the directions and the name
   */
  WorkloadShape shape() {
    return shape;
  }

  /**
   * Returns the warm-up steps of {@code pytorch_lstm.py}'s {@code DEFAULT_STEPS} (more for W3, to
   * let the JIT compile, see {@link #W3}).
   *
   * @return untimed steps before timing
   */
  public int defaultWarmup() {
    return defaultWarmup;
  }

  /**
   * Returns the timed steps of {@code pytorch_lstm.py}'s {@code DEFAULT_STEPS}.
   *
   * @return timed steps whose median is reported
   */
  public int defaultSteps() {
    return defaultSteps;
  }

  /**
   * Tells whether a step updates the weights.
   *
   * @return true for W1, W1b, W2, W5, W5p and W6
   */
  public boolean isTraining() {
    return kind != Kind.GENERATE && kind != Kind.INFER;
  }

  /**
   * Returns the length of every sequence of a step: the reference script's {@code w5_lengths} for
   * W5 (uniform in [20, T] from a fixed linear congruential generator), T for every other one.
   *
   * @return (B) lengths in [1, T]
   */
  public int[] lengths() {
    return this == W5 ? referenceLengths() : full(shape.batchSize(), shape.seqLen());
  }

  /** The reference script's w5_lengths: x = (1103515245·x + 12345) mod 2³¹ from x = 12345. */
  private int[] referenceLengths() {
    int[] lengths = new int[shape.batchSize()];
    long x = 12345;
    int span = shape.seqLen() - W5_MIN_LENGTH + 1;
    for (int b = 0; b < lengths.length; b++) {
      x = (1103515245L * x + 12345) % (1L << 31);
      lengths[b] = W5_MIN_LENGTH + (int) (x % span);
    }
    return lengths;
  }

  private static int[] full(int batch, int seqLen) {
    int[] lengths = new int[batch];
    java.util.Arrays.fill(lengths, seqLen);
    return lengths;
  }

  /**
   * Returns the items one step processes: trained or generated characters (B·T), or images (B).
   *
   * @return the throughput numerator
   */
  public int itemsPerStep() {
    return kind == Kind.TRAIN_TOKENS || kind == Kind.GENERATE
        ? shape.batchSize() * shape.seqLen()
        : shape.batchSize();
  }

  /**
   * Returns the name of the throughput unit, as in the reference script's plain lines.
   *
   * @return {@code "chars"}, {@code "images"} or {@code "sequences"}
   */
  public String unit() {
    return switch (kind) {
      case TRAIN_TOKENS, GENERATE -> "chars";
      case TRAIN_DENSE, INFER -> "images";
      case TRAIN_SEQUENCES, TRAIN_SERIES -> "sequences";
    };
  }

  /**
   * Returns the FLOPs of one forward pass over one step, as the reference script's {@code
   * forward_flops}: D·Σ_l 2·4H·(I_l + H) per (sample, time step), with I_l = D·H above layer 0,
   * times T·B (W5 and W5p: W5's valid steps only), plus the head's 2·D·H·V per row it reads.
   *
   * @return nominal forward FLOPs per step
   */
  public long forwardFlops() {
    int hiddenSize = shape.hiddenSize();
    int directions = shape.bidirectional() ? 2 : 1;
    long perSampleStep = 0;
    for (int l = 0; l < shape.numLayers(); l++) {
      int layerInput = l == 0 ? shape.inputSize() : directions * hiddenSize;
      perSampleStep += directions * 2L * 4 * hiddenSize * (layerInput + hiddenSize);
    }
    if (kind == Kind.TRAIN_SEQUENCES) {
      long validSteps = java.util.Arrays.stream(W5.referenceLengths()).asLongStream().sum();
      return perSampleStep * validSteps
          + 2L * directions * hiddenSize * shape.outputSize() * shape.batchSize();
    }
    long lstm = perSampleStep * shape.seqLen() * shape.batchSize();
    long head =
        2L
            * hiddenSize
            * shape.outputSize()
            * (headOnEveryStep ? shape.seqLen() : 1)
            * shape.batchSize();
    return lstm + head;
  }

  /**
   * Returns the FLOPs one step counts: 3 × forward for training, 1 × forward otherwise.
   *
   * @return nominal FLOPs per step
   */
  public long stepFlops() {
    return (isTraining() ? 3 : 1) * forwardFlops();
  }
}
