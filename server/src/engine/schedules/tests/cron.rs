//! Fire times of cron specs: fields, descriptors, `@every`, time zones and DST transitions.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> i64 {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s)
        .single()
        .unwrap()
        .timestamp_millis()
}

fn local(tz: &str, y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    let tz: Tz = tz.parse().unwrap();
    let naive = NaiveDate::from_ymd_opt(y, mo, d)
        .unwrap()
        .and_hms_opt(h, mi, 0)
        .unwrap();
    tz.from_local_datetime(&naive)
        .earliest()
        .unwrap()
        .timestamp_millis()
}

fn reason(err: Error) -> &'static str {
    err.reason()
}

#[test]
fn five_fields_fire_on_the_minute_strictly_after() {
    let spec = CronSpec::parse("*/15 * * * *", "").unwrap();
    let t = utc(2025, 6, 1, 10, 0, 0);
    assert_eq!(spec.next_after(t), Some(utc(2025, 6, 1, 10, 15, 0)));
    assert_eq!(spec.next_after(t - 1), Some(t));
    assert_eq!(spec.next_after(t + 500), Some(utc(2025, 6, 1, 10, 15, 0)));
    assert_eq!(spec.prev_at_or_before(t), Some(t));
    assert_eq!(
        spec.prev_at_or_before(t - 1),
        Some(utc(2025, 6, 1, 9, 45, 0))
    );
}

#[test]
fn six_fields_take_seconds_first() {
    let spec = CronSpec::parse("30 */5 * * * *", "").unwrap();
    let t = utc(2025, 6, 1, 10, 0, 0);
    assert_eq!(spec.next_after(t), Some(utc(2025, 6, 1, 10, 0, 30)));
    assert_eq!(
        spec.next_after(utc(2025, 6, 1, 10, 0, 30)),
        Some(utc(2025, 6, 1, 10, 5, 30))
    );
}

#[test]
fn a_year_field_and_bad_field_counts_are_refused() {
    for bad in [
        "0 0 0 1 1 * 2030",
        "* * * *",
        "",
        "   ",
        "61 * * * *",
        "@fortnightly",
        "0 0 30 2 *",
    ] {
        let err = CronSpec::parse(bad, "").unwrap_err();
        assert_eq!(reason(err), "invalid_spec", "{bad:?}");
    }
}

#[test]
fn descriptors_fire_at_their_times() {
    let t = utc(2025, 6, 15, 10, 20, 0);
    let cases = [
        ("@yearly", utc(2026, 1, 1, 0, 0, 0)),
        ("@annually", utc(2026, 1, 1, 0, 0, 0)),
        ("@monthly", utc(2025, 7, 1, 0, 0, 0)),
        // 2025-06-15 is a Sunday.
        ("@weekly", utc(2025, 6, 22, 0, 0, 0)),
        ("@daily", utc(2025, 6, 16, 0, 0, 0)),
        ("@midnight", utc(2025, 6, 16, 0, 0, 0)),
        ("@hourly", utc(2025, 6, 15, 11, 0, 0)),
        ("@HOURLY", utc(2025, 6, 15, 11, 0, 0)),
    ];
    for (spec, next) in cases {
        let parsed = CronSpec::parse(spec, "").unwrap();
        assert_eq!(parsed.next_after(t), Some(next), "{spec}");
    }
}

