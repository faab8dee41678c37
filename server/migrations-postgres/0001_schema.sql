-- The schema of migrations/0001–0012 (SQLite) as one PostgreSQL migration: the same tables,
-- columns, keys and checks. Integers are BIGINT (what the server binds); flags stay integers 0/1
-- as on SQLite; text compares byte-wise (COLLATE "C"), as SQLite's does, so every ORDER BY
-- gives the same order on both databases. Later changes add a migration to each directory.

CREATE TABLE programs (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    name_en     TEXT COLLATE "C",
    created_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE events (
    id          TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name        TEXT COLLATE "C" NOT NULL,
    venue       TEXT COLLATE "C" NOT NULL DEFAULT '',
    starts_at   TEXT COLLATE "C" NOT NULL,             -- RFC 3339, +09:00
    ends_at     TEXT COLLATE "C" NOT NULL,
    phase       TEXT COLLATE "C" NOT NULL DEFAULT 'draft'
                CHECK (phase IN ('draft', 'registration', 'scoring', 'scoring-closed', 'results-published')),
    settings    TEXT COLLATE "C" NOT NULL DEFAULT '{}', -- JSON: criteria, scale, reveal mode, match and meeting settings
    fictional   BIGINT NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  TEXT COLLATE "C" NOT NULL,
    reveal_mode TEXT COLLATE "C" NOT NULL DEFAULT 'after-organizer-reveal'
    CHECK (reveal_mode IN ('never', 'after-own-scoring', 'after-organizer-reveal')),
    scores_revealed BIGINT NOT NULL DEFAULT 0 CHECK (scores_revealed IN (0, 1)),
    registration_closes_at TEXT COLLATE "C",
    meetings_published BIGINT NOT NULL DEFAULT 0 CHECK (meetings_published IN (0, 1)),
    settings_version BIGINT NOT NULL DEFAULT 1,
    importing BIGINT NOT NULL DEFAULT 0 CHECK (importing IN (0, 1)),
    personal_data_erased_at TEXT COLLATE "C",
    pitching TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    feedback TEXT COLLATE "C" NOT NULL DEFAULT '{}',
    current_round TEXT COLLATE "C", program_id TEXT COLLATE "C" REFERENCES programs (id));

CREATE TABLE links (
    secret_sha256 TEXT COLLATE "C" PRIMARY KEY NOT NULL,  -- hex SHA-256 of the bearer secret
    event_id      TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role          TEXT COLLATE "C" NOT NULL CHECK (role IN ('organizer', 'investor', 'registration', 'startup')),
    subject_id    TEXT COLLATE "C",                       -- the investor's or startup's id for those roles
    created_at    TEXT COLLATE "C" NOT NULL,
    revoked_at    TEXT COLLATE "C"
);

CREATE INDEX links_by_event ON links (event_id, role);

CREATE TABLE startups (
    event_id   TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    profile    TEXT COLLATE "C" NOT NULL,                  -- JSON of roadshow_core::model::Startup
    published  BIGINT NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    position   BIGINT NOT NULL,               -- running order of pitches
    version    BIGINT NOT NULL,
    PRIMARY KEY (event_id, id)
);

CREATE TABLE investors (
    event_id   TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    id         TEXT COLLATE "C" NOT NULL,
    profile    TEXT COLLATE "C" NOT NULL,                  -- JSON of roadshow_core::model::Investor
    position   BIGINT NOT NULL,
    version    BIGINT NOT NULL,
    PRIMARY KEY (event_id, id)
);

CREATE TABLE verdicts (
    event_id     TEXT COLLATE "C" NOT NULL,
    investor_id  TEXT COLLATE "C" NOT NULL,
    startup_id   TEXT COLLATE "C" NOT NULL,
    want         BIGINT CHECK (want IN (0, 1)),  -- "want to meet": 1 yes, 0 no, NULL unsaid
    comment      TEXT COLLATE "C" NOT NULL DEFAULT '',
    client_id    TEXT COLLATE "C" NOT NULL,
    client_seq   BIGINT NOT NULL,
    updated_at   TEXT COLLATE "C" NOT NULL,
    version      BIGINT NOT NULL, want_client_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    want_client_seq BIGINT NOT NULL DEFAULT 0,
    want_edited_at BIGINT NOT NULL DEFAULT 0,
    comment_client_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    comment_client_seq BIGINT NOT NULL DEFAULT 0,
    comment_edited_at BIGINT NOT NULL DEFAULT 0,
    comment_shared BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, investor_id, startup_id),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);

CREATE TABLE meetings (
    event_id     TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT COLLATE "C" NOT NULL,
    startup_id   TEXT COLLATE "C" NOT NULL,
    slot         BIGINT NOT NULL,
    table_no     BIGINT NOT NULL, status TEXT COLLATE "C"
    CHECK (status IN ('proposed', 'confirmed', 'declined', 'held', 'no_show', 'cancelled')),
    sides TEXT COLLATE "C",
    sequence BIGINT NOT NULL DEFAULT 0,
    attendees TEXT COLLATE "C",
    PRIMARY KEY (event_id, investor_id, startup_id)
);

CREATE TABLE applied_mutations (
    event_id     TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT COLLATE "C" NOT NULL,
    client_id    TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,
    result       TEXT COLLATE "C" NOT NULL, change_sha256 TEXT COLLATE "C",
    author_role TEXT COLLATE "C" NOT NULL DEFAULT 'investor'
    CHECK (author_role IN ('investor', 'startup', 'organizer')),                -- JSON of the outcome returned to the client, replayed as is
    PRIMARY KEY (event_id, investor_id, client_id, seq)
);

