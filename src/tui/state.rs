//! Everything the screen shows, in one value. Only `update` changes it;
//! views only read it.

use super::field::Field;
use super::i18n::Strings;
use super::keymap::Keymap;
pub use super::outbox::Outbox;
pub use super::reports::Reports;
use crate::domain::{Case, CaseId, Status};
use crate::service::{CaseView, Draft};
use crate::store::ListQuery;
use chrono::{Days, NaiveDate};

/// The queue's tabs, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Open,
    Overdue,
    Week,
    Mine,
    Awaiting,
    Closed,
    All,
}

impl Tab {
    pub const ALL: [Tab; 7] = [Tab::Open, Tab::Overdue, Tab::Week, Tab::Mine, Tab::Awaiting, Tab::Closed, Tab::All];

    pub fn label_key(self) -> &'static str {
        match self {
            Tab::Open => "tab.open",
            Tab::Overdue => "tab.overdue",
            Tab::Week => "tab.week",
            Tab::Mine => "tab.mine",
            Tab::Awaiting => "tab.awaiting",
            Tab::Closed => "tab.closed",
            Tab::All => "tab.all",
        }
    }

    /// The listing this tab shows.
    pub fn query(self, today: NaiveDate, me: &str) -> ListQuery {
        let open = Status::OPEN.to_vec();
        let week = today.checked_add_days(Days::new(7)).unwrap_or(today);
        match self {
            Tab::Open => ListQuery { statuses: open, ..Default::default() },
            Tab::Overdue => ListQuery { statuses: open, due_before: Some(today), ..Default::default() },
            Tab::Week => ListQuery { statuses: open, due_between: Some((today, week)), ..Default::default() },
            Tab::Mine => ListQuery { statuses: open, assignee: Some(me.to_owned()), ..Default::default() },
            Tab::Awaiting => ListQuery { statuses: vec![Status::AwaitingIdentity], ..Default::default() },
            Tab::Closed => ListQuery { statuses: Status::FINAL.to_vec(), ..Default::default() },
            Tab::All => ListQuery::default(),
        }
    }

    pub fn next(self, forward: bool) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = Tab::ALL.len();
        Tab::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// The queue: a window of rows read from the database around the selection.
#[derive(Debug, Clone)]
pub struct Queue {
    pub tab: Tab,
    pub search: String,
    /// Typing goes to the search box.
    pub searching: bool,
    /// The rows from `offset` on, as last read.
    pub rows: Vec<Case>,
    pub offset: u64,
    /// How many cases the listing has in all.
    pub total: u64,
    /// The selected row, counted from the top of the whole listing.
    pub selected: u64,
    /// The first row on screen.
    pub top: u64,
    /// Rows that fit on screen (set by the view's size).
    pub height: u16,
    /// The id of the last listing asked for; older answers are dropped.
    pub req: u64,
    pub loading: bool,
    /// Loaded rows that have waited for identity long enough to be proposed
    /// for closing as unverified (worked out by the worker).
    pub propose: Vec<CaseId>,
}

impl Queue {
    pub fn selected_case(&self) -> Option<&Case> {
        let i = self.selected.checked_sub(self.offset)?;
        self.rows.get(usize::try_from(i).ok()?)
    }
}

/// What kind of dialog is open: decides what submitting does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    Intake,
    Note,
    Assign,
    Status,
    Pause,
    Extend,
    /// How a requester's identity (or authority) was verified.
    Verify,
    /// Who makes the request, and for whom.
    Party,
    /// Confirms closing a case that waited too long for identity.
    CloseUnverified,
    /// Confirms sending a one-time code to the person.
    SendCode,
    /// A one-time code the requester gave by phone or chat, to check.
    CheckCode,
    Reopen,
    /// A path to import mail from.
    ImportPath,
    /// A pasted email, to be proposed as a case for review.
    Paste,
    /// A reply: template, language and attachments.
    Compose,
    /// The rendered reply's subject and body, to edit.
    ComposeEdit,
    /// The reply exactly as it will leave; confirming queues (and sends) it.
    Preview,
    /// Why an outbox reply is withdrawn.
    CancelReply,
    /// Confirms that an outbox reply left by other means.
    MarkSent,
    /// The folder to write the pending replies to as .eml files.
    ExportOutbox,
    /// Confirms purging the cases past the retention period.
    Purge,
}

