// A two-round event as Korean programs run it (issue 16; docs/definitions.md §8.1): 30
// applicants judged on paper by 6 screening judges, the top 8 promoted, 20 investors in the final
// with new criteria, final total weighted 30/70. The console's boards equal `roadshow rank
// --round R` and `--final` on the export; phones follow the round the organizer moves the event
// to, score the final's criteria, and list only the promoted companies as theirs to judge; a
// later screening score that would change the top 8 is shown as a warning and not applied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { DESKTOP, PHONE, consoleUrl, investorUrl, sendMutations } from '../support/fixtures.mjs';
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

const pad = (n) => String(n).padStart(2, '0');
const STARTUPS = Array.from({ length: 30 }, (_, s) => `s${pad(s + 1)}`);
const SCREENERS = Array.from({ length: 6 }, (_, j) => `p${j + 1}`);
const FINALISTS = Array.from({ length: 20 }, (_, j) => `f${pad(j + 1)}`);
const PAPER = ['plan', 'tech'];
const STAGE = ['delivery', 'team', 'scaleup'];

function twoRoundEvent() {
  return {
    format: 'roadshow-event/1',
    event: {
      id: 'rounds-e2e', name: '규제자유특구 투자 IR (2단계)', min_judges: 2,
      scale: { min: 1, max: 10 },
      criteria: [{ key: 'innovation', weight: 1 }],
      rounds: [
        { id: 'screening', name: '서류 심사', name_en: 'Paper screening', weight: 0.3,
          criteria: PAPER.map((key) => ({ key, label_ko: key === 'plan' ? '사업계획' : '기술성', weight: 1 })),
          scale: { min: 1, max: 5 }, judges: SCREENERS, min_judges: 3, promote: { top: 8 } },
        { id: 'final', name: '본선 발표', name_en: 'Final pitch', weight: 0.7,
          criteria: STAGE.map((key, c) => ({ key, label_ko: ['발표 완성도', '팀 역량', '성장성'][c], weight: c + 1 })),
          judges: FINALISTS },
      ],
      final: 'weighted',
    },
    startups: STARTUPS.map((id, s) => ({ id, name: `기업 ${s + 1}`, status: 'published', field: 'hydrogen', stage: 'seed' })),
    investors: [...SCREENERS, ...FINALISTS].map((id) => ({ id, firm: `${id} 투자` })),
    scores: [],
  };
}

/** A spread of values with few exact ties. */
const value = (max, j, s, c) => 1 + ((j * 7 + s * 11 + c * 5 + ((j + 1) * (s + 3) * (c + 2)) % 13) % max);

/** What the CLI prints, as the console shows it: [startup, { rank, total }] in order. */
const asShown = (rows) => rows.map((row) => [row.startup, {
  rank: row.rank === null ? '' : String(row.rank),
  total: row.total === null ? '–' : row.total.toFixed(2),
}]);

const shown = (page, table) => page.evaluate((selector) => [...document.querySelectorAll(`${selector} tbody tr[data-startup]`)]
  .map((row) => [row.dataset.startup, { rank: row.querySelector('.rank').dataset.rank, total: row.querySelector('.total').textContent.trim() }]), table);

async function expectBoard(page, table, expected, message) {
  try {
    await page.waitForFunction(([selector, want]) => {
      const rows = [...document.querySelectorAll(`${selector} tbody tr[data-startup]`)];
      return rows.length === want.length && rows.every((row, n) => row.dataset.startup === want[n][0]
        && row.querySelector('.total').textContent.trim() === want[n][1].total
        && row.querySelector('.rank').dataset.rank === want[n][1].rank);
    }, [table, expected], { timeout: 8_000 });
  } catch {
    assert.deepEqual(await shown(page, table), expected, message);
  }
}