#[test]
fn every_is_aligned_to_the_epoch() {
    let spec = CronSpec::parse("@every 15m", "Europe/Berlin").unwrap();
    assert_eq!(spec.interval_ms(), Some(15 * MINUTE_MS));
    let t = utc(2025, 6, 1, 10, 7, 13);
    assert_eq!(spec.next_after(t), Some(utc(2025, 6, 1, 10, 15, 0)));
    assert_eq!(spec.prev_at_or_before(t), Some(utc(2025, 6, 1, 10, 0, 0)));
    let exact = utc(2025, 6, 1, 10, 15, 0);
    assert_eq!(spec.next_after(exact), Some(exact + 15 * MINUTE_MS));
    assert_eq!(spec.prev_at_or_before(exact), Some(exact));

    let odd = CronSpec::parse("@every 1h30m", "").unwrap();
    assert_eq!(odd.interval_ms(), Some(90 * MINUTE_MS));
    let next = odd.next_after(t).unwrap();
    assert_eq!(next % (90 * MINUTE_MS), 0);
    assert!(next > t && next - t <= 90 * MINUTE_MS);
    assert_eq!(
        CronSpec::parse("@every 90s", "").unwrap().interval_ms(),
        Some(90_000)
    );
    assert_eq!(
        CronSpec::parse("@every 2d", "").unwrap().interval_ms(),
        Some(2 * DAY_MS)
    );
}

#[test]
fn every_bounds_and_syntax_are_checked() {
    for bad in [
        "@every",
        "@every 0s",
        "@every 367d",
        "@every 10",
        "@every m",
        "@every 5x",
        "@every 99999999999999999999d",
    ] {
        let err = CronSpec::parse(bad, "").unwrap_err();
        assert_eq!(reason(err), "invalid_spec", "{bad:?}");
    }
    assert!(CronSpec::parse("@every 1s", "").is_ok());
    assert!(CronSpec::parse("@every 366d", "").is_ok());
}

#[test]
fn time_zones_are_read_by_iana_name() {
    let spec = CronSpec::parse("0 9 * * *", "America/New_York").unwrap();
    // Summer: New York is UTC-4.
    assert_eq!(
        spec.next_after(utc(2025, 6, 1, 0, 0, 0)),
        Some(utc(2025, 6, 1, 13, 0, 0))
    );
    // Winter: UTC-5.
    assert_eq!(
        spec.next_after(utc(2025, 1, 10, 0, 0, 0)),
        Some(utc(2025, 1, 10, 14, 0, 0))
    );
    let err = CronSpec::parse("0 9 * * *", "Mars/Olympus").unwrap_err();
    assert_eq!(reason(err), "invalid_timezone");
}

#[test]
fn spring_forward_gap_fires_once_right_after_the_gap() {
    // Berlin, 2025-03-30: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 does not exist.
    let spec = CronSpec::parse("30 2 * * *", "Europe/Berlin").unwrap();
    let before = local("Europe/Berlin", 2025, 3, 29, 12, 0);
    let first = spec.next_after(before).unwrap();
    assert_eq!(
        first,
        utc(2025, 3, 30, 1, 0, 0),
        "03:00 CEST, right after the gap"
    );
    let second = spec.next_after(first).unwrap();
    assert_eq!(second, local("Europe/Berlin", 2025, 3, 31, 2, 30));
    // New York, 2025-03-09: 02:00 EST becomes 03:00 EDT (07:00 UTC).
    let ny = CronSpec::parse("15 2 * * *", "America/New_York").unwrap();
    let fired = ny.next_after(utc(2025, 3, 9, 0, 0, 0)).unwrap();
    assert_eq!(fired, utc(2025, 3, 9, 7, 0, 0));
    assert_eq!(
        ny.next_after(fired),
        Some(local("America/New_York", 2025, 3, 10, 2, 15))
    );
}

#[test]
fn fall_back_overlap_fires_once_at_the_first_occurrence() {
    // Berlin, 2025-10-26: 03:00 CEST becomes 02:00 CET; 02:30 happens at 00:30 and 01:30 UTC.
    let spec = CronSpec::parse("30 2 * * *", "Europe/Berlin").unwrap();
    let first = spec
        .next_after(local("Europe/Berlin", 2025, 10, 25, 12, 0))
        .unwrap();
    assert_eq!(first, utc(2025, 10, 26, 0, 30, 0));
    let next_day = local("Europe/Berlin", 2025, 10, 27, 2, 30);
    assert_eq!(spec.next_after(first), Some(next_day));
    // Asked from inside the second pass (02:10 CET, after the first 02:30), it still does
    // not fire at the second 02:30.
    assert_eq!(spec.next_after(utc(2025, 10, 26, 1, 10, 0)), Some(next_day));
    assert_eq!(spec.next_after(utc(2025, 10, 26, 1, 30, 0)), Some(next_day));
    // New York, 2025-11-02: 01:30 happens at 05:30 (EDT) and 06:30 (EST) UTC.
    let ny = CronSpec::parse("30 1 * * *", "America/New_York").unwrap();
    let fired = ny.next_after(utc(2025, 11, 1, 12, 0, 0)).unwrap();
    assert_eq!(fired, utc(2025, 11, 2, 5, 30, 0));
    assert_eq!(
        ny.next_after(fired),
        Some(local("America/New_York", 2025, 11, 3, 1, 30))
    );
}

