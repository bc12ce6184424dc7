#!/usr/bin/env bash
# lstm4j vs PyTorch on the anchor workloads (WORKLOADS.md), measured ALTERNATELY in one run:
# for each (workload, threads): lstm4j, PyTorch, lstm4j, PyTorch, ... (--rounds times each), each
# run a fresh process, then one table of medians, ratios and the spread across rounds. Two-core
# figures swing by up to 1.8x between runs on this kind of machine, so only figures taken
# side by side like this should be compared.
#
# Prerequisites (this script builds and installs nothing):
#   - benchmarks/target/benchmarks.jar, built from the repository root with
#       mvn -B -q package -DskipTests
#   - PyTorch with a real BLAS (else PyTorch falls back to the reference BLAS and looks ~20x slower):
#       apt-get update && apt-get install -y libopenblas0-pthread python3-numpy   # python3-torch too
#   - the reference script ../shared/anchors/pytorch_lstm.py, resolved relative to the repository
#     root (for a git worktree: relative to the main checkout), or given with --pytorch PATH.
#
# Usage (from anywhere):
#   benchmarks/side_by_side.sh [--against pytorch|ort] [--workloads W1,W1b,W2,W3,W4,W5,W5p,W6] [--threads 1,2] [--rounds 2]
#       [--jdk java|JAVA_HOME|path/to/java]
#       [--jvm-flags "--add-modules jdk.incubator.vector -Xms2g -Xmx8g -XX:+UseParallelGC"]
#       [--warmup N] [--steps N] [--pytorch path/to/pytorch_lstm.py] [--pytorch-flags "--openblas openmp"]
# --pytorch-flags go to pytorch_lstm.py as they are: "--openblas openmp" gives PyTorch its best
# two-thread set-up (needs libopenblas0-openmp), see ../shared/anchors/README.md.
# --warmup/--steps override both runners' per-workload defaults (pytorch_lstm.py's DEFAULT_STEPS,
# except W3's warm-up: 3000 characters for the JVM's JIT instead of 50). PyTorch runs with --quiet-wait 0 --retries 0, so neither side
# waits for an idle machine or re-runs under load; each line reports the share of the machine
# other processes used meanwhile (lstm4j other_load, PyTorch foreign_load) instead.
# W5 is PyTorch on packed sequences; W5p the same batch padded to T (PyTorch's fast path, a speed
# reference only) and, for lstm4j, every length set to T. With both in the run, the table ends
# with lstm4j's W5 against PyTorch's W5p.
# --against ort times ONNX Runtime instead of PyTorch (W3 and W4 only): the Workloads runner with
# --engine ort, which exports lstm4j's own seeded model with OnnxExport and runs it in ORT Java on
# `threads` intra-op threads; it needs the ORT jar (found in ~/.m2 after any build of benchmarks,
# or given with --ort-jar PATH). benchmarks/ort_side_by_side.sh is this script with --against ort.
# Raw output goes to benchmarks/target/side_by_side-<time>.log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

workloads="W1,W1b,W2,W3,W4,W5,W5p,W6"
threads="1,2"
rounds=2
jdk="java"
jvm_flags="--add-modules jdk.incubator.vector -Xms2g -Xmx8g -XX:+UseParallelGC"
warmup=""
steps=""
pytorch=""
pytorch_flags=""
against="pytorch"
ort_jar="$HOME/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.20.0/onnxruntime-1.20.0.jar"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --workloads) workloads="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --jvm-flags) jvm_flags="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --steps) steps="$2"; shift 2 ;;
    --pytorch) pytorch="$2"; shift 2 ;;
    --pytorch-flags) pytorch_flags="$2"; shift 2 ;;
    --against) against="$2"; shift 2 ;;
    --ort-jar) ort_jar="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

case "$against" in
  pytorch) theirs_label="PyTorch" ;;
  ort) theirs_label="ORT" ;;
  *) echo "--against must be pytorch or ort, got '$against'" >&2; exit 2 ;;
esac

[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "--rounds must be an integer >= 1, got '$rounds'" >&2; exit 2; }

