// The organizer's match board, schedule and exports on a realistic event: the worker recomputes
// when a weight changes, its totals agree with `roadshow match` on the exported snapshot, the
// published schedule reaches an investor and a startup, the .ics parses, and export → import
// reproduces the ranking and the schedule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages, koreanText } from '../support/a11y.mjs';

const CLI = process.env.ROADSHOW_CLI_BIN ?? join(ROOT, 'target', 'release', 'roadshow');
let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The demo roadshow with every investor's scores (harsh and lenient judges), interest and one busy investor. */
function realisticSnapshot() {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  let seed = 7;
  const next = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  snapshot.scores = [];
  snapshot.interest = [];
  snapshot.investors.forEach((investor, j) => {
    const bias = (j % 5) - 2; // harsh to lenient
    snapshot.startups.forEach((startup, s) => {
      for (const criterion of snapshot.event.criteria) {
        const value = Math.max(1, Math.min(10, Math.round(5 + bias + ((s * 3 + j) % 4) - 1 + next() * 2)));
        snapshot.scores.push({ investor: investor.id, startup: startup.id, criterion: criterion.key, value });
      }
      if ((j + s) % 7 === 0) snapshot.interest.push({ investor: investor.id, startup: startup.id, want: true });
    });
  });
  snapshot.investors[0].unavailable_slots = [0, 1];
  delete snapshot.meetings;
  return snapshot;
}

/** Meetings as plain {investor, startup, slot, table}, in one order, for comparing lists. */
function sortMeetings(meetings) {
  return meetings.map(({ investor, startup, slot, table }) => ({ investor, startup, slot, table }))
    .sort((a, b) => a.slot - b.slot || a.table - b.table || a.investor.localeCompare(b.investor) || a.startup.localeCompare(b.startup));
}

