//! The terminal UI driven by key sequences: the real `update`, with its jobs
//! run synchronously on a real database. Tests read the state and the
//! database, not only that code ran.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::Days;
use dsar::domain::{Case, CaseId, Language, Status};
use dsar::service::NewCaseRequest;
use dsar::store::ListQuery;
use dsar::tui::{Action, Job, Keymap, Reply, Screen, Tab};
use support::tui::{Tui, today};
use support::{Desk, request};

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn all_cases(t: &mut Tui) -> Vec<Case> {
    t.desk.svc.list(&ListQuery::default()).unwrap()
}

fn case(t: &mut Tui, id: CaseId) -> Case {
    t.desk.svc.show(id).unwrap().case
}

fn events(t: &mut Tui, id: CaseId) -> Vec<dsar::store::StoredEvent> {
    t.desk.svc.show(id).unwrap().timeline
}

fn dialog_kind(t: &Tui) -> Option<String> {
    t.app.dialog.as_ref().map(|d| format!("{:?}", d.kind))
}

fn selected_id(t: &Tui) -> Option<CaseId> {
    t.app.queue.selected_case().map(|c| c.id)
}

/// Moves the selection to `id` with the keys a person would use (g, then j).
fn select(t: &mut Tui, id: CaseId) {
    t.press("g");
    for _ in 0..=t.app.queue.total {
        if selected_id(t) == Some(id) {
            return;
        }
        t.press("j");
    }
    panic!("{id} is not in the {:?} tab", t.app.queue.tab);
}

/// Selects `id` in the All tab and opens it.
fn open(t: &mut Tui, id: CaseId) {
    if t.app.screen == Screen::Case {
        t.press("esc");
    }
    while t.app.queue.tab != Tab::All {
        t.press("tab");
    }
    select(t, id);
    t.press("enter");
    assert_eq!(t.screen(), Screen::Case);
    let view = t.app.case.as_ref().unwrap().view.as_ref().expect("the case view is loaded");
    assert_eq!(view.case.id, id);
}

fn new_case(desk: &mut Desk, email: &str, regime: &str, name: &str) -> CaseId {
    let req = NewCaseRequest { name: Some(name.into()), regime: Some(regime.into()), ..request(email) };
    desk.svc.new_case(&req).unwrap().id
}

/// A desk with one case of each kind the case-view tests need.
struct Cases {
    gdpr: CaseId,
    pipl: CaseId,
    awaiting: CaseId,
    fulfilled: CaseId,
}

fn desk_with_cases() -> (Desk, Cases) {
    let mut desk = Desk::new();
    let gdpr = new_case(&mut desk, "ann@example.com", "gdpr", "Ann Lee");
    desk.svc.change_status(gdpr, Status::InProgress, None).unwrap();
    let pipl = new_case(&mut desk, "wang.fang@example.cn", "pipl", "王芳");
    desk.svc.change_status(pipl, Status::InProgress, None).unwrap();
    let awaiting = new_case(&mut desk, "bo@example.com", "gdpr", "Bo Chen");
    desk.svc.change_status(awaiting, Status::AwaitingIdentity, None).unwrap();
    let fulfilled = new_case(&mut desk, "cy@example.com", "uk-gdpr", "Cy Park");
    desk.svc.change_status(fulfilled, Status::InProgress, None).unwrap();
    desk.svc.change_status(fulfilled, Status::Fulfilled, None).unwrap();
    (desk, Cases { gdpr, pipl, awaiting, fulfilled })
}

fn tui_with_cases() -> (Tui, Cases) {
    let (desk, cases) = desk_with_cases();
    let mut t = Tui::with(desk, Language::En, true).started();
    t.draw_to(120, 40);
    (t, cases)
}

/// Everything a refused or cancelled action must leave as it was.
fn fingerprint(t: &Tui) -> (i64, i64, String) {
    let cases = t.desk.count("SELECT count(*) FROM cases");
    let events = t.desk.count("SELECT count(*) FROM events");
    let rows: String = t
        .desk
        .raw()
        .query_row("SELECT group_concat(status || '/' || version, '|') FROM cases", [], |r| r.get(0))
        .unwrap();
    (cases, events, rows)
}

// ---------------------------------------------------------------------------
// First run and intake
// ---------------------------------------------------------------------------

#[test]
fn an_empty_database_shows_welcome_and_n_logs_a_request_into_the_queue() {
    let mut t = Tui::new().started();
    assert_eq!(t.screen(), Screen::Welcome);
    assert!(!t.app.queue.loading);

    t.press("n");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Intake"));
    assert_eq!(t.focused_field(), "email");
    t.type_text("ann.lee@Example.COM");
    t.press("tab");
    assert_eq!(t.focused_field(), "name");
    t.type_text("Ann Lee");
    t.press("tab");
    assert_eq!(t.focused_field(), "rights");
    t.press("space"); // ticks the first right: access
    t.press("right right right right space"); // and erasure
    assert_eq!(t.field("rights"), "access,erasure");
    t.press("enter");

    assert!(t.app.dialog.is_none(), "the form closes once saved");
    let list = all_cases(&mut t);
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!(c.requester.email.as_str(), "ann.lee@example.com");
    assert_eq!(c.requester.name.as_deref(), Some("Ann Lee"));
    assert_eq!(c.rights.to_ids(), "access,erasure");
    assert_eq!(c.status, Status::New);
    assert_eq!(c.received_date, today(), "an empty 'received' means now");
    let (flash, is_error) = t.app.flash.clone().expect("a message says what was saved");
    assert!(!is_error);
    assert!(flash.contains(&c.id.to_string()), "{flash}");

    assert_eq!(t.screen(), Screen::Queue);
    assert_eq!(t.app.queue.total, 1);
    assert_eq!(t.app.queue.rows.len(), 1);
    assert_eq!(selected_id(&t), Some(c.id));
    let frame = t.draw_to(120, 40);
    assert!(frame.contains(&c.id.to_string()) && frame.contains("Ann Lee <ann.lee@example.com>"), "{frame}");
    // The event in the audit log is there too.
    let timeline = events(&mut t, c.id);
    assert_eq!(timeline.len(), 1);
    assert_eq!(timeline[0].kind, "case.created");
    assert_eq!(timeline[0].actor, "tester");
}

