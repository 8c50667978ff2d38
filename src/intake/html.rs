//! HTML mail to readable plain text.
//!
//! Small and forgiving rather than a full HTML parser: block elements give
//! line and paragraph breaks, list items a "- ", scripts, styles and the head
//! are dropped, entities decoded. `<blockquote>` content is prefixed "> " so
//! that quoted replies are recognised as quotes, as in a plain-text mail.
//! mail-parser's own converter keeps no paragraphs besides `<p>`/`<br>`.

/// Elements whose content is never text for a reader.
const HIDDEN: &str = "script style head template title svg object";
/// Elements that start a new paragraph (a blank line before and after).
const PARAGRAPH: &str = "p h1 h2 h3 h4 h5 h6 ul ol table pre hr dl";
/// Elements that start a new line.
const LINE: &str = "div tr li dt dd section article header footer address center form fieldset nav main aside \
                    figure figcaption details summary caption tbody thead";

fn one_of(list: &str, name: &str) -> bool {
    list.split_ascii_whitespace().any(|n| n == name)
}

pub(super) fn html_to_text(html: &str) -> String {
    let mut w = Writer::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        w.text(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(tag) = Tag::parse(rest) else {
            w.text("<");
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        let name = tag.name.as_str();
        if !tag.closing && one_of(HIDDEN, name) {
            rest = skip_past_closing(rest, name)
                // Browsers end an unclosed head where the body starts.
                .or_else(|| (name == "head").then(|| rest.to_ascii_lowercase().find("<body").map(|at| &rest[at..]))?)
                .unwrap_or("");
            continue;
        }
        match name {
            "br" => w.newline(),
            "blockquote" => {
                w.paragraph();
                w.quote_depth = if tag.closing { w.quote_depth.saturating_sub(1) } else { w.quote_depth + 1 };
            }
            "li" if !tag.closing => {
                w.newline();
                w.raw("- ");
            }
            "td" | "th" if !tag.closing => w.space(),
            "pre" => {
                w.paragraph();
                w.pre = !tag.closing;
            }
            _ if one_of(PARAGRAPH, name) => w.paragraph(),
            _ if one_of(LINE, name) => w.newline(),
            _ => {}
        }
    }
    w.text(rest);
    w.finish()
}

/// An element tag: `<name attr="…">` or `</name>`.
struct Tag {
    name: String,
    closing: bool,
    /// Bytes from `<` to just past `>`.
    len: usize,
}

impl Tag {
    fn parse(s: &str) -> Option<Tag> {
        let body = s.strip_prefix('<')?;
        let (closing, body) = match body.strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, body),
        };
        let first = body.chars().next()?;
        if !(first.is_ascii_alphabetic() || (first == '!' || first == '?') && !closing) {
            return None;
        }
        let name: String =
            body.chars().take_while(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect();
        // Find '>' outside quoted attribute values.
        let mut quote = None;
        for (i, c) in s.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => return Some(Tag { name, closing, len: i + 1 }),
                _ => {}
            }
        }
        // An unterminated tag swallows the rest, as browsers do.
        Some(Tag { name, closing, len: s.len() })
    }
}

/// The text after `</name …>`, if the element is closed.
fn skip_past_closing<'a>(s: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = s;
    while let Some(at) = rest.find("</") {
        let after = &rest[at + 2..];
        let matches = after.get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
            && !after[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric());
        if matches {
            return Some(after.find('>').map_or("", |gt| &after[gt + 1..]));
        }
        rest = after;
    }
    None
}

/// Builds the text: collapses HTML whitespace, limits blank lines to one,
/// writes "> " prefixes inside blockquotes.
#[derive(Default)]
struct Writer {
    out: String,
    quote_depth: usize,
    pre: bool,
    pending_space: bool,
    /// Newlines wanted before the next text (1 = line break, 2 = paragraph).
    pending_breaks: usize,
}

impl Writer {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        if self.pre {
            for (i, line) in decoded.split('\n').enumerate() {
                if i > 0 {
                    self.newline();
                }
                self.raw(line);
            }
            return;
        }
        for (i, word) in decoded.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 {
                self.space();
            }
            if !word.is_empty() {
                // A no-break space reads as a space and searches better as one;
                // a soft hyphen is invisible and would split a keyword.
                self.raw(&word.replace('\u{a0}', " ").replace('\u{ad}', ""));
            }
        }
    }

    fn raw(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.out.is_empty() {
            self.pending_breaks = 0;
        }
        if self.pending_breaks > 0 {
            self.out.push_str(&"\n".repeat(self.pending_breaks.min(2)));
            self.pending_breaks = 0;
            self.pending_space = false;
        }
        if self.out.is_empty() || self.out.ends_with('\n') {
            self.out.push_str(&"> ".repeat(self.quote_depth));
        } else if self.pending_space && !self.out.ends_with(' ') {
            self.out.push(' ');
        }
        self.pending_space = false;
        self.out.push_str(s);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn newline(&mut self) {
        self.pending_breaks = self.pending_breaks.max(1);
    }

    fn paragraph(&mut self) {
        self.pending_breaks = 2;
    }

    fn finish(self) -> String {
        let lines: Vec<&str> = self.out.lines().map(str::trim_end).collect();
        lines.join("\n").trim().to_owned()
    }
}

/// Decodes `&name;`, `&#123;` and `&#x1F600;`; anything else stays as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|end| entity(&rest[1..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{fffd}'));
    }
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "shy" => '\u{ad}',
        "zwnj" => '\u{200c}',
        "zwj" => '\u{200d}',
        "ensp" | "emsp" | "thinsp" => ' ',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "middot" => '·',
        "bull" => '•',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "deg" => '°',
        "times" => '×',
        "divide" => '÷',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::html_to_text;

    #[test]
    fn paragraphs_lines_and_lists_survive() {
        let html = "<html><head><title>t</title><style>p{color:red}</style></head><body>\
            <p>Dear team,</p><p>please delete:<br>my account<br/>my orders</p>\
            <ul><li>one</li><li>two</li></ul><div>Thanks</div></body></html>";
        assert_eq!(html_to_text(html), "Dear team,\n\nplease delete:\nmy account\nmy orders\n\n- one\n- two\n\nThanks");
    }

    #[test]
    fn scripts_styles_and_comments_are_dropped_and_entities_decoded() {
        let html = "<script>alert('delete')</script><!-- copy --><p>Fish &amp; chips&nbsp;&lt;3 &#8217;&#x4e2d; &bogus; &amp</p>\
            <SCRIPT type=x>document.write('<p>x</p>')</SCRIPT>";
        assert_eq!(html_to_text(html), "Fish & chips <3 ’中 &bogus; &amp");
    }

    #[test]
    fn blockquotes_become_quoted_lines() {
        let html = "<div>New text</div><div>On Mon, A wrote:<blockquote><p>old one</p><blockquote>older</blockquote></blockquote></div>";
        assert_eq!(html_to_text(html), "New text\nOn Mon, A wrote:\n\n> old one\n\n> > older");
    }

    #[test]
    fn broken_markup_never_panics() {
        for html in
            ["<", "<p", "</", "<a href=\"x>y", "<script>never closed", "&#xFFFFFFFF;", "&#;", "a < b > c", "<!--"]
        {
            let _ = html_to_text(html);
        }
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("&#0;x"), "\u{fffd}x");
        assert_eq!(html_to_text("<HEAD><title>t</title><BODY><p>kept</p>"), "kept");
    }
}