CREATE INDEX links_by_subject ON links (event_id, role, subject_id);

CREATE TABLE removals (
    rowid       BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, -- SQLite's implicit rowid, made explicit
    event_id    TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    kind        TEXT COLLATE "C" NOT NULL CHECK (kind IN ('startup', 'investor')),
    subject_id  TEXT COLLATE "C" NOT NULL,
    record      TEXT COLLATE "C" NOT NULL,              -- JSON: the profile, its scores, verdicts and meetings
    scores      BIGINT NOT NULL,
    verdicts    BIGINT NOT NULL,
    meetings    BIGINT NOT NULL,
    removed_at  TEXT COLLATE "C" NOT NULL,
    version     BIGINT NOT NULL
);

CREATE INDEX removals_by_version ON removals (event_id, version);

CREATE TABLE follow_ups (
    event_id     TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT COLLATE "C" NOT NULL,
    startup_id   TEXT COLLATE "C" NOT NULL,
    stage        TEXT COLLATE "C" NOT NULL
        CHECK (stage IN ('met', 'follow_up', 'due_diligence', 'term_sheet', 'invested', 'passed')),
    amount_krw   BIGINT,                 -- won; `invested` only
    date         TEXT COLLATE "C",                    -- YYYY-MM-DD; `invested` only
    confirmed    BIGINT CHECK (confirmed IN (0, 1)),  -- the startup's word on `invested`
    reason       TEXT COLLATE "C",                    -- `passed` only
    updated_at   TEXT COLLATE "C" NOT NULL,
    version      BIGINT NOT NULL,
    PRIMARY KEY (event_id, investor_id, startup_id),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);

CREATE TABLE outcome_log (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_id     TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT COLLATE "C" NOT NULL,
    startup_id   TEXT COLLATE "C" NOT NULL,
    author_role  TEXT COLLATE "C" NOT NULL CHECK (author_role IN ('investor', 'startup', 'organizer')),
    on_behalf_of TEXT COLLATE "C" CHECK (on_behalf_of IN ('investor', 'startup')),
    change       TEXT COLLATE "C" NOT NULL,
    at           TEXT COLLATE "C" NOT NULL
);

CREATE INDEX outcome_log_by_pair ON outcome_log (event_id, investor_id, startup_id);

CREATE TABLE audit_log (
    event_id     TEXT COLLATE "C" NOT NULL,
    seq          BIGINT NOT NULL,            -- 1, 2, … within the event
    at           TEXT COLLATE "C" NOT NULL,               -- RFC 3339, UTC
    actor_role   TEXT COLLATE "C" CHECK (actor_role IN ('organizer', 'investor', 'registration', 'startup')),
    actor_link   TEXT COLLATE "C",                        -- first 16 hex digits of the link's SHA-256
    action       TEXT COLLATE "C" NOT NULL,
    subject_role TEXT COLLATE "C" CHECK (subject_role IN ('organizer', 'investor', 'registration', 'startup')),
    subject_id   TEXT COLLATE "C",
    detail       TEXT COLLATE "C" NOT NULL DEFAULT '{}',  -- JSON object: facts, never names or contacts
    PRIMARY KEY (event_id, seq)
);

CREATE TABLE erasure_requests (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    event_id     TEXT COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role         TEXT COLLATE "C" NOT NULL CHECK (role IN ('investor', 'startup')),
    subject_id   TEXT COLLATE "C" NOT NULL,
    note         TEXT COLLATE "C",
    requested_at TEXT COLLATE "C" NOT NULL,
    executed_at  TEXT COLLATE "C"
);

CREATE INDEX erasure_requests_by_event ON erasure_requests (event_id, role, subject_id);

CREATE TABLE scores (
    event_id     TEXT COLLATE "C" NOT NULL,
    round        TEXT COLLATE "C" NOT NULL DEFAULT '',
    investor_id  TEXT COLLATE "C" NOT NULL,
    startup_id   TEXT COLLATE "C" NOT NULL,
    criterion    TEXT COLLATE "C" NOT NULL,                -- '' = an abstention on the whole pitch
    value        BIGINT,                      -- NULL with abstain = 0: cleared
    abstain      BIGINT NOT NULL DEFAULT 0 CHECK (abstain IN (0, 1)),
    client_id    TEXT COLLATE "C" NOT NULL,
    client_seq   BIGINT NOT NULL,
    updated_at   TEXT COLLATE "C" NOT NULL,
    version      BIGINT NOT NULL,
    edited_at    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, round, investor_id, startup_id, criterion),
    FOREIGN KEY (event_id, investor_id) REFERENCES investors (event_id, id) ON DELETE CASCADE,
    FOREIGN KEY (event_id, startup_id) REFERENCES startups (event_id, id) ON DELETE CASCADE
);

CREATE INDEX scores_by_version ON scores (event_id, version);

CREATE TABLE program_links (
    secret_sha256 TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    program_id    TEXT COLLATE "C" NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    created_at    TEXT COLLATE "C" NOT NULL,
    revoked_at    TEXT COLLATE "C"
);

CREATE INDEX events_by_program ON events (program_id);

CREATE TABLE program_firm_aliases (
    program_id  TEXT COLLATE "C" NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    firm_name   TEXT COLLATE "C" NOT NULL,
    identity    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (program_id, firm_name)
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
