// Tab and filter links never carry a secret (issue 12, item 13): the console takes the organizer's
// secret from the link's fragment, keeps it for the browser tab and clears it from the address
// bar; a reload of the tab still works, while a copied tab link opened anywhere else asks for
// the organizer link. The investor's own links (pitches, sections, filters) carry none either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
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

/** Every place in the page a secret could leak through a copied link. */
const carried = (page, secret) => page.evaluate((key) => ({
  address: window.location.href.includes(key) || window.location.hash !== '',
  links: [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((href) => href.includes(key) || href.includes('#k=')),
  markup: document.documentElement.outerHTML.includes(key),
}), secret);

test('console tab links do not carry the organizer secret; a copied one does not open the event', async () => {
  const { event, organizer } = await scoringEvent(server.url, { startups: 3 });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/events/${event}/organize?tab=setup#k=${organizer}`);
  await page.getByRole('heading', { name: '특구 투자유치 설명회' }).waitFor();
  await page.locator('.live-status[data-live="true"]').waitFor();
  assert.deepEqual(await carried(page, organizer), { address: false, links: [], markup: false }, 'setup tab');
  assert.equal(new URL(page.url()).search, '?tab=setup', 'the query stays');

  // Tabs and filters: no secret in any link or in the address bar.
  const tabs = page.getByRole('navigation', { name: '주최자 메뉴' });
  await tabs.getByRole('link', { name: '순위', exact: true }).click();
  await page.waitForURL(/tab=leaderboard/);
  await page.locator('.board-table tbody tr[data-startup]').nth(2).waitFor();
  await page.getByRole('radio', { name: '원점수' }).check();
  await page.waitForURL(/mode=raw/);
  await page.getByRole('link', { name: '스타트업 2', exact: true }).click();
  await page.waitForURL(/startup=s2/);
  assert.deepEqual(await carried(page, organizer), { address: false, links: [], markup: false }, 'leaderboard, raw, detail');
  const copied = page.url();

  // A reload of the same tab still opens the console (the secret is kept for this tab).
  await page.reload();
  await page.locator('.board-table tbody tr[data-startup]').nth(2).waitFor();
  await page.getByRole('heading', { name: '특구 투자유치 설명회' }).waitFor();
  assert.equal(await page.locator('input[name="total-mode"]:checked').getAttribute('value'), 'raw');
  assert.deepEqual(await carried(page, organizer), { address: false, links: [], markup: false }, 'after a reload');

  // The copied tab link in another tab of the same browser, and in a fresh browser: no event.
  for (const where of ['another tab', 'another browser']) {
    const other = where === 'another tab' ? context : await browser.newContext();
    const elsewhere = await other.newPage();
    await elsewhere.goto(copied);
    const alert = elsewhere.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /주최자 링크가 필요합니다/, where);
    assert.equal(await elsewhere.getByRole('heading', { name: '특구 투자유치 설명회' }).count(), 0, `${where}: the event does not open`);
    assert.equal(await elsewhere.locator('.board-table').count(), 0);
    await elsewhere.close();
    if (other !== context) await other.close();
  }

  // A wrong secret is not kept: the tab then asks for the organizer link, not "invalid link".
  const wrong = await context.newPage();
  await wrong.goto(`${server.url}/events/${event}/organize#k=not-the-secret`);
  await wrong.getByRole('alert').filter({ hasText: '유효하지 않거나' }).waitFor();
  assert.equal(new URL(wrong.url()).hash, '');
  await wrong.reload();
  await wrong.getByRole('alert').filter({ hasText: '주최자 링크가 필요합니다' }).waitFor();
  await wrong.close();

  assert.deepEqual(problems, []);
  await context.close();
});

test("the investor's own links carry no secret", async () => {
  const { investorLink } = await scoringEvent(server.url, { startups: 3 });
  const secret = investorLink.split('#k=')[1];
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${investorLink}`);
  await page.locator('.pitch-item').nth(2).waitFor();
  const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')));
  assert.ok(links.length > 5);
  assert.deepEqual(links.filter((href) => href.includes(secret) || href.includes('#k=')), []);
  await page.locator('.pitch-link').first().click();
  await page.waitForURL(/pitch=s1/);
  assert.equal(page.url().includes(secret), false);
  const copied = page.url();
  const fresh = await browser.newContext();
  const elsewhere = await fresh.newPage();
  await elsewhere.goto(copied);
  await elsewhere.getByRole('alert').filter({ hasText: '비밀 키' }).waitFor();
  await fresh.close();
  assert.deepEqual(problems, []);
  await context.close();
});
