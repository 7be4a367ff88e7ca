-- feed_seq becomes the inserting transaction's id × 1000 + the event's place in its batch (a batch
-- holds at most 500 events, one batch per transaction). An identity column numbers rows in insertion
-- order, which is not commit order: a reader of "after feed_seq N" could pass an event whose
-- transaction committed later with a smaller number. With the transaction id in the number, a reader
-- that returns only rows below pg_snapshot_xmin(pg_current_snapshot()) × 1000 (every transaction under
-- it has finished) never passes an event that commits later: anything still to come is numbered above.
ALTER TABLE central_events ALTER COLUMN feed_seq DROP IDENTITY IF EXISTS;
