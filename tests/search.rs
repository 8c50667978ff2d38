//! Full-text search through the service, on a real database file: what a
//! person types finds the cases it should, in Chinese and Latin scripts,
//! the index follows every change, and no input is an error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use dsar::clock::FixedClock;
use dsar::config::{Config, Overlays};
use dsar::domain::{CaseId, Status};
use dsar::service::{DeadlineBook, Service};
use dsar::store::{ListQuery, Store};
use support::{Desk, now, request};

fn search(desk: &mut Desk, text: &str) -> Vec<CaseId> {
    let q = ListQuery { search: Some(text.into()), ..Default::default() };
    desk.svc.list(&q).unwrap_or_else(|e| panic!("{text:?}: {e}")).into_iter().map(|c| c.id).collect()
}

fn case(desk: &mut Desk, email: &str, name: &str) -> CaseId {
    let mut req = request(email);
    req.name = Some(name.into());
    desk.svc.new_case(&req).unwrap().id
}

/// Three Chinese requesters and two Latin ones.
fn desk() -> (Desk, [CaseId; 5]) {
    let mut desk = Desk::new();
    let wang = case(&mut desk, "wang.fang@example.cn", "王芳");
    let li = case(&mut desk, "li.wei@example.com", "李晓东");
    let ouyang = case(&mut desk, "oy@example.cn", "欧阳娜娜");
    let anna = case(&mut desk, "anna@example.org", "Anna Müller");
    let bob = case(&mut desk, "bob@example.net", "Bob Annandale");
    (desk, [wang, li, ouyang, anna, bob])
}

#[test]
fn finds_chinese_names_whole_or_by_character() {
    let (mut desk, [wang, li, ouyang, ..]) = desk();
    assert_eq!(search(&mut desk, "王芳"), [wang]);
    assert_eq!(search(&mut desk, "李晓东"), [li]);
    assert_eq!(search(&mut desk, "欧阳娜娜"), [ouyang]);
    assert_eq!(search(&mut desk, "芳"), [wang], "one character of a name");
    assert_eq!(search(&mut desk, "晓东"), [li], "the given name alone");
    assert_eq!(search(&mut desk, "阳娜"), [ouyang], "characters inside a name");
    assert_eq!(search(&mut desk, "王东"), Vec::<CaseId>::new(), "characters of two names are no name");
    assert_eq!(search(&mut desk, "东晓李"), Vec::<CaseId>::new(), "order matters within a word");
}

#[test]
fn finds_latin_names_by_prefix_ignoring_case_and_diacritics() {
    let (mut desk, [.., anna, bob]) = desk();
    assert_eq!(search(&mut desk, "ann"), [anna, bob], "a prefix of any word");
    assert_eq!(search(&mut desk, "anna m"), [anna], "every word must match");
    assert_eq!(search(&mut desk, "ANNA"), [anna, bob]);
    assert_eq!(search(&mut desk, "Muller"), [anna], "Müller without the umlaut");
    assert_eq!(search(&mut desk, "MÜL"), [anna]);
    assert_eq!(search(&mut desk, "nna"), Vec::<CaseId>::new(), "words match from their start");
}

#[test]
fn finds_email_fragments_and_case_ids_in_their_forms() {
    let (mut desk, [wang, li, ouyang, anna, bob]) = desk();
    assert_eq!(search(&mut desk, "li.wei@example"), [li]);
    assert_eq!(search(&mut desk, "li.wei@example.com"), [li]);
    assert_eq!(search(&mut desk, "wang.fang@"), [wang]);
    assert_eq!(search(&mut desk, "example.cn"), [wang, ouyang]);
    assert_eq!(search(&mut desk, "wei.li@example"), Vec::<CaseId>::new(), "an address is read in order");
    let id = anna.to_string();
    assert_eq!(id, "R-2026-0004");
    for form in ["R-2026-0004", "r-2026-0004", "2026-0004", "0004", "R-2026-4", "2026-4"] {
        assert_eq!(search(&mut desk, form), [anna], "{form}");
    }
    assert_eq!(search(&mut desk, "R-2026-0005"), [bob]);
}

