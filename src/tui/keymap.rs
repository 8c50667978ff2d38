//! Key bindings as data: assets/keymap.toml, overlaid by the user's keymap.toml.
//! The help screen and the hint bar are generated from the same tables.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;

const SHIPPED: &str = include_str!("../../assets/keymap.toml");

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Context {
    Global,
    Queue,
    Case,
    Outbox,
    /// Reading a message: the reply preview and an outbox reply.
    Message,
    Reports,
    Dialog,
}

impl Context {
    pub const ALL: [Context; 7] = [
        Context::Global,
        Context::Queue,
        Context::Case,
        Context::Outbox,
        Context::Message,
        Context::Reports,
        Context::Dialog,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Queue => "queue",
            Context::Case => "case",
            Context::Outbox => "outbox",
            Context::Message => "message",
            Context::Reports => "reports",
            Context::Dialog => "dialog",
        }
    }

    /// Whether global bindings (quit, help) apply: not where a person types
    /// or is in the middle of a reply.
    fn takes_global(self) -> bool {
        matches!(self, Context::Queue | Context::Case | Context::Outbox | Context::Reports)
    }
}

/// One binding: these keys run this action.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Binding {
    pub on: Vec<String>,
    pub run: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    contexts: BTreeMap<Context, Vec<Binding>>,
}

#[derive(Debug, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct KeymapError {
    origin: String,
    message: String,
}

impl Keymap {
    pub fn shipped() -> Result<Keymap, KeymapError> {
        Keymap::parse(SHIPPED, "assets/keymap.toml")
    }

    pub fn parse(text: &str, origin: &str) -> Result<Keymap, KeymapError> {
        let err = |message: String| KeymapError { origin: origin.to_owned(), message };
        let raw: BTreeMap<String, Vec<Binding>> = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut contexts = BTreeMap::new();
        for (name, bindings) in raw {
            let ctx = Context::ALL.into_iter().find(|c| c.id() == name).ok_or_else(|| {
                let known: Vec<&str> = Context::ALL.iter().map(|c| c.id()).collect();
                err(format!("unknown context [[{name}]]; expected one of: {}", known.join(", ")))
            })?;
            for b in &bindings {
                for key in &b.on {
                    if parse_key(key).is_none() {
                        return Err(err(format!("[[{name}]] run = \"{}\": unknown key '{key}'", b.run)));
                    }
                }
            }
            contexts.insert(ctx, bindings);
        }
        Ok(Keymap { contexts })
    }

    /// A user file replaces whole contexts.
    pub fn overlay(&mut self, user: Keymap) {
        self.contexts.extend(user.contexts);
    }

    /// The action a key runs in `ctx` (global bindings apply when `ctx` has none).
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<&str> {
        let name = key_name(key)?;
        let find = |c: Context| {
            self.contexts.get(&c)?.iter().find(|b| b.on.iter().any(|k| k == &name)).map(|b| b.run.as_str())
        };
        find(ctx).or_else(|| if ctx.takes_global() { find(Context::Global) } else { None })
    }

    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.contexts.get(&ctx).map_or(&[], Vec::as_slice)
    }

    /// The first key bound to `action` in `ctx`, for hints.
    pub fn key_for(&self, ctx: Context, action: &str) -> Option<&str> {
        self.keys_for(ctx, action).next()
    }

    /// Every key bound to `action` in `ctx`, in order.
    pub fn keys_for(&self, ctx: Context, action: &str) -> impl Iterator<Item = &str> {
        self.bindings(ctx).iter().filter(move |b| b.run == action).flat_map(|b| b.on.iter().map(String::as_str))
    }
}

/// The canonical name of a key press: "j", "G", "ctrl-c", "down", "pgdown", …
pub fn key_name(key: &KeyEvent) -> Option<String> {
    let base = match key.code {
        KeyCode::Char(' ') => "space".to_owned(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "backtab".into(),
        KeyCode::Backspace => "backspace".into(),
        KeyCode::Delete => "delete".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::PageUp => "pgup".into(),
        KeyCode::PageDown => "pgdown".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::F(n) => format!("f{n}"),
        _ => return None,
    };
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return Some(format!("ctrl-{base}"));
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        return Some(format!("alt-{base}"));
    }
    Some(base)
}

/// Parses a key name as written in keymap files; `None` if it is not one.
pub fn parse_key(name: &str) -> Option<KeyEvent> {
    let (mods, base) = match name.split_once('-') {
        Some(("ctrl", b)) if !b.is_empty() => (KeyModifiers::CONTROL, b),
        Some(("alt", b)) if !b.is_empty() => (KeyModifiers::ALT, b),
        _ => (KeyModifiers::NONE, name),
    };
    let code = match base {
        "space" => KeyCode::Char(' '),
        "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pgup" => KeyCode::PageUp,
        "pgdown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?),
        c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
        _ => return None,
    };
    Some(KeyEvent::new(code, mods))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn shipped_keymap_parses_and_vim_keys_and_arrows_both_work() {
        let k = Keymap::shipped().unwrap();
        for key in ["j", "down"] {
            assert_eq!(k.action(Context::Queue, &parse_key(key).unwrap()), Some("down"));
        }
        assert_eq!(k.action(Context::Queue, &parse_key("enter").unwrap()), Some("open"));
        assert_eq!(k.action(Context::Case, &parse_key("esc").unwrap()), Some("back"));
        assert_eq!(k.action(Context::Queue, &parse_key("q").unwrap()), Some("quit"), "global applies");
        assert_eq!(k.action(Context::Dialog, &parse_key("q").unwrap()), None, "q types in a dialog");
        assert_eq!(k.action(Context::Message, &parse_key("q").unwrap()), None, "q does not drop a reply");
        assert_eq!(k.action(Context::Outbox, &parse_key("q").unwrap()), Some("quit"));
        assert_eq!(k.action(Context::Queue, &parse_key("o").unwrap()), Some("outbox"));
        assert_eq!(k.action(Context::Case, &parse_key("R").unwrap()), Some("compose"));
        assert_eq!(k.keys_for(Context::Dialog, "submit").collect::<Vec<_>>(), ["enter", "ctrl-s"]);
    }

    #[test]
    fn key_names_round_trip() {
        for name in ["j", "G", "ctrl-c", "down", "pgdown", "enter", "esc", "backtab", "space", "/", "?", "f5"] {
            assert_eq!(key_name(&parse_key(name).unwrap()).as_deref(), Some(name), "{name}");
        }
        assert!(parse_key("hyper-x").is_none() && parse_key("f99").is_none() && parse_key("").is_none());
    }

    #[test]
    fn a_user_file_replaces_a_context_and_bad_files_are_named() {
        let mut k = Keymap::shipped().unwrap();
        k.overlay(Keymap::parse("[[queue]]\non = [\"J\"]\nrun = \"down\"\n", "keymap.toml").unwrap());
        assert_eq!(k.action(Context::Queue, &parse_key("J").unwrap()), Some("down"));
        assert_eq!(k.action(Context::Queue, &parse_key("j").unwrap()), None);
        let err = Keymap::parse("[[queue]]\non = [\"hyper-x\"]\nrun = \"down\"\n", "my/keymap.toml").unwrap_err();
        assert!(err.to_string().contains("my/keymap.toml") && err.to_string().contains("hyper-x"));
        assert!(Keymap::parse("[[nowhere]]\non = [\"j\"]\nrun = \"down\"\n", "k").is_err());
    }
}
