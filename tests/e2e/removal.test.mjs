// Removing startups and investors (issue 12, items 3 and 7): the console asks first and says what
// goes with the person — counted from its own data — and that other startups' normalized totals
// may move, then what the server removed; every other open console and the investors' phones
// follow within a second, with the ranking rebuilt. Spam registrations are removed in bulk, and
// the registration link's cap is set in the settings. Counts and totals below are worked out by
// hand from the scores this file sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { addInvestor, addStartups, consoleUrl, createEvent, investorUrl, publishedStartup, registrationEvent, sendMutations, setPhase } from '../support/fixtures.mjs';
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

const CRITERIA = ['innovation', 'viability', 'market'];

/**
 * Three startups, three investors, in scoring. Each investor gives one value to all three
 * criteria of a startup:
 *   i1: s1 6, s2 5, s3 7      i2: s1 8, s2 9      i3: s2 4, s3 3
 * i1 wants to meet s2 and comments on it; i3 comments on s2. Meetings (unpublished): i1–s2, i2–s1.
 * Raw totals: s1 (6+8)/2 = 7.00 (2 judges), s2 (5+9+4)/3 = 6.00 (3), s3 (7+3)/2 = 5.00 (2).
 */
async function scoredEvent() {
  const ids = await createEvent(server.url, { name: '삭제 시험 설명회', venue: '창원' });
  const { event, organizer } = ids;
  await addStartups(server.url, ids, [1, 2, 3].map((s) => publishedStartup(`s${s}`, {
    name: `기업 ${s}`, name_en: `Company ${s}`, pitch_ko: `발표 ${s}`, pitch_en: `Pitch ${s}`,
  })));
  const links = {};
  for (const i of [1, 2, 3]) {
    links[`i${i}`] = await addInvestor(server.url, ids, { id: `i${i}`, firm: `투자사 ${i}`, firm_en: `Firm ${i}` });
  }
  await setPhase(server.url, ids, 'scoring');
  const given = { i1: { s1: 6, s2: 5, s3: 7 }, i2: { s1: 8, s2: 9 }, i3: { s2: 4, s3: 3 } };
  for (const [investor, scores] of Object.entries(given)) {
    const mutations = [];
    for (const [startup, value] of Object.entries(scores)) {
      for (const criterion of CRITERIA) mutations.push({ seq: mutations.length + 1, type: 'score', startup, criterion, value });
    }
    if (investor === 'i1') {
      mutations.push({ seq: mutations.length + 1, type: 'interest', startup: 's2', want: true });
      mutations.push({ seq: mutations.length + 1, type: 'comment', startup: 's2', text: '팀이 좋습니다' });
    }
    if (investor === 'i3') mutations.push({ seq: mutations.length + 1, type: 'comment', startup: 's2', text: '시장 검증 필요' });
    await sendMutations(server.url, event, secretOf(links[investor]), `api-${investor}`, mutations);
  }
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer,
    body: { published: false, meetings: [{ investor: 'i1', startup: 's2', slot: 0, table: 0 }, { investor: 'i2', startup: 's1', slot: 1, table: 0 }] },
  });
  return { event, organizer, links };
}

/** The raw leaderboard as shown: startup id → "total / judges". */
const board = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.board-table tbody tr[data-startup]')]
  .map((row) => [row.dataset.startup, `${row.querySelector('.total').textContent.trim()} / ${row.querySelector('.judges').textContent.trim()}`])));