test('screening, promotion of the top 8 and a weighted final: the console equals roadshow rank --round and --final', async () => {
  const imported = await api(server.url, 'POST', '/api/events/import', { body: twoRoundEvent() });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  const linkOf = (id) => secretOf(imported.investor_links.find(([known]) => known === id)[1]);
  await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { phase: 'scoring' } });
  const exportNow = () => api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  const rank = (exported, args) => JSON.parse(roadshow(server.dir, 'rank', exported, args));

  // The screening judges score on paper through the API (the server checks the round's rubric).
  for (const [j, judge] of SCREENERS.entries()) {
    const mutations = STARTUPS.flatMap((startup, s) => PAPER.map((criterion, c) => ({
      type: 'score', round: 'screening', startup, criterion, value: value(5, j, s, c),
    }))).map((mutation, n) => ({ seq: n + 1, ...mutation }));
    const { results } = await sendMutations(server.url, ids.event, linkOf(judge), `paper-${judge}`, mutations);
    assert.ok(results.every((result) => result.status === 'applied'), JSON.stringify(results.find((r) => r.status !== 'applied')));
  }
  // A final judge is not one of the screening's.
  const { results: refused } = await sendMutations(server.url, ids.event, linkOf(FINALISTS[0]), 'stray', [
    { seq: 1, type: 'score', round: 'screening', startup: STARTUPS[0], criterion: 'plan', value: 3 }]);
  assert.equal(refused[0].error.code, 'forbidden');

  let exported = await exportNow();
  const screening = rank(exported, ['--round', 'screening']);
  const top8 = screening.filter((row) => row.rank !== null && row.rank <= 8).map((row) => row.startup).sort();
  assert.ok(top8.length >= 8, 'the top 8, with any tie at the cut');

  const organizer = await browser.newContext(DESKTOP);
  const { page, problems } = await watchedPage(organizer);
  await page.goto(consoleUrl(server.url, ids, 'tab=leaderboard&round=screening'));
  await page.locator('.board-table tbody tr[data-startup]').first().waitFor();
  await expectBoard(page, '.board-table', asShown(screening), 'the screening board');

  // Promote the top 8: the list confirmed is the CLI's top 8.
  await page.locator('#promote-top').fill('8');
  await page.locator('#promote-top').press('Tab');
  await page.locator('#confirm-top').click();
  await page.locator('.promoted-list').waitFor();
  exported = await exportNow();
  assert.deepEqual(exported.event.rounds[0].promote, { startups: top8, confirmed_top: 8 });
  assert.deepEqual(JSON.parse(roadshow(server.dir, 'rank', exported, ['--round', 'screening'])), screening, 'promotion changes no ranking');

  // A final judge's phone, open during the screening: nothing of its own to score yet.
  const phone = await browser.newContext(PHONE);
  const { page: judgePage, problems: phoneProblems } = await watchedPage(phone);
  await judgePage.goto(investorUrl(server.url, imported.investor_links.find(([id]) => id === FINALISTS[1])[1]));
  await judgePage.locator('.pitch-list li.pitch-item').first().waitFor();
  assert.match(await judgePage.locator('.round-on-phone').innerText(), /서류 심사/);
  assert.equal(await judgePage.locator('.progress').innerText(), '0개 중 0개 평가');

  // The phones move on to the final.
  await page.locator('#current-round').selectOption('final');
  await page.locator('.current-round button[type="submit"]').click();
  await page.waitForFunction(() => document.querySelector('.current-round [role="status"]')?.textContent.includes('전환했습니다'));
  const event = await api(server.url, 'GET', `/api/events/${ids.event}`, { secret: linkOf(FINALISTS[1]) });
  assert.equal(event.event.live.current_round, 'final');

  // The open phone offers the new round; a tap opens it: the final's criteria, and only the 8
  // promoted to judge.
  await judgePage.locator('.new-round').waitFor();
  await judgePage.locator('.new-round button').click();
  await judgePage.waitForFunction(() => /본선 발표/.test(document.querySelector('.round-on-phone')?.textContent ?? ''));
  await judgePage.locator('.pitch-list li.pitch-item').first().waitFor();
  assert.match(await judgePage.locator('.round-on-phone').innerText(), /본선 발표/);
  assert.equal(await judgePage.locator('.progress').innerText(), `${top8.length}개 중 0개 평가`);
  const notMine = await judgePage.locator('.pitch-list li.other-track a').evaluateAll((links) => links.map((a) => a.getAttribute('href').replace('?pitch=', '')));
  assert.deepEqual(notMine.sort(), STARTUPS.filter((id) => !top8.includes(id)));
  await judgePage.goto(investorUrl(server.url, imported.investor_links.find(([id]) => id === FINALISTS[1])[1], `pitch=${top8[0]}`));
  await judgePage.locator('fieldset[data-criterion]').first().waitFor();
  assert.deepEqual(await judgePage.locator('fieldset[data-criterion]').evaluateAll((sets) => sets.map((set) => set.dataset.criterion)), STAGE);
  assert.equal(await judgePage.locator('fieldset[data-criterion="team"] input[type="radio"]').count(), 10, "the final's scale is the event's 1–10");
  await judgePage.locator('fieldset[data-criterion="team"] .score-option').filter({ hasText: /^9$/ }).click();
  await judgePage.locator('.sync-badge[data-state="synced"]').waitFor();
  await assertAccessibleInBothLanguages(judgePage, assert, 'a final judge scoring the final round');
  // The round is named in the language chosen (the check above ends in English).
  assert.equal(await judgePage.locator('html').getAttribute('lang'), 'en');
  assert.match(await judgePage.locator('.round-on-phone').innerText(), /Round: Final pitch/);
  await judgePage.locator('.language-switch').click();
  assert.match(await judgePage.locator('.round-on-phone').innerText(), /심사 라운드: 본선 발표/);
  assert.deepEqual(phoneProblems, []);
  await phone.close();
  // A screening judge has nothing to score in the final (another phone: another link).
  const screenerPhone = await browser.newContext(PHONE);
  const { page: screenerPage, problems: screenerProblems } = await watchedPage(screenerPhone);
  await screenerPage.goto(investorUrl(server.url, imported.investor_links.find(([id]) => id === SCREENERS[0])[1], `pitch=${top8[0]}`));
  await screenerPage.locator('.outside-tracks').waitFor();
  assert.match(await screenerPage.locator('.outside-tracks').innerText(), /라운드의 심사위원이 아니어서/);
  assert.equal(await screenerPage.locator('fieldset[data-criterion]').count(), 0);
  assert.deepEqual(screenerProblems, []);
  await screenerPhone.close();

  // The 20 final judges score the 8 (the phone's 9 above stays: its cell is not sent again).
  for (const [j, judge] of FINALISTS.entries()) {
    const mutations = top8.flatMap((startup, s) => STAGE.map((criterion, c) => ({
      type: 'score', round: 'final', startup, criterion, value: value(10, j, s, c),
    }))).filter((m) => !(judge === FINALISTS[1] && m.startup === top8[0] && m.criterion === 'team'))
      .map((mutation, n) => ({ seq: n + 1, ...mutation }));
    const { results } = await sendMutations(server.url, ids.event, linkOf(judge), `final-${judge}`, mutations);
    assert.ok(results.every((result) => result.status === 'applied'), JSON.stringify(results.find((r) => r.status !== 'applied')));
  }
  exported = await exportNow();
  const finalRound = rank(exported, ['--round', 'final']);
  const finalTotal = rank(exported, ['--final']);
  assert.equal(exported.scores.find((s) => s.round === 'final' && s.investor === FINALISTS[1] && s.startup === top8[0] && s.criterion === 'team').value, 9);

  await page.locator('#board-round').selectOption('final');
  await page.waitForURL((url) => new URL(url).searchParams.get('round') === 'final');
  await expectBoard(page, '.board-table', asShown(finalRound), 'the final round board');
  // The final total (no round chosen) is the weighted one, 30/70, as roadshow rank --final.
  await page.locator('#board-round').selectOption('');
  await page.waitForURL((url) => !new URL(url).searchParams.has('round'));
  await expectBoard(page, 'table.weighted-final', asShown(finalTotal), 'the weighted final');
  const someone = finalTotal.find((row) => row.rounds.final !== null);
  assert.ok(Math.abs(someone.total - (0.3 * someone.rounds.screening + 0.7 * someone.rounds.final)) < 1e-9, 'weights 30/70');

  // A later screening score that would change the top 8 is shown, never applied.
  await page.locator('#board-round').selectOption('screening');
  await page.waitForURL((url) => new URL(url).searchParams.get('round') === 'screening');
  const outsider = screening[screening.length - 1].startup;
  const raised = await Promise.all(SCREENERS.map((judge) => sendMutations(server.url, ids.event, linkOf(judge), `paper-${judge}`,
    PAPER.map((criterion, c) => ({ seq: 1000 + c, type: 'score', round: 'screening', startup: outsider, criterion, value: 5 })))));
  assert.ok(raised.flatMap((answer) => answer.results).every((result) => result.status === 'applied'));
  exported = await exportNow();
  const rescreened = rank(exported, ['--round', 'screening']);
  const newTop = rescreened.filter((row) => row.rank !== null && row.rank <= 8).map((row) => row.startup);
  assert.ok(newTop.includes(outsider), 'all fives put the last startup in the top 8');
  await page.locator('.promotion-drift').waitFor();
  const drift = await page.locator('.promotion-drift').innerText();
  assert.match(drift, /상위 8이 확정 명단과 다릅니다/);
  assert.match(drift, new RegExp(`기업 ${Number(outsider.slice(1))}(?!\\d)`));
  assert.deepEqual(exported.event.rounds[0].promote, { startups: top8, confirmed_top: 8 }, 'the confirmed list is unchanged');
  await assertAccessibleInBothLanguages(page, assert, 'the rounds panel with a drift warning');
  assert.deepEqual(problems, []);
  await organizer.close();

  // Feedback, once released: a company that did not go on reads its screening, against the
  // screening's field and criteria (the report names the round).
  for (const phase of ['scoring-closed', 'results-published']) {
    await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { phase } });
  }
  await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { feedback: { released: true, exact_rank: true } } });
  const stayed = STARTUPS.find((id) => !top8.includes(id) && id !== outsider);
  const founder = await browser.newContext(PHONE);
  const { page: founderPage, problems: founderProblems } = await watchedPage(founder);
  const founderLink = `${server.url}${imported.startup_links.find(([id]) => id === stayed)[1]}`;
  await founderPage.goto(founderLink.replace('#', '?view=feedback#'));
  await founderPage.locator('.feedback-round').waitFor();
  assert.equal(await founderPage.locator('.feedback-round').innerText(), '서류 심사');
  const mine = rescreened.find((row) => row.startup === stayed);
  assert.equal(await founderPage.locator('.feedback-facts dd.number').first().innerText(), mine.total.toFixed(2));
  assert.deepEqual(await founderPage.locator('table.feedback-criteria tbody th').allInnerTexts(), ['사업계획', '기술성']);
  await assertAccessibleInBothLanguages(founderPage, assert, 'a screening feedback report');
  assert.deepEqual(founderProblems, []);
  await founder.close();
});

