// Times core's matching and gap repair in wasm32 under Node (same code the browser runs).
//   cargo build --release -p roadshow-core --no-default-features --target wasm32-unknown-unknown --example wasm_bench
//   node scripts/bench-matching-wasm.mjs [RUNS]
// WASM_BENCH=FILE times another build of the example (e.g. the tree before a change, as an anchor).
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const path = process.env.WASM_BENCH ?? new URL("../target/wasm32-unknown-unknown/release/examples/wasm_bench.wasm", import.meta.url);
const { instance } = await WebAssembly.instantiate(readFileSync(path), {});
const e = instance.exports;
const runs = Number(process.argv[2] ?? 21);
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (f) => {
  const ms = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = f();
    ms.push(performance.now() - t0);
  }
  return [median(ms), value];
};
const candidates = e.prepare();
const [best, total] = time(e.best);
const [stable, stableTotal] = time(e.stable);
const [warm] = time(e.warm);
const warmTotal = e.warm_total();
// Gap repair from slot 3 with 10 % of the meetings from slot 3 on freed (core/benches/support/after_pitches.rs).
const freed = e.repair_prepare();
const [repairFull, totalAdded] = time(e.repair_full);
const [repairWorker, jsonBytes] = time(e.repair_worker);
const [repairBoard, added] = time(e.repair_board);
const [boardBuild] = time(e.repair_board_build);
// Robustness of the cut (definitions §8.5): 50 judges × 200 startups, cut 20, 2,000 resamples.
const robustnessScores = e.robustness_prepare();
const [robustness, decisive] = time(e.robustness);
// Running order of one hall (definitions §8.3): 12 pitches, 40 judges, exact.
const pitches = e.running_order_prepare();
const [runningOrder, stepOuts] = time(e.running_order);
// Policy frontier (definitions §7.7): 21 exact solves of "best" on M + β·[policy pair].
const frontierFirst = e.policy_frontier_first();
const frontierRuns = Math.min(runs, 5);
const frontierMs = [];
let frontierLast;
for (let i = 0; i < frontierRuns; i++) {
  const t0 = performance.now();
  frontierLast = e.policy_frontier();
  frontierMs.push(performance.now() - t0);
}
// The console's copy handed to the match worker (core::handoff): 200 × 1,000 × 3, 80 % scored.
const handoffScores = e.handoff_prepare();
const [handoffWrite, handoffBytes] = time(e.handoff_write);
const [handoffRead] = time(e.handoff_read);
console.log(JSON.stringify({
  runtime: `node ${process.version}`, candidates, total, best_ms: +best.toFixed(3),
  stable_total: stableTotal, stable_ms: +stable.toFixed(3), warm_selected_pair_ms: +warm.toFixed(3), total_after_warm: warmTotal,
  repair: {
    plan_meetings: e.repair_plan_meetings(), from_slot_on: e.repair_plan_from_slot_on(), freed, added, total_added: totalAdded,
    repair_snapshot_ms: +repairFull.toFixed(3), worker_repair_json_ms: +repairWorker.toFixed(3), json_bytes: jsonBytes,
    repair_from_board_ms: +repairBoard.toFixed(3), board_build_per_version_ms: +boardBuild.toFixed(3),
  },
  robustness: { scores: robustnessScores, decisive_judges: decisive, ms: +robustness.toFixed(1) },
  running_order: { pitches, step_outs: stepOuts, ms: +runningOrder.toFixed(3) },
  handoff: { scores: handoffScores, bytes: handoffBytes, write_ms: +handoffWrite.toFixed(1), read_ms: +handoffRead.toFixed(1) },
  policy_frontier: { betas: 21, policy_pairs_at_0: frontierFirst, policy_pairs_at_1: frontierLast, runs: frontierRuns, ms: +median(frontierMs).toFixed(1) },
}));
