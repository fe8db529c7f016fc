//! Date-times as Open Klant shows and reads them. DRF renders every
//! date-time in UTC (`2024-03-01T10:00:00Z`); Django runs with
//! `TIME_ZONE = "Europe/Amsterdam"`, so a filter value without an offset is
//! read as Amsterdam wall-clock time. The sandbox has no time-zone database, so
//! the zone's rule since 1996 is written out here: CET (+01:00), and CEST
//! (+02:00) from the last Sunday of March 01:00 UTC to the last Sunday of
//! October 01:00 UTC.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    TimeZone, Timelike, Utc, Weekday,
};

/// The last Sunday of `month` in `year`, at 01:00 UTC: when the EU switches.
fn switch_moment(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    let sunday = last - Duration::days(i64::from(back));
    debug_assert_eq!(sunday.weekday(), Weekday::Sun);
    Some(Utc.from_utc_datetime(&sunday.and_time(NaiveTime::from_hms_opt(1, 0, 0)?)))
}

/// The Amsterdam UTC offset at instant `t`.
pub(crate) fn amsterdam_offset(t: &DateTime<Utc>) -> FixedOffset {
    let summer = match (switch_moment(t.year(), 3), switch_moment(t.year(), 10)) {
        (Some(start), Some(end)) => *t >= start && *t < end,
        _ => false,
    };
    let hours = if summer { 2 } else { 1 };
    FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| Utc.fix())
}

/// The instant of an Amsterdam wall-clock time. In the autumn hour that
/// occurs twice the first (summer) one is taken; a spring-gap time is read
/// with the winter offset, as Python's `zoneinfo` does with `fold=0`.
/// `None` at the very edge of the representable range.
pub(crate) fn from_amsterdam(local: &NaiveDateTime) -> Option<DateTime<Utc>> {
    let summer = Utc.from_utc_datetime(&local.checked_sub_signed(Duration::hours(2))?);
    if amsterdam_offset(&summer).local_minus_utc() == 7200 {
        return Some(summer);
    }
    Some(Utc.from_utc_datetime(&local.checked_sub_signed(Duration::hours(1))?))
}

/// DRF's rendering of a date-time as Open Klant answers it (recorded on
/// 2.18.0 and 2.4.0, tests/contract/): in UTC with `Z`, whatever offset was
/// sent (`09:15:00+01:00` comes back `08:15:00Z`), microseconds only when
/// there are any (Python's `isoformat`, `+00:00` written `Z`).
pub(crate) fn render(t: &DateTime<Utc>) -> String {
    let micros = t.nanosecond() / 1000;
    let fraction = if micros == 0 {
        String::new()
    } else {
        format!(".{micros:06}")
    };
    format!("{}{fraction}Z", t.format("%Y-%m-%dT%H:%M:%S"))
}

/// Reads a date-time filter value as Django's `DateTimeField` does: ISO 8601
/// with `T` or a space, seconds and fraction optional, an offset or `Z`
/// optional (absent = Amsterdam time), or a bare date (midnight).
pub(crate) fn parse(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Some(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f%#z",
        "%Y-%m-%d %H:%M:%S%.f%#z",
        "%Y-%m-%dT%H:%M%#z",
        "%Y-%m-%d %H:%M%#z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(value, format) {
            return Some(t.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(value, format) {
            return from_amsterdam(&t);
        }
    }
    let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()?;
    from_amsterdam(&date.and_time(NaiveTime::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("valid")
            .with_timezone(&Utc)
    }

    #[test]
    fn renders_in_utc_with_z() {
        assert_eq!(
            render(&utc("2024-03-01T10:00:00+01:00")),
            "2024-03-01T09:00:00Z"
        );
        assert_eq!(
            render(&utc("2024-07-01T10:00:00.5Z")),
            "2024-07-01T10:00:00.500000Z"
        );
    }

    #[test]
    fn switches_on_the_last_sundays_at_one_utc() {
        // 2024: summer time from 31 March 01:00 UTC to 27 October 01:00 UTC.
        assert_eq!(
            amsterdam_offset(&utc("2024-03-31T00:59:59Z")).local_minus_utc(),
            3600
        );
        assert_eq!(
            amsterdam_offset(&utc("2024-03-31T01:00:00Z")).local_minus_utc(),
            7200
        );
        assert_eq!(
            amsterdam_offset(&utc("2024-10-27T01:00:00Z")).local_minus_utc(),
            3600
        );
    }

    #[test]
    fn parses_what_django_accepts() {
        let t = utc("2024-07-01T10:00:00Z");
        assert_eq!(parse("2024-07-01T10:00:00Z"), Some(t));
        assert_eq!(parse("2024-07-01T12:00:00+02:00"), Some(t));
        assert_eq!(parse("2024-07-01T12:00:00"), Some(t));
        assert_eq!(parse("2024-07-01 12:00"), Some(t));
        assert_eq!(parse("2024-07-01"), Some(utc("2024-06-30T22:00:00Z")));
        assert_eq!(parse("gisteren"), None);
        assert_eq!(parse("-262143-01-01T00:00:00"), None);
        assert!(!render(&DateTime::<Utc>::MAX_UTC).is_empty());
        assert!(!render(&DateTime::<Utc>::MIN_UTC).is_empty());
        assert_eq!(parse("2024-13-01"), None);
    }
}
