//! The register of requests an auditor asks for: one entry per case received
//! in a window, streamed from one snapshot.

use super::Service;
use crate::domain::{Case, Window};
use crate::store::{StoreError, StoredMessage};

/// One case of the register.
#[derive(Debug, Clone)]
pub struct RegisterEntry {
    pub case: Case,
    /// Why it was late: the reason given when it was closed, else its latest
    /// extension's; `None` when on time, open, not given or purged.
    pub late_reason: Option<String>,
    /// The case's messages, oldest first; only when asked for.
    pub messages: Option<Vec<StoredMessage>>,
}

impl Service {
    /// Calls `f` with every case received in `window`, oldest receipt first;
    /// with `messages`, each entry carries its case's mail. Returns the count.
    pub fn register<E: From<StoreError> + crate::store::HoldsStoreError>(
        &mut self,
        window: Window,
        messages: bool,
        mut f: impl FnMut(&RegisterEntry) -> Result<(), E>,
    ) -> Result<u64, E> {
        self.store.read(|tx| {
            tx.for_each_register_row(&window, |key, case, late_reason| {
                let messages = if messages { Some(tx.messages_of(key)?) } else { None };
                f(&RegisterEntry { case, late_reason, messages })
            })
        })
    }
}
