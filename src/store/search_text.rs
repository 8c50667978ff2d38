//! The text a case is found by, and search input turned into an FTS5 query.
//!
//! Pure: no SQL is run here. The index uses SQLite's `unicode61` tokenizer
//! (case folding, diacritics removed), which keeps a run of Chinese or
//! Japanese characters as one token. Such scripts have no spaces between
//! words, so both the indexed text and the query put each of their characters
//! in a token of its own; a word typed in the search box then becomes a
//! phrase of characters and matches anywhere inside a name or a note.

use crate::domain::CaseId;

/// The text of one case's index row: built from its parts, one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document(String);

impl Document {
    /// Starts a document with the case id in the forms people type:
    /// `R-2026-0042` (which also answers "0042" and "2026-0042") and, when the
    /// padding differs, `R-2026-42` (which answers "42" and "r-2026-42").
    pub fn new(id: CaseId) -> Self {
        let mut text = id.to_string();
        let plain = format!("R-{}-{}", id.year, id.seq);
        if plain != text {
            text.push(' ');
            text.push_str(&plain);
        }
        Document(text)
    }

    /// Appends one field or note.
    pub fn push(&mut self, part: &str) {
        self.0.push('\n');
        spaced(part, &mut self.0);
    }

    /// Appends the fields and notes of `rest`, a document begun as
    /// `Document::default()` (without an id) before the id was known.
    pub fn extend(&mut self, rest: &Document) {
        self.0.push_str(&rest.0);
    }

    pub fn text(&self) -> &str {
        &self.0
    }
}

/// What a search box entry asks of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchFilter {
    /// Blank input: no filter.
    Everything,
    /// Nothing searchable was typed (only punctuation or symbols): no case can
    /// match it as a word, so the listing is empty rather than unfiltered.
    Nothing,
    /// An FTS5 MATCH expression.
    Match(String),
}

/// Turns what a person typed into an FTS5 query that can never be a syntax
/// error. Each blank-separated word becomes a quoted phrase (so `"`, `*`,
/// `(`, `NEAR`, `-`, `^`, `:` … are plain text to the tokenizer), with its
/// last token a prefix unless it is a Chinese/Japanese character (each of
/// those is a whole token already). The phrases are ANDed.
///
/// "Ann" → `"ann"*`; "王芳" → `"王 芳"`; "li.wei@example" → `"li.wei@example"*`
/// (tokens li, wei, example*, adjacent); "R-2026-0042" → `"R-2026-0042"*`.
pub fn search_filter(input: &str) -> SearchFilter {
    if input.trim().is_empty() {
        return SearchFilter::Everything;
    }
    let mut query = String::new();
    for word in input.split(char::is_whitespace) {
        let mut text = String::new();
        spaced(word, &mut text);
        // Words without a letter or digit would be empty phrases; FTS5 treats
        // those inconsistently, so they are left out.
        let Some(last) = text.chars().rev().find(|c| c.is_alphanumeric()) else { continue };
        if !query.is_empty() {
            query.push(' ');
        }
        query.push('"');
        query.push_str(&text.replace('"', "\"\""));
        query.push('"');
        if !is_cjk(last) {
            query.push('*');
        }
    }
    if query.is_empty() { SearchFilter::Nothing } else { SearchFilter::Match(query) }
}

/// Appends `text` to `out` with each Chinese/Japanese/Korean character set
/// apart by spaces, full-width ASCII folded to ASCII, and control characters
/// (including NUL, which would end the text for SQLite's tokenizer) blanked.
pub fn spaced(text: &str, out: &mut String) {
    let mut after_cjk = false;
    for c in text.chars() {
        let c = match fold_width(c) {
            c if c.is_control() => ' ',
            c => c,
        };
        let cjk = is_cjk(c);
        if (cjk || after_cjk) && !c.is_whitespace() && !out.is_empty() && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push(c);
        after_cjk = cjk;
    }
}

