//! One-time codes: eight characters from Crockford's base-32 alphabet (no I,
//! L, O or U, so nothing is misread), shown as `K7QM-4TZP`. Only a salted,
//! stretched digest is ever stored; the code itself exists in the sent mail.

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a code, without the hyphen.
pub const CODE_LEN: usize = 8;
/// Stands in for the code in a queued reply and in every stored copy of it;
/// the code is generated and put in its place only as the reply leaves.
pub const CODE_SLOT: &str = "••••-••••";
/// PBKDF2 rounds: a stolen database file cannot be brute-forced for live
/// codes within their lifetime (40 bits × 50,000 rounds).
const ROUNDS: u32 = 50_000;

vocabulary! {
    /// Where a generated code stands. Expiry is not a state: it is read from
    /// the date, so a code simply stops working.
    CodeState, "code state" {
        Active => "active",
        Used => "used",
        Superseded => "superseded",
        Exhausted => "exhausted",
    }
}

/// A freshly generated code.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeCode(String);

impl OneTimeCode {
    /// The code made of 40 random bits; `None` (draw again) unless it mixes
    /// letters and digits, which is how codes are told from words and numbers
    /// in a reply.
    pub fn from_random(bytes: [u8; 5]) -> Option<Self> {
        let bits = bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars: String =
            (0..CODE_LEN).rev().map(|i| char::from(ALPHABET[((bits >> (i * 5)) & 31) as usize])).collect();
        mixed(&chars).then_some(OneTimeCode(chars))
    }

    /// The normalised form (no hyphen) that digests are taken of.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As the requester sees it: `K7QM-4TZP`.
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..4], &self.0[4..])
    }
}

/// Never printed by accident.
impl std::fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OneTimeCode(…)")
    }
}

/// A code as typed or written back: case, spaces and hyphens do not matter,
/// and O, I and L are read as 0, 1 and 1. `None` if it cannot be a code.
pub fn normalise_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// Every code-shaped token in a message body ("K7QM-4TZP", "k7qm 4tzp",
/// "K7QM4TZP"), normalised, without repeats, in order of appearance.
pub fn codes_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(|c: char| !c.is_ascii_alphanumeric() && c != '-').collect();
    let mut found: Vec<String> = Vec::new();
    let mut push = |candidate: &str| {
        if let Some(c) = normalise_code(candidate).filter(|c| mixed(candidate) && !found.contains(c)) {
            found.push(c);
        }
    };
    for (i, w) in words.iter().enumerate() {
        if w.len() == CODE_LEN + 1 || w.len() == CODE_LEN {
            push(w);
        }
        // Written with a space in the middle: two words of four.
        if w.len() == 4 && words.get(i + 1).is_some_and(|n| n.len() == 4) {
            push(&format!("{w}{}", words[i + 1]));
        }
    }
    found
}

/// Mere numbers and words ("20261120", "PASSWORD") are not codes: a code has both.
fn mixed(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit()) && w.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The stored digest of a normalised code.
pub fn code_digest(salt: &[u8], code: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    pbkdf2_hmac::<Sha256>(code.as_bytes(), salt, ROUNDS, &mut out);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_read_back_loosely() {
        let code = OneTimeCode::from_random([0xff, 0x00, 0x12, 0x9a, 0x7e]).unwrap();
        assert_eq!(code.as_str().len(), CODE_LEN);
        assert!(code.as_str().bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(normalise_code(&code.display()).as_deref(), Some(code.as_str()));
        assert_eq!(normalise_code(&code.display().to_lowercase()).as_deref(), Some(code.as_str()));
        assert_eq!(normalise_code("k7qm 4tzp").as_deref(), Some("K7QM4TZP"));
        assert_eq!(normalise_code("O1IL-2345").as_deref(), Some("01112345"));
        assert_eq!(normalise_code("K7QM-4TZ"), None);
        assert_eq!(normalise_code("K7QM-4TZU"), None);
        assert_eq!(format!("{code:?}"), "OneTimeCode(…)");
    }

    #[test]
    fn different_random_bits_give_different_codes_and_plain_numbers_are_redrawn() {
        let a = OneTimeCode::from_random([0, 0, 0, 0, 0x0a]).unwrap();
        let b = OneTimeCode::from_random([0, 0, 0, 0, 0x0b]).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.as_str(), "0000000A");
        // All digits or all letters would not be found in a reply: drawn again.
        assert!(OneTimeCode::from_random([0, 0, 0, 0, 1]).is_none());
    }

    #[test]
    fn codes_are_found_in_a_reply_however_they_are_written() {
        let body = "Hello,\nmy code is k7qm-4tzp, or K7QM 4TZP.\nOrder 20261120, PASSWORD.\n> Your code: ••••-••••\n";
        assert_eq!(codes_in(body), ["K7QM4TZP"]);
        assert_eq!(codes_in("验证码：9X2A7B3C。谢谢"), ["9X2A7B3C"]);
        assert!(codes_in("nothing here").is_empty());
    }

    #[test]
    fn digests_depend_on_the_salt_and_the_code() {
        let d = code_digest(b"salt-one", "K7QM4TZP");
        assert_eq!(d, code_digest(b"salt-one", "K7QM4TZP"));
        assert_ne!(d, code_digest(b"salt-two", "K7QM4TZP"));
        assert_ne!(d, code_digest(b"salt-one", "K7QM4TZQ"));
    }
}
