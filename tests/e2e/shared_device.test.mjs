// One device, two investors' links (a firm's tablet passed between its partner and its 심사역, or
// a hall tablet): each link keeps its own edits on the device. The second investor's scorecard
// shows none of the first's answers and sends none of the first's edits; the first's edit made
// while its requests failed reaches the server under the first investor when its link is opened
// again. Edits an
// earlier version kept per event belong to the link remembered last, whichever link is opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { PHONE, addInvestor, addStartups, createEvent, investorUrl, publishedStartup, setPhase } from '../support/fixtures.mjs';

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

const radio = (page, criterion, value) =>
  page.locator(`fieldset[data-criterion="${criterion}"]`).getByRole('radio', { name: String(value), exact: true });

test("two investors' links on one device never see or send each other's edits", async () => {
  const ids = await createEvent(server.url, { name: '공용 기기 시험' });
  await addStartups(server.url, ids, [publishedStartup('s1')]);
  const links = {
    A: await addInvestor(server.url, ids, { id: 'A', firm: '같은 회사' }),
    B: await addInvestor(server.url, ids, { id: 'B', firm: '같은 회사' }),
  };
  await setPhase(server.url, ids, 'scoring');
  const stored = async () => (await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer }));
  const scoresOf = async (investor) => (await stored()).scores
    .filter((score) => score.investor === investor)
    .map(({ startup, criterion, value }) => ({ startup, criterion, value }));
  const open = async (context, investor) => {
    const { page, problems } = await watchedPage(context);
    await page.goto(investorUrl(server.url, links[investor], 'pitch=s1'));
    await page.locator('#comment').waitFor();
    return { page, problems };
  };

  // A scores and comments (shared); then changes the score while its requests fail, and closes
  // the tab with that edit pending.
  const device = await browser.newContext(PHONE);
  const first = await open(device, 'A');
  await radio(first.page, 'innovation', 8).check();
  await first.page.locator('#comment').fill('A-NOTE');
  await first.page.locator('#comment').dispatchEvent('change');
  await first.page.locator('#comment-shared').check();
  await first.page.locator('.sync-badge[data-state="synced"]').waitFor();
  // Its next edit cannot reach the server (this tab's requests fail as if offline).
  await first.page.route('**/api/events/*/mutations', (route) => route.abort('internetdisconnected'));
  await radio(first.page, 'innovation', 3).check();
  await first.page.locator('fieldset[data-criterion="innovation"] .delivery[data-state="local"]').waitFor();
  await first.page.locator('.sync-badge[data-state="trouble"]').waitFor();
  const pendingOutbox = await first.page.evaluate((event) => Object.keys(localStorage)
    .filter((key) => key.startsWith(`roadshow.outbox.${event}.`))
    .map((key) => [key, localStorage.getItem(key)]), ids.event);
  assert.equal(pendingOutbox.length, 1, 'one outbox, under A');
  await first.page.close();
  assert.deepEqual(await scoresOf('A'), [{ startup: 's1', criterion: 'innovation', value: 8 }]);

  // B opens its link on the same device: nothing of A's shows, and nothing of A's is sent.
  const second = await open(device, 'B');
  await second.page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.equal(await second.page.locator('fieldset[data-criterion="innovation"] input:checked').count(), 0);
  assert.equal(await second.page.locator('#comment').inputValue(), '');
  assert.equal(await second.page.locator('#comment-shared').isChecked(), false);
  await radio(second.page, 'market', 6).check();
  await second.page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.deepEqual(await scoresOf('B'), [{ startup: 's1', criterion: 'market', value: 6 }]);
  assert.deepEqual(await scoresOf('A'), [{ startup: 's1', criterion: 'innovation', value: 8 }], "A's pending edit waits for A");
  await second.page.close();

  // An earlier version's storage: one outbox per event, and the link remembered last (A's).
  // B's link opened first must leave it alone; A's link sends it under A.
  const older = await browser.newContext(PHONE);
  await older.addInitScript(([event, outbox, secret]) => {
    if (!localStorage.getItem('test.seeded')) {
      localStorage.setItem(`roadshow.outbox.${event}`, outbox);
      localStorage.setItem(`roadshow.secret.${event}`, secret);
      localStorage.setItem('test.seeded', 'yes');
    }
  }, [ids.event, pendingOutbox[0][1], secretOf(links.A)]);
  const olderB = await open(older, 'B');
  await olderB.page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.equal(await olderB.page.locator('fieldset[data-criterion="innovation"] input:checked').count(), 0);
  assert.equal(await olderB.page.locator('#comment').inputValue(), '');
  assert.deepEqual(await scoresOf('A'), [{ startup: 's1', criterion: 'innovation', value: 8 }]);
  assert.deepEqual(await scoresOf('B'), [{ startup: 's1', criterion: 'market', value: 6 }]);
  await olderB.page.close();
  const olderA = await open(older, 'A');
  await olderA.page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.ok(await radio(olderA.page, 'innovation', 3).isChecked());
  assert.deepEqual(await scoresOf('A'), [{ startup: 's1', criterion: 'innovation', value: 3 }]);
  await olderA.page.close();

  // Back on the first device, A's link finds its own edits (the same edit, applied once).
  const again = await open(device, 'A');
  await again.page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.ok(await radio(again.page, 'innovation', 3).isChecked());
  assert.equal(await again.page.locator('#comment').inputValue(), 'A-NOTE');
  assert.ok(await again.page.locator('#comment-shared').isChecked());
  assert.deepEqual(await scoresOf('A'), [{ startup: 's1', criterion: 'innovation', value: 3 }]);
  const comments = (await stored()).comments;
  assert.deepEqual(comments, [{ investor: 'A', startup: 's1', text: 'A-NOTE', shared: true }]);

  assert.deepEqual([...first.problems, ...second.problems, ...olderB.problems, ...olderA.problems, ...again.problems]
    .filter((problem) => !problem.includes('Failed to load resource')), []);
  await older.close();
  await device.close();
});
