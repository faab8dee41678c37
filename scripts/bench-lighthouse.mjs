// Lighthouse's mobile preset on the pages phones open first, served compressed by the real server
// (the built app in dist/): the home page and an investor's scoring link (an event in scoring
// with 8 published pitches). Each page is audited RUNS times (default 3), one at a time; prints
// every run and the median of each figure as JSON.
// Lighthouse is not a dependency of the app or its tests: install it anywhere and point at it,
//   npm install --prefix /tmp/lh lighthouse@12
//   LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse node scripts/bench-lighthouse.mjs
// (after scripts/build-app.sh and `cargo build --profile server -p roadshow-server`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../tests/support/harness.mjs';
import { scoringEvent } from '../tests/support/fixtures.mjs';

const RUNS = Number(process.env.RUNS ?? 3);
const LIGHTHOUSE = process.env.LIGHTHOUSE ?? 'lighthouse';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function audit(url) {
  const dir = mkdtempSync(join(tmpdir(), 'roadshow-lighthouse-'));
  try {
    const report = join(dir, 'report.json');
    const run = spawnSync(LIGHTHOUSE, [
      url, '--quiet', '--output=json', `--output-path=${report}`,
      '--only-categories=performance,accessibility,best-practices',
      `--chrome-flags=--headless=new --no-sandbox --user-data-dir=${join(dir, 'profile')}`,
    ], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' }, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`lighthouse failed (${run.status}): ${run.stderr}`);
    const result = JSON.parse(readFileSync(report, 'utf8'));
    const audits = result.audits;
    return {
      performance: result.categories.performance.score,
      accessibility: result.categories.accessibility.score,
      best_practices: result.categories['best-practices'].score,
      fcp_ms: Math.round(audits['first-contentful-paint'].numericValue),
      lcp_ms: Math.round(audits['largest-contentful-paint'].numericValue),
      tbt_ms: Math.round(audits['total-blocking-time'].numericValue),
      cls: audits['cumulative-layout-shift'].numericValue,
      lcp_element: audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
      render_blocking: (audits['render-blocking-resources']?.details?.items ?? []).map((item) => item.url.replace(/^.*\//, '')),
      failed: Object.values(audits)
        .filter((one) => one.score !== null && one.score < 1 && ['accessibility', 'best-practices'].some((category) => result.categories[category].auditRefs.some((ref) => ref.id === one.id && ref.weight > 0)))
        .map((one) => one.id),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const server = await startServer();
try {
  const { investorLink } = await scoringEvent(server.url);
  const pages = { home: `${server.url}/`, investor_link: `${server.url}${investorLink}` };
  const summary = {};
  for (const [name, url] of Object.entries(pages)) {
    const runs = Array.from({ length: RUNS }, () => audit(url));
    summary[name] = {
      runs,
      median: Object.fromEntries(['performance', 'accessibility', 'best_practices', 'fcp_ms', 'lcp_ms', 'tbt_ms', 'cls']
        .map((key) => [key, median(runs.map((run) => run[key]))])),
    };
  }
  console.log(JSON.stringify(summary, null, 2));
} finally {
  await server.stop();
}