/// A popup (or, for intake, a full-screen form) collecting input for one action.
#[derive(Debug, Clone)]
pub struct Dialog {
    pub kind: DialogKind,
    pub case: Option<CaseId>,
    pub title: String,
    pub fields: Vec<Field>,
    /// Fields not asked for now, kept with what was typed into them: they
    /// come back when a choice makes them relevant again (see `dialog_fit`).
    pub hidden: Vec<Field>,
    pub focus: usize,
    /// Asked before an irreversible or outward-facing action.
    pub confirm: Option<String>,
    pub confirming: bool,
    /// Sent to the worker; waiting for the answer.
    pub busy: bool,
    pub error: Option<String>,
    /// For the intake form opened from pasted mail: the raw message to store,
    /// and the words that suggested each right.
    pub raw: Option<Vec<u8>>,
    pub evidence: Vec<String>,
    /// For a reply being composed: the rendered draft, kept from editing to
    /// preview and back.
    pub draft: Option<Box<Draft>>,
    /// The outbox reply an outbox dialog acts on.
    pub outbox: Option<i64>,
    /// How far the preview is scrolled.
    pub scroll: u16,
    /// For the purge dialog: cases closed before this day are purged.
    pub closed_before: Option<NaiveDate>,
    /// The version of its case as shown when the dialog opened: saving is
    /// refused if someone else changed the case since (see `refresh`).
    pub seen: Option<i64>,
}

impl Dialog {
    pub fn field(&self, name: &str) -> String {
        self.fields.iter().find(|f| f.name == name).map(Field::value).unwrap_or_default()
    }

    pub fn focused(&mut self) -> Option<&mut Field> {
        self.fields.get_mut(self.focus)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Queue,
    Case,
    Help,
    Outbox,
    Reports,
}

/// The case being looked at.
#[derive(Debug, Clone)]
pub struct CaseScreen {
    pub id: CaseId,
    pub view: Option<Box<CaseView>>,
    pub scroll: u16,
}

/// What the last frame could show, fed back by the runner so that paging and
/// scrolling match the screen.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fit {
    /// Queue rows on screen.
    pub queue_rows: u16,
    /// Lines of the case view on screen, and how many it has in all.
    pub case_rows: u16,
    pub case_lines: u16,
    /// Outbox rows on screen.
    pub outbox_rows: u16,
    /// Lines of a message (reply preview, outbox message) on screen, and in all.
    pub message_rows: u16,
    pub message_lines: u16,
}

/// Fixed facts about this session, shown on screens.
#[derive(Debug, Clone)]
pub struct Session {
    pub me: String,
    pub today: NaiveDate,
    pub db_path: String,
    pub config_path: String,
    /// Rows due within this many days are amber.
    pub amber_days: i64,
    pub colors: bool,
    pub default_regime: Option<crate::domain::Regime>,
}

#[derive(Debug, Clone)]
pub struct App {
    pub text: Strings,
    pub keymap: Keymap,
    pub session: Session,
    pub screen: Screen,
    /// Where Esc returns from the help screen.
    pub help_from: Screen,
    pub help_scroll: u16,
    pub queue: Queue,
    pub case: Option<CaseScreen>,
    pub dialog: Option<Dialog>,
    pub outbox: Outbox,
    pub reports: Reports,
    /// A one-line message: (text, is an error).
    pub flash: Option<(String, bool)>,
    /// Why the database was opened read-only: shown in the title bar; every
    /// change is refused by the store with this reason.
    pub read_only: Option<String>,
    pub fit: Fit,
    pub quit: bool,
}

impl App {
    pub fn new(text: Strings, keymap: Keymap, session: Session) -> App {
        App {
            text,
            keymap,
            session,
            screen: Screen::Queue,
            help_from: Screen::Queue,
            help_scroll: 0,
            queue: Queue {
                tab: Tab::Open,
                search: String::new(),
                searching: false,
                rows: Vec::new(),
                offset: 0,
                total: 0,
                selected: 0,
                top: 0,
                height: 20,
                req: 0,
                loading: true,
                propose: Vec::new(),
            },
            case: None,
            dialog: None,
            outbox: Outbox::default(),
            reports: Reports::default(),
            flash: None,
            read_only: None,
            fit: Fit::default(),
            quit: false,
        }
    }
}
