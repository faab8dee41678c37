// The console's roster CSV import (issue 11, item 5): all or nothing — a file with a bad line
// stores no investor — with every problem the server finds shown on its line in Korean (no raw
// English server text, no raw field keys); investors already in the event are listed (line →
// existing investor) with "update" and "skip", so importing the corrected file again never
// duplicates anyone. Expected messages and counts are worked out by hand from the files below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
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

async function draftEvent() {
  const created = await api(server.url, 'POST', '/api/events', {
    body: { name: '명단 가져오기 시험', venue: '대구', starts_at: '2026-12-10T10:00', ends_at: '2026-12-10T15:00' },
  });
  return { event: created.id, organizer: secretOf(created.organizer_link) };
}

const investorsOf = async (event, organizer) =>
  (await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer })).investors;

async function importRoster(page, csv) {
  await page.getByLabel('CSV 내용').fill(csv);
  await page.getByRole('button', { name: '가져오기', exact: true }).click();
}

test('a roster is stored whole or not at all, problems shown per line, existing investors updated or skipped', async () => {
  const { event, organizer } = await draftEvent();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const { page, problems } = await watchedPage(context);
  await page.goto(`${server.url}/events/${event}/organize?tab=setup#k=${organizer}`);
  await page.getByRole('heading', { name: '명단 가져오기 시험' }).waitFor();

  // Line 3: a negative meeting count; line 4: the smallest ticket above the largest; line 5: the
  // person of line 2 again (case and spacing differ). The CSV itself reads fine, so only the
  // server can refuse it — and it must refuse all of it.
  await importRoster(page, [
    'firm,person,capacity,ticket_min,ticket_max',
    'Hanbit Ventures,Kim Minji,4,,',
    'Blue Ocean AC,Lee Jun,-2,,',
    'Sejong Fund,,3,3000000000,500000000',
    'hanbit  ventures,KIM minji,2,,',
  ].join('\n'));
  await page.locator('.roster-refused').waitFor();
  assert.equal(await page.locator('.roster-refused').innerText(), '아무것도 저장하지 않았습니다. 아래 줄을 고친 뒤 다시 가져오세요.');
  const refused = await page.locator('#roster-problems li').allInnerTexts();
  assert.deepEqual(refused, [
    '3행: capacity(미팅 수)는 음수일 수 없습니다',
    '4행: ticket_min·ticket_max(투자 금액 범위)는 최솟값이 최댓값보다 큽니다',
    '5행: 2행과 같은 투자자입니다 (회사와 담당자가 같음)',
  ]);
  for (const line of refused) {
    assert.doesNotMatch(line, /negative|min_over_max|duplicate|investors\[|ticket_krw|already|choose/, 'no raw server text or field key');
  }
  assert.equal(await page.locator('#roster-existing').count(), 0, 'nobody is in the event yet');
  assert.deepEqual(await investorsOf(event, organizer), [], 'nothing stored: all or nothing');
  assert.equal(await page.getByLabel('CSV 내용').inputValue() !== '', true, 'the file stays to be fixed');

  // The same problems in English.
  await page.locator('.language-switch').click();
  assert.deepEqual(await page.locator('#roster-problems li').allInnerTexts(), [
    'line 3, capacity (meetings): this cannot be negative',
    'line 4, ticket_min·ticket_max (ticket range): the minimum is above the maximum',
    'line 5: the same investor as line 2 (same firm and person)',
  ]);
  await page.locator('.language-switch').click();

  // The corrected file: all three are added, each with a link.
  const corrected = ['firm,person,capacity', 'Hanbit Ventures,Kim Minji,4', 'Blue Ocean AC,Lee Jun,2', 'Sejong Fund,,3'].join('\n');
  await importRoster(page, corrected);
  await page.locator('.roster-receipt', { hasText: '투자자 3명을 추가했습니다.' }).waitFor();
  await page.locator('li.person .issued-link').nth(2).waitFor();
  assert.equal(await page.locator('#roster-problems li').count(), 0);
  const first = await investorsOf(event, organizer);
  assert.deepEqual(first.map((investor) => investor.firm).sort(), ['Blue Ocean AC', 'Hanbit Ventures', 'Sejong Fund']);

  // The corrected file again: every line is someone the event has; nothing is stored until the
  // organizer chooses, and "skip" adds nobody.
  await importRoster(page, corrected);
  await page.locator('#roster-existing li').nth(2).waitFor();
  assert.deepEqual(await page.locator('#roster-existing li').allInnerTexts(), [
    '2행 → Hanbit Ventures · Kim Minji', '3행 → Blue Ocean AC · Lee Jun', '4행 → Sejong Fund',
  ]);
  assert.equal(await page.locator('#roster-problems li').count(), 0);
  assert.equal((await investorsOf(event, organizer)).length, 3, 'nothing stored before the choice');
  await assertAccessibleInBothLanguages(page, assert, 'the update-or-skip choice');
  await page.locator('.language-switch').click();
  await page.getByRole('button', { name: '건너뛰기' }).click();
  await page.locator('.roster-receipt', { hasText: '이미 있던 투자자 3명은 건너뛰었습니다.' }).waitFor();
  assert.equal(await page.locator('.roster-receipt').innerText(), '투자자 0명을 추가했습니다. 이미 있던 투자자 3명은 건너뛰었습니다.');
  assert.equal((await investorsOf(event, organizer)).length, 3, 'skipping never duplicates');
  assert.equal(await page.locator('li.person').count(), 3);

  // A file with one existing investor (new meeting count) and one new, with the tracks each
  // judges: "update" keeps the existing investor's id and takes the file's values.
  await importRoster(page, ['firm,person,capacity,tracks', 'Jeju Angels,Park Sora,1,혁신리그', 'HANBIT VENTURES,kim minji,6,혁신리그; 스케일업리그'].join('\n'));
  await page.locator('#roster-existing li').first().waitFor();
  assert.deepEqual(await page.locator('#roster-existing li').allInnerTexts(), ['3행 → Hanbit Ventures · Kim Minji']);
  await page.getByRole('button', { name: '기존 투자자 정보 갱신' }).click();
  await page.locator('.roster-receipt', { hasText: '갱신' }).waitFor();
  assert.equal(await page.locator('.roster-receipt').innerText(), '투자자 1명을 추가했습니다. 기존 투자자 1명의 정보를 갱신했습니다.');
  const after = await investorsOf(event, organizer);
  assert.equal(after.length, 4);
  const hanbit = first.find((investor) => investor.firm === 'Hanbit Ventures');
  const updated = after.find((investor) => investor.id === hanbit.id);
  assert.equal(updated.capacity, 6, 'the stored investor took the new value');
  assert.deepEqual(updated.tracks, ['혁신리그', '스케일업리그'], 'and the tracks it judges');
  assert.deepEqual(after.find((investor) => investor.firm === 'Jeju Angels').tracks, ['혁신리그']);
  assert.equal(after.filter((investor) => /hanbit/i.test(investor.firm)).length, 1, 'still one Hanbit Ventures');
  await page.locator('li.person').nth(3).waitFor();
  assert.equal(await page.locator('li.person').count(), 4);

  assert.deepEqual(problems.filter((problem) => !problem.includes('422')), []);
  await context.close();
});