test('removing a startup and an investor says what goes with them, and every console and phone follows', async () => {
  const { event, organizer, links } = await scoredEvent();
  const consoleAt = (query) => consoleUrl(server.url, { event, organizer }, query);

  // A second console (the projector) on the raw leaderboard, and investor i1's phone.
  const projector = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page: watching, problems: watchingProblems } = await watchedPage(projector);
  await watching.goto(consoleAt('tab=leaderboard&mode=raw'));
  await watching.locator('tr[data-startup="s3"]').waitFor();
  await watching.waitForFunction(() => document.querySelectorAll('.board-table tbody tr[data-startup]').length === 3);
  assert.deepEqual(await board(watching), { s1: '7.00 / 2', s2: '6.00 / 3', s3: '5.00 / 2' });
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const { page: investorPage, problems: phoneProblems } = await watchedPage(phone);
  await investorPage.goto(investorUrl(server.url, links.i1));
  await investorPage.locator('.pitch-item').nth(2).waitFor();
  await investorPage.evaluate(() => { window.notReloaded = true; });

  // The organizer opens s2's detail and removes it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleAt('tab=leaderboard&startup=s2'));
  await page.getByRole('heading', { name: '기업 2', level: 3 }).waitFor();
  await page.getByRole('button', { name: '이 기업 삭제' }).click();
  const question = page.getByRole('alertdialog');
  await question.waitFor();
  // s2: 3 judges × 3 criteria = 9 scores; i1's interest and comment and i3's comment = 2; i1–s2 = 1 meeting.
  assert.equal(await question.locator('p').innerText(),
    '기업 2 삭제: 점수 9개, 관심·코멘트 2개, 미팅 1개가 함께 삭제되고 링크도 취소됩니다. '
    + '다른 기업의 보정 점수 합계와 순위가 바뀔 수 있습니다. 되돌릴 수 없습니다. 삭제할까요?');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '확인 — 이 기업 삭제', 'focus on the confirmation');
  assert.deepEqual(await seriousViolations(page), [], 'the question');
  const started = Date.now();
  await question.getByRole('button', { name: '확인 — 이 기업 삭제' }).click();
  await page.locator('.removal-status', { hasText: '삭제 완료' }).waitFor();
  assert.equal(await page.locator('.removal-status').innerText(), '삭제 완료: 기업 2 — 함께 삭제된 것: 점수 9개, 관심·코멘트 2개, 미팅 1개.');

  // The projector drops the row within a second, its ranking rebuilt (raw totals unchanged for
  // the others: a startup's raw mean does not depend on other startups).
  await watching.waitForFunction(() => !document.querySelector('tr[data-startup="s2"]'), null, { timeout: 5_000 });
  const lag = Date.now() - started;
  console.log(`the other console dropped the removed startup ${lag} ms after the click`);
  assert.ok(lag < 1_000, `followed within a second (${lag} ms)`);
  assert.deepEqual(await board(watching), { s1: '7.00 / 2', s3: '5.00 / 2' });
  // The phone's pitch list drops it too, without a reload.
  await investorPage.waitForFunction(() => document.querySelectorAll('.pitch-item').length === 2, null, { timeout: 5_000 });
  assert.deepEqual(await investorPage.locator('.pitch-name').allInnerTexts(), ['기업 1', '기업 3']);
  assert.equal(await investorPage.evaluate(() => window.notReloaded), true);

  // Investor i2 from the investors list: its s1 scores (3), no verdict, the i2–s1 meeting.
  await page.getByRole('navigation', { name: '주최자 메뉴' }).getByRole('link', { name: '설정', exact: true }).click();
  const row = page.locator('li.person[data-investor="i2"]');
  await row.getByRole('button', { name: '삭제 — 투자사 2' }).click();
  assert.equal(await row.getByRole('alertdialog').locator('p').innerText(),
    '투자사 2 삭제: 점수 3개, 관심·코멘트 0개, 미팅 1개가 함께 삭제되고 링크도 취소됩니다. '
    + '다른 기업의 보정 점수 합계와 순위가 바뀔 수 있습니다. 되돌릴 수 없습니다. 삭제할까요?');
  await row.getByRole('button', { name: '확인 — 삭제' }).click();
  const removed = page.locator('.removal-status', { hasText: '투자사 2' });
  await removed.waitFor();
  assert.equal(await removed.innerText(), '삭제 완료: 투자사 2 — 함께 삭제된 것: 점수 3개, 관심·코멘트 0개, 미팅 1개.');
  await page.waitForFunction(() => !document.querySelector('li.person[data-investor="i2"]'));
  // s1 keeps only i1's 6s.
  await watching.waitForFunction(() => document.querySelector('tr[data-startup="s1"] .judges')?.textContent.trim() === '1', null, { timeout: 3_000 });
  assert.deepEqual(await board(watching), { s1: '6.00 / 1', s3: '5.00 / 2' });

  // The server agrees: s2 and i2 are gone with their rows; their links no longer open anything.
  const snapshot = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  assert.deepEqual(snapshot.startups.map((startup) => startup.id), ['s1', 's3']);
  assert.deepEqual(snapshot.investors.map((investor) => investor.id), ['i1', 'i3']);
  assert.equal(snapshot.scores.length, 9, 'i1: s1 and s3, i3: s3 — 3 criteria each');
  const i2 = await fetch(`${server.url}/api/events/${event}/changes?since=0`, { headers: { authorization: `Bearer ${secretOf(links.i2)}` } });
  assert.equal(i2.status, 401);

  assert.deepEqual(problems, []);
  assert.deepEqual(watchingProblems, []);
  assert.deepEqual(phoneProblems, []);
  await context.close();
  await projector.close();
  await phone.close();
});

