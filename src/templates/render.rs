//! Turning one template source into a subject and a body: the minijinja set-up,
//! the split at the first empty line, and errors that point at the variable.

use super::context::OPTIONAL;
use super::error::TemplateError;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};

/// A rendered reply, ready to edit and send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    /// Plain text, ending with one newline.
    pub body: String,
}

/// Detail of the error raised when a template prints a value that is not set.
const NOT_SET: &str = "a value that is not set is printed";

/// Plain text, strict about undefined variables, and block tags on their own
/// line leave no empty line behind.
fn environment<'s>() -> Environment<'s> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_debug(true);
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
        env.set_syntax(syntax);
    }
    // Strict mode still prints `none` as "none"; a letter must never say "Dear none".
    env.set_formatter(|out, state, value| {
        if value.is_none() {
            return Err(Error::new(ErrorKind::InvalidOperation, NOT_SET));
        }
        minijinja::escape_formatter(out, state, value)
    });
    env
}

/// Parses `source`, reporting syntax errors against `origin`.
pub(super) fn check_syntax(source: &str, origin: &str) -> Result<(), TemplateError> {
    let env = environment();
    env.template_from_named_str(origin, source).map(|_| ()).map_err(|e| syntax_error(&e, origin))
}

/// How one template is rendered.
pub(super) struct Job<'a> {
    pub source: &'a str,
    /// Names the template in errors: a file path, or the shipped name.
    pub origin: &'a str,
    pub context: Value,
    pub case_id: &'a str,
    /// Body lines longer than this are broken at spaces; `None` leaves them.
    pub width: Option<usize>,
}

/// Renders a template and splits the result into subject and body.
pub(super) fn render(job: &Job) -> Result<Rendered, TemplateError> {
    let Job { source, origin, context, case_id, width } = job;
    let env = environment();
    let template = env.template_from_named_str(origin, source).map_err(|e| syntax_error(&e, origin))?;
    let text = template.render(context).map_err(|e| explain(&e, source, origin, context))?;
    let mut rendered = split(&text, origin)?;
    if let Some(width) = width {
        rendered.body = rendered.body.lines().flat_map(|l| wrap(l, *width)).map(|l| l + "\n").collect();
    }
    if !rendered.subject.contains(case_id) {
        rendered.subject = format!("{} [{case_id}]", rendered.subject);
    }
    Ok(rendered)
}

fn syntax_error(e: &Error, origin: &str) -> TemplateError {
    TemplateError::Syntax { origin: origin.to_owned(), line: e.line(), message: message_of(e) }
}

fn message_of(e: &Error) -> String {
    e.detail().map_or_else(|| e.kind().to_string(), str::to_owned)
}

/// Header lines up to the first empty line: the first starts with `Subject:`,
/// any others continue it (a long subject wrapped in the file).
fn split(text: &str, origin: &str) -> Result<Rendered, TemplateError> {
    let text = text.replace("\r\n", "\n");
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next().unwrap_or_default();
    let Some(subject) = strip_prefix_ignore_case(first, "Subject:") else {
        return Err(TemplateError::NoSubject { origin: origin.to_owned(), first_line: first.to_owned() });
    };
    let mut subject = subject.trim().to_owned();
    for more in lines.by_ref().take_while(|l| !l.trim().is_empty()) {
        subject.push(' ');
        subject.push_str(more.trim());
    }
    if subject.is_empty() {
        return Err(TemplateError::NoSubject { origin: origin.to_owned(), first_line: first.to_owned() });
    }
    Ok(Rendered { subject, body: tidy(lines) })
}

fn strip_prefix_ignore_case<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &line[prefix.len()..])
}

/// Breaks an over-long line at spaces. Facts such as an authority's name
/// make lines longer than the template author could see; continuation lines
/// keep the indent, and list items ("- ") hang under their text.
fn wrap(line: &str, width: usize) -> Vec<String> {
    if line.chars().count() <= width {
        return vec![line.to_owned()];
    }
    let text = line.trim_start();
    let indent = &line[..line.len() - text.len()];
    let hanging =
        if text.starts_with("- ") || text.starts_with("* ") { format!("{indent}  ") } else { indent.to_owned() };
    let mut lines = Vec::new();
    let mut current = indent.to_owned();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let fresh = current.trim().is_empty();
        if !fresh && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut current, hanging.clone()));
        }
        if !current.trim().is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    lines.push(current);
    lines
}

