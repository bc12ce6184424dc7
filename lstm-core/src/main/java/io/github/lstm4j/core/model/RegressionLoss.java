package io.github.lstm4j.core.model;

import io.github.lstm4j.core.nn.ElementwiseLoss;
import io.github.lstm4j.core.nn.HuberLoss;
import io.github.lstm4j.core.nn.MeanSquaredError;
import io.github.lstm4j.core.nn.Reduction;

/**
 * The training loss of a {@link SequenceRegressor}, averaged over every output of every sequence of
 * a batch (PyTorch's {@code reduction="mean"}).
 *
 * <pre>{@code
 * RegressorConfig config = RegressorConfig.defaults().withLoss(RegressionLoss.HUBER);
 * }</pre>
 */
public enum RegressionLoss {
  /** Mean squared error, {@code (x − y)²}. */
  MSE,
  /** Huber loss with the config's {@code huberDelta}: squared below δ, linear above. */
  HUBER;

  /** The loss function of this kind. */
  ElementwiseLoss create(double huberDelta) {
    return this == MSE
        ? new MeanSquaredError(Reduction.MEAN)
        : new HuberLoss(huberDelta, Reduction.MEAN);
  }
}
