// Firm teams (definitions §8.6) in the organizer's console: two people of one firm both want to
// meet a startup, and the schedule grid holds one meeting with it naming both, exactly as
// `roadshow schedule` prints it for the exported event.
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

test('two people of one firm who both want a startup get one meeting naming both', async () => {
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
  assert.deepEqual(problems, []);
  await context.close();
});
