package io.github.lstm4j.core.train;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.util.Map;

/**
 * What a model gives the {@link Trainer}: its parameters, how many training examples it has, the
 * loss and gradients of a batch of them, and a validation pass. The trainer owns the loop (order,
 * optimizer, schedule, clipping, validation, stopping); the task owns the math.
 *
 * <pre>{@code
 * TrainingTask task = new TrainingTask() {
 *   public Parameters parameters() { return params; }
 *   public int exampleCount() { return n; }
 *   public double trainBatch(int[] order, int from, int count) { ...forward, loss, backward... }
 *   public Map<String, Double> validate() { return Map.of("val_loss", ...); }
 * };
 * }</pre>
 */
public interface TrainingTask {
  /**
   * Returns the parameters the optimizer updates.
   *
   * @return the parameters, with their gradients
   */
  Parameters parameters();

  /**
   * Returns the number of training examples the trainer draws batches from.
   *
   * @return N, {@code > 0}
   */
  int exampleCount();

  /**
   * Runs forward and backward over the examples {@code order[from … from + count)}, accumulating
   * into the parameters' gradients (which the trainer has zeroed).
   *
   * @param order a permutation of [0, N)
   * @param from the first position of the batch in {@code order}
   * @param count the batch size, {@code > 0}
   * @return the batch's mean loss
   */
  double trainBatch(int[] order, int from, int count);

  /**
   * Scores the validation data with the current weights.
   *
   * @return metric name to value, in a stable order; empty without validation data
   */
  Map<String, Double> validate();

  /**
   * Puts the examples of the next epoch in order: {@code order} holds [0, N) in some order, to be
   * permuted in place. By default a Fisher–Yates shuffle from the trainer's generator, whose state
   * a checkpoint saves; a task that draws its order from elsewhere must save that state itself to
   * resume exactly. A task whose batches must come in order (a language model that carries its
   * hidden state from one window of its streams to the next) overrides it with an empty body: the
   * order is then {@code 0, 1, …, N − 1} every epoch.
   *
   * @param order [0, N) in the previous order (or ascending, before the first epoch)
   * @param rng the trainer's order generator
   */
  default void shuffle(int[] order, Rng rng) {
    rng.shuffle(order);
  }

  /**
   * Returns the random generators the task draws from while training (dropout masks, say), by a
   * stable name, so that a checkpoint can save and restore their state.
   *
   * @return the generators; none by default
   */
  default Map<String, Rng> generators() {
    return Map.of();
  }

  /**
   * Called before the first batch of every epoch, but not when a restored run continues in the
   * middle of one. A task that carries state from batch to batch (truncated backpropagation through
   * time) resets it here.
   *
   * @param epoch the 0-based epoch that starts
   */
  default void onEpochStart(int epoch) {}

  /**
   * Called after the optimizer applied the step of the last {@link #trainBatch}, and not after a
   * step it skipped as non-finite. A task that carries state from batch to batch takes the batch's
   * final state here, so that a skipped step leaves the carried state as it was.
   */
  default void onStepApplied() {}

  /**
   * Called after the trainer replaced the weights in {@link #parameters()} other than by a step:
   * the weights' average swapped in for a validation and out again, or the best weights put back at
   * the end of a run. A task that keeps a snapshot of the weights (packed for inference, say) drops
   * it here.
   */
  default void onWeightsReplaced() {}

  /**
   * Returns the tensors the task carries from batch to batch (an LSTM's h and c, say), by a stable
   * name: a checkpoint saves them and a restore copies the saved values back into these tensors.
   *
   * @return the live tensors; none by default
   */
  default Map<String, Tensor> carriedState() {
    return Map.of();
  }
}
