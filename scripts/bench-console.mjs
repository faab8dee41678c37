// The organizer console under a large event: 200 investors × 1,000 startups × 3 criteria (each
// investor scored 80 % of the startups: 480,000 scores, the most one import accepts) loaded in
// the browser, then single scores arrive one by one. Reports the main-thread time of applying
// each score and re-rendering the leaderboard, from the app's own performance marks
// (`organizer:apply-one-score=ms` and `organizer:apply-one-score+render=ms`, written by
// src/state/organizer.rs), plus the load time. Prints one JSON object.
// Usage: node scripts/bench-console.mjs   (after scripts/build-app.sh and the server build)
import { startServer, launchBrowser } from '../tests/support/harness.mjs';

const INVESTORS = Number(process.env.INVESTORS ?? 200);
const STARTUPS = Number(process.env.STARTUPS ?? 1000);
const COVERAGE = Number(process.env.COVERAGE ?? 0.8);
const UPDATES = Number(process.env.UPDATES ?? 30);
const CRITERIA = ['a', 'b', 'c'];

/** A small deterministic generator (the bench must be repeatable). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function snapshot() {
  const random = generator(20261122);
  const startups = Array.from({ length: STARTUPS }, (_, s) => ({ id: `s${s + 1}`, name: `Startup ${s + 1}`, status: 'published' }));
  const investors = Array.from({ length: INVESTORS }, (_, j) => ({ id: `i${j + 1}`, firm: `Firm ${j + 1}` }));
  const quality = startups.map(() => CRITERIA.map(() => 3 + random() * 5));
  const temper = investors.map(() => random() * 3 - 1.5);
  const scores = [];
  for (let j = 0; j < INVESTORS; j += 1) {
    for (let s = 0; s < STARTUPS; s += 1) {
      if (random() >= COVERAGE) continue;
      for (let c = 0; c < 3; c += 1) {
        const value = Math.max(1, Math.min(10, Math.round(quality[s][c] + temper[j] + (random() - 0.5) * 3)));
        scores.push({ investor: `i${j + 1}`, startup: `s${s + 1}`, criterion: CRITERIA[c], value });
      }
    }
  }
  return {
    format: 'roadshow-event/1',
    fictional: true,
    event: {
      id: 'bench', name: 'Console benchmark', phase: 'scoring', scale: { min: 1, max: 10 }, min_judges: 3,
      criteria: CRITERIA.map((key) => ({ key, weight: 1, label_ko: key, label_en: key })),
    },
    startups,
    investors,
    scores,
  };
}

async function post(url, path, body, secret) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} → ${response.status}: ${await response.text()}`);
  return response.json();
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};

const server = await startServer();
const browser = await launchBrowser();
try {
  const data = snapshot();
  const imported = await post(server.url, '/api/events/import', data);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const loadStarted = Date.now();
  await page.goto(`${server.url}${imported.organizer_link.replace('#', '?tab=leaderboard#')}`);
  await page.locator('.board-table tbody tr[data-startup]').first().waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - loadStarted;
  await page.waitForTimeout(1000);

  const [investorId, investorLink] = imported.investor_links[0];
  const secret = investorLink.split('#k=')[1];
  const measures = [];
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
  const apply = measures.map((m) => m.apply);
  const render = measures.map((m) => m.applyAndRender);
  console.log(JSON.stringify({
    investors: INVESTORS, startups: STARTUPS, criteria: 3, scores: data.scores.length, scoring_investor: investorId,
    load_ms: loadMs,
    updates: UPDATES,
    apply_ms: { median: percentile(apply, 0.5), p95: percentile(apply, 0.95), max: Math.max(...apply) },
    apply_and_render_ms: { median: percentile(render, 0.5), p95: percentile(render, 0.95), max: Math.max(...render) },
  }, null, 2));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