#[test]
fn intake_refuses_an_empty_form_and_a_bad_email_and_writes_nothing_until_valid() {
    let mut t = Tui::new().started();
    t.press("n");
    t.press("tab tab tab"); // focus away from the first field
    t.press("enter");
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 0);
    assert_eq!(t.desk.count("SELECT count(*) FROM events"), 0);
    assert_eq!(dialog_kind(&t).as_deref(), Some("Intake"), "the form stays open");
    assert_eq!(t.field_error("email").as_deref(), Some("required"));
    assert_eq!(t.field_error("rights").as_deref(), Some("tick at least one right"));
    assert_eq!(t.field_error("name"), None, "the name is optional");
    assert_eq!(t.focused_field(), "email", "focus goes to the first bad field");
    assert!(t.app.dialog.as_ref().is_some_and(|d| !d.busy), "no job was sent");

    // Typing clears the field's error; a malformed address gets the domain's message.
    t.type_text("ann.example.com");
    assert_eq!(t.field_error("email"), None);
    t.press("enter");
    let expected = dsar::domain::EmailAddress::parse("ann.example.com").unwrap_err().to_string();
    assert_eq!(t.field_error("email").as_deref(), Some(expected.as_str()));
    assert_eq!(t.focused_field(), "email");
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 0);

    // Email fixed, rights still missing: focus moves to the rights.
    for _ in 0.."ann.example.com".len() {
        t.press("backspace");
    }
    t.type_text("ann@example.com");
    t.press("enter");
    assert_eq!(t.field_error("email"), None);
    assert_eq!(t.focused_field(), "rights");
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 0);

    // A date the service refuses comes back as the dialog's error, and nothing is written.
    t.press("space tab tab tab");
    assert_eq!(t.focused_field(), "received");
    t.type_text("2099-01-01");
    t.press("enter");
    let d = t.app.dialog.as_ref().expect("the form stays open after a refusal");
    assert!(!d.busy);
    assert!(d.error.as_deref().is_some_and(|e| !e.is_empty()), "{:?}", d.error);
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 0);

    for _ in 0.."2099-01-01".len() {
        t.press("backspace");
    }
    t.type_text("2026-11-18");
    t.press("enter");
    assert!(t.app.dialog.is_none());
    let list = all_cases(&mut t);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].received_date, today().checked_sub_days(Days::new(2)).unwrap());
    assert_eq!(list[0].regime.as_str(), "pipl", "the first regime is the default without a configured one");
}

#[test]
fn esc_cancels_the_intake_form_without_writing() {
    let mut t = Tui::new().started();
    t.press("n");
    t.type_text("ann@example.com");
    t.press("esc");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.screen(), Screen::Welcome);
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 0);
}

#[test]
fn keys_type_into_text_fields_instead_of_running_actions() {
    let mut t = Tui::new().started();
    t.press("n");
    t.press("q ? j G");
    assert!(!t.app.quit, "q types in a form");
    assert_eq!(t.screen(), Screen::Welcome);
    assert_eq!(t.field("email"), "q?jG");
}

// ---------------------------------------------------------------------------
// The queue
// ---------------------------------------------------------------------------

/// The selection is on screen, the visible rows are loaded, and the selected
/// row is the case at that position in the whole listing.
fn assert_window(t: &mut Tui, full: &[Case]) {
    let q = &t.app.queue;
    let h = u64::from(q.height);
    assert!(!q.loading, "a listing is still awaited");
    assert_eq!(q.total, full.len() as u64);
    assert!(q.top <= q.selected && q.selected < q.top + h, "top {} selected {} height {h}", q.top, q.selected);
    let want_end = (q.top + h).min(q.total);
    assert!(q.offset <= q.top, "offset {} top {}", q.offset, q.top);
    assert!(q.offset + q.rows.len() as u64 >= want_end, "loaded {}+{} < {want_end}", q.offset, q.rows.len());
    for (i, row) in q.rows.iter().enumerate() {
        assert_eq!(row.id, full[q.offset as usize + i].id, "row {} of the window", i);
    }
    assert_eq!(selected_id(t), Some(full[t.app.queue.selected as usize].id));
    let frame = t.draw_to(80, 24);
    assert!(frame.contains(&full[t.app.queue.selected as usize].id.to_string()), "{frame}");
    assert!(!frame.contains('…'), "a visible row was not loaded:\n{frame}");
}

#[test]
fn queue_navigation_keeps_the_selection_on_screen_and_the_window_loaded() {
    let mut t = Tui::demo(200, 7);
    t.press("backtab");
    assert_eq!(t.app.queue.tab, Tab::All);
    let full = all_cases(&mut t);
    assert_eq!(full.len(), 200);
    t.draw_to(80, 24);
    let h = u64::from(t.app.queue.height);
    assert_eq!(h, 19, "80×24 leaves 19 rows for the table");
    assert_window(&mut t, &full);

    let expect = |t: &mut Tui, keys: &str, selected: u64| {
        t.press(keys);
        assert_eq!(t.app.queue.selected, selected, "after {keys}");
        assert_window(t, &full);
    };
    expect(&mut t, "j j j", 3);
    expect(&mut t, "down", 4);
    expect(&mut t, "k", 3);
    expect(&mut t, "up up up up up", 0);
    expect(&mut t, "pgdown", h - 1);
    expect(&mut t, "pgdown pgdown pgdown", 4 * (h - 1));
    expect(&mut t, "ctrl-d", 5 * (h - 1));
    expect(&mut t, "pgup", 4 * (h - 1));
    expect(&mut t, "G", 199);
    assert_eq!(t.app.queue.top, 200 - h);
    expect(&mut t, "j", 199);
    expect(&mut t, "ctrl-u", 199 - (h - 1));
    expect(&mut t, "g", 0);
    assert_eq!(t.app.queue.top, 0);
    expect(&mut t, "k", 0);
    expect(&mut t, "end", 199);
    expect(&mut t, "home", 0);
    for i in 1..=60 {
        t.press("j");
        assert_eq!(t.app.queue.selected, i);
        assert_window(&mut t, &full);
    }
    // Space pages down too.
    expect(&mut t, "space", 60 + h - 1);
}