function cli(args, snapshot) {
  const file = join(server.dir, `snapshot-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return JSON.parse(execFileSync(CLI, [...args.slice(0, 1), file, ...args.slice(1)], { encoding: 'utf8' }));
}

async function statusSettled(page) {
  await page.locator('.solver-status[data-computing="false"]').waitFor({ timeout: 30_000 });
}

async function comparisonCell(page, rowName, mode) {
  const row = page.getByRole('table', { name: '방식 비교' }).getByRole('row', { name: new RegExp(rowName) });
  return row.locator(`td[data-mode="${mode}"]`).innerText();
}

test('match board, schedule, calendars and export → import', async () => {
  const imported = await api(server.url, 'POST', '/api/events/import', { body: realisticSnapshot() });
  const organizer = secretOf(imported.organizer_link);
  const event = imported.id;
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await watchedPage(context);
  const [path, fragment] = imported.organizer_link.split('#');
  await page.goto(`${server.url}${path}?tab=matches#${fragment}`);
  await page.getByRole('heading', { name: '후속 미팅 매칭' }).waitFor();
  await statusSettled(page);

  const exported = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  const best = cli(['match', '--mode', 'best'], exported);
  const stable = cli(['match', '--mode', 'stable'], exported);
  assert.ok(best.pairs.length > 0);
  assert.equal(await comparisonCell(page, 'M 합계', 'best'), best.total.toFixed(3));
  assert.equal(await comparisonCell(page, 'M 합계', 'stable'), stable.total.toFixed(3));
  assert.equal(await comparisonCell(page, '불안정 쌍', 'best'), String(best.blocking_pairs));
  assert.equal(await comparisonCell(page, '불안정 쌍', 'stable'), String(stable.blocking_pairs));
  assert.equal(await page.locator('table.pairs tbody tr').count(), best.pairs.length);

  // A weight change is recomputed in the worker: "computing…" then a new total.
  await page.getByLabel('적합도 a (F)').fill('1.5');
  await page.locator('.solver-status[data-computing="true"]').waitFor();
  await statusSettled(page);
  assert.notEqual(await comparisonCell(page, 'M 합계', 'best'), best.total.toFixed(3));
  await page.getByRole('button', { name: '행사 설정으로 되돌리기' }).click();
  await statusSettled(page);
  assert.equal(await comparisonCell(page, 'M 합계', 'best'), best.total.toFixed(3));

  // Schedule: the grid, then publish with confirmation. The tab is opened by its link, as the
  // organizer would; a failed click fails the test.
  // Tab links carry no fragment (the organizer's secret stays out of every link).
  const schedule = cli(['schedule', '--mode', 'best'], exported);
  await page.getByRole('navigation', { name: '주최자 메뉴' }).getByRole('link', { name: '일정', exact: true }).click();
  await page.waitForURL(/[?&]tab=schedule(&|$)/);
  await page.getByRole('heading', { name: '미팅 일정', level: 2 }).waitFor();
  await statusSettled(page);
  // The grid holds exactly the CLI's meetings: each cell's investor and startup at its slot
  // (row) and table (column).
  const gridMeetings = await page.evaluate(() => [...document.querySelectorAll('table.schedule-grid tbody tr[data-slot]')]
    .flatMap((row) => [...row.querySelectorAll('td')].map((cell, table) => ({ cell, table, slot: Number(row.dataset.slot) }))
      .filter(({ cell }) => cell.classList.contains('meeting'))
      .map(({ cell, table, slot }) => ({ investor: cell.dataset.investor, startup: cell.dataset.startup, slot, table }))));
  assert.ok(schedule.meetings.length > 0);
  assert.deepEqual(sortMeetings(gridMeetings), sortMeetings(schedule.meetings));
  assert.equal(await page.locator('table.schedule-grid tbody th').first().innerText(), '13:00–13:20');
  await page.getByRole('button', { name: '일정 공개' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '확인' }).click();
  await page.getByText('공개했습니다.').first().waitFor();

  // What was published is the schedule itself, meeting by meeting, and each side sees exactly
  // its own meetings.
  const published = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer });
  assert.deepEqual(sortMeetings(published.meetings), sortMeetings(schedule.meetings));
  const investorId = schedule.meetings[0].investor;
  const startupId = schedule.meetings[0].startup;
  const investorSecret = secretOf(imported.investor_links.find(([id]) => id === investorId)[1]);
  const startupSecret = secretOf(imported.startup_links.find(([id]) => id === startupId)[1]);
  const investorView = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: investorSecret });
  const startupView = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: startupSecret });
  const mine = (rows, key, id) => rows.filter((m) => m[key] === id).length;
  assert.deepEqual(sortMeetings(investorView.meetings), sortMeetings(schedule.meetings.filter((m) => m.investor === investorId)));
  assert.deepEqual(sortMeetings(startupView.meetings), sortMeetings(schedule.meetings.filter((m) => m.startup === startupId)));

  // Exports: an .ics for that investor.
  await page.goto(`${server.url}${path}?tab=exports#${fragment}`);
  await page.getByRole('heading', { name: '내보내기', level: 2 }).waitFor();
  await page.getByLabel('투자자 일정').selectOption(investorId);
  const button = page.locator('.calendar-picker').first().getByRole('button');
  await assert.doesNotReject(button.waitFor());
  await page.waitForFunction(() => !document.querySelector('.calendar-picker button').disabled);
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const ics = readFileSync(await download.path(), 'utf8');
  assert.ok(ics.startsWith('BEGIN:VCALENDAR\r\n'));
  assert.ok(!/[^\r]\n/.test(ics), 'every line ends with CRLF');
  for (const line of ics.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const unfolded = ics.replace(/\r\n /g, '');
  const starts = [...unfolded.matchAll(/^DTSTART;TZID=Asia\/Seoul:(\d{8}T\d{6})$/gm)].map((m) => m[1]);
  assert.equal(starts.length, mine(schedule.meetings, 'investor', investorId));
  const firstSlot = Math.min(...schedule.meetings.filter((m) => m.investor === investorId).map((m) => m.slot));
  const minutes = 13 * 60 + 20 * firstSlot;
  assert.equal(starts[0], `20261210T${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}00`);
  assert.match(unfolded, /BEGIN:VTIMEZONE\r\nTZID:Asia\/Seoul/);

  // Export → import: the same ranking and schedule.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /전체 행사 JSON/ }).click()]);
  const fromUi = JSON.parse(readFileSync(await json.path(), 'utf8'));
  const again = await api(server.url, 'POST', '/api/events/import', { body: fromUi });
  const reexported = await api(server.url, 'GET', `/api/events/${again.id}/snapshot`, { secret: secretOf(again.organizer_link) });
  assert.deepEqual(cli(['rank'], reexported), cli(['rank'], fromUi));
  assert.deepEqual(cli(['schedule'], reexported), cli(['schedule'], fromUi));
  assert.deepEqual(cli(['schedule'], fromUi), schedule);

  assert.deepEqual(problems, []);
  await context.close();
});

