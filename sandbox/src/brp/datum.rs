//! BRP dates: the GBA `yyyymmdd` form with `00` for an unknown part, and the
//! polymorphic v2 `AbstractDatum` it becomes (`Datum`, `JaarMaandDatum`,
//! `JaarDatum`, `DatumOnbekend`, each with a Dutch `langFormaat`), plus the
//! age (`leeftijd`) a date of birth gives on a day.

use chrono::{Datelike, NaiveDate};
use serde_json::{json, Value};

/// A GBA date, read from `yyyymmdd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GbaDatum {
    Volledig(NaiveDate),
    JaarMaand(i32, u32),
    Jaar(i32),
    Onbekend,
}

const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

impl GbaDatum {
    /// Reads `yyyymmdd`; anything else (or an impossible date) is unknown,
    /// as the BrpProxy maps it.
    pub(crate) fn parse(s: &str) -> GbaDatum {
        let digits = s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits {
            return GbaDatum::Onbekend;
        }
        let jaar: i32 = s[0..4].parse().unwrap_or(0);
        let maand: u32 = s[4..6].parse().unwrap_or(0);
        let dag: u32 = s[6..8].parse().unwrap_or(0);
        match (jaar, maand, dag) {
            (0, _, _) => GbaDatum::Onbekend,
            (j, 0, 0) => GbaDatum::Jaar(j),
            (j, m, 0) if (1..=12).contains(&m) => GbaDatum::JaarMaand(j, m),
            (j, m, d) => NaiveDate::from_ymd_opt(j, m, d)
                .map(GbaDatum::Volledig)
                .unwrap_or(GbaDatum::Onbekend),
        }
    }

    /// The v2 `AbstractDatum` object.
    pub(crate) fn to_json(self) -> Value {
        match self {
            GbaDatum::Volledig(d) => json!({
                "type": "Datum",
                "datum": d.format("%Y-%m-%d").to_string(),
                "langFormaat": format!("{} {} {}", d.day(), maand(d.month()), d.year()),
            }),
            GbaDatum::JaarMaand(j, m) => json!({
                "type": "JaarMaandDatum",
                "jaar": j,
                "maand": m,
                "langFormaat": format!("{} {j}", maand(m)),
            }),
            GbaDatum::Jaar(j) => json!({
                "type": "JaarDatum",
                "jaar": j,
                "langFormaat": j.to_string(),
            }),
            GbaDatum::Onbekend => json!({
                "type": "DatumOnbekend",
                "onbekend": true,
                "langFormaat": "onbekend",
            }),
        }
    }

    /// The age in whole years on `peildatum` of someone born on this date.
    /// Only a full date, or a year and month other than the current month,
    /// gives an age (the BrpProxy's rule).
    pub(crate) fn leeftijd(self, peildatum: NaiveDate) -> Option<u32> {
        let (jaar, maand, dag) = match self {
            GbaDatum::Volledig(d) => (d.year(), d.month(), d.day()),
            GbaDatum::JaarMaand(j, m) if m != peildatum.month() => (j, m, 1),
            _ => return None,
        };
        let mut jaren = peildatum.year() - jaar;
        if (peildatum.month(), peildatum.day()) < (maand, dag) {
            jaren -= 1;
        }
        u32::try_from(jaren).ok()
    }

    /// The last day the date can stand for, to compare with today
    /// (an unknown date is never in the past).
    pub(crate) fn uiterlijk(self) -> Option<NaiveDate> {
        match self {
            GbaDatum::Volledig(d) => Some(d),
            GbaDatum::JaarMaand(j, m) => {
                let (nj, nm) = if m == 12 { (j + 1, 1) } else { (j, m + 1) };
                NaiveDate::from_ymd_opt(nj, nm, 1).and_then(|d| d.pred_opt())
            }
            GbaDatum::Jaar(j) => NaiveDate::from_ymd_opt(j, 12, 31),
            GbaDatum::Onbekend => None,
        }
    }
}

fn maand(m: u32) -> &'static str {
    MAANDEN
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// The v2 date of an optional GBA date string; absent stays absent.
pub(crate) fn datum(s: Option<&String>) -> Option<Value> {
    s.filter(|s| !s.trim().is_empty())
        .map(|s| GbaDatum::parse(s).to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_take_their_polymorphic_shape() {
        assert_eq!(
            GbaDatum::parse("19561115").to_json(),
            json!({"type": "Datum", "datum": "1956-11-15", "langFormaat": "15 november 1956"})
        );
        assert_eq!(
            GbaDatum::parse("19780300").to_json(),
            json!({"type": "JaarMaandDatum", "jaar": 1978, "maand": 3, "langFormaat": "maart 1978"})
        );
        assert_eq!(
            GbaDatum::parse("19680000").to_json(),
            json!({"type": "JaarDatum", "jaar": 1968, "langFormaat": "1968"})
        );
        assert_eq!(
            GbaDatum::parse("00000000").to_json(),
            json!({"type": "DatumOnbekend", "onbekend": true, "langFormaat": "onbekend"})
        );
        assert_eq!(GbaDatum::parse("20230231"), GbaDatum::Onbekend);
        assert_eq!(GbaDatum::parse("2023-01-01"), GbaDatum::Onbekend);
        assert_eq!(
            GbaDatum::parse("20230405").to_json()["langFormaat"],
            "5 april 2023"
        );
    }

    #[test]
    fn leeftijd_counts_whole_years() {
        let born = GbaDatum::parse("20000615");
        assert_eq!(born.leeftijd(d(2025, 6, 14)), Some(24));
        assert_eq!(born.leeftijd(d(2025, 6, 15)), Some(25));
        assert_eq!(
            GbaDatum::parse("20000300").leeftijd(d(2025, 6, 1)),
            Some(25)
        );
        assert_eq!(GbaDatum::parse("20000600").leeftijd(d(2025, 6, 1)), None);
        assert_eq!(GbaDatum::parse("20000000").leeftijd(d(2025, 6, 1)), None);
    }
}
