//! The shipped calendars against the facts, written here independently of the
//! data files: China's lists as in deadline-rules.md, the others from their rules.

use super::*;
use chrono::Days;
use std::collections::BTreeSet;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn calendar(id: &str) -> Calendar {
    shipped().unwrap().into_iter().find(|c| c.id == id).unwrap()
}

fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn days_of(year: i32) -> impl Iterator<Item = NaiveDate> {
    d(&format!("{year}-01-01")).iter_days().take_while(move |x| x.year() == year)
}

/// Monday-to-Friday dates of `year` that `cal` lists as days off.
fn weekday_holidays(cal: &Calendar, year: i32) -> BTreeSet<NaiveDate> {
    days_of(year).filter(|&x| is_weekday(x) && matches!(cal.day(x), Day::Holiday(_))).collect()
}

fn makeup_days(cal: &Calendar, year: i32) -> BTreeSet<NaiveDate> {
    days_of(year).filter(|&x| matches!(cal.day(x), Day::Makeup(_))).collect()
}

/// The notation of deadline-rules.md: "01-01, 02-12..16" is 1 Jan and 12 to 16 Feb.
fn spec(year: i32, list: &str) -> BTreeSet<NaiveDate> {
    let mut out = BTreeSet::new();
    for item in list.split(", ") {
        let (first, last_day) = item.split_once("..").unwrap_or((item, &item[3..]));
        let first = d(&format!("{year}-{first}"));
        let last = d(&format!("{year}-{}-{last_day}", &item[..2]));
        out.extend(first.iter_days().take_while(|x| *x <= last));
    }
    out
}

#[test]
fn all_five_ship_and_cover_2024_to_2026_only() {
    let all = shipped().unwrap();
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["cn", "de", "gb-eng", "ie", "us"]);
    for c in &all {
        assert!(!c.name.is_empty(), "{}", c.id);
        assert!([2024, 2025, 2026].iter().all(|&y| c.covers(y)), "{}", c.id);
        assert!(!c.covers(2023) && !c.covers(2027), "{}", c.id);
    }
}

#[test]
fn cn_reproduces_the_state_council_notices() {
    let cn = calendar("cn");
    let facts = [
        (
            2024,
            "01-01, 02-12..16, 04-04, 04-05, 05-01..03, 06-10, 09-16, 09-17, 10-01..04, 10-07",
            "02-04, 02-18, 04-07, 04-28, 05-11, 09-14, 09-29, 10-12",
        ),
        (
            2025,
            "01-01, 01-28..31, 02-03, 02-04, 04-04, 05-01, 05-02, 05-05, 06-02, 10-01..03, 10-06..08",
            "01-26, 02-08, 04-27, 09-28, 10-11",
        ),
        (
            2026,
            "01-01, 01-02, 02-16..20, 02-23, 04-06, 05-01, 05-04, 05-05, 06-19, 09-25, 10-01, 10-02, 10-05..07",
            "01-04, 02-14, 02-28, 05-09, 09-20, 10-10",
        ),
    ];
    for (year, off, makeup) in facts {
        let off = spec(year, off);
        assert!(off.iter().all(|&x| is_weekday(x)), "the spec lists weekdays only");
        assert_eq!(weekday_holidays(&cn, year), off, "{year} days off");
        assert_eq!(makeup_days(&cn, year), spec(year, makeup), "{year} makeup days");
    }
    assert_eq!(cn.day(d("2025-01-26")), Day::Makeup("Spring Festival makeup working day 春节调休上班"));
    assert_eq!(cn.day(d("2025-01-28")), Day::Holiday("Spring Festival 春节"));
}

fn easter(year: i32) -> NaiveDate {
    match year {
        2024 => d("2024-03-31"),
        2025 => d("2025-04-20"),
        _ => d("2026-04-05"),
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn nth_monday(year: i32, month: u32, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n).unwrap()
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    (1..=5).rev().find_map(|n| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n)).unwrap()
}

/// Each date, or when it is a weekend or taken, the next free weekday (UK substitute days).
fn substituted(dates: &[NaiveDate]) -> Vec<NaiveDate> {
    let mut out: Vec<NaiveDate> = Vec::new();
    for &date in dates {
        let free = date.iter_days().find(|&x| is_weekday(x) && !out.contains(&x)).unwrap();
        out.push(free);
    }
    out
}

