// The investor's other screens: pitch filters kept in the URL, its own scores summary, its thesis
// and availability, and once the organizer publishes the schedule its agenda with an .ics file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api } from '../support/api.mjs';
import { addInvestor, addStartups, createEvent, eventSettings, investorUrl, publishedStartup, setPhase } from '../support/fixtures.mjs';
import { assertAccessibleInBothLanguages, koreanText } from '../support/a11y.mjs';

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

async function mixedEvent() {
  const ids = await createEvent(server.url, { name: '혼합 설명회', venue: '서울', ends_at: '2026-12-10T18:00' });
  const profiles = [
    ['s1', '수소기업', 'Hydrogen Co', 'hydrogen', 'seed', 'ulsan-hydrogen-green-mobility'],
    ['s2', '자율주행기업', 'Driving Co', 'autonomous-driving', 'series-a', 'sejong-autonomous-driving'],
    ['s3', '수소기업 둘', 'Hydrogen Co Two', 'hydrogen', 'series-a', 'chungbuk-green-hydrogen'],
  ];
  await addStartups(server.url, ids, profiles.map(([id, name, name_en, field, stage, zone]) => publishedStartup(id, {
    name, name_en, field, stage, zone, ask_krw: 500_000_000, pitch_ko: `${name} 소개`, pitch_en: `About ${name_en}`, contact: 'a@b.kr',
  })));
  const investorLink = await addInvestor(server.url, ids, { id: 'i1', firm: '필터벤처스', firm_en: 'Filter Ventures' });
  const settings = await eventSettings(server.url, ids);
  settings.name_en = 'Mixed Roadshow';
  settings.venue_en = 'Seoul';
  settings.meetings = { ...settings.meetings, first_slot: '2026-12-10T14:00:00+09:00', slot_minutes: 20, slots: 4, tables: 2 };
  await setPhase(server.url, ids, 'scoring', { settings });
  return { ...ids, investorLink };
}

