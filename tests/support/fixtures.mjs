// Fixtures for the browser tests: an event and its people set up through the real HTTP API, as
// an organizer would, and the pages the tests open on it. Each helper is one step the tests
// repeat; what a test checks stays in the test.
import { api, secretOf } from './api.mjs';
import { watchedPage } from './harness.mjs';

/** A phone (360×740) and a desktop console, the two sizes the tests use most. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true };
export const DESKTOP = { viewport: { width: 1280, height: 900 } };

/**
 * Creates an event (a Korean name is required; the venue and times have defaults). Returns
 * `{ event, organizer, organizerLink }`: the event's id, the organizer's key and full link.
 */
export async function createEvent(baseUrl, { name, venue = '세종', starts_at = '2026-12-10T10:00', ends_at = '2026-12-10T15:00' }) {
  const created = await api(baseUrl, 'POST', '/api/events', { body: { name, venue, starts_at, ends_at } });
  return { event: created.id, organizer: secretOf(created.organizer_link), organizerLink: created.organizer_link };
}

/** A published startup profile with what publishing requires; `fields` adds or replaces any. */
export const publishedStartup = (id, fields = {}) => ({
  id, name: `기업 ${id}`, status: 'published', field: 'hydrogen', stage: 'seed', ask_krw: 1_000_000_000,
  pitch_ko: '발표', contact: 'ceo@example.com', ...fields,
});

/** Adds startups (whole profile bodies), one request each, in order. */
export async function addStartups(baseUrl, { event, organizer }, startups) {
  for (const body of startups) {
    await api(baseUrl, 'POST', `/api/events/${event}/startups`, { secret: organizer, body });
  }
}

/** Adds one investor; returns its link (path and `#k=` fragment): `secretOf(link)` is its key. */
export async function addInvestor(baseUrl, { event, organizer }, body) {
  return (await api(baseUrl, 'POST', `/api/events/${event}/investors`, { secret: organizer, body })).link;
}

/** The event's stored settings (its snapshot's `event`), to change and send with `setPhase`. */
export async function eventSettings(baseUrl, { event, organizer }) {
  return (await api(baseUrl, 'GET', `/api/events/${event}/snapshot`, { secret: organizer })).event;
}

/** Moves the event to `phase`; `changes` go in the same request (e.g. `{ settings }`). */
export async function setPhase(baseUrl, { event, organizer }, phase, changes = {}) {
  await api(baseUrl, 'PATCH', `/api/events/${event}`, { secret: organizer, body: { phase, ...changes } });
}

/** One device's batch of an investor's mutations (scores, interest, comments). */
export async function sendMutations(baseUrl, event, investorSecret, clientId, mutations) {
  return api(baseUrl, 'POST', `/api/events/${event}/mutations`, {
    secret: investorSecret, body: { client_id: clientId, mutations },
  });
}

/** The console's address: its query (e.g. `tab=leaderboard`) and the organizer's key. */
export const consoleUrl = (baseUrl, { event, organizer }, query = '') =>
  `${baseUrl}/events/${event}/organize${query ? `?${query}` : ''}#k=${organizer}`;

/** An investor's page: the link, with a query (e.g. `view=agenda`) before its fragment. */
export const investorUrl = (baseUrl, investorLink, query = '') =>
  `${baseUrl}${query ? investorLink.replace('#', `?${query}#`) : investorLink}`;

/**
 * Opens an investor's page in a new phone-sized context (or `options`'), on a page that
 * records console errors. Returns `{ context, page, problems }`.
 */
export async function openInvestorPhone(browser, baseUrl, investorLink, { query = '', options = PHONE } = {}) {
  const context = await browser.newContext(options);
  const { page, problems } = await watchedPage(context);
  await page.goto(investorUrl(baseUrl, investorLink, query));
  return { context, page, problems };
}

/**
 * Opens the console in a new desktop-sized context (or `options`'), on a page that records
 * console errors. Returns `{ context, page, problems }`.
 */
export async function openConsole(browser, baseUrl, ids, { query = '', options = DESKTOP } = {}) {
  const context = await browser.newContext(options);
  const { page, problems } = await watchedPage(context);
  await page.goto(consoleUrl(baseUrl, ids, query));
  return { context, page, problems };
}

// Whole events several test files start from.

/** An event in the scoring phase with `startups` published pitches and one investor. */
export async function scoringEvent(baseUrl, { startups = 8 } = {}) {
  const ids = await createEvent(baseUrl, { name: '특구 투자유치 설명회' });
  await addStartups(baseUrl, ids, Array.from({ length: startups }, (_, at) => publishedStartup(`s${at + 1}`, {
    name: `스타트업 ${at + 1}`, name_en: `Startup ${at + 1}`, ask_krw: 1_500_000_000, pitch_ko: `발표 ${at + 1}`, pitch_en: `Pitch ${at + 1}`,
  })));
  const investorLink = await addInvestor(baseUrl, ids, { id: 'i1', firm: '테스트 벤처스' });
  await setPhase(baseUrl, ids, 'scoring');
  return { event: ids.event, organizer: ids.organizer, investorLink };
}

/** An event open for registration with two investors; returns the startups' registration link. */
export async function registrationEvent(baseUrl) {
  const ids = await createEvent(baseUrl, { name: '특구 기업 등록 설명회', venue: '울산' });
  for (const [id, firm, firm_en] of [['i1', '수소벤처스', 'Hydrogen Ventures'], ['i2', '바이오파트너스', 'Bio Partners']]) {
    await addInvestor(baseUrl, ids, { id, firm, firm_en, type: 'vc', fields: ['hydrogen'] });
  }
  await setPhase(baseUrl, ids, 'registration');
  const { link } = await api(baseUrl, 'POST', `/api/events/${ids.event}/registration-link`, { secret: ids.organizer });
  return { event: ids.event, organizer: ids.organizer, registrationLink: link };
}
