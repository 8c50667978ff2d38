//! Days the clock stands still: waits for the requester and manual pauses,
//! where the regime allows them.

use super::check::{open_wait, paused_since};
use super::engine::Input;
use super::rules::{PauseKind, Start};
use super::text::Text;
use crate::domain::ClockKind;
use chrono::NaiveDate;

/// Days the clock stood still after it started, merging overlapping waits.
pub(super) fn pauses(input: &Input<'_>, start: NaiveDate, explanation: &mut Vec<Text>) -> (i64, Option<NaiveDate>) {
    let pairs = [
        (
            PauseKind::Identity,
            ClockKind::IdentityRequested,
            ClockKind::IdentityVerified,
            "waiting for identity",
            "等待身份核验",
        ),
        (
            PauseKind::Clarification,
            ClockKind::ClarificationRequested,
            ClockKind::ClarificationReceived,
            "waiting for clarification",
            "等待澄清",
        ),
        (PauseKind::Manual, ClockKind::Paused, ClockKind::Resumed, "paused", "暂停"),
    ];
    let mut spans: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (kind, open, close, en, zh) in pairs {
        let mut since: Option<NaiveDate> = None;
        let mut found = Vec::new();
        for e in input.events {
            if e.kind == open && since.is_none() {
                since = Some(e.on);
            } else if e.kind == close
                && let Some(s) = since.take()
            {
                found.push((s, e.on));
            }
        }
        if let Some(s) = since {
            found.push((s, input.today.max(s)));
        }
        if found.is_empty() {
            continue;
        }
        if !input.rule.allows(kind) {
            if kind != PauseKind::Identity || input.rule.start == Start::Receipt {
                explanation.push(Text::new(
                    format!("Time spent {en} does not stop the clock under this regime."),
                    format!("该法规下，{zh}期间不停止计时。"),
                ));
            }
            continue;
        }
        spans.extend(found.into_iter().map(|(a, b)| (a.max(start), b)).filter(|(a, b)| b > a));
    }
    spans.sort();
    let mut total = 0;
    let mut covered_to: Option<NaiveDate> = None;
    for (a, b) in spans {
        let a = covered_to.map_or(a, |c| a.max(c));
        if b > a {
            total += (b - a).num_days();
            covered_to = Some(b);
        }
    }
    let open = paused_since(input.events).filter(|_| input.rule.allows(PauseKind::Manual)).or_else(|| {
        // An identity or clarification wait still open also keeps the clock stopped.
        [
            (ClockKind::IdentityRequested, ClockKind::IdentityVerified, PauseKind::Identity),
            (ClockKind::ClarificationRequested, ClockKind::ClarificationReceived, PauseKind::Clarification),
        ]
        .into_iter()
        .filter(|(_, _, k)| input.rule.allows(*k))
        .filter_map(|(o, c, _)| open_wait(input.events, o, c))
        .min()
    });
    if total > 0 {
        explanation.push(Text::new(
            format!("The clock stood still for {total} day(s) (waiting for the requester, or paused); they are added."),
            format!("计时暂停共 {total} 天（等待请求人或手动暂停），顺延相应天数。"),
        ));
    }
    if let Some(since) = open {
        explanation.push(Text::new(
            format!("Paused since {since}: the date moves on by a day for each day the pause lasts."),
            format!("自 {since} 起暂停：暂停每持续一天，期限顺延一天。"),
        ));
    }
    (total, open)
}
