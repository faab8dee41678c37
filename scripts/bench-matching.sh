#!/usr/bin/env bash
# Side-by-side: core's "best" vs Google OR-Tools' SimpleMinCostFlow on the identical 200 × 1000
# b-matching instance, in one run on one machine. Prints both JSON lines and the ratio
# (core best / OR-Tools build + solve; ≤ 1.0 means core is at least as fast).
#
#   scripts/bench-matching.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
instance="target/matching-200x1000${CONTENDED:+-contended}${UNIFORM:+-uniform}.txt"
cargo build --release -q -p roadshow-core --example matching_bench
core=$(target/release/examples/matching_bench "$instance" "$runs")
ortools=$(python3 scripts/bench-ortools.py "$instance" "$runs")
echo "core:     $core"
echo "ortools:  $ortools"
python3 - "$core" "$ortools" <<'PY'
import json, sys
core, ort = json.loads(sys.argv[1]), json.loads(sys.argv[2])
assert abs(core["total"] - ort["total"]) < 1e-6, "different optima!"
print(f"ratio core best / OR-Tools build+solve = {core['best_ms'] / ort['build_plus_solve_ms']:.3f}")
PY
