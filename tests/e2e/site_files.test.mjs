// The site's own files and each page's style sheets (issue 11, item 11): robots.txt and the
// favicon are real files, not the app's HTML; every document links only the style sheets its
// pages use; English mode shows the English names the data has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage, waitForApp } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { registrationEvent } from '../support/fixtures.mjs';

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

test('robots.txt and favicon.ico are themselves, not the app', async () => {
  const robots = await fetch(`${server.url}/robots.txt`);
  assert.equal(robots.status, 200);
  assert.match(robots.headers.get('content-type'), /^text\/plain/);
  const text = await robots.text();
  assert.match(text, /^User-agent: \*$/m);
  assert.match(text, /^Disallow: \/events\/$/m, 'role links are kept out of search engines');
  assert.ok(!text.includes('<html'));

  const icon = await fetch(`${server.url}/favicon.ico`);
  assert.equal(icon.status, 200);
  assert.match(icon.headers.get('content-type'), /^image\/(x-icon|vnd\.microsoft\.icon)/);
  const bytes = new Uint8Array(await icon.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
});

/**
 * The style sheets a page carries, by name: a linked sheet by its file name without Trunk's hash
 * (`scoring-1a2b….css` → scoring); a sheet inlined in a `<style>` (the phones' documents) by a
 * rule that only that file of style/ has. A `<style>` that is none of them is named `unknown`.
 */
async function styleSheets(page) {
  return page.evaluate(() => {
    const markers = {
      tokens: '--color-bg:',
      base: '*, *::before, *::after',
      forms: '.field { display: flex',
      scoring: '.scoring-header {',
      outcomes: '[hidden] { display: none !important; }',
      organizer: '.page:has(.console)',
      matching: '.match-settings {',
    };
    const linked = [...document.querySelectorAll('link[rel="stylesheet"]')]
      .map((link) => new URL(link.href).pathname.split('/').pop().replace(/-[0-9a-f]{12,16}\.css$/, ''));
    const inline = [...document.querySelectorAll('style')]
      .map((style) => Object.keys(markers).filter((name) => style.textContent.includes(markers[name])))
      .map((names) => (names.length === 1 ? names[0] : 'unknown'));
    return [...linked, ...inline].sort();
  });
}

/** Whether a page's style sheets are all inline: no request of its own blocks the first paint. */
async function linkedStyleSheets(page) {
  return page.evaluate(() => document.querySelectorAll('link[rel="stylesheet"]').length);
}

test('each page loads only the style sheets it needs', async () => {
  const { event, organizer, registrationLink } = await registrationEvent(server.url);
  const investor = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer });
  assert.ok(investor.investors.length > 0);
  const { link: investorLink } = await api(server.url, 'POST', `/api/events/${event}/investors/i1/link`, { secret: organizer });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const { page, problems } = await watchedPage(context);

  await page.goto(server.url);
  await waitForApp(page);
  assert.deepEqual(await styleSheets(page), ['base', 'forms', 'outcomes', 'scoring', 'tokens'], 'home');
  assert.equal(await linkedStyleSheets(page), 0, 'home: its style sheets are inline');
  await page.goto(`${server.url}${investorLink}`);
  await page.locator('.scoring-header').waitFor();
  assert.deepEqual(await styleSheets(page), ['base', 'forms', 'outcomes', 'scoring', 'tokens'], 'the investor page: no organizer.css, no matching.css');
  assert.equal(await linkedStyleSheets(page), 0, 'the investor page: its style sheets are inline');
  // Inline sheets are applied under the CSP (allowed by their hashes): the scoring header has
  // its padding (var(--space-3) from tokens.css), not the browser's zero.
  assert.notEqual(await page.locator('.scoring-header').evaluate((header) => getComputedStyle(header).paddingTop), '0px');
  await page.goto(`${server.url}${registrationLink}`);
  await page.locator('.profile-form').waitFor();
  assert.deepEqual(await styleSheets(page), ['base', 'forms', 'outcomes', 'scoring', 'tokens'], 'the startup pages');
  assert.equal(await linkedStyleSheets(page), 0, 'the startup pages: their style sheets are inline');
  await page.goto(`${server.url}/events/${event}/organize#k=${organizer}`);
  await page.locator('.console').waitFor();
  assert.deepEqual(await styleSheets(page), ['base', 'forms', 'matching', 'organizer', 'outcomes', 'tokens'], 'the console');
  assert.deepEqual(problems, []);
  await context.close();
});

