//! Checking the audit chain.

use super::{Result, Service};
use crate::domain::audit::{ChainSummary, Tamper};

impl Service {
    /// `Ok(Err(_))` names the first event that does not verify.
    pub fn verify_audit(&mut self) -> Result<Result<ChainSummary, Tamper>> {
        self.store.read(|tx| Ok(tx.verify_chain()?))
    }
}
