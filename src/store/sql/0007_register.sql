-- What the register of requests and the reports read of how a case ended,
-- kept on its row so that reporting over a million cases is one scan.
-- Maintained by the service in the transaction of every status or clock
-- change (service::deadlines::refresh_case); derived here from the events.
ALTER TABLE cases ADD COLUMN closed_on TEXT;    -- local date it last entered a final status; NULL while open
ALTER TABLE cases ADD COLUMN closed_due TEXT;   -- the due date in force at that moment
ALTER TABLE cases ADD COLUMN extensions INTEGER NOT NULL DEFAULT 0;  -- extension-taken clock events
ALTER TABLE cases ADD COLUMN pauses INTEGER NOT NULL DEFAULT 0;      -- manual pauses (paused clock events)

UPDATE cases SET
    extensions = (SELECT count(*) FROM events e WHERE e.case_id = cases.id AND e.kind = 'clock.recorded'
                  AND json_extract(e.details, '$.event') = 'extension-taken'),
    pauses = (SELECT count(*) FROM events e WHERE e.case_id = cases.id AND e.kind = 'clock.recorded'
              AND json_extract(e.details, '$.event') = 'paused');

-- A final case's last status change is the one that closed it. Its stamp is
-- UTC and SQL does not know the organisation's zone: the date is UTC here, and
-- the service re-dates these rows in the zone once, when it sees the marker.
UPDATE cases SET
    closed_on = (SELECT date(e.at) FROM events e WHERE e.case_id = cases.id AND e.kind = 'status.changed'
                 ORDER BY e.seq DESC LIMIT 1),
    closed_due = due_date
WHERE status NOT IN ('new', 'awaiting-identity', 'in-progress');
INSERT INTO settings (key, value) VALUES ('closing_dates', 'utc')
    ON CONFLICT (key) DO UPDATE SET value = 'utc';

-- The register and the reports select a window of receipt dates.
CREATE INDEX cases_by_received ON cases (received_date, year, seq);
