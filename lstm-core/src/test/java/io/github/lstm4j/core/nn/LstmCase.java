package io.github.lstm4j.core.nn;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.core.testing.ReferenceLstm;
import io.github.lstm4j.core.testing.TestData;

/**
 * One LSTM configuration with seeded weights (random biases, so that every bias element matters),
 * input, initial state and gradients from above, run through the production LSTM and the double
 * reference by the gradient and length tests.
 */
final class LstmCase {
  final LstmConfig config;
  final int seqLen;
  final int batch;
  final Parameters params = new Parameters();
  final Lstm lstm;
  final Tensor x;
  final LstmState initial;
  final Tensor dOutput;
  final LstmState dFinal;

  LstmCase(LstmConfig config, int seqLen, int batch, long seed) {
    this.config = config;
    this.seqLen = seqLen;
    this.batch = batch;
    Rng rng = new Rng(seed);
    this.lstm = new Lstm(config, params, rng);
    // Random biases so that every bias element matters (initialisation leaves most at zero).
    float[] v = params.values();
    for (Param p : params.list()) {
      if (p.name().startsWith("bias")) {
        for (int i = 0; i < p.size(); i++) {
          v[p.offset() + i] = (float) (rng.nextGaussian() * 0.3);
        }
      }
    }
    int slots = config.numLayers() * config.numDirections();
    this.x = TestData.gaussian(rng, 1.0, seqLen, batch, config.inputSize());
    this.initial =
        new LstmState(
            TestData.gaussian(rng, 0.5, slots, batch, config.hiddenSize()),
            TestData.gaussian(rng, 0.5, slots, batch, config.hiddenSize()));
    this.dOutput = TestData.gaussian(rng, 1.0, seqLen, batch, config.outputSize());
    this.dFinal =
        new LstmState(
            TestData.gaussian(rng, 1.0, slots, batch, config.hiddenSize()),
            TestData.gaussian(rng, 1.0, slots, batch, config.hiddenSize()));
  }

  /** The double reference's forward pass over {@code input} from this case's initial state. */
  ReferenceLstm.Forward referenceForward(Tensor input, double[][] dropoutMasks) {
    int[] full = new int[batch];
    java.util.Arrays.fill(full, seqLen);
    return referenceForward(input, dropoutMasks, full);
  }

  /** The same over sequences of the given lengths. */
  ReferenceLstm.Forward referenceForward(Tensor input, double[][] dropoutMasks, int[] lengths) {
    return ReferenceLstm.of(config, params, "")
        .forward(
            TestData.toDouble(input.data()),
            TestData.toDouble(initial.h().data()),
            TestData.toDouble(initial.c().data()),
            seqLen,
            batch,
            dropoutMasks,
            lengths);
  }

  /** The double reference's backward pass from this case's output and final-state gradients. */
  ReferenceLstm.Backward referenceBackward(ReferenceLstm.Forward forward) {
    return ReferenceLstm.of(config, params, "")
        .backward(
            forward,
            TestData.toDouble(dOutput.data()),
            TestData.toDouble(dFinal.h().data()),
            TestData.toDouble(dFinal.c().data()));
  }
}
