// How firm is the cut (issue 16; docs/definitions.md §8.5), in the console: on a scored event,
// the organizer asks for the robustness at K = 3 under the leaderboard; the match worker's
// answer is `roadshow robustness --cut 3` on the exported snapshot byte for byte, the table
// shows every startup's chance, and leaving out a judge the console flags as decisive changes
// the top 3 of `roadshow rank` (checked with the command, independently of the worker).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { DESKTOP, consoleUrl } from '../support/fixtures.mjs';
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

const cli = ([command, ...args], snapshot) => roadshow(server.dir, command, snapshot, args);

/** The top K of `roadshow rank`: the startups ranked K or better. */
const topK = (rankOutput, k) => JSON.parse(rankOutput).filter((row) => row.rank !== null && row.rank <= k).map((row) => row.startup).sort();

test('the console computes the robustness of the cut as roadshow robustness does', async () => {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  // A close field: a few startups a point apart, judges who disagree in a pattern.
  snapshot.scores = snapshot.investors.flatMap((investor, i) => snapshot.startups.flatMap((startup, s) =>
    snapshot.event.criteria.map((criterion, c) => ({
      investor: investor.id, startup: startup.id, criterion: criterion.key,
      value: Math.min(10, Math.max(1, 6 + ((s * 5 + i * 3 + c) % 5) - 2 + (i % 4 === s % 4 ? 2 : 0))),
    }))));
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  const exported = await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  const expected = cli(['robustness', '--cut', '3'], exported);

  const context = await browser.newContext(DESKTOP);
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(server.url, ids, 'tab=leaderboard'));
  await page.locator('#robustness-cut').fill('3');
  await page.locator('#robustness-cut').press('Tab');
  await page.getByRole('button', { name: '계산', exact: true }).click();
  const json = page.locator('pre.robustness-json');
  await json.waitFor({ state: 'attached' });
  assert.equal(await json.textContent(), expected);

  const result = JSON.parse(expected);
  assert.equal(await page.locator('table.robustness tbody tr').count(), snapshot.startups.length);
  for (const row of result.startups) {
    const shown = await page.locator(`table.robustness tr[data-startup="${row.startup}"] td.number`).innerText();
    assert.equal(shown, `${(row.p_top_k * 100).toFixed(1)}%`, row.startup);
  }
  // A judge flagged decisive does change the top 3 when left out (the command, not the worker).
  assert.ok(result.decisive_judges.length > 0, 'the field is close enough to have a decisive judge');
  const judge = result.decisive_judges[0];
  const without = { ...exported, scores: exported.scores.filter((score) => score.investor !== judge) };
  assert.notDeepEqual(topK(cli(['rank'], without), 3), topK(cli(['rank'], exported), 3));
  // And one the console does not flag keeps it.
  const judges = [...new Set(exported.scores.map((score) => score.investor))];
  const calm = judges.find((id) => !result.decisive_judges.includes(id));
  if (calm) {
    const keeps = { ...exported, scores: exported.scores.filter((score) => score.investor !== calm) };
    assert.deepEqual(topK(cli(['rank'], keeps), 3), topK(cli(['rank'], exported), 3));
  }
  await assertAccessibleInBothLanguages(page, assert, 'the leaderboard with the robustness of the cut');
  assert.deepEqual(problems, []);
  await context.close();
});