java_bin="$jdk"
if [[ -d "$jdk" ]]; then java_bin="$jdk/bin/java"; fi
command -v "$java_bin" >/dev/null || { echo "--jdk: no java at '$java_bin'" >&2; exit 2; }

jar="$root/benchmarks/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "missing $jar; build it first: (cd $root && mvn -B -q package -DskipTests)" >&2; exit 2; }

if [[ "$against" == ort ]]; then
  [[ -f "$ort_jar" ]] || { echo "missing the ONNX Runtime jar ($ort_jar); build benchmarks once or pass --ort-jar PATH" >&2; exit 2; }
else
  if [[ -z "$pytorch" ]]; then
    pytorch="$root/../shared/anchors/pytorch_lstm.py"
    if [[ ! -f "$pytorch" ]] && common="$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
      pytorch="$(dirname "$common")/../shared/anchors/pytorch_lstm.py"
    fi
  fi
  [[ -f "$pytorch" ]] || { echo "missing the reference script ($pytorch); pass --pytorch PATH" >&2; exit 2; }
  pytorch="$(cd "$(dirname "$pytorch")" && pwd)/$(basename "$pytorch")"
fi

counts=()
[[ -n "$warmup" ]] && counts+=(--warmup "$warmup")
[[ -n "$steps" ]] && counts+=(--steps "$steps")

mkdir -p "$root/benchmarks/target"
log="$root/benchmarks/target/side_by_side-$(date +%Y%m%d-%H%M%S).log"
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

{
  echo "# $(date -Is) host $(hostname) cpus $(nproc) load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# lstm4j: $("$java_bin" -version 2>&1 | head -1) flags: $jvm_flags"
  if [[ "$against" == ort ]]; then echo "# ort: $ort_jar"; else echo "# pytorch: $pytorch"; fi
} | tee -a "$log"

# Runs one side once and appends "system workload threads throughput ms load" to $results.
run_ours() {
  local w="$1" n="$2" out line
  out="$("$java_bin" $jvm_flags -cp "$jar" io.github.lstm4j.bench.Workloads \
    --workloads "$w" --threads "$n" "${counts[@]}" 2>&1)" || true
  echo "$out" >>"$log"
  line="$(grep -E "^$w threads=$n " <<<"$out" | tail -1 || true)"
  record lstm4j "$w" "$n" "$line" "$(sed -nE 's/.* other_load=([0-9.]+).*/\1/p' <<<"$line")"
}

run_theirs() {
  if [[ "$against" == ort ]]; then run_ort "$@"; else run_pytorch "$@"; fi
}

# ONNX Runtime in the same runner (one fresh JVM per run, like lstm4j's side).
run_ort() {
  local w="$1" n="$2" out line
  out="$("$java_bin" $jvm_flags -cp "$jar:$ort_jar" io.github.lstm4j.bench.Workloads \
    --engine ort --workloads "$w" --threads "$n" "${counts[@]}" 2>&1)" || true
  echo "$out" >>"$log"
  line="$(grep -E "^$w threads=$n " <<<"$out" | tail -1 || true)"
  record theirs "$w" "$n" "$line" "$(sed -nE 's/.* other_load=([0-9.]+).*/\1/p' <<<"$line")"
}

run_pytorch() {
  local w="$1" n="$2" out line load
  out="$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$pytorch" \
    --workloads "$w" --threads "$n" --quiet-wait 0 --retries 0 "${counts[@]}" $pytorch_flags 2>&1)" || true
  echo "$out" >>"$log"
  line="$(grep -E "^$w threads=$n " <<<"$out" | tail -1 || true)"
  load="$(grep '^JSON ' <<<"$out" | tail -1 | sed -nE 's/.*"foreign_load": ([0-9.eE+-]+).*/\1/p')"
  record theirs "$w" "$n" "$line" "$load"
}