/// Full-width forms of ASCII (ＡＢＣ１２３, typed with a Chinese input method)
/// are the same letters and digits.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Characters of scripts written without spaces between words, plus Hangul
/// (whose particles attach to names): each is indexed as a token of its own.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'       // 々 〆 〇
        | '\u{3040}'..='\u{30FF}'     // Hiragana, Katakana
        | '\u{3100}'..='\u{312F}'     // Bopomofo
        | '\u{31A0}'..='\u{31BF}'
        | '\u{31F0}'..='\u{31FF}'     // Katakana extensions
        | '\u{3400}'..='\u{4DBF}'     // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'     // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'     // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'     // half-width Katakana
        | '\u{20000}'..='\u{323AF}'   // CJK extensions B–H
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rusqlite::Connection;

    fn matched(query: &str) -> String {
        match search_filter(query) {
            SearchFilter::Match(m) => m,
            other => panic!("{query:?} gave {other:?}"),
        }
    }

    #[test]
    fn chinese_characters_become_single_character_tokens() {
        let mut out = String::new();
        spaced("王芳", &mut out);
        assert_eq!(out.split_whitespace().collect::<Vec<_>>(), ["王", "芳"]);
        let mut out = String::new();
        spaced("ACCT王芳2026，已核实", &mut out);
        assert_eq!(out.split_whitespace().collect::<Vec<_>>(), ["ACCT", "王", "芳", "2026,", "已", "核", "实"]);
    }

    #[test]
    fn queries_are_quoted_phrases_with_latin_prefixes() {
        assert_eq!(matched("王芳"), r#""王 芳""#);
        assert_eq!(matched("欧阳娜娜"), r#""欧 阳 娜 娜""#);
        assert_eq!(matched("Ann"), r#""Ann"*"#);
        assert_eq!(matched("  ann   lee "), r#""ann"* "lee"*"#);
        assert_eq!(matched("王芳 ann"), r#""王 芳" "ann"*"#);
        assert_eq!(matched("王a"), r#""王 a"*"#);
        assert_eq!(matched("li.wei@example"), r#""li.wei@example"*"#);
        assert_eq!(matched(r#"say "hi""#), r#""say"* """hi"""*"#);
        assert_eq!(matched("ＡＮＮ"), r#""ANN"*"#);
    }

    #[test]
    fn blank_input_is_no_filter_and_symbols_alone_match_nothing() {
        assert_eq!(search_filter(""), SearchFilter::Everything);
        assert_eq!(search_filter(" \t\n"), SearchFilter::Everything);
        for input in ["%", "_", "\"", "*", "( ) -", "^", "😀", "。", "\"\"*"] {
            assert_eq!(search_filter(input), SearchFilter::Nothing, "{input:?}");
        }
        // A symbol beside a word is dropped, the word is kept.
        assert_eq!(matched("% ann"), r#""ann"*"#);
    }

    #[test]
    fn case_ids_are_indexed_padded_and_plain() {
        assert_eq!(Document::new(CaseId::new(2026, 42)).text(), "R-2026-0042 R-2026-42");
        assert_eq!(Document::new(CaseId::new(2026, 1234)).text(), "R-2026-1234");
    }

    /// A real FTS5 table configured like migration 0003, holding `docs`.
    fn index(docs: &[&str]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("sql/0003_search.sql")).unwrap();
        for (i, d) in docs.iter().enumerate() {
            let mut doc = Document::new(CaseId::new(2026, i as u32 + 1));
            doc.push(d);
            conn.execute("INSERT INTO case_search (rowid, body) VALUES (?1, ?2)", (i as i64 + 1, doc.text())).unwrap();
        }
        conn
    }

    /// Rowids the input finds; an FTS5 error fails the test.
    fn find(conn: &Connection, input: &str) -> Vec<i64> {
        let q = match search_filter(input) {
            SearchFilter::Everything => {
                return conn
                    .prepare("SELECT rowid FROM case_search ORDER BY rowid")
                    .unwrap()
                    .query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<rusqlite::Result<Vec<i64>>>()
                    .unwrap();
            }
            SearchFilter::Nothing => return Vec::new(),
            SearchFilter::Match(q) => q,
        };
        let mut stmt = conn.prepare("SELECT rowid FROM case_search WHERE case_search MATCH ?1 ORDER BY rowid").unwrap();
        let rows = stmt.query_map([&q], |r| r.get(0)).unwrap_or_else(|e| panic!("{input:?} → {q}: {e}"));
        rows.collect::<rusqlite::Result<Vec<i64>>>().unwrap_or_else(|e| panic!("{input:?} → {q}: {e}"))
    }

    #[test]
    fn queries_find_what_people_type() {
        let conn = index(&[
            "王芳\nwang.fang@example.cn",
            "欧阳娜娜\n已核实身份证",
            "Anna Müller\nli.wei@example.com\n+86 138 1234 5678",
            "Bob_Smith\n50% Corp\nACCT-77031",
        ]);
        assert_eq!(find(&conn, "王芳"), [1]);
        assert_eq!(find(&conn, "芳"), [1]);
        assert_eq!(find(&conn, "欧阳娜"), [2]);
        assert_eq!(find(&conn, "阳娜"), [2]);
        assert_eq!(find(&conn, "芳王"), Vec::<i64>::new(), "characters in another order");
        assert_eq!(find(&conn, "身份证"), [2]);
        assert_eq!(find(&conn, "ann"), [3]);
        assert_eq!(find(&conn, "ANNA MÜ"), [3]);
        assert_eq!(find(&conn, "Muller"), [3], "diacritics are ignored");
        assert_eq!(find(&conn, "li.wei@example"), [3]);
        assert_eq!(find(&conn, "wei@exa"), [3]);
        assert_eq!(find(&conn, "wei.li@example"), Vec::<i64>::new(), "an email fragment is a phrase");
        assert_eq!(find(&conn, "138 1234"), [3]);
        assert_eq!(find(&conn, "smith"), [4]);
        assert_eq!(find(&conn, "50%"), [4]);
        assert_eq!(find(&conn, "77031"), [4]);
        assert_eq!(find(&conn, "R-2026-0002"), [2]);
        assert_eq!(find(&conn, "r-2026-2"), [2]);
        assert_eq!(find(&conn, "2026-0004"), [4]);
        assert_eq!(find(&conn, "0003"), [3]);
        assert_eq!(find(&conn, "ＡＣＣＴ－７７０３１"), [4], "full-width input");
        assert_eq!(find(&conn, "example"), [1, 3]);
        assert_eq!(find(&conn, "example 王"), [1]);
    }

    #[test]
    fn hostile_input_is_never_an_fts5_error() {
        let conn = index(&["Ann \"quoted\" NEAR (x) AND y*", "王芳 😀 -z ^w col:v"]);
        for input in [
            "\"",
            "\"\"",
            "\"ann",
            "ann\"",
            "*",
            "ann*",
            "**",
            "(",
            ")",
            "(ann",
            "ann)",
            "NEAR",
            "NEAR(ann lee)",
            "ann NEAR/2 lee",
            "AND",
            "OR",
            "NOT",
            "ann OR",
            "OR ann",
            "NOT ann",
            "-",
            "-ann",
            "ann -lee",
            "^",
            "^ann",
            "body:ann",
            "{body}: ann",
            ":",
            "+",
            "😀",
            "😀ann",
            "王😀芳",
            "\0",
            "ann\0lee",
            "\u{301}",
            "e\u{301}",
            "ा",
            "\u{200B}",
            "\u{FEFF}ann",
            "'",
            "'; DROP TABLE cases; --",
            "\\",
            "%",
            "_",
            "a\"b\"c",
            "\"王\"",
        ] {
            find(&conn, input);
        }
        assert_eq!(find(&conn, "\"ann"), [1]);
        assert_eq!(find(&conn, "NEAR"), [1]);
        assert_eq!(find(&conn, "-z"), [2]);
        assert_eq!(find(&conn, "王😀芳"), [2], "a symbol separates tokens as in the text");
        assert_eq!(find(&conn, "😀王"), [2]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]
        #[test]
        fn any_input_is_a_valid_query(input in "\\PC{0,12}|[\"*()^:+\\-. a-zA-Z王芳NEAR]{0,16}") {
            let conn = index(&["Ann Lee", "王芳"]);
            find(&conn, &input);
        }

        #[test]
        fn a_word_finds_the_case_it_was_indexed_from(word in "[a-zA-Z0-9王芳娜欧阳éü][a-zA-Z0-9王芳娜欧阳éü.@-]{0,9}") {
            let conn = index(&[&word, "zzz"]);
            prop_assert!(find(&conn, &word).contains(&1), "{} not found", word);
        }
    }
}
