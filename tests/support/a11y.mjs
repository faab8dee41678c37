// Accessibility and translation checks shared by the browser tests: axe-core's serious and
// critical violations, and Korean text left on a page switched to English.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page (open the page with bypassCSP). */
export async function seriousViolations(page) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((violation) => ['serious', 'critical'].includes(violation.impact))
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** axe-core's violations of the named rules, whatever their impact. */
export async function violationsOf(page, rules) {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((only) => window.axe.run(document, { runOnly: { type: 'rule', values: only }, resultTypes: ['violations'] }), rules);
  return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** Words that run onto a second line inside the elements matching `selector`: a word broken in
 *  the middle (하이드/로웨이/브), found as a word whose characters lie on more than one line. */
export async function brokenWords(page, selector) {
  return page.evaluate((cellSelector) => {
    const broken = [];
    for (const element of document.querySelectorAll(cellSelector)) {
      if (!element.getClientRects().length) continue;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        for (const match of node.textContent.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const tops = new Set([...range.getClientRects()].filter((rect) => rect.width > 0).map((rect) => Math.round(rect.top)));
          if (tops.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  }, selector);
}

/** Visible text containing Hangul, outside the elements matching `skip` (people's own words). */
export async function koreanText(page, skip) {
  return page.evaluate((skipSelector) => {
    const skipped = [...document.querySelectorAll(skipSelector)];
    const texts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (skipped.some((element) => element.contains(node))) continue;
      const text = node.textContent.trim();
      if (text && /[\u3131-\uD79D]/.test(text)) texts.push(text);
    }
    return texts;
  }, skip);
}

/** Runs axe in Korean and in English on the current screen. */
export async function assertAccessibleInBothLanguages(page, assert, name) {
  for (const language of ['ko', 'en']) {
    if ((await page.locator('html').getAttribute('lang')) !== language) await page.locator('.language-switch').click();
    assert.equal(await page.locator('html').getAttribute('lang'), language);
    assert.deepEqual(await seriousViolations(page), [], `${name} (${language})`);
  }
}