test('the match, schedule and exports tabs pass axe and switch completely to English', async () => {
  const imported = await api(server.url, 'POST', '/api/events/import', { body: realisticSnapshot() });
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const [path, fragment] = imported.organizer_link.split('#');
  for (const tab of ['matches', 'schedule', 'exports']) {
    await page.goto(`${server.url}${path}?tab=${tab}#${fragment}`);
    await page.locator('.console-tabs, nav').first().waitFor();
    if (tab !== 'exports') await statusSettled(page);
    await assertAccessibleInBothLanguages(page, assert, tab);
    // Every company, firm and the event itself have English names in the demo data, so English
    // leaves nothing Korean but the language switch (no whole kind of cell is skipped).
    const leftover = await koreanText(page, 'noscript');
    assert.deepEqual(leftover.filter((text) => text !== '한국어'), [], tab);
    if (tab === 'schedule') {
      assert.ok((await page.locator('table.schedule-grid td.meeting .startup').allInnerTexts()).includes('HydroWave'), 'English startup names');
    }
    await page.locator('.language-switch').click();
  }
  await context.close();
});

/** A small event worked out by hand: 2 startups, 2 judges, 1 table, 2 slots of 30 minutes. */
function handEvent() {
  return {
    format: 'roadshow-event/1',
    event: {
      id: 'csv', name: 'CSV 시험', scale: { min: 1, max: 10 }, min_judges: 3,
      criteria: [{ key: 'innovation', weight: 1 }, { key: 'viability', weight: 1 }, { key: 'market', weight: 1 }],
      meetings: { slots: 2, tables: 1, first_slot: '2026-12-10T13:00:00+09:00', slot_minutes: 30 },
    },
    // A comma to be quoted, and cells a spreadsheet would run as formulas (= + - @).
    startups: [{ id: 's1', name: '-수소, 배' }, { id: 's2', name: '=바이오' }],
    investors: [{ id: 'i1', firm: '@벤처스' }, { id: 'i2', firm: '+한빛', person: '김 심사역' }],
    scores: [
      ['i1', 's1', [8, 6, 7]], ['i2', 's1', [6, 6, 4]], ['i1', 's2', [5, 5, 5]], ['i2', 's2', [9, 7, 8]],
    ].flatMap(([investor, startup, values]) => ['innovation', 'viability', 'market']
      .map((criterion, c) => ({ investor, startup, criterion, value: values[c] }))),
  };
}