#[test]
fn a_taller_terminal_shows_more_rows_and_loads_them() {
    let mut t = Tui::demo(200, 7);
    t.press("backtab");
    let full = all_cases(&mut t);
    t.draw_to(80, 24);
    t.press("G");
    t.draw_to(120, 40);
    assert_eq!(t.app.queue.height, 35);
    assert_window(&mut t, &full);
    t.press("g");
    t.draw_to(120, 60);
    assert_eq!(t.app.queue.height, 55);
    assert_window(&mut t, &full);
}

fn is_open(c: &Case) -> bool {
    Status::OPEN.contains(&c.status)
}

fn due(c: &Case) -> chrono::NaiveDate {
    c.deadline.expect("demo cases have deadlines").due
}

#[test]
fn tabs_cycle_in_order_and_each_shows_only_its_cases() {
    let mut desk = Desk::new();
    desk.svc.demo(200, 7, &mut |_| {}).unwrap();
    // Some open cases for "Mine", one of them due soon.
    let open: Vec<Case> = desk
        .svc
        .list(&ListQuery { statuses: Status::OPEN.to_vec(), ..Default::default() })
        .unwrap()
        .into_iter()
        .collect();
    for c in open.iter().step_by(4) {
        desk.svc.assign(c.id, Some("tester")).unwrap();
    }
    let mut t = Tui::with(desk, Language::En, true).started();
    t.draw_to(120, 40);
    let everything = all_cases(&mut t);
    let week = today().checked_add_days(Days::new(7)).unwrap();
    let belongs = |tab: Tab, c: &Case| match tab {
        Tab::Open => is_open(c),
        Tab::Overdue => is_open(c) && due(c) < today(),
        Tab::Week => is_open(c) && due(c) >= today() && due(c) <= week,
        Tab::Mine => is_open(c) && c.assignee.as_deref() == Some("tester"),
        Tab::Awaiting => c.status == Status::AwaitingIdentity,
        Tab::Closed => c.status.is_final(),
        Tab::All => true,
    };
    let order = [Tab::Open, Tab::Overdue, Tab::Week, Tab::Mine, Tab::Awaiting, Tab::Closed, Tab::All];
    for (i, tab) in order.iter().enumerate() {
        if i > 0 {
            t.press("tab");
        }
        assert_eq!(t.app.queue.tab, *tab);
        let expected = everything.iter().filter(|c| belongs(*tab, c)).count() as u64;
        assert_eq!(t.app.queue.total, expected, "{tab:?}");
        assert!(expected > 0, "the demo data has cases for {tab:?}");
        assert_eq!(t.app.queue.selected, 0, "a new tab starts at its top");
        assert!(!t.app.queue.rows.is_empty());
        for c in &t.app.queue.rows {
            assert!(belongs(*tab, c), "{tab:?} shows {} ({}, due {})", c.id, c.status, due(c));
        }
        // Urgency order: earliest due first.
        assert!(t.app.queue.rows.windows(2).all(|w| due(&w[0]) <= due(&w[1])), "{tab:?}");
        let label = t.app.text.get(tab.label_key());
        let frame = t.draw_to(120, 40);
        assert!(frame.lines().nth(1).unwrap().contains(&label), "{frame}");
    }
    t.press("tab");
    assert_eq!(t.app.queue.tab, Tab::Open, "the tabs wrap around");
    for tab in order.iter().rev() {
        t.press("backtab");
        assert_eq!(t.app.queue.tab, *tab);
    }
    // l/h and the arrow keys switch tabs too.
    t.press("l right");
    assert_eq!(t.app.queue.tab, Tab::Week);
    t.press("h left");
    assert_eq!(t.app.queue.tab, Tab::Open);
}

#[test]
fn switching_tabs_resets_the_selection_to_the_top() {
    let mut t = Tui::demo(200, 7);
    t.draw_to(80, 24);
    t.press("backtab G");
    assert_eq!(t.app.queue.selected, 199);
    t.press("tab");
    assert_eq!(t.app.queue.tab, Tab::Open);
    assert_eq!((t.app.queue.selected, t.app.queue.top), (0, 0));
    assert_eq!(t.app.queue.offset, 0);
}

#[test]
fn an_empty_tab_says_so_and_actions_ask_for_a_case() {
    let mut desk = Desk::new();
    let id = new_case(&mut desk, "ann@example.com", "gdpr", "Ann Lee");
    let _ = id;
    let mut t = Tui::with(desk, Language::En, true).started();
    t.press("tab tab tab"); // Mine: nothing assigned to tester
    assert_eq!(t.app.queue.tab, Tab::Mine);
    assert_eq!(t.app.queue.total, 0);
    assert_eq!(t.screen(), Screen::Queue, "an empty tab is not the first-run screen");
    assert!(t.draw_to(80, 24).contains("No cases here."));
    t.press("a");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.app.flash, Some(("Select a case first.".to_owned(), true)));
    t.press("enter j G");
    assert_eq!(t.screen(), Screen::Queue);
    assert_eq!(t.app.queue.selected, 0);
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

