-- A large import fills its event in many short transactions, so other events' writes wait for
-- one chunk at most; the event stays invisible (404) until the import's last step clears this.
ALTER TABLE events ADD COLUMN importing INTEGER NOT NULL DEFAULT 0 CHECK (importing IN (0, 1));

-- Re-issuing or revoking one person's link finds it without scanning every link of the event.
CREATE INDEX links_by_subject ON links (event_id, role, subject_id);
