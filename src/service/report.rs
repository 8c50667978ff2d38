//! The desk's report: figures over the cases received in a window, read from
//! one snapshot and aggregated by the pure `domain::report`.

use super::{Result, Service};
use crate::domain::Window;
use crate::domain::report::{Report, Tally};

impl Service {
    /// Open, overdue and due-this-week cases; closed on time and late; days to
    /// respond; breakdowns by right, regime, channel, outcome and month; clock
    /// use. Over every case received in `window`, as of the service's today.
    pub fn report(&mut self, window: Window) -> Result<Report> {
        let mut tally = Tally::new(self.today(), window);
        self.store.read(|tx| tx.for_each_report_row(&window, |row| tally.add(row)))?;
        Ok(tally.finish())
    }
}
