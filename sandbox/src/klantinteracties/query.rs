//! Query parameters as Open Klant reads them (django-filter behind
//! vng-api-common's `CheckQueryParamsMixin`):
//!
//! - a parameter the endpoint does not know is a 400 `unknown-parameters`,
//!   so every endpoint's parameters are exactly those its handler asks for:
//!   [`Params`] records every name it is asked about, and the rest is unknown;
//! - a repeated parameter counts with its last value (`QueryDict.get`);
//! - values are stripped, and an empty value means "no filter";
//! - a malformed uuid, date or choice is a 400 naming the parameter, with
//!   Django's Dutch messages; every bad value of the request is reported;
//! - booleans are read as django-filter's `BooleanWidget` does (`true`,
//!   `false`, `1`, `0`, any case); any other value leaves the filter off.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::problem::InvalidParam;

/// Django's message for a value that is not a uuid.
const INVALID_UUID: &str = "Voer een geldige UUID in.";
/// Django's message for a value that is not a date.
const INVALID_DATE: &str = "Voer een geldige datum in.";
/// Django's message for a value that is not a date-time.
const INVALID_DATE_TIME: &str = "Voer een geldige datum/tijd in.";

/// Django's message for a value outside a choice list.
pub(crate) fn invalid_choice(value: &str) -> String {
    format!("Selecteer een geldige keuze. {value} is geen beschikbare keuze.")
}

