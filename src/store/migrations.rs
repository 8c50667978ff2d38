//! Forward-only schema migrations. Never edit a shipped migration: add one.

use rusqlite_migration::{M, Migrations};

const STEPS: &[M<'static>] = &[
    M::up(include_str!("sql/0001_cases_and_audit.sql")),
    M::up(include_str!("sql/0002_deadlines.sql")),
    M::up(include_str!("sql/0003_search.sql")),
    M::up(include_str!("sql/0004_messages.sql")),
    M::up(include_str!("sql/0005_outbox.sql")),
    M::up(include_str!("sql/0006_identity.sql")),
    M::up(include_str!("sql/0007_register.sql")),
    M::up(include_str!("sql/0008_retention.sql")),
    M::up(include_str!("sql/0009_scale.sql")),
];

/// The schema version this build writes (SQLite `user_version`).
pub const LATEST: i64 = STEPS.len() as i64;

/// `application_id` stamped by the first migration.
pub const APPLICATION_ID: i64 = 0x6473_6172;

pub fn all() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::all().validate().unwrap();
    }
}
