// The organizer's half of issue 14 (docs/definitions.md §7.1–7.4) on the demo roadshow: a
// published schedule; investors and startups answer and mark through the API and the console's
// meeting board follows live, each meeting labelled by status; the organizer answers on a
// startup's behalf and cancels a meeting from the board (recorded, with each action's outcome
// shown); a no-show at slot 2, then "fill the gaps" from slot 3 computed in the worker equals
// `roadshow repair` on the exported snapshot byte for byte, and once published the new meetings
// carry a higher calendar SEQUENCE; the Outcomes funnel shows an investment recorded through the
// API; a meeting floor nobody can meet shows its certificate in words; every new view is axe
// clean in Korean and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';

const CLI = process.env.ROADSHOW_CLI_BIN ?? join(ROOT, 'target', 'release', 'roadshow');
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

function cliRaw(command, snapshotText, extra = []) {
  const file = join(server.dir, `snapshot-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, snapshotText);
  return execFileSync(CLI, [command, file, ...extra], { encoding: 'utf8' });
}

const feed = (event, secret) => api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret });

/** One mutation batch from a link (an investor's or a startup's), checked applied. */
async function say(event, secret, clientId, mutations) {
  const answer = await api(server.url, 'POST', `/api/events/${event}/mutations`, {
    secret, body: { client_id: clientId, mutations: mutations.map((m, at) => ({ seq: at + 1, ...m })) },
  });
  assert.deepEqual(answer.results.map((r) => r.status), mutations.map(() => 'applied'), JSON.stringify(answer));
}

const meetingWord = (m, word) => ({ type: 'meeting', investor: m.investor, startup: m.startup, ...word });
const ACCEPT = { word: 'answer', answer: 'accept' };
const cell = (page, m) => page.locator(`.meeting-cell[data-investor="${m.investor}"][data-startup="${m.startup}"]`);

/** axe in both languages, then back to Korean, which the rest of the test reads. */
async function accessible(page, name) {
  await assertAccessibleInBothLanguages(page, assert, name);
  await page.locator('.language-switch').click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');
}

async function cellStatus(page, m, status) {
  await page.locator(`.meeting-cell[data-investor="${m.investor}"][data-startup="${m.startup}"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

test('meeting board, answers on behalf, fill the gaps = roadshow repair, outcomes and floors', async () => {
  const demoText = readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8');
  const imported = await api(server.url, 'POST', '/api/events/import', { body: JSON.parse(demoText) });
  const event = imported.id;
  const organizer = secretOf(imported.organizer_link);
  const secret = (links, id) => secretOf(links.find(([known]) => known === id)[1]);
  const investorKey = (id) => secret(imported.investor_links, id);
  const startupKey = (id) => secret(imported.startup_links, id);

  // The schedule `roadshow schedule` gives, published.
  const plan = JSON.parse(cliRaw('schedule', demoText)).meetings;
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer,
    body: { published: true, meetings: plan.map(({ investor, startup, slot, table }) => ({ investor, startup, slot, table })) },
  });
  const inSlot = (slot) => plan.filter((m) => m.slot === slot);
  assert.ok(inSlot(0).length >= 2 && inSlot(2).length >= 1 && inSlot(3).length >= 3, JSON.stringify(plan));
  const [confirmed, held] = inSlot(0);
  const noShow = inSlot(2)[0];
  const [declined, onBehalf, cancelled] = inSlot(3);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true });
  const { page, problems } = await watchedPage(context);
  const [path, fragment] = imported.organizer_link.split('#');
  await page.goto(`${server.url}${path}?tab=meetings#${fragment}`);
  await page.getByRole('heading', { name: '미팅 현황', level: 2 }).waitFor();
  for (const m of plan) await cellStatus(page, m, 'proposed');

  // Phones answer (through the API); the board follows live.
  await say(event, investorKey(confirmed.investor), 'e2e-i-confirmed', [meetingWord(confirmed, ACCEPT)]);
  await say(event, startupKey(confirmed.startup), 'e2e-s-confirmed', [meetingWord(confirmed, ACCEPT)]);
  await say(event, investorKey(held.investor), 'e2e-i-held', [
    meetingWord(held, ACCEPT), meetingWord(held, { word: 'attendance', attendance: 'held' }),
    { type: 'stage', investor: held.investor, startup: held.startup, stage: 'invested', amount_krw: 500_000_000, date: '2027-01-05' },
  ]);
  await say(event, startupKey(held.startup), 'e2e-s-held', [
    meetingWord(held, ACCEPT), { type: 'investment', investor: held.investor, startup: held.startup, confirmed: true },
  ]);
  await say(event, investorKey(noShow.investor), 'e2e-i-noshow', [meetingWord(noShow, { word: 'attendance', attendance: 'no_show' })]);
  await say(event, investorKey(declined.investor), 'e2e-i-declined', [
    meetingWord(declined, { word: 'answer', answer: 'decline', reason: 'schedule', text: '출장' }),
  ]);
  await cellStatus(page, confirmed, 'confirmed');
  await cellStatus(page, held, 'held');
  await cellStatus(page, noShow, 'no_show');
  await cellStatus(page, declined, 'declined');
  assert.match(await cell(page, held).innerText(), /진행됨/, 'the status is in words, not only colour');
  assert.match(await cell(page, declined).innerText(), /거절됨/);

  // The detail shows both sides' words; keyboard selection works.
  await cell(page, declined).focus();
  await page.keyboard.press('Enter');
  const detail = page.locator('#meeting-detail');
  await detail.waitFor();
  assert.match(await detail.locator('tr[data-side="investor"] .answer').innerText(), /거절 · 일정이 맞지 않음 — “출장”/);
  assert.equal(await detail.locator('tr[data-side="startup"] .answer').innerText(), '아직 답 없음');
  await accessible(page, 'meeting board with a selected meeting');

  // The organizer accepts for both sides of one meeting, and cancels another.
  await cell(page, onBehalf).click();
  await detail.locator('.side-actions[data-side="startup"] button[data-action="accept"]').click();
  await detail.locator('.side-actions[data-side="investor"] button[data-action="accept"]').click();
  await detail.locator('.action-results li[data-delivery="synced"]').nth(1).waitFor({ timeout: 15_000 });
  assert.match(await detail.locator('.action-results').innerText(), /기업 · 수락 — 저장됨/);
  await cellStatus(page, onBehalf, 'confirmed');
  await cell(page, cancelled).click();
  await detail.locator('.organizer-actions button[data-action="cancel"]').click();
  await cellStatus(page, cancelled, 'cancelled');
  await detail.locator('.organizer-actions button[data-action="restore"]').waitFor();
  // A word the server refuses is shown with its reason: attendance on a cancelled meeting.
  await detail.locator('.side-actions[data-side="investor"] button[data-action="held"]').click();
  await detail.locator('.action-results li[data-delivery="rejected"]').waitFor({ timeout: 15_000 });

  const recorded = await feed(event, organizer);
  const state = (m) => recorded.meeting_states.find((s) => s.investor === m.investor && s.startup === m.startup);
  assert.deepEqual(state(onBehalf).sides.startup.answer, { answer: 'accept' });
  assert.deepEqual(state(onBehalf).sides.investor.answer, { answer: 'accept' });
  assert.equal(state(cancelled).sides.cancelled, true);
  const statuses = Object.fromEntries(recorded.meetings.map((m) => [`${m.investor}-${m.startup}`, m.status ?? 'proposed']));
  for (const [m, status] of [[confirmed, 'confirmed'], [held, 'held'], [noShow, 'no_show'], [declined, 'declined'], [onBehalf, 'confirmed'], [cancelled, 'cancelled']]) {
    assert.equal(statuses[`${m.investor}-${m.startup}`], status);
  }
  const legend = page.locator('.status-legend');
  for (const status of ['proposed', 'confirmed', 'declined', 'held', 'no_show', 'cancelled']) {
    assert.ok(Number(await legend.locator(`li[data-status="${status}"]`).getAttribute('data-count')) >= 1, status);
  }

  // Fill the gaps from slot 3 (the slots are numbered from 0, as in the snapshot and the CLI).
  const sequencesBefore = recorded.meeting_states.map((s) => s.sequence);
  await page.locator('#repair-from-slot').selectOption('3');
  await page.getByRole('button', { name: '제안 계산' }).click();
  await page.locator('.repair-status[data-state="ready"]').waitFor({ state: 'attached', timeout: 30_000 });
  const preview = await page.locator('.repair-json code').textContent();
  const exported = await fetch(`${server.url}/api/events/${event}/snapshot`, { headers: { authorization: `Bearer ${organizer}` } }).then((r) => r.text());
  assert.equal(preview, cliRaw('repair', exported, ['--from-slot', '3']), 'the console repairs as `roadshow repair` does, byte for byte');
  const repair = JSON.parse(preview);
  assert.ok(repair.added.length >= 1, preview);
  for (const kept of [confirmed, held, noShow, onBehalf]) {
    assert.ok(repair.kept.some((m) => m.investor === kept.investor && m.startup === kept.startup), `kept ${kept.investor}-${kept.startup}`);
  }
  assert.equal(await page.locator('.repair-counts [data-count="added"]').innerText(), String(repair.added.length));
  await page.locator('.repair-json summary').click();
  await accessible(page, 'fill the gaps preview');

  await page.getByRole('button', { name: '제안 공개' }).click();
  await page.locator('.fill-gaps [role="alertdialog"]').getByRole('button', { name: '확인' }).click();
  await page.locator('.repair-publish-status', { hasText: '공개했습니다.' }).waitFor({ timeout: 15_000 });
  const republished = await feed(event, organizer);
  const samePlace = (a, b) => a.investor === b.investor && a.startup === b.startup && a.slot === b.slot && a.table === b.table;
  const fresh = repair.added.filter((m) => !plan.some((old) => samePlace(old, m)));
  assert.ok(fresh.length >= 1, 'the repair gives someone a new meeting');
  for (const m of fresh) {
    const s = republished.meeting_states.find((x) => x.investor === m.investor && x.startup === m.startup);
    assert.ok(s.sequence > Math.max(...sequencesBefore), `new meeting ${m.investor}-${m.startup} has a higher SEQUENCE`);
    await cellStatus(page, m, 'proposed');
  }
  // What was said about meetings that stayed put is kept; the freed meetings keep their record.
  assert.equal(republished.meetings.find((m) => m.investor === noShow.investor && m.startup === noShow.startup).status, 'no_show');
  assert.equal(republished.meetings.find((m) => m.investor === declined.investor && m.startup === declined.startup).status, 'declined');

  // Outcomes: the funnel with the investment, the no-show by name, the CSVs.
  await page.getByRole('link', { name: '성과' }).click();
  await page.getByRole('heading', { name: '성과', level: 2 }).waitFor();
  const invested = page.locator('.funnel tr[data-step="invested"]');
  assert.equal(await invested.locator('.pairs').innerText(), '1');
  assert.equal(await invested.locator('[data-krw="reported"]').getAttribute('data-amount'), '500000000');
  assert.match(await invested.locator('[data-krw="confirmed"]').innerText(), /5억 원 기업 확인/);
  assert.equal(await page.locator('.funnel tr[data-step="held"] .pairs').innerText(), '1');
  const missed = page.locator(`.no-shows tr[data-investor="${noShow.investor}"][data-startup="${noShow.startup}"]`);
  assert.match(await missed.innerText(), /슬롯 3/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-file="follow-ups"]').click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv, new RegExp(`^\\ufeffinvestor,investor_name,startup,startup_name,stage,amount_krw,date,confirmed,reason\\r?\\n${held.investor},[^,]*,${held.startup},[^,]*,invested,500000000,2027-01-05,true,`));
  const [meetingsFile] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-file="meetings-status"]').click()]);
  const meetingsCsv = readFileSync(await meetingsFile.path(), 'utf8');
  assert.ok(meetingsCsv.includes(`,${noShow.investor},`) && meetingsCsv.includes(',no_show'), meetingsCsv);
  await accessible(page, 'outcomes');

  // Corrections only the organizer makes: a dispute on the startup's behalf, then the stage
  // moved back; each reaches the server as the organizer's and the funnel follows.
  const correction = page.locator(`.follow-up-corrections tr[data-investor="${held.investor}"][data-startup="${held.startup}"]`);
  assert.match(await correction.innerText(), /투자 완료 · 5억 원 · 확인함/);
  await correction.getByRole('button', { name: '기업 대신 이의 제기' }).click();
  const followUpOf = async () => (await feed(event, organizer)).follow_ups.find((f) => f.investor === held.investor && f.startup === held.startup);
  const until = async (check) => {
    for (let tries = 0; tries < 100; tries += 1) {
      const found = await followUpOf();
      if (check(found)) return found;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    throw new Error(`not reached: ${JSON.stringify(await followUpOf())}`);
  };
  assert.deepEqual(await until((f) => f.confirmed === false),
    { investor: held.investor, startup: held.startup, stage: 'invested', amount_krw: 500_000_000, date: '2027-01-05', confirmed: false });
  await correction.locator('.investment', { hasText: '이의' }).waitFor({ timeout: 15_000 });
  await correction.getByLabel('되돌릴 단계').selectOption('due_diligence');
  await correction.getByRole('button', { name: '되돌리기' }).click();
  assert.deepEqual(await until((f) => f.stage === 'due_diligence'),
    { investor: held.investor, startup: held.startup, stage: 'due_diligence' });
  await page.locator(`.follow-up-corrections tr[data-startup="${held.startup}"][data-stage="due_diligence"]`).waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('.funnel tr[data-step="invested"] .pairs')?.textContent === '0', null, { timeout: 15_000 });
  await accessible(page, 'outcomes with corrections');

  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource')), []);
  await context.close();
});

