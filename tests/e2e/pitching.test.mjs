// The pitches on the day (issue 16; docs/definitions.md §8.3): in the console's 발표 진행 tab the
// organizer sees each hall's running order computed in the browser (the same figures as
// `roadshow order --hall H` on the export), publishes it, and advances the pitch on now; an
// investor's phone lists the pitches in the published order and follows the pitch on now
// without a reload, and shows the last known one offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { DESKTOP, PHONE, consoleUrl, investorUrl } from '../support/fixtures.mjs';
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

/** The demo in two halls (s01–s05, s03 pinned first; s06–s08), with judges who must step out. */
function twoHalls() {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  snapshot.startups.forEach((startup, index) => {
    startup.hall = index < 5 ? 0 : 1;
    startup.track = index % 2 ? '혁신리그' : '스케일업리그';
  });
  snapshot.startups[2].pitch_position = 0;
  const conflicts = {
    i01: ['s01', 's04'], i02: ['s02', 's05'], i03: ['s04', 's05'], i04: ['s01', 's02'],
    i05: ['s06', 's08'], i07: ['s06'], i18: ['s01'],
  };
  for (const investor of snapshot.investors) investor.conflicts = conflicts[investor.id] ?? [];
  return snapshot;
}

const idsOf = async (locator, attribute) =>
  locator.evaluateAll((nodes, name) => nodes.map((node) => node.getAttribute(name)), attribute);

test('the organizer publishes the running order and moves the pitch on now; phones follow, offline too', async () => {
  const snapshot = twoHalls();
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  const investorLink = imported.investor_links.find(([id]) => id === 'i10')[1];
  const exported = await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  const expected = [0, 1].map((hall) => JSON.parse(roadshow(server.dir, 'order', exported, ['--hall', String(hall)])));
  const name = (id) => snapshot.startups.find((startup) => startup.id === id).name;
  // The pin holds and the order is not simply the registration order (so following it shows).
  assert.equal(expected[0].order[0], 's03');
  assert.notDeepEqual(expected[0].order, ['s03', 's01', 's02', 's04', 's05']);

  const organizer = await browser.newContext(DESKTOP);
  const { page: console_, problems } = await watchedPage(organizer);
  await console_.goto(consoleUrl(server.url, ids, 'tab=pitching'));
  await console_.locator('.hall-order[data-hall="1"]').waitFor();
  for (const hall of [0, 1]) {
    const computed = console_.locator(`.hall-order[data-hall="${hall}"] .computed`);
    assert.equal(await computed.getAttribute('data-step-outs'), String(expected[hall].step_outs), `hall ${hall}`);
  }
  assert.equal(await console_.locator('#order-status').getAttribute('data-published'), 'false');

  await console_.locator('#publish-order').click();
  await console_.locator('#order-status[data-published="true"][data-same="true"]').waitFor();
  for (const hall of [0, 1]) {
    assert.deepEqual(await idsOf(console_.locator(`.hall-order[data-hall="${hall}"] .hall-sequence li`), 'data-startup'),
      expected[hall].order, `hall ${hall}`);
  }
  const published = [...expected[0].order, ...expected[1].order];
  const record = await api(server.url, 'GET', `/api/events/${ids.event}`, { secret: ids.organizer });
  assert.deepEqual(record.event.live.running_order, published);

  // The investor's phone lists the pitches in the published order.
  const phone = await browser.newContext(PHONE);
  const { page, problems: phoneProblems } = await watchedPage(phone);
  await page.goto(investorUrl(server.url, investorLink));
  await page.locator('.pitch-list li.pitch-item').first().waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  const listed = async () => (await idsOf(page.locator('.pitch-list li.pitch-item a'), 'href')).map((href) => href.replace('?pitch=', ''));
  assert.deepEqual(await listed(), published);
  assert.equal(await page.locator('.now-pitching p').count(), 0);

  // Next, next: the phone follows each step without a reload.
  const hall0 = console_.locator('.hall-order[data-hall="0"]');
  for (const step of [0, 1]) {
    await hall0.locator('.next-pitch').click();
    const on = expected[0].order[step];
    await hall0.locator(`.hall-sequence li[data-startup="${on}"][aria-current="step"]`).waitFor();
    assert.equal(await hall0.locator('.now-name').innerText(), name(on));
    await page.locator('.now-pitching a', { hasText: name(on) }).waitFor();
    assert.equal(await page.locator('.now-pitching p').count(), 1);
    await page.locator(`.pitch-list li.on-now a[href="?pitch=${on}"]`).waitFor();
    assert.equal(await page.locator('.pitch-list li.on-now').count(), 1);
  }
  // Back one, then hall 1's second pitch made current by hand: two halls on at once.
  await hall0.locator('.previous-pitch').click();
  await page.locator('.now-pitching a', { hasText: name(expected[0].order[0]) }).waitFor();
  const hall1 = console_.locator('.hall-order[data-hall="1"]');
  await hall1.locator(`.hall-sequence li[data-startup="${expected[1].order[1]}"] .set-now`).click();
  await page.locator('.now-pitching a', { hasText: name(expected[1].order[1]) }).waitFor();
  const lines = await page.locator('.now-pitching p').allInnerTexts();
  assert.equal(lines.length, 2);
  assert.match(lines[0], new RegExp(`홀 1 · ${name(expected[0].order[0])}`));
  assert.match(lines[1], new RegExp(`홀 2 · ${name(expected[1].order[1])}`));
  const live = (await api(server.url, 'GET', `/api/events/${ids.event}`, { secret: ids.organizer })).event.live;
  assert.deepEqual(live.now_pitching, [
    { hall: 0, startup: expected[0].order[0] },
    { hall: 1, startup: expected[1].order[1] },
  ]);

  // Offline, a reopened phone shows the last known order and pitches on now.
  await phone.setOffline(true);
  const reopened = await phone.newPage();
  reopened.on('pageerror', (error) => phoneProblems.push(`exception: ${error.message}`));
  await reopened.goto(investorUrl(server.url, investorLink));
  await reopened.locator('.badge.offline').waitFor();
  assert.deepEqual(await reopened.locator('.now-pitching p').allInnerTexts(), lines);
  assert.deepEqual((await idsOf(reopened.locator('.pitch-list li.pitch-item a'), 'href')).map((href) => href.replace('?pitch=', '')), published);
  await reopened.close();
  await phone.setOffline(false);

  // Pitches over in hall 0: the phone keeps only hall 1's.
  await hall0.locator('.stop-pitches').click();
  await page.locator('.now-pitching p', { hasText: name(expected[0].order[0]) }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('.now-pitching p').count(), 1);

  await assertAccessibleInBothLanguages(console_, assert, 'the pitches tab');
  await assertAccessibleInBothLanguages(page, assert, 'the phone with the pitch on now');
  assert.deepEqual(problems, []);
  assert.deepEqual(phoneProblems, []);
  await phone.close();
  await organizer.close();
});