#[test]
fn finds_phone_account_and_notes_added_later() {
    let mut desk = Desk::new();
    let mut req = request("zw@example.cn");
    req.name = Some("张伟".into());
    req.phone = Some("+86 138 1234 5678".into());
    req.account_ref = Some("ACCT-77031".into());
    let zhang = desk.svc.new_case(&req).unwrap().id;
    let other = desk.svc.new_case(&request("ann@example.com")).unwrap().id;
    assert_eq!(search(&mut desk, "138 1234"), [zhang]);
    assert_eq!(search(&mut desk, "77031"), [zhang]);
    assert_eq!(search(&mut desk, "passport"), Vec::<CaseId>::new());
    desk.svc.add_note(other, "Called back about the passport scan").unwrap();
    desk.svc.add_note(zhang, "已核实身份证").unwrap();
    desk.svc.add_note(zhang, "second note").unwrap();
    assert_eq!(search(&mut desk, "passport"), [other]);
    assert_eq!(search(&mut desk, "身份证"), [zhang]);
    assert_eq!(search(&mut desk, "核实 second"), [zhang], "words from two notes");
    assert_eq!(search(&mut desk, "张伟 身份"), [zhang], "a name and a note");
    // Other changes keep the case findable.
    desk.svc.assign(zhang, Some("bob")).unwrap();
    desk.svc.change_status(zhang, Status::Withdrawn, None).unwrap();
    assert_eq!(search(&mut desk, "身份证"), [zhang]);
}

#[test]
fn search_combines_with_filters_keeps_due_date_order_and_counts() {
    let mut desk = Desk::new();
    let mut ids = Vec::new();
    // Received later first, so due-date order differs from creation order.
    for (day, email) in [("2026-11-10", "a1@example.com"), ("2026-11-01", "a2@example.com"), ("2026-11-05", "a3@x.org")]
    {
        let mut req = request(email);
        req.received = Some(day.into());
        ids.push(desk.svc.new_case(&req).unwrap().id);
    }
    assert_eq!(search(&mut desk, "example"), [ids[1], ids[0]]);
    assert_eq!(search(&mut desk, "ann lee"), [ids[1], ids[2], ids[0]]);
    desk.svc.change_status(ids[1], Status::Withdrawn, None).unwrap();
    let open = ListQuery { statuses: Status::OPEN.to_vec(), search: Some("example".into()), ..Default::default() };
    assert_eq!(desk.svc.list(&open).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>(), [ids[0]]);
    let window = ListQuery { search: Some("ann".into()), limit: Some(1), offset: 1, ..Default::default() };
    let (rows, total) = desk.svc.window(&window).unwrap();
    assert_eq!((rows.into_iter().map(|c| c.id).collect::<Vec<_>>(), total), (vec![ids[2]], 3));
}

#[test]
fn blank_search_is_no_filter_and_punctuation_alone_finds_nothing() {
    let (mut desk, all) = desk();
    assert_eq!(search(&mut desk, ""), all);
    assert_eq!(search(&mut desk, "   "), all);
    for text in ["%", "_", "-", "\"", "@", "。", "😀"] {
        assert_eq!(search(&mut desk, text), Vec::<CaseId>::new(), "{text:?}");
    }
}

#[test]
fn hostile_input_is_never_an_error() {
    let (mut desk, [wang, ..]) = desk();
    let inputs = [
        "\"",
        "\"\"",
        "\"王芳",
        "王芳\"",
        "*",
        "ann*",
        "(",
        ")",
        "(ann",
        "NEAR",
        "NEAR(ann bob)",
        "ann NEAR/2 bob",
        "AND",
        "OR",
        "NOT",
        "ann OR bob",
        "NOT ann",
        "-",
        "-ann",
        "ann -bob",
        "^",
        "^ann",
        "body:ann",
        "{body}:ann",
        "+",
        "😀",
        "王😀芳",
        "\0",
        "ann\0",
        "'",
        "'; DROP TABLE cases; --",
        "\\",
        "e\u{301}",
        "ा",
        "\u{200B}",
        "ＡＮＮ",
        "　",
        "a\"b",
        "*王*",
        "\u{FFFD}",
        "ann\u{202E}",
        "%%",
        "__",
    ];
    for text in inputs {
        let q = ListQuery { search: Some(text.into()), ..Default::default() };
        desk.svc.list(&q).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        desk.svc.window(&ListQuery { limit: Some(10), ..q }).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    }
    // Operators are plain words; quotes around a name do not hide it.
    assert_eq!(search(&mut desk, "\"王芳\""), [wang]);
    assert_eq!(search(&mut desk, "(王芳)"), [wang]);
    assert_eq!(search(&mut desk, "王芳 OR bob"), Vec::<CaseId>::new(), "OR is a word to find, not an operator");
    assert_eq!(search(&mut desk, "王芳*"), [wang]);
}

