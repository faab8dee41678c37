// Each track's own board (issue 16; docs/definitions.md §8.2): with startups in two leagues and
// judges who score in both, the console's board for one track ranks and normalizes that track's
// startups among themselves — the figures of `roadshow rank --track T` on the export, which
// differ from the whole event's — follows a new score live, the startup detail opened from it
// shows the track's figures, and the robustness of its cut is `roadshow robustness --track T`.
// A judge limited to one track scores only that track's pitches on the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { DESKTOP, PHONE, consoleUrl, investorUrl, sendMutations } from '../support/fixtures.mjs';
import { roadshow } from '../support/cli.mjs';

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

const LEAGUES = ['혁신리그', '스케일업리그'];

/** The demo in two leagues (odd and even startups); every judge scores most pitches in both. */
function twoLeagues() {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  snapshot.startups.forEach((startup, s) => { startup.track = LEAGUES[s % 2]; });
  snapshot.scores = snapshot.investors.flatMap((investor, i) => snapshot.startups.flatMap((startup, s) =>
    (i + s) % 3 === 0 ? [] : snapshot.event.criteria.map((criterion, c) => ({
      investor: investor.id, startup: startup.id, criterion: criterion.key,
      value: 1 + ((i * 7 + s * 3 + c * 5 + i * s * (c + 1)) % 10),
    }))));
  return snapshot;
}

/** What the CLI prints, as the board shows it: startup id → { rank, total, judges }. */
const asShown = (rows) => Object.fromEntries(rows.map((row) => [row.startup, {
  rank: row.rank === null ? '' : String(row.rank),
  total: row.total === null ? '–' : row.total.toFixed(2),
  judges: String(row.judges),
}]));

/** The board as shown, in its order. */
const shownBoard = (page) => page.evaluate(() => [...document.querySelectorAll('.board-table tbody tr[data-startup]')]
  .map((row) => [row.dataset.startup, {
    rank: row.querySelector('.rank').dataset.rank,
    total: row.querySelector('.total').textContent.trim(),
    judges: row.querySelector('.judges').textContent.trim(),
  }]));

async function expectBoard(page, expected, message) {
  try {
    await page.waitForFunction((want) => {
      const rows = [...document.querySelectorAll('.board-table tbody tr[data-startup]')];
      return rows.length === want.length && rows.every((row, n) => row.dataset.startup === want[n][0]
        && row.querySelector('.total').textContent.trim() === want[n][1].total
        && row.querySelector('.rank').dataset.rank === want[n][1].rank);
    }, expected, { timeout: 5_000 });
  } catch {
    assert.deepEqual(await shownBoard(page), expected, message);
  }
}

test('each track has its own board, as roadshow rank --track has it, and it follows new scores', async () => {
  const snapshot = twoLeagues();
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { phase: 'scoring' } });
  const exportNow = () => api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  const rank = (exported, args = []) => JSON.parse(roadshow(server.dir, 'rank', exported, args));

  let exported = await exportNow();
  const whole = asShown(rank(exported));
  const boards = Object.fromEntries(LEAGUES.map((league) => [league, rank(exported, ['--track', league])]));
  // Each board holds its league only, and per-track normalization shows in the figures.
  for (const league of LEAGUES) {
    const members = snapshot.startups.filter((startup) => startup.track === league).map((startup) => startup.id);
    assert.deepEqual(boards[league].map((row) => row.startup).sort(), members.sort(), league);
  }
  const differs = LEAGUES.some((league) => boards[league].some((row) => asShown([row])[row.startup].total !== whole[row.startup].total));
  assert.ok(differs, 'a track total differs from the whole event total');

  const organizer = await browser.newContext(DESKTOP);
  const { page, problems } = await watchedPage(organizer);
  await page.goto(consoleUrl(server.url, ids, 'tab=leaderboard'));
  await page.locator('.board-table tbody tr[data-startup]').first().waitFor();
  await expectBoard(page, Object.entries(whole), 'the whole board');

  for (const league of LEAGUES) {
    await page.locator('#board-track').selectOption(league);
    await page.waitForURL((url) => new URL(url).searchParams.get('track') === league);
    await expectBoard(page, Object.entries(asShown(boards[league])), league);
    assert.match(await page.locator('#track-board-note').innerText(), new RegExp(league));
  }

  // A judge changes a score in 스케일업리그: that board follows, equal to the CLI on a new export.
  const league = '스케일업리그';
  const target = boards[league][boards[league].length - 1].startup;
  const judge = snapshot.scores.find((score) => score.startup === target).investor;
  const link = secretOf(imported.investor_links.find(([id]) => id === judge)[1]);
  await sendMutations(server.url, ids.event, link, 'tracks-e2e', [
    { seq: 1, type: 'score', startup: target, criterion: 'innovation', value: 10 },
    { seq: 2, type: 'score', startup: target, criterion: 'viability', value: 10 },
    { seq: 3, type: 'score', startup: target, criterion: 'market', value: 10 },
  ]);
  exported = await exportNow();
  const after = rank(exported, ['--track', league]);
  assert.notDeepEqual(asShown(after), asShown(boards[league]), 'the new scores move the board');
  await expectBoard(page, Object.entries(asShown(after)), `${league} after the new scores`);

  // The detail opened from the track's board shows the track's total.
  await page.locator(`.board-table tr[data-startup="${target}"] .startup-name a`).click();
  await page.waitForURL((url) => new URL(url).searchParams.get('startup') === target);
  const row = after.find((entry) => entry.startup === target);
  const detailTotal = page.locator('.startup-detail .facts dd').first();
  await detailTotal.waitFor();
  assert.equal((await detailTotal.innerText()).trim(), row.total.toFixed(2));

  // Back to the whole event: the whole board as the CLI has it now.
  await page.locator('#board-track').selectOption('');
  await page.waitForURL((url) => !new URL(url).searchParams.has('track'));
  const wholeAfter = rank(exported);
  await expectBoard(page, Object.entries(asShown(wholeAfter)), 'the whole board after');

  // How firm the track's cut is: the worker's answer for the chosen board is the command's
  // output with --track, byte for byte; another board's result is not shown.
  await page.locator('#board-track').selectOption(league);
  await page.waitForURL((url) => new URL(url).searchParams.get('track') === league);
  await page.locator('#robustness-cut').fill('2');
  await page.locator('#robustness-cut').press('Tab');
  await page.locator('button.compute-robustness').click();
  const json = page.locator('pre.robustness-json');
  await json.waitFor({ state: 'attached' });
  assert.equal(await json.textContent(), roadshow(server.dir, 'robustness', exported, ['--cut', '2', '--track', league]));
  assert.equal(await page.locator('table.robustness tbody tr').count(), boards[league].length);
  await page.locator('#board-track').selectOption(LEAGUES[0]);
  await json.waitFor({ state: 'detached' });
  await page.locator('#board-track').selectOption(league);
  await assertAccessibleInBothLanguages(page, assert, 'a track board');
  assert.deepEqual(problems, []);
  await organizer.close();
});

