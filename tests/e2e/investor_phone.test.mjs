// An investor on a 360×740 phone (issue 11, items 4, 8, 9 and 10): the first screen shows a
// pitch; the pitch story has a visible disclosure marker; the sync status stays in view while
// scoring; Korean words never break in the middle in narrow cells; a second tab follows the
// first; the agenda says why it cannot make a calendar file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api } from '../support/api.mjs';
import { addInvestor, addStartups, consoleUrl, createEvent, eventSettings, investorUrl, openInvestorPhone, publishedStartup, setPhase } from '../support/fixtures.mjs';
import { brokenWords } from '../support/a11y.mjs';

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

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const STARTUPS = [
  ['s1', '하이드로웨이브', 'HydroWave', 'hydrogen', 'series-a', 'ulsan-hydrogen-green-mobility'],
  ['s2', '오토노머스모빌리티', 'Autonomous Mobility', 'autonomous-driving', 'seed', 'sejong-autonomous-driving'],
  ['s3', '그린수소에너지', 'Green Hydrogen Energy', 'hydrogen', 'pre-a', 'chungbuk-green-hydrogen'],
];

/** A scoring event with a long name, three full profiles, one investor; meeting times set. */
async function phoneEvent({ meetingTimes = true } = {}) {
  const ids = await createEvent(server.url, {
    name: '규제자유특구 상생이음 투자유치 설명회 2026 하반기', venue: '서울 중앙우체국 21층 스카이홀', ends_at: '2026-12-10T18:00',
  });
  await addStartups(server.url, ids, STARTUPS.map(([id, name, name_en, field, stage, zone]) => publishedStartup(id, {
    name, name_en, field, stage, zone, ask_krw: 3_000_000_000,
    pitch_ko: `${name}은 수소연료전지로 항만의 탄소 배출을 줄입니다.`, pitch_en: `${name_en} cuts port emissions.`,
    problem_ko: '항만 작업선은 디젤 엔진을 씁니다.', solution_ko: '연료전지 파워팩을 공급합니다.', exemption_ko: '선박 수소연료 실증특례',
    traction_ko: '울산항 실증 2척', team_ko: '조선 엔지니어 12명',
  })));
  const investorLink = await addInvestor(server.url, ids, { id: 'i1', firm: '한빛벤처스', firm_en: 'Hanbit Ventures' });
  const settings = await eventSettings(server.url, ids);
  settings.criteria = [
    { key: 'innovation', weight: 1, label_ko: '기술혁신성', label_en: 'Technological innovation' },
    { key: 'viability', weight: 1, label_ko: '사업성', label_en: 'Business viability' },
    { key: 'market', weight: 1, label_ko: '시장성', label_en: 'Market potential' },
  ];
  if (meetingTimes) settings.meetings = { ...settings.meetings, first_slot: '2026-12-10T14:00:00+09:00', slot_minutes: 20, slots: 4, tables: 2 };
  await setPhase(server.url, ids, 'scoring', { settings });
  return { ...ids, investorLink };
}

