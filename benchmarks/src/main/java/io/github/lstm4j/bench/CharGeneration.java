package io.github.lstm4j.bench;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.nn.FrozenLstm;
import io.github.lstm4j.core.nn.FrozenLstmCache;
import io.github.lstm4j.core.nn.LstmState;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.text.Sampler;
import io.github.lstm4j.text.SamplingConfig;

/**
 * W3: generation with batch 1, one character per step: {@link FrozenLstm#step} on the previous
 * character, the head, then softmax and a seeded draw by lstm-text's {@link Sampler} (temperature
 * 1, no top-k/top-p), exactly the path {@code CharLstm}'s generator takes. The LSTM is frozen once,
 * when the workload is built (as a trained {@code CharLstm} freezes it once for all its
 * generators), so a step does not include the freeze. The state is carried from step to step,
 * starting from zeros and character 0.
 */
final class CharGeneration extends WorkloadModel {
  private final FrozenLstm frozen; // the LSTM's weights, laid out for steps
  private final FrozenLstmCache cache; // B = 1
  private final LstmState state; // (L, 1, H) each, carried
  private final int[] token = new int[1]; // the previous character
  private final Tensor logits; // (1, 1, V)
  private final Sampler sampler;
  private final Rng rng = new Rng(SAMPLING_SEED);

  CharGeneration(WorkloadShape shape, ComputeContext ctx) {
    super(shape, ctx);
    this.frozen = lstm.freeze();
    this.cache = frozen.newCache(1);
    this.state = LstmState.zeros(lstm.config(), 1);
    this.logits = Tensor.zeros(1, 1, shape.outputSize());
    this.sampler = new Sampler(shape.outputSize(), SamplingConfig.defaults());
  }

  @Override
  public double step() {
    Tensor h = frozen.step(ctx, token, state, cache); // (1, 1, H)
    head.forward(ctx, h, logits);
    int next = sampler.sample(logits.data(), 0, rng);
    token[0] = next;
    return logits.data()[next];
  }
}
