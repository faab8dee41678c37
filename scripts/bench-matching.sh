#!/usr/bin/env bash
# Side-by-side: core's "best" vs Google OR-Tools' SimpleMinCostFlow on the identical 200 × 1000
# b-matching instance, in one run on one machine. Prints both JSON lines and the ratio
# (core best / OR-Tools build + solve; ≤ 1.0 means core is at least as fast).
#
#   scripts/bench-matching.sh [RUNS]
#
# Meeting floors (definitions §7.3): `FLOOR=K scripts/bench-matching.sh [RUNS]` compares "best"
# under the floors k_s = min(K, capacity, candidate pairs) instead: core's cold floor solve
# (unconstrained "best", then select_with_floors) against OR-Tools' min-cost flow with the same
# demands. `ROOMY=1` doubles the investors' capacities (at most 8 slots) so that a floor of 1 is
# feasible (see core/examples/matching_bench.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
instance="target/matching-200x1000${CONTENDED:+-contended}${UNIFORM:+-uniform}${ROOMY:+-roomy}.txt"
cargo build --release -q -p roadshow-core --example matching_bench
core=$(target/release/examples/matching_bench "$instance" "$runs")
if [ -n "${FLOOR:-}" ]; then
  ortools=$(python3 scripts/bench-ortools.py "$instance" "$runs" "$instance.floors")
else
  ortools=$(python3 scripts/bench-ortools.py "$instance" "$runs")
fi
echo "core:     $core"
echo "ortools:  $ortools"
python3 - "$core" "$ortools" <<'PY'
import json, sys
core, ort = json.loads(sys.argv[1]), json.loads(sys.argv[2])
floor = core.get("floor")
if floor is None:
    assert abs(core["total"] - ort["total"]) < 1e-6, "different optima!"
    print(f"ratio core best / OR-Tools build+solve = {core['best_ms'] / ort['build_plus_solve_ms']:.3f}")
else:
    assert floor["need"] == ort["floors_need"], "different floors!"
    assert floor["feasible"] == ort["feasible"], "one side says infeasible, the other does not!"
    if floor["feasible"]:
        assert abs(floor["total"] - ort["total"]) < 1e-6, "different optima under the floors!"
        print(f"unconstrained total {floor['unconstrained_total']:.9f} ({floor['unconstrained_startups_below_floor']} startups below their floor)"
              f" -> under the floors {floor['total']:.9f} (both sides)")
    else:
        print(f"infeasible on both sides: core's certificate {floor['certificate']}")
    print(f"ratio core floors cold (best + floors) / OR-Tools build+solve = {floor['cold_ms'] / ort['build_plus_solve_ms']:.3f}")
    print(f"ratio core floors alone (given best) / OR-Tools build+solve = {floor['floors_only_ms'] / ort['build_plus_solve_ms']:.3f}")
PY
