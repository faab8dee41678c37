// The organizer's export and first change feed of a large event (200 investors × 1,000
// startups × 3 criteria, 80 % scored: 479,880 scores), from the real server: the import, then
// RUNS requests of each (default 3), one at a time, each timed to its last byte. These are what
// the console's first load (the change feed) and the match worker's first open (the export) wait
// for. Prints one JSON object.
// Usage: node scripts/bench-export.mjs   (after `cargo build --profile server -p roadshow-server`;
// ROADSHOW_SERVER_BIN=… compares another build)
import { startServer } from '../tests/support/harness.mjs';
import { largeEvent, post } from './lib/large-event.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const server = await startServer();
try {
  const imported = await post(server.url, '/api/events/import', largeEvent({ investors: 200, startups: 1000, coverage: 0.8 }));
  const secret = imported.organizer_link.split('#k=')[1];
  const timed = async (path) => {
    const start = performance.now();
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${secret}`, 'accept-encoding': 'gzip' } });
    const bytes = (await response.arrayBuffer()).byteLength;
    if (!response.ok) throw new Error(`${path} → ${response.status}`);
    return { ms: Math.round(performance.now() - start), bytes };
  };
  const result = {};
  for (const [name, path] of [['export', `/api/events/${imported.id}/snapshot`], ['change_feed', `/api/events/${imported.id}/changes?since=0`]]) {
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await timed(path));
    result[name] = { bytes: runs[0].bytes, ms: runs.map((run) => run.ms) };
  }
  console.log(JSON.stringify(result));
} finally {
  await server.stop();
}
