-- A (client id, sequence number) is remembered per event and per investor, so a device id
-- chosen by one investor can never replay, or block, another investor's mutations.
CREATE TABLE applied_mutations_scoped (
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    investor_id  TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    result       TEXT NOT NULL,                -- JSON of the outcome returned to the client, replayed as is
    PRIMARY KEY (event_id, investor_id, client_id, seq)
);

-- Rows from before this migration name no investor; the score rows they wrote do.
INSERT INTO applied_mutations_scoped (event_id, investor_id, client_id, seq, result)
SELECT applied.event_id,
       COALESCE((SELECT scores.investor_id FROM scores
                 WHERE scores.event_id = applied.event_id AND scores.client_id = applied.client_id
                 LIMIT 1), ''),
       applied.client_id, applied.seq, applied.result
FROM applied_mutations AS applied;

DROP TABLE applied_mutations;
ALTER TABLE applied_mutations_scoped RENAME TO applied_mutations;
