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

  // Schedule: the grid, then publish with confirmation.
  const schedule = cli(['schedule', '--mode', 'best'], exported);
  await page.getByRole('link', { name: '미팅 일정' }).or(page.getByRole('tab', { name: '미팅 일정' })).first().click().catch(async () => {
    await page.goto(`${server.url}${path}?tab=schedule#${fragment}`);
  });
  if (!(await page.getByRole('heading', { name: '미팅 일정', level: 2 }).isVisible())) {
    await page.goto(`${server.url}${path}?tab=schedule#${fragment}`);
  }
  await page.getByRole('heading', { name: '미팅 일정', level: 2 }).waitFor();
  await statusSettled(page);
  assert.equal(await page.locator('table.schedule-grid td.meeting').count(), schedule.meetings.length);
  assert.equal(await page.locator('table.schedule-grid tbody th').first().innerText(), '13:00–13:20');
  await page.getByRole('button', { name: '일정 공개' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '확인' }).click();
  await page.getByText('공개했습니다.').first().waitFor();

  const investorId = schedule.meetings[0].investor;
  const startupId = schedule.meetings[0].startup;
  const investorSecret = secretOf(imported.investor_links.find(([id]) => id === investorId)[1]);
  const startupSecret = secretOf(imported.startup_links.find(([id]) => id === startupId)[1]);
  const investorView = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: investorSecret });
  const startupView = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: startupSecret });
  const mine = (rows, key, id) => rows.filter((m) => m[key] === id).length;
  assert.equal(investorView.meetings.length, mine(schedule.meetings, 'investor', investorId));
  assert.ok(investorView.meetings.every((m) => m.investor === investorId));
  assert.equal(startupView.meetings.length, mine(schedule.meetings, 'startup', startupId));

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
    // People's and firms' names, the event name and the demo's fictional note are data, not labels.
    const leftover = await koreanText(page, 'h1, td, dd, th[scope="row"], option, noscript, .eyebrow');
    assert.deepEqual(leftover.filter((text) => text !== '한국어' && !text.startsWith('KRW')), [], tab);
    await page.locator('.language-switch').click();
  }
  await context.close();
});
