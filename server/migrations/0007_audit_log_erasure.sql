-- Personal data and accountability (issue 19; definitions §10).

-- Who did what, when: organizer actions and link holders' own requests. Append-only: the
-- triggers refuse every UPDATE and DELETE, whatever runs it. No foreign key to `events`, so
-- nothing cascades into it (an unfinished import, the only event ever deleted, has no entries).
CREATE TABLE audit_log (
    event_id     TEXT NOT NULL,
    seq          INTEGER NOT NULL,            -- 1, 2, … within the event
    at           TEXT NOT NULL,               -- RFC 3339, UTC
    actor_role   TEXT CHECK (actor_role IN ('organizer', 'investor', 'registration', 'startup')),
    actor_link   TEXT,                        -- first 16 hex digits of the link's SHA-256
    action       TEXT NOT NULL,
    subject_role TEXT CHECK (subject_role IN ('organizer', 'investor', 'registration', 'startup')),
    subject_id   TEXT,
    detail       TEXT NOT NULL DEFAULT '{}',  -- JSON object: facts, never names or contacts
    PRIMARY KEY (event_id, seq)
);

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- A link holder's request to erase their personal data, and when the organizer executed it.
CREATE TABLE erasure_requests (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('investor', 'startup')),
    subject_id   TEXT NOT NULL,
    note         TEXT,
    requested_at TEXT NOT NULL,
    executed_at  TEXT
);
CREATE INDEX erasure_requests_by_event ON erasure_requests (event_id, role, subject_id);

-- When the retention erasure ran (once per event).
ALTER TABLE events ADD COLUMN personal_data_erased_at TEXT;
