//! Reading a JSON request body the way Django REST Framework reads it for
//! Open Klant: every field is checked, all errors are collected and named by
//! their JSON path (`bezoekadres.postcode`, `toegewezenAanActoren.1.uuid`),
//! with DRF's codes (`required`, `null`, `blank`, `invalid`, `max_length`,
//! `invalid_choice`, `not_a_list`, …). Unknown and read-only keys are
//! ignored, as DRF ignores them.
//!
//! A reader returns `None` when the key is absent or its value was refused
//! (the error is recorded), `Some(None)` for an accepted `null`, and
//! `Some(Some(value))` otherwise; `.flatten()` suits non-nullable fields.

mod nested;

use std::cell::RefCell;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::klantinteracties::time;
use crate::klantinteracties::validate::{self, Check, Invalid};
use crate::problem::InvalidParam;

/// The errors of one request, collected while every field is read.
#[derive(Debug, Default)]
pub(crate) struct Errors(RefCell<Vec<InvalidParam>>);

impl Errors {
    pub(crate) fn new() -> Errors {
        Errors::default()
    }

    /// Records one error.
    pub(crate) fn add(&self, name: &str, code: &str, reason: impl Into<String>) {
        self.0.borrow_mut().push(InvalidParam {
            name: name.into(),
            code: code.into(),
            reason: reason.into(),
        });
    }

    /// Records a refusal of a validator under `name`.
    pub(crate) fn refuse(&self, name: &str, invalid: Invalid) {
        self.add(name, invalid.code, invalid.reason);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    /// The recorded errors, for the 400 answer (`errors::validation`).
    pub(crate) fn into_invalid(self) -> Vec<InvalidParam> {
        self.0.into_inner()
    }

    /// `Err` with everything recorded so far, if anything was: the point
    /// where DRF stops, e.g. after the field stage and before object-level
    /// checks.
    pub(crate) fn stop(&self) -> Result<(), Errors> {
        if self.is_empty() {
            return Ok(());
        }
        Err(Errors(RefCell::new(self.0.take())))
    }

    /// How many errors were recorded so far.
    pub(crate) fn len(&self) -> usize {
        self.0.borrow().len()
    }
}

/// How a field may be written: whether a create or PUT must carry it,
/// whether `null` is accepted, and (for text) whether `""` is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub(crate) required: bool,
    pub(crate) nullable: bool,
    pub(crate) blank: bool,
}

/// Must be present on create and PUT; no null, no empty string.
pub(crate) const REQUIRED: Rule = Rule {
    required: true,
    nullable: false,
    blank: false,
};
/// May be left out; no null; empty string allowed.
pub(crate) const OPTIONAL: Rule = Rule {
    required: false,
    nullable: false,
    blank: true,
};
/// May be left out or null.
pub(crate) const NULLABLE: Rule = Rule {
    required: false,
    nullable: true,
    blank: true,
};
/// Must be present on create and PUT, but may be null (e.g. `verstrektDoorPartij`).
pub(crate) const REQUIRED_NULLABLE: Rule = Rule {
    required: true,
    nullable: true,
    blank: true,
};

/// The JSON type names as Python spells them in DRF's messages.
pub(crate) fn python_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}

/// What Python's `str()` makes of a JSON value, for choice fields.
fn python_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// One JSON object being read, at a path inside the request body.
#[derive(Clone)]
pub(crate) struct Form<'a> {
    body: &'a Map<String, Value>,
    prefix: String,
    partial: bool,
    errors: &'a Errors,
}

