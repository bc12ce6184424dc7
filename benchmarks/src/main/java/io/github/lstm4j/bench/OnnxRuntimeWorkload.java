package io.github.lstm4j.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.lstm4j.core.Rng;
import io.github.lstm4j.core.compute.ComputeContext;
import io.github.lstm4j.core.io.OnnxExport;
import io.github.lstm4j.core.tensor.Tensor;
import io.github.lstm4j.text.Sampler;
import io.github.lstm4j.text.SamplingConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * W3 or W4 run in ONNX Runtime (Java API, CPU) instead of lstm4j: the same model as {@link
 * WorkloadModel#create} builds (same seeds), written by {@link OnnxExport} and loaded into a
 * session with all graph optimizations, denormals as zero and {@code threads} intra-op threads. A
 * step is what the lstm4j workload's step is, as a Java user of ORT would write it:
 *
 * <ul>
 *   <li>W4: one run on the batch of 1000 images (a direct buffer, given to ORT without a copy),
 *       then the argmax of each image's logits in Java;
 *   <li>W3: one run on the previous character with the state the previous run returned (its output
 *       tensors fed back as inputs, no copy), then lstm-text's {@link Sampler} on the logits, with
 *       the sampling seed of {@link CharGeneration}.
 * </ul>
 *
 * <p>Only this class touches ORT's types, so the runner starts without ORT on the class path when
 * it times lstm4j.
 */
final class OnnxRuntimeWorkload implements AutoCloseable {
  private final Workload workload;
  private final WorkloadModel model; // the lstm4j twin: the weights and the finiteness check
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private final Map<String, OnnxTensor> inputs = new HashMap<>();
  private final float[] logits; // (B, V) or (1, V)
  private final int classes;
  // W3 only
  private final LongBuffer token; // (1, 1), direct: the tensor reads it in place
  private final Sampler sampler;
  private final Rng rng = new Rng(WorkloadModel.SAMPLING_SEED);
  private OnnxTensor initialH;
  private OnnxTensor initialC;
  private OrtSession.Result previous; // owns the state tensors fed to the next run

  private OnnxRuntimeWorkload(Workload workload, int threads) throws OrtException {
    if (workload.kind() != Workload.Kind.INFER && workload.kind() != Workload.Kind.GENERATE) {
      throw new IllegalArgumentException(
          "workload must be W3 or W4 to run in ONNX Runtime, got " + workload);
    }
    this.workload = workload;
    WorkloadShape shape = workload.shape();
    this.classes = shape.outputSize();
    OnnxExport export;
    try (ComputeContext ctx = ComputeContext.singleThreaded()) {
      model = WorkloadModel.create(workload, ctx); // its steps are never run: ctx may close
      export = OnnxExport.lstmWithHead(model.lstm, model.head, model.params);
    }
    options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(threads);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.addConfigEntry("session.set_denormal_as_zero", "1");
    switch (workload.kind()) {
      case INFER -> {
        session = env.createSession(export.output(OnnxExport.Output.LAST_STEP).toBytes(), options);
        Tensor images = WorkloadModel.randomImages(shape); // (T, B, I)
        FloatBuffer direct = directFloats(images.size()).put(images.data()).flip();
        inputs.put(
            "input",
            OnnxTensor.createTensor(
                env, direct, new long[] {shape.seqLen(), shape.batchSize(), shape.inputSize()}));
        logits = new float[shape.batchSize() * classes];
        token = null;
        sampler = null;
      }
      case GENERATE -> {
        session =
            env.createSession(
                export
                    .input(OnnxExport.Input.TOKEN_IDS)
                    .initialState(OnnxExport.InitialState.GRAPH_INPUTS)
                    .toBytes(),
                options);
        token = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).asLongBuffer();
        inputs.put("tokens", OnnxTensor.createTensor(env, token, new long[] {1, 1}));
        long[] state = {shape.numLayers(), 1, shape.hiddenSize()};
        int stateSize = shape.numLayers() * shape.hiddenSize();
        initialH = OnnxTensor.createTensor(env, directFloats(stateSize), state);
        initialC = OnnxTensor.createTensor(env, directFloats(stateSize), state);
        inputs.put("h0", initialH);
        inputs.put("c0", initialC);
        logits = new float[classes];
        sampler = new Sampler(classes, SamplingConfig.defaults());
      }
      default -> throw new AssertionError(workload);
    }
  }

  /**
   * Exports the workload's model and opens an ORT session on it.
   *
   * @param workload W3 or W4
   * @param threads ORT's intra-op threads
   * @return the workload, to be closed
   * @throws IllegalArgumentException if the workload is a training one
   * @throws IllegalStateException if ORT fails to load the model
   */
  static OnnxRuntimeWorkload create(Workload workload, int threads) {
    try {
      return new OnnxRuntimeWorkload(workload, threads);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the " + workload + " model", e);
    }
  }

  /** Returns the version of the ONNX Runtime library. */
  static String version() {
    return OrtEnvironment.getEnvironment().getVersion();
  }

  /**
   * Runs one step.
   *
   * @return W4: the mean winning logit; W3: the sampled character's logit (as the lstm4j step)
   */
  double step() {
    try {
      return workload.kind() == Workload.Kind.INFER ? classify() : generate();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime failed a " + workload + " step", e);
    }
  }

  private double classify() throws OrtException {
    try (OrtSession.Result result = session.run(inputs)) {
      ((OnnxTensor) result.get(0)).getFloatBuffer().get(logits);
    }
    double winning = 0;
    int batch = logits.length / classes;
    for (int b = 0; b < batch; b++) {
      int best = 0;
      for (int j = 1; j < classes; j++) {
        if (logits[b * classes + j] > logits[b * classes + best]) {
          best = j;
        }
      }
      winning += logits[b * classes + best];
    }
    return winning / batch;
  }

  private double generate() throws OrtException {
    OrtSession.Result result = session.run(inputs);
    ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer().get(logits);
    int next = sampler.sample(logits, 0, rng);
    token.put(0, next);
    inputs.put("h0", (OnnxTensor) result.get("hn").orElseThrow());
    inputs.put("c0", (OnnxTensor) result.get("cn").orElseThrow());
    if (previous != null) {
      previous.close(); // its hn, cn were this run's inputs
    }
    previous = result;
    return logits[next];
  }

  /**
   * Fails if a step's result is not finite, as {@link WorkloadModel#requireFinite} does.
   *
   * @param result what {@link #step()} last returned
   */
  void requireFinite(double result) {
    model.requireFinite(result);
  }

  private static FloatBuffer directFloats(int count) {
    return ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  @Override
  public void close() {
    if (previous != null) {
      previous.close();
    }
    inputs.get(workload.kind() == Workload.Kind.INFER ? "input" : "tokens").close();
    if (initialH != null) {
      initialH.close();
      initialC.close();
    }
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    options.close();
  }
}
