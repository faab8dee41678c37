// axe-core finds no serious or critical accessibility violations on the screens built so far,
// in Korean and in English; the language switch leaves no untranslated label behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, waitForApp } from '../support/harness.mjs';
import { scoringEvent } from '../support/fixtures.mjs';
import { seriousViolations } from '../support/a11y.mjs';

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


test('home, pitch list and scorecard pass axe in both languages', async () => {
  const { investorLink } = await scoringEvent(server.url, { startups: 3 });
  // axe is injected by the test, not the app: let it past the page's CSP.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  const screens = [
    ['home', async () => { await page.goto(server.url); await waitForApp(page); }],
    ['pitch list', async () => { await page.goto(`${server.url}${investorLink}`); await page.locator('.pitch-list').waitFor(); }],
    ['scorecard', async () => { await page.locator('.pitch-link').first().click(); await page.locator('fieldset.criterion').first().waitFor(); }],
  ];
  for (const [name, open] of screens) {
    await open();
    for (const language of ['ko', 'en']) {
      const current = await page.locator('html').getAttribute('lang');
      if (current !== language) await page.locator('.language-switch').click();
      assert.equal(await page.locator('html').getAttribute('lang'), language);
      assert.deepEqual(await seriousViolations(page), [], `${name} (${language})`);
    }
  }
  await context.close();
});

test('switching to English leaves no Korean label on the scoring screens', async () => {
  const { investorLink } = await scoringEvent(server.url, { startups: 2 });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${server.url}${investorLink}`);
  await page.locator('.pitch-list').waitFor();
  await page.getByRole('button', { name: 'English', exact: true }).click();
  // Only the event's own name is skipped (this event has no English name); startups have theirs,
  // and headings, names and facts are checked like any other text.
  const labelsOnly = async () => page.evaluate(() => {
    const skip = new Set([...document.querySelectorAll('#scoring-event-name, noscript')]);
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if ([...skip].some((element) => element.contains(node))) continue;
      if (node.textContent.trim()) texts.push(node.textContent.trim());
    }
    return texts;
  });
  const hangul = /[\u3131-\uD79D]/;
  for (const screen of ['list', 'card']) {
    if (screen === 'card') {
      await page.locator('.pitch-link').first().click();
      await page.locator('fieldset.criterion').first().waitFor();
    }
    const korean = (await labelsOnly()).filter((text) => hangul.test(text) && !text.startsWith('KRW') && text !== '한국어');
    assert.deepEqual(korean, [], `untranslated on the ${screen}`);
  }
  await context.close();
});
