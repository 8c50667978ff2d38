//! Taking a database back to an older schema, to test upgrades: each step
//! undoes one migration, newest first.
#![allow(dead_code, clippy::unwrap_used)]

/// `UNDO[i]` takes schema `i + 3` back to `i + 2`.
const UNDO: &[&str] = &[
    // 3 search index
    "DROP TABLE case_search; DELETE FROM settings WHERE key = 'search_index';",
    // 4 messages
    "DROP TABLE messages; DROP INDEX cases_by_email_nocase;",
    // 5 outbox
    "DROP TABLE outbox;",
    // 6 identity
    "DROP TABLE codes; ALTER TABLE cases DROP COLUMN subject_name; ALTER TABLE cases DROP COLUMN subject_email;",
    // 7 register
    "DROP INDEX cases_by_received; ALTER TABLE cases DROP COLUMN closed_on; ALTER TABLE cases DROP COLUMN closed_due;
     ALTER TABLE cases DROP COLUMN extensions; ALTER TABLE cases DROP COLUMN pauses;
     DELETE FROM settings WHERE key = 'closing_dates';",
    // 8 retention
    "DROP INDEX cases_purge_due; ALTER TABLE cases DROP COLUMN purged_on;",
    // 9 scale
    "CREATE INDEX cases_by_email ON cases (requester_email);
     INSERT INTO case_search (case_search, rank) VALUES ('hashsize', 1048576);",
];

/// Rewinds the database from the latest schema to schema `to` (2 or later).
pub fn downgrade(conn: &rusqlite::Connection, to: i64) {
    let latest = dsar::store::SCHEMA_VERSION;
    assert_eq!(UNDO.len() as i64 + 2, latest, "a new migration needs its undo step here");
    for version in (to + 1..=latest).rev() {
        conn.execute_batch(UNDO[(version - 3) as usize]).unwrap();
    }
    conn.execute_batch(&format!("PRAGMA user_version = {to};")).unwrap();
}
