//! Deadlines: statutory rules and holiday calendars to due dates. Pure: no I/O, no clock.

mod calendar;
mod source;

pub use calendar::{Calendar, Day, Year, shipped};
pub use source::SourceError;
