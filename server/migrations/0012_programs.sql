-- Programs of roadshows (definitions §7.5): a program groups events under its own organizer
-- link. An event belongs to at most one program. A program link's secret is never stored, only
-- its SHA-256, as for event links.
CREATE TABLE programs (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    name_en     TEXT,
    created_at  TEXT NOT NULL
);

CREATE TABLE program_links (
    secret_sha256 TEXT PRIMARY KEY NOT NULL,
    program_id    TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

ALTER TABLE events ADD COLUMN program_id TEXT REFERENCES programs (id);

CREATE INDEX events_by_program ON events (program_id);

-- The program organizer's corrections of firm identity: a firm name as written (trimmed) and the
-- identity it counts as (another firm's normalised name, a merge; or '=' and the name itself, a
-- split). Undone by deleting the row.
CREATE TABLE program_firm_aliases (
    program_id  TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    firm_name   TEXT NOT NULL,
    identity    TEXT NOT NULL,
    PRIMARY KEY (program_id, firm_name)
);