impl<'a> Form<'a> {
    /// The request body itself. `partial` is true for PATCH: required
    /// fields may then be left out, here and in nested objects.
    pub(crate) fn new(body: &'a Map<String, Value>, partial: bool, errors: &'a Errors) -> Form<'a> {
        Form {
            body,
            prefix: String::new(),
            partial,
            errors,
        }
    }

    /// A nested object of this body, under `path` (`"klantcontact"`).
    fn nested(&self, body: &'a Map<String, Value>, path: &str) -> Form<'a> {
        Form {
            body,
            prefix: format!("{}{path}.", self.prefix),
            partial: self.partial,
            errors: self.errors,
        }
    }

    /// The same object read with another `partial` setting (an object in a
    /// list is always written whole).
    pub(crate) fn whole(&self) -> Form<'a> {
        Form {
            partial: false,
            ..self.clone()
        }
    }

    /// Whether this is a PATCH body, where required fields may be left out.
    pub(crate) fn partial(&self) -> bool {
        self.partial
    }

    pub(crate) fn errors(&self) -> &'a Errors {
        self.errors
    }

    /// The JSON path of `field` in the request body.
    pub(crate) fn name(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }

    /// The raw value of `field` in the body, for a rule on a field that is
    /// not to be written at all.
    pub(crate) fn body_value(&self, field: &str) -> Option<&'a Value> {
        self.body.get(field)
    }

    /// Whether the body carries `field` at all (null included).
    pub(crate) fn has(&self, field: &str) -> bool {
        self.body.contains_key(field)
    }

    /// Records an error on `field` of this object.
    pub(crate) fn refuse(&self, field: &str, invalid: Invalid) {
        self.errors.refuse(&self.name(field), invalid);
    }

    /// Applies the presence and null rules; `Some(Some(v))` is a value still
    /// to be checked by type.
    fn value(&self, field: &str, rule: Rule) -> Option<Option<&'a Value>> {
        match self.body.get(field) {
            None => {
                if rule.required && !self.partial {
                    self.errors
                        .add(&self.name(field), "required", "Dit veld is vereist.");
                }
                None
            }
            Some(Value::Null) if rule.nullable => Some(None),
            Some(Value::Null) => {
                self.errors
                    .add(&self.name(field), "null", "Dit veld mag niet null zijn.");
                None
            }
            Some(v) => Some(Some(v)),
        }
    }

    /// Reads `field` with `parse`, recording what it refuses.
    fn read<T>(
        &self,
        field: &str,
        rule: Rule,
        parse: impl FnOnce(&'a Value) -> Result<T, Invalid>,
    ) -> Option<Option<T>> {
        match self.value(field, rule)? {
            None => Some(None),
            Some(v) => match parse(v) {
                Ok(t) => Some(Some(t)),
                Err(e) => {
                    self.refuse(field, e);
                    None
                }
            },
        }
    }

    /// A `CharField`: strings, or numbers written as text; trimmed; at most
    /// `max` characters.
    pub(crate) fn text(&self, field: &str, rule: Rule, max: usize) -> Option<Option<String>> {
        self.text_checked(field, rule, max, &[])
    }

    /// A `CharField` with validators. As in DRF every validator runs and
    /// each refusal is reported (a postcode can be too long and malformed at
    /// once), and none runs on "".
    pub(crate) fn text_checked(
        &self,
        field: &str,
        rule: Rule,
        max: usize,
        checks: &[fn(&str) -> Check],
    ) -> Option<Option<String>> {
        let s = match self.value(field, rule)? {
            None => return Some(None),
            Some(Value::String(s)) => s.trim().to_string(),
            Some(Value::Number(n)) => n.to_string(),
            Some(_) => {
                self.refuse(field, Invalid::because("Ongeldige string."));
                return None;
            }
        };
        if s.is_empty() && !rule.blank {
            self.errors
                .add(&self.name(field), "blank", "Dit veld mag niet leeg zijn.");
            return None;
        }
        if s.is_empty() {
            return Some(Some(s));
        }
        let refusals: Vec<Invalid> = checks
            .iter()
            .map(|check| check(&s))
            .chain([validate::max_length(&s, max)])
            .filter_map(Result::err)
            .collect();
        if refusals.is_empty() {
            return Some(Some(s));
        }
        for refusal in refusals {
            self.refuse(field, refusal);
        }
        None
    }

    /// A `BooleanField`, with DRF's spellings of true and false.
    pub(crate) fn boolean(&self, field: &str, rule: Rule) -> Option<Option<bool>> {
        let refused = || Invalid::because("Moet een geldige boolean zijn.");
        match self.value(field, rule)? {
            None => Some(None),
            Some(v) => {
                let parsed = match v {
                    Value::Bool(b) => Ok(Some(*b)),
                    Value::Number(n) if n.as_f64() == Some(1.0) => Ok(Some(true)),
                    Value::Number(n) if n.as_f64() == Some(0.0) => Ok(Some(false)),
                    Value::String(s) => match s.as_str() {
                        "t" | "T" | "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True"
                        | "TRUE" | "on" | "On" | "ON" | "1" => Ok(Some(true)),
                        "f" | "F" | "n" | "N" | "no" | "No" | "NO" | "false" | "False"
                        | "FALSE" | "off" | "Off" | "OFF" | "0" => Ok(Some(false)),
                        "null" | "Null" | "NULL" | "" if rule.nullable => Ok(None),
                        _ => Err(refused()),
                    },
                    _ => Err(refused()),
                };
                match parsed {
                    Ok(b) => Some(b),
                    Err(e) => {
                        self.refuse(field, e);
                        None
                    }
                }
            }
        }
    }

    /// A `ChoiceField` over one of the spec's enums.
    pub(crate) fn choice(
        &self,
        field: &str,
        rule: Rule,
        choices: &[&str],
    ) -> Option<Option<String>> {
        self.read(field, rule, |v| {
            let s = python_str(v);
            validate::choice(&s, choices)?;
            Ok(s)
        })
    }

    /// An `IntegerField` within `min..=max`.
    pub(crate) fn integer(
        &self,
        field: &str,
        rule: Rule,
        min: i64,
        max: i64,
    ) -> Option<Option<i64>> {
        self.read(field, rule, |v| {
            let refused = || Invalid::because("Een geldig getal is vereist.");
            let n = match v {
                Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                    (Some(i), _) => i,
                    (None, Some(x)) if x.fract() == 0.0 && x.abs() < 1e15 => x as i64,
                    _ => return Err(refused()),
                },
                Value::String(s) => {
                    let t = s.trim();
                    let t = match t.split_once('.') {
                        Some((whole, zeros)) if zeros.bytes().all(|b| b == b'0') => whole,
                        _ => t,
                    };
                    t.parse::<i64>().map_err(|_| refused())?
                }
                _ => return Err(refused()),
            };
            if n < min {
                return Err(Invalid {
                    code: "min_value",
                    reason: format!("Zorg ervoor dat deze waarde groter of gelijk is aan {min}."),
                });
            }
            if n > max {
                return Err(Invalid {
                    code: "max_value",
                    reason: format!("Zorg ervoor dat deze waarde kleiner of gelijk is aan {max}."),
                });
            }
            Ok(n)
        })
    }

    /// A `DateTimeField` in ISO 8601; naive values are Amsterdam time, as
    /// Open Klant runs with `TIME_ZONE = "Europe/Amsterdam"`.
    pub(crate) fn datetime(&self, field: &str, rule: Rule) -> Option<Option<DateTime<Utc>>> {
        self.read(field, rule, |v| {
            v.as_str().and_then(time::parse).ok_or_else(|| {
                Invalid::because(
                    "Datetime heeft een ongeldig formaat, gebruik 1 van de volgende formaten: \
                     YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
                )
            })
        })
    }

    /// A `DateField`, `YYYY-MM-DD`.
    pub(crate) fn date(&self, field: &str, rule: Rule) -> Option<Option<NaiveDate>> {
        self.read(field, rule, |v| {
            v.as_str()
                .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                .ok_or_else(|| {
                    Invalid::because(
                        "Datum heeft een ongeldig formaat, gebruik 1 van de volgende formaten: YYYY-MM-DD.",
                    )
                })
        })
    }

    /// A `UUIDField`.
    pub(crate) fn uuid(&self, field: &str, rule: Rule) -> Option<Option<Uuid>> {
        self.read(field, rule, |v| {
            v.as_str()
                .and_then(|s| Uuid::parse_str(s.trim()).ok())
                .ok_or_else(|| Invalid::because(format!("{} is geen geldige UUID.", python_str(v))))
        })
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use serde_json::json;

    /// Reads `body` with `f` and returns the `(name, code)` of each error.
    pub(super) fn read(body: Value, partial: bool, f: impl FnOnce(&Form)) -> Vec<(String, String)> {
        let errors = Errors::new();
        let map = body.as_object().cloned().unwrap_or_default();
        f(&Form::new(&map, partial, &errors));
        errors
            .0
            .into_inner()
            .into_iter()
            .map(|e| (e.name, e.code))
            .collect()
    }

    #[test]
    fn presence_null_blank_and_types() {
        let errs = read(
            json!({"b": null, "c": "  ", "d": true, "e": 12}),
            false,
            |f| {
                assert_eq!(f.text("a", REQUIRED, 5), None);
                assert_eq!(f.text("b", REQUIRED, 5), None);
                assert_eq!(f.text("c", REQUIRED, 5), None);
                assert_eq!(f.text("d", OPTIONAL, 5), None);
                assert_eq!(f.text("e", OPTIONAL, 5), Some(Some("12".into())));
                assert_eq!(f.text("b", NULLABLE, 5), Some(None));
            },
        );
        let codes: Vec<&str> = errs.iter().map(|(_, c)| c.as_str()).collect();
        assert_eq!(codes, ["required", "null", "blank", "invalid"]);
        assert!(read(json!({}), true, |f| assert_eq!(
            f.text("a", REQUIRED, 5),
            None
        ))
        .is_empty());
    }

    #[test]
    fn booleans_as_drf() {
        read(
            json!({"a": "true", "b": 0, "c": "ja", "d": ""}),
            false,
            |f| {
                assert_eq!(f.boolean("a", REQUIRED), Some(Some(true)));
                assert_eq!(f.boolean("b", REQUIRED), Some(Some(false)));
                assert_eq!(f.boolean("c", REQUIRED), None);
                assert_eq!(f.boolean("d", NULLABLE), Some(None));
            },
        );
    }

    #[test]
    fn integers_as_drf() {
        let errs = read(
            json!({"a": "12", "b": 0, "c": 1.5, "d": "12.0"}),
            false,
            |f| {
                assert_eq!(f.integer("a", NULLABLE, 1, 99999), Some(Some(12)));
                assert_eq!(f.integer("b", NULLABLE, 1, 99999), None);
                assert_eq!(f.integer("c", NULLABLE, 1, 99999), None);
                assert_eq!(f.integer("d", NULLABLE, 1, 99999), Some(Some(12)));
            },
        );
        let got: Vec<(&str, &str)> = errs.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
        assert_eq!(got, [("b", "min_value"), ("c", "invalid")]);
    }

    #[test]
    fn datetimes_and_dates() {
        read(
            json!({"a": "2024-03-01T10:00:00+01:00", "b": "gisteren", "c": 5, "d": "2024-02-30"}),
            false,
            |f| {
                let a = f.datetime("a", REQUIRED).flatten().map(|t| t.to_rfc3339());
                assert_eq!(a.as_deref(), Some("2024-03-01T09:00:00+00:00"));
                assert_eq!(f.datetime("b", REQUIRED), None);
                assert_eq!(f.datetime("c", REQUIRED), None);
                assert_eq!(f.date("d", NULLABLE), None);
            },
        );
    }
}
