-- Startups, investors, scores, verdicts (interest + comment), published meetings, and the
-- bookkeeping that makes every (client id, sequence number) mutation apply exactly once.
-- Each row carries the event version at which it last changed, so a client can ask for
-- "everything since version v".

ALTER TABLE events ADD COLUMN reveal_mode TEXT NOT NULL DEFAULT 'after-organizer-reveal'
    CHECK (reveal_mode IN ('never', 'after-own-scoring', 'after-organizer-reveal'));
ALTER TABLE events ADD COLUMN scores_revealed INTEGER NOT NULL DEFAULT 0 CHECK (scores_revealed IN (0, 1));
ALTER TABLE events ADD COLUMN registration_closes_at TEXT;
ALTER TABLE events ADD COLUMN meetings_published INTEGER NOT NULL DEFAULT 0 CHECK (meetings_published IN (0, 1));
ALTER TABLE events ADD COLUMN settings_version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE startups (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    profile    TEXT NOT NULL,                  -- JSON of roadshow_core::model::Startup
    published  INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    position   INTEGER NOT NULL,               -- running order of pitches
    version    INTEGER NOT NULL,
    PRIMARY KEY (event_id, id)
);

CREATE TABLE investors (
    event_id   TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    profile    TEXT NOT NULL,                  -- JSON of roadshow_core::model::Investor
    position   INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (event_id, id)
);

CREATE TABLE scores (
    event_id     TEXT NOT NULL,
    investor_id  TEXT NOT NULL,
    startup_id   TEXT NOT NULL,
    criterion    TEXT NOT NULL,                -- '' = an abstention on the whole pitch
    value        INTEGER,                      -- NULL with abstain = 0: cleared
    abstain      INTEGER NOT NULL DEFAULT 0 CHECK (abstain IN (0, 1)),
    client_id    TEXT NOT NULL,                -- the device and sequence number that wrote it last,
    client_seq   INTEGER NOT NULL,             -- so an older mutation from that device cannot undo a newer one
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    PRIMARY KEY (event_id, investor_id, startup_id, criterion),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);
CREATE INDEX scores_by_version ON scores (event_id, version);

CREATE TABLE verdicts (
    event_id     TEXT NOT NULL,
    investor_id  TEXT NOT NULL,
    startup_id   TEXT NOT NULL,
    want         INTEGER CHECK (want IN (0, 1)),  -- "want to meet": 1 yes, 0 no, NULL unsaid
    comment      TEXT NOT NULL DEFAULT '',
    client_id    TEXT NOT NULL,
    client_seq   INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL,
    PRIMARY KEY (event_id, investor_id, startup_id),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);

CREATE TABLE meetings (
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT NOT NULL,
    startup_id   TEXT NOT NULL,
    slot         INTEGER NOT NULL,
    table_no     INTEGER NOT NULL,
    PRIMARY KEY (event_id, investor_id, startup_id)
);

CREATE TABLE applied_mutations (
    client_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    result       TEXT NOT NULL,                -- JSON of the outcome returned to the client, replayed as is
    PRIMARY KEY (client_id, seq)
);
