package io.github.lstm4j.bench;

/**
 * The sizes a {@link WorkloadModel} is built from: an anchor {@link Workload}'s ({@link
 * Workload#shape()}), or tiny ones in tests, which then run the very same step code.
 *
 * @param name how results and errors name the workload
 * @param inputSize I: the vocabulary size (token ids) or the features per time step
 * @param hiddenSize H
 * @param numLayers L
 * @param seqLen T (1 for generation: one character per step)
 * @param batchSize B
 * @param outputSize V: the head's outputs (vocabulary size or number of classes)
 * @param bidirectional whether the LSTM has a reverse direction (W5)
 */
record WorkloadShape(
    String name,
    int inputSize,
    int hiddenSize,
    int numLayers,
    int seqLen,
    int batchSize,
    int outputSize,
    boolean bidirectional) {}
