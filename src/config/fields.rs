//! Value checks for single keys, run while deserializing so that an error
//! carries the key's path and line.
//!
//! Each visitor's `expecting` text states what is allowed, because serde puts
//! it into wrong-type errors ("invalid type: string \"25\", expected …").

use crate::domain::identity::Method;
use crate::domain::{ClockStart, Commitment, DayUnit, DomainError, EmailAddress, Language, Regime};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::str::FromStr;

/// Commitment days are bounded so that a typo (150 for 15) cannot hide for a year.
const MAX_COMMITMENT_DAYS: i64 = 366;

/// A closed vocabulary id; wrong types and unknown ids both list the allowed ids.
pub(super) fn one_of<'de, D, T>(d: D, allowed: String) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = DomainError>,
{
    struct Id<T>(String, PhantomData<T>);
    impl<T: FromStr<Err = DomainError>> Visitor<'_> for Id<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "one of: {}", self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            v.parse().map_err(E::custom)
        }
    }
    d.deserialize_str(Id(allowed, PhantomData))
}

pub(super) fn regime<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Regime>, D::Error> {
    one_of(d, Regime::allowed()).map(Some)
}

pub(super) fn language<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Language>, D::Error> {
    one_of(d, Language::allowed()).map(Some)
}

/// A string checked by `check`; `expected` describes valid input for wrong-type errors.
fn checked_str<'de, D, T>(d: D, expected: &'static str, check: fn(&str) -> Result<T, String>) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Checked<T>(&'static str, fn(&str) -> Result<T, String>);
    impl<T> Visitor<'_> for Checked<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(self.0)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            (self.1)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Checked(expected, check))
}

pub(super) fn name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    checked_str(d, "non-empty text", |v| match v.trim() {
        "" => Err("cannot be empty; expected non-empty text such as \"Example Ltd\"".to_owned()),
        t => Ok(t.to_owned()),
    })
}

/// Optional free text: blank is refused, because leaving a key out is how to unset it.
pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    checked_str(d, "non-empty text", |v| match v.trim() {
        "" => Err("cannot be empty; expected non-empty text, or leave the key out (comment it)".to_owned()),
        t => Ok(Some(t.to_owned())),
    })
}

pub(super) fn path<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PathBuf>, D::Error> {
    text(d).map(|t| t.map(PathBuf::from))
}

pub(super) fn email<'de, D: Deserializer<'de>>(d: D) -> Result<Option<EmailAddress>, D::Error> {
    checked_str(d, "an email address such as \"privacy@example.com\"", |v| {
        EmailAddress::parse(v)
            .map(Some)
            .map_err(|e| format!("{e}; expected an email address such as \"privacy@example.com\""))
    })
}

const TZ_EXAMPLES: &str = "an IANA time zone name such as \"UTC\", \"Asia/Shanghai\", \"Europe/Berlin\"";

pub(super) fn timezone<'de, D: Deserializer<'de>>(d: D) -> Result<chrono_tz::Tz, D::Error> {
    checked_str(d, TZ_EXAMPLES, |v| {
        v.trim().parse::<chrono_tz::Tz>().map_err(|_| {
            // The usual mistake is the case ("asia/shanghai"); name the right spelling.
            let hint = chrono_tz::TZ_VARIANTS
                .iter()
                .find(|tz| tz.name().eq_ignore_ascii_case(v.trim()))
                .map(|tz| format!(" (did you mean \"{}\"?)", tz.name()))
                .unwrap_or_default();
            format!("unknown time zone '{v}'{hint}; expected {TZ_EXAMPLES}")
        })
    })
}

pub(super) fn serialize_tz<S: Serializer>(tz: &chrono_tz::Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

/// An integer in `min..=max`; `what` names it in messages ("a port number").
fn ranged<'de, D: Deserializer<'de>>(d: D, what: &'static str, min: i64, max: i64) -> Result<i64, D::Error> {
    struct Ranged(&'static str, i64, i64);
    impl Visitor<'_> for Ranged {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "{} from {} to {}", self.0, self.1, self.2)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            if (self.1..=self.2).contains(&v) {
                Ok(v)
            } else {
                Err(E::custom(format_args!("{v} is out of range; expected {} from {} to {}", self.0, self.1, self.2)))
            }
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
        }
    }
    d.deserialize_i64(Ranged(what, min, max))
}

pub(super) fn port<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    let v = ranged(d, "a port number", 1, i64::from(u16::MAX))?;
    u16::try_from(v).map(Some).map_err(de::Error::custom)
}

fn days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = ranged(d, "a number of days", 1, MAX_COMMITMENT_DAYS)?;
    u32::try_from(v).map_err(de::Error::custom)
}

/// A count checked against its range, for the `[identity]`, `[requests]` and `[retention]` keys.
macro_rules! count_field {
    ($($name:ident: $what:literal, $min:literal..=$max:literal;)+) => {$(
        pub(super) fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
            u32::try_from(ranged(d, $what, $min, $max)?).map_err(de::Error::custom)
        }
    )+};
}

count_field! {
    code_valid_days: "a number of days", 1..=90;
    code_attempts: "a number of attempts", 1..=20;
    minor_age: "an age in years", 1..=21;
    wait_days: "a number of days", 1..=366;
    repeat_limit: "a number of requests", 1..=100;
    retention_months: "a number of months", 0..=1200;
}

/// A non-empty list of verification methods without repeats.
pub(super) fn methods<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Method>, D::Error> {
    let methods: Vec<Method> = Deserialize::deserialize(d)?;
    if methods.is_empty() {
        return Err(de::Error::custom(format!("at least one method is needed; one or more of: {}", Method::allowed())));
    }
    if let Some(m) = methods.iter().enumerate().find_map(|(i, m)| methods[..i].contains(m).then_some(m)) {
        return Err(de::Error::custom(format!("'{m}' is listed twice")));
    }
    Ok(methods)
}

fn day_unit<'de, D: Deserializer<'de>>(d: D) -> Result<DayUnit, D::Error> {
    one_of(d, DayUnit::allowed())
}

fn clock_start<'de, D: Deserializer<'de>>(d: D) -> Result<ClockStart, D::Error> {
    one_of(d, ClockStart::allowed())
}

fn commitment_regime<'de, D: Deserializer<'de>>(d: D) -> Result<Regime, D::Error> {
    one_of(d, Regime::allowed())
}

/// The file's form of a [`Commitment`]: the domain type has no range check on
/// `days`, and checking here keeps the line number of the bad value.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitmentEntry {
    #[serde(deserialize_with = "commitment_regime")]
    regime: Regime,
    #[serde(deserialize_with = "days")]
    days: u32,
    #[serde(deserialize_with = "day_unit")]
    unit: DayUnit,
    #[serde(deserialize_with = "clock_start")]
    start: ClockStart,
}

pub(super) fn commitments<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Commitment>, D::Error> {
    let entries = Vec::<CommitmentEntry>::deserialize(d)?;
    Ok(entries
        .into_iter()
        .map(|e| Commitment { regime: e.regime, days: e.days, unit: e.unit, start: e.start })
        .collect())
}
