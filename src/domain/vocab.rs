//! Closed vocabularies (rights, regimes, channels, …) with their stable string ids.
//!
//! The ids are part of the CLI and JSON contract: they are parsed from user
//! input and written to the database, so they never change once shipped.

/// Declares a fieldless enum whose variants map one-to-one to kebab-case ids.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $id:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What a value of this kind is called in messages.
            pub const WHAT: &'static str = $what;

            /// The stable id used in the CLI, JSON and the database.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }

            /// The accepted ids, for error messages and help text.
            pub fn allowed() -> String {
                [$($id),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::domain::DomainError::Unknown {
                        what: $what,
                        given: s.to_owned(),
                        allowed: $name::allowed(),
                    })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

vocabulary! {
    /// A right the requester exercises.
    Right, "right" {
        Access => "access",
        Copy => "copy",
        Portability => "portability",
        Rectification => "rectification",
        Erasure => "erasure",
        WithdrawConsent => "withdraw-consent",
        AccountCancellation => "account-cancellation",
        Objection => "objection",
        AutomatedDecision => "automated-decision",
        Complaint => "complaint",
    }
}

vocabulary! {
    /// The legal regime whose deadlines apply to a case.
    Regime, "regime" {
        Pipl => "pipl",
        Gdpr => "gdpr",
        UkGdpr => "uk-gdpr",
        Ccpa => "ccpa",
        Lgpd => "lgpd",
        Pipeda => "pipeda",
    }
}

vocabulary! {
    /// How the request reached the organisation.
    Channel, "channel" {
        Email => "email",
        Web => "web",
        Phone => "phone",
        Letter => "letter",
        InPerson => "in-person",
    }
}

vocabulary! {
    /// Who is asking, relative to the person the data is about.
    Relationship, "relationship" {
        OwnBehalf => "self",
        Guardian => "guardian",
        AuthorisedAgent => "authorised-agent",
    }
}

vocabulary! {
    /// A language for the UI and for replies to the requester.
    Language, "language" {
        En => "en",
        ZhCn => "zh-CN",
    }
}

impl Right {
    /// A short tag for narrow table columns.
    pub const fn tag(self) -> &'static str {
        match self {
            Right::Access => "ACC",
            Right::Copy => "CPY",
            Right::Portability => "PRT",
            Right::Rectification => "RECT",
            Right::Erasure => "ERASE",
            Right::WithdrawConsent => "WDRW",
            Right::AccountCancellation => "CANCEL",
            Right::Objection => "OBJ",
            Right::AutomatedDecision => "AUTO",
            Right::Complaint => "CMPL",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_id_round_trips_and_ids_are_case_insensitive() {
        for r in Right::ALL {
            assert_eq!(r.as_str().parse::<Right>().unwrap(), *r);
            assert_eq!(r.as_str().to_uppercase().parse::<Right>().unwrap(), *r);
        }
        assert_eq!("zh-cn".parse::<Language>().unwrap(), Language::ZhCn);
        assert_eq!(" gdpr ".parse::<Regime>().unwrap(), Regime::Gdpr);
    }

    #[test]
    fn unknown_id_names_what_was_given_and_what_is_allowed() {
        let err = "delete".parse::<Right>().unwrap_err().to_string();
        assert!(err.contains("delete"), "{err}");
        assert!(err.contains("erasure"), "{err}");
        assert!(err.contains("right"), "{err}");
    }
}
