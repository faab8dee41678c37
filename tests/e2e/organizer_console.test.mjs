// The organizer's console through a whole scoring round: the organizer creates the event in the
// browser, invites 5 investors by a roster CSV, 8 startups register, the investors score in
// parallel (two in their own browsers, three through the API); the live leaderboard shows the
// ranking `roadshow rank` computes from the exported snapshot, and a new score moves it within
// seconds without a reload. axe finds no serious problem on the console's tabs, and English
// leaves no Korean label behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser, watchedPage, waitForApp } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { koreanText, seriousViolations, violationsOf } from '../support/a11y.mjs';

const CRITERIA = ['innovation', 'viability', 'market'];
const FIRMS = ['Hanbit Ventures', 'Blue Ocean AC', 'Sejong Policy Fund', 'Ulsan CVC', 'Jeju Angels'];

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

/** A fixed, uneven score of investor j for startup s on criterion c (1–10). */
const scoreOf = (j, s, c) => ((j * 3 + s * 5 + c * 7 + j * s) % 10) + 1;

function rankWithCli(snapshot) {
  const dir = mkdtempSync(join(tmpdir(), 'roadshow-rank-'));
  const file = join(dir, 'snapshot.json');
  writeFileSync(file, JSON.stringify(snapshot));
  const binary = join(ROOT, 'target', 'release', 'roadshow');
  const output = existsSync(binary)
    ? execFileSync(binary, ['rank', file], { encoding: 'utf8' })
    : execFileSync('cargo', ['run', '-q', '-p', 'roadshow-core', '--bin', 'roadshow', '--', 'rank', file], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(output);
}

async function scoreInBrowser(page, startupIndex, values) {
  await page.getByRole('link', { name: new RegExp(`스타트업 ${startupIndex}\\b`) }).click();
  await page.getByRole('heading', { name: `스타트업 ${startupIndex}`, level: 2 }).waitFor();
  for (const [index, criterion] of CRITERIA.entries()) {
    await page.locator(`fieldset[data-criterion="${criterion}"]`)
      .getByRole('radio', { name: String(values[index]), exact: true }).check();
  }
  await page.getByRole('link', { name: '목록으로' }).click();
}


/** The leaderboard as shown: startup id → { rank, total }. */
async function shownBoard(page) {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.board-table tbody tr[data-startup]')]
    .map((row) => [row.dataset.startup, {
      rank: row.querySelector('.rank').dataset.rank,
      total: row.querySelector('.total').textContent.trim(),
      judges: row.querySelector('.judges').textContent.trim(),
    }])));
}

