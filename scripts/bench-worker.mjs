// The match board under a large event: 200 investors × 1,000 startups × 3 criteria loaded, the
// console's Matches tab open. Measures (1) the first full match + schedule in the Web Worker
// (fetching and reading the snapshot included), (2) re-solves after a weight change (from the
// worker's copy), and the longest main-thread task while the worker runs (PerformanceObserver
// 'longtask', installed before the page loads). Prints one JSON object.
// Usage: node scripts/bench-worker.mjs   (after scripts/build-app.sh and the server build)
import { startServer, launchBrowser } from '../tests/support/harness.mjs';
import { largeEvent, post, percentile } from './lib/large-event.mjs';

const RESOLVES = Number(process.env.RESOLVES ?? 5);
const server = await startServer();
const browser = await launchBrowser();
try {
  const data = largeEvent({
    investors: Number(process.env.INVESTORS ?? 200), startups: Number(process.env.STARTUPS ?? 1000), coverage: Number(process.env.COVERAGE ?? 0.8),
  });
  const imported = await post(server.url, '/api/events/import', data);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    window.__solves = [];
    new MutationObserver((records) => {
      for (const record of records) {
        if (!record.target.classList?.contains('solver-status')) continue;
        const computing = record.target.getAttribute('data-computing');
        if (computing === 'true') window.__solves.push({ start: performance.now() });
        else if (computing === 'false' && window.__solves.length && window.__solves.at(-1).end === undefined) window.__solves.at(-1).end = performance.now();
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-computing'] });
  });
  await page.goto(`${server.url}${imported.organizer_link.replace('#', '?tab=matches#')}`);
  const solved = (count) => page.waitForFunction((n) => window.__solves.filter((solve) => solve.end !== undefined).length >= n, count, { timeout: 180_000 });
  await solved(1);
  for (let run = 0; run < RESOLVES; run += 1) {
    await page.locator('#weight-fit').fill(String(0.3 + 0.01 * (run + 1)));
    await page.locator('#weight-fit').dispatchEvent('change');
    await solved(2 + run);
  }
  const { solves, longTasks } = await page.evaluate(() => ({ solves: window.__solves, longTasks: window.__longTasks }));
  const during = (solve) => longTasks.filter((task) => task.start + task.duration >= solve.start && task.start <= solve.end);
  const longest = (solve) => Math.max(0, ...during(solve).map((task) => task.duration));
  const resolves = solves.slice(1).filter((solve) => solve.end !== undefined);
  const reported = (await page.locator('.solver-status').innerText()).trim();
  console.log(JSON.stringify({
    investors: data.investors.length, startups: data.startups.length, criteria: 3, scores: data.scores.length,
    first_solve_ms: +(solves[0].end - solves[0].start).toFixed(1),
    first_solve_longest_main_thread_task_ms: longest(solves[0]),
    resolve_ms: { n: resolves.length, median: +percentile(resolves.map((s) => s.end - s.start), 0.5).toFixed(1), max: +Math.max(...resolves.map((s) => s.end - s.start)).toFixed(1) },
    resolve_longest_main_thread_task_ms: Math.max(0, ...resolves.map(longest)),
    worker_reported: reported,
  }, null, 2));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
