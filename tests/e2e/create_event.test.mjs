// The first slice: an organizer creates an event through the form, is shown its organizer link
// with the warning that it is the only key to the event (copy, e-mail to self), opens the
// console from there, which survives a reload and opens in another browser; bad input shows
// field messages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, watchedPage, waitForApp } from '../support/harness.mjs';

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

test('an organizer creates an event, is told to keep its link, and reopens it by the link', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, problems } = await watchedPage(context);
  await page.goto(server.url);
  await waitForApp(page);
  assert.equal(await page.locator('html').getAttribute('lang'), 'ko');

  await page.getByLabel('설명회 이름').fill('규제자유특구 투자유치 설명회 2026');
  await page.getByLabel('장소').fill('서울 중앙우체국 21층 스카이홀');
  await page.getByLabel('시작').fill('2026-12-10T10:00');
  await page.getByLabel('종료').fill('2026-12-10T15:00');
  const created = page.waitForResponse((response) => response.url().endsWith('/api/events') && response.request().method() === 'POST');
  await page.getByRole('button', { name: '설명회 만들기' }).click();
  const { organizer_link: organizerLink } = await (await created).json();

  // The link is shown where it was made, with the warning, before anything else happens.
  const card = page.getByRole('region', { name: '주최자 콘솔 링크' });
  await card.waitFor();
  assert.equal(new URL(page.url()).pathname, '/', 'still on the home page: the link is not skipped past');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'organizer-link-title', 'focus moves to the link');
  assert.match(await card.locator('.warning').innerText(), /유일한 열쇠/);
  const link = `${server.url}${organizerLink}`;
  assert.equal(await card.getByRole('textbox', { name: '주최자 콘솔 링크' }).inputValue(), link);
  const secret = new URL(link).hash.slice('#k='.length);
  assert.ok(secret.length >= 22, 'at least 128 bits in the fragment');

  await card.getByRole('button', { name: '링크 복사' }).click();
  await card.getByRole('status').filter({ hasText: '복사했습니다' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  const mailto = new URL(await card.getByRole('link', { name: '내 이메일로 보내기' }).getAttribute('href'));
  assert.equal(mailto.protocol, 'mailto:');
  assert.equal(mailto.pathname, '', 'no recipient: the organizer sends it to themselves');
  assert.equal(mailto.searchParams.get('subject'), '로드쇼 주최자 링크: 규제자유특구 투자유치 설명회 2026');
  const body = mailto.searchParams.get('body');
  assert.ok(body.split('\r\n').includes(link), 'the whole link, on a line of its own');
  assert.match(body, /유일한 열쇠/);

  await card.getByRole('link', { name: '주최자 콘솔 열기' }).click();
  await page.waitForURL(link);
  const heading = page.getByRole('heading', { name: '규제자유특구 투자유치 설명회 2026' });
  await heading.waitFor();
  assert.match(await page.locator('.facts').innerText(), /2026-12-10 10:00 KST/);

  await page.reload();
  await heading.waitFor();

  const otherBrowser = await browser.newContext();
  const { page: other, problems: otherProblems } = await watchedPage(otherBrowser);
  await other.goto(link);
  await other.getByRole('heading', { name: '규제자유특구 투자유치 설명회 2026' }).waitFor();
  await otherBrowser.close();

  assert.deepEqual(problems, []);
  assert.deepEqual(otherProblems, []);
  await context.close();
});

test('a bad form shows field messages next to the fields and creates nothing', async () => {
  const context = await browser.newContext();
  const { page, problems } = await watchedPage(context);
  let posted = 0;
  page.on('request', (request) => { if (request.method() === 'POST') posted += 1; });
  await page.goto(server.url);
  await waitForApp(page);

  await page.getByLabel('시작').fill('2026-12-10T15:00');
  await page.getByLabel('종료').fill('2026-12-10T10:00');
  await page.getByRole('button', { name: '설명회 만들기' }).click();

  const name = page.getByLabel('설명회 이름');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#name-message').innerText(), '필수 항목입니다.');
  assert.equal(await page.locator('#ends_at-message').innerText(), '종료 시각은 시작 시각보다 뒤여야 합니다.');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'name', 'focus moves to the first problem');

  await page.getByRole('button', { name: 'English', exact: true }).click();
  assert.equal(await page.locator('#name-message').innerText(), 'This field is required.');
  assert.equal(await page.locator('#ends_at-message').innerText(), 'The end must be after the start.');
  await page.getByLabel('Event name').fill('Fixed');
  assert.equal(await page.locator('#name-message').innerText(), '');
  assert.equal(posted, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong or missing secret explains itself', async () => {
  const context = await browser.newContext();
  const { page } = await watchedPage(context);
  const response = await page.request.post(`${server.url}/api/events`, {
    data: { name: 'Secret test', venue: '', starts_at: '2026-12-10T10:00', ends_at: '2026-12-10T11:00' },
  });
  const { id } = await response.json();

  await page.goto(`${server.url}/events/${id}/organize#k=wrong-secret`);
  await page.getByRole('alert').filter({ hasText: '유효하지 않거나' }).waitFor();
  await page.goto(`${server.url}/events/${id}/organize`);
  await page.getByRole('alert').filter({ hasText: '비밀 키' }).waitFor();
  await page.goto(`${server.url}/events/nope/organize#k=whatever`);
  await page.getByRole('alert').filter({ hasText: '찾을 수 없습니다' }).waitFor();
  await context.close();
});
