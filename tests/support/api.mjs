// Sets up events through the real HTTP API, as an organizer would, for the browser tests.
export async function api(baseUrl, method, path, { secret, body } = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

export const secretOf = (link) => link.split('#k=')[1];

/** An event in the scoring phase with `startups` published pitches and one investor. */
export async function scoringEvent(baseUrl, { startups = 8 } = {}) {
  const created = await api(baseUrl, 'POST', '/api/events', {
    body: { name: '특구 투자유치 설명회', venue: '세종', starts_at: '2026-12-10T10:00', ends_at: '2026-12-10T15:00' },
  });
  const organizer = secretOf(created.organizer_link);
  const event = created.id;
  for (let index = 1; index <= startups; index += 1) {
    await api(baseUrl, 'POST', `/api/events/${event}/startups`, {
      secret: organizer,
      body: { id: `s${index}`, name: `스타트업 ${index}`, name_en: `Startup ${index}`, status: 'published',
        field: 'hydrogen', stage: 'seed', ask_krw: 1_500_000_000, pitch_ko: `발표 ${index}`, pitch_en: `Pitch ${index}`, contact: 'ceo@example.com' },
    });
  }
  const investor = await api(baseUrl, 'POST', `/api/events/${event}/investors`, {
    secret: organizer, body: { id: 'i1', firm: '테스트 벤처스' },
  });
  await api(baseUrl, 'PATCH', `/api/events/${event}`, { secret: organizer, body: { phase: 'scoring' } });
  return { event, organizer, investorLink: investor.link };
}

/** An event open for registration with two investors; returns the startups' registration link. */
export async function registrationEvent(baseUrl) {
  const created = await api(baseUrl, 'POST', '/api/events', {
    body: { name: '특구 기업 등록 설명회', venue: '울산', starts_at: '2026-12-10T10:00', ends_at: '2026-12-10T15:00' },
  });
  const organizer = secretOf(created.organizer_link);
  const event = created.id;
  for (const [id, firm, firm_en] of [['i1', '수소벤처스', 'Hydrogen Ventures'], ['i2', '바이오파트너스', 'Bio Partners']]) {
    await api(baseUrl, 'POST', `/api/events/${event}/investors`, {
      secret: organizer, body: { id, firm, firm_en, type: 'vc', fields: ['hydrogen'] },
    });
  }
  await api(baseUrl, 'PATCH', `/api/events/${event}`, { secret: organizer, body: { phase: 'registration' } });
  const { link } = await api(baseUrl, 'POST', `/api/events/${event}/registration-link`, { secret: organizer });
  return { event, organizer, registrationLink: link };
}