test('a full scoring round on the live console matches `roadshow rank`', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  await page.goto(server.url);
  await waitForApp(page);
  await page.getByLabel('설명회 이름').fill('콘솔 시험 설명회');
  await page.getByLabel('장소').fill('세종');
  await page.getByLabel('시작').fill('2026-12-10T10:00');
  await page.getByLabel('종료').fill('2026-12-10T15:00');
  await page.getByRole('button', { name: '설명회 만들기' }).click();
  // The link as the home page shows it (the console clears the secret from its address bar).
  const organizerUrl = await page.getByRole('textbox', { name: '주최자 콘솔 링크' }).inputValue();
  await page.getByRole('link', { name: '주최자 콘솔 열기' }).click();
  await page.waitForURL(/\/events\/[^/]+\/organize/);
  const event = new URL(organizerUrl).pathname.split('/')[2];
  const organizer = secretOf(organizerUrl);
  await page.getByRole('heading', { name: '콘솔 시험 설명회' }).waitFor();

  // Invite 5 investors by CSV; a bad roster is refused line by line first.
  await page.getByLabel('CSV 내용').fill('firm,capacity\nGood Firm,3\n,2\nBad Firm,many\n');
  await page.getByRole('button', { name: '가져오기' }).click();
  const rosterProblems = await page.locator('#roster-problems li').allInnerTexts();
  assert.deepEqual(rosterProblems, ['3행: firm(회사)이 비어 있습니다', '4행: `capacity`은 정수여야 합니다 (`many`)']);
  const roster = ['firm,person,stages,capacity', ...FIRMS.map((firm, j) => `${firm},Person ${j + 1},seed;series-a,${4 + j}`)].join('\n');
  await page.getByLabel('CSV 내용').fill(roster);
  await page.getByRole('button', { name: '가져오기' }).click();
  await page.locator('li.person .issued-link').nth(4).waitFor();
  const investors = await page.evaluate(() => [...document.querySelectorAll('li.person')].map((item) => ({
    id: item.dataset.investor,
    name: item.querySelector('.person-name').textContent,
    link: item.querySelector('.issued-link input')?.value,
  })));
  assert.equal(investors.length, 5);
  assert.deepEqual(investors.map((investor) => investor.name.split(' · ')[0]), FIRMS);
  assert.ok(investors.every((investor) => investor.link?.includes('/score#k=')), 'every investor got a link');

  // 8 startups register (through the API, as the registration form would).
  for (let s = 1; s <= 8; s += 1) {
    await api(server.url, 'POST', `/api/events/${event}/startups`, {
      secret: organizer,
      body: { id: `s${s}`, name: `스타트업 ${s}`, name_en: `Startup ${s}`, status: 'published', field: 'hydrogen',
        stage: 'seed', ask_krw: 1_500_000_000, pitch_ko: `발표 ${s}`, pitch_en: `Pitch ${s}`, contact: 'ceo@example.com' },
    });
  }

  // Registration, then scoring, each confirmed.
  for (const [step, phase] of [['참가 신청 받기', 'Registration'], ['평가 시작', 'Scoring']]) {
    await page.getByRole('button', { name: step, exact: true }).click();
    await page.getByRole('button', { name: `확인 — ${step}` }).click();
    await page.locator(`strong[data-phase="${phase}"]`).waitFor();
  }

  // Two investors score in their own browsers, in parallel; three through the API.
  const inBrowser = investors.slice(0, 2).map(async (investor, j) => {
    const investorContext = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const investorPage = await investorContext.newPage();
    await investorPage.goto(investor.link);
    await investorPage.getByRole('heading', { name: '콘솔 시험 설명회' }).waitFor();
    for (let s = 1; s <= 4; s += 1) {
      await scoreInBrowser(investorPage, s, CRITERIA.map((_, c) => scoreOf(j, s, c)));
    }
    await investorPage.locator('.sync-badge[data-state="synced"]').waitFor({ timeout: 20_000 });
    await investorContext.close();
  });
  const throughApi = investors.slice(2).map(async (investor, offset) => {
    const j = offset + 2;
    const secret = secretOf(investor.link);
    const mutations = [];
    for (let s = 1; s <= 8; s += 1) {
      if (j === 4 && s > 5) continue; // one judge is behind
      CRITERIA.forEach((criterion, c) => mutations.push({
        seq: mutations.length + 1, type: 'score', startup: `s${s}`, criterion, value: scoreOf(j, s, c),
      }));
    }
    await api(server.url, 'POST', `/api/events/${event}/mutations`, { secret, body: { client_id: `api-${j}`, mutations } });
  });
  await Promise.all([...inBrowser, ...throughApi]);

  // The leaderboard equals the command-line ranking of the exported snapshot.
  await page.getByRole('link', { name: '순위', exact: true }).click();
  await page.locator('.board-table tbody tr[data-startup]').nth(7).waitFor();
  const snapshot = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  assert.equal(snapshot.scores.length, (2 * 4 + 2 * 8 + 5) * 3);
  const expected = Object.fromEntries(rankWithCli(snapshot).map((row) => [row.startup, {
    rank: row.rank === null ? '' : String(row.rank), total: row.total === null ? '–' : row.total.toFixed(2), judges: String(row.judges),
  }]));
  await page.waitForFunction((count) => [...document.querySelectorAll('.board-table .judges')]
    .reduce((sum, cell) => sum + Number(cell.textContent), 0) === count, 2 * 4 + 2 * 8 + 5, { timeout: 10_000 });
  assert.deepEqual(await shownBoard(page), expected);
  const order = await page.locator('.board-table tbody tr').evaluateAll((rows) => rows.map((row) => row.dataset.startup));
  assert.deepEqual(order, rankWithCli(snapshot).map((row) => row.startup), 'rows in rank order');

  // A new score arrives: the board moves within seconds, without a reload.
  await page.evaluate(() => { window.notReloaded = true; });
  const target = investors[4];
  const before = (await shownBoard(page)).s8;
  await api(server.url, 'POST', `/api/events/${event}/mutations`, {
    secret: secretOf(target.link),
    body: { client_id: 'api-late', mutations: CRITERIA.map((criterion, c) => ({ seq: c + 1, type: 'score', startup: 's8', criterion, value: 10 })) },
  });
  const started = Date.now();
  await page.waitForFunction((judges) => document.querySelector('tr[data-startup="s8"] .judges')?.textContent.trim() === judges,
    String(Number(before.judges) + 1), { timeout: 3_000 });
  const lag = Date.now() - started;
  assert.ok(await page.evaluate(() => window.notReloaded === true), 'the page was not reloaded');
  const after = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  const afterExpected = Object.fromEntries(rankWithCli(after).map((row) => [row.startup, {
    rank: row.rank === null ? '' : String(row.rank), total: row.total === null ? '–' : row.total.toFixed(2), judges: String(row.judges),
  }]));
  await page.waitForFunction(() => true);
  assert.deepEqual(await shownBoard(page), afterExpected);
  console.log(`live update shown ${lag} ms after the score was acknowledged`);

  // Raw totals, and a startup's detail with its charts.
  await page.getByRole('radio', { name: '원점수' }).check();
  await page.waitForURL(/mode=raw/);
  const raw = Object.fromEntries(rankWithCli(after).map((row) => [row.startup, row.raw_total.toFixed(2)]));
  const shownRaw = await shownBoard(page);
  for (const [id, total] of Object.entries(raw)) assert.equal(shownRaw[id].total, total, `raw total of ${id}`);
  await page.getByRole('link', { name: '스타트업 3', exact: true }).click();
  await page.locator('.startup-detail .radar svg polygon.this-startup').waitFor();
  assert.equal(await page.locator('.startup-detail .distribution rect.bar').count(), 10);

  // Judges: progress and the nudge list.
  await page.getByRole('link', { name: '심사위원', exact: true }).click();
  await page.locator('.nudge-list li').first().waitFor();
  // Behind: the two browser judges (4 of 8) and the late one (6 of 8), fewest first.
  assert.deepEqual(await page.locator('.nudge-list li').allInnerTexts(), [
    `${FIRMS[0]} · Person 1 — 8개 중 4개 평가`, `${FIRMS[1]} · Person 2 — 8개 중 4개 평가`, `${FIRMS[4]} · Person 5 — 8개 중 6개 평가`,
  ]);

  assert.deepEqual(problems, []);
  await context.close();

  // Accessibility and the language switch, on each of the console's own tabs (the leaderboard
  // in both total modes).
  const axeContext = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const axePage = await axeContext.newPage();
  const base = organizerUrl.split('#')[0];
  const hash = `#k=${organizer}`;
  for (const tab of ['setup', 'leaderboard', 'leaderboard&mode=raw', 'judges']) {
    await axePage.goto(`${base}?tab=${tab}${hash}`);
    await axePage.locator('.console-panel > *').first().waitFor();
    if (tab.startsWith('leaderboard')) await axePage.locator('.board-table tbody tr[data-startup]').nth(7).waitFor();
    await axePage.waitForTimeout(300);
    for (const language of ['ko', 'en']) {
      const current = await axePage.locator('html').getAttribute('lang');
      if (current !== language) await axePage.locator('.language-switch').click();
      assert.deepEqual(await seriousViolations(axePage), [], `${tab} (${language})`);
      // No two landmarks of one kind share a name (axe rates this "moderate": asked for by name).
      assert.deepEqual(await violationsOf(axePage, ['landmark-unique']), [], `${tab} (${language}): landmark names`);
    }
    // English now: nothing Korean but the event's own name and venue, which this event has only
    // in Korean (people and startups have English names here, so they must show in English).
    const leftovers = await koreanText(axePage, '.language-switch, #event-name, .facts dd, noscript, textarea');
    assert.deepEqual(leftovers, [], `untranslated on ${tab}`);
    if (tab.startsWith('leaderboard')) {
      const names = await axePage.locator('.board-table tbody .startup-name').allInnerTexts();
      assert.deepEqual([...names].sort(), Array.from({ length: 8 }, (_, s) => `Startup ${s + 1}`).sort(), 'English names');
      assert.equal(await axePage.locator('input[name="total-mode"]:checked').getAttribute('value'), tab.endsWith('raw') ? 'raw' : 'normalized');
    }
    await axePage.locator('.language-switch').click();
  }
  await axeContext.close();
});