/** Parses RFC 4180 CSV (quoted fields with "" escapes, commas and line breaks inside quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') { field += '"'; at += 1; } else if (char === '"') quoted = false; else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(field); field = ''; } else if (char === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += char;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

test('the CSV exports hold the scores, ranking, matches and schedule, safe for spreadsheets', async () => {
  const imported = await api(server.url, 'POST', '/api/events/import', { body: handEvent() });
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await watchedPage(context);
  const [path, fragment] = imported.organizer_link.split('#');
  await page.goto(`${server.url}${path}?tab=exports#${fragment}`);
  await page.getByRole('heading', { name: '내보내기', level: 2 }).waitFor();
  const download = async (name) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
    const bytes = readFileSync(await file.path());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${name}: starts with the UTF-8 byte-order mark`);
    const text = bytes.toString('utf8').slice(1);
    assert.ok(!text.includes('\ufeff'), `${name}: one mark only`);
    const [header, ...rows] = parseCsv(text);
    return { header, rows: rows.map((row) => Object.fromEntries(header.map((column, at) => [column, row[at]]))) };
  };
  const near = (shown, expected, what) => assert.ok(Math.abs(Number(shown) - expected) < 1e-9, `${what}: ${shown} ≠ ${expected}`);

  // Scores: one row per score given, as imported.
  const scores = await download('점수 CSV');
  assert.deepEqual(scores.header, ['investor', 'startup', 'criterion', 'value', 'abstain', 'comment']);
  assert.deepEqual(scores.rows.map((r) => `${r.investor}/${r.startup}/${r.criterion}=${r.value}${r.abstain}${r.comment}`).sort(),
    handEvent().scores.map((s) => `${s.investor}/${s.startup}/${s.criterion}=${s.value}`).sort());

  // Ranking (normalized). Each judge scored each criterion twice (< 3): shift only, x − μ[j,c] + μ[c].
  // μ[c]: innovation 7, viability 6, market 6. s1: innovation (8−6.5+7 + 6−7.5+7)/2 = 7,
  // viability (6−5.5+6 + 6−6.5+6)/2 = 6, market (7−6+6 + 4−6+6)/2 = 5.5 → 18.5/3;
  // s2: 7, 6, 6.5 → 19.5/3 = 6.5. Raw means are the same here. 2 judges of 3 → needs 1.
  const ranking = await download('순위 CSV');
  assert.deepEqual(ranking.header.slice(0, 12), ['rank', 'startup', 'name', 'total', 'raw_total', 'normalized_total', 'se', 'ci_low', 'ci_high', 'judges', 'needs', 'disagreement']);
  assert.deepEqual(ranking.rows.map((r) => [r.rank, r.startup, r.name, r.judges, r.needs, r.disagreement]),
    [['1', 's2', "'=바이오", '2', '1', 'false'], ['2', 's1', "'-수소, 배", '2', '1', 'false']]);
  near(ranking.rows[0].total, 6.5, 's2 total');
  near(ranking.rows[1].total, 18.5 / 3, 's1 total');
  near(ranking.rows[1].raw_total, 18.5 / 3, 's1 raw total');
  // Judge totals of s1: i1 (8.5 + 6.5 + 7)/3 = 22/3, i2 (5.5 + 5.5 + 4)/3 = 5 → se = |22/3 − 5| / √2 / √2.
  near(ranking.rows[1].se, (22 / 3 - 5) / 2, 's1 se');
  assert.deepEqual([ranking.rows[1].innovation_mean, ranking.rows[1].viability_mean, ranking.rows[1].market_mean].map(Number), [7, 6, 5.5]);

  // Matches: F = 1 (no preferences), O = (own total − 1) / 9, no interest: M = 0.3 + 0.4·O.
  // Own totals: i1·s1 22/3, i2·s2 (8.5 + 6.5 + 8)/3 = 23/3, i1·s2 16/3, i2·s1 5. Two meetings fit
  // (2 slots × 1 table): the best pair set is i1·s1 + i2·s2.
  const matches = await download('매칭 CSV');
  assert.deepEqual(matches.header.slice(0, 5), ['investor', 'investor_name', 'startup', 'startup_name', 'score']);
  const pairs = Object.fromEntries(matches.rows.map((r) => [`${r.investor}·${r.startup}`, r]));
  assert.deepEqual(Object.keys(pairs).sort(), ['i1·s1', 'i2·s2']);
  near(pairs['i1·s1'].score, 0.3 + 0.4 * (22 / 3 - 1) / 9, 'M i1·s1');
  near(pairs['i2·s2'].score, 0.3 + 0.4 * (23 / 3 - 1) / 9, 'M i2·s2');
  assert.equal(pairs['i1·s1'].investor_name, "'@벤처스");
  assert.equal(pairs['i2·s2'].investor_name, "'+한빛 (김 심사역)");
  assert.equal(pairs['i1·s1'].startup_name, "'-수소, 배");

  // Schedule: both pairs, one per slot (one table), at 13:00 + 30 min × slot (KST).
  const schedule = await download('일정 CSV');
  assert.deepEqual(schedule.header, ['slot', 'starts_at', 'ends_at', 'table', 'investor', 'investor_name', 'startup', 'startup_name', 'status', 'reason']);
  const placed = schedule.rows.filter((r) => r.status === 'placed');
  assert.equal(schedule.rows.length, 2, 'nothing unplaced');
  assert.deepEqual(placed.map((r) => `${r.investor}·${r.startup}`).sort(), ['i1·s1', 'i2·s2']);
  assert.deepEqual(placed.map((r) => r.slot).sort(), ['0', '1']);
  for (const row of placed) {
    const start = 13 * 60 + 30 * Number(row.slot);
    const hhmm = (minutes) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    assert.equal(row.starts_at, `2026-12-10T${hhmm(start)}:00+09:00`);
    assert.equal(row.ends_at, `2026-12-10T${hhmm(start + 30)}:00+09:00`);
    assert.equal(row.table, '0');
  }
  assert.deepEqual(problems, []);
  await context.close();
});
