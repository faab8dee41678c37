// A large, repeatable fictional event for the browser benchmarks: `investors` × `startups` ×
// 3 criteria, each investor scoring `coverage` of the startups (the import accepts up to 32 MB of
// JSON: 200 × 1,000 at 80 % is 480,000 scores), with harsh and lenient judges, fields, stages,
// "want to meet" flags and meeting settings that make the match and schedule real work.
export const CRITERIA = ['a', 'b', 'c'];
const FIELDS = ['telemedicine', 'autonomous-driving', 'hydrogen', 'electric-energy', 'human-derived-materials', 'co2-utilization'];
const STAGES = ['pre-seed', 'seed', 'pre-a', 'series-a', 'series-b'];

/** A small deterministic generator (a benchmark must be repeatable). */
export function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function largeEvent({ investors = 200, startups = 1000, coverage = 0.8, seed = 20261122 } = {}) {
  const random = generator(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const startupList = Array.from({ length: startups }, (_, s) => ({
    id: `s${s + 1}`, name: `Startup ${s + 1}`, status: 'published', field: pick(FIELDS), stage: pick(STAGES), ask_krw: 100_000_000 * (1 + Math.floor(random() * 30)),
  }));
  const investorList = Array.from({ length: investors }, (_, j) => ({
    id: `i${j + 1}`, firm: `Firm ${j + 1}`, type: 'vc', fields: [pick(FIELDS), pick(FIELDS)], stages: [pick(STAGES), pick(STAGES)],
  }));
  const quality = startupList.map(() => CRITERIA.map(() => 3 + random() * 5));
  const temper = investorList.map(() => random() * 3 - 1.5);
  const scores = [];
  const interest = [];
  for (let j = 0; j < investors; j += 1) {
    for (let s = 0; s < startups; s += 1) {
      if (random() >= coverage) continue;
      for (let c = 0; c < 3; c += 1) {
        const value = Math.max(1, Math.min(10, Math.round(quality[s][c] + temper[j] + (random() - 0.5) * 3)));
        scores.push({ investor: `i${j + 1}`, startup: `s${s + 1}`, criterion: CRITERIA[c], value });
      }
      if (random() < 0.02) interest.push({ investor: `i${j + 1}`, startup: `s${s + 1}`, want: true });
    }
  }
  return {
    format: 'roadshow-event/1',
    fictional: true,
    event: {
      id: 'bench', name: 'Benchmark roadshow', phase: 'scoring', scale: { min: 1, max: 10 }, min_judges: 3,
      criteria: CRITERIA.map((key) => ({ key, weight: 1, label_ko: key, label_en: key })),
      meetings: { slots: 10, tables: 100, first_slot: '2026-12-10T13:00:00+09:00', slot_minutes: 20, investor_capacity: 8, startup_capacity: 3 },
    },
    startups: startupList,
    investors: investorList,
    scores,
    interest,
  };
}

export async function post(url, path, body, secret) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} → ${response.status}: ${await response.text()}`);
  return response.json();
}

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
};
