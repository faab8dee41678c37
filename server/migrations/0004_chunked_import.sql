-- A large import fills its event in many short transactions, so other events' writes wait for
-- one chunk at most; the event stays invisible (404) until the import's last step clears this.
ALTER TABLE events ADD COLUMN importing INTEGER NOT NULL DEFAULT 0 CHECK (importing IN (0, 1));

-- Re-issuing or revoking one person's link finds it without scanning every link of the event.
CREATE INDEX links_by_subject ON links (event_id, role, subject_id);

-- Who wrote each cell last and when (roadshow_core::sync::EditStamp): two devices of one investor
-- are ordered by when each edit was made, not by when it arrived. Old rows: when they were stored.
ALTER TABLE scores ADD COLUMN edited_at INTEGER NOT NULL DEFAULT 0;
UPDATE scores SET edited_at = CAST((julianday(updated_at) - 2440587.5) * 86400000 AS INTEGER);

-- Interest and comment are separate edits of one row: each part remembers its own writer, so an
-- older interest arriving after a newer comment is still applied.
ALTER TABLE verdicts ADD COLUMN want_client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE verdicts ADD COLUMN want_client_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE verdicts ADD COLUMN want_edited_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE verdicts ADD COLUMN comment_client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE verdicts ADD COLUMN comment_client_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE verdicts ADD COLUMN comment_edited_at INTEGER NOT NULL DEFAULT 0;
UPDATE verdicts SET
    want_client_id = client_id, want_client_seq = client_seq,
    want_edited_at = CAST((julianday(updated_at) - 2440587.5) * 86400000 AS INTEGER),
    comment_client_id = client_id, comment_client_seq = client_seq,
    comment_edited_at = CAST((julianday(updated_at) - 2440587.5) * 86400000 AS INTEGER);

-- What each recorded mutation said (SHA-256 of its change), so a (client id, seq) sent again with
-- different content is answered as a conflict instead of replaying the first answer.
ALTER TABLE applied_mutations ADD COLUMN change_sha256 TEXT;

-- Startups and investors the organizer removed (spam, a withdrawn company, an investor who did not
-- come): what was removed with them is kept here as JSON, counted, and announced in the change
-- feed at the version of the removal.
CREATE TABLE removals (
    event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('startup', 'investor')),
    subject_id  TEXT NOT NULL,
    record      TEXT NOT NULL,              -- JSON: the profile, its scores, verdicts and meetings
    scores      INTEGER NOT NULL,
    verdicts    INTEGER NOT NULL,
    meetings    INTEGER NOT NULL,
    removed_at  TEXT NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX removals_by_version ON removals (event_id, version);
