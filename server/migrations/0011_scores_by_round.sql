-- Rounds (issue 16; definitions §8.1): a score belongs to a round, and an investor may score the
-- same startup and criterion once in each round. '' is the round of an event without rounds;
-- once an event has rounds every stored score names one. SQLite cannot change a primary key in
-- place, so the table is rebuilt with `round` in it, rows kept as they are.
CREATE TABLE scores_by_round (
    event_id     TEXT NOT NULL,
    round        TEXT NOT NULL DEFAULT '',
    investor_id  TEXT NOT NULL,
    startup_id   TEXT NOT NULL,
    criterion    TEXT NOT NULL,                -- '' = an abstention on the whole pitch
    value        INTEGER,                      -- NULL with abstain = 0: cleared
    abstain      INTEGER NOT NULL DEFAULT 0 CHECK (abstain IN (0, 1)),
    client_id    TEXT NOT NULL,
    client_seq   INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    edited_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, round, investor_id, startup_id, criterion),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);

INSERT INTO scores_by_round (event_id, round, investor_id, startup_id, criterion, value, abstain,
                             client_id, client_seq, updated_at, version, edited_at)
SELECT event_id, '', investor_id, startup_id, criterion, value, abstain,
       client_id, client_seq, updated_at, version, edited_at
FROM scores;

DROP TABLE scores;
ALTER TABLE scores_by_round RENAME TO scores;
CREATE INDEX scores_by_version ON scores (event_id, version);

-- The round investors' phones score now (NULL: the first), moved on by the organizer.
ALTER TABLE events ADD COLUMN current_round TEXT;
