// Measures the built app as users get it: the compressed size of the wasm and JS each bundle
// loads, and the time from navigation to an interactive page (the create form's button
// enabled) over several cold loads, on the release server on loopback. Prints one JSON object.
// Bundles (scripts/build-app.sh): `main` (dist/: home and the investor's pages), `startup`
// (dist/startup-app/: the startup's registration form and page), `console` (dist/console/: the
// organizer console) and its `worker` (the match worker, loaded by the console on demand). The
// service worker is listed apart: it loads after the page is interactive.
// Usage: node scripts/bench-app.mjs   (after scripts/build-app.sh and the server build)
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { startServer, launchBrowser, ROOT } from '../tests/support/harness.mjs';

const dist = join(ROOT, 'dist');
const measure = (path) => {
  const bytes = readFileSync(path);
  return {
    raw: bytes.length,
    gzip9: gzipSync(bytes, { level: 9 }).length,
    brotli11: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
// One bundle's wasm and JS: the files in `dir` whose names start with `prefix` (Trunk names them
// after the binary: `<bin>-<hash>_bg.wasm`, `<bin>-<hash>.js`, and a worker's `<bin>_loader.js`).
const bundle = (dir, prefix) => {
  const entry = { files: {} };
  if (!existsSync(dir)) return entry;
  for (const name of readdirSync(dir)) {
    if (!/\.(wasm|js)$/.test(name) || !name.startsWith(prefix)) continue;
    entry.files[name] = measure(join(dir, name));
  }
  const sum = (test, key) => Object.entries(entry.files).filter(([name]) => test(name)).reduce((total, [, size]) => total + size[key], 0);
  entry.wasm_gzip9 = sum((name) => name.endsWith('.wasm'), 'gzip9');
  entry.js_gzip9 = sum((name) => name.endsWith('.js'), 'gzip9');
  entry.total_gzip9 = entry.wasm_gzip9 + entry.js_gzip9;
  entry.total_brotli11 = sum(() => true, 'brotli11');
  return entry;
};
const sizes = {
  main: bundle(dist, 'roadshow-app-'),
  startup: bundle(join(dist, 'startup-app'), 'roadshow-startup-'),
  console: bundle(join(dist, 'console'), 'roadshow-console-'),
  worker: bundle(join(dist, 'console'), 'match-worker'),
  'sw.js': existsSync(join(dist, 'sw.js')) ? measure(join(dist, 'sw.js')) : null,
};

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