test('English mode shows the English names of the event, firms and startups', async () => {
  const created = await api(server.url, 'POST', '/api/events', {
    body: { name: '상생이음 설명회', venue: '울산 전시컨벤션센터', starts_at: '2026-12-10T10:00', ends_at: '2026-12-10T15:00' },
  });
  const organizer = secretOf(created.organizer_link);
  const event = created.id;
  await api(server.url, 'POST', `/api/events/${event}/startups`, {
    secret: organizer,
    body: { id: 's1', name: '하이드로웨이브', name_en: 'HydroWave', status: 'published', field: 'hydrogen', stage: 'seed', ask_krw: 1_000_000_000, pitch_ko: '수소 선박', pitch_en: 'Hydrogen boats', contact: 'ceo@example.com' },
  });
  const investor = await api(server.url, 'POST', `/api/events/${event}/investors`, { secret: organizer, body: { id: 'i1', firm: '한빛벤처스', firm_en: 'Hanbit Ventures', person: 'Minji Kim' } });
  const { event: settings } = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  settings.name_en = 'Win-Win Roadshow';
  settings.venue_en = 'Ulsan Exhibition and Convention Center';
  settings.meetings = { ...settings.meetings, first_slot: '2026-12-10T14:00:00+09:00', slot_minutes: 20, slots: 2, tables: 1 };
  await api(server.url, 'PATCH', `/api/events/${event}`, { secret: organizer, body: { phase: 'scoring', settings } });
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, { secret: organizer, body: { published: true, meetings: [{ investor: 'i1', startup: 's1', slot: 0, table: 0 }] } });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/events/${event}/organize?tab=setup#k=${organizer}`);
  await page.locator('.console').waitFor();
  await page.locator('.language-switch').click();
  await page.getByRole('heading', { name: 'Win-Win Roadshow', level: 1 }).waitFor();
  assert.match(await page.locator('.console-header .facts').innerText(), /Ulsan Exhibition and Convention Center/);
  assert.equal(await page.locator('li.person[data-investor="i1"] .person-name').innerText(), 'Hanbit Ventures · Minji Kim');
  await page.goto(`${server.url}/events/${event}/organize?tab=pitching#k=${organizer}`);
  await page.locator('.hall-sequence li .pitch-name').first().waitFor();
  assert.deepEqual(await page.locator('.hall-sequence li .pitch-name').allInnerTexts(), ['HydroWave']);
  await page.goto(`${server.url}/events/${event}/organize?tab=judges#k=${organizer}`);
  await page.locator('.board-table tbody tr[data-investor="i1"] th').waitFor();
  assert.equal(await page.locator('.board-table tbody tr[data-investor="i1"] th').innerText(), 'Hanbit Ventures · Minji Kim');
  await page.goto(`${server.url}/events/${event}/organize?tab=schedule#k=${organizer}`);
  await page.locator('.solver-status[data-computing="false"]').waitFor({ timeout: 30_000 });
  await page.locator('table.schedule-grid td.meeting').first().waitFor();
  assert.deepEqual(await page.locator('table.schedule-grid td.meeting span').allInnerTexts(), ['Hanbit Ventures (Minji Kim)', 'HydroWave']);
  // Back in Korean, the Korean names.
  await page.locator('.language-switch').click();
  assert.deepEqual(await page.locator('table.schedule-grid td.meeting span').allInnerTexts(), ['한빛벤처스 (Minji Kim)', '하이드로웨이브']);

  // The investor's agenda (language remembered on the device: switch to English again).
  await page.goto(`${server.url}${investor.link.replace('#', '?view=agenda#')}`);
  await page.locator('.agenda-table tbody tr').first().waitFor();
  await page.locator('.language-switch').click();
  await page.getByRole('heading', { name: 'Win-Win Roadshow', level: 1 }).waitFor();
  assert.equal(await page.locator('.agenda-table tbody tr td').nth(1).innerText(), 'HydroWave');
  assert.deepEqual(problems, []);
  await context.close();
});