/// US observed days: Saturday to the Friday before, Sunday to the Monday after.
fn observed(date: NaiveDate) -> NaiveDate {
    match date.weekday() {
        Weekday::Sat => date - Days::new(1),
        Weekday::Sun => date + Days::new(1),
        _ => date,
    }
}

/// The weekday holidays each calendar's rules give, independently of the data files.
fn by_rule(id: &str, y: i32) -> BTreeSet<NaiveDate> {
    let e = easter(y);
    let (good_friday, easter_monday) = (e - Days::new(2), e + Days::new(1));
    let dates = match id {
        "gb-eng" => {
            let mut v = vec![good_friday, easter_monday, nth_monday(y, 5, 1), last_monday(y, 5), last_monday(y, 8)];
            v.extend(substituted(&[ymd(y, 1, 1)]));
            v.extend(substituted(&[ymd(y, 12, 25), ymd(y, 12, 26)]));
            v
        }
        "us" => {
            let fixed = [ymd(y, 1, 1), ymd(y, 6, 19), ymd(y, 7, 4), ymd(y, 11, 11), ymd(y, 12, 25)];
            let mut v: Vec<NaiveDate> = fixed.into_iter().map(observed).collect();
            let thanksgiving = NaiveDate::from_weekday_of_month_opt(y, 11, Weekday::Thu, 4).unwrap();
            v.extend([nth_monday(y, 1, 3), nth_monday(y, 2, 3), last_monday(y, 5), nth_monday(y, 9, 1)]);
            v.extend([nth_monday(y, 10, 2), thanksgiving]);
            v
        }
        "de" => {
            let fixed = [ymd(y, 1, 1), ymd(y, 5, 1), ymd(y, 10, 3), ymd(y, 12, 25), ymd(y, 12, 26)];
            let mut v = fixed.to_vec();
            v.extend([good_friday, easter_monday, e + Days::new(39), e + Days::new(50)]);
            v
        }
        "ie" => {
            let brigid = if ymd(y, 2, 1).weekday() == Weekday::Fri { ymd(y, 2, 1) } else { nth_monday(y, 2, 1) };
            let fixed = [ymd(y, 1, 1), ymd(y, 3, 17), ymd(y, 12, 25), ymd(y, 12, 26)];
            let mut v = fixed.to_vec();
            v.extend([brigid, easter_monday, nth_monday(y, 5, 1), nth_monday(y, 6, 1)]);
            v.extend([nth_monday(y, 8, 1), last_monday(y, 10)]);
            v
        }
        _ => unreachable!(),
    };
    dates.into_iter().filter(|&x| is_weekday(x)).collect()
}

#[test]
fn the_other_calendars_follow_their_rules() {
    let counts = [("gb-eng", [8, 8, 8]), ("us", [11, 11, 11]), ("ie", [9, 10, 9]), ("de", [9, 9, 7])];
    for (id, per_year) in counts {
        let cal = calendar(id);
        for (year, count) in [2024, 2025, 2026].into_iter().zip(per_year) {
            let listed = weekday_holidays(&cal, year);
            assert_eq!(listed.len(), count, "{id} {year}: {listed:?}");
            assert_eq!(listed, by_rule(id, year), "{id} {year}");
            assert!(makeup_days(&cal, year).is_empty(), "{id} {year}");
        }
    }
}

#[test]
fn specific_dates() {
    let (gb, us, de, ie) = (calendar("gb-eng"), calendar("us"), calendar("de"), calendar("ie"));
    assert_eq!(gb.day(d("2026-04-03")), Day::Holiday("Good Friday"));
    assert_eq!(gb.day(d("2026-04-06")), Day::Holiday("Easter Monday"));
    assert_eq!(gb.day(d("2025-08-25")), Day::Holiday("Summer bank holiday"));
    assert_eq!(gb.day(d("2026-12-28")), Day::Holiday("Boxing Day (substitute day)"));
    assert_eq!(us.day(d("2025-12-24")), Day::Working);
    assert_eq!(us.day(d("2025-12-26")), Day::Working);
    assert_eq!(us.day(d("2025-12-25")), Day::Holiday("Christmas Day"));
    assert_eq!(us.day(d("2026-01-01")), Day::Holiday("New Year's Day"));
    assert_eq!(us.day(d("2026-07-03")), Day::Holiday("Independence Day (observed)"));
    assert_eq!(de.day(d("2025-04-05")), Day::Weekend);
    assert_eq!(de.day(d("2025-04-07")), Day::Working);
    assert_eq!(ie.day(d("2026-04-03")), Day::Working, "Good Friday is not an Irish public holiday");
    assert_eq!(ie.day(d("2024-03-18")), Day::Working, "no statutory substitute day in Ireland");
}