fn cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn search_by_a_chinese_name_filters_esc_clears_and_enter_keeps() {
    let mut t = Tui::demo(200, 7);
    t.draw_to(120, 40);
    let everything = all_cases(&mut t);
    let open_total = t.app.queue.total;
    let name = t
        .app
        .queue
        .rows
        .iter()
        .filter_map(|c| c.requester.name.clone())
        .find(|n| cjk(n))
        .expect("an open case from a Chinese-speaking requester");
    let expected: Vec<CaseId> = everything
        .iter()
        .filter(|c| is_open(c) && c.requester.name.as_deref().is_some_and(|n| n.contains(&name)))
        .map(|c| c.id)
        .collect();
    assert!(!expected.is_empty());

    t.press("/");
    assert!(t.app.queue.searching);
    t.type_text(&name);
    assert_eq!(t.app.queue.search, name);
    let shown: Vec<CaseId> = t.app.queue.rows.iter().map(|c| c.id).collect();
    assert_eq!(shown, expected, "searching {name}");
    assert_eq!(t.app.queue.total, expected.len() as u64);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains(&format!("Search: {name}▏")), "{frame}");

    // Esc clears the search and shows the whole tab again.
    t.press("esc");
    assert!(!t.app.queue.searching);
    assert_eq!(t.app.queue.search, "");
    assert_eq!(t.app.queue.total, open_total);
    assert!(!t.draw_to(120, 40).contains("Search:"));

    // Enter keeps it: keys drive the queue again, within the results.
    t.press("/");
    t.type_text(&name);
    t.press("enter");
    assert!(!t.app.queue.searching);
    assert_eq!(t.app.queue.search, name);
    assert_eq!(t.app.queue.total, expected.len() as u64);
    assert!(t.draw_to(120, 40).contains(&format!("Search: {name}")));
    t.press("enter");
    assert_eq!(t.screen(), Screen::Case);
    assert_eq!(t.app.case.as_ref().unwrap().id, expected[0]);
    t.press("esc");
    assert_eq!(t.app.queue.search, name, "the search survives a visit to a case");

    // Backspace edits it; q is typed, not quit.
    t.press("/ backspace");
    assert_eq!(t.app.queue.search, name.chars().take(name.chars().count() - 1).collect::<String>());
    t.type_text("q");
    assert!(!t.app.quit);
    assert_eq!(t.app.queue.total, 0);
    assert!(t.draw_to(120, 40).contains("No cases here."));
}

#[test]
fn search_finds_a_case_by_its_id_and_by_a_note() {
    let (mut t, c) = tui_with_cases();
    t.desk.svc.add_note(c.awaiting, "requester called about the parcel-7731").unwrap();
    t.press("/");
    t.type_text(&c.pipl.to_string());
    assert_eq!(t.app.queue.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![c.pipl]);
    t.press("esc /");
    t.type_text("parcel-7731");
    assert_eq!(t.app.queue.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![c.awaiting]);
}

// ---------------------------------------------------------------------------
// The case view and its dialogs
// ---------------------------------------------------------------------------

#[test]
fn enter_opens_the_selected_case_and_esc_returns() {
    let mut t = Tui::demo(200, 7);
    t.draw_to(80, 24);
    t.press("j j");
    let id = selected_id(&t).unwrap();
    t.press("enter");
    assert_eq!(t.screen(), Screen::Case);
    let screen = t.app.case.as_ref().unwrap();
    assert_eq!(screen.id, id);
    let view = screen.view.as_ref().expect("loaded");
    assert_eq!(view.case.id, id);
    assert_eq!(view.timeline.len(), events(&mut t, id).len());
    let frame = t.draw_to(80, 24);
    assert!(frame.contains(&format!("Case {id}")), "{frame}");
    t.press("j j k");
    assert_eq!(t.app.case.as_ref().unwrap().scroll, 1);
    t.press("esc");
    assert_eq!(t.screen(), Screen::Queue);
    assert_eq!(t.app.queue.selected, 2, "the queue keeps its place");
    t.press("enter");
    assert_eq!(t.screen(), Screen::Case);
    t.press("backspace");
    assert_eq!(t.screen(), Screen::Queue, "backspace goes back too");
    t.press("o");
    assert_eq!(t.screen(), Screen::Outbox, "o is the outbox");
}

#[test]
fn a_adds_a_note_to_the_open_case() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("a");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Note"));
    t.type_text("Called the requester; 客户确认了邮箱");
    t.press("enter");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.screen(), Screen::Case);
    let (flash, err) = t.app.flash.clone().unwrap();
    assert!(!err && flash.contains(&c.gdpr.to_string()), "{flash}");
    // In the database…
    let timeline = events(&mut t, c.gdpr);
    let last = timeline.last().unwrap();
    assert_eq!(last.kind, "note.added");
    assert_eq!(last.actor, "tester");
    assert_eq!(last.content.as_ref().unwrap()["text"], "Called the requester; 客户确认了邮箱");
    // …and on screen, reloaded.
    let view = t.app.case.as_ref().unwrap().view.as_ref().unwrap();
    assert_eq!(view.timeline.len(), timeline.len());
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("note: Called the requester; 客户确认了邮箱"), "{frame}");
}

#[test]
fn an_empty_note_is_not_sent() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let before = fingerprint(&t);
    t.press("a");
    t.type_text("   ");
    t.press("enter");
    assert_eq!(t.field_error("text").as_deref(), Some("required"));
    assert_eq!(fingerprint(&t), before);
}

#[test]
fn a_note_from_the_queue_goes_to_the_selected_case() {
    let (mut t, c) = tui_with_cases();
    t.press("backtab");
    select(&mut t, c.awaiting);
    t.press("a");
    t.type_text("from the queue");
    t.press("enter");
    assert_eq!(t.screen(), Screen::Queue);
    let last = events(&mut t, c.awaiting).pop().unwrap();
    assert_eq!(last.content.unwrap()["text"], "from the queue");
}

