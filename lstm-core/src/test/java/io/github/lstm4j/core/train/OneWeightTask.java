package io.github.lstm4j.core.train;

import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.nn.Linear;
import io.github.lstm4j.core.nn.Parameters;
import java.util.Map;

/**
 * The smallest task for tests of the loop itself: a 1 × 1 linear layer whose gradient stays zero, a
 * constant loss, no validation metric. Subclasses say how many examples there are and what a batch
 * does.
 */
abstract class OneWeightTask implements TrainingTask {
  final Parameters params = new Parameters();

  OneWeightTask() {
    new Linear("head", 1, 1, params, new Rng(1));
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  @Override
  public Map<String, Double> validate() {
    return Map.of();
  }
}