/// The next working day on or after `date`.
fn roll(cal: &Calendar, date: NaiveDate) -> NaiveDate {
    date.iter_days().find(|&x| cal.day(x).is_working()).unwrap()
}

/// The `n`th working day after `date` (`date` itself not counted).
fn working_days_after(cal: &Calendar, date: NaiveDate, n: usize) -> NaiveDate {
    date.iter_days().skip(1).filter(|&x| cal.day(x).is_working()).nth(n - 1).unwrap()
}

#[test]
fn the_public_vectors_hold_on_these_calendars() {
    let cn = calendar("cn");
    for (received, due) in [
        ("2025-01-24", "2025-02-20"),
        ("2025-09-28", "2025-10-24"),
        ("2025-10-01", "2025-10-28"),
        ("2026-02-11", "2026-03-10"),
    ] {
        assert_eq!(working_days_after(&cn, d(received), 15), d(due), "pipl {received}");
    }
    assert_eq!(working_days_after(&calendar("us"), d("2025-12-19"), 10), d("2026-01-06"), "ccpa acknowledge");
    // One month after receipt, unrolled, then rolled to a working day.
    let rolled = [
        ("ie", "2025-02-28", "2025-02-28"),
        ("ie", "2024-02-29", "2024-02-29"),
        ("ie", "2025-09-30", "2025-09-30"),
        ("de", "2025-04-05", "2025-04-07"),
        ("gb-eng", "2025-10-03", "2025-10-03"),
        ("gb-eng", "2025-08-25", "2025-08-26"),
        ("gb-eng", "2026-04-03", "2026-04-07"),
    ];
    for (id, end, due) in rolled {
        assert_eq!(roll(&calendar(id), d(end)), d(due), "{id} {end}");
    }
}

#[test]
fn day_kinds_and_uncovered_years() {
    let cn = calendar("cn");
    assert!(Day::Working.is_working() && Day::Makeup("x").is_working());
    assert!(!Day::Weekend.is_working() && !Day::Holiday("x").is_working());
    // 2027 is not covered: weekdays work, weekends do not, whatever the real holidays.
    assert!(!cn.covers(2027));
    assert_eq!(cn.day(d("2027-02-08")), Day::Working);
    assert_eq!(cn.day(d("2027-02-06")), Day::Weekend);
    assert_eq!(cn.day(d("2023-01-02")), Day::Working);
}

#[test]
fn merge_adds_and_replaces_whole_years() {
    let mut cn = calendar("cn");
    let overlay = Calendar::parse(
        "id = \"cn\"\n[years.2027]\n[years.2025]\nholidays = [{ date = \"2025-01-01\", name = \"New Year\" }]\n",
        "calendars/cn.toml",
    )
    .unwrap();
    let name = cn.name.clone();
    cn.merge(overlay);
    assert_eq!(cn.name, name, "an overlay without a name keeps the shipped one");
    assert!(cn.covers(2027) && cn.years[&2027] == Year::default());
    assert_eq!(cn.day(d("2025-01-01")), Day::Holiday("New Year"));
    assert_eq!(cn.day(d("2025-01-28")), Day::Working, "2025 was replaced as a whole");
    assert_eq!(cn.day(d("2025-01-26")), Day::Weekend, "including its makeup days");
    assert_eq!(cn.day(d("2024-02-12")), Day::Holiday("Spring Festival 春节"), "other years stay");

    cn.merge(Calendar { id: "cn".to_owned(), name: "Renamed".to_owned(), years: BTreeMap::new() });
    assert_eq!(cn.name, "Renamed");
    assert!(cn.covers(2024) && cn.covers(2027));
}
