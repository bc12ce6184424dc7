/**
 * lstm4j core: tensors on {@code float[]}, matrix kernels, LSTM layers with backpropagation through
 * time, heads, losses, optimizers and model files. No dependencies beyond {@code java.base}.
 */
module io.github.lstm4j.core {
  exports io.github.lstm4j.core;
  exports io.github.lstm4j.core.tensor;
  exports io.github.lstm4j.core.compute;
  exports io.github.lstm4j.core.nn;
  exports io.github.lstm4j.core.optim;
  exports io.github.lstm4j.core.io;
  exports io.github.lstm4j.core.train;
  exports io.github.lstm4j.core.model;
}
