# Checks Triton model repository entries with the official ONNX tools, not Lepton's code.
# Args: entry folders, each holding config.pbtxt and 1/model.onnx. Prints one JSON object:
# folder -> {"graph": {inputs, outputs}, "config": {inputs, outputs}} after
# onnx.checker.check_model(full_check=True) and strict shape inference passed (else exits 1).
import json
import os
import sys

import onnx
from google.protobuf import descriptor_pb2, descriptor_pool, text_format

try:
    from google.protobuf.message_factory import GetMessageClass
except ImportError:  # protobuf < 4
    from google.protobuf.message_factory import MessageFactory

    def GetMessageClass(descriptor):
        return MessageFactory().GetPrototype(descriptor)


def triton_model_config():
    """The fields of Triton's ModelConfig (model_config.proto) that a Lepton config may use."""
    f = descriptor_pb2.FileDescriptorProto(name="triton_subset.proto", package="inference")
    dt = f.enum_type.add(name="DataType")
    for i, n in enumerate(["TYPE_INVALID", "TYPE_BOOL", "TYPE_UINT8", "TYPE_UINT16", "TYPE_UINT32",
                           "TYPE_UINT64", "TYPE_INT8", "TYPE_INT16", "TYPE_INT32", "TYPE_INT64",
                           "TYPE_FP16", "TYPE_FP32", "TYPE_FP64", "TYPE_STRING", "TYPE_BF16"]):
        dt.value.add(name=n, number=i)
    T = descriptor_pb2.FieldDescriptorProto
    def msg(name, fields):
        m = f.message_type.add(name=name)
        for number, (fname, ftype, label, tname) in enumerate(fields, start=1):
            fd = m.field.add(name=fname, number=number, type=ftype, label=label)
            if tname:
                fd.type_name = tname
        return m
    one, many = T.LABEL_OPTIONAL, T.LABEL_REPEATED
    msg("ModelInput", [("name", T.TYPE_STRING, one, None),
                       ("data_type", T.TYPE_ENUM, one, ".inference.DataType"),
                       ("dims", T.TYPE_INT64, many, None)])
    msg("ModelOutput", [("name", T.TYPE_STRING, one, None),
                        ("data_type", T.TYPE_ENUM, one, ".inference.DataType"),
                        ("dims", T.TYPE_INT64, many, None)])
    g = msg("ModelInstanceGroup", [("name", T.TYPE_STRING, one, None),
                                   ("kind", T.TYPE_ENUM, one, ".inference.ModelInstanceGroup.Kind"),
                                   ("count", T.TYPE_INT32, one, None)])
    k = g.enum_type.add(name="Kind")
    for i, n in enumerate(["KIND_AUTO", "KIND_GPU", "KIND_CPU", "KIND_MODEL"]):
        k.value.add(name=n, number=i)
    msg("ModelConfig", [("name", T.TYPE_STRING, one, None),
                        ("platform", T.TYPE_STRING, one, None),
                        ("max_batch_size", T.TYPE_INT32, one, None),
                        ("input", T.TYPE_MESSAGE, many, ".inference.ModelInput"),
                        ("output", T.TYPE_MESSAGE, many, ".inference.ModelOutput"),
                        ("instance_group", T.TYPE_MESSAGE, many, ".inference.ModelInstanceGroup")])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    return GetMessageClass(pool.FindMessageTypeByName("inference.ModelConfig"))


ONNX_TO_TRITON = {onnx.TensorProto.FLOAT: "TYPE_FP32"}


def graph_tensors(values):
    out = []
    for v in values:
        t = v.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") else -1 for d in t.shape.dim]
        out.append({"name": v.name, "data_type": ONNX_TO_TRITON.get(t.elem_type, str(t.elem_type)),
                    "dims": dims})
    return out


def config_tensors(tensors, data_type):
    return [{"name": t.name, "data_type": data_type.values_by_number[t.data_type].name,
             "dims": list(t.dims)} for t in tensors]


ModelConfig = triton_model_config()
report = {}
for folder in sys.argv[1:]:
    model = onnx.load(os.path.join(folder, "1", "model.onnx"))
    onnx.checker.check_model(model, full_check=True)
    onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    config = ModelConfig()
    with open(os.path.join(folder, "config.pbtxt")) as f:
        text_format.Parse(f.read(), config)
    data_type = ModelConfig.DESCRIPTOR.file.pool.FindEnumTypeByName("inference.DataType")
    report[folder] = {
        "ops": sorted({n.op_type for n in model.graph.node}),
        "graph": {"inputs": graph_tensors(model.graph.input),
                  "outputs": graph_tensors(model.graph.output)},
        "config": {"name": config.name, "platform": config.platform,
                   "inputs": config_tensors(config.input, data_type),
                   "outputs": config_tensors(config.output, data_type)},
    }
print(json.dumps(report))
