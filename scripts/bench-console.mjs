// The organizer console under a large event: 200 investors × 1,000 startups × 3 criteria (each
// investor scored 80 % of the startups: 480,000 scores, the most one import accepts) loaded in
// the browser, then single scores arrive one by one. Reports the main-thread time of applying
// each score and re-rendering the leaderboard, from the app's own performance marks
// (`organizer:apply-one-score=ms` and `organizer:apply-one-score+render=ms`, written by
// src/state/organizer.rs), plus the load time, and the longest main-thread task (a `longtask`
// PerformanceObserver installed before the page loads) while the scores arrive. Prints one JSON
// object.
// Usage: node scripts/bench-console.mjs   (after scripts/build-app.sh and the server build)
import { startServer, launchBrowser } from '../tests/support/harness.mjs';
import { largeEvent, post, percentile } from './lib/large-event.mjs';

const INVESTORS = Number(process.env.INVESTORS ?? 200);
const STARTUPS = Number(process.env.STARTUPS ?? 1000);
const COVERAGE = Number(process.env.COVERAGE ?? 0.8);
const UPDATES = Number(process.env.UPDATES ?? 30);

const server = await startServer();
const browser = await launchBrowser();
try {
  const data = largeEvent({ investors: INVESTORS, startups: STARTUPS, coverage: COVERAGE });
  const imported = await post(server.url, '/api/events/import', data);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const loadStarted = Date.now();
  await page.goto(`${server.url}${imported.organizer_link.replace('#', '?tab=leaderboard#')}`);
  await page.locator('.board-table tbody tr[data-startup]').first().waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - loadStarted;
  await page.waitForTimeout(1000);

  const [investorId, investorLink] = imported.investor_links[0];
  const secret = investorLink.split('#k=')[1];
  const measures = [];
  const updatesStarted = await page.evaluate(() => performance.now());
  for (let update = 0; update < UPDATES; update += 1) {
    const before = await page.evaluate(() => performance.getEntriesByType('mark').length);
    await post(server.url, `/api/events/${imported.id}/mutations`, {
      client_id: 'bench',
      mutations: [{ seq: update + 1, type: 'score', startup: `s${(update * 37) % STARTUPS + 1}`, criterion: 'a', value: (update % 10) + 1 }],
    }, secret);
    await page.waitForFunction((count) => performance.getEntriesByType('mark').slice(count)
      .some((mark) => mark.name.startsWith('organizer:apply-one-score+render=')), before, { timeout: 10_000 });
    const marks = await page.evaluate((count) => performance.getEntriesByType('mark').slice(count).map((mark) => mark.name), before);
    const read = (prefix) => Number(marks.find((name) => name.startsWith(prefix))?.slice(prefix.length));
    measures.push({ apply: read('organizer:apply-one-score='), applyAndRender: read('organizer:apply-one-score+render=') });
  }
  const longest = await page.evaluate((since) => Math.max(0, ...window.__longTasks
    .filter((task) => task.start >= since).map((task) => task.duration)), updatesStarted);
  const apply = measures.map((m) => m.apply);
  const render = measures.map((m) => m.applyAndRender);
  console.log(JSON.stringify({
    investors: INVESTORS, startups: STARTUPS, criteria: 3, scores: data.scores.length, scoring_investor: investorId,
    load_ms: loadMs,
    updates: UPDATES,
    apply_ms: { median: percentile(apply, 0.5), p95: percentile(apply, 0.95), max: Math.max(...apply) },
    apply_and_render_ms: { median: percentile(render, 0.5), p95: percentile(render, 0.95), max: Math.max(...render) },
    longest_task_while_updating_ms: longest,
  }, null, 2));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
