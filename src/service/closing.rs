//! The closing facts of cases closed before migration 0007, completed once:
//! SQL knows neither the organisation's zone nor the deadline rules.

use super::deadlines::store_side;
use super::{Result, Service, ServiceError};
use crate::domain::time::local_date;
use crate::store::{CLOSING_DATES, StoreError};
use chrono::{DateTime, NaiveDate};
use std::collections::HashMap;

impl Service {
    /// Runs once after migration 0007: dates each closed case's closing in
    /// the organisation's zone and computes the due date in force that day.
    /// Returns how many closed cases it dated.
    pub fn date_closings(&mut self) -> Result<u64> {
        let marker = self.store.read(|tx| Ok::<_, ServiceError>(tx.setting(CLOSING_DATES)?))?;
        if marker.as_deref() != Some("utc") {
            return Ok(0);
        }
        let (zone, book) = (self.config.organisation.timezone, &self.book);
        self.store.write(|tx| {
            let mut closed: HashMap<i64, NaiveDate> = HashMap::new();
            tx.for_each_closing_stamp(|row, at| {
                let at = DateTime::parse_from_rfc3339(at)
                    .map_err(|e| StoreError::Corrupt(format!("event time '{at}': {e}")))?;
                closed.insert(row, local_date(at, zone));
                Ok(())
            })?;
            tx.for_each_clock(|c| {
                if let Some(&on) = closed.get(&c.key.row) {
                    let due = book.compute(c.regime, None, c.received, &c.events, on).map_err(store_side)?.due;
                    tx.set_closed(c.key, on, due)?;
                }
                Ok(())
            })?;
            tx.set_setting(CLOSING_DATES, "local")?;
            Ok(closed.len() as u64)
        })
    }
}