#[test]
fn closing_a_case_asks_for_confirmation_before_writing() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let before = fingerprint(&t);
    t.press("s");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Status"));
    assert_eq!(t.field("to"), "awaiting-identity", "the first next status is proposed");
    t.press("right");
    assert_eq!(t.field("to"), "fulfilled");
    t.press("enter");
    let d = t.app.dialog.as_ref().unwrap();
    assert!(d.confirming, "a final status is confirmed first");
    assert!(d.confirm.as_deref().unwrap().contains(&c.gdpr.to_string()));
    assert_eq!(fingerprint(&t), before, "nothing written before confirmation");
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Close R-2026-0001 as fulfilled? The requester will be told."), "{frame}");
    assert!(frame.contains("Esc goes back"), "{frame}");

    // Esc goes back to editing; Enter asks again.
    t.press("esc");
    assert!(t.app.dialog.as_ref().is_some_and(|d| !d.confirming));
    t.press("enter");
    assert!(t.app.dialog.as_ref().unwrap().confirming);
    t.press("enter");
    assert!(t.app.dialog.is_none());
    assert_eq!(case(&mut t, c.gdpr).status, Status::Fulfilled);
    assert_eq!(t.app.case.as_ref().unwrap().view.as_ref().unwrap().case.status, Status::Fulfilled);
    let last = events(&mut t, c.gdpr).pop().unwrap();
    assert_eq!(last.kind, "status.changed");
    assert_eq!(last.details["to"], "fulfilled");
}

#[test]
fn a_non_final_status_change_needs_no_confirmation() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("s enter");
    assert!(t.app.dialog.is_none());
    assert_eq!(case(&mut t, c.gdpr).status, Status::AwaitingIdentity);
}

#[test]
fn refusing_needs_a_reason() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let before = fingerprint(&t);
    t.press("s right right");
    assert_eq!(t.field("to"), "refused");
    t.press("enter");
    let d = t.app.dialog.as_ref().expect("the dialog stays open");
    assert!(!d.confirming && !d.busy);
    assert_eq!(t.field_error("reason").as_deref(), Some("required"));
    assert_eq!(t.focused_field(), "reason");
    assert_eq!(fingerprint(&t), before);
    t.type_text("manifestly unfounded: third identical request this month");
    t.press("enter");
    assert!(t.app.dialog.as_ref().unwrap().confirming);
    assert_eq!(fingerprint(&t), before);
    t.press("y");
    assert!(t.app.dialog.is_none());
    assert_eq!(case(&mut t, c.gdpr).status, Status::Refused);
    let last = events(&mut t, c.gdpr).pop().unwrap();
    assert_eq!(last.content.unwrap()["reason"], "manifestly unfounded: third identical request this month");
}

#[test]
fn no_status_dialog_on_a_final_case() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.fulfilled);
    t.press("s");
    assert!(t.app.dialog.is_none());
    let (flash, err) = t.app.flash.clone().unwrap();
    assert!(err);
    assert_eq!(flash, "No status change is possible from fulfilled.");
}

#[test]
fn pausing_a_pipl_case_is_refused_by_the_service_and_shown_in_the_dialog() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.pipl);
    let before = fingerprint(&t);
    t.press("p");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Pause"));
    t.press("enter");
    assert_eq!(t.field_error("reason").as_deref(), Some("required"), "a pause needs a reason");
    t.type_text("waiting for the requester");
    t.press("enter");
    let d = t.app.dialog.as_ref().expect("the dialog stays open with the refusal");
    assert!(!d.busy);
    let err = d.error.clone().expect("the service's refusal is shown");
    assert!(err.contains("pipl") || err.contains("PIPL") || err.contains("pause"), "{err}");
    assert!(matches!(t.replies.last(), Some(Reply::Failed(_))));
    assert_eq!(fingerprint(&t), before);
    assert!(t.draw_to(120, 40).contains(&err.chars().take(40).collect::<String>()));
    t.press("esc");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.screen(), Screen::Case);
}

#[test]
fn pausing_a_gdpr_case_with_a_reason_pauses_its_deadline() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("p");
    t.type_text("clarification of scope requested");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", t.app.dialog.as_ref().and_then(|d| d.error.clone()));
    let view = t.desk.svc.show(c.gdpr).unwrap();
    assert_eq!(view.deadlines.paused_since, Some(today()));
    assert!(view.case.deadline.unwrap().paused);
    let last = view.timeline.last().unwrap();
    assert_eq!(last.details["event"], "paused");
    assert_eq!(last.content.as_ref().unwrap()["reason"], "clarification of scope requested");
    assert!(t.draw_to(120, 40).contains("Clock paused since 2026-11-20"));
    // r resumes it, with no dialog.
    t.press("r");
    assert!(t.desk.svc.show(c.gdpr).unwrap().deadlines.paused_since.is_none());
}

#[test]
fn extending_asks_for_confirmation() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let before = fingerprint(&t);
    let respond_by = t.desk.svc.show(c.gdpr).unwrap().deadlines.respond_by;
    t.press("x");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Extend"));
    assert_eq!(t.field("notified"), "2026-11-20", "told today by default");
    t.type_text("complexity: 14 systems to search");
    t.press("enter");
    assert!(t.app.dialog.as_ref().unwrap().confirming);
    assert_eq!(fingerprint(&t), before);
    t.press("n");
    assert!(!t.app.dialog.as_ref().unwrap().confirming, "n goes back");
    t.press("enter enter");
    assert!(t.app.dialog.is_none(), "{:?}", t.app.dialog.as_ref().and_then(|d| d.error.clone()));
    let d = t.desk.svc.show(c.gdpr).unwrap().deadlines;
    assert!(d.extended);
    assert!(d.respond_by > respond_by);
    assert!(t.draw_to(120, 40).contains("(extended)"));
}