/// The decoded query string, in order, repeated names kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes `a=1&b=x%20y` (form encoding: `+` is a space).
    pub(crate) fn parse(raw: Option<&str>) -> Query {
        let pairs = raw
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Query { pairs }
    }

    /// All pairs, in the order they came.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The last value of `name`, as Django's `QueryDict.get`.
    pub(crate) fn last(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.pairs
            .iter()
            .filter(move |(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The parameters of one request, read by a handler. Every getter records
/// the name as known; bad values are collected for one 400 answer.
#[derive(Debug)]
pub(crate) struct Params<'q> {
    query: &'q Query,
    known: Vec<String>,
    errors: Vec<InvalidParam>,
    /// Set by a filter that can match nothing (an `__url` without a uuid at
    /// its end: Open Klant answers an empty list, not a 400).
    nothing: bool,
}

impl<'q> Params<'q> {
    pub(crate) fn new(query: &'q Query) -> Params<'q> {
        Params {
            query,
            known: Vec::new(),
            errors: Vec::new(),
            nothing: false,
        }
    }

    /// Marks `name` as a parameter of this endpoint; returns its stripped
    /// last value unless empty.
    fn value(&mut self, name: &str) -> Option<&'q str> {
        if !self.known.iter().any(|k| k == name) {
            self.known.push(name.to_string());
        }
        let query: &'q Query = self.query;
        query.last(name).map(str::trim).filter(|v| !v.is_empty())
    }

    fn reject(&mut self, name: &str, code: &str, reason: impl Into<String>) {
        self.errors.push(InvalidParam {
            name: name.to_string(),
            code: code.to_string(),
            reason: reason.into(),
        });
    }

    /// Marks `name` as known without reading it (`page`, `pageSize`, which
    /// paging reads with its own rules).
    pub(crate) fn accept(&mut self, name: &str) {
        self.value(name);
    }

    /// Every value of a multi-valued parameter (`expand`), marked known.
    pub(crate) fn all(&mut self, name: &str) -> Vec<&'q str> {
        self.value(name);
        let query: &'q Query = self.query;
        query
            .pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A text filter: exact or `icontains`, as the caller uses it.
    pub(crate) fn text(&mut self, name: &str) -> Option<String> {
        self.value(name).map(str::to_string)
    }

    /// A uuid filter. For `…__url` the uuid is the URL's last path segment;
    /// a URL without one matches nothing. For any other name a malformed
    /// value is a 400.
    pub(crate) fn uuid(&mut self, name: &str) -> Option<Uuid> {
        let value = self.value(name)?;
        if name.ends_with("__url") {
            let tail = value.trim_end_matches('/').rsplit('/').next().unwrap_or("");
            let parsed = Uuid::parse_str(tail).ok();
            if parsed.is_none() {
                self.nothing = true;
            }
            return parsed;
        }
        match Uuid::parse_str(value) {
            Ok(u) => Some(u),
            Err(_) => {
                self.reject(name, "invalid", INVALID_UUID);
                None
            }
        }
    }

    /// The uuid of whichever of `<stem>__uuid` and `<stem>__url` are given
    /// (both are read, so both are known); the two must agree.
    pub(crate) fn reference(&mut self, stem: &str) -> Option<Uuid> {
        let by_uuid = self.uuid(&format!("{stem}__uuid"));
        let by_url = self.uuid(&format!("{stem}__url"));
        match (by_uuid, by_url) {
            (Some(a), Some(b)) if a != b => {
                self.nothing = true;
                None
            }
            (a, b) => a.or(b),
        }
    }

    /// A boolean filter, as django-filter's `BooleanWidget` reads it.
    pub(crate) fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.value(name)?.to_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    /// A choice filter: the value must be one of `choices`.
    pub(crate) fn choice(&mut self, name: &str, choices: &[&'static str]) -> Option<&'static str> {
        let value = self.value(name)?;
        let found = choices.iter().find(|c| **c == value).copied();
        if found.is_none() {
            self.reject(name, "invalid_choice", invalid_choice(value));
        }
        found
    }

    /// A date filter (`YYYY-MM-DD`).
    pub(crate) fn date(&mut self, name: &str) -> Option<NaiveDate> {
        let value = self.value(name)?;
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.reject(name, "invalid", INVALID_DATE);
                None
            }
        }
    }

    /// A date-time filter (see [`super::time::parse`]).
    pub(crate) fn date_time(&mut self, name: &str) -> Option<DateTime<Utc>> {
        let value = self.value(name)?;
        let parsed = super::time::parse(value);
        if parsed.is_none() {
            self.reject(name, "invalid", INVALID_DATE_TIME);
        }
        parsed
    }

    /// Records a bad value found by the caller (an unknown `expand` choice).
    pub(crate) fn invalid(&mut self, name: &str, code: &str, reason: impl Into<String>) {
        self.reject(name, code, reason);
    }

    /// The names in the query that no getter asked about, sorted.
    pub(crate) fn unknown(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .query
            .pairs()
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| !self.known.contains(k))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// True when some filter can match nothing at all.
    pub(crate) fn matches_nothing(&self) -> bool {
        self.nothing
    }

    /// The bad values, if any.
    pub(crate) fn errors(&self) -> &[InvalidParam] {
        &self.errors
    }
}

/// Case-insensitive containment (`icontains`); `needle` is already lower case.
pub(crate) fn icontains(hay: &str, needle: &str) -> bool {
    hay.to_lowercase().contains(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_last_value_and_records_known_names() {
        let q = Query::parse(Some("naam=a&naam=+b+&x=1&leeg="));
        let mut p = Params::new(&q);
        assert_eq!(p.text("naam").as_deref(), Some("b"));
        assert_eq!(p.text("leeg"), None);
        assert_eq!(p.unknown(), vec!["x".to_string()]);
    }

    #[test]
    fn uuid_filters_are_strict_and_url_filters_use_the_tail() {
        let u = "5f0c6f5e-2c47-4a8b-9a3a-1b1f7c2f6a10";
        let raw = format!("a__uuid=nope&b__url=http://h/x/{u}/&c__url=http://h/x/y");
        let q = Query::parse(Some(&raw));
        let mut p = Params::new(&q);
        assert_eq!(p.uuid("a__uuid"), None);
        assert_eq!(p.errors()[0].code, "invalid");
        assert_eq!(p.uuid("b__url"), Uuid::parse_str(u).ok());
        assert!(!p.matches_nothing());
        assert_eq!(p.uuid("c__url"), None);
        assert!(p.matches_nothing());
    }

    #[test]
    fn booleans_and_choices_as_django_reads_them() {
        let q = Query::parse(Some("a=TRUE&b=0&c=ja&d=persoon&e=mens"));
        let mut p = Params::new(&q);
        assert_eq!(p.boolean("a"), Some(true));
        assert_eq!(p.boolean("b"), Some(false));
        assert_eq!(p.boolean("c"), None);
        assert!(p.errors().is_empty());
        assert_eq!(p.choice("d", &["persoon"]), Some("persoon"));
        assert_eq!(p.choice("e", &["persoon"]), None);
        assert_eq!(p.errors()[0].code, "invalid_choice");
        assert_eq!(
            p.errors()[0].reason,
            "Selecteer een geldige keuze. mens is geen beschikbare keuze."
        );
    }
}
