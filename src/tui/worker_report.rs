//! The worker's report and retention jobs: the figures for a period, which
//! closed cases are past the retention period, and purging them.

use super::action::{Job, Reply};
use super::reports::RetentionOffer;
use crate::service::{Result, Service};

/// Does one report or retention job.
pub fn perform(svc: &mut Service, job: Job) -> Reply {
    let result = match job {
        Job::LoadReport(window) => svc.report(window).map(|r| Reply::Report(Box::new(r))),
        Job::LoadRetention => retention(svc).map(Reply::Retention),
        Job::Purge { closed_before } => svc.purge(closed_before, false).map(|r| Reply::Purged(Box::new(r))),
        // The worker sends only the jobs above here.
        _ => return Reply::Failed("not a report job".into()),
    };
    result.unwrap_or_else(Reply::from)
}

/// The cases due under `[retention] purge_after_months`; `None` when none are.
fn retention(svc: &mut Service) -> Result<Option<RetentionOffer>> {
    let Some((cutoff, due)) = svc.purge_due()? else { return Ok(None) };
    if due.cases == 0 {
        return Ok(None);
    }
    Ok(Some(RetentionOffer {
        months: svc.config().retention.purge_after_months,
        cutoff,
        due: due.cases,
        held: due.held,
    }))
}
