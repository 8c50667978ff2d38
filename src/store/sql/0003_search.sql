-- Full-text search over what identifies a case: its id, the requester's name,
-- email, phone and account, and its notes (later also imported mail). One row
-- per case, rowid = cases.id, kept current by store::search in the
-- transaction of every change; the text is prepared by store::search_text.
--
-- Contentless: the index holds tokens and row ids, not a second copy of the
-- personal data (nor, later, of mail bodies); contentless_delete lets a case's
-- row be replaced or removed. A removed row is hidden at once, but its tokens
-- stay in the index file until a merge ('optimize', see store::search).
-- Positions are kept (detail=full) because words typed together are matched
-- as phrases, which is how Chinese names are found character by character.
CREATE VIRTUAL TABLE case_search USING fts5 (
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);
