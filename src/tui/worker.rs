//! The worker thread: owns the database (through the service) so that the
//! draw loop never waits on it. Jobs come in on one channel, replies go out
//! on the runner's.

use super::action::{Incoming, Job, Reply};
use crate::service::{ClockRequest, Service};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread;

pub fn spawn(mut svc: Service, out: Sender<Incoming>) -> Sender<Job> {
    let (tx, rx) = channel::<Job>();
    thread::spawn(move || serve(&mut svc, &rx, &out));
    tx
}

fn serve(svc: &mut Service, jobs: &Receiver<Job>, out: &Sender<Incoming>) {
    while let Ok(first) = jobs.recv() {
        // Of several queued listings only the newest matters (fast typing in search).
        let batch: Vec<Job> = std::iter::once(first).chain(jobs.try_iter()).collect();
        let newest_load = batch.iter().rposition(|j| matches!(j, Job::LoadQueue { .. }));
        for (i, job) in batch.into_iter().enumerate() {
            if matches!(job, Job::LoadQueue { .. }) && Some(i) != newest_load {
                continue;
            }
            if out.send(Incoming::Reply(perform(svc, job))).is_err() {
                return; // the UI is gone
            }
        }
    }
}

/// Does one job; every failure becomes a message for the person.
pub fn perform(svc: &mut Service, job: Job) -> Reply {
    let done = |what: String, id| Reply::Done { what, id };
    let result = match job {
        Job::LoadQueue { req, query } => svc.window(&query).and_then(|(rows, total)| {
            let empty = total == 0 && !svc.has_cases()?;
            Ok(Reply::Queue { req, offset: query.offset, rows, total, empty })
        }),
        Job::LoadCase(id) => svc.show(id).map(|v| Reply::Case(Box::new(v))),
        // An empty `what` tells the UI a case was created.
        Job::Create(req) => svc.new_case(&req).map(|c| done(String::new(), c.id)),
        Job::Note { id, text } => svc.add_note(id, &text).map(|c| done(c.id.to_string(), c.id)),
        Job::Assign { id, user } => svc.assign(id, user.as_deref()).map(|c| done(c.id.to_string(), c.id)),
        Job::Status { id, to, reason } => {
            svc.change_status(id, to, reason.as_deref()).map(|c| done(format!("{} → {}", c.id, c.status), c.id))
        }
        Job::Clock { id, kind, notified, reason, method } => {
            let req = ClockRequest {
                kind,
                at: None,
                notified: notified.as_deref(),
                reason: reason.as_deref(),
                method: method.as_deref(),
                until: None,
            };
            svc.record_clock(id, &req).map(|c| done(format!("{} {kind}", c.id), c.id))
        }
    };
    result.unwrap_or_else(|e| Reply::Failed(e.to_string()))
}
