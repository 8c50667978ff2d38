//! Properties of the deadline engine over every shipped calendar, and every
//! holiday of every shipped year used as a receipt day and as a due day.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, Days, NaiveDate};
use dsar::deadlines::{Calendar, Day, Deadlines, Input, Rules, compute, shipped};
use dsar::domain::{ClockEvent, ClockKind, Regime};
use proptest::prelude::*;

fn calendars() -> Vec<Calendar> {
    shipped().unwrap()
}

fn calendar(id: &str) -> Calendar {
    calendars().into_iter().find(|c| c.id == id).unwrap()
}

fn run(regime: Regime, cal: Option<&Calendar>, received: NaiveDate, events: &[ClockEvent]) -> Deadlines {
    let rules = Rules::shipped().unwrap();
    compute(&Input {
        rule: rules.get(regime).unwrap(),
        calendar: cal,
        received,
        events,
        commitments: &[],
        today: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
    })
}

/// Every holiday (and makeup day) date of every shipped calendar and year.
fn special_days(cal: &Calendar) -> Vec<NaiveDate> {
    cal.years.values().flat_map(|y| y.holidays.keys().chain(y.makeup.keys()).copied()).collect()
}

/// The regimes whose counting depends on the calendar, with a rule for checking the result.
const CALENDAR_REGIMES: &[Regime] = &[Regime::Pipl, Regime::Gdpr, Regime::UkGdpr];

#[test]
fn every_holiday_as_a_receipt_day_gives_a_working_due_day_after_it() {
    for cal in calendars() {
        for day in special_days(&cal) {
            for regime in CALENDAR_REGIMES {
                let d = run(*regime, Some(&cal), day, &[]);
                assert!(d.respond_by > day, "{} {regime} {day}", cal.id);
                assert!(
                    cal.day(d.respond_by).is_working(),
                    "{} {regime} received {day}: due {} is not a working day",
                    cal.id,
                    d.respond_by
                );
            }
        }
    }
}

#[test]
fn pipl_counts_exactly_fifteen_working_days_from_every_special_day() {
    let cn = calendar("cn");
    for day in special_days(&cn).into_iter().filter(|d| d.year() < 2026 || d.month() < 12) {
        let d = run(Regime::Pipl, Some(&cn), day, &[]);
        let mut counted = 0;
        let mut cur = day;
        while cur < d.respond_by {
            cur = cur.succ_opt().unwrap();
            if cn.day(cur).is_working() {
                counted += 1;
            }
        }
        assert_eq!(counted, 15, "received {day}, due {}", d.respond_by);
        assert!(d.warnings.is_empty(), "{day}: {:?}", d.warnings);
    }
}

#[test]
fn every_holiday_as_the_unrolled_due_day_moves_to_the_next_working_day() {
    // For each holiday H, receive one month earlier so that "one month later" lands on H.
    for id in ["ie", "de", "gb-eng"] {
        let cal = calendar(id);
        for holiday in cal.years.values().flat_map(|y| y.holidays.keys().copied()) {
            let Some(received) = holiday.checked_sub_months(chrono::Months::new(1)) else { continue };
            if received.checked_add_months(chrono::Months::new(1)) != Some(holiday) {
                continue; // month-end clamping: no receipt maps onto this day
            }
            let d = run(Regime::Gdpr, Some(&cal), received, &[]);
            assert_ne!(d.respond_by, holiday, "{id}: due on the holiday {holiday}");
            assert!(d.respond_by > holiday && cal.day(d.respond_by).is_working(), "{id} {holiday} → {}", d.respond_by);
            let mut between = holiday.succ_opt().unwrap();
            while between < d.respond_by {
                assert!(!cal.day(between).is_working(), "{id}: {between} was a working day before {}", d.respond_by);
                between = between.succ_opt().unwrap();
            }
        }
    }
}

#[test]
fn makeup_days_count_as_working_days() {
    let cn = calendar("cn");
    for day in cn.years.values().flat_map(|y| y.makeup.keys().copied()) {
        assert!(matches!(cn.day(day), Day::Makeup(_)), "{day}");
        // Received the day before a makeup day, one working day later is that makeup day
        // (unless the day before is itself a holiday-free working day: still the next working day).
        let before = day.pred_opt().unwrap();
        let mut next = before.succ_opt().unwrap();
        while !cn.day(next).is_working() {
            next = next.succ_opt().unwrap();
        }
        assert_eq!(next, day);
    }
}

fn date_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = NaiveDate> {
    (years, 1u32..=12, 1u32..=31).prop_filter_map("valid date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

fn regime() -> impl Strategy<Value = Regime> {
    proptest::sample::select(Regime::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_due_date_is_never_before_the_receipt(regime in regime(), received in date_in(2024..=2026), cal_i in 0usize..5) {
        let cals = calendars();
        let d = run(regime, Some(&cals[cal_i]), received, &[]);
        prop_assert!(d.respond_by > received);
        prop_assert!(d.due >= received);
        prop_assert!(d.clock_start >= received);
        if let Some(a) = d.acknowledge_by { prop_assert!(a > received); }
        if let Some(e) = d.extended_respond_by { prop_assert!(e >= d.respond_by); }
    }

    #[test]
    fn a_working_day_due_date_is_a_working_day(regime in proptest::sample::select(CALENDAR_REGIMES.to_vec()), received in date_in(2024..=2026), cal_i in 0usize..5) {
        let cals = calendars();
        let d = run(regime, Some(&cals[cal_i]), received, &[]);
        prop_assert!(cals[cal_i].day(d.respond_by).is_working(), "{} {regime} {received} → {}", cals[cal_i].id, d.respond_by);
    }

    #[test]
    fn adding_a_holiday_never_makes_a_deadline_earlier(
        regime in regime(),
        received in date_in(2024..=2026),
        cal_i in 0usize..5,
        offset in 0u64..80,
    ) {
        let cals = calendars();
        let base = run(regime, Some(&cals[cal_i]), received, &[]);
        let mut more = cals[cal_i].clone();
        let extra = received.checked_add_days(Days::new(offset)).unwrap();
        if let Some(year) = more.years.get_mut(&extra.year()) {
            year.makeup.remove(&extra);
            year.holidays.insert(extra, "extra".into());
        }
        let after = run(regime, Some(&more), received, &[]);
        prop_assert!(after.respond_by >= base.respond_by, "{regime} {received} + holiday {extra}: {} < {}", after.respond_by, base.respond_by);
        if let (Some(a), Some(b)) = (after.acknowledge_by, base.acknowledge_by) { prop_assert!(a >= b); }
    }

    #[test]
    fn a_pause_never_makes_a_gdpr_deadline_earlier(received in date_in(2024..=2026), start in 0u64..20, len in 0u64..30) {
        let ie = calendar("ie");
        let from = received.checked_add_days(Days::new(start)).unwrap();
        let to = from.checked_add_days(Days::new(len)).unwrap();
        let base = run(Regime::Gdpr, Some(&ie), received, &[]);
        let paused = run(Regime::Gdpr, Some(&ie), received, &[ClockEvent::new(ClockKind::Paused, from), ClockEvent::new(ClockKind::Resumed, to)]);
        prop_assert!(paused.respond_by >= base.respond_by);
        prop_assert_eq!(paused.paused_days, len as i64);
    }
}
