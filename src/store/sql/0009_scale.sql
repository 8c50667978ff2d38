-- A million cases.
--
-- Requesters are looked up by email without regard to case, through
-- cases_by_email_nocase (0004); the exact-case index beside it only cost
-- space and a random insert per case.
DROP INDEX cases_by_email;

-- The search index gathers new terms in memory until a transaction ends or
-- this many bytes (default 1 MB) fill up: a bulk write (demo, rebuild) makes
-- few large segments instead of many small ones to merge. An ordinary change
-- adds a few hundred bytes.
INSERT INTO case_search (case_search, rank) VALUES ('hashsize', 33554432);
