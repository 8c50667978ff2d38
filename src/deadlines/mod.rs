//! The deadline engine: pure. Rules and calendars are data (assets/); time
//! enters only as the `today` argument.

mod calendar;
mod check;
mod count;
mod engine;
mod explain;
mod pauses;
mod rules;
mod source;
mod text;

pub use calendar::{Calendar, Day, Year, shipped};
pub use check::{Refusal, check, open_wait, paused_since};
pub use engine::{Committed, Deadlines, Input, compute};
pub use rules::{ExtendFrom, Extension, PauseKind, Period, RegimeRule, Rules, Start, Unit};
pub use source::SourceError;
pub use text::Text;
