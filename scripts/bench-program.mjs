// The program page under a national program (issue 15): 20 roadshows of 50 investors × 200
// startups × 3 criteria each (every investor scoring every startup: 30,000 scores per event),
// with regions, zones, recurring companies (400 business ids across the program), held meetings
// and follow-ups. Measures the program page's first render (navigation to the figures table
// drawn, the server's report included) and the report request alone. Prints one JSON object.
// Usage: node scripts/bench-program.mjs   (after scripts/build-app.sh and the server build)
import { startServer, launchBrowser } from '../tests/support/harness.mjs';
import { largeEvent, percentile, generator } from './lib/large-event.mjs';

const EVENTS = Number(process.env.EVENTS ?? 20);
const RUNS = Number(process.env.RUNS ?? 5);
const REGIONS = ['Seoul', 'Gyeonggi', 'Busan', 'Ulsan', 'Gwangju', 'Daejeon', 'Gangwon', 'Jeju'];
const ZONES = ['ulsan-hydrogen-green-mobility', 'busan-blockchain', 'jeju-electric-vehicle'];

/** A checksum-valid 사업자등록번호 for company number `n`. */
function businessId(n) {
  const digits = String(1010000000 + n * 7).slice(0, 9).split('').map(Number);
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = digits.reduce((total, d, i) => total + d * weights[i], 0);
  sum += Math.floor((digits[8] * 5) / 10);
  return digits.join('') + String((10 - (sum % 10)) % 10);
}

function programEvent(k) {
  const data = largeEvent({ investors: 50, startups: 200, coverage: 1, seed: 1000 + k });
  const random = generator(77 + k);
  data.event.id = `stop-${k + 1}`;
  data.event.name = `로드쇼 ${k + 1}`;
  data.event.starts_at = `2026-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + k).padStart(2, '0')}T10:00:00+09:00`;
  data.event.meetings = { slots: 6, tables: 50, investor_capacity: 4, startup_capacity: 2 };
  data.startups.forEach((startup, s) => {
    startup.region = REGIONS[Math.floor(random() * REGIONS.length)];
    startup.zone = ZONES[s % ZONES.length];
    startup.business_id = businessId((s + 37 * k) % 400);
  });
  data.investors.forEach((investor, j) => { investor.firm = `Firm ${(j + 5 * k) % 80}`; investor.hq_region = j % 2 ? 'Seoul' : 'Busan'; });
  data.meetings = [];
  data.follow_ups = [];
  for (let j = 0; j < 50; j += 1) {
    for (let m = 0; m < 4; m += 1) {
      const s = (j * 4 + m) % 200;
      data.meetings.push({ investor: `i${j + 1}`, startup: `s${s + 1}`, slot: m, table: (j + m * 13) % 50, status: ['held', 'held', 'no_show', 'confirmed'][m] });
      if (m === 0 && random() < 0.3) data.follow_ups.push({ investor: `i${j + 1}`, startup: `s${s + 1}`, stage: 'invested', amount_krw: 100_000_000 * (1 + Math.floor(random() * 20)), date: '2027-01-15', confirmed: random() < 0.5 });
    }
  }
  return data;
}

// Imports are a per-address quota: each comes "from" its own address through a trusted proxy.
const server = await startServer({ extraArgs: ['--trusted-proxy', '127.0.0.1/32'] });
const browser = await launchBrowser();
try {
  const call = async (method, path, body, secret, from) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from ?? '10.0.0.1', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${path} → ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const program = await call('POST', '/api/programs', { name: '2026 상생이음 로드쇼' });
  const key = program.organizer_link.split('#k=')[1];
  for (let k = 0; k < EVENTS; k += 1) {
    const imported = await call('POST', '/api/events/import', programEvent(k), undefined, `10.0.${k}.1`);
    await call('PUT', `/api/programs/${program.id}/events/${imported.id}`, { organizer_key: imported.organizer_link.split('#k=')[1] }, key);
  }
  console.error('reporting');
  const reportMs = [];
  let report;
  for (let run = 0; run < RUNS; run += 1) {
    const t0 = performance.now();
    report = await call('GET', `/api/programs/${program.id}/report`, undefined, key);
    reportMs.push(performance.now() - t0);
  }
  const renderMs = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${server.url}${program.organizer_link}`);
    await page.waitForFunction((n) => document.querySelectorAll('#figures-table tbody tr').length === n, EVENTS, { timeout: 60_000 });
    renderMs.push(Date.now() - t0);
    await context.close();
  }
  console.log(JSON.stringify({
    events: EVENTS, investors_per_event: 50, startups_per_event: 200, scores_per_event: 30000,
    total_startups_registered: report.total.startups_registered, total_investors: report.total.investors,
    report_request_ms: { median: +percentile(reportMs, 0.5).toFixed(1), max: +Math.max(...reportMs).toFixed(1) },
    first_render_ms: { runs: RUNS, median: percentile(renderMs, 0.5), max: Math.max(...renderMs) },
  }, null, 2));
} finally {
  await browser.close();
  await server.stop();
}
