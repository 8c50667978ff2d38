//! The command line, declared with clap. Values that need checking (rights,
//! regimes, dates, emails) arrive as text and are checked by the domain, so a
//! bad value is "bad input" (exit 1) with the domain's message, not a usage error.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "dsar",
    version,
    about = "An offline desk for data-subject requests: log, verify, track deadlines, reply.",
    long_about = "An offline desk for data-subject requests: log requests, verify identity, track \
        statutory deadlines and reply, from one terminal and one local SQLite file.\n\n\
        Exit codes: 0 success, 1 refused operation or bad input, 2 usage error."
)]
pub struct Cli {
    /// Database file [default: the platform data directory]
    #[arg(long, global = true, env = "DSAR_DB", value_name = "PATH", help_heading = "Global options")]
    pub db: Option<PathBuf>,

    /// Configuration file [default: the platform config directory]
    #[arg(long, global = true, env = "DSAR_CONFIG", value_name = "PATH", help_heading = "Global options")]
    pub config: Option<PathBuf>,

    /// Who is acting, for the audit log [default: the OS user]
    #[arg(long = "as", global = true, env = "DSAR_USER", value_name = "NAME", help_heading = "Global options")]
    pub actor: Option<String>,

    /// Print machine-readable JSON instead of text
    #[arg(long, global = true, help_heading = "Global options")]
    pub json: bool,

