//! Every kind of mistake in a calendar file is reported with file, line and key.

use super::*;

const ORIGIN: &str = "calendars/cn.toml";

fn err(text: &str) -> SourceError {
    parse(text, ORIGIN).unwrap_err()
}

/// `(line, key)` of the error, for compact assertions; the message is checked separately.
fn at(e: &SourceError) -> (Option<usize>, &str) {
    (e.line, e.key.as_str())
}

fn year_2025(body: &str) -> String {
    format!("id = \"cn\"\nname = \"China\"\n\n[years.2025]\n{body}")
}

#[test]
fn a_good_file() {
    let text = year_2025(concat!(
        "holidays = [\n",
        "  { from = \"2025-01-28\", to = \"2025-02-04\", name = \"Spring Festival 春节\" },\n",
        "  { date = 2025-04-04, name = \"Qingming Festival 清明节\" },\n",
        "]\n",
        "makeup = [{ date = \"2025-01-26\", name = \"makeup\" }]\n",
        "[years.2026]\n",
    ));
    let cal = parse(&text, ORIGIN).unwrap();
    assert_eq!((cal.id.as_str(), cal.name.as_str()), ("cn", "China"));
    let year = &cal.years[&2025];
    assert_eq!(year.holidays.len(), 9, "an 8-day range and a bare TOML date");
    assert_eq!(year.makeup.len(), 1);
    assert_eq!(cal.years[&2026], Year::default());
}

#[test]
fn a_bad_date_names_file_line_and_key() {
    let text = year_2025(concat!(
        "holidays = [\n",
        "  { date = \"2025-01-01\", name = \"a\" },\n",
        "  { date = \"2025-01-02\", name = \"b\" },\n",
        "  { date = \"2025-02-30\", name = \"c\" },\n",
        "]\n",
    ));
    assert_eq!(
        err(&text).to_string(),
        "calendars/cn.toml: line 8: years.2025.holidays[2].date: '2025-02-30' is not a date (YYYY-MM-DD)"
    );
    for bad in ["\"2025-1-5\"", "\"25-01-05\"", "\"2025-01-05x\"", "2025-01-05T10:00:00"] {
        let e = err(&year_2025(&format!("holidays = [{{ date = {bad}, name = \"a\" }}]\n")));
        assert_eq!(at(&e), (Some(5), "years.2025.holidays[0].date"), "{bad}: {e}");
        assert!(e.message.ends_with("is not a date (YYYY-MM-DD)"), "{e}");
    }
    let e = err(&year_2025("holidays = [{ date = 20250105, name = \"a\" }]\n"));
    assert_eq!(e.message, "'20250105' is not a date (YYYY-MM-DD)");
}

#[test]
fn unknown_keys() {
    let e = err(&year_2025("holidays = []\nholdays = []\n"));
    assert_eq!(at(&e), (Some(6), "years.2025.holdays"), "{e}");
    assert_eq!(e.message, "unknown key 'holdays'; expected one of: holidays, makeup");

    let e = err(&year_2025("holidays = [\n  { date = \"2025-01-01\", nmae = \"a\" },\n]\n"));
    assert_eq!(at(&e), (Some(6), "years.2025.holidays[0].nmae"), "{e}");

    let e = err("id = \"cn\"\nregion = \"x\"\n");
    assert_eq!(at(&e), (Some(2), "region"), "{e}");
}

#[test]
fn a_date_outside_its_year() {
    let e = err(&year_2025("holidays = [\n  { date = \"2024-12-31\", name = \"a\" },\n]\n"));
    assert_eq!(at(&e), (Some(6), "years.2025.holidays[0].date"), "{e}");
    assert_eq!(e.message, "2024-12-31 is not in 2025; list it under [years.2024]");

    let e = err(&year_2025("holidays = [{ from = \"2025-12-31\", to = \"2026-01-01\", name = \"a\" }]\n"));
    assert_eq!(at(&e), (Some(5), "years.2025.holidays[0].to"), "{e}");
}

