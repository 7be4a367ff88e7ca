-- 好差评 to GB/T 39046 / 39734 (contract/evaluation.ts): one evaluation record per visit, and the
-- 差评 cycle 分派 → 回访 → 整改 → 反馈 + 追评 → 办结 with an encrypted call-back number.

-- The evaluation record: the first grade stays in `level` (what the figures count), the 追评 in
-- followup_level; `record` is the whole record as last emitted in `evaluation.recorded`.
ALTER TABLE evaluations ADD COLUMN times INTEGER NOT NULL DEFAULT 1;
ALTER TABLE evaluations ADD COLUMN reasons TEXT;            -- JSON array of reason labels
ALTER TABLE evaluations ADD COLUMN text TEXT;               -- 文字评价
ALTER TABLE evaluations ADD COLUMN followup_level TEXT;     -- the one 追评
ALTER TABLE evaluations ADD COLUMN followup_at TEXT;
ALTER TABLE evaluations ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE evaluations ADD COLUMN record TEXT;             -- JSON EvaluationRecord
CREATE INDEX evaluations_at ON evaluations(at);

-- Items carry the provincial catalogue's 实施编码 inside their JSON config (no column needed).

-- Cases gain the later steps; the state CHECK changes, so the table is rebuilt. Its history, which
-- references it, is set aside first (a parent with children cannot be dropped with foreign keys on).
CREATE TABLE case_history_copy AS SELECT * FROM case_history;
DROP TABLE case_history;

CREATE TABLE cases_new (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id        TEXT NOT NULL REFERENCES tickets(id),
  window           INTEGER,
  staff_badge      TEXT,
  level            TEXT NOT NULL,
  reason           TEXT,
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','contacted','rectified','fed_back','resolved')),
  assignee         TEXT,
  due_at           TEXT NOT NULL,      -- 回访 deadline
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  contacted_at     TEXT,
  resolved_at      TEXT,
  item_name        TEXT,
  rectify_due_at   TEXT,               -- 整改 deadline
  rectified_at     TEXT,
  rectification    TEXT,               -- what was changed
  fed_back_at      TEXT,
  feedback         TEXT,
  rerate_level     TEXT,               -- the citizen's 追评
  rerated_at       TEXT,
  contact_masked   TEXT,               -- 138****0000, for supervisors
  contact_enc      TEXT,               -- AES-GCM ciphertext of the call-back number; never in an event
  contact_erased_at TEXT
);
INSERT INTO cases_new (id, ticket_id, window, staff_badge, level, reason, state, assignee, due_at, created_at, updated_at, contacted_at, resolved_at)
  SELECT id, ticket_id, window, staff_badge, level, reason, state, assignee, due_at, created_at, updated_at, contacted_at, resolved_at FROM cases;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
CREATE INDEX cases_state ON cases(state, due_at);
CREATE INDEX cases_ticket ON cases(ticket_id);

CREATE TABLE case_history (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id    INTEGER NOT NULL REFERENCES cases(id),
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('created','assigned','contacted','rectified','fed_back','rerated','resolved','note','contact_erased')),
  from_state TEXT,
  to_state   TEXT,
  assignee   TEXT,
  note       TEXT,
  actor_name TEXT                      -- the staff member's name when the actor is staff
);
INSERT INTO case_history (id, case_id, at, actor, action, from_state, to_state, assignee, note)
  SELECT id, case_id, at, actor, action, from_state, to_state, assignee, note FROM case_history_copy;
DROP TABLE case_history_copy;
CREATE INDEX case_history_case ON case_history(case_id, id);
