// Importing an exported event from the organizer's home (issue 11, item 2): the file is read and
// checked in the browser — a preview of what will be created and every problem with its JSON
// path — before anything is sent; then the new organizer link (with the warning to keep it) and
// every investor's and startup's new link, also as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, watchedPage, waitForApp, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';

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

/** The demo roadshow (8 startups, 20 investors) with scores, two comments and three meetings. */
function exported() {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  snapshot.scores = [];
  snapshot.investors.slice(0, 4).forEach((investor, j) => snapshot.startups.forEach((startup, s) => {
    for (const criterion of snapshot.event.criteria) {
      snapshot.scores.push({ investor: investor.id, startup: startup.id, criterion: criterion.key, value: ((j + s) % 10) + 1 });
    }
  }));
  snapshot.interest = [];
  snapshot.meetings = [
    { investor: 'i01', startup: 's01', slot: 0, table: 0 },
    { investor: 'i02', startup: 's02', slot: 0, table: 1 },
    { investor: 'i01', startup: 's03', slot: 1, table: 0 },
  ];
  snapshot.event.meetings_published = true;
  snapshot.comments = [
    { investor: 'i01', startup: 's01', text: '팀이 강합니다' },
    { investor: 'i02', startup: 's02', text: '시장 검증 필요' },
  ];
  return snapshot;
}

function saved(name, content) {
  const file = join(server.dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

async function openImport(page) {
  await page.goto(server.url);
  await waitForApp(page);
  await page.getByRole('link', { name: '내보낸 설명회 파일(JSON) 가져오기' }).click();
  await page.waitForURL(/\/events\/new\/import$/);
  await page.getByRole('heading', { name: '설명회 가져오기', level: 1 }).waitFor();
}

test('a file with problems is shown path by path and nothing is sent', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  let sent = 0;
  page.on('request', (request) => { if (request.url().includes('/api/events/import')) sent += 1; });
  await openImport(page);

  const bad = exported();
  bad.event.name = '';
  bad.scores[4].value = 99;
  bad.investors[1].id = bad.investors[0].id;
  bad.meetings[2].slot = 40;
  await page.getByLabel('행사 JSON 파일').setInputFiles(saved('bad.json', bad));
  const table = page.locator('.problems-table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.path').textContent, tr.dataset.code]));
  for (const expected of [['event.name', 'required'], ['scores[4].value', 'out_of_scale'], ['investors[1].id', 'duplicate'], ['meetings[2].slot', 'out_of_range']]) {
    assert.ok(rows.some(([path, code]) => path === expected[0] && code === expected[1]), `${expected.join(' ')} in ${JSON.stringify(rows)}`);
  }
  assert.equal(await table.locator('tr', { hasText: 'scores[4].value' }).locator('.message').innerText(), '점수 범위를 벗어났습니다.');
  assert.equal(await page.getByRole('button', { name: '가져오기', exact: true }).isDisabled(), true);

  // Broken JSON: where it broke.
  await page.getByLabel('행사 JSON 파일').setInputFiles(saved('broken.json', '{\n  "format": "roadshow-event/1",\n  "event": {"id": "x",\n'));
  await table.locator('tr[data-code="malformed"]').waitFor();
  assert.match(await table.locator('tr[data-code="malformed"] .message').innerText(), /^읽을 수 없는 값입니다\. \(\d+행 \d+열\)$/);
  assert.equal(await page.locator('.import-preview').count(), 0);
  assert.equal(await page.getByRole('button', { name: '가져오기', exact: true }).isDisabled(), true);
  assert.equal(sent, 0, 'nothing was sent');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a good file is previewed, imported, and every new link is shown once', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, bypassCSP: true });
  const { page, problems } = await watchedPage(context);
  let sent = 0;
  page.on('request', (request) => { if (request.url().includes('/api/events/import')) sent += 1; });
  await openImport(page);
  const snapshot = exported();
  await page.getByLabel('행사 JSON 파일').setInputFiles(saved('good.json', snapshot));
  const preview = page.locator('.import-preview');
  await preview.waitFor();
  assert.equal(await preview.locator('.event-name').innerText(), '규제자유특구 상생이음 투자유치 설명회 (데모)');
  const count = (key) => preview.locator(`dd[data-count="${key}"]`).innerText();
  // 8 startups, 20 investors, 4 judges × 8 startups × 3 criteria = 96 scores, 3 meetings, 2 comments.
  assert.deepEqual(await Promise.all(['ImportCountStartups', 'ImportCountInvestors', 'ImportCountScores', 'ImportCountMeetings', 'ImportCountComments'].map(count)),
    ['8', '20', '96', '3', '2']);
  assert.equal(await page.locator('.import-problems').innerText().then((t) => t.includes('문제가 없습니다.')), true);
  assert.equal(sent, 0, 'the preview sent nothing');
  await assertAccessibleInBothLanguages(page, assert, 'import preview');
  assert.equal(await preview.locator('.event-name').innerText(), 'Regulatory-Free Zone Investment Roadshow (demo)', 'English name in English');
  await page.locator('.language-switch').click();

  const answered = page.waitForResponse((response) => response.url().endsWith('/api/events/import'));
  await page.getByRole('button', { name: '가져오기', exact: true }).click();
  const answer = await (await answered).json();
  assert.equal(sent, 1);
  const card = page.getByRole('region', { name: '주최자 콘솔 링크' });
  await card.waitFor();
  assert.equal(await card.getByRole('textbox').inputValue(), `${server.url}${answer.organizer_link}`);
  assert.match(await card.locator('.warning').innerText(), /유일한 열쇠/);

  // Every investor's and startup's new link, named, in the file's order.
  const shown = await page.locator('.links-table tbody tr').evaluateAll((rows) => rows.map((row) => [row.dataset.role, row.dataset.id, row.querySelector('.person-name').textContent, row.querySelector('.link').textContent]));
  const expected = [
    ...snapshot.investors.map((investor) => ['investor', investor.id, investor.firm, `${server.url}${answer.investor_links.find(([id]) => id === investor.id)[1]}`]),
    ...snapshot.startups.map((startup) => ['startup', startup.id, startup.name, `${server.url}${answer.startup_links.find(([id]) => id === startup.id)[1]}`]),
  ];
  assert.deepEqual(shown, expected);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '링크 목록 CSV 받기' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\ufeffrole,id,name,link\n'), 'byte-order mark, then the header');
  const lines = csv.slice(1).trimEnd().split('\n');
  assert.equal(lines.length, 1 + 20 + 8);
  assert.equal(lines[1], `investor,i01,한빛벤처스,${expected[0][3]}`);

  // The links work: the new organizer sees the imported event, an investor its own page.
  const organizer = secretOf(answer.organizer_link);
  const stored = await api(server.url, 'GET', `/api/events/${answer.id}/snapshot`, { secret: organizer });
  assert.equal(stored.startups.length, 8);
  assert.equal(stored.scores.length, 96);
  const investorView = await api(server.url, 'GET', `/api/events/${answer.id}/changes?since=0`, { secret: secretOf(answer.investor_links[0][1]) });
  assert.equal(investorView.investors[0].id, 'i01');
  assert.equal(await page.getByRole('button', { name: '가져오기', exact: true }).isDisabled(), true, 'not imported twice');
  assert.deepEqual(problems, []);
  await context.close();
});