#[test]
fn verifying_identity_moves_an_awaiting_case_to_in_progress() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.awaiting);
    t.press("v");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Verify"));
    assert_eq!((t.field("method"), t.field("result")), ("account-match".into(), "verified".into()));
    t.press("right");
    assert_eq!(t.field("method"), "id-document");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "{:?}", t.app.dialog.as_ref().and_then(|d| d.error.clone()));
    assert_eq!(case(&mut t, c.awaiting).status, Status::InProgress);
    let timeline = events(&mut t, c.awaiting);
    assert!(
        timeline.iter().any(|e| e.details["event"] == "identity-verified" && e.details["method"] == "id-document"),
        "{timeline:?}"
    );
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("Status       in progress"), "{frame}");
}

#[test]
fn reopening_a_fulfilled_case_asks_for_a_reason() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.fulfilled);
    let before = fingerprint(&t);
    t.press("O");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Reopen"));
    assert_eq!(t.field("to"), "in-progress");
    t.press("enter");
    assert_eq!(t.field_error("reason").as_deref(), Some("required"));
    assert_eq!(fingerprint(&t), before);
    assert_eq!(t.focused_field(), "reason");
    t.type_text("export was missing the order history");
    t.press("enter");
    assert!(t.app.dialog.is_none());
    assert_eq!(case(&mut t, c.fulfilled).status, Status::InProgress);
    let last = events(&mut t, c.fulfilled).pop().unwrap();
    assert_eq!(last.details["transition"], "reopen");
}

#[test]
fn reopen_on_an_open_case_says_there_is_nothing_to_do() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("O");
    assert!(t.app.dialog.is_none());
    assert!(t.app.flash.as_ref().is_some_and(|(_, err)| *err));
}

#[test]
fn assign_defaults_to_me_and_can_unassign() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("A");
    assert_eq!(t.field("user"), "tester");
    t.press("enter");
    assert_eq!(case(&mut t, c.gdpr).assignee.as_deref(), Some("tester"));
    t.press("A");
    for _ in 0.."tester".len() {
        t.press("backspace");
    }
    t.press("enter");
    assert_eq!(case(&mut t, c.gdpr).assignee, None);
}

#[test]
fn esc_backs_out_of_a_dialog_then_the_case() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let before = fingerprint(&t);
    t.press("a");
    t.type_text("never mind");
    t.press("esc");
    assert!(t.app.dialog.is_none());
    assert_eq!(t.screen(), Screen::Case);
    t.press("esc");
    assert_eq!(t.screen(), Screen::Queue);
    assert_eq!(fingerprint(&t), before);
}

#[test]
fn help_opens_from_anywhere_and_returns_where_it_came_from() {
    let (mut t, c) = tui_with_cases();
    t.press("?");
    assert_eq!(t.screen(), Screen::Help);
    let frame = t.draw_to(120, 40);
    assert!(frame.contains("j, down") && frame.contains("next case"), "{frame}");
    t.press("j j");
    assert_eq!(t.app.help_scroll, 2);
    t.press("esc");
    assert_eq!(t.screen(), Screen::Queue);
    open(&mut t, c.gdpr);
    t.press("f1");
    assert_eq!(t.screen(), Screen::Help);
    assert_eq!(t.app.help_scroll, 0, "help opens at its top");
    t.press("?");
    assert_eq!(t.screen(), Screen::Case);
    // From the welcome screen too.
    let mut w = Tui::new().started();
    w.press("?");
    assert_eq!(w.screen(), Screen::Help);
    w.press("esc");
    assert_eq!(w.screen(), Screen::Welcome);
}

#[test]
fn q_quits_from_the_queue_the_case_and_help() {
    for keys in ["q", "enter q", "? q q", "ctrl-c"] {
        let mut t = Tui::demo(20, 1);
        t.press(keys);
        assert!(t.app.quit, "{keys}");
    }
    let mut t = Tui::demo(20, 1);
    t.press("?");
    t.press("q");
    assert!(!t.app.quit, "q closes the help screen first");
    assert_eq!(t.screen(), Screen::Queue);
}

#[test]
fn refresh_reads_changes_made_elsewhere() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    // Another agent adds a note behind this session's back.
    t.desk.svc.add_note(c.gdpr, "from another desk").unwrap();
    let n = events(&mut t, c.gdpr).len();
    assert_ne!(t.app.case.as_ref().unwrap().view.as_ref().unwrap().timeline.len(), n);
    t.press("ctrl-r");
    assert_eq!(t.app.case.as_ref().unwrap().view.as_ref().unwrap().timeline.len(), n);
}

// ---------------------------------------------------------------------------
// Replies, mouse and keymap
// ---------------------------------------------------------------------------

#[test]
fn a_stale_queue_reply_is_ignored() {
    let mut t = Tui::demo(200, 7);
    t.draw_to(80, 24);
    let before: Vec<CaseId> = t.app.queue.rows.iter().map(|c| c.id).collect();
    let old_req = t.app.queue.req;

    // Two tab presses in a row; the answer to the first arrives last.
    let first = t.act_only(Action::Key(dsar::tui::parse_key("tab").unwrap()));
    let second = t.act_only(Action::Key(dsar::tui::parse_key("tab").unwrap()));
    assert_eq!(t.app.queue.tab, Tab::Week);
    let [Job::LoadQueue { req: r1, .. }] = first.as_slice() else { panic!("{first:?}") };
    let [Job::LoadQueue { req: r2, .. }] = second.as_slice() else { panic!("{second:?}") };
    assert!(old_req < *r1 && r1 < r2);
    t.run(second);
    let week: Vec<CaseId> = t.app.queue.rows.iter().map(|c| c.id).collect();
    let week_total = t.app.queue.total;
    let stale = dsar::tui::perform(&mut t.desk.svc, first.into_iter().next().unwrap());
    assert!(matches!(&stale, Reply::Queue { rows, .. } if !rows.is_empty()));
    t.act(Action::Reply(stale));
    assert_eq!(t.app.queue.rows.iter().map(|c| c.id).collect::<Vec<_>>(), week);
    assert_eq!(t.app.queue.total, week_total);

    // A made-up answer to a long-gone question changes nothing either, not even the screen.
    t.act(Action::Reply(Reply::Queue {
        req: old_req,
        offset: 0,
        rows: Vec::new(),
        total: 0,
        empty: true,
        propose: Vec::new(),
    }));
    assert_eq!(t.screen(), Screen::Queue);
    assert_eq!(t.app.queue.rows.iter().map(|c| c.id).collect::<Vec<_>>(), week);
    assert_ne!(before, week);
}

