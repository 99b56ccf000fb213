package ai.lepton.onnx;

import ai.lepton.LeptonVersion;
import ai.lepton.onnx.proto.Onnx.AttributeProto;
import ai.lepton.onnx.proto.Onnx.GraphProto;
import ai.lepton.onnx.proto.Onnx.ModelProto;
import ai.lepton.onnx.proto.Onnx.NodeProto;
import ai.lepton.onnx.proto.Onnx.OperatorSetIdProto;
import ai.lepton.onnx.proto.Onnx.StringStringEntryProto;
import ai.lepton.onnx.proto.Onnx.TensorProto;
import ai.lepton.onnx.proto.Onnx.TensorShapeProto;
import ai.lepton.onnx.proto.Onnx.TypeProto;
import ai.lepton.onnx.proto.Onnx.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Builds one ONNX graph: constant tensors, nodes in topological order, the {@code features} input
 * and the {@code output} output, at {@link OnnxVersions}' IR version and operator set. Tensors are
 * stored as little-endian {@code raw_data}.
 */
public final class GraphBuilder {

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final ModelProto.Builder model = ModelProto.newBuilder();
  private int nodes;
  private boolean microsoftDomain;

  /** A graph named {@code name} taking {@code inputs} features and giving {@code outputs}. */
  public GraphBuilder(String name, int inputs, int outputs) {
    graph.setName(name);
    graph.addInput(floatMatrix(OnnxVersions.INPUT, inputs));
    graph.addOutput(floatMatrix(OnnxVersions.OUTPUT, outputs));
  }

  /** A float constant of the given shape. */
  public String floats(String name, float[] values, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return constant(name, TensorProto.DataType.FLOAT, b.array(), dims);
  }

  /** An int8 constant of the given shape. */
  public String int8(String name, byte[] values, long... dims) {
    return constant(name, TensorProto.DataType.INT8, values, dims);
  }

  /** A uint8 constant of the given shape (values taken as unsigned). */
  public String uint8(String name, byte[] values, long... dims) {
    return constant(name, TensorProto.DataType.UINT8, values, dims);
  }

  private String constant(String name, TensorProto.DataType type, byte[] raw, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.getNumber())
            .setRawData(ByteString.copyFrom(raw));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Adds a node of the default domain and returns the name of its (first) output. */
  public String node(String op, String[] inputs, String[] outputs, Map<String, Object> attrs) {
    return node("", op, inputs, outputs, attrs);
  }

  /** Adds a node of the default domain with one output. */
  public String node(String op, String output, String... inputs) {
    return node(op, inputs, new String[] {output}, Map.of());
  }

  /** Adds a node of {@code domain} ({@code com.microsoft} for ONNX Runtime's contrib ops). */
  public String node(
      String domain, String op, String[] inputs, String[] outputs, Map<String, Object> attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + nodes++);
    if (!domain.isEmpty()) {
      n.setDomain(domain);
      microsoftDomain = true;
    }
    for (String i : inputs) {
      n.addInput(i);
    }
    for (String o : outputs) {
      n.addOutput(o);
    }
    attrs.forEach((k, v) -> n.addAttribute(attribute(k, v)));
    graph.addNode(n);
    return outputs[0];
  }

  /** A metadata entry of the model ({@code metadata_props}). */
  public GraphBuilder metadata(String key, String value) {
    model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value));
    return this;
  }

  /** The finished model as ONNX bytes. */
  public byte[] build() {
    model
        .setIrVersion(OnnxVersions.IR_VERSION)
        .setProducerName(OnnxVersions.PRODUCER)
        .setProducerVersion(LeptonVersion.lepton())
        .addOpsetImport(
            OperatorSetIdProto.newBuilder().setDomain("").setVersion(OnnxVersions.OPSET));
    if (microsoftDomain) {
      model.addOpsetImport(
          OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1));
    }
    return model.setGraph(graph).build().toByteArray();
  }

  private static AttributeProto attribute(String name, Object value) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
    if (value instanceof Integer || value instanceof Long) {
      a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
    } else if (value instanceof Float || value instanceof Double) {
      a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) value).floatValue());
    } else {
      // Invariant, not user input: Lepton's own graph code passes only numbers.
      throw new IllegalArgumentException("unsupported attribute " + name + " = " + value);
    }
    return a.build();
  }

  private static ValueInfoProto floatMatrix(String name, int columns) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns))
            .build();
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(
                TypeProto.Tensor.newBuilder()
                    .setElemType(TensorProto.DataType.FLOAT.getNumber())
                    .setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }
}
