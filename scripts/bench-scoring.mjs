// Measures, in the browser, what an investor feels on every tap of a score: the time from the
// tap (the radio's `change` event) to the screen saying "saved on this device", and to it saying
// "synced" (the server acknowledged it), on a phone-sized page against the release server on
// loopback. Nothing in the app is instrumented: a capture listener stamps the tap, a
// MutationObserver stamps the delivery badge's state changes. Prints one JSON object.
// Usage: node scripts/bench-scoring.mjs   (after scripts/build-app.sh and the server build)
import { startServer, launchBrowser } from '../tests/support/harness.mjs';
import { scoringEvent } from '../tests/support/fixtures.mjs';

const TAPS = Number(process.env.TAPS ?? 60);
const server = await startServer();
const browser = await launchBrowser();
try {
  const { investorLink } = await scoringEvent(server.url, { startups: 20 });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${server.url}${investorLink}`);
  await page.locator('.pitch-link').first().click();
  await page.locator('fieldset.criterion').first().waitFor();
  await page.evaluate(() => {
    window.__taps = [];
    document.addEventListener('change', (event) => {
      const fieldset = event.target.closest('fieldset.criterion');
      if (fieldset) window.__taps.push({ criterion: fieldset.dataset.criterion, tap: performance.now() });
    }, true);
    new MutationObserver((records) => {
      const now = performance.now();
      for (const record of records) {
        const state = record.target.getAttribute('data-state');
        const criterion = record.target.closest('fieldset.criterion')?.dataset.criterion;
        const tap = [...window.__taps].reverse().find((entry) => entry.criterion === criterion);
        if (!tap) continue;
        if (state === 'local' && tap.saved === undefined) tap.saved = now - tap.tap;
        if (state === 'synced' && tap.synced === undefined) tap.synced = now - tap.tap;
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
  const criteria = ['innovation', 'viability', 'market'];
  for (let tap = 0; tap < TAPS; tap += 1) {
    const criterion = criteria[tap % criteria.length];
    const value = String(1 + (tap % 10));
    await page.locator(`fieldset[data-criterion="${criterion}"]`).getByRole('radio', { name: value, exact: true }).check();
    // One tap at a time, as a person scores: wait for this one's acknowledgement.
    await page.waitForFunction((index) => window.__taps[index]?.synced !== undefined, tap, { timeout: 5_000 });
  }
  const taps = await page.evaluate(() => window.__taps);
  const summary = (key) => {
    const values = taps.map((entry) => entry[key]).filter((value) => value !== undefined).sort((a, b) => a - b);
    const at = (q) => values[Math.min(values.length - 1, Math.floor(q * values.length))];
    return { n: values.length, median_ms: +at(0.5).toFixed(2), p95_ms: +at(0.95).toFixed(2), max_ms: +values.at(-1).toFixed(2) };
  };
  console.log(JSON.stringify({ taps: TAPS, tap_to_saved_on_device: summary('saved'), tap_to_synced: summary('synced') }, null, 2));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