test("a judge limited to a track scores only its pitches on the phone; the others stay open to 'want to meet'", async () => {
  const snapshot = twoLeagues();
  const judge = snapshot.investors[0];
  judge.tracks = [LEAGUES[0]];
  snapshot.scores = snapshot.scores.filter((score) => score.investor !== judge.id);
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { phase: 'scoring' } });
  const link = imported.investor_links.find(([id]) => id === judge.id)[1];
  const own = snapshot.startups.filter((startup) => startup.track === LEAGUES[0]).map((startup) => startup.id);
  const other = snapshot.startups.filter((startup) => startup.track !== LEAGUES[0]).map((startup) => startup.id);

  const phone = await browser.newContext(PHONE);
  const { page, problems } = await watchedPage(phone);
  await page.goto(investorUrl(server.url, link));
  await page.locator('.pitch-list li.pitch-item').first().waitFor();
  assert.equal(await page.locator('.progress').innerText(), `${own.length}개 중 0개 평가`);
  const outside = await page.locator('.pitch-list li.other-track a').evaluateAll((links) => links.map((a) => a.getAttribute('href').replace('?pitch=', '')));
  assert.deepEqual(outside.sort(), [...other].sort());
  for (const text of await page.locator('.pitch-list li.other-track .badge').allInnerTexts()) assert.equal(text, '심사 대상 아님');

  // Another league's pitch: no scores to give, but "want to meet" reaches the server.
  await page.goto(investorUrl(server.url, link, `pitch=${other[0]}`));
  await page.locator('.outside-tracks').waitFor();
  assert.equal(await page.locator('fieldset[data-criterion]').count(), 0);
  await page.locator('fieldset.want').getByRole('radio', { name: '예', exact: true }).check();
  await page.locator('.sync-badge[data-state="synced"]').waitFor();
  const stored = await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  assert.deepEqual(stored.interest.filter((entry) => entry.investor === judge.id), [{ investor: judge.id, startup: other[0], want: true }]);
  await assertAccessibleInBothLanguages(page, assert, "a pitch outside the judge's tracks");

  // Its own league's pitch is scored as before; "to do" lists only its league.
  await page.goto(investorUrl(server.url, link, `pitch=${own[0]}`));
  await page.locator('fieldset[data-criterion]').first().waitFor();
  assert.equal(await page.locator('fieldset[data-criterion]').count(), snapshot.event.criteria.length);
  assert.equal(await page.locator('.outside-tracks').count(), 0);
  await page.goto(investorUrl(server.url, link, 'show=todo'));
  await page.locator('.pitch-list li.pitch-item').first().waitFor();
  const todo = await page.locator('.pitch-list li.pitch-item a').evaluateAll((links) => links.map((a) => a.getAttribute('href').replace('?pitch=', '')));
  assert.deepEqual(todo.sort(), [...own].sort());
  assert.deepEqual(problems, []);
  await phone.close();
});