    /// Refuse a change to a case unless it is still at this version (`version` in `dsar show ID --json`):
    /// a change decided on what you read is never made over someone else's newer one
    #[arg(long, global = true, value_name = "N", help_heading = "Global options")]
    pub expect_version: Option<i64>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log a new request and print its id
    New(NewArgs),
    /// List cases (open ones by default), most urgent first
    List(ListArgs),
    /// Show a case and its timeline (who did what, when)
    Show {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// text, or json (the same as --json) [default: text]
        #[arg(long, value_enum, value_name = "FORMAT")]
        format: Option<ShowFormat>,
    },
    /// Add a note to a case
    Note {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// The note text
        text: String,
    },
    /// Assign a case to a person ("-" to unassign)
    Assign {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// The agent's name, or "-" for nobody
        user: String,
    },
    /// Change a case's status (refusing and reopening need --reason)
    Status {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// new, awaiting-identity, in-progress, fulfilled, refused, withdrawn or closed-unverified
        new_status: String,
        /// Why: required to refuse or to reopen a closed case
        #[arg(long)]
        reason: Option<String>,
    },
    /// Compute statutory due dates without a database
    Due(DueArgs),
    /// Pause a case's clock (where the regime allows it)
    Pause {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// Why the clock stops, e.g. waiting for the requester's clarification
        #[arg(long)]
        reason: String,
        /// For a pause entered after the fact: the day it ended (records the resumption too)
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        #[command(flatten)]
        at: AtArg,
    },
    /// Resume a paused clock
    Resume {
        /// Case id, e.g. R-2026-0042
        id: String,
        #[command(flatten)]
        at: AtArg,
    },
    /// Take the regime's extension (the requester must be told, with reasons)
    Extend {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// Why more time is needed (told to the requester)
        #[arg(long)]
        reason: String,
        /// When the requester was told: YYYY-MM-DD or RFC 3339 [default: --at]
        #[arg(long, value_name = "DATE")]
        notified: Option<String>,
        #[command(flatten)]
        at: AtArg,
    },
    /// Record a verification of the requester (or of a guardian's or agent's
    /// authority); the one that completes the proof starts clocks that wait for it
    Verify(VerifyArgs),
    /// Record who makes the request: self, guardian (of a minor) or authorised-agent,
    /// and for whom
    Relationship {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// self, guardian or authorised-agent
        relationship: String,
        /// The name of the person the data is about
        #[arg(long, value_name = "NAME")]
        subject_name: Option<String>,
        /// The address of the person the data is about (an agent's request sends the one-time code there)
        #[arg(long, value_name = "EMAIL")]
        subject_email: Option<String>,
    },
    /// One-time codes: send one to the requester, or check one they gave back
    #[command(subcommand)]
    Code(CodeCommand),
    /// Record another clock event: identity-requested, clarification-requested,
    /// clarification-received, fee-requested or fee-paid
    Clock {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// The event id
        event: String,
        /// A note on the event
        #[arg(long)]
        reason: Option<String>,
        #[command(flatten)]
        at: AtArg,
    },
    /// Import mail: .eml files, mbox files, Maildir folders, or - for standard input
    Import(ImportArgs),
    /// Fill the database with realistic synthetic cases (for trying dsar out and benchmarks)
    Demo(DemoArgs),
    /// Compose a reply to the requester from a template and queue it in the outbox
    Reply(ReplyArgs),
    /// Reply templates: list them, or show one's source to write your own
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Replies waiting to leave: list, send, retry, export as .eml
    #[command(subcommand)]
    Outbox(OutboxCommand),
    /// Figures over the cases received in a window: open, overdue, closed on time and
    /// late, days to respond, counts by right, regime, channel, outcome and month
    Report(ReportArgs),
    /// The register of requests, one row per case, for an auditor (no requester
    /// details or message bodies unless --bodies)
    Export(ExportArgs),
    /// Erase the personal data of cases closed before a date (retention);
    /// their statistics and the audit trail stay
    Purge {
        /// Purge cases closed before this day: YYYY-MM-DD
        #[arg(long, value_name = "DATE")]
        closed_before: String,
        /// Show what would be purged and change nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// The audit trail
    #[command(subcommand)]
    Audit(AuditCommand),
    /// The configuration file
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Copy the database into a new file (mode 0600), consistently, while dsar is in use
    Backup {
        /// The new file; an existing file is never overwritten
        path: PathBuf,
    },
    /// Check a database without changing it: integrity, foreign keys, schema, search index,
    /// audit chain; exits 1 if any check fails (dsar --db BACKUP check checks a backup)
    Check,
    /// Encrypt the database with the key from DSAR_KEY or database.key_command (by way of
    /// a verified copy; the unencrypted original is kept beside it as DB.unencrypted)
    Encrypt,
    /// Decrypt the database back into a plain SQLite file (by way of a verified copy; the
    /// encrypted original is kept beside it as DB.encrypted-backup)
    Decrypt,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The requester's email address
    #[arg(long)]
    pub email: String,
    /// The requester's name
    #[arg(long)]
    pub name: Option<String>,
    /// A right requested; repeat for several: access, copy, portability, rectification, erasure,
    /// withdraw-consent, account-cancellation, objection, automated-decision, complaint
    #[arg(long = "right", required = true, value_name = "RIGHT")]
    pub rights: Vec<String>,
    /// pipl, gdpr, uk-gdpr, ccpa, lgpd or pipeda [default: organisation.default_regime]
    #[arg(long, value_name = "ID")]
    pub regime: Option<String>,
    /// When the request arrived: RFC 3339 or YYYY-MM-DD (local to organisation.timezone) [default: now]
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
    /// email, web, phone, letter or in-person [default: email]
    #[arg(long)]
    pub channel: Option<String>,
    /// The language to answer in: en or zh-CN [default: guessed from the name and regime]
    #[arg(long = "lang", value_name = "LANG")]
    pub language: Option<String>,
    /// The requester's phone number
    #[arg(long)]
    pub phone: Option<String>,
    /// The requester's account reference with the organisation
    #[arg(long = "account", value_name = "REF")]
    pub account_ref: Option<String>,
    /// self, guardian or authorised-agent [default: self]
    #[arg(long)]
    pub relationship: Option<String>,
    /// For a guardian or an agent: the name of the person the data is about
    #[arg(long, value_name = "NAME")]
    pub subject_name: Option<String>,
    /// For a guardian or an agent: the address of the person the data is about
    /// (an agent's request sends the one-time code there)
    #[arg(long, value_name = "EMAIL")]
    pub subject_email: Option<String>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Case id, e.g. R-2026-0042
    pub id: String,
    /// account-match, id-document, call, agent-authorisation or guardian-proof
    /// (reply-code is recorded by `dsar code check`)
    #[arg(long)]
    pub method: String,
    /// verified, failed or insufficient [default: verified]
    #[arg(long)]
    pub result: Option<String>,
    /// What was checked, e.g. an account reference; for id-document only the
    /// last 4 characters of the number. A full identity number is refused
    #[arg(long, value_name = "TEXT")]
    pub reference: Option<String>,
    /// A note on the verification (never a full identity number)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// For id-document: resident-id, passport, travel-permit, driving-licence or other [default: other]
    #[arg(long, value_name = "KIND")]
    pub document: Option<String>,
    /// For guardian-proof: the child's date of birth, to confirm they are a minor (only the age is kept)
    #[arg(long, value_name = "DATE")]
    pub born: Option<String>,
    #[command(flatten)]
    pub at: AtArg,
}

#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Queue the identity-request mail carrying a new one-time code (and send it if SMTP is set up)
    Send {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// Language of the mail: en or zh-CN [default: the requester's]
        #[arg(long = "lang", value_name = "LANG")]
        language: Option<String>,
        /// Only queue it; do not try to send now
        #[arg(long)]
        queue_only: bool,
    },
    /// Check a code the requester gave back: exit 0 verified, 1 wrong, expired or used up
    Check {
        /// Case id, e.g. R-2026-0042
        id: String,
        /// The code, e.g. K7QM-4TZP (case, spaces and hyphens do not matter)
        code: String,
    },
}