#[test]
fn interval_specs_fire_in_real_time_through_both_transitions() {
    // Berlin's offsets change by whole hours, so */30 local is every 30 minutes of UTC, in the
    // gap (no 02:xx local) and in both passes of the repeated hour alike.
    let spec = CronSpec::parse("*/30 * * * *", "Europe/Berlin").unwrap();
    for start in [utc(2025, 3, 29, 23, 0, 0), utc(2025, 10, 25, 23, 0, 0)] {
        let mut t = start;
        for step in 0..12 {
            let next = spec.next_after(t).unwrap();
            assert_eq!(next - t, 30 * MINUTE_MS, "step {step} from {t}");
            t = next;
        }
    }
    // Asked from inside the first pass of the repeated hour (02:30 CEST), the next fire is
    // 02:00 CET, not 03:00 CET.
    assert_eq!(
        spec.next_after(utc(2025, 10, 26, 0, 30, 0)),
        Some(utc(2025, 10, 26, 1, 0, 0))
    );
}

#[test]
fn descriptions_are_words() {
    assert_eq!(
        CronSpec::parse("@every 15m", "").unwrap().describe(),
        "every 15 minutes"
    );
    assert_eq!(
        CronSpec::parse("@every 1h", "").unwrap().describe(),
        "every hour"
    );
    assert_eq!(
        CronSpec::parse("@every 1h30m", "").unwrap().describe(),
        "every 1 hour 30 minutes"
    );
    let daily = CronSpec::parse("30 2 * * *", "Europe/Berlin")
        .unwrap()
        .describe();
    assert!(daily.contains("Europe/Berlin"), "{daily}");
    assert!(!daily.is_empty());
}

#[test]
fn nasty_specs_are_refused_or_work_without_panicking() {
    let nasty = [
        "*/0 * * * *",
        "0-99999999999 * * * *",
        "99999999999999999999 * * * *",
        "L W # * *",
        "5#9 * * * *",
        "* * * * 8",
        "* * 0 * *",
        "* * * 13 *",
        "60 * * * * *",
        "1-0 * * * *",
        "*/ * * * *",
        ", * * * *",
        "1,,2 * * * *",
        "* * * * 1,",
        "- * * * *",
        "ä * * * *",
        "0 0 L * *",
        "0 0 * * 5L",
        "0 0 1W * *",
        "@every 1d1d1d",
        "@every -1s",
        "@every 1.5h",
        "@every\t5m",
        "@ every 5m",
        "@",
        "@@daily",
        "0 0 29 2 *",
        "0 0 31 4 *",
    ];
    let t = utc(2025, 6, 1, 0, 0, 0);
    for spec in nasty {
        let started = std::time::Instant::now();
        let parsed = std::panic::catch_unwind(|| CronSpec::parse(spec, "America/New_York"));
        let parsed = parsed.unwrap_or_else(|_| panic!("{spec:?} panicked"));
        match parsed {
            Ok(cron) => {
                let next = cron.next_after(t);
                assert!(next.is_none_or(|n| n > t), "{spec:?}");
                let _ = cron.prev_at_or_before(t);
                let _ = cron.describe();
            }
            Err(e) => assert!(matches!(e.reason(), "invalid_spec"), "{spec:?}: {e:?}"),
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "{spec:?} took {:?}",
            started.elapsed()
        );
    }
}
