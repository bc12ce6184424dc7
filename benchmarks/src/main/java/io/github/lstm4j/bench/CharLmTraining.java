package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.LstmCache;
import io.github.lstm4j.core.nn.SoftmaxCrossEntropy;
import io.github.lstm4j.core.tensor.Tensor;

/**
 * W1 and W1b: char-LM training on token ids with the head and the loss on every time step, from a
 * zero initial state (as {@code nn.LSTM(x)} without a state). The batch is fixed random ids and
 * targets, the same every step, as in the reference script.
 */
final class CharLmTraining extends TrainingWorkload {
  private final int[] inputs; // (T, B) token ids, time-major
  private final int[] targets; // (T, B) next-char ids
  private final LstmCache cache;
  private final Tensor logits; // (T, B, V): logits, then probabilities, then dLogits
  private final Tensor dHidden; // (T, B, H)

  CharLmTraining(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
    int seqLen = shape.seqLen();
    int batch = shape.batchSize();
    Rng data = new Rng(DATA_SEED);
    this.inputs = new int[seqLen * batch];
    this.targets = new int[seqLen * batch];
    for (int r = 0; r < inputs.length; r++) {
      inputs[r] = data.nextInt(shape.inputSize());
      targets[r] = data.nextInt(shape.outputSize());
    }
    this.cache = lstm.newTrainingCache(seqLen, batch, new Rng(DROPOUT_SEED));
    this.logits = Tensor.zeros(seqLen, batch, shape.outputSize());
    this.dHidden = Tensor.zeros(seqLen, batch, shape.hiddenSize());
  }

  @Override
  double forwardBackward() {
    Tensor hidden = lstm.forward(ctx, inputs, cache); // (T, B, H)
    head.forward(ctx, hidden, logits);
    double loss = SoftmaxCrossEntropy.forward(logits, targets, logits); // → probabilities
    SoftmaxCrossEntropy.backward(logits, targets, logits); // → dLogits
    head.backward(ctx, hidden, logits, dHidden);
    lstm.backward(ctx, dHidden, cache);
    return loss;
  }
}
