-- The uplink to a central platform (DESIGN.md §10).
--
-- The database's epoch: a random id made once, when this migration runs on a database. A backup
-- copied back keeps it (its seqs regress, which the centre detects by content); a database made
-- afresh under the same hall code, or rebuilt from the event log, gets a new one. It is not a
-- setting: no event carries it, so a rebuild never copies it.
CREATE TABLE hall_epoch (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  epoch      TEXT NOT NULL,
  created_at TEXT NOT NULL
);
INSERT INTO hall_epoch (id, epoch, created_at) VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

-- The uplink sends every event in seq order, the hall's whole history included. Events committed
-- before the outbox existed (migration 5) have no outbox row; give them one so the outbox holds
-- every seq without a gap.
INSERT INTO outbox (seq, key, type)
  SELECT e.seq, COALESCE(json_extract(e.body, '$.hall'), '') || ':' || e.seq, e.type
  FROM events e
  WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.seq = e.seq);
