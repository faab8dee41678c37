// One bad record never takes a whole page down (issue 12, item 3): when the change feed carries a
// startup or an investor the app cannot read (here: stand-in answers with a name that is not
// text, and a field nested 200 deep), the console and the investor's phone show everything else
// and name the unreadable records, instead of "서버에서 문제가 발생했습니다".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { scoringEvent } from '../support/fixtures.mjs';

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
const deep = (levels) => JSON.parse(`${'{"x":'.repeat(levels)}1${'}'.repeat(levels)}`);

/** Answers the first read of the change feed with `spoil` applied to the real answer. */
async function spoilFirstRead(page, spoil) {
  await page.route(/\/api\/events\/[^/]+\/changes\?since=0$/, async (route) => {
    const response = await route.fetch();
    const body = spoil(await response.json());
    await route.fulfill({ response, body: JSON.stringify(body) });
  });
}

test('the console shows the rest and names the unreadable startup and investor', async () => {
  const { event, organizer } = await scoringEvent(server.url, { startups: 3 });
  const judge = await api(server.url, 'POST', `/api/events/${event}/investors`, { secret: organizer, body: { id: 'i2', firm: '둘째 벤처스' } });
  const mutations = [];
  for (const startup of ['s1', 's2', 's3']) {
    for (const criterion of CRITERIA) mutations.push({ seq: mutations.length + 1, type: 'score', startup, criterion, value: 7 });
  }
  await api(server.url, 'POST', `/api/events/${event}/mutations`, { secret: secretOf(judge.link), body: { client_id: 'api-i2', mutations } });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page } = await watchedPage(context);
  await spoilFirstRead(page, (answer) => {
    const s3 = answer.startups.find((startup) => startup.id === 's3');
    s3.name = { ko: '이름이 글자가 아님' };
    const i2 = answer.investors.find((investor) => investor.id === 'i2');
    i2.firm = '둘째 벤처스';
    i2.notes = deep(200);
    return answer;
  });
  await page.goto(`${server.url}/events/${event}/organize?tab=leaderboard#k=${organizer}`);
  const notice = page.locator('.notice.unreadable');
  await notice.waitFor();
  assert.match(await notice.innerText(), /읽을 수 없는 기록이 있어 빼고 보여 줍니다/);
  assert.deepEqual(await notice.locator('li').allInnerTexts(), ['기업 s3', '투자자 i2']);
  assert.equal(await page.getByText('서버에서 문제가 발생했습니다').count(), 0);
  // The other startups are ranked (the scores naming s3 or i2 are left out of the ranking).
  await page.locator('.board-table tbody tr[data-startup]').nth(1).waitFor();
  const rows = await page.locator('.board-table tbody tr[data-startup]').evaluateAll((rows) => rows.map((row) => row.dataset.startup));
  assert.deepEqual(rows.sort(), ['s1', 's2']);
  assert.equal(await page.locator('.card.problem').count(), 0, 'no ranking problem shown');
  await page.getByRole('navigation', { name: '주최자 메뉴' }).getByRole('link', { name: '설정', exact: true }).click();
  await page.locator('li.person[data-investor="i1"]').waitFor();
  assert.equal(await page.locator('li.person[data-investor="i2"]').count(), 0);
  await context.close();
});

test("the investor's phone shows the other pitches and names the unreadable one", async () => {
  const { investorLink } = await scoringEvent(server.url, { startups: 3 });
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const { page } = await watchedPage(context);
  await spoilFirstRead(page, (answer) => {
    answer.startups.find((startup) => startup.id === 's2').pitch_ko = ['목록', '아님'];
    return answer;
  });
  await page.goto(`${server.url}${investorLink}`);
  await page.locator('.pitch-item').nth(1).waitFor();
  assert.deepEqual(await page.locator('.pitch-name').allInnerTexts(), ['스타트업 1', '스타트업 3']);
  const notice = page.locator('.scoring-header .unreadable');
  assert.match(await notice.innerText(), /읽을 수 없는 발표 정보가 있어 빼고 보여 줍니다: s2/);
  assert.equal(await page.getByText('서버에서 문제가 발생했습니다').count(), 0);
  await context.close();
});
