// A program of three roadshows (issue 15; docs/definitions.md §7.5): the program is created on
// its page, one event is brought in by pasting its organizer link, one through the API, one is
// created on the program page. The page's figures (each event's and the total) equal `roadshow
// report` on the three exported snapshots; a filter to one region, and leaving an event out,
// change every figure as the CLI's report of the same choice says; axe passes in both languages;
// on paper every table fits an A4 landscape page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, watchedPage, waitForApp } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { DESKTOP } from '../support/fixtures.mjs';
import { CLI } from '../support/cli.mjs';

let server;
let browser;
let dir;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = mkdtempSync(join(tmpdir(), 'roadshow-program-'));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SUSORO = '1234567891';
const JEJU_DRONE = '1058700005';

const event = (id, name, day) => ({
  id, name,
  starts_at: `${day}T10:00:00+09:00`, ends_at: `${day}T17:00:00+09:00`,
  scale: { min: 1, max: 10 }, criteria: [{ key: 'innovation', weight: 1 }], min_judges: 1,
  meetings: { slots: 4, tables: 2 },
});

const snapshot = (ev, startups, investors, scores, meetings, follow_ups) => ({
  format: 'roadshow-event/1', event: ev, startups, investors, scores, interest: [], meetings, follow_ups,
});

const ulsan = () => snapshot(
  event('e-ulsan', '울산 로드쇼', '2026-05-12'),
  [
    { id: 'a1', name: '수소로', business_id: SUSORO, region: 'Ulsan', field: 'hydrogen', zone: 'ulsan-hydrogen-green-mobility' },
    { id: 'a2', name: '서울바이오', region: 'Seoul', field: 'bio' },
  ],
  [{ id: 'ia1', firm: '(주)한빛벤처스', type: 'vc' }, { id: 'ia2', firm: '동남액셀러레이터', type: 'ac' }],
  [{ investor: 'ia1', startup: 'a1', criterion: 'innovation', value: 8 }],
  [
    { investor: 'ia1', startup: 'a1', slot: 0, table: 0, status: 'held' },
    { investor: 'ia2', startup: 'a2', slot: 0, table: 1, status: 'held' },
    { investor: 'ia2', startup: 'a1', slot: 1, table: 0, status: 'no_show' },
  ],
  [
    { investor: 'ia1', startup: 'a1', stage: 'invested', amount_krw: 3_000_000_000, date: '2026-06-01', confirmed: true },
    { investor: 'ia2', startup: 'a2', stage: 'invested', amount_krw: 1_000_000_000, date: '2026-06-02', confirmed: false },
  ],
);

const busan = () => snapshot(
  event('e-busan', '부산 로드쇼', '2026-09-08'),
  [
    { id: 'b1', name: '수소로(주)', business_id: SUSORO, region: 'Ulsan', field: 'hydrogen' },
    { id: 'b2', name: '제주드론', business_id: JEJU_DRONE, region: 'Jeju', field: 'mobility' },
  ],
  [{ id: 'ib1', firm: '한빛 벤처스', type: 'vc' }, { id: 'ib2', firm: 'Kakao Ventures', type: 'cvc' }],
  [{ investor: 'ib1', startup: 'b2', criterion: 'innovation', value: 9 }],
  [
    { investor: 'ib1', startup: 'b1', slot: 0, table: 0, status: 'held' },
    { investor: 'ib1', startup: 'b2', slot: 1, table: 0, status: 'held' },
    { investor: 'ib2', startup: 'b2', slot: 0, table: 1, status: 'held' },
  ],
  [
    { investor: 'ib1', startup: 'b2', stage: 'invested', amount_krw: 500_000_000, date: '2026-09-20' },
    { investor: 'ib2', startup: 'b2', stage: 'term_sheet' },
  ],
);

