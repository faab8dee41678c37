// Measures the built app as users get it: the compressed size of the wasm and JS the page
// loads, and the time from navigation to an interactive page (the create form's button
// enabled) over several cold loads, on the release server on loopback. Prints one JSON object.
// Usage: node scripts/bench-app.mjs   (after scripts/build-app.sh and the server build)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { startServer, launchBrowser, ROOT } from '../tests/support/harness.mjs';

const dist = join(ROOT, 'dist');
// The app's own wasm and JS glue (Trunk names them after the package); the service worker is
// listed apart: it loads after the page is interactive.
const sizes = {};
for (const name of readdirSync(dist)) {
  if (!/\.(wasm|js)$/.test(name)) continue;
  const bytes = readFileSync(join(dist, name));
  const kind = name.endsWith('.wasm') ? 'wasm' : name.startsWith('roadshow-app-') ? 'js' : name;
  sizes[kind] = {
    raw: bytes.length,
    gzip9: gzipSync(bytes, { level: 9 }).length,
    brotli11: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}
sizes.total_gzip9 = (sizes.wasm?.gzip9 ?? 0) + (sizes.js?.gzip9 ?? 0);

const runs = Number(process.env.RUNS ?? 10);
const server = await startServer();
const browser = await launchBrowser();
const timings = [];
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.locator('button.primary:not([disabled])').waitFor({ timeout: 15000 });
    const metrics = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { interactive_ms: performance.now(), dom_content_loaded_ms: nav.domContentLoadedEventEnd };
    });
    timings.push(metrics);
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(JSON.stringify({
  sizes,
  runs,
  interactive_ms_median: Math.round(median(timings.map((t) => t.interactive_ms))),
  interactive_ms_max: Math.round(Math.max(...timings.map((t) => t.interactive_ms))),
}, null, 2));