record() {
  local system="$1" w="$2" n="$3" line="$4" load="${5:-nan}" tput ms unit
  tput="$(sed -nE 's/.* [a-z]+_per_s=([0-9.]+).*/\1/p' <<<"$line")"
  unit="$(sed -nE 's/.* ([a-z]+)_per_s=[0-9.]+.*/\1/p' <<<"$line")"
  ms="$(sed -nE 's/.* ms_per_step=([0-9.]+).*/\1/p' <<<"$line")"
  if [[ -z "$tput" ]]; then
    echo "  $system $w threads=$n FAILED (see $log)" >&2
    return
  fi
  printf '  %-7s %s\n' "$([[ $system == theirs ]] && echo "$theirs_label" || echo "$system")" "$line" | cut -c1-160
  echo "$system $w $n $tput $ms ${load:-nan} ${unit:-items}" >>"$results"
}

IFS=',' read -r -a wl <<<"$workloads"
IFS=',' read -r -a th <<<"$threads"
for w in "${wl[@]}"; do
  for n in "${th[@]}"; do
    for ((r = 1; r <= rounds; r++)); do
      echo "$w threads=$n round $r/$rounds"
      run_ours "$w" "$n"
      run_theirs "$w" "$n"
    done
  done
done

# One row per (workload, threads): median over rounds of each system's per-run median throughput,
# ratio lstm4j/theirs (PyTorch or ORT) (> 1: lstm4j faster), spread = (max - min) / median over the rounds, and
# the mean share of the machine other processes used during each system's runs.
echo
awk -v order="$workloads" -v torder="$threads" -v them="$theirs_label" '
  function median(list,   a, k, i, j, t) {
    k = split(list, a, " ")
    for (i = 2; i <= k; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
  }
  function spread(list,   a, k, i, lo, hi) {
    k = split(list, a, " "); lo = a[1]; hi = a[1]
    for (i = 2; i <= k; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
    return 100 * (hi - lo) / median(list)
  }
  {
    key = $2 " " $3
    v[$1, key] = v[$1, key] (v[$1, key] == "" ? "" : " ") $4
    if ($6 != "nan") { load[$1, key] += $6; nl[$1, key]++ }
    unit[$2] = $7 "/s"
  }
  END {
    printf "%-5s %-7s %-11s %14s %14s %8s %10s %10s %9s %9s\n", "work", "threads", "unit", "lstm4j", them, "ratio", "spread4j", "spread" them, "load4j", "load" them
    nw = split(order, ws, ","); nt = split(torder, ts, ",")
    for (i = 1; i <= nw; i++) for (j = 1; j <= nt; j++) {
      key = ws[i] " " ts[j]
      a = v["lstm4j", key]; b = v["theirs", key]
      if (a == "" && b == "") continue
      ma = a == "" ? 0 : median(a); mb = b == "" ? 0 : median(b)
      printf "%-5s %-7s %-11s %14s %14s %8s %9s%% %9s%% %8s%% %8s%%\n", ws[i], ts[j], unit[ws[i]],
        a == "" ? "FAILED" : sprintf("%.1f", ma), b == "" ? "FAILED" : sprintf("%.1f", mb),
        (a == "" || b == "") ? "n/a" : sprintf("%.3f", ma / mb),
        a == "" ? "n/a" : sprintf("%.1f", spread(a)), b == "" ? "n/a" : sprintf("%.1f", spread(b)),
        nl["lstm4j", key] ? sprintf("%.0f", 100 * load["lstm4j", key] / nl["lstm4j", key]) : "?",
        nl["theirs", key] ? sprintf("%.0f", 100 * load["theirs", key] / nl["theirs", key]) : "?"
    }
    for (j = 1; j <= nt; j++) {
      a = v["lstm4j", "W5 " ts[j]]; b = v["theirs", "W5p " ts[j]]
      if (a != "" && b != "")
        printf "W5 lstm4j (packed) / W5p %s (padded), %s threads: %.3f\n", them, ts[j], median(a) / median(b)
    }
    print "ratio = lstm4j / " them " throughput (> 1: lstm4j faster); spread = (max - min) / median over rounds;"
    print "load = mean share of the machine used by other processes during that system'"'"'s runs"
  }' "$results" | tee -a "$log"
echo "raw output: $log"
