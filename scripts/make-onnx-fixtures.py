#!/usr/bin/env python3
"""Writes the ONNX test fixtures under test/fixtures/onnx/ (committed; run again to regenerate).

  /usr/bin/python3 scripts/make-onnx-fixtures.py

Needs Debian's python3-onnx and libonnx-testdata. It writes:

* libonnx/<case>.onnx: every 1-D/2-D Conv, ConvTranspose, pooling, BatchNorm and Linear case of
  libonnx-testdata's pytorch-converted and pytorch-operator sets (real PyTorch exports, < 2 KB
  each), and libonnx/manifest.json with the MACs and parameters derived here from each file's own
  shapes: weight dims from the initializers, output dims from the case's expected output tensor
  (test_data_set_0/output_0.pb), never from Archscope's code.
* resnet50.onnx and mobilenet_v2.onnx: the torchvision architectures built node by node with
  onnx.helper, weights as initializers whose data is external (a file that is not shipped), so
  each file is a few tens of KB. resnet50.onnx also carries value_info from ONNX's own shape
  inference; mobilenet_v2.onnx has none (Archscope infers every shape).
* densenet121.onnx: torchvision's DenseNet-121 the same way (no value_info), its Concat copies
  included, to check the imported graph's edges and simulated cost against the zoo's.
* patterns.onnx: a small graph with squeeze-excite, auto_pad SAME_UPPER, dilation, ConvTranspose,
  Resize, Concat, a Shape→Gather→Unsqueeze→Concat→Reshape chain, Transpose, MatMul + Add, LSTM
  and GRU, with tiny real weights; patterns.json holds its expected MACs per layer.
"""

import glob
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "onnx")
DATA = "/usr/share/libonnx-testdata/data"
PREFIXES = ("Conv", "AvgPool", "MaxPool", "BatchNorm", "Linear", "operator_conv", "operator_maxpool",
            "operator_addmm", "operator_mm")


def prod(xs):
    out = 1
    for x in xs:
        out *= int(x)
    return out


def attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def libonnx_cases():
    os.makedirs(os.path.join(ROOT, "libonnx"), exist_ok=True)
    manifest = {}
    for path in sorted(glob.glob(f"{DATA}/pytorch-*/test_*/model.onnx")):
        case = os.path.basename(os.path.dirname(path))[len("test_"):]
        if not case.startswith(PREFIXES):
            continue
        model = onnx.load(path)
        out = numpy_helper.to_array(onnx.load_tensor(os.path.join(os.path.dirname(path), "test_data_set_0", "output_0.pb")))
        if out.ndim == 5 and any(n.op_type != "BatchNormalization" for n in model.graph.node):  # 3-D ops: the Layer IR is 2-D; the importer refuses them by name
            manifest[case] = {"refused": "3-D"}
            shutil.copy(path, os.path.join(ROOT, "libonnx", f"{case}.onnx"))
            continue
        inits = {t.name: list(t.dims) for t in model.graph.initializer}
        # shapes of activations from ONNX's own shape inference (used for Gemm/MatMul operands)
        inferred = onnx.shape_inference.infer_shapes(model).graph
        for v in list(inferred.input) + list(inferred.value_info) + list(inferred.output):
            inits.setdefault(v.name, [d.dim_value for d in v.type.tensor_type.shape.dim])
        macs = 0
        params = 0
        for node in model.graph.node:
            a = attrs(node)
            if node.op_type == "Conv":
                w = inits[node.input[1]]
                # output N, K, spatial...: each output element sums C/g × kernel products
                macs += prod(out.shape) * prod(w[1:])
                params += prod(w) + (w[0] if len(node.input) > 2 else 0)
            elif node.op_type == "ConvTranspose":
                w = inits[node.input[1]]
                x = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
                # every input element scatters into K/g × kernel outputs
                macs += prod(x) * prod(w[1:]) * a.get("group", 1)
                params += prod(w) + (w[1] * a.get("group", 1) if len(node.input) > 2 else 0)
            elif node.op_type in ("Gemm", "MatMul"):
                b = inits[node.input[1]]
                k_in, k_out = (b[1], b[0]) if a.get("transB", 0) else (b[0], b[1])
                m = prod(out.shape) // k_out
                macs += m * k_in * k_out
                params += k_in * k_out + (k_out if len(node.input) > 2 else 0)
            elif node.op_type == "BatchNormalization":
                params += 2 * inits[node.input[1]][0]
        manifest[case] = {"macs": macs, "params": params, "output": list(out.shape)}
        shutil.copy(path, os.path.join(ROOT, "libonnx", f"{case}.onnx"))
    with open(os.path.join(ROOT, "libonnx", "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")


class Graph:
    """Builds a graph with external-data (or tiny real) initializers."""

    def __init__(self, external=None):
        self.nodes, self.inits, self.external, self.count = [], [], external, {}

    def name(self, p):
        self.count[p] = self.count.get(p, 0) + 1
        return f"{p}{self.count[p]}"

    def weight(self, dims, name=None):
        name = name or self.name("w")
        if self.external:
            t = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=dims)
            t.data_location = TensorProto.EXTERNAL
            for k, v in (("location", self.external), ("offset", "0"), ("length", str(4 * prod(dims)))):
                e = t.external_data.add()
                e.key, e.value = k, v
        else:
            t = numpy_helper.from_array(np.zeros(dims, dtype=np.float32), name)
        self.inits.append(t)
        return name

    def const(self, values, dtype=np.int64):
        name = self.name("c")
        self.inits.append(numpy_helper.from_array(np.array(values, dtype=dtype), name))
        return name

    def op(self, op_type, inputs, n_out=1, **kw):
        outs = [self.name(op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=outs[0], **kw))
        return outs[0] if n_out == 1 else outs

    def conv(self, x, cin, cout, k, stride=1, groups=1, bias=False, bn=True, act="Relu", pad=None):
        pad = (k // 2) if pad is None else pad
        ins = [x, self.weight([cout, cin // groups, k, k])]
        if bias:
            ins.append(self.weight([cout]))
        y = self.op("Conv", ins, kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4, group=groups)
        if bn:
            y = self.op("BatchNormalization", [y] + [self.weight([cout]) for _ in range(4)])
        if act == "Relu":
            y = self.op("Relu", [y])
        elif act == "Relu6":
            y = self.op("Clip", [y, self.const(0.0, np.float32), self.const(6.0, np.float32)])
        return y

    def model(self, name, x_dims, out, out_dims):
        g = helper.make_graph(self.nodes, name, [helper.make_tensor_value_info("input", TensorProto.FLOAT, x_dims)],
                              [helper.make_tensor_value_info(out, TensorProto.FLOAT, out_dims)], self.inits)
        return helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="make-onnx-fixtures")


def resnet50():
    g = Graph(external="resnet50.weights")
    x = g.conv("input", 3, 64, 7, stride=2, pad=3)
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cin = 64
    for width, blocks, stride in ((64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)):
        for b in range(blocks):
            s = stride if b == 0 else 1
            y = g.conv(x, cin, width, 1, pad=0)
            y = g.conv(y, width, width, 3, stride=s)  # torchvision v1.5: the stride is on the 3×3
            y = g.conv(y, width, width * 4, 1, pad=0, act=None)
            short = g.conv(x, cin, width * 4, 1, stride=s, pad=0, act=None) if b == 0 else x
            x = g.op("Relu", [g.op("Add", [y, short])])
            cin = width * 4
    x = g.op("Flatten", [g.op("GlobalAveragePool", [x])], axis=1)
    x = g.op("Gemm", [x, g.weight([1000, 2048]), g.weight([1000])], transB=1)
    m = g.model("resnet50", [1, 3, 224, 224], x, [1, 1000])
    return onnx.shape_inference.infer_shapes(m)


def mobilenet_v2():
    g = Graph(external="mobilenet_v2.weights")
    x = g.conv("input", 3, 32, 3, stride=2, act="Relu6")
    cin = 32
    for t, c, n, s in ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                       (6, 320, 1, 1)):
        for i in range(n):
            stride = s if i == 0 else 1
            hidden = cin * t
            y = x if t == 1 else g.conv(x, cin, hidden, 1, pad=0, act="Relu6")
            y = g.conv(y, hidden, hidden, 3, stride=stride, groups=hidden, act="Relu6")
            y = g.conv(y, hidden, c, 1, pad=0, act=None)
            x = g.op("Add", [x, y]) if stride == 1 and cin == c else y
            cin = c
    x = g.conv(x, 320, 1280, 1, pad=0, act="Relu6")
    x = g.op("Flatten", [g.op("GlobalAveragePool", [x])], axis=1)
    x = g.op("Gemm", [g.op("Dropout", [x]), g.weight([1000, 1280]), g.weight([1000])], transB=1)
    return g.model("mobilenet_v2", [1, 3, 224, 224], x, [1, 1000])


def densenet121():
    """torchvision densenet121's layers in the zoo's order (src/core/workload/zoo/densenet.ts): each
    dense layer BN-ReLU-conv 1×1 (128) -BN-ReLU-conv 3×3 (32), then a Concat of the block so far and
    the 32 new channels. (torchvision's own export concatenates the whole feature list at the start
    of each layer instead; the channels, MACs and parameters are the same.)"""
    g = Graph(external="densenet121.weights")

    def bn_relu(x, c):
        return g.op("Relu", [g.op("BatchNormalization", [x] + [g.weight([c]) for _ in range(4)])])

    x = g.conv("input", 3, 64, 7, stride=2, pad=3)
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    c = 64
    for bi, n in enumerate((6, 12, 24, 16)):
        for _ in range(n):
            y = g.conv(bn_relu(x, c), c, 128, 1, pad=0)
            y = g.conv(y, 128, 32, 3, pad=1, bn=False, act=None)
            x = g.op("Concat", [x, y], axis=1)
            c += 32
        if bi < 3:
            x = g.conv(bn_relu(x, c), c, c // 2, 1, pad=0, bn=False, act=None)
            x = g.op("AveragePool", [x], kernel_shape=[2, 2], strides=[2, 2])
            c //= 2
    x = g.op("Flatten", [g.op("GlobalAveragePool", [bn_relu(x, c)])], axis=1)
    x = g.op("Gemm", [x, g.weight([1000, c]), g.weight([1000])], transB=1)
    return g.model("densenet121", [1, 3, 224, 224], x, [1, 1000])


def patterns():
    """Each pattern with its MACs worked out by hand (N = 1)."""
    g = Graph()
    expect = []
    x = g.op("Conv", ["input", g.weight([16, 3, 3, 3])], auto_pad="SAME_UPPER", strides=[2, 2])
    expect.append(("SAME_UPPER conv 3→16 3×3/2 on 32×32 → 16×16", 16 * 16 * 16 * 3 * 9))
    x = g.op("Conv", [x, g.weight([16, 16, 3, 3])], dilations=[2, 2], pads=[2, 2, 2, 2])
    expect.append(("dilated 3×3 d2, 16×16 kept", 16 * 16 * 16 * 16 * 9))
    sq = g.op("GlobalAveragePool", [x])
    s1 = g.op("Relu", [g.op("Conv", [sq, g.weight([4, 16, 1, 1]), g.weight([4])])])
    s2 = g.op("Sigmoid", [g.op("Conv", [s1, g.weight([16, 4, 1, 1]), g.weight([16])])])
    x = g.op("Mul", [x, s2])
    expect += [("SE pool", 0), ("SE fc 16→4", 64), ("SE fc 4→16", 64), ("SE gate", 0)]
    up = g.op("Resize", [x, "", g.const([1, 1, 2, 2], np.float32)], mode="nearest")
    d = g.op("ConvTranspose", [x, g.weight([16, 8, 2, 2])], strides=[2, 2])
    expect.append(("ConvTranspose 16→8 2×2/2 on 16×16", 16 * 16 * 16 * 8 * 4))
    x = g.op("Concat", [up, d], axis=1)  # 24 × 32 × 32, a copy layer
    expect.append(("concat copy", 0))
    x = g.op("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2])  # 24 × 16 × 16
    expect.append(("maxpool", 0))
    shape = g.op("Shape", [x])
    n = g.op("Unsqueeze", [g.op("Gather", [shape, g.const(0)], axis=0), g.const([0])])
    x = g.op("Reshape", [x, g.op("Concat", [n, g.const([24, 256])], axis=0)])  # [1, 24, 256]
    x = g.op("Transpose", [x], perm=[0, 2, 1])  # [1, 256, 24]
    x = g.op("Add", [g.op("MatMul", [x, g.weight([24, 10])]), g.weight([10])])  # [1, 256, 10]
    expect.append(("MatMul at 256 positions 24→10", 256 * 24 * 10))
    seq = g.op("Transpose", [x], perm=[1, 0, 2])  # [T=256, B=1, 10]
    y, _, _ = g.op("LSTM", [seq, g.weight([1, 32, 10]), g.weight([1, 32, 8]), g.weight([1, 64])], n_out=3, hidden_size=8)
    expect.append(("LSTM 10→8 over 256 steps", 256 * 4 * 8 * (10 + 8)))
    y = g.op("Squeeze", [y, g.const([1])])  # [256, 1, 8]
    z, _ = g.op("GRU", [y, g.weight([2, 18, 8]), g.weight([2, 18, 6])], n_out=2, hidden_size=6, direction="bidirectional")
    expect += [("GRU fw W", 256 * 18 * 8), ("GRU fw R", 256 * 18 * 6), ("GRU bw W", 256 * 18 * 8),
               ("GRU bw R", 256 * 18 * 6)]
    m = g.model("patterns", [1, 3, 32, 32], z, [256, 2, 1, 6])
    onnx.checker.check_model(m)
    return m, expect


def main():
    os.makedirs(ROOT, exist_ok=True)
    libonnx_cases()
    onnx.save(resnet50(), os.path.join(ROOT, "resnet50.onnx"))
    onnx.save(mobilenet_v2(), os.path.join(ROOT, "mobilenet_v2.onnx"))
    onnx.save(densenet121(), os.path.join(ROOT, "densenet121.onnx"))
    m, expect = patterns()
    onnx.save(m, os.path.join(ROOT, "patterns.onnx"))
    with open(os.path.join(ROOT, "patterns.json"), "w") as f:
        json.dump([{"what": w, "macs": v} for w, v in expect], f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
