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
        ClockRecorded => "clock.recorded",
        MessageReceived => "message.received",
        DemoGenerated => "demo.generated",
        ReplyQueued => "reply.queued",
        ReplySent => "reply.sent",
        ReplyFailed => "reply.failed",
        ReplyCancelled => "reply.cancelled",
        ReplyExported => "reply.exported",
        VerificationRecorded => "verification.recorded",
        CodeIssued => "code.issued",
        CodeChecked => "code.checked",
        PartyChanged => "party.changed",
        CasePurged => "case.purged",
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

/// One stored event as the verifier sees it.
#[derive(Debug, Clone, Copy)]
pub struct Stored<'a> {
    pub chained: Chained<'a>,
    pub content: Option<&'a str>,
    pub salt: Option<&'a [u8]>,
    pub hash: &'a [u8],
}

/// The first inconsistency found in the chain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Tamper {
    #[error("event #{found} follows #{previous}: event(s) in between were deleted or renumbered")]
    Gap { previous: i64, found: i64 },
    #[error("event #{seq} ({label}): its personal content does not match its digest; the content was edited")]
    ContentEdited { seq: i64, label: String },
    #[error("event #{seq} ({label}): its hash does not match; the row was edited, or inserted or removed before it")]
    HashMismatch { seq: i64, label: String },
    #[error("the chain ends at event #{last} but the recorded head is #{head}: events were {what}")]
    HeadMismatch { last: i64, head: i64, what: &'static str },
    #[error("the last event #{seq} does not match the recorded head hash: the end of the chain was rewritten")]
    HeadHash { seq: i64 },
}

/// Walks the events in order and stops at the first inconsistency.
#[derive(Debug)]
pub struct ChainCheck {
    prev: Hash,
    last_seq: i64,
    checked: u64,
    erased: u64,
}

impl Default for ChainCheck {
    fn default() -> Self {
        ChainCheck { prev: GENESIS, last_seq: 0, checked: 0, erased: 0 }
    }
}

/// What a successful verification saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSummary {
    pub events: u64,
    /// Events whose personal content was erased (purged); they still verify.
    pub erased: u64,
    pub head_seq: i64,
    pub head_hash: Hash,
}

impl ChainCheck {
    pub fn check(&mut self, e: &Stored<'_>) -> Result<(), Tamper> {
        let c = &e.chained;
        let label = || format!("{} on {} at {} by {}", c.kind, c.case.unwrap_or("no case"), c.at, c.actor);
        if c.seq != self.last_seq + 1 {
            return Err(Tamper::Gap { previous: self.last_seq, found: c.seq });
        }
        match (e.content, e.salt, c.content_digest) {
            (Some(text), Some(salt), Some(d)) if content_digest(salt, text) == *d => {}
            (None, None, Some(_)) => self.erased += 1,
            (None, None, None) => {}
            _ => return Err(Tamper::ContentEdited { seq: c.seq, label: label() }),
        }
        let hash = chain_hash(&self.prev, c);
        if e.hash != hash {
            return Err(Tamper::HashMismatch { seq: c.seq, label: label() });
        }
        self.prev = hash;
        self.last_seq = c.seq;
        self.checked += 1;
        Ok(())
    }

    pub fn finish(self, head_seq: i64, head_hash: &[u8]) -> Result<ChainSummary, Tamper> {
        if head_seq != self.last_seq {
            let what =
                if head_seq > self.last_seq { "removed from the end" } else { "appended behind the tool's back" };
            return Err(Tamper::HeadMismatch { last: self.last_seq, head: head_seq, what });
        }
        if head_hash != self.prev {
            return Err(Tamper::HeadHash { seq: self.last_seq });
        }
        Ok(ChainSummary { events: self.checked, erased: self.erased, head_seq, head_hash: self.prev })
    }
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

    struct Row {
        seq: i64,
        details: String,
        content: Option<String>,
        salt: Option<Vec<u8>>,
        digest: Option<Hash>,
        hash: Hash,
    }

    fn chain(n: i64) -> Vec<Row> {
        let mut prev = GENESIS;
        (1..=n)
            .map(|seq| {
                let content = (seq % 2 == 0).then(|| format!("note {seq}"));
                let salt = content.as_ref().map(|_| vec![seq as u8; 16]);
                let digest = content.as_ref().zip(salt.as_ref()).map(|(c, s)| content_digest(s, c));
                let details = format!("{{\"n\":{seq}}}");
                let hash = chain_hash(&prev, &chained(seq, &details, digest.as_ref()));
                prev = hash;
                Row { seq, details, content, salt, digest, hash }
            })
            .collect()
    }

    fn chained<'a>(seq: i64, details: &'a str, digest: Option<&'a Hash>) -> Chained<'a> {
        Chained { seq, case: None, at: "t", actor: "a", kind: "k", details, content_digest: digest }
    }

    fn verify(rows: &[Row], head_seq: i64, head: &Hash) -> Result<ChainSummary, Tamper> {
        let mut check = ChainCheck::default();
        for r in rows {
            check.check(&Stored {
                chained: chained(r.seq, &r.details, r.digest.as_ref()),
                content: r.content.as_deref(),
                salt: r.salt.as_deref(),
                hash: &r.hash,
            })?;
        }
        check.finish(head_seq, head)
    }

    #[test]
    fn intact_and_erased_chains_verify() {
        let mut rows = chain(6);
        let head = rows[5].hash;
        assert_eq!(verify(&rows, 6, &head).map(|s| s.events), Ok(6));
        rows[1].content = None;
        rows[1].salt = None;
        assert_eq!(verify(&rows, 6, &head).map(|s| s.erased), Ok(1));
    }

    #[test]
    fn each_kind_of_tampering_is_named() {
        let rows = chain(6);
        let head = rows[5].hash;

        let mut edited = chain(6);
        edited[3].content = Some("forged".into());
        assert!(matches!(verify(&edited, 6, &head), Err(Tamper::ContentEdited { seq: 4, .. })));

        let mut edited = chain(6);
        edited[2].details = "{}".into();
        assert!(matches!(verify(&edited, 6, &head), Err(Tamper::HashMismatch { seq: 3, .. })));

        let mut deleted = chain(6);
        deleted.remove(2);
        assert_eq!(verify(&deleted, 6, &head), Err(Tamper::Gap { previous: 2, found: 4 }));

        let truncated = &rows[..5];
        assert!(matches!(verify(truncated, 6, &head), Err(Tamper::HeadMismatch { last: 5, head: 6, .. })));

        // Appending a well-formed event without moving the head is caught too.
        assert!(matches!(verify(&chain(7), 6, &head), Err(Tamper::HeadMismatch { last: 7, head: 6, .. })));
    }

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
