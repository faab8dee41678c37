// The console's controls for the day (issue 11, items 4, 11 and 14): publishing a schedule waits
// for the meeting start time and length and says what is missing and where (also when the server
// refuses); the organizer reveals scores and goes back a phase, each confirmed; the shared
// registration link is labelled as shared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage, waitForApp } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { addInvestor, addStartups, consoleUrl as consoleAddress, createEvent, publishedStartup, sendMutations, setPhase } from '../support/fixtures.mjs';
import { violationsOf } from '../support/a11y.mjs';

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

/** An event in scoring with 2 startups and 2 investors who scored both (no meeting times set). */
async function scoredEvent() {
  const ids = await createEvent(server.url, { name: '콘솔 도구 시험' });
  const { event, organizer } = ids;
  await addStartups(server.url, ids, ['s1', 's2'].map((id) => publishedStartup(id)));
  const links = {};
  for (const id of ['i1', 'i2']) {
    links[id] = secretOf(await addInvestor(server.url, ids, { id, firm: `회사 ${id}` }));
  }
  await setPhase(server.url, ids, 'scoring');
  for (const [j, investor] of ['i1', 'i2'].entries()) {
    const mutations = [];
    for (const startup of ['s1', 's2']) {
      for (const criterion of CRITERIA) mutations.push({ seq: mutations.length + 1, type: 'score', startup, criterion, value: 5 + j + mutations.length % 3 });
    }
    await sendMutations(server.url, event, links[investor], `api-${investor}`, mutations);
  }
  return { event, organizer, links };
}

const consoleUrl = (event, organizer, tab) => consoleAddress(server.url, { event, organizer }, `tab=${tab}`);

test('a schedule is published only with a start time and a slot length, and says what is missing where', async () => {
  const { event, organizer } = await scoredEvent();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(event, organizer, 'schedule'));
  await waitForApp(page);
  await page.locator('.solver-status[data-computing="false"]').waitFor({ timeout: 30_000 });
  await page.locator('table.schedule-grid td.meeting').first().waitFor();

  const publish = page.getByRole('button', { name: '일정 공개' });
  assert.equal(await publish.isDisabled(), true, 'publish is off without meeting times');
  const needs = page.locator('#publish-needs');
  assert.match(await needs.innerText(), /먼저 설정 탭에서 다음을 정하세요/);
  assert.deepEqual(await needs.getByRole('link').allInnerTexts(), ['첫 미팅 시작 (KST) — 설정에서 입력', '미팅 길이 (분) — 설정에서 입력']);
  assert.equal(await publish.getAttribute('aria-describedby'), 'publish-needs', 'the reason is read with the button');

  // The link leads to the field itself, focused.
  await needs.getByRole('link', { name: /첫 미팅 시작/ }).click();
  await page.waitForURL(/tab=setup&field=first-slot/);
  await page.waitForFunction(() => document.activeElement?.id === 'first-slot');
  await page.getByLabel('첫 미팅 시작 (KST)').fill('2026-12-10T13:00');
  await page.getByLabel('미팅 길이 (분)').fill('20');
  await page.getByLabel('미팅 길이 (분)').press('Tab');
  await page.getByRole('button', { name: '설정 저장' }).click();
  await page.locator('.save-status', { hasText: '저장했습니다.' }).waitFor();
  const { settings: stored } = (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).event;
  assert.equal(stored.meetings.slot_minutes, 20);
  assert.match(stored.meetings.first_slot, /^2026-12-10T13:00:00\+09:00$/);

  await page.getByRole('navigation', { name: '주최자 메뉴' }).getByRole('link', { name: '일정', exact: true }).click();
  await page.locator('.solver-status[data-computing="false"]').waitFor({ timeout: 30_000 });
  await page.locator('table.schedule-grid td.meeting').first().waitFor();
  assert.equal(await page.locator('#publish-needs').count(), 0);
  assert.equal(await publish.isDisabled(), false);

  // The server's own refusal (422, problem paths meetings.first_slot / meetings.slot_minutes,
  // code `required`) is shown the same way: what, and a link to where.
  await page.route('**/api/events/*/meetings', (route) => route.fulfill({
    status: 422,
    contentType: 'application/json',
    body: JSON.stringify({
      code: 'invalid', message: 'meeting times are required',
      fields: { 'meetings.first_slot': [{ code: 'required', message: 'required' }], 'meetings.slot_minutes': [{ code: 'required', message: 'required' }] },
    }),
  }));
  await publish.click();
  await page.getByRole('alertdialog').getByRole('button', { name: '확인' }).click();
  const refused = page.locator('.publish-refused');
  await refused.waitFor();
  assert.equal(await page.locator('.publish-status').innerText(), '서버가 일정 공개를 거부했습니다:');
  assert.deepEqual(await refused.locator('li').allInnerTexts(), [
    '첫 미팅 시작 (KST) — 설정에서 입력 (필수 항목입니다.)', '미팅 길이 (분) — 설정에서 입력 (필수 항목입니다.)',
  ]);
  const { meetings: none } = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer });
  assert.deepEqual(none, [], 'nothing was published');

  // Without the stand-in refusal, the schedule is published.
  await page.unroute('**/api/events/*/meetings');
  await publish.click();
  await page.getByRole('alertdialog').getByRole('button', { name: '확인' }).click();
  await page.getByText('공개했습니다.').first().waitFor();
  const { meetings } = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer });
  assert.ok(meetings.length > 0);
  assert.deepEqual(problems.filter((p) => !p.includes('422')), []);
  await context.close();
});

