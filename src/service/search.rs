//! The full-text index behind `list --search`: built once for databases
//! made before it existed; kept current by each use case that changes the text.

use super::{Result, Service, ServiceError};

impl Service {
    /// Indexes every case if the index is missing or was built by another
    /// format (an upgraded database); returns how many cases were indexed,
    /// 0 when it was already current. `progress` hears every 10,000 cases.
    pub fn ensure_search_index(&mut self, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        if self.store.read(|tx| Ok::<_, ServiceError>(tx.search_index_current()?))? {
            return Ok(0);
        }
        self.store.write(|tx| {
            // Another process may have built it while this one waited for the lock.
            if tx.search_index_current()? {
                return Ok(0);
            }
            Ok(tx.reindex_all(progress)?)
        })
    }
}
