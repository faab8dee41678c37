// The import of a large event (200 investors × 1,000 startups × 3 criteria, 80 % scored: 479,880
// scores) into the real server on SQLite: one POST /api/events/import, timed to its answer, RUNS
// times (default 2), each into a fresh server. Prints one JSON object.
// Usage: node scripts/bench-import.mjs   (after `cargo build --profile server -p roadshow-server`;
// ROADSHOW_SERVER_BIN=… times another build)
import { startServer } from '../tests/support/harness.mjs';
import { largeEvent, post } from './lib/large-event.mjs';

const RUNS = Number(process.env.RUNS ?? 2);
const data = largeEvent({ investors: 200, startups: 1000, coverage: 0.8 });
const ms = [];
for (let run = 0; run < RUNS; run += 1) {
  const server = await startServer();
  try {
    const start = performance.now();
    await post(server.url, '/api/events/import', data);
    ms.push(Math.round(performance.now() - start));
  } finally {
    await server.stop();
  }
}
console.log(JSON.stringify({ scores: data.scores.length, import_ms: ms }));
