//! The one place state changes: `update(app, action) -> jobs`. Pure: no I/O,
//! no clock; database work leaves as jobs and comes back as replies.

use super::action::{Action, Job, Reply};
use super::keymap::Context;
use super::state::{App, CaseScreen, DialogKind, Screen};
use super::{compose, dialog_build, dialog_input, identity, outbox_input, refresh, reports_input};
use crate::domain::{CaseId, ClockKind, Status};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The jobs to start with: the first window of the queue, the outbox for
/// its summary, and the cases past retention for the offer.
pub fn init(app: &mut App) -> Vec<Job> {
    let mut jobs = reload(app, true);
    jobs.extend(outbox_input::load(app));
    jobs.push(Job::LoadRetention);
    jobs
}

pub fn update(app: &mut App, action: Action) -> Vec<Job> {
    let jobs = act(app, action);
    refresh::stamp(app);
    jobs
}

fn act(app: &mut App, action: Action) -> Vec<Job> {
    match action {
        Action::Reply(r) => reply(app, r),
        Action::Fit(fit) => {
            // Stored as drawn (not clamped), so the runner sees it settle.
            app.fit = fit;
            app.queue.height = fit.queue_rows.max(1);
            app.outbox.height = fit.outbox_rows.max(1);
            app.outbox.step(0);
            scroll(app, 0);
            follow(app)
        }
        Action::Tick => outbox_input::tick(app),
        Action::ClickRow(i) if app.dialog.is_none() && app.screen == Screen::Queue => {
            app.queue.selected = i.min(app.queue.total.saturating_sub(1));
            follow(app)
        }
        Action::Wheel(down) if app.dialog.is_none() => match app.screen {
            Screen::Queue => step(app, if down { 3 } else { -3 }),
            Screen::Case => scroll(app, if down { 3 } else { -3 }),
            Screen::Outbox => {
                let reading = app.outbox.message.is_some();
                let name = match (reading, down) {
                    (true, true) => "scroll-down",
                    (true, false) => "scroll-up",
                    (false, true) => "down",
                    (false, false) => "up",
                };
                outbox_input::run(app, name)
            }
            _ => Vec::new(),
        },
        Action::Key(k) if k.kind != KeyEventKind::Release => key(app, k),
        Action::Paste(text) => dialog_input::paste(app, &text),
        _ => Vec::new(),
    }
}

fn key(app: &mut App, k: KeyEvent) -> Vec<Job> {
    if app.dialog.is_some() {
        return dialog_input::key(app, k);
    }
    if app.queue.searching {
        return search_key(app, k);
    }
    app.flash = None;
    if app.screen == Screen::Help {
        let s = &mut app.help_scroll;
        match k.code {
            KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter => app.screen = app.help_from,
            KeyCode::Down | KeyCode::Char('j') => *s = s.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => *s = s.saturating_sub(1),
            KeyCode::PageDown | KeyCode::Char(' ') => *s = s.saturating_add(10),
            KeyCode::PageUp => *s = s.saturating_sub(10),
            _ => {}
        }
        return Vec::new();
    }
    let ctx = match app.screen {
        Screen::Case => Context::Case,
        Screen::Outbox if app.outbox.message.is_some() => Context::Message,
        Screen::Outbox => Context::Outbox,
        Screen::Reports => Context::Reports,
        _ => Context::Queue,
    };
    match app.keymap.action(ctx, &k).map(str::to_owned) {
        Some(name) => run(app, &name),
        None => Vec::new(),
    }
}

