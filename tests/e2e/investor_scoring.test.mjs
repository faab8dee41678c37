// An investor scores on a phone; the Wi-Fi drops; the tab is closed and reopened offline; the
// connection returns: every score reaches the server exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api } from '../support/api.mjs';
import { scoringEvent } from '../support/fixtures.mjs';

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

const CRITERIA = ['innovation', 'viability', 'market'];

async function scorePitch(page, name, values) {
  await page.getByRole('link', { name: new RegExp(name) }).click();
  await page.getByRole('heading', { name, level: 2 }).waitFor();
  for (const [index, criterion] of CRITERIA.entries()) {
    await page.locator(`fieldset[data-criterion="${criterion}"]`)
      .getByRole('radio', { name: String(values[index]), exact: true }).check();
  }
  await page.getByRole('link', { name: '목록으로' }).click();
}

test('scores given offline survive a closed tab and reach the server exactly once', async () => {
  const { event, organizer, investorLink } = await scoringEvent(server.url);
  const versionBefore = (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).version;
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${investorLink}`);
  await page.getByRole('heading', { name: '특구 투자유치 설명회' }).waitFor();
  assert.match(await page.locator('.progress').innerText(), /8개 중 0개 평가/);
  await page.evaluate(() => navigator.serviceWorker.ready);

  const given = { 1: [7, 6, 8], 2: [5, 5, 4], 3: [9, 8, 9], 4: [3, 4, 2], 5: [6, 7, 7] };
  for (const index of [1, 2, 3]) await scorePitch(page, `스타트업 ${index}`, given[index]);
  await page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.match(await page.locator('.progress').innerText(), /8개 중 3개 평가/);

  await context.setOffline(true);
  for (const index of [4, 5]) await scorePitch(page, `스타트업 ${index}`, given[index]);
  await page.getByRole('link', { name: /스타트업 5/ }).click();
  await page.locator('fieldset[data-criterion="market"] .delivery[data-state="local"]').waitFor();
  assert.equal(await page.locator('fieldset[data-criterion="market"] .delivery').innerText(), '이 기기에 저장됨');
  await page.locator('.sync-badge[data-state="trouble"]').waitFor();
  await page.close();

  const reopened = await context.newPage();
  reopened.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await reopened.goto(`${server.url}${investorLink}`);
  await reopened.getByRole('heading', { name: '특구 투자유치 설명회' }).waitFor();
  assert.match(await reopened.locator('.progress').innerText(), /8개 중 5개 평가/);
  await context.setOffline(false);
  await reopened.locator('.sync-badge[data-state="synced"]').waitFor({ timeout: 40_000 });

  const snapshot = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  const stored = snapshot.scores.map((s) => `${s.startup}/${s.criterion}=${s.value}`).sort();
  const expected = Object.entries(given)
    .flatMap(([index, values]) => CRITERIA.map((criterion, c) => `s${index}/${criterion}=${values[c]}`)).sort();
  assert.deepEqual(stored, expected);
  const versionAfter = (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).version;
  assert.equal(versionAfter - versionBefore, 15, 'each of the 15 scores was applied once');
  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource') && !p.includes('ERR_INTERNET_DISCONNECTED')), []);
  await context.close();
});
