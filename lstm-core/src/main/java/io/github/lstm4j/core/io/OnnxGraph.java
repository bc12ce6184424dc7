package io.github.lstm4j.core.io;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph being written: nodes, initializers, inputs and outputs appended as protobuf fields
 * of one {@code GraphProto}, then wrapped in a {@code ModelProto} by {@link #toModel}. The field
 * numbers are those of {@code onnx/onnx.proto} (IR version 7, ONNX 1.9); protobuf allows a
 * message's fields in any order and keeps the order of each repeated field, so nodes and
 * initializers are written as they come.
 *
 * <p>It knows ONNX's messages, not any operator: {@link OnnxExport} decides the graph.
 */
final class OnnxGraph {
  /** {@code TensorProto.DataType.FLOAT}. */
  static final int FLOAT = 1;

  /** {@code TensorProto.DataType.INT64}. */
  static final int INT64 = 7;

  // ModelProto
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_DOC_STRING = 6;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  private static final int MODEL_METADATA_PROPS = 14;
  // OperatorSetIdProto (domain 1 is left out: the default "ai.onnx" domain)
  private static final int OPSET_VERSION = 2;
  // StringStringEntryProto
  private static final int ENTRY_KEY = 1;
  private static final int ENTRY_VALUE = 2;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto and its AttributeType values
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_I = 3;
  private static final int ATTRIBUTE_S = 4;
  private static final int ATTRIBUTE_INTS = 8;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int TYPE_INT = 2;
  private static final int TYPE_STRING = 3;
  private static final int TYPE_INTS = 7;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;

  /**
   * One dimension of a graph input or output: a fixed size, or a named size bound at run time.
   *
   * @param param the symbolic name ({@code "seqLen"}), or empty for a fixed size
   * @param value the fixed size, when {@code param} is empty
   */
  record Dim(String param, long value) {
    static Dim of(long value) {
      return new Dim("", value);
    }

    static Dim named(String param) {
      return new Dim(param, 0);
    }
  }

  private final ProtobufWriter graph = new ProtobufWriter();
  private final Set<String> constants = new HashSet<>();
  private int nodes;

  OnnxGraph(String name) {
    graph.string(GRAPH_NAME, name);
  }

  /** Appends a node named {@code <opType>_<n>}; an empty input name skips an optional input. */
  void node(String opType, String[] inputs, String[] outputs, ProtobufWriter... attributes) {
    ProtobufWriter node = new ProtobufWriter();
    for (String input : inputs) {
      node.string(NODE_INPUT, input);
    }
    for (String output : outputs) {
      node.string(NODE_OUTPUT, output);
    }
    node.string(NODE_NAME, opType + "_" + nodes++).string(NODE_OP_TYPE, opType);
    for (ProtobufWriter attribute : attributes) {
      node.message(NODE_ATTRIBUTE, attribute);
    }
    graph.message(GRAPH_NODE, node);
  }

  /** An {@code int} attribute. */
  static ProtobufWriter intAttribute(String name, long value) {
    return new ProtobufWriter()
        .string(ATTRIBUTE_NAME, name)
        .varint(ATTRIBUTE_I, value)
        .varint(ATTRIBUTE_TYPE, TYPE_INT);
  }

  /** An {@code ints} attribute, written unpacked as ONNX's own (proto2) serializer writes it. */
  static ProtobufWriter intsAttribute(String name, long... values) {
    ProtobufWriter attribute = new ProtobufWriter().string(ATTRIBUTE_NAME, name);
    for (long value : values) {
      attribute.varint(ATTRIBUTE_INTS, value);
    }
    return attribute.varint(ATTRIBUTE_TYPE, TYPE_INTS);
  }

  /** A {@code string} attribute. */
  static ProtobufWriter stringAttribute(String name, String value) {
    return new ProtobufWriter()
        .string(ATTRIBUTE_NAME, name)
        .string(ATTRIBUTE_S, value)
        .varint(ATTRIBUTE_TYPE, TYPE_STRING);
  }

  /** Appends a float initializer whose values are {@code values[offset .. offset + Π dims)}. */
  void floatInitializer(String name, float[] values, int offset, long... dims) {
    long count = 1;
    for (long dim : dims) {
      count *= dim;
    }
    graph.message(
        GRAPH_INITIALIZER,
        tensorHeader(name, FLOAT, dims)
            .floatsLittleEndian(TENSOR_RAW_DATA, values, offset, Math.toIntExact(count)));
  }

  /**
   * Appends an int64 initializer the first time a name is used, and returns the name; {@code dims}
   * empty makes it a scalar. Later calls with the same name must pass the same values.
   */
  String longConstant(String name, long[] values, long... dims) {
    if (constants.add(name)) {
      graph.message(
          GRAPH_INITIALIZER,
          tensorHeader(name, INT64, dims).longsLittleEndian(TENSOR_RAW_DATA, values));
    }
    return name;
  }

  /** Appends an int64 scalar initializer the first time a name is used, and returns the name. */
  String longConstant(String name, long value) {
    return longConstant(name, new long[] {value});
  }

  /** Appends a 1-D float initializer the first time a name is used, and returns the name. */
  String floatConstant(String name, float... values) {
    if (constants.add(name)) {
      floatInitializer(name, values, 0, values.length);
    }
    return name;
  }

  private static ProtobufWriter tensorHeader(String name, int dataType, long[] dims) {
    ProtobufWriter tensor = new ProtobufWriter();
    for (long dim : dims) {
      tensor.varint(TENSOR_DIMS, dim);
    }
    return tensor.varint(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, name);
  }

  /** Declares a graph input. */
  void input(String name, int elemType, Dim... dims) {
    graph.message(GRAPH_INPUT, valueInfo(name, elemType, dims));
  }

  /** Declares a graph output. */
  void output(String name, int elemType, Dim... dims) {
    graph.message(GRAPH_OUTPUT, valueInfo(name, elemType, dims));
  }

  private static ProtobufWriter valueInfo(String name, int elemType, Dim[] dims) {
    ProtobufWriter shape = new ProtobufWriter();
    for (Dim dim : dims) {
      ProtobufWriter d = new ProtobufWriter();
      if (dim.param().isEmpty()) {
        d.varint(DIM_VALUE, dim.value());
      } else {
        d.string(DIM_PARAM, dim.param());
      }
      shape.message(SHAPE_DIM, d);
    }
    ProtobufWriter tensorType =
        new ProtobufWriter()
            .varint(TENSOR_TYPE_ELEM_TYPE, elemType)
            .message(TENSOR_TYPE_SHAPE, shape);
    return new ProtobufWriter()
        .string(VALUE_INFO_NAME, name)
        .message(VALUE_INFO_TYPE, new ProtobufWriter().message(TYPE_TENSOR_TYPE, tensorType));
  }

  /**
   * Wraps the graph in a model of the given IR version importing one opset of the default domain.
   */
  byte[] toModel(
      long irVersion, long opsetVersion, String docString, Map<String, String> metadata) {
    ProtobufWriter model =
        new ProtobufWriter()
            .varint(MODEL_IR_VERSION, irVersion)
            .string(MODEL_PRODUCER_NAME, "lstm4j")
            .string(MODEL_DOC_STRING, docString)
            .message(MODEL_GRAPH, graph)
            .message(MODEL_OPSET_IMPORT, new ProtobufWriter().varint(OPSET_VERSION, opsetVersion));
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      model.message(
          MODEL_METADATA_PROPS,
          new ProtobufWriter()
              .string(ENTRY_KEY, entry.getKey())
              .string(ENTRY_VALUE, entry.getValue()));
    }
    return model.toByteArray();
  }
}
