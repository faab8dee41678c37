// Firm teams (definitions §8.6) in the organizer's console: two people of one firm both want to
// meet a startup, and the schedule grid holds one meeting with it naming both, exactly as
// `roadshow schedule` prints it for the exported event. Once published, the teammate who is not
// the meeting's `investor` has it on their phone and answers it for the firm.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { PHONE } from '../support/fixtures.mjs';

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

function cli(args, snapshot) {
  const file = join(server.dir, `snapshot-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return JSON.parse(execFileSync(CLI, [args[0], file, ...args.slice(1)], { encoding: 'utf8' }));
}

/** The demo with i01 and i02 one firm (written two ways), each a named person, both wanting s01. */
function teamSnapshot() {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  const [first, second] = snapshot.investors;
  first.person = '김대표';
  second.firm = '(주) 한빛 벤처스';
  second.firm_en = 'Hanbit Ventures';
  second.person = '이심사역';
  snapshot.interest = [
    { investor: first.id, startup: 's01', want: true },
    { investor: second.id, startup: 's01', want: true },
  ];
  delete snapshot.meetings;
  return snapshot;
}

test('two people of one firm who both want a startup get one meeting naming both, on both phones', async () => {
  const imported = await api(server.url, 'POST', '/api/events/import', { body: teamSnapshot() });
  const organizer = secretOf(imported.organizer_link);
  const exported = await api(server.url, 'GET', `/api/events/${imported.id}/snapshot`, { secret: organizer });
  const schedule = cli(['schedule', '--mode', 'best'], exported);
  const firm = new Set(['i01', 'i02']);
  const withS01 = schedule.meetings.filter((m) => firm.has(m.investor) && m.startup === 's01');
  assert.equal(withS01.length, 1, 'one meeting of the firm with s01');
  assert.deepEqual(withS01[0].attendees, ['i01', 'i02']);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  const [path, fragment] = imported.organizer_link.split('#');
  await page.goto(`${server.url}${path}?tab=schedule#${fragment}`);
  await page.getByRole('heading', { name: '미팅 일정', level: 2 }).waitFor();
  await page.locator('.solver-status[data-computing="false"]').waitFor({ timeout: 30_000 });

  // The grid holds the CLI's meetings, attendees included.
  const grid = await page.evaluate(() => [...document.querySelectorAll('table.schedule-grid tbody tr[data-slot]')]
    .flatMap((row) => [...row.querySelectorAll('td')].map((cell, table) => ({ cell, table, slot: Number(row.dataset.slot) }))
      .filter(({ cell }) => cell.classList.contains('meeting'))
      .map(({ cell, table, slot }) => ({
        investor: cell.dataset.investor,
        startup: cell.dataset.startup,
        slot,
        table,
        ...(cell.dataset.attendees ? { attendees: cell.dataset.attendees.split(' ') } : {}),
      }))));
  const order = (a, b) => a.slot - b.slot || a.table - b.table;
  assert.deepEqual(grid.sort(order), [...schedule.meetings].sort(order));

  const cell = page.locator(`table.schedule-grid td.meeting[data-investor="${withS01[0].investor}"][data-startup="s01"]`);
  assert.equal(await cell.locator('.attendees').innerText(), '참석: 한빛벤처스 (김대표), (주) 한빛 벤처스 (이심사역)');
  await assertAccessibleInBothLanguages(page, assert, 'schedule with a firm team');
  assert.match(await cell.locator('.attendees').innerText(), /^Attending: /);
  await page.locator('.language-switch').click();
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');

  // Publish: the server keeps who attends.
  await page.getByRole('button', { name: '일정 공개' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: '확인' }).click();
  await page.getByText('공개했습니다.').first().waitFor();
  const feed = (secret) => api(server.url, 'GET', `/api/events/${imported.id}/changes?since=0`, { secret });
  const published = (await feed(organizer)).meetings.find((m) => m.startup === 's01' && firm.has(m.investor));
  assert.deepEqual(published, { investor: withS01[0].investor, startup: 's01', slot: withS01[0].slot, table: withS01[0].table, attendees: ['i01', 'i02'] });

  // The teammate who is not the meeting's investor sees it on their phone and accepts it for the firm.
  const other = withS01[0].investor === 'i01' ? 'i02' : 'i01';
  const link = imported.investor_links.find(([id]) => id === other)[1];
  const phoneContext = await browser.newContext({ ...PHONE, hasTouch: true });
  const { page: phone, problems: phoneProblems } = await watchedPage(phoneContext);
  await phone.goto(`${server.url}${link.replace('#', '?view=agenda#')}`);
  const card = phone.locator('.meeting-card[data-startup="s01"]');
  await card.waitFor();
  await card.locator('.meeting-answer label', { hasText: '수락' }).first().click();
  await card.locator('.delivery', { hasText: '전송됨' }).first().waitFor();
  const state = (await feed(organizer)).meeting_states.find((s) => s.startup === 's01' && s.investor === withS01[0].investor);
  assert.equal(state.sides.investor.answer.answer, 'accept');
  await assertAccessibleInBothLanguages(phone, assert, 'a teammate\'s agenda');
  assert.deepEqual(phoneProblems, []);
  await phoneContext.close();

  // The organizer names who goes for the firm: without the teammate, the meeting leaves its feed
  // and the answer already given stays.
  await page.goto(`${server.url}${path}?tab=meetings#${fragment}`);
  await page.locator(`.meeting-cell[data-investor="${withS01[0].investor}"][data-startup="s01"]`).click();
  const picker = page.locator('.attendee-picker');
  assert.deepEqual(await picker.locator('input[type="checkbox"]').evaluateAll((boxes) => boxes.map((b) => [b.dataset.investor, b.checked])),
    [['i01', true], ['i02', true]]);
  // Only the firm's two people are offered; no other firm's judge.
  await picker.locator(`input[data-investor="${other}"]`).uncheck();
  await picker.getByRole('button', { name: '참석자 저장' }).click();
  await picker.getByText('참석자를 저장했습니다.').waitFor();
  const after = (await feed(organizer)).meetings.find((m) => m.startup === 's01' && firm.has(m.investor));
  const { status, ...place } = after;
  assert.deepEqual(place, { investor: published.investor, startup: 's01', slot: published.slot, table: published.table, attendees: [withS01[0].investor] });
  assert.equal(status ?? 'proposed', 'proposed', 'one side has answered');
  const otherSecret = secretOf(link);
  const stillListed = (await feed(otherSecret)).meetings.filter((m) => m.startup === 's01');
  assert.deepEqual(stillListed, [], 'the teammate no longer attends the meeting with s01');
  const kept = (await feed(organizer)).meeting_states.find((s) => s.startup === 's01' && s.investor === withS01[0].investor);
  assert.equal(kept.sides.investor.answer.answer, 'accept');
  await assertAccessibleInBothLanguages(page, assert, 'meeting board with the attendee picker');
  assert.deepEqual(problems, []);
  await context.close();
});
