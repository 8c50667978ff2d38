-- Retention: the day a purge erased a case's personal data. The row stays, as
-- the anonymised statistics of the request (dates, rights, regime, outcome).
ALTER TABLE cases ADD COLUMN purged_on TEXT;

-- The cases due for purging, without a scan: closed (closed_on is set by
-- migration 0007 and kept by the service) and not purged yet.
CREATE INDEX cases_purge_due ON cases (closed_on) WHERE purged_on IS NULL AND closed_on IS NOT NULL;
