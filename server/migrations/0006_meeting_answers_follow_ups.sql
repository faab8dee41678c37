-- After the pitches (issue 14; definitions §7.1, §7.4): what each side said about a meeting, the
-- meeting's calendar revision, every pair's follow-up stage, and a log of who said what.

-- JSON of core's MeetingSides (each side's answer and attendance, the organizer's cancellation);
-- NULL: both sides agree on `status` (a plan or an import that gave only a status).
ALTER TABLE meetings ADD COLUMN sides TEXT;
-- The iCalendar SEQUENCE of the meeting: rises when it moves, is cancelled or is restored.
ALTER TABLE meetings ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

-- Startups and the organizer send mutations too now. Their (client id, sequence) records are
-- kept apart from investors' by the author's role; `investor_id` holds the author's id (empty
-- for the organizer).
ALTER TABLE applied_mutations ADD COLUMN author_role TEXT NOT NULL DEFAULT 'investor'
    CHECK (author_role IN ('investor', 'startup', 'organizer'));

CREATE TABLE follow_ups (
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT NOT NULL,
    startup_id   TEXT NOT NULL,
    stage        TEXT NOT NULL
        CHECK (stage IN ('met', 'follow_up', 'due_diligence', 'term_sheet', 'invested', 'passed')),
    amount_krw   INTEGER,                 -- won; `invested` only
    date         TEXT,                    -- YYYY-MM-DD; `invested` only
    confirmed    INTEGER CHECK (confirmed IN (0, 1)),  -- the startup's word on `invested`
    reason       TEXT,                    -- `passed` only
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    PRIMARY KEY (event_id, investor_id, startup_id),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);

-- Every answer, mark, cancellation, stage change and confirmation as it was applied: who (role,
-- and whether the organizer spoke for a side), when, and what (the change as JSON).
CREATE TABLE outcome_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT NOT NULL,
    startup_id   TEXT NOT NULL,
    author_role  TEXT NOT NULL CHECK (author_role IN ('investor', 'startup', 'organizer')),
    on_behalf_of TEXT CHECK (on_behalf_of IN ('investor', 'startup')),
    change       TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX outcome_log_by_pair ON outcome_log (event_id, investor_id, startup_id);
