// After the pitches on the phones (issue 14; docs/definitions.md §7.1, §7.4): on the demo
// roadshow, two investors and two startups answer their meetings on 360×740 phones — one
// investor offline, its tab closed and reopened before it reconnects — and the organizer's feed
// holds every answer exactly once. Then a meeting is marked held, the investor records
// "invested 5억" offline, the startup confirms it, and a second startup's link receives nothing
// about it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
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

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, bypassCSP: true };

/** The demo roadshow with a published plan: i01–s01 and i02–s02 in slot 0, i01–s02 and i02–s01 in slot 1. */
async function publishedDemo() {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const event = imported.id;
  const organizer = secretOf(imported.organizer_link);
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer,
    body: {
      published: true,
      meetings: [
        { investor: 'i01', startup: 's01', slot: 0, table: 0 },
        { investor: 'i02', startup: 's02', slot: 0, table: 1 },
        { investor: 'i01', startup: 's02', slot: 1, table: 0 },
        { investor: 'i02', startup: 's01', slot: 1, table: 1 },
      ],
    },
  });
  const link = (links, id) => `${server.url}${links.find(([known]) => known === id)[1]}`;
  return {
    event,
    organizer,
    investor: (id) => link(imported.investor_links, id),
    startup: (id) => link(imported.startup_links, id),
  };
}

const withQuery = (link, query) => link.replace('#', `?${query}#`);
const feed = (event, secret) => api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret });
const quiet = (problems) => problems.filter((p) => !p.includes('Failed to load resource') && !p.includes('ERR_INTERNET_DISCONNECTED'));

/** Opens a phone on `url` and waits for the meeting card of `pair` (a `data-*` selector). */
async function openCard(url, card) {
  const context = await browser.newContext(PHONE);
  const { page, problems } = await watchedPage(context);
  await page.goto(url);
  await page.locator(card).waitFor();
  return { context, page, problems };
}

/** Taps a choice (a radio drawn as a button) inside `scope` by its visible words. */
async function tap(scope, name) {
  await scope.locator('label', { hasText: name }).first().click();
}

/** What each side said about each meeting, as the organizer's feed has it. */
function answers(changes) {
  const word = (side) => side.answer ? (side.answer.answer === 'decline' ? `decline:${side.answer.reason}` : side.answer.answer) : '-';
  return Object.fromEntries(changes.meeting_states.map((state) =>
    [`${state.investor}-${state.startup}`, `${word(state.sides.investor)}/${word(state.sides.startup)}`]));
}

test('two investors and two startups answer on phones, one offline with its tab closed; every answer arrives once', async () => {
  const demo = await publishedDemo();
  const before = (await feed(demo.event, demo.organizer)).version;

  // Investor i01 accepts s01 online.
  const i01 = await openCard(withQuery(demo.investor('i01'), 'view=agenda'), '.meeting-card[data-startup="s01"]');
  const i01Card = i01.page.locator('.meeting-card[data-startup="s01"]');
  await tap(i01Card.locator('.meeting-answer'), '수락');
  await i01Card.locator('.delivery', { hasText: '전송됨' }).first().waitFor();
  assert.equal(await i01Card.locator('.meeting-status').innerText(), '제안됨', 'the startup has not answered yet');
  assert.deepEqual(await seriousViolations(i01.page), [], 'agenda with answers is axe clean');

  // Investor i02 declines s02 in flight mode, closes the tab, reopens it offline, then reconnects.
  const i02 = await openCard(withQuery(demo.investor('i02'), 'view=agenda'), '.meeting-card[data-startup="s02"]');
  await i02.page.evaluate(() => navigator.serviceWorker.ready);
  await i02.context.setOffline(true);
  const i02Card = i02.page.locator('.meeting-card[data-startup="s02"]');
  await tap(i02Card.locator('.meeting-answer'), '거절');
  await tap(i02Card.locator('.decline-reasons'), '이미 만나고 있음');
  await i02Card.getByRole('button', { name: '거절 보내기' }).click();
  await i02Card.locator('.delivery', { hasText: '이 기기에 저장됨' }).first().waitFor();
  assert.equal(await i02Card.locator('.meeting-status').innerText(), '거절됨');
  await i02.page.close();
  const reopened = await i02.context.newPage();
  await reopened.goto(withQuery(demo.investor('i02'), 'view=agenda'));
  const reopenedCard = reopened.locator('.meeting-card[data-startup="s02"]');
  await reopenedCard.waitFor();
  assert.equal(await reopenedCard.locator('.meeting-status').innerText(), '거절됨', 'the unsent answer survived the closed tab');
  await i02.context.setOffline(false);
  await reopened.locator('.sync-badge[data-state="synced"]').waitFor({ timeout: 40_000 });

  // The startups answer on their phones: s01 accepts i01, s02 accepts i01.
  for (const startup of ['s01', 's02']) {
    const phone = await openCard(withQuery(demo.startup(startup), 'view=agenda'), '.meeting-card[data-investor="i01"]');
    const card = phone.page.locator('.meeting-card[data-investor="i01"]');
    await tap(card.locator('.meeting-answer'), '수락');
    await card.locator('.delivery', { hasText: '전송됨' }).first().waitFor();
    if (startup === 's01') {
      assert.equal(await card.locator('.meeting-status').innerText(), '확정', 'both sides accepted');
      assert.deepEqual(await seriousViolations(phone.page), [], 'the startup agenda is axe clean');
    }
    assert.deepEqual(quiet(phone.problems), []);
    await phone.context.close();
  }

  const after = await feed(demo.event, demo.organizer);
  assert.deepEqual(answers(after), {
    'i01-s01': 'accept/accept',
    'i02-s02': 'decline:already_in_contact/-',
    'i01-s02': '-/accept',
    'i02-s01': '-/-',
  });
  const statuses = Object.fromEntries(after.meetings.map((m) => [`${m.investor}-${m.startup}`, m.status ?? 'proposed']));
  assert.deepEqual(statuses, { 'i01-s01': 'confirmed', 'i02-s02': 'declined', 'i01-s02': 'proposed', 'i02-s01': 'proposed' });
  assert.equal(after.version - before, 4, 'four answers, each applied once');
  assert.deepEqual(quiet([...i01.problems, ...i02.problems]), []);
  await i01.context.close();
  await i02.context.close();
});