test('spam registrations are removed in bulk, and the registration link has a cap set in the settings', async () => {
  const { event, organizer, registrationLink } = await registrationEvent(server.url);
  const register = (name, status) => fetch(`${server.url}/api/events/${event}/startups`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secretOf(registrationLink)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id: '', name, status, field: 'hydrogen', stage: 'seed', ask_krw: 500_000_000, pitch_ko: `${name} 소개`, contact: 'a@b.kr', consent: { collection: true } }),
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(server.url, { event, organizer }, 'tab=setup'));
  await page.getByRole('heading', { name: '특구 기업 등록 설명회' }).waitFor();

  // The cap: empty means the default, 200, as the hint says.
  const limit = page.getByLabel('등록 기업 수 상한');
  assert.equal(await limit.inputValue(), '');
  assert.equal(await limit.getAttribute('placeholder'), '200');
  assert.match(await page.locator('#registration-limit-hint').innerText(), /기본 200/);
  assert.match(await limit.getAttribute('aria-describedby'), /registration-limit-hint/);
  await limit.fill('4');
  await limit.press('Tab');
  await page.getByRole('button', { name: '설정 저장' }).click();
  await page.locator('.save-status', { hasText: '저장했습니다.' }).waitFor();
  const { settings: stored } = (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).event;
  assert.equal(stored.registration_limit, 4);

  // One real startup and three spam drafts fill the cap; a fifth is refused.
  assert.equal((await register('진짜 기업', 'published')).status, 201);
  for (const n of [1, 2, 3]) assert.equal((await register(`스팸 ${n}`, 'draft')).status, 201);
  const full = await register('스팸 4', 'draft');
  assert.equal(full.status, 409);
  assert.equal((await full.json()).code, 'registration_full');

  // The console lists them (live); the drafts are selected and removed at once.
  const section = page.getByRole('region', { name: '참가 기업' });
  await section.locator('li.startup-choice').nth(3).waitFor();
  await section.getByRole('button', { name: '초안 모두 선택' }).click();
  const checked = await section.locator('li.startup-choice').evaluateAll((rows) => rows
    .map((row) => [row.querySelector('.person-name').textContent, row.querySelector('input').checked]));
  assert.deepEqual(checked, [['진짜 기업', false], ['스팸 1', true], ['스팸 2', true], ['스팸 3', true]]);
  await section.getByRole('button', { name: '선택한 기업 삭제' }).click();
  assert.equal(await section.getByRole('alertdialog').locator('p').innerText(),
    '선택한 기업 3곳 삭제: 점수 0개, 관심·코멘트 0개, 미팅 0개가 함께 삭제되고 링크도 취소됩니다. '
    + '다른 기업의 보정 점수 합계와 순위가 바뀔 수 있습니다. 되돌릴 수 없습니다. 삭제할까요?');
  assert.deepEqual(await seriousViolations(page), [], 'the bulk question');
  await section.getByRole('button', { name: '확인 — 선택한 기업 삭제' }).click();
  await section.locator('.removal-status', { hasText: '삭제 완료' }).waitFor();
  assert.equal(await section.locator('.removal-status').innerText(), '삭제 완료: 선택한 기업 3곳 — 함께 삭제된 것: 점수 0개, 관심·코멘트 0개, 미팅 0개.');
  await page.waitForFunction(() => document.querySelectorAll('li.startup-choice').length === 1);
  const snapshot = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  assert.deepEqual(snapshot.startups.map((startup) => startup.name), ['진짜 기업']);
  // The removed drafts no longer count against the cap.
  assert.equal((await register('새 기업', 'draft')).status, 201);

  assert.deepEqual(problems.filter((problem) => !problem.includes('409')), []);
  await context.close();
});
