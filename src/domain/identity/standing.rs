//! A case's standing from its verification records: is the person proven to
//! be who they say, and (for a guardian or an agent) allowed to act?

use super::{Aspect, Method, VerifyResult};
use crate::domain::Relationship;
use serde::Serialize;

/// One recorded verification, as the audit log holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerificationRecord {
    pub method: Method,
    pub result: VerifyResult,
    /// Who recorded it.
    pub actor: String,
    /// RFC 3339.
    pub at: String,
    /// Masked: a document's kind and last 4 characters, an account reference …
    pub reference: Option<String>,
    pub note: Option<String>,
}

/// The verification that settled an aspect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proof {
    pub method: Method,
    pub actor: String,
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// The latest successful identity verification.
    pub identity: Option<Proof>,
    /// The latest successful authority verification (guardian or agent).
    pub authority: Option<Proof>,
    /// Whether the relationship needs an authority verification at all.
    pub needs_authority: Option<Method>,
    /// Identity proven, and authority too where it is needed.
    pub proven: bool,
    /// Attempts that did not verify (failed or insufficient).
    pub unsuccessful: usize,
}

impl Standing {
    /// Records are oldest first.
    pub fn of(relationship: Relationship, records: &[VerificationRecord]) -> Standing {
        let latest = |aspect: Aspect| {
            records
                .iter()
                .rev()
                .find(|r| r.result == VerifyResult::Verified && r.method.proves() == aspect)
                .map(|r| Proof { method: r.method, actor: r.actor.clone(), at: r.at.clone() })
        };
        let (identity, authority) = (latest(Aspect::Identity), latest(Aspect::Authority));
        let needs_authority = Method::for_authority(relationship);
        let proven = identity.is_some() && (needs_authority.is_none() || authority.is_some());
        let unsuccessful = records.iter().filter(|r| r.result != VerifyResult::Verified).count();
        Standing { identity, authority, needs_authority, proven, unsuccessful }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(method: Method, result: VerifyResult) -> VerificationRecord {
        VerificationRecord {
            method,
            result,
            actor: "li".into(),
            at: "2026-11-20T09:00:00Z".into(),
            reference: None,
            note: None,
        }
    }

    #[test]
    fn a_requester_on_their_own_behalf_needs_identity_only() {
        let s = Standing::of(Relationship::OwnBehalf, &[rec(Method::Call, VerifyResult::Insufficient)]);
        assert!(!s.proven);
        assert_eq!(s.unsuccessful, 1);
        let s = Standing::of(Relationship::OwnBehalf, &[rec(Method::ReplyCode, VerifyResult::Verified)]);
        assert!(s.proven);
        assert_eq!(s.identity.map(|p| p.method), Some(Method::ReplyCode));
    }

    #[test]
    fn agents_and_guardians_also_need_their_authority_proven() {
        let id = rec(Method::IdDocument, VerifyResult::Verified);
        let agent = Standing::of(Relationship::AuthorisedAgent, std::slice::from_ref(&id));
        assert!(!agent.proven);
        assert_eq!(agent.needs_authority, Some(Method::AgentAuthorisation));
        let both = [id.clone(), rec(Method::AgentAuthorisation, VerifyResult::Verified)];
        assert!(Standing::of(Relationship::AuthorisedAgent, &both).proven);
        // Authority alone proves nobody's identity.
        let only = [rec(Method::GuardianProof, VerifyResult::Verified)];
        assert!(!Standing::of(Relationship::Guardian, &only).proven);
        let failed = [id, rec(Method::GuardianProof, VerifyResult::Failed)];
        assert!(!Standing::of(Relationship::Guardian, &failed).proven);
    }
}
