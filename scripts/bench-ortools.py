#!/usr/bin/env python3
"""Solve the matching benchmark instance with Google OR-Tools' SimpleMinCostFlow.

The instance file is written by `cargo run --release -p roadshow-core --example matching_bench`
(see that file for the format). This script builds the same b-matching network as core's
"best" solver and times graph building and solving separately:

    source --(cap = slots x tables)--> hub --(cap b_j)--> investor j --(cap 1, cost -M)--> startup s
    startup s --(cap b_s)--> sink,  hub --(cap = slots x tables, cost 0)--> sink   ("no meeting")

Costs must be integers: M is scaled by 2^30 / max M and rounded (OR-Tools multiplies costs by the
node count internally, so 2^44 as in core would overflow its int64 arithmetic).

Meeting floors (definitions §7.3): with a FLOORS_FILE (written by the example under `FLOOR=K`:
one line of k_s per startup), every startup s must get at least k_s meetings. The lower bound
k_s on the arc startup s -> sink is modelled the usual way: that arc keeps capacity b_s - k_s,
startup s gets a demand of k_s (supply -k_s) and the sink's demand drops by Σ k_s. Costs are
the same -M, so the optimum is max Σ M subject to the floors; an impossible set of floors comes
back as OR-Tools' INFEASIBLE status (reported with its time, no total).

Usage: python3 scripts/bench-ortools.py [INSTANCE_FILE] [RUNS] [FLOORS_FILE]
When OR-Tools is not importable, the script creates a virtualenv under target/bench-venv, installs
ortools there (and nowhere else) and re-runs itself with it.
"""

import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "target", "bench-venv")


def ensure_ortools():
    try:
        import ortools  # noqa: F401
        return
    except ImportError:
        pass
    python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable) == os.path.abspath(python):
        sys.exit("ortools is missing from the benchmark virtualenv")
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
    subprocess.check_call([python, "-m", "pip", "install", "--quiet", "ortools"])
    os.execv(python, [python] + sys.argv)


def read_instance(path):
    with open(path) as f:
        investors, startups, total_cap = map(int, f.readline().split())
        investor_cap = list(map(int, f.readline().split()))
        startup_cap = list(map(int, f.readline().split()))
        pairs = []
        for line in f:
            j, s, score = line.split()
            pairs.append((int(j), int(s), float(score)))
    return investors, startups, total_cap, investor_cap, startup_cap, pairs


def main():
    ensure_ortools()
    from ortools.graph.python import min_cost_flow

    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "matching-200x1000.txt")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    investors, startups, total_cap, investor_cap, startup_cap, pairs = read_instance(path)
    floors = [0] * startups
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            floors = list(map(int, f.readline().split()))
        if len(floors) != startups or any(k < 0 or k > b for k, b in zip(floors, startup_cap)):
            sys.exit("the floors file does not match the instance")
    need = sum(floors)
    top = max((p[2] for p in pairs), default=1.0)
    scale = float(1 << int(os.environ.get("ORTOOLS_SCALE_BITS", "30"))) / top
    # Prepared outside the timed region, as plain lists, so "build" times only OR-Tools' graph.
    source, hub, sink = investors + startups, investors + startups + 1, investors + startups + 2
    tails, heads, caps, costs = [], [], [], []
    for j in range(investors):
        tails.append(hub); heads.append(j); caps.append(investor_cap[j]); costs.append(0)
    for s in range(startups):
        tails.append(investors + s); heads.append(sink); caps.append(startup_cap[s] - floors[s]); costs.append(0)
    tails.append(source); heads.append(hub); caps.append(total_cap); costs.append(0)
    tails.append(hub); heads.append(sink); caps.append(total_cap); costs.append(0)
    first_pair = len(tails)
    for j, s, score in pairs:
        w = round(score * scale)
        if w > 0:
            tails.append(j); heads.append(investors + s); caps.append(1); costs.append(-w)
    pair_of_arc = [p for p in range(len(pairs)) if round(pairs[p][2] * scale) > 0]

    import numpy as np
    tails_a, heads_a = np.array(tails, dtype=np.int32), np.array(heads, dtype=np.int32)
    caps_a, costs_a = np.array(caps, dtype=np.int64), np.array(costs, dtype=np.int64)

    build_ms, solve_ms = [], []
    total = None
    meetings = None
    for _ in range(runs):
        t0 = time.perf_counter()
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(tails_a, heads_a, caps_a, costs_a)
        flow.set_node_supply(source, total_cap)
        flow.set_node_supply(sink, need - total_cap)
        for s in range(startups):
            if floors[s]:
                flow.set_node_supply(investors + s, -floors[s])
        t1 = time.perf_counter()
        status = flow.solve()
        t2 = time.perf_counter()
        build_ms.append((t1 - t0) * 1e3)
        solve_ms.append((t2 - t1) * 1e3)
        if need and status == flow.INFEASIBLE:
            total = meetings = None
            continue
        if status != flow.OPTIMAL:
            sys.exit(f"OR-Tools status {status}")
        chosen = [pair_of_arc[a - first_pair] for a in range(first_pair, len(tails)) if flow.flow(a) > 0]
        total = sum(pairs[p][2] for p in chosen)
        meetings = len(chosen)
    import ortools
    print(json.dumps({
        "ortools": ortools.__version__,
        "arcs": len(tails),
        "meetings": meetings,
        "floors_need": need,
        "feasible": total is not None,
        "total": None if total is None else round(total, 9),
        "build_ms": round(statistics.median(build_ms), 3),
        "solve_ms": round(statistics.median(solve_ms), 3),
        "build_plus_solve_ms": round(statistics.median([b + s for b, s in zip(build_ms, solve_ms)]), 3),
    }))


if __name__ == "__main__":
    main()
