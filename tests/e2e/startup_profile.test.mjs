// A founder registers on a laptop: the form refuses what is wrong field by field (nothing is
// sent), keeps the draft across a reload, publishes, shows the edit link once; the edit link opens
// in a fresh browser, edits the profile, previews it and chooses whom to meet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage } from '../support/harness.mjs';
import { api } from '../support/api.mjs';
import { registrationEvent } from '../support/fixtures.mjs';
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

const startupsOf = async (event, organizer) =>
  (await api(server.url, 'GET', `/api/events/${event}/changes?since=0`, { secret: organizer })).startups;

const messageOf = (page, field) => page.locator(`#profile-${field}-message`);


test('a startup registers, is told what to fix, publishes, then edits through its own link', async () => {
  const { event, organizer, registrationLink } = await registrationEvent(server.url);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await watchedPage(context);
  let profilePosts = 0;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith(`/api/events/${event}/startups`)) profilePosts += 1;
  });
  await page.goto(`${server.url}${registrationLink}`);
  await page.getByRole('heading', { name: '기업 등록', level: 1 }).waitFor();

  // Publishing a half-filled form: every missing field says so, focus lands on the first one,
  // and nothing reaches the server.
  await page.locator('#profile-name').fill('수소로 주식회사');
  await page.getByLabel('웹사이트').fill('example.kr');
  await page.getByRole('button', { name: '프로필 공개' }).click();
  for (const field of ['field', 'stage', 'ask_krw', 'pitch_ko', 'contact']) {
    assert.equal(await messageOf(page, field).innerText(), '필수 항목입니다.', field);
  }
  assert.equal(await messageOf(page, 'website').innerText(), '형식이 올바르지 않습니다.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-field');
  assert.equal(profilePosts, 0);
  assert.deepEqual(await startupsOf(event, organizer), []);

  // Fixing as you type: the zone search finds the hydrogen zone in Korean, the zone fills the
  // field, the ask is shown in 억 units.
  await page.getByLabel('특구 검색').fill('수소');
  await page.locator('#profile-zone').selectOption('ulsan-hydrogen-green-mobility');
  assert.equal(await page.locator('#profile-field').inputValue(), 'hydrogen');
  assert.equal(await messageOf(page, 'field').innerText(), '');
  await page.locator('#profile-stage').selectOption('seed');
  await page.getByLabel('투자 유치 희망액').fill('15억');
  assert.equal(await page.locator('.ask-in-units').innerText(), '15억 원');
  await page.getByLabel('한 줄 소개 (한국어)').fill('수소 트럭 충전 시간을 절반으로');
  await page.getByLabel('웹사이트').fill('https://suso.example.kr');
  assert.equal(await messageOf(page, 'website').innerText(), '');

  // The draft is on the device: a reload (or a crash) loses nothing.
  await page.reload();
  await page.getByText('이 기기에 자동 저장된 작성 중인 내용을 불러왔습니다.').waitFor();
  assert.equal(await page.locator('#profile-name').inputValue(), '수소로 주식회사');
  assert.equal(await page.getByLabel('투자 유치 희망액').inputValue(), '15억');
  await page.locator('#profile-contact').fill('ceo@suso.example.kr');

  // The preview is the investors' own component.
  await page.getByRole('button', { name: '투자자 화면 미리 보기' }).click();
  const preview = page.locator('.preview-card');
  await preview.getByRole('heading', { name: '수소로 주식회사' }).waitFor();
  assert.match(await preview.locator('.facts').innerText(), /울산 수소그린모빌리티[\s\S]*수소[\s\S]*시드[\s\S]*15억 원/);

  // Everything filled but the consent to the collection of the data: said at the box, not sent.
  await page.getByRole('button', { name: '프로필 공개' }).click();
  await page.locator('[id="profile-consent.collection-message"]', { hasText: '필수 항목입니다.' }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'profile-consent.collection');
  assert.equal(profilePosts, 0);
  await page.getByLabel('[필수] 개인정보 수집·이용에 동의합니다').check();
  await page.getByRole('button', { name: '프로필 공개' }).click();
  await page.getByText('등록되었습니다.').waitFor();
  const editLink = await page.locator('#edit-link').inputValue();
  assert.match(editLink, new RegExp(`/events/${event}/startup#k=`));
  assert.equal(profilePosts, 1);
  const [stored] = await startupsOf(event, organizer);
  assert.equal(stored.name, '수소로 주식회사');
  assert.equal(stored.status, 'published');
  assert.equal(stored.ask_krw, 1_500_000_000);
  assert.equal(stored.zone, 'ulsan-hydrogen-green-mobility');
  assert.equal(stored.field, 'hydrogen');
  assert.equal(stored.website, 'https://suso.example.kr');
  assert.equal(stored.consent.collection, true);
  assert.equal(stored.consent.contact_sharing, false, 'sharing the contact is a separate, optional consent');
  assert.deepEqual(problems, []);
  await context.close();

  // Another browser, only the edit link: edit, preview, wishes.
  const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const second = await watchedPage(other);
  await second.page.goto(editLink);
  await second.page.getByRole('heading', { name: '수소로 주식회사', level: 1 }).waitFor();
  assert.match(await second.page.locator('.profile-status').innerText(), /공개됨/);
  await second.page.getByLabel('한 줄 소개 (한국어)').fill('수소 트럭 충전 시간을 3분의 1로');
  await second.page.getByLabel('영문 회사명').fill('Suso Co.');
  await second.page.getByRole('button', { name: '프로필 공개' }).click();
  await second.page.getByText('저장했습니다.').waitFor();
  const [edited] = await startupsOf(event, organizer);
  assert.equal(edited.pitch_ko, '수소 트럭 충전 시간을 3분의 1로');
  assert.equal(edited.name_en, 'Suso Co.');
  assert.equal(edited.id, stored.id);

  await second.page.getByRole('link', { name: '미리 보기' }).click();
  await second.page.locator('.preview-card').getByText('수소 트럭 충전 시간을 3분의 1로').waitFor();

  await second.page.getByRole('link', { name: '미팅 희망' }).click();
  await second.page.getByRole('group', { name: /수소벤처스/ }).getByLabel('만나고 싶음').check();
  await second.page.getByRole('group', { name: /바이오파트너스/ }).getByLabel('만나지 않음').check();
  await second.page.getByLabel('후속 미팅 가능 횟수').fill('4');
  await second.page.getByRole('button', { name: '미팅 희망 저장' }).click();
  await second.page.locator('.wishes .save-outcome', { hasText: '저장했습니다.' }).waitFor();
  const [wished] = await startupsOf(event, organizer);
  assert.deepEqual(wished.wants_to_meet, ['i1']);
  assert.deepEqual(wished.declines, ['i2']);
  assert.equal(wished.capacity, 4);
  assert.equal(wished.pitch_ko, '수소 트럭 충전 시간을 3분의 1로', 'wishes keep the profile');

  await second.page.getByRole('link', { name: '미팅 일정' }).click();
  await second.page.getByText('아직 미팅 일정이 발표되지 않았습니다.', { exact: false }).waitFor();
  assert.deepEqual(second.problems, []);
  await other.close();
});

