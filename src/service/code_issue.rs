//! A one-time code is made only as the reply carrying it leaves (each SMTP
//! attempt, each .eml export): drawn from the system CSPRNG, kept as a salted
//! digest, and put in the outgoing bytes in place of the placeholder. The
//! stored message never holds it.

use super::cases::Recorded;
use super::reply::append;
use super::{Result, Service, ServiceError};
use crate::domain::audit::EventKind;
use crate::domain::identity::{OneTimeCode, code_digest};
use crate::mail::{fill_code_slot, has_code_slot};
use crate::store::{CaseKey, NewCode, OutboxEntry, Tx};
use chrono::{DateTime, Days, NaiveDate};
use serde_json::json;

/// What issuing a code needs from the service, taken before the transaction.
pub(super) struct Issuer {
    at: String,
    actor: String,
    zone: chrono_tz::Tz,
    valid_days: u32,
}

impl Service {
    /// An issuer stamping its codes `at`.
    pub(super) fn issuer(&self, at: &str) -> Issuer {
        Issuer {
            at: at.to_owned(),
            actor: self.actor.clone(),
            zone: self.config.organisation.timezone,
            valid_days: self.config.identity.code_valid_days,
        }
    }
}

impl Issuer {
    /// The bytes that leave for `entry`: when its body has the placeholder, a
    /// new code in its place (and its row and `code.issued` written in `tx`);
    /// otherwise `raw` as stored.
    pub(super) fn leaving(&self, tx: &Tx<'_>, entry: &OutboxEntry, raw: Vec<u8>) -> Result<Vec<u8>> {
        if !has_code_slot(&raw) {
            return Ok(raw);
        }
        let code = draw()?;
        let filled = fill_code_slot(&raw, &code.display()).ok_or(ServiceError::Usage("the code has no place"))?;
        let sent_to = entry.recipients.first().ok_or_else(|| ServiceError::Outbox {
            id: entry.id,
            problem: "has no recipient for its one-time code".into(),
        })?;
        let expires_on = expiry(&entry.queued_at, self.zone, self.valid_days).ok_or_else(|| ServiceError::Outbox {
            id: entry.id,
            problem: format!("has an unreadable queued time '{}'", entry.queued_at),
        })?;
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| ServiceError::Randomness(e.to_string()))?;
        let digest = code_digest(&salt, code.as_str());
        let key = CaseKey { row: entry.case_row, id: entry.case_id };
        // Earlier mails' codes stop working; earlier tries of this one may have arrived, so theirs stay.
        tx.supersede_codes(key, Some(entry.id))?;
        tx.insert_code(&NewCode {
            case: key,
            outbox: entry.id,
            sent_to,
            salt: &salt,
            digest: &digest,
            issued_at: &self.at,
            expires_on,
        })?;
        let details = json!({ "outbox": entry.id, "expires_on": expires_on });
        let content = Some(json!({ "to": sent_to }));
        append(tx, key, &self.at, &self.actor, Recorded { kind: EventKind::CodeIssued, details, content })?;
        Ok(filled)
    }
}

/// The last day a code is accepted: as the mail states it, counted from the
/// local day the reply was queued.
pub(super) fn expiry(queued_at: &str, zone: chrono_tz::Tz, valid_days: u32) -> Option<NaiveDate> {
    let queued = DateTime::parse_from_rfc3339(queued_at).ok()?.with_timezone(&zone).date_naive();
    queued.checked_add_days(Days::new(u64::from(valid_days)))
}

/// A code from the system's CSPRNG; draws again until it mixes letters and digits.
fn draw() -> Result<OneTimeCode> {
    loop {
        let mut bytes = [0u8; 5];
        getrandom::fill(&mut bytes).map_err(|e| ServiceError::Randomness(e.to_string()))?;
        if let Some(code) = OneTimeCode::from_random(bytes) {
            return Ok(code);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_code_expires_a_set_number_of_local_days_after_its_mail_was_queued() {
        let shanghai = chrono_tz::Asia::Shanghai;
        // 20:00 UTC is already the next day in Shanghai.
        assert_eq!(expiry("2026-11-20T20:00:00.000Z", shanghai, 7), NaiveDate::from_ymd_opt(2026, 11, 28));
        assert_eq!(expiry("2026-11-20T20:00:00.000Z", chrono_tz::UTC, 7), NaiveDate::from_ymd_opt(2026, 11, 27));
        assert_eq!(expiry("yesterday", shanghai, 7), None);
    }

    #[test]
    fn drawn_codes_differ() {
        assert_ne!(draw().unwrap().as_str(), draw().unwrap().as_str());
    }
}