#[test]
fn ranges_and_single_days() {
    let e = err(&year_2025("holidays = [\n  { from = \"2025-02-04\", to = \"2025-01-28\", name = \"a\" },\n]\n"));
    assert_eq!(at(&e), (Some(6), "years.2025.holidays[0]"), "{e}");
    assert_eq!(e.message, "from 2025-02-04 is after to 2025-01-28");

    let both = "holidays = [{ date = \"2025-01-01\", from = \"2025-01-01\", to = \"2025-01-02\", name = \"a\" }]\n";
    let e = err(&year_2025(both));
    assert_eq!(
        (at(&e), e.message.as_str()),
        ((Some(5), "years.2025.holidays[0]"), "give either date, or from and to, not both")
    );

    let e = err(&year_2025("makeup = [{ name = \"a\" }]\n"));
    assert_eq!((at(&e), e.message.as_str()), ((Some(5), "years.2025.makeup[0]"), "needs date, or from and to"));

    let e = err(&year_2025("holidays = [{ from = \"2025-01-01\", name = \"a\" }]\n"));
    assert_eq!(at(&e), (Some(5), "years.2025.holidays[0].to"), "{e}");
    let e = err(&year_2025("holidays = [{ to = \"2025-01-01\", name = \"a\" }]\n"));
    assert_eq!(at(&e), (Some(5), "years.2025.holidays[0].from"), "{e}");
}

#[test]
fn a_date_listed_twice() {
    let text = year_2025(concat!(
        "holidays = [\n",
        "  { from = \"2025-01-28\", to = \"2025-02-04\", name = \"a\" },\n",
        "  { date = \"2025-02-03\", name = \"b\" },\n",
        "]\n",
    ));
    let e = err(&text);
    assert_eq!(at(&e), (Some(7), "years.2025.holidays[1]"), "{e}");
    assert_eq!(e.message, "2025-02-03 is already listed at years.2025.holidays[0] (line 6)");

    let text = year_2025(concat!(
        "holidays = [{ from = \"2025-01-25\", to = \"2025-01-26\", name = \"a\" }]\n",
        "makeup = [{ date = \"2025-01-26\", name = \"b\" }]\n",
    ));
    let e = err(&text);
    assert_eq!(at(&e), (Some(6), "years.2025.makeup[0]"), "{e}");
    assert_eq!(e.message, "2025-01-26 is already listed at years.2025.holidays[0] (line 5)");
}

#[test]
fn a_makeup_day_on_a_weekday_is_a_typo() {
    let e = err(&year_2025("makeup = [{ date = \"2025-01-27\", name = \"a\" }]\n"));
    assert_eq!(at(&e), (Some(5), "years.2025.makeup[0]"), "{e}");
    assert_eq!(e.message, "2025-01-27 is a Monday; a makeup working day is a Saturday or Sunday");
}

#[test]
fn toml_syntax() {
    let e = err(&year_2025("holidays = [{ date = \"2025-01-01\", name = \"a\" }\n"));
    assert_eq!(e.key, crate::deadlines::source::SYNTAX);
    assert!(e.line.is_some_and(|l| l >= 5), "{e}");
    assert!(e.to_string().starts_with("calendars/cn.toml: line "), "{e}");
}

#[test]
fn year_keys_are_years() {
    for key in ["next", "25", "20250", "\"+2025\""] {
        let e = err(&format!("id = \"cn\"\n\n[years.{key}]\n"));
        assert_eq!(e.line, Some(3), "{key}: {e}");
        assert!(e.key.starts_with("years.") && e.message.ends_with("is not a year (YYYY)"), "{key}: {e}");
    }
    assert_eq!(
        err("id = \"cn\"\n[years.next]\n").to_string(),
        "calendars/cn.toml: line 2: years.next: 'next' is not a year (YYYY)"
    );
}

#[test]
fn id_and_names() {
    let e = err("name = \"China\"\n[years.2025]\n");
    assert_eq!((e.key.as_str(), e.message.as_str()), ("id", "missing key 'id'"));
    assert!(e.to_string().starts_with("calendars/cn.toml: "), "{e}");

    for id in ["\"\"", "\"CN\"", "\"c n\""] {
        let e = err(&format!("name = \"x\"\nid = {id}\n"));
        assert_eq!(at(&e), (Some(2), "id"), "{e}");
    }

    let e = err(&year_2025("holidays = [{ date = \"2025-01-01\", name = \" \" }]\n"));
    assert_eq!((at(&e), e.message.as_str()), ((Some(5), "years.2025.holidays[0].name"), "the name is empty"));
    let e = err(&year_2025("holidays = [\n  { date = \"2025-01-01\" },\n]\n"));
    assert_eq!((at(&e), e.message.as_str()), ((Some(6), "years.2025.holidays[0].name"), "missing key 'name'"));
}
