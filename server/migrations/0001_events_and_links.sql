-- Events and the role links that open them. A link's secret is never stored, only its SHA-256.
CREATE TABLE events (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    venue       TEXT NOT NULL DEFAULT '',
    starts_at   TEXT NOT NULL,             -- RFC 3339, +09:00
    ends_at     TEXT NOT NULL,
    phase       TEXT NOT NULL DEFAULT 'draft'
                CHECK (phase IN ('draft', 'registration', 'scoring', 'scoring-closed', 'results-published')),
    settings    TEXT NOT NULL DEFAULT '{}', -- JSON: criteria, scale, reveal mode, match and meeting settings
    fictional   INTEGER NOT NULL DEFAULT 0 CHECK (fictional IN (0, 1)),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);

CREATE TABLE links (
    secret_sha256 TEXT PRIMARY KEY NOT NULL,  -- hex SHA-256 of the bearer secret
    event_id      TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('organizer', 'investor', 'registration', 'startup')),
    subject_id    TEXT,                       -- the investor's or startup's id for those roles
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

CREATE INDEX links_by_event ON links (event_id, role);
