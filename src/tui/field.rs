//! Form fields shared by the intake form and the action dialogs.

use super::editor::Editor;

/// One input: free text, one choice among several, or several ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Text(String),
    /// (id, label) options and the chosen index.
    Choice(Vec<(String, String)>, usize),
    /// (id, label) options, which are ticked, and the highlighted one.
    Ticks(Vec<(String, String)>, Vec<bool>, usize),
    /// Several lines of text, filled by pasting (a whole email).
    Area(String),
    /// Several lines typed and edited in place (a reply body).
    Editor(Editor),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Stable name used when the form is submitted (e.g. "email").
    pub name: &'static str,
    /// The i18n key of its label.
    pub label: &'static str,
    pub input: Input,
    pub required: bool,
    /// An inline validation message (i18n key or text), shown beside the field.
    pub error: Option<String>,
}

impl Field {
    pub fn text(name: &'static str, label: &'static str, value: &str, required: bool) -> Self {
        Field { name, label, input: Input::Text(value.to_owned()), required, error: None }
    }

    pub fn choice(name: &'static str, label: &'static str, options: Vec<(String, String)>, chosen: usize) -> Self {
        Field { name, label, input: Input::Choice(options, chosen), required: true, error: None }
    }

    pub fn ticks(name: &'static str, label: &'static str, options: Vec<(String, String)>) -> Self {
        let n = options.len();
        Field { name, label, input: Input::Ticks(options, vec![false; n], 0), required: true, error: None }
    }

    /// The text, the chosen id, or the ticked ids joined by commas.
    pub fn value(&self) -> String {
        match &self.input {
            Input::Text(t) => t.trim().to_owned(),
            Input::Area(t) => t.clone(),
            Input::Editor(e) => e.text.clone(),
            Input::Choice(opts, i) => opts.get(*i).map(|(id, _)| id.clone()).unwrap_or_default(),
            Input::Ticks(opts, ticked, _) => opts
                .iter()
                .zip(ticked)
                .filter(|(_, t)| **t)
                .map(|((id, _), _)| id.as_str())
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    pub fn area(name: &'static str, label: &'static str) -> Self {
        Field { name, label, input: Input::Area(String::new()), required: true, error: None }
    }

    /// Multi-line text edited in place, `rows` lines high (0: what the dialog has left).
    pub fn editor(name: &'static str, label: &'static str, text: &str, required: bool, rows: u16) -> Self {
        Field { name, label, input: Input::Editor(Editor::new(text, rows)), required, error: None }
    }

    pub fn is_text(&self) -> bool {
        matches!(self.input, Input::Text(_) | Input::Area(_) | Input::Editor(_))
    }

    pub fn editor_mut(&mut self) -> Option<&mut Editor> {
        match &mut self.input {
            Input::Editor(e) => Some(e),
            _ => None,
        }
    }

    pub fn type_char(&mut self, c: char) {
        match &mut self.input {
            Input::Text(t) | Input::Area(t) => t.push(c),
            Input::Editor(e) => e.insert(c.encode_utf8(&mut [0; 4])),
            _ => return,
        }
        self.error = None;
    }

    /// Pasted text: kept whole in an area, flattened to one line in a text field.
    pub fn paste(&mut self, text: &str) {
        match &mut self.input {
            // Terminals paste line ends as CR; mail wants them as lines.
            Input::Area(t) => t.push_str(&text.replace("\r\n", "\n").replace('\r', "\n")),
            Input::Text(t) => t.push_str(&text.replace(['\r', '\n'], " ")),
            Input::Editor(e) => e.insert(&text.replace("\r\n", "\n").replace('\r', "\n")),
            _ => return,
        }
        self.error = None;
    }

    pub fn backspace(&mut self) {
        match &mut self.input {
            Input::Text(t) | Input::Area(t) => {
                t.pop();
            }
            Input::Editor(e) => e.backspace(),
            _ => return,
        }
        self.error = None;
    }

    /// Space on a choice moves to the next option; on ticks, ticks the highlighted one.
    pub fn toggle(&mut self) {
        match &mut self.input {
            Input::Choice(opts, i) => *i = (*i + 1) % opts.len().max(1),
            Input::Ticks(_, ticked, at) => {
                if let Some(t) = ticked.get_mut(*at) {
                    *t = !*t;
                }
            }
            Input::Text(_) | Input::Area(_) | Input::Editor(_) => {}
        }
        self.error = None;
    }

    /// Left/right move within a choice or along the ticks; false if the field has no options.
    pub fn step(&mut self, forward: bool) -> bool {
        match &mut self.input {
            Input::Choice(opts, i) | Input::Ticks(opts, _, i) => {
                let n = opts.len().max(1);
                *i = if forward { (*i + 1) % n } else { (*i + n - 1) % n };
                true
            }
            Input::Text(_) | Input::Area(_) | Input::Editor(_) => false,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.value().trim().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Vec<(String, String)> {
        vec![("a".into(), "A".into()), ("b".into(), "B".into()), ("c".into(), "C".into())]
    }

    #[test]
    fn text_choice_and_ticks_give_their_values() {
        let mut t = Field::text("n", "l", "", true);
        "Ann ".chars().for_each(|c| t.type_char(c));
        t.backspace();
        assert_eq!(t.value(), "Ann");
        let mut c = Field::choice("c", "l", opts(), 0);
        c.toggle();
        c.step(false);
        c.step(false);
        assert_eq!(c.value(), "c");
        let mut k = Field::ticks("k", "l", opts());
        assert!(k.is_blank());
        k.toggle();
        k.step(true);
        k.step(true);
        k.toggle();
        assert_eq!(k.value(), "a,c");
    }
}
