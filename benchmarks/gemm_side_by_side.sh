#!/usr/bin/env bash
# lstm4j's matrix kernels vs OpenBLAS sgemm (through numpy) at the LSTM shapes of issue 6, measured
# ALTERNATELY in one run: for each round, shape and thread count, a JMH run of GemmBenchmark, then
# numpy's matmul on the same shapes and storage; then one table of GFLOP/s (median of the rounds)
# and their ratio.
#
#   shape (C = A·op(B))        lstm4j product             where the LSTM runs it
#   3200×256 · 256×1024        mult-3200x1024x256          input projection of W1, T·B = 3200 rows
#   64×512 · 512×2048          multAddPacked-64x2048x512   W1b's recurrent step, W_hhᵀ packed once
#   64×512 · (2048×512)ᵀ       multAddTransB-64x2048x512   the same product with W_hh as stored
#   128×156 · (512×156)ᵀ       multTransB-128x512x156      a row-LSTM step (I + H = 156)
#
# numpy multiplies the same storage (B or Bᵀ of a stored (n, k) array), into a preallocated C.
# FLOPs are 2·m·n·k per product on both sides.
#
# Prerequisites (this script builds and installs nothing):
#   - benchmarks/target/benchmarks.jar: mvn -B -q package -DskipTests
#   - /usr/bin/python3 with numpy on OpenBLAS (Debian: python3-numpy libopenblas0-pthread)
#
# Usage (from anywhere):
#   benchmarks/gemm_side_by_side.sh [--threads 1,2] [--rounds 2] [--jdk java|JAVA_HOME|path/to/java]
#       [--jvm-flags "--add-modules jdk.incubator.vector"] [--python /usr/bin/python3]
# Raw output goes to benchmarks/target/gemm_side_by_side-<time>.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

threads="1,2"
rounds=2
jdk="java"
jvm_flags="--add-modules jdk.incubator.vector"
python="/usr/bin/python3"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --jvm-flags) jvm_flags="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be an integer >= 1, got '$rounds'" >&2; exit 2; }
[[ "$threads" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "--threads must be a list like 1,2, got '$threads'" >&2; exit 2; }

java_bin="$jdk"
if [[ -d "$jdk" ]]; then java_bin="$jdk/bin/java"; fi
jar="$root/benchmarks/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar: run 'mvn -B -q package -DskipTests' first" >&2; exit 2; }
"$python" -c "import numpy" 2>/dev/null || { echo "$python has no numpy (apt-get install python3-numpy)" >&2; exit 2; }

log="$root/benchmarks/target/gemm_side_by_side-$(date -u +%Y%m%dT%H%M%SZ).log"
results="$(mktemp)"
csv="$(mktemp)"
trap 'rm -f "$results" "$csv"' EXIT

# product name, numpy operand layout (nn: A (m,k) @ B (k,n); nt: A (m,k) @ B(n,k)ᵀ)
products=(
  "mult-3200x1024x256 nn"
  "multAddPacked-64x2048x512 nn"
  "multAddTransB-64x2048x512 nt"
  "multTransB-128x512x156 nt"
)

numpy_gflops() { # m n k layout threads -> GFLOP/s of the median of 30 timed products
  OPENBLAS_NUM_THREADS="$5" OMP_NUM_THREADS="$5" "$python" - "$1" "$2" "$3" "$4" <<'PY'
import sys, time
import numpy as np
m, n, k, layout = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(42)
a = rng.uniform(-1, 1, (m, k)).astype(np.float32)
b = rng.uniform(-1, 1, (k, n) if layout == "nn" else (n, k)).astype(np.float32)
op_b = b if layout == "nn" else b.T
c = np.empty((m, n), np.float32)
flop = 2.0 * m * n * k
reps = max(30, int(2e10 / flop))  # about a second of work per timing at 50 GFLOP/s
for _ in range(reps):  # warm-up: thread pool, caches, CPU clock
    np.matmul(a, op_b, out=c)
times = []
for _ in range(30):
    t0 = time.perf_counter()
    for _ in range(max(1, reps // 30)):
        np.matmul(a, op_b, out=c)
    times.append((time.perf_counter() - t0) / max(1, reps // 30))
times.sort()
print("%.2f" % (flop / times[len(times) // 2] / 1e9))
PY
}

lstm4j_gflops() { # product threads -> GFLOP/s of JMH's average time
  local product="$1" t="$2"
  # shellcheck disable=SC2086
  "$java_bin" $jvm_flags -jar "$jar" "GemmBenchmark.product" -p product="$product" -p threads="$t" \
    -wi 3 -i 5 -f 1 -rf csv -rff "$csv" >>"$log" 2>&1
  "$python" - "$csv" "$product" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
score_us = float(rows[0]["Score"])
m, n, k = (int(x) for x in sys.argv[2].split("-")[1].split("x"))
print("%.2f" % (2.0 * m * n * k / (score_us * 1e3)))
PY
}

echo "# $("$java_bin" -version 2>&1 | head -1); numpy $("$python" -c 'import numpy; print(numpy.__version__)'); log $log"
IFS=',' read -r -a thread_list <<<"$threads"
for ((round = 1; round <= rounds; round++)); do
  for entry in "${products[@]}"; do
    read -r product layout <<<"$entry"
    IFS='x' read -r m n k <<<"${product#*-}"
    for t in "${thread_list[@]}"; do
      ours="$(lstm4j_gflops "$product" "$t")"
      theirs="$(numpy_gflops "$m" "$n" "$k" "$layout" "$t")"
      echo "round=$round product=$product threads=$t lstm4j_gflops=$ours openblas_gflops=$theirs" | tee -a "$log"
      echo "$product $t $ours $theirs" >>"$results"
    done
  done
done

"$python" - "$results" <<'PY'
import sys, statistics
from collections import defaultdict
runs = defaultdict(lambda: ([], []))
order = []
for line in open(sys.argv[1]):
    product, t, ours, theirs = line.split()
    key = (product, int(t))
    if key not in runs:
        order.append(key)
    runs[key][0].append(float(ours))
    runs[key][1].append(float(theirs))
print()
print("| product (C = A·op(B), m×n×k) | threads | lstm4j GFLOP/s | OpenBLAS GFLOP/s | ratio | spread lstm4j / OpenBLAS |")
print("|---|---|---|---|---|---|")
for key in order:
    ours, theirs = runs[key]
    mo, mt = statistics.median(ours), statistics.median(theirs)
    spread = lambda xs: (max(xs) - min(xs)) / statistics.median(xs) * 100
    print("| %s | %d | %.1f | %.1f | %.2f | %.0f%% / %.0f%% |" % (key[0], key[1], mo, mt, mo / mt, spread(ours), spread(theirs)))
PY
