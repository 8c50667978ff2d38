//! The ways a requester (or the person acting for them) can be verified.

use crate::domain::Relationship;

vocabulary! {
    /// How a verification was made. Organisations choose which they offer
    /// (`[identity] methods`).
    Method, "verification method" {
        ReplyCode => "reply-code",
        AccountMatch => "account-match",
        IdDocument => "id-document",
        Call => "call",
        AgentAuthorisation => "agent-authorisation",
        GuardianProof => "guardian-proof",
    }
}

vocabulary! {
    /// What a verification found.
    VerifyResult, "verification result" {
        Verified => "verified",
        Failed => "failed",
        Insufficient => "insufficient",
    }
}

vocabulary! {
    /// The kind of identity document an agent saw (only its last 4 characters are kept).
    DocumentKind, "document kind" {
        ResidentId => "resident-id",
        Passport => "passport",
        TravelPermit => "travel-permit",
        DrivingLicence => "driving-licence",
        Other => "other",
    }
}

/// What a verification proves: who the person is, or that someone may act for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    Identity,
    Authority,
}

impl Method {
    pub const fn proves(self) -> Aspect {
        match self {
            Method::AgentAuthorisation | Method::GuardianProof => Aspect::Authority,
            _ => Aspect::Identity,
        }
    }

    /// The authority method a relationship needs, if any.
    pub const fn for_authority(relationship: Relationship) -> Option<Method> {
        match relationship {
            Relationship::OwnBehalf => None,
            Relationship::Guardian => Some(Method::GuardianProof),
            Relationship::AuthorisedAgent => Some(Method::AgentAuthorisation),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn authority_methods_match_their_relationships() {
        assert_eq!(Method::for_authority(Relationship::OwnBehalf), None);
        assert_eq!(Method::for_authority(Relationship::Guardian).map(Method::proves), Some(Aspect::Authority));
        assert_eq!(Method::for_authority(Relationship::AuthorisedAgent), Some(Method::AgentAuthorisation));
        assert_eq!("ID-Document".parse::<Method>().unwrap(), Method::IdDocument);
        assert!("email-code".parse::<Method>().unwrap_err().to_string().contains("reply-code"));
    }
}