#[test]
fn a_case_reply_for_another_case_is_ignored() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let other = t.desk.svc.show(c.pipl).unwrap();
    t.act(Action::Reply(Reply::Case(Box::new(other))));
    assert_eq!(t.app.case.as_ref().unwrap().view.as_ref().unwrap().case.id, c.gdpr);
}

#[test]
fn a_failure_outside_a_dialog_is_flashed() {
    let (mut t, _) = tui_with_cases();
    t.act(Action::Reply(Reply::Failed("disk full".into())));
    assert_eq!(t.app.flash, Some(("Not done: disk full".to_owned(), true)));
    // Any key clears the message.
    t.press("j");
    assert_eq!(t.app.flash, None);
}

#[test]
fn clicking_a_row_selects_it_and_the_wheel_scrolls() {
    let mut t = Tui::demo(200, 7);
    t.press("backtab");
    let full = all_cases(&mut t);
    t.draw_to(80, 24);
    t.act(Action::ClickRow(5));
    assert_eq!(t.app.queue.selected, 5);
    assert_window(&mut t, &full);

    // The hit areas map a screen line to its row.
    let frame = t.draw_to(80, 24);
    let table = t.hits.table.expect("the queue reports its table");
    let line = frame.lines().position(|l| l.starts_with(&full[12].id.to_string())).unwrap();
    let row = t.hits.top + u64::try_from(line).unwrap() - u64::from(table.y);
    t.act(Action::ClickRow(row));
    assert_eq!(selected_id(&t), Some(full[12].id));

    t.act(Action::ClickRow(10_000));
    assert_eq!(t.app.queue.selected, 199, "a click below the last row selects the last");
    assert_window(&mut t, &full);
    t.act(Action::Wheel(false));
    assert_eq!(t.app.queue.selected, 196);
    t.press("g");
    t.act(Action::Wheel(true));
    t.act(Action::Wheel(true));
    assert_eq!(t.app.queue.selected, 6);
    t.act(Action::Wheel(false));
    t.act(Action::Wheel(false));
    t.act(Action::Wheel(false));
    assert_eq!(t.app.queue.selected, 0);
    assert_window(&mut t, &full);

    // In a case the wheel scrolls the text; with a dialog open, mouse input is ignored.
    t.press("enter");
    // Scrolling stops at the text's end, which the first frame of the case measures.
    t.draw_to(80, 24);
    t.act(Action::Wheel(true));
    assert_eq!(t.app.case.as_ref().unwrap().scroll, 3);
    t.press("esc a");
    t.act(Action::Wheel(true));
    t.act(Action::ClickRow(7));
    assert_eq!(t.app.queue.selected, 0);
}

#[test]
fn a_user_keymap_replacing_the_queue_changes_what_j_does() {
    let mut keymap = Keymap::shipped().unwrap();
    let user = "[[queue]]\non = [\"j\"]\nrun = \"bottom\"\n[[queue]]\non = [\"J\"]\nrun = \"down\"\n";
    keymap.overlay(Keymap::parse(user, "keymap.toml").unwrap());
    let mut desk = Desk::new();
    desk.svc.demo(200, 7, &mut |_| {}).unwrap();
    let mut t = Tui::with_keymap(desk, Language::En, true, keymap).started();
    t.draw_to(80, 24);
    let total = t.app.queue.total;
    t.press("J J");
    assert_eq!(t.app.queue.selected, 2, "J moves down");
    t.press("down k");
    assert_eq!(t.app.queue.selected, 2, "the replaced context lost its other keys");
    t.press("j");
    assert_eq!(t.app.queue.selected, total - 1, "j now jumps to the last case");
    // Global and case bindings are untouched.
    t.press("?");
    assert_eq!(t.screen(), Screen::Help);
    let help = t.draw_to(120, 40);
    assert!(help.contains(&format!("  {:<26}last case", "j")), "{help}");
    t.press("esc");
    // The hint bar has nothing to say about the missing actions but shows what is bound.
    assert!(!t.draw_to(120, 40).contains("enter open case"));
}

#[test]
fn key_release_events_are_ignored() {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    let mut t = Tui::demo(50, 3);
    let mut k = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    k.kind = KeyEventKind::Release;
    t.act(Action::Key(k));
    assert_eq!(t.app.queue.selected, 0);
}

// ---------------------------------------------------------------------------
// Known bugs (each test states the expected behaviour; ignored until fixed)
// ---------------------------------------------------------------------------

#[test]
fn the_confirmation_names_the_status_finally_chosen() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("s right enter"); // fulfilled: asks
    assert!(t.app.dialog.as_ref().unwrap().confirming);
    t.press("esc right right"); // back, then withdrawn
    assert_eq!(t.field("to"), "withdrawn");
    t.press("enter");
    let d = t.app.dialog.as_ref().unwrap();
    assert!(d.confirming);
    let question = d.confirm.clone().unwrap();
    assert!(question.contains("withdrawn"), "asks about the wrong status: {question}");
}

