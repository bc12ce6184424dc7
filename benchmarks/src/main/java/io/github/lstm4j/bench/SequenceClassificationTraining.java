package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.Embedding;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.Readout;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * W5 and W5p: classification of token sequences of different lengths. Token ids → {@link Embedding}
 * → (bidirectional) LSTM over each row's valid steps → {@link Readout#LAST_HIDDEN} (each
 * direction's last valid step) → head → softmax cross-entropy → Adam, all on a fixed batch. W5 runs
 * the reference script's lengths; W5p the same batch with every length T, PyTorch's padded path.
 */
final class SequenceClassificationTraining extends TrainingWorkload {
  private final int[] ids; // (T, B) token ids, time-major; padding holds ids too, never read
  private final int[] lengths; // (B)
  private final int[] labels; // (B)
  private final Embedding embedding;
  private final Tensor embedded; // (T, B, E)
  private final LstmCache cache;
  private final LastStepHead lastStep;
  private final Tensor logits; // (B, V): logits, then probabilities, then dLogits

  SequenceClassificationTraining(
      WorkloadShape shape, ComputeContext ctx, int vocabSize, int[] lengths) {
    super(shape, ctx);
    int seqLen = shape.seqLen();
    int batch = shape.batchSize();
    this.lengths = lengths.clone();
    // Embedding output = the LSTM's input; registered after the LSTM and head, in its own seed.
    this.embedding = new Embedding("embedding", vocabSize, shape.inputSize(), params, new Rng(6));
    Rng data = new Rng(DATA_SEED);
    this.ids = uniformInts(data, seqLen * batch, vocabSize);
    this.labels = uniformInts(data, batch, shape.outputSize());
    this.embedded = Tensor.zeros(seqLen, batch, shape.inputSize());
    this.cache = lstm.newTrainingCache(seqLen, batch, new Rng(DROPOUT_SEED));
    this.lastStep = new LastStepHead(this, seqLen, batch);
    this.logits = Tensor.zeros(batch, shape.outputSize());
  }

  @Override
  double forwardBackward() {
    embedding.forward(ids, embedded);
    lstm.forward(ctx, embedded, lengths, cache);
    lastStep.forward(cache, logits);
    double loss = SoftmaxCrossEntropy.forward(logits, labels, logits); // → probabilities
    SoftmaxCrossEntropy.backward(logits, labels, logits); // → dLogits
    lstm.backward(ctx, lastStep.backward(cache, logits), cache);
    embedding.backward(ids, cache.inputGradient());
    return loss;
  }
}
