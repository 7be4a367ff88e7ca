-- The wait estimate reads a queue's last finished tickets on every issue; without this index that was a
-- scan of the whole ticket history (all days), which grows without bound and blocks the single writer.
CREATE INDEX tickets_finished ON tickets(queue, state, finished_at);
