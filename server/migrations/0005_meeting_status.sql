-- A meeting's status (issue 14; definitions §7.1, §11): proposed, confirmed, declined, held,
-- no_show or cancelled, by the snapshot's names. NULL: none given, read as proposed — and written
-- back as absent, so a snapshot without statuses exports exactly as it was imported.
ALTER TABLE meetings ADD COLUMN status TEXT
    CHECK (status IN ('proposed', 'confirmed', 'declined', 'held', 'no_show', 'cancelled'));
