-- The day's pitches (issue 16; definitions §8.3): the running order the organizer published and
-- the pitch on now in each hall, as one JSON object {running_order: [id], now_pitching:
-- [{hall, startup}]}. Live state, like the phase: it changes on the day, outside the settings.
ALTER TABLE events ADD COLUMN pitching TEXT NOT NULL DEFAULT '{}';
-- Whether the startups see their feedback reports (definitions §8.4): {released, exact_rank}.
ALTER TABLE events ADD COLUMN feedback TEXT NOT NULL DEFAULT '{}';
