//! What `dsar check` asks SQLite: the file's structure, its foreign keys,
//! its identity and the search index. Every query here only reads.

use super::Tx;
use super::error::Result;

/// A row whose reference points at no row (`PRAGMA foreign_key_check`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKeyViolation {
    pub table: String,
    pub rowid: Option<i64>,
    /// The referencing column(s).
    pub column: String,
    pub parent: String,
}

impl std::fmt::Display for ForeignKeyViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let row = self.rowid.map_or(String::from("a row"), |id| format!("row {id}"));
        write!(f, "{} {row}: {} refers to a row of {} that does not exist", self.table, self.column, self.parent)
    }
}

impl Tx<'_> {
    /// `PRAGMA integrity_check`: its problem lines, at most `cap` (empty when
    /// the file is sound). It also checks the search index (FTS5 takes part).
    pub fn integrity_problems(&self, cap: u32) -> Result<Vec<String>> {
        self.integrity_of(&cap.to_string())
    }

    /// `PRAGMA integrity_check(ARG)`: ARG is a table name or a cap on the
    /// lines. SQLite reports the damage to pages in one row of many lines;
    /// a damaged table can then stop the check with an error, which becomes
    /// the last line. "Tree N" is the b-tree rooted at page N: its table or
    /// index is named after it.
    fn integrity_of(&self, arg: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare(&format!("PRAGMA integrity_check({arg})"))?;
        let mut rows = stmt.query([])?;
        let mut lines = Vec::new();
        loop {
            match rows.next() {
                Ok(Some(row)) => lines.extend(row.get::<_, String>(0)?.lines().map(str::to_owned)),
                Ok(None) => break,
                Err(e) => {
                    lines.push(format!("the check stopped: {e}"));
                    break;
                }
            }
        }
        lines.retain(|l| !l.starts_with("*** in database"));
        if lines == ["ok"] {
            return Ok(Vec::new());
        }
        let trees = self.trees()?;
        Ok(lines.into_iter().map(|line| name_tree(line, &trees)).collect())
    }

    /// Every table's and index's root page and name.
    fn trees(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn().prepare("SELECT rootpage, name FROM sqlite_schema WHERE rootpage > 0")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// `PRAGMA foreign_key_check`: the first `cap` violations and how many there are in all.
    pub fn foreign_key_violations(&self, cap: usize) -> Result<(Vec<ForeignKeyViolation>, u64)> {
        let mut stmt = self.conn().prepare(
            "SELECT fk.\"table\", fk.rowid, fk.parent,
                    (SELECT group_concat(l.\"from\", ', ') FROM pragma_foreign_key_list(fk.\"table\") l
                     WHERE l.id = fk.fkid)
             FROM pragma_foreign_key_check fk",
        )?;
        let mut rows = stmt.query([])?;
        let (mut first, mut total) = (Vec::new(), 0u64);
        while let Some(r) = rows.next()? {
            total += 1;
            if first.len() < cap {
                first.push(ForeignKeyViolation {
                    table: r.get(0)?,
                    rowid: r.get(1)?,
                    parent: r.get(2)?,
                    column: r.get::<_, Option<String>>(3)?.unwrap_or_else(|| "a reference".into()),
                });
            }
        }
        Ok((first, total))
    }

    /// Whether the schema has this table (an old file may predate it).
    pub fn has_table(&self, name: &str) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [name],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// The file's `application_id` (dsar's is [`super::APPLICATION_ID`]) and schema version.
    pub fn schema_identity(&self) -> Result<(i64, i64)> {
        let read = |name: &str| self.conn().query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, i64>(0));
        Ok((read("application_id")?, read("user_version")?))
    }

    /// Problems of the full-text index: FTS5's consistency check of its
    /// structure (segments, pages, doclists; the index is contentless, so
    /// there is no stored text to compare it with), then rows indexed for
    /// cases that do not exist.
    pub fn search_index_problems(&self) -> Result<Vec<String>> {
        // FTS5's 'integrity-check' command is an INSERT, which a read-only
        // connection refuses; the pragma on the one table runs the same FTS5
        // routine (its xIntegrity method) and only reads.
        let mut problems = self.integrity_of("case_search")?;
        let orphans: i64 = self.conn().query_row(
            "SELECT count(*) FROM (SELECT rowid FROM case_search EXCEPT SELECT id FROM cases)",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("{orphans} index rows belong to cases that do not exist"));
        }
        Ok(problems)
    }
}

/// "Tree 6 page 9: …" becomes "Tree 6 (events) page 9: …".
fn name_tree(line: String, trees: &[(i64, String)]) -> String {
    let Some(rest) = line.strip_prefix("Tree ") else { return line };
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let name = rest[..digits].parse::<i64>().ok().and_then(|root| trees.iter().find(|(r, _)| *r == root));
    match name {
        Some((root, name)) => format!("Tree {root} ({name}){}", &rest[digits..]),
        None => line,
    }
}