#[test]
fn going_back_to_a_non_final_status_needs_no_confirmation() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    t.press("s right enter esc left");
    assert_eq!(t.field("to"), "awaiting-identity");
    t.press("enter");
    assert!(t.app.dialog.is_none(), "asked: {:?}", t.app.dialog.as_ref().and_then(|d| d.confirm.clone()));
    assert_eq!(case(&mut t, c.gdpr).status, Status::AwaitingIdentity);
}

#[test]
fn a_late_answer_does_not_close_a_dialog_opened_meanwhile() {
    let (mut t, c) = tui_with_cases();
    let req = dsar::service::ClockRequest {
        kind: dsar::domain::ClockKind::Paused,
        at: None,
        notified: None,
        reason: Some("waiting"),
        method: None,
        until: None,
    };
    t.desk.svc.record_clock(c.gdpr, &req).unwrap();
    open(&mut t, c.gdpr);
    // r is sent to the worker; before it answers, the person starts a note.
    let resume = t.act_only(Action::Key(dsar::tui::parse_key("r").unwrap()));
    assert!(matches!(resume.as_slice(), [Job::Clock { .. }]));
    t.press("a");
    t.type_text("half a note");
    t.run(resume);
    assert!(t.desk.svc.show(c.gdpr).unwrap().deadlines.paused_since.is_none(), "the resume was done");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Note"), "the note being typed was thrown away");
    assert_eq!(t.field("text"), "half a note");
}

#[test]
fn scrolling_a_case_stops_at_its_last_line() {
    let (mut t, c) = tui_with_cases();
    open(&mut t, c.gdpr);
    let first = t.draw_to(80, 24);
    assert!(first.contains("Status"), "{first}");
    t.press("pgdown pgdown pgdown");
    let frame = t.draw_to(80, 24);
    assert!(frame.contains("created: access under gdpr"), "the oldest event stays on screen:\n{frame}");
}

// ---------------------------------------------------------------------------
// Mail: paste an email and review the proposed case; import from a path
// ---------------------------------------------------------------------------

const PASTED: &str = "From: Li Wei <li.wei@example.cn>\r\nSubject: =?UTF-8?B?6K+35Yig6Zmk5oiR55qE5Liq5Lq65L+h5oGv?=\r\nDate: Mon, 16 Nov 2026 10:00:00 +0800\r\nMessage-ID: <paste1@example.cn>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n您好，请删除我的个人信息。\r\n";

#[test]
fn a_pasted_email_is_proposed_for_review_then_saved_with_its_raw_bytes() {
    let mut t = Tui::new().started();
    t.app.session.default_regime = Some(dsar::domain::Regime::Pipl);
    t.press("P");
    assert_eq!(dialog_kind(&t).as_deref(), Some("Paste"));
    // Terminals paste line ends as CR; they become lines again.
    t.act(Action::Paste(PASTED.replace("\r\n", "\r")));
    t.press("enter");
    // The review form is the intake form, filled in from the mail.
    assert_eq!(dialog_kind(&t).as_deref(), Some("Intake"));
    assert_eq!(t.field("email"), "li.wei@example.cn");
    assert_eq!(t.field("name"), "Li Wei");
    assert_eq!(t.field("rights"), "erasure");
    assert_eq!(t.field("language"), "zh-CN");
    assert_eq!(t.field("received"), "2026-11-16T10:00:00+08:00");
    let d = t.app.dialog.as_ref().unwrap();
    assert!(d.evidence.iter().any(|e| e.contains("删除")), "{:?}", d.evidence);
    // Nothing is written before the person saves; they may correct a right first.
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 0);
    t.press("tab tab space enter");
    assert!(t.app.dialog.is_none(), "{:?}", t.app.dialog.as_ref().map(|d| &d.error));
    let cases = all_cases(&mut t);
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].rights.to_ids(), "access,erasure");
    let raw: Vec<u8> = t.desk.raw().query_row("SELECT raw FROM messages", [], |r| r.get(0)).unwrap();
    assert_eq!(raw, PASTED.replace("\r\n", "\n").into_bytes());
    // Pasting the same mail again is refused: it is on the case already.
    t.press("P");
    t.act(Action::Paste(PASTED.to_owned()));
    t.press("enter enter");
    let err = t.app.dialog.as_ref().and_then(|d| d.error.clone()).unwrap_or_default();
    assert!(err.contains("imported before"), "{err}");
    assert_eq!(t.desk.count("SELECT count(*) FROM cases"), 1);
}

#[test]
fn pasting_something_that_is_not_mail_says_so() {
    let mut t = Tui::new().started();
    t.press("P");
    t.act(Action::Paste("just some words\nwithout headers".to_owned()));
    t.press("enter");
    let d = t.app.dialog.as_ref().unwrap();
    assert_eq!(format!("{:?}", d.kind), "Paste");
    assert!(d.error.as_deref().unwrap_or("").contains("not an email"), "{:?}", d.error);
}

#[test]
fn import_from_a_path_reports_the_counts_and_fills_the_queue() {
    let mut t = Tui::new().started();
    t.app.session.default_regime = Some(dsar::domain::Regime::Gdpr);
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("box.mbox");
    std::fs::write(
        &mbox,
        "From a@x Mon Nov 16 10:00:00 2026\nFrom: a@example.com\nSubject: Delete\nMessage-ID: <1@x>\n\ndelete my data\n\n\
         From b@x Mon Nov 16 10:00:00 2026\nSubject: no sender\n\nerase\n",
    )
    .unwrap();
    t.press("i");
    t.type_text(mbox.to_str().unwrap());
    t.press("enter");
    let (flash, error) = t.app.flash.clone().unwrap();
    assert!(!error && flash.ends_with("1 new, 0 follow-ups, 0 duplicates, 1 failed"), "{flash}");
    assert_eq!(t.app.queue.total, 1);
}