test('the startup screens pass axe and switch completely to English', async () => {
  const { event, organizer, registrationLink } = await registrationEvent(server.url);
  // The event has its English name too: English mode must show it (nothing is skipped by kind).
  const { event: settings } = await api(server.url, 'GET', `/api/events/${event}/snapshot`, { secret: organizer });
  await api(server.url, 'PATCH', `/api/events/${event}`, { secret: organizer, body: { settings: { ...settings, name_en: 'Zone Startup Registration Day', venue_en: 'Ulsan' } } });
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${server.url}${registrationLink}`);
  await page.getByRole('heading', { name: '기업 등록', level: 1 }).waitFor();
  await page.getByRole('button', { name: '프로필 공개' }).click();
  await assertAccessibleInBothLanguages(page, assert, 'registration with field messages');
  // Words that are Korean in the English UI on purpose: the 상생이음 term, 실증특례, won units.
  const allowed = ['한국어', '상생이음 network field', 'Regulatory exemption used (실증특례)',
    'Won as a number, or in Korean units such as 15억 or 3억 5,000만.', 'Type a region, zone name or field in Korean or English (e.g. Ulsan, 수소, hydrogen).'];
  const leftover = async () => (await koreanText(page, 'noscript'))
    .filter((text) => !allowed.includes(text) && !text.startsWith('KRW'));
  assert.deepEqual(await leftover(), [], 'registration');

  const { link } = await api(server.url, 'POST', `/api/events/${event}/startups`, {
    secret: organizer,
    body: { id: '', name: '접근성 주식회사', name_en: 'Access Inc.', status: 'published', field: 'hydrogen', stage: 'seed', ask_krw: 100_000_000, pitch_ko: '소개', pitch_en: 'About us', contact: 'a@b.kr' },
  });
  for (const view of ['profile', 'preview', 'wishes', 'agenda']) {
    await page.goto(`${server.url}${link.replace('#', `?view=${view}#`)}`);
    await page.locator('.company-header h1').waitFor();
    await page.locator('main section.card, main form.card').nth(1).waitFor();
    await assertAccessibleInBothLanguages(page, assert, `company page ${view}`);
    assert.deepEqual(await leftover(), [], `company page ${view}`);
    await page.locator('.language-switch').click();
  }
  await context.close();
});
