//! Keeping the full-text index (`case_search`, migration 0003) in step with
//! the cases: one row per case, rebuilt from its sources whenever they change.

use super::Tx;
use super::cases::CaseKey;
use super::error::{Result, StoreError};
use super::search_text::Document;
use crate::domain::CaseId;
use crate::domain::audit::EventKind;

/// Settings key holding the [`INDEX_FORMAT`] the index was last built with.
const FORMAT_KEY: &str = "search_index";
/// Changes whenever what goes into a row, or how its text is prepared,
/// changes: an index built differently is rebuilt (see [`Tx::search_index_current`]).
const INDEX_FORMAT: &str = "2";

impl Tx<'_> {
    /// Rebuilds a case's index row from its row and its notes. Call it in the
    /// transaction of any change to the text a case is found by.
    pub fn reindex_case(&self, key: CaseKey) -> Result<()> {
        self.unindex_case(key)?;
        self.index_new_case(key)
    }

    /// Indexes a case that has no index row yet (inserted in this
    /// transaction, or after `delete-all`): skips the lookup of an old row,
    /// which adds up in bulk loads.
    pub fn index_new_case(&self, key: CaseKey) -> Result<()> {
        let doc = self.document(key)?;
        self.insert_document(key, &doc)
    }

    /// Indexes a new case from its fields and notes as given (without its id,
    /// which is added here): for bulk writers that hold them already. They
    /// must be what [`Tx::index_new_case`] would read back.
    pub fn index_new_case_as(&self, key: CaseKey, body: &Document) -> Result<()> {
        let mut doc = Document::new(key.id);
        doc.extend(body);
        self.insert_document(key, &doc)
    }

    fn insert_document(&self, key: CaseKey, doc: &Document) -> Result<()> {
        self.conn()
            .prepare_cached("INSERT INTO case_search (rowid, body) VALUES (?1, ?2)")?
            .execute((key.row, doc.text()))?;
        Ok(())
    }

    /// Removes a case from the index: it is no longer found. Its tokens stay
    /// in the file until the index is merged, so a purge must call
    /// [`Tx::optimize_search_index`] once after unindexing its cases.
    pub fn unindex_case(&self, key: CaseKey) -> Result<()> {
        self.conn().prepare_cached("DELETE FROM case_search WHERE rowid = ?1")?.execute([key.row])?;
        Ok(())
    }

    /// Whether the index was built by this format (and so needs no rebuild).
    pub fn search_index_current(&self) -> Result<bool> {
        Ok(self.setting(FORMAT_KEY)?.as_deref() == Some(INDEX_FORMAT))
    }

    /// Empties the index and indexes every case again; `progress` hears every
    /// 10,000 cases. Used for databases made before the index existed, or by
    /// an older format. Returns how many cases were indexed.
    pub fn reindex_all(&self, progress: &mut dyn FnMut(u64)) -> Result<u64> {
        self.conn().execute("INSERT INTO case_search (case_search) VALUES ('delete-all')", [])?;
        let keys = {
            let mut stmt = self.conn().prepare("SELECT id, year, seq FROM cases ORDER BY id")?;
            let rows = stmt.query_map([], |r| Ok(CaseKey { row: r.get(0)?, id: CaseId::new(r.get(1)?, r.get(2)?) }))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut done = 0;
        for key in keys {
            self.index_new_case(key)?;
            done += 1;
            if done % 10_000 == 0 {
                progress(done);
            }
        }
        self.optimize_search_index()?;
        self.set_setting(FORMAT_KEY, INDEX_FORMAT)?;
        Ok(done)
    }

    /// Rewrites the index as one segment without removed rows: what makes
    /// [`Tx::unindex_case`] final on disk (FTS5 secure-delete does not apply to
    /// contentless tables). About 0.1–0.2 s at 100,000 cases.
    pub fn optimize_search_index(&self) -> Result<()> {
        self.conn().execute("INSERT INTO case_search (case_search) VALUES ('optimize')", [])?;
        Ok(())
    }

    /// What a case is found by: its id, the requester's details, its notes.
    fn document(&self, key: CaseKey) -> Result<Document> {
        let mut doc = Document::new(key.id);
        let fields: [Option<String>; 4] = self
            .conn()
            .prepare_cached(
                "SELECT requester_name, requester_email, requester_phone, account_ref FROM cases WHERE id = ?1",
            )?
            .query_row([key.row], |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]))
            .map_err(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => StoreError::Corrupt(format!("case {} vanished", key.id)),
                e => e.into(),
            })?;
        for field in fields.iter().flatten() {
            doc.push(field);
        }
        // Mail on the case: what the requester wrote is what agents remember.
        let mut mail = self
            .conn()
            .prepare_cached("SELECT subject, body FROM messages WHERE case_id = ?1 AND direction = 'in' ORDER BY id")?;
        let mut rows = mail.query([key.row])?;
        while let Some(row) = rows.next()? {
            doc.push(&row.get::<_, String>(0)?);
            doc.push(&row.get::<_, String>(1)?);
        }
        // A purged note's content is NULL and drops out here.
        let mut notes = self.conn().prepare_cached(
            "SELECT json_extract(content, '$.text') FROM events
             WHERE case_id = ?1 AND kind = ?2 AND content IS NOT NULL ORDER BY seq",
        )?;
        let mut rows = notes.query((key.row, EventKind::NoteAdded.as_str()))?;
        while let Some(row) = rows.next()? {
            if let Some(text) = row.get::<_, Option<String>>(0)? {
                doc.push(&text);
            }
        }
        Ok(doc)
    }
}