test('the organizer sets up rounds in the settings: own criteria, scale, judges and weights, refused by field when wrong', async () => {
  const snapshot = twoRoundEvent();
  delete snapshot.event.rounds;
  delete snapshot.event.final;
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  const organizer = await browser.newContext(DESKTOP);
  const { page, problems } = await watchedPage(organizer);
  await page.goto(consoleUrl(server.url, ids, 'tab=setup'));
  await page.locator('#add-round').click();
  await page.locator('#add-round').click();
  await page.locator('#round-0-id').fill('screening');
  await page.locator('#round-0-id').press('Tab');
  await page.locator('#round-0-name').fill('서류 심사');
  await page.locator('#round-0-name').press('Tab');
  await page.locator('#round-0-criteria').fill('plan, 사업계획, 1\ntech, 기술성, 2');
  await page.locator('#round-0-criteria').press('Tab');
  await page.locator('#round-0-scale-min').fill('1');
  await page.locator('#round-0-scale-min').press('Tab');
  await page.locator('#round-0-scale-max').fill('5');
  await page.locator('#round-0-scale-max').press('Tab');
  await page.locator('#round-0-judges-all').uncheck();
  for (const judge of SCREENERS) await page.locator(`.round-judges input[value="${judge}"]`).first().check();
  await page.locator('#round-0-weight').fill('0');
  await page.locator('#round-0-weight').press('Tab');
  await page.locator('#round-1-id').fill('final');
  await page.locator('#round-1-id').press('Tab');
  await page.locator('#round-1-weight').fill('0.7');
  await page.locator('#round-1-weight').press('Tab');
  await page.locator('#final-total').selectOption('weighted');
  await page.getByRole('button', { name: '설정 저장' }).click();
  // A weight of 0 is refused at its field, and nothing is stored.
  await page.locator('#round-0-weight[aria-invalid="true"]').waitFor();
  let exported = await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  assert.equal(exported.event.rounds, undefined);
  await page.locator('#round-0-weight').fill('0.3');
  await page.locator('#round-0-weight').press('Tab');
  await page.getByRole('button', { name: '설정 저장' }).click();
  await page.locator('.save-status', { hasText: '저장했습니다.' }).waitFor();
  exported = await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  assert.deepEqual(exported.event.rounds, [
    { id: 'screening', name: '서류 심사', weight: 0.3, scale: { min: 1, max: 5 }, judges: SCREENERS,
      criteria: [{ key: 'plan', label_ko: '사업계획', weight: 1 }, { key: 'tech', label_ko: '기술성', weight: 2 }] },
    { id: 'final', weight: 0.7 },
  ]);
  assert.equal(exported.event.final, 'weighted');
  await assertAccessibleInBothLanguages(page, assert, 'round setup');
  // The one 422 is the refused weight of 0 above.
  assert.deepEqual(problems.filter((problem) => !problem.includes('422')), []);
  await organizer.close();
});