test('filters live in the URL; thesis, scores summary and agenda work', async () => {
  const { event, organizer, investorLink } = await mixedEvent();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, acceptDownloads: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}${investorLink}`);
  await page.locator('.pitch-list').waitFor();
  assert.equal(await page.locator('.pitch-item').count(), 3);

  await page.getByRole('button', { name: '분야·특구·단계로 거르기' }).click();
  await page.getByLabel('분야').selectOption('hydrogen');
  await page.waitForURL(/field=hydrogen/);
  assert.equal(await page.locator('.pitch-item').count(), 2);
  await page.getByLabel('투자 단계').selectOption('series-a');
  await page.waitForURL(/stage=series-a/);
  assert.deepEqual(await page.locator('.pitch-name').allInnerTexts(), ['수소기업 둘']);
  await page.reload();
  await page.locator('.pitch-list').waitFor();
  assert.deepEqual(await page.locator('.pitch-name').allInnerTexts(), ['수소기업 둘'], 'filters survive a reload');
  assert.equal(await page.getByLabel('분야').inputValue(), 'hydrogen');

  // Score one pitch, then see it in the summary.
  await page.locator('.pitch-link').first().click();
  for (const criterion of ['innovation', 'viability', 'market']) {
    await page.locator(`fieldset[data-criterion="${criterion}"]`).getByRole('radio', { name: '7', exact: true }).check();
  }
  await page.locator('.sync-badge[data-state="synced"]').waitFor();
  await page.getByRole('link', { name: '내 점수' }).click();
  const row = page.locator('.my-scores tr', { hasText: '수소기업 둘' });
  assert.deepEqual((await row.locator('td').allInnerTexts()).slice(0, 3), ['7', '7', '7']);

  // Thesis and availability go to the investor's own profile.
  await page.getByRole('link', { name: '관심사와 일정' }).click();
  await page.getByRole('group', { name: '관심 분야' }).getByLabel('수소').check();
  await page.getByRole('group', { name: '투자 단계' }).getByLabel('시리즈 A').check();
  await page.getByLabel('최대 투자 금액').fill('20억');
  await page.getByRole('group', { name: '참석할 수 없는 미팅 시간' }).getByLabel(/2번째/).check();
  await page.getByRole('button', { name: '관심사 저장' }).click();
  await page.locator('.thesis .save-outcome', { hasText: '저장했습니다.' }).waitFor();
  const { investors } = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer });
  assert.deepEqual(investors[0].fields, ['hydrogen']);
  assert.deepEqual(investors[0].stages, ['series-a']);
  assert.equal(investors[0].ticket_krw.max, 2_000_000_000);
  assert.deepEqual(investors[0].unavailable_slots, [1]);

  // The organizer publishes; the agenda shows the meeting at its KST time and downloads as .ics.
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer, body: { published: true, meetings: [{ investor: 'i1', startup: 's3', slot: 2, table: 1 }] },
  });
  await page.goto(investorUrl(server.url, investorLink, 'view=agenda'));
  const agenda = page.locator('.agenda-table tbody tr');
  await agenda.first().waitFor();
  assert.deepEqual(await agenda.first().locator('td').allInnerTexts(), ['3번째 · 2026-12-10 14:40 – 15:00', '수소기업 둘', '2', '제안됨']);
  assert.deepEqual(await page.locator('.recommended .pitch-name').allInnerTexts(), ['수소기업 둘']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '캘린더 파일(.ics) 받기' }).click()]);
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /DTSTART;TZID=Asia\/Seoul:20261210T144000\r\n/);
  assert.match(ics, /DTEND;TZID=Asia\/Seoul:20261210T150000\r\n/);
  assert.ok(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75), 'lines folded at 75 octets');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the investor views pass axe and switch completely to English', async () => {
  const { event, organizer, investorLink } = await mixedEvent();
  await api(server.url, 'PUT', `/api/events/${event}/meetings`, {
    secret: organizer, body: { published: true, meetings: [{ investor: 'i1', startup: 's1', slot: 0, table: 0 }] },
  });
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const view of ['pitches', 'scores', 'profile', 'agenda']) {
    await page.goto(investorUrl(server.url, investorLink, `view=${view}`));
    await page.locator('.investor-nav').waitFor();
    await page.locator('.investor-nav ~ *').first().waitFor();
    await assertAccessibleInBothLanguages(page, assert, `investor ${view}`);
    // The event, the companies and the firm have English names and one-liners here: English
    // leaves nothing Korean but the language switch (no kind of cell or heading is skipped).
    if (view === 'pitches') await page.getByRole('button', { name: 'Filter by field, zone, stage' }).click();
    const leftover = await koreanText(page, 'noscript');
    assert.deepEqual(leftover.filter((text) => text !== '한국어'), [], `investor ${view}`);
    await page.locator('.language-switch').click();
  }
  await context.close();
});

test("the thesis form shows the firm's name read-only: the organizer sets it", async () => {
  const { event, organizer, investorLink } = await mixedEvent();
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(investorUrl(server.url, investorLink, 'view=profile'));
  const thesis = page.locator('form.thesis');
  await thesis.waitFor();
  assert.deepEqual(await thesis.locator('.thesis-firm').evaluate((list) => [...list.children].map((item) => [item.tagName, item.textContent])),
    [['DT', '회사'], ['DD', '필터벤처스']]);
  assert.match(await thesis.locator('#thesis-firm-hint').innerText(), /회사 이름은 주최자가 정합니다/);
  assert.equal(await thesis.getByRole('textbox', { name: /회사|firm/i }).count(), 0, 'no field to edit the firm');
  await page.locator('.language-switch').click();
  assert.equal(await thesis.locator('.firm-name').innerText(), 'Filter Ventures');
  await page.locator('.language-switch').click();

  // The organizer renames the firm meanwhile: saving the thesis with the old name is refused
  // (409 set_by_organizer), and the form says why and what to do, not "server problem".
  const { investors } = await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer });
  await api(server.url, 'PUT', `/api/events/${event}/investors/i1`, { secret: organizer, body: { ...investors[0], firm: '새이름벤처스' } });
  await page.getByRole('button', { name: '관심사 저장' }).click();
  await page.locator('.thesis .save-outcome', { hasText: '주최자가 회사 이름을 바꿨습니다' }).waitFor();
  await page.reload();
  await thesis.locator('.firm-name', { hasText: '새이름벤처스' }).waitFor();
  await page.getByRole('button', { name: '관심사 저장' }).click();
  await page.locator('.thesis .save-outcome', { hasText: '저장했습니다.' }).waitFor();
  assert.deepEqual(problems.filter((problem) => !problem.includes('409')), []);
  await context.close();
});