/// Trailing blanks go, runs of empty lines become one (an `{% if %}` that is
/// false leaves its surrounding empty lines), and the body ends with a newline.
fn tidy<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut body = String::new();
    let mut blank = false;
    for line in lines.map(str::trim_end) {
        if line.is_empty() {
            blank = !body.is_empty();
            continue;
        }
        if blank {
            body.push('\n');
            blank = false;
        }
        body.push_str(line);
        body.push('\n');
    }
    body
}

/// Turns a render failure into an error that names the variable and says
/// which case fact it depends on.
fn explain(e: &Error, source: &str, origin: &str, context: &Value) -> TemplateError {
    let line = e.line();
    let undefined = e.kind() == ErrorKind::UndefinedError || e.detail() == Some(NOT_SET);
    let expression = e.range().and_then(|r| source.get(r)).map(leading_path).unwrap_or_default();
    if !undefined || expression.is_empty() {
        return TemplateError::Render { origin: origin.to_owned(), line, message: message_of(e) };
    }
    let (variable, message) = diagnose(&expression, context);
    TemplateError::Undefined { origin: origin.to_owned(), line, variable, message }
}

/// `requester.name | upper` → `requester.name`.
fn leading_path(expression: &str) -> String {
    let expression = expression.trim_start();
    let end = expression.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(expression.len());
    expression[..end].trim_end_matches('.').to_owned()
}

/// Walks `path` through the variables to find where it fails.
fn diagnose(path: &str, context: &Value) -> (String, String) {
    let mut value = context.clone();
    let mut walked = String::new();
    for part in path.split('.') {
        let parent = walked.clone();
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(part);
        let next = value.get_attr(part).unwrap_or(Value::UNDEFINED);
        if next.is_undefined() {
            let message = if parent.is_empty() {
                format!("`{walked}` is not a template variable; the variables are: {}", keys(&value))
            } else {
                format!("`{parent}` has no field `{part}`; its fields are: {}", keys(&value))
            };
            return (walked, message);
        }
        if next.is_none() {
            return not_set(&walked);
        }
        value = next;
    }
    let message = format!("`{path}` cannot be used here");
    (path.to_owned(), message)
}

/// The message for a variable that exists but is not set for this case.
fn not_set(path: &str) -> (String, String) {
    let why = OPTIONAL.iter().find(|(p, _)| *p == path).map_or("is not set for this case", |(_, why)| why);
    let message = format!("`{path}` {why}; use it inside {{% if {path} %}} … {{% endif %}}");
    (path.to_owned(), message)
}

fn keys(value: &Value) -> String {
    value.try_iter().map(|keys| keys.map(|k| k.to_string()).collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn subject_and_body_split_at_the_first_empty_line() {
        let r = split("Subject: Hello\n\nLine one\n\n\n\nLine two  \n\n", "t").unwrap();
        assert_eq!(r.subject, "Hello");
        assert_eq!(r.body, "Line one\n\nLine two\n");
    }

    #[test]
    fn a_wrapped_subject_is_joined() {
        let r = split("\nsubject: A long\n  subject line\n\nBody", "t").unwrap();
        assert_eq!(r.subject, "A long subject line");
        assert_eq!(r.body, "Body\n");
    }

    #[test]
    fn a_missing_or_empty_subject_is_an_error() {
        for text in ["Hello\n\nBody", "Subject:   \n\nBody", ""] {
            let err = split(text, "my.txt").unwrap_err();
            assert!(matches!(err, TemplateError::NoSubject { .. }), "{text:?}");
            assert!(err.to_string().contains("Subject:"), "{err}");
        }
    }

    #[test]
    fn long_lines_break_at_spaces_and_keep_their_indent() {
        assert_eq!(wrap("short line", 20), ["short line"]);
        assert_eq!(wrap("one two three four five", 10), ["one two", "three four", "five"]);
        assert_eq!(wrap("  - alpha beta gamma", 12), ["  - alpha", "    beta", "    gamma"]);
        assert_eq!(wrap("https://example.org/a/very/long/path x", 10), ["https://example.org/a/very/long/path", "x"]);
    }

    #[test]
    fn the_path_is_taken_from_the_failing_expression() {
        assert_eq!(leading_path("requester.name | upper"), "requester.name");
        assert_eq!(leading_path("rights[5]"), "rights");
        assert_eq!(leading_path("  due"), "due");
    }
}