test('held, then invested 5억 offline; the startup confirms; another startup hears nothing of it', async () => {
  const demo = await publishedDemo();
  const investorPhone = await openCard(withQuery(demo.investor('i01'), 'view=agenda'), '.meeting-card[data-startup="s01"]');
  const { page, context } = investorPhone;
  const card = page.locator('.meeting-card[data-startup="s01"]');
  await tap(card.locator('.meeting-attendance'), '진행함');
  await card.locator('.meeting-status', { hasText: '진행함' }).waitFor();
  await page.locator('.sync-badge[data-state="synced"]').waitFor({ timeout: 20_000 });

  // The follow-ups view lists the company met; in flight mode the investor records 5억.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.goto(withQuery(demo.investor('i01'), 'view=follow-ups'));
  const pair = page.locator('.follow-up-card[data-startup="s01"]');
  await pair.waitFor();
  assert.equal(await pair.locator('.current-stage strong').innerText(), '첫 미팅');
  assert.deepEqual(await seriousViolations(page), [], 'follow-ups view is axe clean');
  await context.setOffline(true);
  // A wrong amount is named at its field and nothing is recorded.
  await pair.getByLabel('투자 금액').fill('오억');
  await pair.getByLabel('투자일').fill('2027-03-02');
  await pair.getByRole('button', { name: '투자 완료 기록' }).click();
  await pair.locator('.form-error', { hasText: '형식이 올바르지 않습니다.' }).waitFor();
  assert.equal(await pair.locator('.delivery').innerText(), '');
  await pair.getByLabel('투자 금액').fill('5억');
  await pair.getByRole('button', { name: '투자 완료 기록' }).click();
  await pair.locator('.delivery', { hasText: '이 기기에 저장됨' }).waitFor();
  assert.equal(await pair.locator('.current-stage strong').innerText(), '투자 완료');
  assert.match(await pair.locator('.invested-line').innerText(), /5억 원 · 2027-03-02 · 기업 확인 대기/);
  await context.setOffline(false);
  await page.locator('.sync-badge[data-state="synced"]').waitFor({ timeout: 40_000 });

  // The startup confirms on its phone.
  const startupPhone = await openCard(withQuery(demo.startup('s01'), 'view=investments'), '.investment-card[data-investor="i01"]');
  const investment = startupPhone.page.locator('.investment-card[data-investor="i01"]');
  assert.match(await investment.locator('.invested-line').innerText(), /5억 원 · 2027-03-02/);
  await investment.getByRole('button', { name: '투자 사실 확인' }).click();
  await investment.locator('.delivery', { hasText: '전송됨' }).waitFor();

  const expected = [{ investor: 'i01', startup: 's01', stage: 'invested', amount_krw: 500_000_000, date: '2027-03-02', confirmed: true }];
  assert.deepEqual((await feed(demo.event, demo.organizer)).follow_ups, expected);
  assert.deepEqual((await feed(demo.event, secretOf(demo.startup('s01')))).follow_ups, expected);
  // s02 met i01 too (a meeting in the plan), and still receives nothing about s01's investment.
  const other = await feed(demo.event, secretOf(demo.startup('s02')));
  assert.deepEqual(other.follow_ups, []);
  // (A bare "500000000" would match s02's own ask of 1,500,000,000 won: look for the record's fields.)
  const text = JSON.stringify(other);
  assert.ok(!text.includes('"amount_krw"') && !text.includes('"invested"') && !text.includes('2027-03-02'), text);
  // Nor does another investor.
  const otherInvestor = await feed(demo.event, secretOf(demo.investor('i02')));
  assert.deepEqual(otherInvestor.follow_ups, []);
  assert.ok(!JSON.stringify(otherInvestor).includes('"amount_krw"'));
  assert.deepEqual(quiet([...investorPhone.problems, ...startupPhone.problems]), []);
  await startupPhone.context.close();
  await context.close();
});

test('each link holder downloads its own data: the file is the server\'s record of them, and theirs only', async () => {
  const demo = await publishedDemo();
  for (const [url, view, role, id] of [
    [demo.investor('i01'), 'view=profile', 'investor', 'i01'],
    [demo.startup('s01'), 'view=profile', 'startup', 's01'],
  ]) {
    const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const { page, problems } = await watchedPage(context);
    await page.goto(withQuery(url, view));
    const button = page.getByRole('button', { name: '내 정보 내려받기 (JSON)' });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const saved = readFileSync(await download.path(), 'utf8');
    await page.locator('.my-data .status', { hasText: '내려받았습니다.' }).waitFor();
    // The file is exactly what the server keeps about this link's holder.
    const secret = secretOf(url);
    const response = await fetch(`${server.url}/api/events/${demo.event}/my-data`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(saved, await response.text());
    const data = JSON.parse(saved);
    assert.equal(data.role, role);
    assert.equal(data[role].id, id);
    assert.deepEqual([...new Set(data.meetings.map((m) => m[role]))], [id]);
    assert.deepEqual(await seriousViolations(page), [], `${role}'s download card is axe clean`);
    assert.deepEqual(quiet(problems), []);
    await context.close();
  }
});