/// A database from before the index (schema 2) gets every case indexed once.
#[test]
fn an_upgraded_database_is_indexed_once() {
    let (mut desk, [wang, li, ..]) = desk();
    desk.svc.add_note(li, "refund requested").unwrap();
    // Back to what schema 2 had: no index table, no record of an index build.
    support::schema::downgrade(&desk.raw(), 2);
    let reopen = |desk: &mut Desk| {
        let config = Config::default();
        let book = DeadlineBook::new(&config, &Overlays::default()).unwrap();
        let store = Store::open(&desk.db_path()).unwrap();
        desk.svc = Service::new(store, config, book, Box::new(FixedClock(now())), "tester").unwrap();
    };
    reopen(&mut desk);
    assert_eq!(desk.count("SELECT count(*) FROM sqlite_schema WHERE name = 'case_search'"), 1, "migrated");
    assert_eq!(search(&mut desk, "王芳"), Vec::<CaseId>::new(), "not indexed yet");
    assert_eq!(desk.svc.ensure_search_index(&mut |_| {}).unwrap(), 5);
    assert_eq!(search(&mut desk, "王芳"), [wang]);
    assert_eq!(search(&mut desk, "refund"), [li]);
    assert_eq!(desk.svc.ensure_search_index(&mut |_| {}).unwrap(), 0, "only once");
    reopen(&mut desk);
    assert_eq!(desk.svc.ensure_search_index(&mut |_| {}).unwrap(), 0, "remembered in the file");
    assert_eq!(search(&mut desk, "王芳"), [wang]);
}

/// Demo cases are indexed as they are generated, exactly as a full rebuild would.
#[test]
fn demo_cases_are_indexed_like_a_rebuild() {
    let mut desk = Desk::new();
    desk.svc.demo(200, 7, &mut |_| {}).unwrap();
    let cases = desk.svc.list(&ListQuery::default()).unwrap();
    for c in &cases {
        assert!(search(&mut desk, c.requester.email.as_str()).contains(&c.id), "{}", c.requester.email);
        assert_eq!(search(&mut desk, &c.id.to_string()), [c.id]);
        for field in [&c.requester.name, &c.requester.phone, &c.requester.account_ref].into_iter().flatten() {
            assert!(search(&mut desk, field).contains(&c.id), "{field}");
        }
    }
    let queries = ["王", "芳", "已核", "oli", "murphy", "gmail", "export", "删除工单", "2025", "R-2026-00"];
    let before: Vec<Vec<CaseId>> = queries.iter().map(|q| search(&mut desk, q)).collect();
    assert!(before.iter().all(|ids| !ids.is_empty()), "{before:?}");
    desk.raw().execute("DELETE FROM settings WHERE key = 'search_index'", []).unwrap();
    assert_eq!(desk.svc.ensure_search_index(&mut |_| {}).unwrap(), 200);
    let after: Vec<Vec<CaseId>> = queries.iter().map(|q| search(&mut desk, q)).collect();
    assert_eq!(before, after);
}

/// A case removed from the index (as a purge will) is no longer found, and
/// once the index is optimized its words are gone from the file.
#[test]
fn unindexing_a_case_removes_its_words_from_the_file() {
    let mut desk = Desk::new();
    let gone = case(&mut desk, "qzxv@example.com", "Wyrzykowski");
    let kept = case(&mut desk, "kept@example.com", "Ann Lee");
    let vocab = |desk: &Desk| {
        let conn = desk.raw();
        conn.execute_batch("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, case_search, row)").unwrap();
        let mut stmt = conn.prepare("SELECT term FROM temp.v ORDER BY term").unwrap();
        stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().collect::<rusqlite::Result<Vec<_>>>().unwrap()
    };
    let data = |desk: &Desk| {
        let conn = desk.raw();
        let mut stmt =
            conn.prepare("SELECT block FROM case_search_data UNION ALL SELECT term FROM case_search_idx").unwrap();
        let blocks = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0)).unwrap();
        blocks.flat_map(|b| b.unwrap()).collect::<Vec<u8>>()
    };
    let contains = |hay: &[u8], needle: &str| hay.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(vocab(&desk).contains(&"wyrzykowski".to_string()));
    assert!(contains(&data(&desk), "wyrzykowski"), "the check can see the word");
    let mut store = Store::open(&desk.db_path()).unwrap();
    store
        .write(|tx| {
            let (key, _) = tx.find_case(gone)?.expect("the case exists");
            tx.unindex_case(key)
        })
        .unwrap();
    assert_eq!(search(&mut desk, "Wyrzykowski"), Vec::<CaseId>::new());
    assert_eq!(search(&mut desk, "ann"), [kept]);
    let terms = vocab(&desk);
    assert!(!terms.iter().any(|t| t == "wyrzykowski" || t == "qzxv"), "{terms:?}");
    store.write(|tx| tx.optimize_search_index()).unwrap();
    drop(store);
    let bytes = data(&desk);
    assert!(!contains(&bytes, "wyrzykowski") && !contains(&bytes, "qzxv"));
    assert!(terms.contains(&"ann".to_string()));
}