/// When a clock event happened.
#[derive(Debug, Args)]
pub struct AtArg {
    /// When it happened: YYYY-MM-DD or RFC 3339 [default: today]
    #[arg(long, value_name = "DATE")]
    pub at: Option<String>,
}

#[derive(Debug, Args)]
pub struct DueArgs {
    /// pipl, gdpr, uk-gdpr, ccpa, lgpd or pipeda
    #[arg(long, value_name = "ID")]
    pub regime: String,
    /// A holiday calendar other than the regime's own: cn, gb-eng, us, ie, de, or one you added
    #[arg(long, value_name = "ID")]
    pub calendar: Option<String>,
    /// The day the request was received: YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub received: String,
    /// The day identity was verified: YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub verified: Option<String>,
    /// A pause of the clock, FROM:TO as YYYY-MM-DD:YYYY-MM-DD; repeat for several
    #[arg(long = "pause", value_name = "FROM:TO")]
    pub pauses: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// open (not final), closed (final), all, or one status id
    #[arg(long, default_value = "open")]
    pub status: String,
    /// Words to find (each a word prefix; Chinese matched character by character) in the
    /// case id, the requester's name, email, phone or account, or a note
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Only open cases past their due date (combine with --due-within for both)
    #[arg(long)]
    pub overdue: bool,
    /// Only open cases due from today to DAYS days ahead
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
    /// Show at most this many cases
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// Which cases, by the local date they were received.
#[derive(Debug, Args)]
pub struct WindowArgs {
    /// Only cases received on or after this day: YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only cases received on or before this day: YYYY-MM-DD
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub window: WindowArgs,
    /// Print a section,key,value CSV table instead of text
    #[arg(long)]
    pub csv: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv or json (--json alone also means json)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ExportFormat>,
    #[command(flatten)]
    pub window: WindowArgs,
    /// Add the requester's name and email and, in JSON, each case's messages
    /// (direction, date, subject, body): personal data, keep the file safe
    #[arg(long)]
    pub bodies: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders to import; - reads one message or mbox from standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Show what would happen without changing the database
    #[arg(long)]
    pub dry_run: bool,
    /// The regime of new cases [default: organisation.default_regime]
    #[arg(long, value_name = "ID")]
    pub regime: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many cases to create
    #[arg(long, default_value_t = 200, value_name = "N")]
    pub cases: u32,
    /// Seed: the same seed gives the same cases (on the same day)
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; exits 1 naming the first bad event if any
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the configuration file's path
    Path,
    /// Check the configuration file and report the first problem
    Check,
}

#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// Case id, e.g. R-2026-0042
    pub id: String,
    /// The template: acknowledgement, identity-request, clarification-request, extension-notice,
    /// fulfilment-<right>, refusal, complaint-response, closed-unverified (dsar templates list)
    /// [default: the one the case's state suggests]
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
    /// A file to attach (e.g. the data export); repeat for several
    #[arg(long = "attach", value_name = "FILE")]
    pub attachments: Vec<PathBuf>,
    /// Edit the rendered reply in $VISUAL or $EDITOR before queuing it
    #[arg(long)]
    pub edit: bool,
    /// The language to write in: en or zh-CN [default: the case's]
    #[arg(long = "lang", value_name = "LANG")]
    pub language: Option<String>,
    /// Print the message exactly as it would be sent, and queue nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Try to send the outbox right after queuing
    #[arg(long)]
    pub send: bool,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Every template, and whether the shipped or your own file is used
    List,
    /// A template's source, to copy into the config folder and change
    Show {
        /// The template's name
        name: String,
        /// en or zh-CN [default: the interface language]
        #[arg(long = "lang", value_name = "LANG")]
        language: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Replies still to leave (queued, sending, failed); --all includes sent and cancelled
    List {
        #[arg(long)]
        all: bool,
    },
    /// Try every queued and failed reply now
    Send {
        /// Only queued replies and failed ones whose back-off has passed (for cron)
        #[arg(long)]
        due: bool,
    },
    /// Try one reply now, whatever its back-off
    Retry {
        /// The outbox id (dsar outbox list)
        id: i64,
    },
    /// Write every queued and failed reply as an .eml file for a mail client
    Export {
        /// The folder to write to (created if needed)
        dir: PathBuf,
    },
    /// Withdraw a reply that has not left
    Cancel {
        /// The outbox id (dsar outbox list)
        id: i64,
        /// Why it is withdrawn
        #[arg(long)]
        reason: String,
    },
    /// Record that a reply left by other means (e.g. its exported .eml)
    MarkSent {
        /// The outbox id (dsar outbox list)
        id: i64,
    },
}
