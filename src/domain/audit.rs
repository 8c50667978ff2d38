//! The audit chain, computed purely.
//!
//! Each event has public fields (ids, field names, statuses) that enter the
//! chain as they are, and optional personal content (note text, requester
//! details, reasons) that enters only as a salted digest. A retention purge
//! erases the content and its salt; the digest stays, so the chain still
//! verifies while the erased data can no longer be confirmed by guessing.

use sha2::{Digest, Sha256};

pub type Hash = [u8; 32];

/// The hash before the first event.
pub const GENESIS: Hash = [0; 32];

vocabulary! {
    /// What an audit event records.
    EventKind, "event kind" {
        CaseCreated => "case.created",
        NoteAdded => "note.added",
        Assigned => "case.assigned",
        StatusChanged => "status.changed",
        DemoGenerated => "demo.generated",
    }
}

/// The fields of one event that the chain covers.
#[derive(Debug, Clone, Copy)]
pub struct Chained<'a> {
    pub seq: i64,
    pub case: Option<&'a str>,
    pub at: &'a str,
    pub actor: &'a str,
    pub kind: &'a str,
    pub details: &'a str,
    pub content_digest: Option<&'a Hash>,
}

/// The digest under which personal content is chained.
pub fn content_digest(salt: &[u8], content: &str) -> Hash {
    let mut h = Sha256::new();
    h.update(b"dsar.content.v1\0");
    field(&mut h, salt);
    field(&mut h, content.as_bytes());
    h.finalize().into()
}

/// The hash of an event, linking it to the previous one.
pub fn chain_hash(prev: &Hash, e: &Chained<'_>) -> Hash {
    let mut h = Sha256::new();
    h.update(b"dsar.event.v1\0");
    h.update(prev);
    h.update(e.seq.to_be_bytes());
    field(&mut h, e.case.unwrap_or("").as_bytes());
    field(&mut h, e.at.as_bytes());
    field(&mut h, e.actor.as_bytes());
    field(&mut h, e.kind.as_bytes());
    field(&mut h, e.details.as_bytes());
    field(&mut h, e.content_digest.map_or(&[][..], |d| &d[..]));
    h.finalize().into()
}

/// Length-prefixing keeps ("ab","c") and ("a","bc") apart.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_be_bytes());
    h.update(bytes);
}

/// Lower-case hex, for messages and JSON.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event<'a>(details: &'a str, digest: Option<&'a Hash>) -> Chained<'a> {
        Chained {
            seq: 1,
            case: Some("R-2026-0001"),
            at: "2026-01-01T00:00:00Z",
            actor: "ann",
            kind: "note.added",
            details,
            content_digest: digest,
        }
    }

    #[test]
    fn every_field_changes_the_hash() {
        let d = content_digest(b"salt", "text");
        let base = chain_hash(&GENESIS, &event("{}", Some(&d)));
        assert_ne!(base, chain_hash(&GENESIS, &event("{ }", Some(&d))));
        assert_ne!(base, chain_hash(&GENESIS, &event("{}", None)));
        assert_ne!(base, chain_hash(&[1; 32], &event("{}", Some(&d))));
        let mut other = event("{}", Some(&d));
        other.actor = "bob";
        assert_ne!(base, chain_hash(&GENESIS, &other));
    }

    #[test]
    fn content_digest_depends_on_salt_and_text() {
        assert_ne!(content_digest(b"a", "x"), content_digest(b"b", "x"));
        assert_ne!(content_digest(b"a", "x"), content_digest(b"a", "y"));
        assert_ne!(content_digest(b"ab", "c"), content_digest(b"a", "bc"));
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
