#!/usr/bin/env bash
# `roadshow check` on the large snapshot (200 investors × 1,000 startups × 3 criteria, a quarter
# of the pairs scored: 149,460 scores, 9.5 MB), the whole process, as an auditor runs it.
# Prints the median and range of RUNS runs for each binary given, alternated in one loop so that
# both see the same machine load (default: this tree's release build alone).
#
#   scripts/bench-check.sh [RUNS] [OTHER_BINARY...]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-21}"
shift || true
snapshot=target/bench-check/snapshot-200x1000.json
mkdir -p target/bench-check
if [ ! -f "$snapshot" ]; then
  node --input-type=module -e "
    import { largeEvent } from './scripts/lib/large-event.mjs';
    import { writeFileSync } from 'node:fs';
    writeFileSync('$snapshot', JSON.stringify(largeEvent({ coverage: 0.25 })));"
fi
cargo build --release -q -p roadshow-core --bin roadshow
binaries=(target/release/roadshow "$@")
python3 - "$runs" "$snapshot" "${binaries[@]}" <<'PY'
import statistics, subprocess, sys, time
runs, snapshot, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
times = {binary: [] for binary in binaries}
for _ in range(runs):
    for binary in binaries:
        start = time.perf_counter()
        done = subprocess.run([binary, "check", snapshot], capture_output=True)
        times[binary].append((time.perf_counter() - start) * 1000)
        assert done.returncode == 0 and done.stdout == b"no problems found\n", (binary, done)
for binary, spent in times.items():
    print(f"{binary}: median {statistics.median(spent):.1f} ms (min {min(spent):.1f}, max {max(spent):.1f}) over {runs} runs")
PY
