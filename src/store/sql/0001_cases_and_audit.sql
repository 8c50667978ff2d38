-- Cases, their append-only audit trail, and the chain head.
PRAGMA application_id = 1685283186; -- 'dsar' in ASCII: marks the file as ours

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL,
    seq             INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    rights          TEXT    NOT NULL,   -- comma-separated right ids, canonical order
    regime          TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    received_at     TEXT    NOT NULL,   -- RFC 3339 with the offset it was given in
    received_date   TEXT    NOT NULL,   -- local date in the organisation's zone
    requester_name  TEXT,
    requester_email TEXT    NOT NULL,
    requester_phone TEXT,
    account_ref     TEXT,
    relationship    TEXT    NOT NULL,
    language        TEXT    NOT NULL,
    assignee        TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (year, seq)
);
CREATE INDEX cases_by_status ON cases (status, received_date);
CREATE INDEX cases_by_email ON cases (requester_email);

-- Public fields enter the hash chain as they are; personal content enters
-- only as a salted digest so that a purge can erase it (see domain::audit).
CREATE TABLE events (
    seq            INTEGER PRIMARY KEY,
    case_id        INTEGER REFERENCES cases (id),
    at             TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    details        TEXT    NOT NULL,
    content        TEXT,
    salt           BLOB,
    content_digest BLOB,
    hash           BLOB    NOT NULL
);
CREATE INDEX events_by_case ON events (case_id, seq);

-- The last event's seq and hash: detects rows cut off the end of the chain.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash BLOB    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- The tool itself never rewrites history; only erasing personal content is allowed.
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER events_no_rewrite BEFORE UPDATE OF seq, case_id, at, actor, kind, details, content_digest, hash ON events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER events_erase_only BEFORE UPDATE OF content, salt ON events
WHEN NEW.content IS NOT NULL OR NEW.salt IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'audit content can only be erased'); END;
