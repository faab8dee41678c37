// The live leaderboard follows every score of a startup, not only its first (issue 11, item 1):
// one investor scores a startup criterion by criterion, then a second investor scores it too;
// after each write the console's row shows the new total and judge count, in both total modes,
// without a reload. Expected figures are worked out by hand from docs/definitions.md §4.1–4.2 below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage, waitForApp } from '../support/harness.mjs';
import { secretOf } from '../support/api.mjs';
import { addInvestor, addStartups, consoleUrl, createEvent, publishedStartup, sendMutations, setPhase } from '../support/fixtures.mjs';

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

async function rowOf(page, startup) {
  return page.evaluate((id) => {
    const row = document.querySelector(`.board-table tbody tr[data-startup="${id}"]`);
    if (!row) return null;
    const cells = [...row.querySelectorAll('td.number')].map((cell) => cell.textContent.trim());
    return { total: row.querySelector('.total').textContent.trim(), judges: row.querySelector('.judges').textContent.trim(), cells };
  }, startup);
}

async function expectRow(page, startup, expected, message) {
  try {
    await page.waitForFunction(({ id, total, judges }) => {
      const row = document.querySelector(`.board-table tbody tr[data-startup="${id}"]`);
      return row?.querySelector('.total').textContent.trim() === total && row.querySelector('.judges').textContent.trim() === judges;
    }, { id: startup, ...expected }, { timeout: 5_000 });
  } catch {
    assert.fail(`${message}: expected ${JSON.stringify(expected)}, shown ${JSON.stringify(await rowOf(page, startup))}`);
  }
}

test('every score of a startup updates its leaderboard row live, in both modes', async () => {
  const ids = await createEvent(server.url, { name: '실시간 순위 시험' });
  const { event } = ids;
  await addStartups(server.url, ids, ['s1', 's2'].map((id) => publishedStartup(id)));
  const links = {};
  for (const id of ['i1', 'i2']) {
    links[id] = secretOf(await addInvestor(server.url, ids, { id, firm: `회사 ${id}` }));
  }
  await setPhase(server.url, ids, 'scoring');
  let seq = 0;
  const score = (investor, criterion, value) => sendMutations(server.url, event, links[investor], `device-${investor}`,
    [{ seq: (seq += 1), type: 'score', startup: 's1', criterion, value }]);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(server.url, ids, 'tab=leaderboard'));
  await waitForApp(page);
  await page.locator('.board-table tbody tr[data-startup="s1"]').waitFor();
  await page.evaluate(() => { window.notReloaded = true; });

  // One judge: severity normalization shifts by μ[c] − μ[j,c] = 0, so normalized = raw.
  await score('i1', 'innovation', 8);
  await expectRow(page, 's1', { total: '8.00', judges: '1' }, 'first score');
  await score('i1', 'viability', 9); // (8 + 9) / 2
  await expectRow(page, 's1', { total: '8.50', judges: '1' }, 'second score of the same judge');
  await score('i1', 'market', 6); // (8 + 9 + 6) / 3 = 7.666…
  await expectRow(page, 's1', { total: '7.67', judges: '1' }, 'third score of the same judge');
  assert.deepEqual((await rowOf(page, 's1')).cells.slice(1, 4), ['8.00', '9.00', '6.00'], 'criterion means');

  // A second judge gives 4 on every criterion. Normalized: each judge has one score per
  // criterion (< 3), so x' = x − μ[j,c] + μ[c] = μ[c] for both → every criterion mean is μ[c]:
  // innovation 6, viability 6.5, market 5 → total 17.5 / 3 = 5.833…
  for (const criterion of ['innovation', 'viability', 'market']) await score('i2', criterion, 4);
  await expectRow(page, 's1', { total: '5.83', judges: '2' }, 'a second judge');
  assert.deepEqual((await rowOf(page, 's1')).cells.slice(1, 4), ['6.00', '6.50', '5.00'], 'criterion means with two judges');

  // Raw: the means are the same here (6, 6.5, 5); a changed score shows there too.
  await page.getByRole('radio', { name: '원점수' }).check();
  await page.waitForURL(/mode=raw/);
  await expectRow(page, 's1', { total: '5.83', judges: '2' }, 'raw mode');
  await score('i2', 'market', 10); // market mean (6 + 10) / 2 = 8 → (6 + 6.5 + 8) / 3 = 6.833…
  await expectRow(page, 's1', { total: '6.83', judges: '2' }, 'a changed score in raw mode');
  await score('i1', 'innovation', 2); // innovation (2 + 4) / 2 = 3 → (3 + 6.5 + 8) / 3 = 5.833…
  await expectRow(page, 's1', { total: '5.83', judges: '2' }, 'another changed score in raw mode');
  assert.deepEqual((await rowOf(page, 's1')).cells.slice(1, 4), ['3.00', '6.50', '8.00'], 'raw criterion means');

  assert.ok(await page.evaluate(() => window.notReloaded === true), 'the page was not reloaded');
  assert.deepEqual(problems, []);
  await context.close();
});