test('the first screen shows a pitch; the filters fold behind one button', async () => {
  const { investorLink } = await phoneEvent();
  const { context, page, problems } = await openInvestorPhone(browser, server.url, investorLink, { options: PHONE });
  const first = page.locator('.pitch-item').first();
  await first.waitFor();
  const box = await first.boundingBox();
  assert.ok(box.y + box.height <= 740, `the first pitch ends at ${box.y + box.height} px, below the 740 px screen`);

  // The field, zone and stage pickers are folded behind one button.
  const toggle = page.getByRole('button', { name: '분야·특구·단계로 거르기' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByLabel('분야').isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await page.getByLabel('분야').selectOption('hydrogen');
  await page.waitForURL(/field=hydrogen/);
  assert.deepEqual(await page.locator('.pitch-name').allInnerTexts(), ['하이드로웨이브', '그린수소에너지']);
  assert.match(await toggle.innerText(), /\(1\)$/, 'the button counts the filters in use');
  await page.reload();
  await page.locator('.pitch-item').first().waitFor();
  assert.equal(await page.getByLabel('분야').isVisible(), true, 'a filter in use keeps the pickers open');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the pitch story shows a disclosure marker that turns when it opens', async () => {
  const { investorLink } = await phoneEvent();
  const { context, page, problems } = await openInvestorPhone(browser, server.url, investorLink, { query: 'pitch=s1', options: PHONE });
  const summary = page.locator('details.story > summary');
  await summary.waitFor();
  const marker = () => summary.evaluate((element) => {
    const style = getComputedStyle(element);
    const before = getComputedStyle(element, '::before');
    const native = style.display === 'list-item' && style.listStyleType !== 'none';
    const drawn = before.content !== 'none' && before.content !== 'normal' && parseFloat(before.width) > 0 && before.visibility !== 'hidden';
    return { shown: native || drawn, look: native ? style.listStyleType : before.transform };
  });
  const closed = await marker();
  assert.ok(closed.shown, 'the folded story shows a disclosure marker');
  await summary.click();
  await page.locator('details.story[open]').waitFor();
  // The marker turns over a short transition: wait until it has turned, then compare.
  await summary.evaluate((element, before) => new Promise((resolve) => {
    const started = performance.now();
    const check = () => {
      if (getComputedStyle(element, '::before').transform !== before || performance.now() - started > 2000) resolve();
      else requestAnimationFrame(check);
    };
    check();
  }), closed.look);
  await page.waitForTimeout(200);
  const open = await marker();
  assert.ok(open.shown);
  assert.notEqual(open.look, closed.look, 'the marker changes when the story opens');
  assert.match(await summary.innerText(), /문제, 해결, 실증특례, 성과, 팀/, 'the summary says what is inside');
  assert.ok(await page.getByText('선박 수소연료 실증특례').isVisible());
  assert.deepEqual(problems, []);
  await context.close();
});

test('progress and the sync state stay in view while scoring', async () => {
  const { investorLink } = await phoneEvent();
  const { context, page, problems } = await openInvestorPhone(browser, server.url, investorLink, { query: 'pitch=s1', options: PHONE });
  await page.locator('fieldset[data-criterion="market"]').waitFor();
  await page.locator('details.story > summary').click();
  for (const criterion of ['innovation', 'viability', 'market']) {
    await page.locator(`fieldset[data-criterion="${criterion}"]`).getByRole('radio', { name: '7', exact: true }).check();
  }
  await page.getByLabel('메모 (주최자가 봅니다)').fill('좋은 팀');
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => window.scrollY > 300);
  for (const selector of ['.sync-badge', '.progress']) {
    const rect = await page.locator(selector).evaluate((element) => element.getBoundingClientRect().toJSON());
    assert.ok(rect.top >= 0 && rect.bottom <= 740, `${selector} in view after scrolling (${rect.top}–${rect.bottom})`);
  }
  await page.locator('.sync-badge[data-state="synced"]').waitFor();
  assert.match(await page.locator('.progress').innerText(), /3개 중 1개 평가/);
  // The comment field, focused under the sticky bar, is not hidden by it.
  await page.getByLabel('메모 (주최자가 봅니다)').focus();
  await page.getByLabel('메모 (주최자가 봅니다)').press('Shift+Tab');
  const focused = await page.evaluate(() => document.activeElement.getBoundingClientRect().toJSON());
  const bar = await page.locator('.sync-badge').evaluate((element) => (element.closest('.scoring-status') ?? element).getBoundingClientRect().toJSON());
  assert.ok(focused.bottom <= 740 && focused.top >= bar.bottom - 1, `the focused control (${focused.top}–${focused.bottom}) is not under the status bar (ends ${bar.bottom})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Korean words are never cut in the middle in narrow cells at 360 px', async () => {
  const { event, organizer, investorLink } = await phoneEvent();
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer, body: { published: true, meetings: [{ investor: 'i1', startup: 's2', slot: 1, table: 0 }, { investor: 'i1', startup: 's1', slot: 0, table: 1 }] },
  });
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(investorUrl(server.url, investorLink, 'view=scores'));
  await page.locator('.my-scores tbody tr').nth(2).waitFor();
  assert.deepEqual(await brokenWords(page, '.my-scores th, .my-scores td'), [], 'my scores');
  await page.goto(investorUrl(server.url, investorLink, 'view=agenda'));
  await page.locator('.agenda-table tbody tr').nth(1).waitFor();
  assert.deepEqual(await brokenWords(page, '.agenda-table th, .agenda-table td'), [], 'agenda');
  await page.goto(investorUrl(server.url, investorLink));
  await page.locator('.pitch-item').nth(2).waitFor();
  assert.deepEqual(await brokenWords(page, '.pitch-name, .scoring-status, .investor-nav, .filter-bar'), [], 'pitch list');

  // The organizer's leaderboard on a phone, too.
  await page.goto(consoleUrl(server.url, { event, organizer }, 'tab=leaderboard'));
  await page.locator('.board-table tbody tr[data-startup]').nth(2).waitFor();
  assert.deepEqual(await brokenWords(page, '.board-table th, .board-table td, .console-tabs a'), [], 'leaderboard');
  await context.close();
});

test('a second tab shows the score the first tab gave, and both tabs\' edits reach the server', async () => {
  const { event, organizer, investorLink } = await phoneEvent();
  const context = await browser.newContext(PHONE);
  const { page: first, problems } = await watchedPage(context);
  const { page: second, problems: secondProblems } = await watchedPage(context);
  const card = investorUrl(server.url, investorLink, 'pitch=s1');
  for (const page of [first, second]) {
    await page.goto(card);
    await page.locator('fieldset[data-criterion="innovation"]').waitFor();
  }
  const checked = (page, criterion) => page.locator(`fieldset[data-criterion="${criterion}"] input:checked`);
  const waitChecked = (page, criterion, value) => page.waitForFunction(({ criterion: key, value: wanted }) =>
    document.querySelector(`fieldset[data-criterion="${key}"] input:checked`)?.value === wanted, { criterion, value }, { timeout: 5_000 });

  await first.locator('fieldset[data-criterion="innovation"]').getByRole('radio', { name: '7', exact: true }).check();
  await waitChecked(second, 'innovation', '7');
  await first.locator('fieldset[data-criterion="innovation"]').getByRole('radio', { name: '8', exact: true }).check();
  await waitChecked(second, 'innovation', '8');
  // And the other way round, with the first tab's edit kept.
  await second.locator('fieldset[data-criterion="market"]').getByRole('radio', { name: '5', exact: true }).check();
  await waitChecked(first, 'market', '5');
  assert.equal(await checked(first, 'innovation').getAttribute('value'), '8');
  for (const page of [first, second]) await page.locator('.sync-badge[data-state="synced"]').waitFor({ timeout: 20_000 });
  assert.match(await second.locator('.scoring-status .progress').innerText(), /3개 중 0개 평가/);

  const snapshot = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  assert.deepEqual(snapshot.scores.map((s) => `${s.startup}/${s.criterion}=${s.value}`).sort(), ['s1/innovation=8', 's1/market=5']);
  assert.deepEqual([...problems, ...secondProblems], []);
  await context.close();
});

test('the agenda says why it cannot make a calendar file', async () => {
  const { event, organizer, investorLink } = await phoneEvent();
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer, body: { published: true, meetings: [{ investor: 'i1', startup: 's1', slot: 0, table: 0 }] },
  });
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  // An event published before meeting times were required: the answer has no first slot or length.
  await page.route('**/api/events/*/changes*', async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    delete json.event.settings.meetings.first_slot;
    delete json.event.settings.meetings.slot_minutes;
    await route.fulfill({ response, json });
  });
  await page.goto(investorUrl(server.url, investorLink, 'view=agenda'));
  await page.locator('.agenda-table tbody tr').first().waitFor();
  const button = page.getByRole('button', { name: '캘린더 파일(.ics) 받기' });
  assert.equal(await button.isDisabled(), true);
  const reason = page.locator(`#${await button.getAttribute('aria-describedby')}`);
  assert.equal(await reason.innerText(),
    '캘린더 파일을 만들 수 없습니다: 주최자가 첫 미팅 시작 시각과 미팅 길이를 아직 정하지 않았습니다. 위 표의 순서대로 참석하세요.');
  await page.locator('.language-switch').click();
  assert.match(await reason.innerText(), /^No calendar file: the organizer has not set the first meeting's start time and the meeting length yet\./);
  await context.close();
});
