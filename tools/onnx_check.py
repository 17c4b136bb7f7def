#!/usr/bin/python3
"""ONNX's own checker over exported files: python3 tools/onnx_check.py FILE.onnx...

Uses Debian's python3-onnx (apt-get install python3-onnx). full_check also runs ONNX's shape inference, so a node
whose inputs do not fit its operator's type and shape rules is refused. Prints one line per file; exit 1 if any fails.
"""
import sys

import onnx

failed = 0
for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        ops = sorted({node.op_type for node in model.graph.node})
        print(f"{path}: accepted (IR {model.ir_version}, opset {model.opset_import[0].version}; {len(model.graph.node)} nodes: {' '.join(ops)})")
    except Exception as error:  # the checker's own error types differ between versions
        failed += 1
        print(f"{path}: refused: {error}".splitlines()[0])
print(f"{len(sys.argv) - 1 - failed} of {len(sys.argv) - 1} files accepted by onnx.checker {onnx.__version__}")
sys.exit(1 if failed else 0)