test('the organizer reveals scores and goes back a phase, each after confirming', async () => {
  const { event, organizer, links } = await scoredEvent();
  const state = async () => (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).event.live;
  const othersSeenBy = async (investor) => (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: links[investor] }))
    .scores.filter((row) => row.investor !== investor).length;
  assert.equal((await state()).reveal_mode, 'after-organizer-reveal', 'the default reveal mode waits for the organizer');
  assert.equal(await othersSeenBy('i2'), 0);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(event, organizer, 'setup'));
  await waitForApp(page);
  const reveal = page.locator('.reveal');
  await reveal.getByText('투자자는 아직 다른 투자자의 점수를 볼 수 없습니다.').waitFor();

  // Reveal: asked first; the confirmation takes keyboard focus.
  await reveal.getByRole('button', { name: '점수 공개' }).click();
  const question = page.getByRole('alertdialog');
  assert.match(await question.innerText(), /모든 투자자가 다른 투자자의 점수를 보게 됩니다/);
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '확인 — 점수 공개');
  await question.getByRole('button', { name: '확인 — 점수 공개' }).click();
  await reveal.getByText('투자자에게 다른 투자자의 점수가 공개되어 있습니다.').waitFor();
  assert.equal((await state()).scores_revealed, true);
  assert.equal(await othersSeenBy('i2'), 6, 'investor 2 now sees investor 1\'s six scores');

  // Hiding again, cancelled: nothing changes.
  await reveal.getByRole('button', { name: '점수 다시 숨기기' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '취소' }).click();
  assert.equal((await state()).scores_revealed, true);

  // Scoring closed by mistake: back to scoring, cancelled once, then confirmed.
  await page.getByRole('button', { name: '평가 마감', exact: true }).click();
  await page.getByRole('button', { name: '확인 — 평가 마감' }).click();
  await page.locator('strong[data-phase="ScoringClosed"]').waitFor();
  await page.getByRole('button', { name: '이전 단계로 되돌리기' }).click();
  assert.match(await page.getByRole('alertdialog').innerText(), /평가를 다시 엽니다/);
  await page.getByRole('alertdialog').getByRole('button', { name: '취소' }).click();
  assert.equal((await state()).phase, 'scoring-closed');
  await page.getByRole('button', { name: '이전 단계로 되돌리기' }).click();
  await page.getByRole('button', { name: '확인 — 이전 단계로 되돌리기' }).click();
  await page.locator('strong[data-phase="Scoring"]').waitFor();
  assert.equal((await state()).phase, 'scoring');
  // Investors can score again.
  const again = await api(server.url, 'POST', `/api/events/${event}/mutations`, {
    secret: links.i1, body: { client_id: 'api-i1', mutations: [{ seq: 7, type: 'score', startup: 's1', criterion: 'market', value: 9 }] },
  });
  assert.equal(again.results[0].status, 'applied');

  // With another reveal mode there is nothing to reveal by hand.
  await api(server.url, 'PATCH', `/api/events/${event}`, { secret: organizer, body: { reveal_mode: 'never' } });
  await page.waitForFunction(() => !document.querySelector('.reveal'));

  // English, for the new controls too.
  await page.locator('.language-switch').click();
  await page.getByRole('button', { name: 'Back to the previous phase' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the registration link is labelled as the one link every startup shares', async () => {
  const { event, organizer } = await scoredEvent();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(event, organizer, 'setup'));
  await waitForApp(page);
  const section = page.getByRole('region', { name: '스타트업 참가 신청 링크' });
  await section.getByRole('button', { name: '링크 발급' }).click();
  const link = section.getByRole('textbox', { name: '모든 스타트업이 함께 쓰는 등록 링크' });
  await link.waitFor();
  assert.match(await link.inputValue(), /\/events\/[^/]+\/register#k=/);
  assert.equal(await section.getByText('개인 링크').count(), 0, 'not called personal');
  // An investor's link is personal.
  const investor = page.locator('li.person[data-investor="i1"]');
  await investor.getByRole('button', { name: /링크 재발급/ }).click();
  await investor.getByRole('textbox', { name: '개인 링크' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('no two landmarks share a name on the ranking and judges tabs', async () => {
  const { event, organizer } = await scoredEvent();
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  for (const tab of ['leaderboard', 'judges']) {
    await page.goto(consoleUrl(event, organizer, tab));
    await page.locator('.board-table tbody tr').first().waitFor();
    for (const language of ['ko', 'en']) {
      if ((await page.locator('html').getAttribute('lang')) !== language) await page.locator('.language-switch').click();
      assert.deepEqual(await violationsOf(page, ['landmark-unique']), [], `${tab} (${language})`);
    }
    // The table's region has a name of its own (not the section's heading).
    const names = await page.evaluate(() => [...document.querySelectorAll('[role="region"], section[aria-labelledby]')]
      .map((element) => element.getAttribute('aria-labelledby').split(' ').map((id) => document.getElementById(id)?.textContent.trim()).join(' ')));
    assert.equal(new Set(names).size, names.length, `${tab}: ${names.join(' | ')}`);
    await page.locator('.language-switch').click();
  }
  await context.close();
});

test('a settings change that would break stored scores is refused where it applies, in Korean', async () => {
  // Stored scores run from 5 to 7 on every criterion: a scale up to 4 and dropping a criterion
  // would both leave scores that no longer fit.
  const { event, organizer } = await scoredEvent();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(event, organizer, 'setup'));
  await waitForApp(page);
  await page.getByLabel('점수 최댓값').fill('4');
  await page.getByLabel('점수 최댓값').press('Tab');
  await page.getByRole('group', { name: '평가 기준 3' }).getByRole('button', { name: '이 기준 삭제' }).click();
  await page.getByRole('button', { name: '설정 저장' }).click();
  await page.locator('.save-status', { hasText: '저장하지 못했습니다' }).waitFor();
  const breaks = '이미 저장된 점수나 미팅과 맞지 않아 바꿀 수 없습니다.';
  assert.equal(await page.locator('#scale-error').innerText(), breaks);
  assert.equal(await page.locator('#criteria-error').innerText(), breaks);
  assert.match(await page.locator('fieldset:has(#scale-error)').getAttribute('aria-describedby'), /scale-error/);
  const { settings: stored } = (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).event;
  assert.equal(stored.scale.max, 10, 'nothing changed');
  assert.equal(stored.criteria.length, 3);
  assert.deepEqual(problems.filter((problem) => !problem.includes('422')), []);
  await context.close();
});
