// Measures, in the browser, what an investor feels when it marks a meeting on its agenda (issue
// 14, definitions §7.1): the time from the tap on "진행함" / "상대가 오지 않음" (the attendance
// radio's `change` event) to the card's status line saying "이 기기에 저장됨" (saved on this
// device), and to it saying "전송됨" (the server acknowledged it), on a 360 × 740 phone page against
// the release server on loopback. Same method as scripts/bench-scoring.mjs: nothing in the app is
// instrumented; a capture listener stamps the tap, a MutationObserver stamps the text changes of the
// card's attendance status line. The event is the demo roadshow with a published plan set up
// through the API, as in tests/e2e/meeting_answers.test.mjs. Taps alternate held / no-show on the
// same meeting, each waiting for the previous one's acknowledgement. Prints one JSON object.
// Usage: node scripts/bench-attendance.mjs   (after scripts/build-app.sh and the server build)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, ROOT } from '../tests/support/harness.mjs';
import { api } from '../tests/support/api.mjs';

const TAPS = Number(process.env.TAPS ?? 60);
const SAVED = '이 기기에 저장됨';
const SENT = '전송됨';
const REFUSED = '거부됨';
const server = await startServer();
const browser = await launchBrowser();
try {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const organizer = imported.organizer_link.split('#k=')[1];
  await api(server.url, 'PUT', `/api/events/${imported.id}/meetings`, {
    secret: organizer,
    body: {
      published: true,
      meetings: [
        { investor: 'i01', startup: 's01', slot: 0, table: 0 },
        { investor: 'i02', startup: 's02', slot: 0, table: 1 },
        { investor: 'i01', startup: 's02', slot: 1, table: 0 },
        { investor: 'i02', startup: 's01', slot: 1, table: 1 },
      ],
    },
  });
  const link = imported.investor_links.find(([id]) => id === 'i01')[1].replace('#', '?view=agenda#');
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${server.url}${link}`);
  const card = page.locator('.meeting-card[data-startup="s01"]');
  await card.locator('.meeting-attendance').waitFor();
  await page.evaluate(({ SAVED, SENT, REFUSED }) => {
    window.__taps = [];
    // The card may be redrawn when the feed brings the server's state: find it anew each time.
    const CARD = '.meeting-card[data-startup="s01"]';
    document.addEventListener('change', (event) => {
      if (event.target.closest(`${CARD} .meeting-attendance`)) window.__taps.push({ tap: performance.now() });
    }, true);
    new MutationObserver(() => {
      const now = performance.now();
      const tap = window.__taps.at(-1);
      const line = document.querySelector(`${CARD} .meeting-attendance + .delivery`);
      if (!tap || !line) return;
      const text = line.textContent;
      if (text.includes(SAVED) && tap.saved === undefined) tap.saved = now - tap.tap;
      if (text.includes(SENT) && tap.synced === undefined) tap.synced = now - tap.tap;
      if (text.includes(REFUSED) && tap.refused === undefined) tap.refused = text;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, { SAVED, SENT, REFUSED });
  const marks = ['진행함', '상대가 오지 않음'];
  for (let tap = 0; tap < TAPS; tap += 1) {
    await card.locator('.meeting-attendance label', { hasText: marks[tap % marks.length] }).click();
    // One mark at a time: wait for this one's acknowledgement (or refusal).
    await page.waitForFunction((index) => {
      const entry = window.__taps[index];
      return entry !== undefined && (entry.synced !== undefined || entry.refused !== undefined);
    }, tap, { timeout: 5_000 });
  }
  const taps = await page.evaluate(() => window.__taps);
  const summary = (key) => {
    const values = taps.map((entry) => entry[key]).filter((value) => value !== undefined).sort((a, b) => a - b);
    const at = (q) => values[Math.min(values.length - 1, Math.floor(q * values.length))];
    return { n: values.length, median_ms: +at(0.5).toFixed(2), p95_ms: +at(0.95).toFixed(2), max_ms: +values.at(-1).toFixed(2) };
  };
  const refused = taps.filter((entry) => entry.refused !== undefined).map((entry) => entry.refused);
  console.log(JSON.stringify({
    taps: TAPS, tap_to_saved_on_device: summary('saved'), tap_to_sent: summary('synced'), refused,
  }, null, 2));
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