/// Runs a named action from the keymap.
fn run(app: &mut App, name: &str) -> Vec<Job> {
    let page = i64::from(app.queue.height.max(2)) - 1;
    let case_page = i64::from(app.fit.case_rows.max(2)) - 1;
    match (app.screen, name) {
        (_, "quit") => {
            app.quit = true;
            Vec::new()
        }
        (_, "help") => {
            app.help_from = app.screen;
            app.help_scroll = 0;
            app.screen = Screen::Help;
            Vec::new()
        }
        (Screen::Outbox, name) => outbox_input::run(app, name),
        (Screen::Reports, name) => reports_input::run(app, name),
        (Screen::Queue, "outbox") => outbox_input::open(app),
        (Screen::Queue | Screen::Welcome, "reports") => reports_input::open(app),
        (Screen::Queue | Screen::Case, "compose") => compose::open(app),
        (Screen::Queue, "down") => step(app, 1),
        (Screen::Queue, "up") => step(app, -1),
        (Screen::Queue, "page-down") => step(app, page),
        (Screen::Queue, "page-up") => step(app, -page),
        (Screen::Queue, "top") => step(app, i64::MIN / 2),
        (Screen::Queue, "bottom") => step(app, i64::MAX / 2),
        (Screen::Queue, "next-tab") => switch_tab(app, true),
        (Screen::Queue, "prev-tab") => switch_tab(app, false),
        (Screen::Queue, "search") => {
            app.queue.searching = true;
            Vec::new()
        }
        (Screen::Queue, "open") => match app.queue.selected_case().map(|c| c.id) {
            Some(id) => {
                app.case = Some(CaseScreen { id, view: None, scroll: 0 });
                app.screen = Screen::Case;
                vec![Job::LoadCase(id)]
            }
            None => Vec::new(),
        },
        (Screen::Queue | Screen::Welcome, "new") => {
            app.dialog = Some(dialog_build::intake(&app.text, &app.session));
            Vec::new()
        }
        (Screen::Queue | Screen::Welcome, "import") => {
            app.dialog = Some(dialog_build::standalone(DialogKind::ImportPath, &app.text, &app.session));
            Vec::new()
        }
        (Screen::Queue | Screen::Welcome, "paste") => {
            app.dialog = Some(dialog_build::standalone(DialogKind::Paste, &app.text, &app.session));
            Vec::new()
        }
        (Screen::Case, "scroll-down") => scroll(app, 1),
        (Screen::Case, "scroll-up") => scroll(app, -1),
        (Screen::Case, "page-down") => scroll(app, case_page),
        (Screen::Case, "page-up") => scroll(app, -case_page),
        (Screen::Case, "back") => {
            app.screen = Screen::Queue;
            Vec::new()
        }
        (_, "refresh") => {
            let mut jobs = reload(app, false);
            jobs.push(Job::LoadRetention);
            jobs.extend(app.case.as_ref().filter(|_| app.screen == Screen::Case).map(|c| Job::LoadCase(c.id)));
            jobs
        }
        (Screen::Queue | Screen::Case, "verify") => identity::open_verify(app),
        (Screen::Queue | Screen::Case, "party") => identity::open_party(app),
        (Screen::Case, "close-unverified") => identity::open_close(app),
        (Screen::Queue | Screen::Case, "send-code") => identity::open_send_code(app),
        (Screen::Queue | Screen::Case, "check-code") => identity::open_check_code(app),
        (Screen::Queue | Screen::Case, "resume") => match target(app) {
            Some((id, _)) => vec![dialog_input::clock_job(id, ClockKind::Resumed, None, None, None)],
            None => no_case(app),
        },
        (Screen::Queue | Screen::Case, action) => match dialog_kind(action) {
            Some(kind) => open_dialog(app, kind),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn dialog_kind(action: &str) -> Option<DialogKind> {
    Some(match action {
        "note" => DialogKind::Note,
        "assign" => DialogKind::Assign,
        "status" => DialogKind::Status,
        "pause" => DialogKind::Pause,
        "extend" => DialogKind::Extend,
        "reopen" => DialogKind::Reopen,
        _ => return None,
    })
}

/// The case an action applies to: the open case, else the selected row.
pub(super) fn target(app: &App) -> Option<(CaseId, Status)> {
    if app.screen == Screen::Case {
        let c = app.case.as_ref()?;
        return Some((c.id, c.view.as_ref()?.case.status));
    }
    app.queue.selected_case().map(|c| (c.id, c.status))
}

pub(super) fn no_case(app: &mut App) -> Vec<Job> {
    app.flash = Some((app.text.get("dialog.no-case").to_owned(), true));
    Vec::new()
}

fn open_dialog(app: &mut App, kind: DialogKind) -> Vec<Job> {
    let Some((id, status)) = target(app) else { return no_case(app) };
    match dialog_build::for_case(kind, &app.text, &app.session, id, status) {
        Ok(d) => app.dialog = Some(d),
        Err(key) => {
            let status = app.text.get(&format!("status.{status}")).to_owned();
            app.flash = Some((app.text.fill(key, &[("status", &status)]), true));
        }
    }
    Vec::new()
}

/// After case `id` changed: the queue, and the case if it is on screen.
pub(super) fn reload_after_change(app: &mut App, id: CaseId) -> Vec<Job> {
    let mut jobs = reload(app, false);
    if app.screen == Screen::Case && app.case.as_ref().is_some_and(|c| c.id == id) {
        jobs.push(Job::LoadCase(id));
    }
    jobs
}

fn step(app: &mut App, delta: i64) -> Vec<Job> {
    let q = &mut app.queue;
    let last = q.total.saturating_sub(1);
    q.selected = if delta < 0 {
        q.selected.saturating_sub(delta.unsigned_abs())
    } else {
        q.selected.saturating_add(delta.unsigned_abs()).min(last)
    };
    follow(app)
}

/// Keeps the selection on screen, and asks for the rows on screen if they are not loaded.
fn follow(app: &mut App) -> Vec<Job> {
    let q = &mut app.queue;
    let h = u64::from(q.height.max(1));
    if q.selected < q.top {
        q.top = q.selected;
    } else if q.selected >= q.top + h {
        q.top = q.selected + 1 - h;
    }
    q.top = q.top.min(q.total.saturating_sub(h));
    let want_end = (q.top + h).min(q.total);
    let have_end = q.offset + q.rows.len() as u64;
    if q.total > 0 && (q.top < q.offset || want_end > have_end) { fetch(app) } else { Vec::new() }
}

/// Asks for a window around the visible rows: one screen above, two below.
pub(super) fn fetch(app: &mut App) -> Vec<Job> {
    let q = &mut app.queue;
    let h = u64::from(q.height.max(1));
    q.req += 1;
    q.loading = true;
    let mut query = q.tab.query(app.session.today, &app.session.me);
    query.search = Some(q.search.clone()).filter(|s| !s.trim().is_empty());
    query.offset = q.top.saturating_sub(h);
    query.limit = u32::try_from(h * 4).ok();
    vec![Job::LoadQueue { req: q.req, query }]
}

/// Reads the listing again; `from_top` starts at its first row.
pub(super) fn reload(app: &mut App, from_top: bool) -> Vec<Job> {
    if from_top {
        app.queue.selected = 0;
        app.queue.top = 0;
    }
    app.queue.rows.clear();
    fetch(app)
}

fn switch_tab(app: &mut App, forward: bool) -> Vec<Job> {
    app.queue.tab = app.queue.tab.next(forward);
    reload(app, true)
}

/// Scrolls the case view, never past its last screenful.
fn scroll(app: &mut App, delta: i64) -> Vec<Job> {
    let last = app.fit.case_lines.saturating_sub(app.fit.case_rows);
    if let Some(c) = app.case.as_mut() {
        let d = u16::try_from(delta.unsigned_abs()).unwrap_or(u16::MAX);
        c.scroll = if delta < 0 { c.scroll.saturating_sub(d) } else { c.scroll.saturating_add(d) };
        c.scroll = c.scroll.min(last);
    }
    Vec::new()
}

fn search_key(app: &mut App, k: KeyEvent) -> Vec<Job> {
    let q = &mut app.queue;
    match k.code {
        KeyCode::Esc => {
            q.searching = false;
            q.search.clear();
        }
        KeyCode::Enter | KeyCode::Down | KeyCode::Tab => {
            q.searching = false;
            return Vec::new();
        }
        KeyCode::Backspace => {
            q.search.pop();
        }
        KeyCode::Char(c) if !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => q.search.push(c),
        _ => return Vec::new(),
    }
    reload(app, true)
}

fn reply(app: &mut App, r: Reply) -> Vec<Job> {
    match r {
        Reply::Queue { req, offset, rows, total, empty, propose } => {
            if req != app.queue.req {
                return Vec::new(); // an answer to a question no longer asked
            }
            let q = &mut app.queue;
            q.loading = false;
            q.offset = offset;
            q.rows = rows;
            q.propose = propose;
            q.total = total;
            if q.selected >= total {
                q.selected = total.saturating_sub(1);
            }
            if empty && app.screen == Screen::Queue {
                app.screen = Screen::Welcome;
            } else if !empty && app.screen == Screen::Welcome {
                app.screen = Screen::Queue;
            }
            follow(app)
        }
        Reply::Case(view) => {
            if let Some(c) = app.case.as_mut().filter(|c| c.id == view.case.id) {
                c.view = Some(view);
            }
            Vec::new()
        }
        Reply::Done { what, id } => {
            // A case closed as unverified is answered next: the composer opens on it.
            let closed_unverified =
                app.dialog.as_ref().is_some_and(|d| d.busy && d.kind == DialogKind::CloseUnverified);
            // Only the dialog that asked is finished; one opened meanwhile stays.
            if app.dialog.as_ref().is_some_and(|d| d.busy) {
                app.dialog = None;
            }
            let key = if what.is_empty() { "form.created" } else { "app.saved" };
            let shown = if what.is_empty() { id.to_string() } else { what };
            app.flash = Some((app.text.fill(key, &[("what", &shown), ("id", &shown)]), false));
            let mut jobs = reload_after_change(app, id);
            jobs.extend(closed_unverified.then_some(Job::ComposeOpen(id)));
            jobs
        }
        r @ (Reply::VerifyForm { .. }
        | Reply::Verified { .. }
        | Reply::IdNumber { .. }
        | Reply::CodeQueued { .. }
        | Reply::CodeChecked { .. }) => identity::reply(app, r),
        r @ (Reply::ComposeForm { .. } | Reply::Drafted(_) | Reply::FieldError { .. } | Reply::Queued { .. }) => {
            compose::reply(app, r)
        }
        r @ (Reply::Outbox { .. }
        | Reply::Sent { .. }
        | Reply::Settled(_)
        | Reply::Exported { .. }
        | Reply::Message(_)) => outbox_input::reply(app, r),
        r @ (Reply::Report(_) | Reply::Retention(_) | Reply::Purged(_)) => reports_input::reply(app, r),
        Reply::Moved { id, version, reply: inner } => {
            refresh::moved(app, id, version);
            reply(app, *inner)
        }
        r @ (Reply::Changed | Reply::Conflict { .. }) => refresh::reply(app, r),
        Reply::Proposal { raw, proposal } => {
            // The pasted mail becomes the intake form, filled in, for review.
            app.dialog = Some(dialog_build::review(&app.text, &app.session, &proposal, raw));
            Vec::new()
        }
        Reply::Imported(summary) => {
            if app.dialog.as_ref().is_some_and(|d| d.busy) {
                app.dialog = None;
            }
            app.flash = Some((summary, false));
            reload(app, false)
        }
        Reply::Failed(why) => {
            match app.dialog.as_mut() {
                Some(d) if d.busy => {
                    d.busy = false;
                    d.error = Some(why);
                }
                _ => app.flash = Some((app.text.fill("app.error", &[("why", &why)]), true)),
            }
            Vec::new()
        }
    }
}
