-- Retention: the day a purge erased a case's personal data. The row stays, as
-- the anonymised statistics of the request (dates, rights, regime, outcome).
ALTER TABLE cases ADD COLUMN purged_on TEXT;
