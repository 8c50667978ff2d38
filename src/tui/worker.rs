//! The worker thread: owns the database (through the service) so that the
//! draw loop never waits on it. Jobs come in on one channel, replies go out
//! on the runner's.

use super::action::{Incoming, Job, Reply};
use crate::service::{ClockRequest, Service};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread;
use std::time::{Duration, Instant};

/// How often the worker asks SQLite whether another process committed.
const WATCH_EVERY: Duration = Duration::from_millis(500);

pub fn spawn(mut svc: Service, out: Sender<Incoming>) -> Sender<Job> {
    let (tx, rx) = channel::<Job>();
    thread::spawn(move || serve(&mut svc, &rx, &out));
    tx
}

fn serve(svc: &mut Service, jobs: &Receiver<Job>, out: &Sender<Incoming>) {
    let mut watch = Watch { seen: svc.data_version().ok(), next: Instant::now() + WATCH_EVERY };
    loop {
        let first = match jobs.recv_timeout(watch.next.saturating_duration_since(Instant::now())) {
            Ok(first) => Some(first),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return,
        };
        // Of several queued listings only the newest matters (fast typing in search).
        let batch: Vec<Job> = first.into_iter().chain(jobs.try_iter()).collect();
        let newest_load = batch.iter().rposition(|j| matches!(j, Job::LoadQueue { .. }));
        for (i, job) in batch.into_iter().enumerate() {
            if matches!(job, Job::LoadQueue { .. }) && Some(i) != newest_load {
                continue;
            }
            if out.send(Incoming::Reply(perform(svc, job))).is_err() {
                return; // the UI is gone
            }
        }
        if watch.changed(svc) && out.send(Incoming::Reply(Reply::Changed)).is_err() {
            return;
        }
    }
}

/// Notices commits by other processes through SQLite's data_version: one
/// pragma every half second, never a table read.
struct Watch {
    seen: Option<i64>,
    next: Instant,
}

impl Watch {
    fn changed(&mut self, svc: &mut Service) -> bool {
        if Instant::now() < self.next {
            return false;
        }
        self.next = Instant::now() + WATCH_EVERY;
        // A file that cannot be read now says so on the next job; nothing to announce here.
        let Ok(now) = svc.data_version() else { return false };
        let changed = self.seen.is_some_and(|seen| seen != now);
        self.seen = Some(now);
        changed
    }
}

/// Imports everything at `path`; one broken message never stops the rest.
fn import_path(svc: &mut Service, path: &str, regime: Option<crate::domain::Regime>) -> Reply {
    use crate::mail::{Item, Source};
    use crate::service::Outcome;
    let Some(regime) = regime else {
        return Reply::Failed("new cases need a regime: set organisation.default_regime in the config".into());
    };
    let (mut new, mut attached, mut duplicates, mut failed) = (0u64, 0u64, 0u64, 0u64);
    let mut importer = svc.importer(regime, false, |_, outcome| match outcome {
        Ok(Outcome::New { .. }) => new += 1,
        Ok(Outcome::Attached { .. }) => attached += 1,
        Ok(Outcome::Duplicate { .. }) => duplicates += 1,
        Ok(Outcome::Failed { .. }) | Err(_) => failed += 1,
    });
    let source = Source::parse(path.trim());
    importer.streaming(matches!(source, Source::Stdin));
    let read = source.each(&mut |item| match item {
        Item::Failed { origin, reason } => importer.unreadable(origin, reason),
        Item::Message { origin, bytes } => importer.message(origin, bytes),
    });
    if let Some(why) = importer.finish().err().map(|e| e.to_string()).or_else(|| read.err().map(|e| e.to_string())) {
        return Reply::Failed(why);
    }
    Reply::Imported(format!("{path}: {new} new, {attached} follow-ups, {duplicates} duplicates, {failed} failed"))
}

/// Does one job; every failure becomes a message for the person.
pub fn perform(svc: &mut Service, job: Job) -> Reply {
    let done = |what: String, id| Reply::Done { what, id };
    let result = match job {
        job @ (Job::ComposeOpen(_)
        | Job::Draft { .. }
        | Job::QueueReply(_)
        | Job::LoadOutbox { .. }
        | Job::Send { .. }
        | Job::CancelReply { .. }
        | Job::MarkSent(_)
        | Job::ExportOutbox(_)
        | Job::ShowMessage(_)) => return super::worker_reply::perform(svc, job),
        job @ (Job::VerifyOpen(_)
        | Job::Verify { .. }
        | Job::SetParty { .. }
        | Job::SendCode(_)
        | Job::CheckCode { .. }) => {
            return super::worker_identity::perform(svc, job);
        }
        job @ (Job::LoadReport(_) | Job::LoadRetention | Job::Purge { .. }) => {
            return super::worker_report::perform(svc, job);
        }
        Job::Guarded { id, version, job } => {
            svc.expect_version(id, version);
            let reply = perform(svc, *job);
            let now = svc.expected_version(id).filter(|v| *v != version);
            svc.clear_expectation();
            // Its own changes move the dialog on: the next save must not conflict with them.
            return match now {
                Some(version) => Reply::Moved { id, version, reply: Box::new(reply) },
                None => reply,
            };
        }
        Job::LoadQueue { req, query } => svc.window(&query).and_then(|(rows, total)| {
            let empty = total == 0 && !svc.has_cases()?;
            let propose = super::worker_identity::proposed(svc, &rows);
            Ok(Reply::Queue { req, offset: query.offset, rows, total, empty, propose })
        }),
        Job::LoadCase(id) => svc.show(id).map(|v| Reply::Case(Box::new(v))),
        // An empty `what` tells the UI a case was created.
        Job::Create(req) => svc.new_case(&req).map(|c| done(String::new(), c.id)),
        Job::Note { id, text } => svc.add_note(id, &text).map(|c| done(c.id.to_string(), c.id)),
        Job::Assign { id, user } => svc.assign(id, user.as_deref()).map(|c| done(c.id.to_string(), c.id)),
        Job::Status { id, to, reason } => {
            svc.change_status(id, to, reason.as_deref()).map(|c| done(format!("{} → {}", c.id, c.status), c.id))
        }
        Job::ImportPath { path, regime } => return import_path(svc, &path, regime),
        Job::Propose { raw } => {
            return match svc.propose_mail(&raw) {
                Ok(p) => Reply::Proposal { raw, proposal: Box::new(p) },
                Err(e) => Reply::Failed(e.to_string()),
            };
        }
        Job::CreateFromMail { raw, req } => svc.new_case_from_mail(&raw, &req).map(|c| done(String::new(), c.id)),
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
    result.unwrap_or_else(Reply::from)
}
