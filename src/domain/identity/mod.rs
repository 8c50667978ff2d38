//! Proving who a requester is without keeping their documents: the ways of
//! verifying, what a verification found, the case's standing from its
//! records, the refusal of full identity numbers, and one-time codes.

mod code;
mod id_number;
mod method;
mod standing;

pub use code::{CODE_LEN, CODE_SLOT, CodeState, OneTimeCode, code_digest, codes_in, normalise_code};
pub use id_number::{IdNumberKind, find_id_number, last_four};
pub use method::{Aspect, DocumentKind, Method, VerifyResult};
pub use standing::{Proof, Standing, VerificationRecord};
