-- Mail on a case: the intact raw bytes, and what was read from them.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    direction   TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    message_id  TEXT,               -- without the angle brackets
    sender      TEXT,
    subject     TEXT    NOT NULL,
    sent_at     TEXT    NOT NULL,   -- RFC 3339, from the Date header or the import time
    body        TEXT    NOT NULL,   -- plain text
    attachments TEXT    NOT NULL,   -- JSON: [{name, content_type, size}]
    raw         BLOB    NOT NULL,
    created_at  TEXT    NOT NULL
);
-- Re-importing the same message is recognised by its Message-ID.
CREATE UNIQUE INDEX messages_by_message_id ON messages (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX messages_by_case ON messages (case_id, id);
-- A requester's open cases, for threading and duplicate warnings; addresses
-- compare case-insensitively, as people type them.
CREATE INDEX cases_by_email_nocase ON cases (requester_email COLLATE NOCASE);
