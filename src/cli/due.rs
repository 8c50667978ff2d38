//! `dsar due`: the deadline calculator, with no database.

use super::args::DueArgs;
use crate::deadlines::{Deadlines, check};
use crate::domain::{ClockEvent, ClockKind, Language, Regime};
use crate::service::DeadlineBook;
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde_json::json;
use std::io::Write;

pub fn run(
    book: &DeadlineBook,
    lang: Language,
    today: NaiveDate,
    a: &DueArgs,
    as_json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let regime: Regime = a.regime.parse()?;
    let received = date("--received", &a.received)?;
    let mut events = Vec::new();
    if let Some(v) = &a.verified {
        events.push(ClockEvent::new(ClockKind::IdentityVerified, date("--verified", v)?));
    }
    for p in &a.pauses {
        let (from, to) =
            p.split_once(':').with_context(|| format!("--pause '{p}' is not FROM:TO (YYYY-MM-DD:YYYY-MM-DD)"))?;
        let (from, to) = (date("--pause", from)?, date("--pause", to)?);
        if to < from {
            bail!("--pause '{p}' ends before it starts");
        }
        events.push(ClockEvent::new(ClockKind::Paused, from));
        events.push(ClockEvent::new(ClockKind::Resumed, to));
    }
    events.sort_by_key(|e| e.on);
    let rule = book.rule(regime)?;
    check(regime, rule, received, &[], &events)?;
    let d = book.compute(regime, a.calendar.as_deref(), received, &events, today)?;
    if as_json {
        return super::commands::print_json(out, &to_json(regime, received, &d, lang));
    }
    print_text(out, regime, &d, lang)
}

/// A calendar date typed on the command line, within the years dsar can sensibly count.
pub(super) fn date(flag: &str, text: &str) -> Result<NaiveDate> {
    let d: NaiveDate = text.trim().parse().with_context(|| format!("{flag} '{text}' is not a date; use YYYY-MM-DD"))?;
    if !(2000..=2100).contains(&chrono::Datelike::year(&d)) {
        bail!("{flag} '{text}' is outside 2000–2100; check the date");
    }
    Ok(d)
}

/// The calculator's answer: the computation plus what was asked.
fn to_json(regime: Regime, received: NaiveDate, d: &Deadlines, lang: Language) -> serde_json::Value {
    let mut v = super::json::deadlines(d, lang);
    v["regime"] = json!(regime);
    v["received"] = json!(received);
    v
}

fn print_text(out: &mut dyn Write, regime: Regime, d: &Deadlines, lang: Language) -> Result<()> {
    let none = "-".to_owned();
    let show = |v: Option<NaiveDate>| v.map_or(none.clone(), |d| d.to_string());
    writeln!(out, "{regime} (calendar {})", d.calendar.as_deref().unwrap_or("none"))?;
    writeln!(out, "  clock starts        {}", d.clock_start)?;
    writeln!(out, "  respond by          {}", d.first_respond_by)?;
    writeln!(out, "  acknowledge by      {}", show(d.acknowledge_by))?;
    writeln!(out, "  extended respond by {}", show(d.extended_respond_by))?;
    writeln!(out, "  extension notice by {}", show(d.extension_notice_by))?;
    for c in &d.commitments {
        writeln!(out, "  committed           {}", show(c.due))?;
    }
    for w in &d.warnings {
        writeln!(out, "⚠ {}", w.get(lang))?;
    }
    for e in &d.explanation {
        writeln!(out, "  · {}", e.get(lang))?;
    }
    Ok(())
}