test('a meeting floor: met on the demo, and when no selection can meet it, the certificate in words', async () => {
  // Every investor can meet one startup: 20 meetings for 8 startups.
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  for (const investor of snapshot.investors) investor.capacity = 1;
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const { page, problems } = await watchedPage(context);
  const [path, fragment] = imported.organizer_link.split('#');
  await page.goto(`${server.url}${path}?tab=matches#${fragment}`);
  await page.getByRole('heading', { name: '후속 미팅 매칭' }).waitFor();
  const settled = () => page.locator('.solver-status[data-computing="false"]').waitFor({ timeout: 30_000 });
  await settled();

  // Two each is possible (16 ≤ 20): every startup gets at least two.
  await page.locator('#min-startup-meetings').fill('2');
  await page.locator('.comparison td[data-mode="best"]').first().waitFor();
  await settled();
  await page.waitForFunction(() => document.querySelector('.solver-status')?.dataset.computing === 'false');
  const exported = await api(server.url, 'GET', `/api/events/${imported.id}/snapshot`, { secret: secretOf(imported.organizer_link) });
  const text = JSON.stringify(exported);
  const two = JSON.parse(cliRaw('match', text, ['--min-startup-meetings', '2']));
  assert.ok(two.min_startup_meetings >= 2);
  assert.equal(await page.locator('.floor-certificate').count(), 0);
  const bestRow = (name) => page.getByRole('table', { name: '방식 비교' }).getByRole('row', { name: new RegExp(name) }).locator('td[data-mode="best"]');
  await page.waitForFunction((total) => [...document.querySelectorAll('.comparison tr')].some((row) => row.querySelector('td[data-mode="best"]')?.textContent === total), two.total.toFixed(3), { timeout: 30_000 });
  assert.equal(await bestRow('가장 적은').innerText(), String(two.min_startup_meetings));

  // Three each is not (23 needed, 20 to give).
  await page.locator('#min-startup-meetings').fill('3');
  const certificate = page.locator('.floor-certificate');
  await certificate.waitFor({ timeout: 30_000 });
  let cliFloor;
  try { cliFloor = cliRaw('match', text, ['--min-startup-meetings', '3']); } catch (error) { cliFloor = error.stdout; }
  const infeasible = JSON.parse(cliFloor).infeasible;
  assert.deepEqual(
    [Number(await certificate.getAttribute('data-need')), Number(await certificate.getAttribute('data-supply'))],
    [infeasible.need, infeasible.supply],
    'the same certificate as `roadshow match --min-startup-meetings 3`',
  );
  assert.ok(infeasible.need > infeasible.supply);
  assert.equal(
    await certificate.locator('.certificate-sentence').innerText(),
    `스타트업 ${infeasible.startups.length}곳이 최소 3회 미팅하려면 합계 ${infeasible.need}회가 필요하지만, 이들과 만날 수 있는 투자자들의 여력은 ${infeasible.supply}회뿐입니다.`,
  );
  assert.equal(await certificate.locator('.certificate-startups li').count(), infeasible.startups.length);
  assert.equal(await certificate.locator('.certificate-investors tbody tr').count(), infeasible.investors.length);
  await assertAccessibleInBothLanguages(page, assert, 'floor certificate');
  assert.deepEqual(problems.filter((p) => !p.includes('Failed to load resource')), []);
  await context.close();
});
