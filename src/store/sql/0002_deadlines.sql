-- Deadlines computed by the engine, stored so that listing by due date is an
-- indexed query. They are recomputed in the transaction of every clock event,
-- and for all cases when rules, calendars or commitments change.
ALTER TABLE cases ADD COLUMN clock_start TEXT;
ALTER TABLE cases ADD COLUMN respond_by TEXT;      -- the statutory date in force
ALTER TABLE cases ADD COLUMN due_date TEXT;        -- earliest of statutory and committed: what the queue sorts by
ALTER TABLE cases ADD COLUMN acknowledge_by TEXT;
ALTER TABLE cases ADD COLUMN deadline_flags INTEGER NOT NULL DEFAULT 0; -- 1 warning, 2 paused, 4 extended

-- Must match the open-status list used by the queries (store::cases::OPEN_SQL).
CREATE INDEX cases_open_by_due ON cases (due_date, year, seq) WHERE status IN ('new', 'awaiting-identity', 'in-progress');
CREATE INDEX cases_by_due ON cases (due_date, year, seq);
-- Superseded by the due-date indexes: every listing is in due-date order.
DROP INDEX cases_by_status;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
