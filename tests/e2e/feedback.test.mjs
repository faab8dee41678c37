// Feedback to startups (issue 16; docs/definitions.md §8.4): after the results are published the
// organizer releases the reports in the console; a founder's phone then shows its criterion
// means against the field, judge count, interval and rank band — the figures of `roadshow rank`
// on the exported snapshot — and the comments judges ticked "share with the company" on their
// phones, printable on A4, and the JSON the phone receives names no judge. The founder's open
// page follows the release and the exact rank without a reload.
// The organizer's preview in the startup's detail shows the same report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, watchedPage, ROOT } from '../support/harness.mjs';
import { api, secretOf } from '../support/api.mjs';
import { assertAccessibleInBothLanguages } from '../support/a11y.mjs';
import { DESKTOP, PHONE, consoleUrl, investorUrl } from '../support/fixtures.mjs';
import { roadshow } from '../support/cli.mjs';

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

const withQuery = (link, query) => link.replace('#', `?${query}#`);

test('the organizer releases feedback; a founder reads its report, as roadshow rank has it, with no judge named', async () => {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'core', 'data', 'demo-roadshow.json'), 'utf8'));
  snapshot.scores = snapshot.investors.flatMap((investor, i) => snapshot.startups.flatMap((startup, s) =>
    snapshot.event.criteria.map((criterion, c) => ({ investor: investor.id, startup: startup.id, criterion: criterion.key, value: 2 + ((i * 3 + s * 5 + c) % 8) }))));
  const imported = await api(server.url, 'POST', '/api/events/import', { body: snapshot });
  const ids = { event: imported.id, organizer: secretOf(imported.organizer_link) };
  const founderLink = `${server.url}${imported.startup_links.find(([id]) => id === 's03')[1]}`;

  // Before release: no report link, and the report says it is not released.
  const phone = await browser.newContext(PHONE);
  const { page, problems: phoneProblems } = await watchedPage(phone);
  await page.goto(withQuery(founderLink, 'view=feedback'));
  await page.locator('.feedback-report .notice').waitFor();
  assert.match(await page.locator('.feedback-report .notice').innerText(), /아직 피드백을 공개하지 않았습니다/);
  assert.equal(await page.locator('a[href="?view=feedback"]').count(), 0);

  // While scoring is open, two judges comment on s03 on their phones; one ticks "share".
  await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { phase: 'scoring' } });
  const shared = '현장 실증 계획이 구체적입니다.\n다음 단계로 PoC 고객 확보를 권합니다.';
  const judgeProblems = [];
  const linkOf = (id) => imported.investor_links.find(([investor]) => investor === id)[1];
  for (const [id, text, share] of [['i01', shared, true], ['i02', 'JUDGE-KEEPS-THIS-PRIVATE', false]]) {
    const judgePhone = await browser.newContext(PHONE);
    const { page: judge, problems } = await watchedPage(judgePhone);
    await judge.goto(investorUrl(server.url, linkOf(id), 'pitch=s03'));
    await judge.locator('#comment').fill(text);
    await judge.locator('#comment').dispatchEvent('change');
    if (share) await judge.locator('#comment-shared').check();
    await judge.locator('.sync-badge[data-state="synced"]').waitFor();
    assert.equal(await judge.locator('#comment-shared').isChecked(), share);
    if (share) {
      // The tick sticks across a reload (the server's answer, not only the device's).
      await judge.reload();
      await judge.locator('#comment-shared:checked').waitFor();
      assert.equal(await judge.locator('#comment').inputValue(), shared);
      await assertAccessibleInBothLanguages(judge, assert, 'a scorecard with the share tick');
    }
    judgeProblems.push(...problems);
    await judgePhone.close();
  }
  const storedComments = async () => (await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer })).comments;
  let comments = await storedComments();
  for (let tries = 0; tries < 50 && comments?.length !== 2; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    comments = await storedComments();
  }
  assert.deepEqual(comments, [
    { investor: 'i01', startup: 's03', text: shared, shared: true },
    { investor: 'i02', startup: 's03', text: 'JUDGE-KEEPS-THIS-PRIVATE' },
  ]);
  assert.deepEqual(judgeProblems, []);

  // The organizer publishes the results and releases the reports in the console.
  await api(server.url, 'PATCH', `/api/events/${ids.event}`, { secret: ids.organizer, body: { phase: 'results-published' } });
  // The founder's page stays open: the release reaches it without a reload.
  await page.evaluate(() => { window.notReloaded = true; });
  const answered = page.waitForResponse((response) => response.url().endsWith('/startups/s03/feedback') && response.status() === 200);
  const organizer = await browser.newContext(DESKTOP);
  const { page: console_, problems } = await watchedPage(organizer);
  await console_.goto(consoleUrl(server.url, ids, 'tab=setup'));
  await console_.locator('#feedback-released:not([disabled])').check();
  await console_.locator('fieldset.feedback-release[data-released="true"]').waitFor();
  assert.deepEqual((await api(server.url, 'GET', `/api/events/${ids.event}`, { secret: ids.organizer })).event.live.feedback,
    { released: true, exact_rank: false });

  // The founder's report, and the JSON behind it.
  const body = await (await answered).text();
  await page.locator('a[href="?view=feedback"]').waitFor();
  await page.locator('.feedback-criteria tbody tr').first().waitFor();
  assert.equal(await page.locator('a[href="?view=feedback"][aria-current="page"]').count(), 1);
  for (const investor of snapshot.investors) {
    for (const mark of [`"${investor.id}"`, investor.firm, investor.firm_en, investor.person].filter(Boolean)) {
      assert.ok(!body.includes(mark), `${mark} in ${body}`);
    }
  }
  assert.ok(!body.includes('investor'), body);
  assert.ok(!body.includes('JUDGE-KEEPS-THIS-PRIVATE'), body);
  // The shared comment, unsigned, as written (line break kept).
  assert.deepEqual(JSON.parse(body).comments, [shared]);
  assert.deepEqual(await page.locator('.feedback-comments li').allTextContents(), [shared]);

  const exported = await api(server.url, 'GET', `/api/events/${ids.event}/snapshot`, { secret: ids.organizer });
  const rows = JSON.parse(roadshow(server.dir, 'rank', exported, []));
  const own = rows.find((row) => row.startup === 's03');
  const ranked = rows.filter((row) => row.rank !== null).length;
  const band = own.rank * 100 <= 10 * ranked ? '상위 10%' : own.rank * 100 <= 25 * ranked ? '상위 25%' : own.rank * 100 <= 50 * ranked ? '상위 50%' : '하위 50%';
  const facts = await page.locator('.feedback-facts dd').allInnerTexts();
  assert.equal(facts[0], band);
  assert.equal(facts[1], own.normalized_total.toFixed(2));
  assert.equal(facts[2], `${own.ci_low.toFixed(2)} – ${own.ci_high.toFixed(2)}`);
  assert.equal(facts[3], String(own.judges));
  for (const criterion of snapshot.event.criteria) {
    const means = rows.map((row) => row.criteria[criterion.key]).filter((mean) => mean !== null);
    const field = means.reduce((sum, mean) => sum + mean, 0) / means.length;
    const cells = await page.locator(`.feedback-criteria tr[data-criterion="${criterion.key}"] > *`).allInnerTexts();
    assert.deepEqual(cells, [criterion.label_ko, own.criteria[criterion.key].toFixed(2), field.toFixed(2)], criterion.key);
  }

  // The organizer's preview in the startup's detail shows the same report.
  await console_.goto(consoleUrl(server.url, ids, 'tab=leaderboard&startup=s03'));
  await console_.locator('.feedback-preview summary').click();
  await console_.locator('.feedback-preview .feedback-criteria tbody tr').first().waitFor();
  assert.deepEqual(await console_.locator('.feedback-preview .feedback-facts dd').allInnerTexts(), facts);
  assert.equal(await console_.locator('.feedback-preview button').count(), 0);
  assert.deepEqual(await console_.locator('.feedback-preview .feedback-comments li').allTextContents(), [shared]);
  // The detail's own comment list marks the shared one.
  assert.equal(await console_.locator('.startup-detail ul.comments li.shared .flag.shared').count(), 1);
  await assertAccessibleInBothLanguages(console_, assert, "a startup's detail with the feedback preview");
  await console_.goto(consoleUrl(server.url, ids, 'tab=setup'));

  // The exact rank, once the organizer shows it.
  await console_.locator('#feedback-exact-rank').check();
  await console_.waitForFunction(() => document.querySelector('#feedback-exact-rank')?.checked);
  const withRank = `${band} · ${ranked}개 기업 중 ${own.rank}위`;
  await page.waitForFunction((text) => document.querySelector('.feedback-facts dd')?.innerText === text, withRank);
  assert.equal(await page.evaluate(() => window.notReloaded), true, 'the founder never reloaded');

  // On paper: the report alone, within an A4 page's width (210 mm − 2 × 15 mm margins).
  await page.emulateMedia({ media: 'print' });
  const layout = await page.evaluate(() => {
    const report = document.querySelector('.feedback-report');
    const table = document.querySelector('.feedback-criteria');
    return {
      header: getComputedStyle(document.querySelector('.company-header')).visibility,
      report: getComputedStyle(report).visibility,
      printButton: getComputedStyle(report.querySelector('.no-print')).display,
      tableFits: table.scrollWidth <= report.clientWidth,
    };
  });
  assert.deepEqual(layout, { header: 'hidden', report: 'visible', printButton: 'none', tableFits: true });
  const pdf = await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
  assert.ok(pdf.length > 1000);
  await page.emulateMedia({ media: 'screen' });

  await assertAccessibleInBothLanguages(page, assert, "the founder's feedback report");
  await assertAccessibleInBothLanguages(console_, assert, 'setup with the feedback release');
  assert.deepEqual(problems, []);
  assert.deepEqual(phoneProblems.filter((p) => !p.includes('Failed to load resource')), []);
  await phone.close();
  await organizer.close();
});
