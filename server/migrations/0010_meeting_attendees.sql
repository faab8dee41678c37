-- Who of a firm of several people attends a meeting (issue 16; definitions §8.6): a JSON array
-- of investor ids, the meeting's own investor among them; NULL for a firm of one person. Each
-- attendee sees the meeting and may answer it for the investor's side.
ALTER TABLE meetings ADD COLUMN attendees TEXT;
