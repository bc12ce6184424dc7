#!/usr/bin/env bash
# lstm4j vs ONNX Runtime on W3 and W4, alternating process by process: side_by_side.sh --against ort
# (see it for every option). ORT runs the model lstm4j exports with OnnxExport (opset 14), through
# the ORT Java API with all graph optimizations, denormals as zero and `threads` intra-op threads.
# Time it under the machine's benchmark lock:
#   flock /tmp/lstm4j-bench.lock benchmarks/ort_side_by_side.sh [--threads 1,2] [--rounds 2]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/side_by_side.sh" --against ort --workloads W3,W4 "$@"