/** `roadshow report` on these snapshots (objects), parsed. */
function report(snapshots) {
  const files = snapshots.map((s, n) => {
    const file = join(dir, `report-${n}-${Math.random().toString(16).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(s));
    return file;
  });
  return JSON.parse(execFileSync(CLI, ['report', ...files], { encoding: 'utf8' }));
}

const COUNTS = (f) => [
  f.startups_registered, f.startups_pitched, f.investors,
  f.meetings.proposed, f.meetings.confirmed, f.meetings.declined, f.meetings.held, f.meetings.no_show, f.meetings.cancelled,
  f.stages.met, f.stages.follow_up, f.stages.due_diligence, f.stages.term_sheet, f.stages.invested, f.stages.passed,
].map(String);

const EMPTY = {
  startups_registered: 0, startups_pitched: 0, investors: 0,
  meetings: { proposed: 0, confirmed: 0, declined: 0, held: 0, no_show: 0, cancelled: 0 },
  stages: { met: 0, follow_up: 0, due_diligence: 0, term_sheet: 0, invested: 0, passed: 0 },
  invested_krw: 0, invested_krw_confirmed: 0, non_capital_share: null,
};

/** A row as the page should show it: counts, KRW reported and confirmed, share. */
const expectedRow = (f) => ({
  counts: COUNTS(f), krw: String(f.invested_krw), confirmed: String(f.invested_krw_confirmed),
  share: f.non_capital_share === null ? '' : String(f.non_capital_share),
});

/** The figures table as shown: {event id or 'total': row}. */
const shownRows = (page) => page.evaluate(() => {
  const rows = {};
  for (const row of document.querySelectorAll('#figures-table tbody tr, #figures-table tfoot tr')) {
    const cells = [...row.querySelectorAll('td')];
    rows[row.dataset.event ?? 'total'] = {
      counts: cells.slice(0, 15).map((cell) => cell.textContent.trim()),
      krw: cells[15].dataset.krw, confirmed: cells[16].dataset.krw, share: cells[17].dataset.share,
    };
  }
  return rows;
});

async function expectRows(page, expected, message) {
  try {
    await page.waitForFunction((want) => {
      const rows = document.querySelectorAll('#figures-table tbody tr');
      return rows.length === Object.keys(want).length - 1;
    }, expected, { timeout: 8_000 });
  } catch { /* compared below */ }
  let shown;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    shown = await shownRows(page);
    if (JSON.stringify(shown) === JSON.stringify(expected)) break;
    await page.waitForTimeout(200);
  }
  if (JSON.stringify(shown) !== JSON.stringify(expected)) {
    const seen = await page.evaluate(() => document.querySelector('main')?.innerText.slice(0, 1500));
    assert.deepEqual(shown, expected, `${message}; the page shows:\n${seen}`);
  }
}

test('three roadshows of a program add up on its page exactly as roadshow report does', async () => {
  const base = server.url;
  const context = await browser.newContext(DESKTOP);
  const { page, problems } = await watchedPage(context);

  // The program, created on its page.
  await page.goto(`${base}/programs/new`);
  await waitForApp(page);
  await assertAccessibleInBothLanguages(page, assert, 'the new program form');
  if ((await page.locator('html').getAttribute('lang')) !== 'ko') await page.locator('.language-switch').click();
  await page.fill('#program-name', '2026 상생이음 로드쇼');
  await page.click('.program-form button[type=submit]');
  const programLink = await page.locator('a.program-link').getAttribute('href');
  const program = programLink.match(/^\/programs\/([^/]+)\/organize#k=/)[1];
  const key = secretOf(programLink);

  // Ulsan and Busan exist already (imported); Busan joins through the API, Ulsan by its link.
  const imported = async (s) => {
    const created = await api(base, 'POST', '/api/events/import', { body: s });
    return { event: created.id, organizer: secretOf(created.organizer_link), link: created.organizer_link };
  };
  const u = await imported(ulsan());
  const b = await imported(busan());
  await api(base, 'PUT', `/api/programs/${program}/events/${b.event}`, { secret: key, body: { organizer_key: b.organizer } });

  await page.goto(`${base}${programLink}`);
  await page.locator('.program-header h1').waitFor();
  assert.equal(await page.locator('.program-header h1').textContent(), '2026 상생이음 로드쇼');
  assert.ok(!page.url().includes('#k='), 'the key leaves the address bar');
  // A link that is not an organizer's is refused at the field.
  await page.fill('#attach-link', `${base}/events/${u.event}/score#k=${u.organizer}`);
  await page.click('.attach-form button[type=submit]');
  await page.locator('#attach-link-error', { hasText: '주최자 링크 형식이 아닙니다' }).waitFor();
  await page.fill('#attach-link', `${base}${u.link}`);
  await page.click('.attach-form button[type=submit]');
  await page.locator(`.program-events-table tr[data-event="${u.event}"]`).waitFor();

  // Gwangju, created on the program page; two startups registered through the API.
  await page.fill('#name', '광주 로드쇼');
  await page.fill('#venue', '김대중컨벤션센터');
  await page.fill('#starts_at', '2026-10-14T10:00');
  await page.fill('#ends_at', '2026-10-14T16:00');
  await page.click('.event-form button[type=submit]');
  await page.locator('#organizer-link').waitFor();
  const gwangjuLink = await page.locator('#organizer-link').inputValue();
  const g = { event: gwangjuLink.match(/\/events\/([^/]+)\/organize/)[1], organizer: secretOf(gwangjuLink) };
  for (const [id, region] of [['g1', 'Gwangju'], ['g2', 'Gyeonggi']]) {
    await api(base, 'POST', `/api/events/${g.event}/startups`, { secret: g.organizer, body: {
      id, name: `광주 기업 ${id}`, status: 'published', field: 'hydrogen', stage: 'seed', ask_krw: 1_000_000_000,
      pitch_ko: '발표', contact: `${id}@example.com`, region } });
  }
  await page.reload();
  await page.locator(`.program-events-table tr[data-event="${g.event}"]`).waitFor();
  const order = await page.$$eval('.program-events-table tbody tr', (rows) => rows.map((row) => row.dataset.event));
  assert.deepEqual(order, [u.event, b.event, g.event], 'earliest first');

  // The three exported snapshots, and the CLI's figures of them.
  const exported = {};
  for (const ids of [u, b, g]) {
    exported[ids.event] = await api(base, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
    assert.equal(exported[ids.event].event.program, program);
  }
  const cliOf = (events) => report(events.map((id) => exported[id]));
  const rowsOf = (cli, bucket = (f) => f) => {
    const rows = {};
    for (const { event: id, figures } of cli.events) rows[id] = expectedRow(bucket(figures));
    rows.total = expectedRow(bucket(cli.total));
    return rows;
  };
  const all = cliOf([u.event, b.event, g.event]);
  // Worked by hand too: 수소로 once (business id), 5 startups; 45억 of which 35억 non-capital.
  assert.equal(all.total.startups_registered, 5);
  assert.equal(all.total.invested_krw, 4_500_000_000);
  await expectRows(page, rowsOf(all), 'the whole program');

  // One region only: every row shows its Ulsan figures, the URL carries the filter.
  await page.selectOption('#breakdown', 'region');
  await page.locator('#bucket option[value="Ulsan"]').waitFor({ state: 'attached' });
  await page.selectOption('#bucket', 'Ulsan');
  const ulsanOnly = (f) => f.by_region.Ulsan ?? EMPTY;
  await expectRows(page, rowsOf(all, ulsanOnly), 'Ulsan only');
  assert.match(page.url(), /by=region/);
  assert.match(page.url(), /key=Ulsan/);
  const breakdownKeys = await page.$$eval('#breakdown-table tbody tr', (rows) => rows.map((row) => row.dataset.key));
  assert.deepEqual(breakdownKeys, Object.keys(all.total.by_region));

  // Busan left out: the total is the CLI's total of Ulsan and Gwangju, still for Ulsan only.
  await page.uncheck(`#include-${b.event}`);
  const withoutBusan = cliOf([u.event, g.event]);
  await expectRows(page, rowsOf(withoutBusan, ulsanOnly), 'Busan left out, Ulsan only');
  assert.notDeepEqual(withoutBusan.total, all.total);
  // The filters survive a reload (they are the URL).
  await page.reload();
  await expectRows(page, rowsOf(withoutBusan, ulsanOnly), 'after a reload');

  // The chart's table: the 2017–2021 baseline, each event and the total.
  const shareRows = await page.$$eval('#share-table tbody tr', (rows) => rows.map((row) => row.textContent));
  assert.equal(shareRows.length, 5 + 2 + 1);
  assert.match(shareRows[0], /2017.*8\.3%/);

  await page.selectOption('#bucket', '');
  await expectRows(page, rowsOf(withoutBusan), 'Busan left out, every region');

  // Firms as the program organizer corrects them: 한빛 (two spellings), 동남, Kakao = 3 firms.
  await page.check(`#include-${b.event}`);
  await expectRows(page, rowsOf(all), 'every event again');
  assert.equal(all.total.investors, 3);
  const totalInvestors = () => page.locator('#figures-table tfoot td').nth(2);
  const expectTotalInvestors = async (count, message) => {
    await page.waitForFunction((n) => document.querySelectorAll('#figures-table tfoot td')[2]?.textContent.trim() === String(n), count, { timeout: 8_000 })
      .catch(async () => assert.equal(await totalInvestors().textContent(), String(count), message));
  };
  const hanbitRow = page.locator('#firms-table tr', { has: page.locator('li[data-name="한빛 벤처스"]') });
  assert.match(await hanbitRow.textContent(), /\(주\)한빛벤처스/);
  // "한빛 벤처스" split off: 4 firms; undone: the CLI's figures again.
  await page.click('.split-firm[data-name="한빛 벤처스"]');
  await expectTotalInvestors(4, 'split');
  await page.locator('li[data-name="한빛 벤처스"][data-corrected="true"]').waitFor();
  await page.click('.undo-firm[data-name="한빛 벤처스"]');
  await expectTotalInvestors(3, 'undone');
  await expectRows(page, rowsOf(all), 'the split undone');
  // Kakao Ventures merged into 한빛: 2 firms, and Busan's row has one firm.
  const kakaoRow = page.locator('#firms-table tr', { has: page.locator('li[data-name="Kakao Ventures"]') });
  const hanbit = await hanbitRow.getAttribute('data-identity');
  await kakaoRow.locator('select.merge-into').selectOption(hanbit);
  await kakaoRow.locator('.merge-firm').click();
  await expectTotalInvestors(2, 'merged');
  await page.waitForFunction((id) => document.querySelector(`#figures-table tr[data-event="${id}"] td:nth-of-type(3)`)?.textContent.trim() === '1', b.event);
  await page.locator('li[data-name="Kakao Ventures"][data-corrected="true"]').waitFor();
  await page.click('.undo-firm[data-name="Kakao Ventures"]');
  await expectRows(page, rowsOf(all), 'the merge undone');
  await page.uncheck(`#include-${b.event}`);
  await expectRows(page, rowsOf(withoutBusan), 'Busan left out again');
  await assertAccessibleInBothLanguages(page, assert, 'the program page');

  // On paper (A4 landscape, 10 mm margins: 277 mm ≈ 1047 px wide): the figures, the chart and
  // the tables, whole; the forms and the filters are left off.
  await page.setViewportSize({ width: 1047, height: 740 });
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => ({
    forms: getComputedStyle(document.querySelector('.program-forms')).display,
    filters: getComputedStyle(document.querySelector('.program-filters')).display,
    figures: getComputedStyle(document.querySelector('#figures-table')).visibility,
    tables: document.querySelectorAll('.program table').length,
    overflowing: [...document.querySelectorAll('.program table')].filter((table) => table.getBoundingClientRect().right > 1047 + 0.5).map((table) => table.id || table.className),
  }));
  // Events, figures, share, breakdown and firms: five tables, none wider than the page.
  assert.deepEqual(layout, { forms: 'none', filters: 'none', figures: 'visible', tables: 5, overflowing: [] });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  assert.ok(pdf.length > 1000);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize(DESKTOP.viewport);

  // The console of an event opens from the program page with an organizer link of its own.
  await page.click(`.program-events-table tr[data-event="${u.event}"] .open-console`);
  await page.waitForURL(new RegExp(`/events/${u.event}/organize`));
  await page.locator('.console').waitFor({ timeout: 15_000 });
  assert.match(await page.locator('h1').first().textContent(), /울산 로드쇼/);

  assert.deepEqual(problems, []);
  await context.close();
});

/** 광주, December: 수소로 again (g1, the same business id as Ulsan's a1), two Seoul startups and
 * one in Gwangju; 한빛 벤처스 (the firm that met 수소로 in Ulsan) and another Seoul firm, two
 * Busan firms. Weights make M = 0.2·I + 0.1·P, so giving up two wanted pairs (0.4) for a policy
 * pair pays once β > 0.4. */
const gwangju = () => ({
  format: 'roadshow-event/1',
  event: {
    ...event('e-gwangju', '광주 로드쇼', '2026-12-15'),
    match: { fit: 0, own: 0, interest: 0.2, startup_interest: 0.1, threshold: 0, mode: 'best' },
  },
  startups: [
    { id: 'g1', name: '수소로', business_id: SUSORO, region: 'Ulsan', status: 'published', capacity: 1 },
    { id: 'g2', name: '서울모빌리티', region: 'Seoul', status: 'published', capacity: 1 },
    { id: 'g3', name: '서울헬스', region: 'Seoul', status: 'published', capacity: 1 },
    { id: 'g4', name: '광주에너지', region: 'Gwangju', status: 'published', capacity: 1 },
  ],
  investors: [
    { id: 'gi1', firm: '한빛 벤처스', hq_region: 'Seoul', capacity: 1 },
    { id: 'gi2', firm: '서울캐피탈', hq_region: 'Seoul', capacity: 1 },
    { id: 'gi3', firm: '부산파트너스', hq_region: 'Busan', capacity: 1 },
    { id: 'gi4', firm: '동남벤처', hq_region: 'Busan', capacity: 1 },
  ],
  scores: [],
  interest: [
    { investor: 'gi1', startup: 'g2', want: true },
    { investor: 'gi2', startup: 'g3', want: true },
    { investor: 'gi3', startup: 'g4', want: true },
    { investor: 'gi4', startup: 'g1', want: true },
  ],
});

/** `roadshow match FILE ARGS…` on a snapshot, parsed. */
function match(snapshot, args = []) {
  const file = join(dir, `match-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return JSON.parse(execFileSync(CLI, ['match', file, ...args], { encoding: 'utf8' }));
}

const boardPairs = (page) => page.$$eval('.board-table.pairs tbody tr', (rows) => rows.map((row) => [row.dataset.investor, row.dataset.startup]));

test('a pair that met at an earlier roadshow is missing from the board with its reason; the frontier is exact at every β', async () => {
  const base = server.url;
  const created = await api(base, 'POST', '/api/programs', { body: { name: '2026 상생이음 로드쇼' } });
  const key = secretOf(created.organizer_link);
  const join_ = async (s) => {
    const made = await api(base, 'POST', '/api/events/import', { body: s });
    const ids = { event: made.id, organizer: secretOf(made.organizer_link) };
    await api(base, 'PUT', `/api/programs/${created.id}/events/${ids.event}`, { secret: key, body: { organizer_key: ids.organizer } });
    return ids;
  };
  const u = await join_(ulsan());
  const g = await join_(gwangju());
  const exported = await api(base, 'GET', `/api/events/${g.event}/snapshot`, { secret: g.organizer });
  // 한빛 met 수소로 in Ulsan: gi1–g1 is listed, with the event it met at.
  assert.deepEqual(exported.met_before, [{ investor: 'gi1', startup: 'g1', event: u.event, event_name: '울산 로드쇼' }]);
  const cli = match(exported);
  assert.ok(!cli.pairs.some((p) => p.investor === 'gi1' && p.startup === 'g1'));

  const context = await browser.newContext(DESKTOP);
  const { page, problems } = await watchedPage(context);
  await page.goto(`${base}/events/${g.event}/organize?tab=matches#k=${g.organizer}`);
  const note = page.locator('.met-before-pairs tr[data-investor="gi1"][data-startup="g1"]');
  await note.waitFor({ timeout: 20_000 });
  assert.equal(await note.getAttribute('data-veto'), 'met_before');
  assert.match(await note.textContent(), /울산 로드쇼/);
  assert.match(await note.textContent(), /이미 만나 제외/);
  await page.waitForFunction((n) => document.querySelectorAll('.board-table.pairs tbody tr').length === n, cli.pairs.length);
  assert.deepEqual(await boardPairs(page), cli.pairs.map((p) => [p.investor, p.startup]));

  // The frontier: 21 points, each what `roadshow match --policy-bonus β` prints.
  await page.click('#compute-frontier');
  await page.locator('.frontier-table tbody tr').nth(20).waitFor({ timeout: 20_000 });
  const points = await page.$$eval('.frontier-table tbody tr', (rows) => rows.map((row) => ({
    beta: Number(row.dataset.beta), total: Number(row.dataset.total), policy: Number(row.dataset.policyPairs) })));
  assert.equal(points.length, 21);
  let previous = -1;
  for (const point of points) {
    const printed = match(exported, ['--policy-bonus', String(point.beta)]);
    assert.deepEqual([point.total, point.policy], [printed.total, printed.policy_pairs], `β = ${point.beta}`);
    assert.ok(point.policy >= previous, 'policy pairs never fall as β rises');
    previous = point.policy;
  }
  assert.equal(points[0].policy, 0);
  assert.ok(points[20].policy > 0, 'a bonus of 1 buys a policy pair');
  // Picking a point solves the board with it.
  const picked = points.find((point) => point.policy > 0);
  await page.click(`.frontier-table tr[data-beta="${picked.beta}"] .use-beta`);
  await page.locator('.beta-in-use').waitFor();
  const withBonus = match(exported, ['--policy-bonus', String(picked.beta)]);
  await page.waitForFunction((want) => JSON.stringify([...document.querySelectorAll('.board-table.pairs tbody tr')]
    .map((row) => [row.dataset.investor, row.dataset.startup])) === JSON.stringify(want), withBonus.pairs.map((p) => [p.investor, p.startup]));
  assert.match(await page.locator('.beta-in-use').textContent(), new RegExp(`정책 쌍 ${withBonus.policy_pairs}`));

  await assertAccessibleInBothLanguages(page, assert, 'the match board with the frontier and the pairs that met before');
  assert.deepEqual(problems, []);
  await context.close();
});
