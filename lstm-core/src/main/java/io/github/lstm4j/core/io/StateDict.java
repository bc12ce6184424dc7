package io.github.lstm4j.core.io;

import io.github.lstm4j.core.Checks;
import io.github.lstm4j.core.nn.Param;
import io.github.lstm4j.core.nn.Parameters;
import io.github.lstm4j.core.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps {@link Parameters} to and from tensors named as in a PyTorch {@code state_dict}, so that
 * weights travel between lstm4j and {@code nn.LSTM} / {@code nn.Linear} by name.
 *
 * <p>Every parameter keeps its name ({@code weight_ih_l0}, {@code weight_hh_l1_reverse}, {@code
 * head.weight}, with any prefix such as {@code lstm.}), except the LSTM's single bias: PyTorch has
 * two, which only ever appear as a sum, so
 *
 * <pre>
 * export:  bias_l{k}{_reverse}  →  bias_ih_l{k}{_reverse} = bias,  bias_hh_l{k}{_reverse} = 0
 * load:    bias_l{k}{_reverse}  ←  bias_ih_l{k}{_reverse} + bias_hh_l{k}{_reverse}   (in float)
 * </pre>
 *
 * A parameter counts as an LSTM bias when its name is {@code <prefix>bias_l<k>} or {@code
 * <prefix>bias_l<k>_reverse} and a {@code <prefix>weight_hh_l<k>…} of the same direction exists, as
 * {@link io.github.lstm4j.core.nn.Lstm} registers them.
 *
 * <p>{@link #load} is strict, as PyTorch's {@code load_state_dict(strict=True)}: every parameter
 * must be present with exactly its shape, and every other tensor is an error, except those whose
 * names start with {@link #OPTIMIZER_PREFIX} or {@link #STATE_PREFIX}, which are reserved for what
 * a file keeps besides the model ({@link TrainingCheckpoint} uses them) and which no parameter may
 * use. Non-finite weights are accepted, as PyTorch accepts them: a diverged model can still be
 * loaded and inspected. It is not a converter for other layouts (Keras gate order, cuDNN blobs).
 *
 * <pre>{@code
 * Safetensors.write(path, StateDict.export(params), Map.of());   // torch: model.load_state_dict(...)
 * StateDict.load(Safetensors.read(path).tensors(), params);      // from torch: model.state_dict()
 * }</pre>
 */
public final class StateDict {
  /** Prefix of the optimizer-state tensors that {@link #load} ignores. */
  public static final String OPTIMIZER_PREFIX = "optimizer.";

  /**
   * Prefix of other non-parameter tensors (e.g. a carried hidden state) that {@link #load} ignores.
   */
  public static final String STATE_PREFIX = "state.";

  private static final Pattern LSTM_BIAS = Pattern.compile("(.*)bias_l(\\d+)(_reverse)?");
  private static final int LISTED_NAMES = 8; // names quoted in one message

  private StateDict() {}

  /**
   * Returns every parameter as a tensor under its PyTorch name; each LSTM bias becomes {@code
   * bias_ih_…} (the bias) and {@code bias_hh_…} (zeros).
   *
   * @param params the parameters
   * @return tensor name to a copy of the values, in parameter order
   * @throws IllegalArgumentException if a parameter name starts with a reserved prefix, or two
   *     parameters map to the same tensor name
   */
  public static Map<String, Tensor> export(Parameters params) {
    Objects.requireNonNull(params, "params");
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Param p : params.list()) {
      checkNotReserved(p);
      String[] biasNames = pytorchBiasNames(p, params);
      if (biasNames == null) {
        put(tensors, p.name(), params.valueOf(p), p);
      } else {
        put(tensors, biasNames[0], params.valueOf(p), p);
        put(tensors, biasNames[1], Tensor.zeros(p.shape()), p);
      }
    }
    return tensors;
  }

  private static void put(Map<String, Tensor> tensors, String name, Tensor value, Param p) {
    Checks.argument(
        tensors.put(name, value) == null,
        "parameters must map to distinct tensor names, got \""
            + name
            + "\" twice, the second from parameter \""
            + p.name()
            + "\"");
  }

  /**
   * Overwrites every parameter with the tensor of its PyTorch name, summing the two PyTorch biases
   * of each LSTM layer and direction in float. Checks everything before writing anything, so on an
   * exception the parameters are unchanged.
   *
   * @param tensors tensor name to tensor, e.g. {@link TensorFile#tensors()}; names starting with
   *     {@link #OPTIMIZER_PREFIX} or {@link #STATE_PREFIX} are ignored
   * @param params the parameters to overwrite, registered by the model the tensors belong to
   * @throws IOException if a parameter's tensor is missing or has another shape, or a tensor is not
   *     a parameter's; the message names the tensors and shapes
   * @throws IllegalArgumentException if a parameter name starts with a reserved prefix
   */
  public static void load(Map<String, Tensor> tensors, Parameters params) throws IOException {
    List<Runnable> writes = resolve(tensors, params);
    for (Runnable write : writes) {
      write.run();
    }
  }

  /**
   * Checks that the tensors fit the parameters and returns the writes that {@link #load} applies.
   */
  static List<Runnable> resolve(Map<String, Tensor> tensors, Parameters params) throws IOException {
    Objects.requireNonNull(tensors, "tensors");
    Objects.requireNonNull(params, "params");
    float[] values = params.values();
    List<Runnable> writes = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, Tensor> unused = new LinkedHashMap<>(tensors);
    for (Param p : params.list()) {
      checkNotReserved(p);
      String[] biasNames = pytorchBiasNames(p, params);
      if (biasNames == null) {
        Tensor value = take(unused, p.name(), p.shape(), missing);
        if (value != null) {
          writes.add(() -> System.arraycopy(value.data(), 0, values, p.offset(), p.size()));
        }
      } else {
        Tensor ih = take(unused, biasNames[0], p.shape(), missing);
        Tensor hh = take(unused, biasNames[1], p.shape(), missing);
        if (ih != null && hh != null) {
          writes.add(
              () -> {
                float[] a = ih.data();
                float[] b = hh.data();
                for (int i = 0; i < a.length; i++) {
                  values[p.offset() + i] = a[i] + b[i];
                }
              });
        }
      }
    }
    List<String> unexpected = unused.keySet().stream().filter(name -> !isReserved(name)).toList();
    if (!missing.isEmpty()) {
      // Unmatched tensors usually explain it: another prefix, or a model of another kind.
      throw new IOException(
          "model file must have a tensor for every parameter, got none for "
              + list(missing)
              + (unexpected.isEmpty() ? "" : "; unmatched tensors: " + list(quoted(unexpected))));
    }
    if (!unexpected.isEmpty()) {
      throw new IOException(
          "model file must hold only the model's parameters, got unexpected tensors "
              + list(quoted(unexpected))
              + "; the model has "
              + params.list().size()
              + " parameters");
    }
    return writes;
  }

  /** Removes the named tensor from {@code unused} and checks its shape; records it if absent. */
  private static Tensor take(
      Map<String, Tensor> unused, String name, int[] shape, List<String> missing)
      throws IOException {
    Tensor tensor = unused.remove(name);
    if (tensor == null) {
      missing.add(quote(name) + " " + Tensor.shapeString(shape));
      return null;
    }
    if (!tensor.hasShape(shape)) {
      throw new IOException(
          "tensor "
              + quote(name)
              + " must have shape "
              + Tensor.shapeString(shape)
              + ", got "
              + Tensor.shapeString(tensor.shape()));
    }
    return tensor;
  }

  /**
   * Checks, before a model is built from a config read from a file, that the file's model tensors
   * hold at least as many values as the model will allocate. A forged config (a huge {@code
   * hiddenSize} or {@code numLayers}) then fails here instead of allocating more than the file
   * holds; {@link #load} afterwards checks every shape exactly.
   *
   * @param tensors the file's tensors; reserved-prefix tensors do not count
   * @param parameterCount the number of values the model built from the config will have, e.g.
   *     {@link io.github.lstm4j.core.nn.LstmConfig#parameterCount()} plus the head's
   * @throws IOException if the tensors hold fewer values than {@code parameterCount}
   * @throws IllegalArgumentException if {@code parameterCount} is negative
   */
  public static void checkFits(Map<String, Tensor> tensors, long parameterCount)
      throws IOException {
    Objects.requireNonNull(tensors, "tensors");
    Checks.argument(parameterCount >= 0, "parameterCount must be >= 0, got " + parameterCount);
    long held = 0;
    for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
      if (!isReserved(entry.getKey())) {
        held += entry.getValue().size();
      }
    }
    if (held < parameterCount) {
      throw new IOException(
          "config must fit the model file's tensors, got a config of "
              + parameterCount
              + " parameter values for tensors that hold "
              + held);
    }
  }

  /**
   * Tells whether {@link #load} ignores a tensor of this name.
   *
   * @param name a tensor name
   * @return true if it starts with {@link #OPTIMIZER_PREFIX} or {@link #STATE_PREFIX}
   */
  public static boolean isReserved(String name) {
    return name.startsWith(OPTIMIZER_PREFIX) || name.startsWith(STATE_PREFIX);
  }

  private static void checkNotReserved(Param p) {
    Checks.argument(
        !isReserved(p.name()),
        "parameter names must not start with \""
            + OPTIMIZER_PREFIX
            + "\" or \""
            + STATE_PREFIX
            + "\", which model files reserve, got \""
            + p.name()
            + "\"");
  }

  /** PyTorch's {bias_ih, bias_hh} names for an LSTM bias parameter, or null for any other. */
  private static String[] pytorchBiasNames(Param p, Parameters params) {
    Matcher m = LSTM_BIAS.matcher(p.name());
    if (!m.matches()) {
      return null;
    }
    String prefix = m.group(1);
    String suffix = "_l" + m.group(2) + (m.group(3) == null ? "" : m.group(3));
    if (p.shape().length != 1 || !params.contains(prefix + "weight_hh" + suffix)) {
      return null;
    }
    return new String[] {prefix + "bias_ih" + suffix, prefix + "bias_hh" + suffix};
  }

  /** Lists up to {@link #LISTED_NAMES} items, then says how many more there are. */
  private static String list(List<String> items) {
    String shown = String.join(", ", items.subList(0, Math.min(LISTED_NAMES, items.size())));
    int more = items.size() - LISTED_NAMES;
    return "[" + shown + "]" + (more > 0 ? " and " + more + " more" : "");
  }

  private static List<String> quoted(List<String> names) {
    return names.stream().map(StateDict::quote).toList();
  }

  private static String quote(String name) {
    return Json.write(Json.abbreviate(name));
  }
}
