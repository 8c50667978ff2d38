//! The requester's other cases, and who the case is made for.

use super::Tx;
use super::cases::CaseKey;
use super::error::Result;
use crate::domain::{CaseId, DataSubject, EmailAddress, Relationship, RightSet, Status};
use chrono::NaiveDate;
use serde::Serialize;

/// Another case from the same address (in any letter case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiblingCase {
    pub id: CaseId,
    pub received_date: NaiveDate,
    pub status: Status,
    pub rights: RightSet,
}

/// How many of a requester's other cases are listed; the count covers all.
const SIBLINGS_SHOWN: usize = 20;

impl Tx<'_> {
    /// The other cases from `email`, newest first (at most 20), and how many
    /// of all of them were received in `since..=until`.
    pub fn cases_from(
        &self,
        email: &EmailAddress,
        except: CaseKey,
        (since, until): (NaiveDate, NaiveDate),
    ) -> Result<(Vec<SiblingCase>, usize)> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT year, seq, received_date, status, rights FROM cases
             WHERE requester_email = ?1 COLLATE NOCASE AND id != ?2 ORDER BY received_date DESC, id DESC",
        )?;
        let rows = stmt.query_map(rusqlite::params![email.as_str(), except.row], |r| {
            Ok((
                CaseId::new(r.get(0)?, r.get(1)?),
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?;
        let (mut shown, mut within) = (Vec::new(), 0);
        for row in rows {
            let (id, received, status, rights) = row?;
            let corrupt = |col: &str, e: String| super::StoreError::Corrupt(format!("case {id}, column {col}: {e}"));
            let received_date: NaiveDate =
                received.parse().map_err(|e: chrono::ParseError| corrupt("received_date", e.to_string()))?;
            if (since..=until).contains(&received_date) {
                within += 1;
            }
            if shown.len() < SIBLINGS_SHOWN {
                shown.push(SiblingCase {
                    id,
                    received_date,
                    status: status.parse().map_err(|e: crate::domain::DomainError| corrupt("status", e.to_string()))?,
                    rights: RightSet::from_ids(&rights).map_err(|e| corrupt("rights", e.to_string()))?,
                });
            }
        }
        Ok((shown, within))
    }

    /// Records who the request is made by and for.
    pub fn set_party(
        &self,
        key: CaseKey,
        relationship: Relationship,
        subject: Option<&DataSubject>,
        now: &str,
    ) -> Result<()> {
        self.update(
            key,
            "UPDATE cases SET relationship = ?1, subject_name = ?2, subject_email = ?3, updated_at = ?4
                WHERE id = ?5",
            rusqlite::params![
                relationship.as_str(),
                subject.and_then(|s| s.name.as_deref()),
                subject.and_then(|s| s.email.as_ref().map(EmailAddress::as_str)),
                now,
                key.row
            ],
        )
    }
}
