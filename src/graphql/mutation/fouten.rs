//! Input errors of mutations: every field the gateway refuses, or the
//! register refused, named by its path in the mutation's input
//! (`input.betrokkene.digitaleAdressen[0].adres`), as `BAD_USER_INPUT` with
//! `extensions.field` (the first) and `extensions.invalidParams` (all).

use async_graphql::{Error, ErrorExtensions};

use crate::graphql::error::from_register;
use crate::registers::{ErrorKind, RegisterError};

/// The fields refused so far.
#[derive(Debug, Default)]
pub struct Fouten(Vec<(String, String)>);

impl Fouten {
    pub fn add(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.0.push((field.into(), reason.into()));
    }

    /// Trimmed text of `min..=max` characters (Django counts characters
    /// and trims, as Open Klant's serializers do).
    pub fn tekst(&mut self, field: &str, value: &str, min: usize, max: usize) -> String {
        let value = value.trim();
        let n = value.chars().count();
        if n < min {
            self.add(field, "must not be empty");
        } else if n > max {
            self.add(
                field,
                format!("has {n} characters, at most {max} are allowed"),
            );
        }
        value.to_string()
    }

    /// Optional text of at most `max` characters; blank counts as absent.
    pub fn optioneel(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let value = value.map(str::trim).filter(|v| !v.is_empty())?;
        Some(self.tekst(field, value, 1, max))
    }

    /// `Ok` when nothing was refused.
    pub fn klaar(self) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(invoerfout(&self.0, None))
        }
    }
}

/// The `BAD_USER_INPUT` error for `fouten` (never empty); `register` names
/// the register when it refused them.
fn invoerfout(fouten: &[(String, String)], register: Option<&'static str>) -> Error {
    let message = fouten
        .iter()
        .map(|(f, r)| format!("{f}: {r}"))
        .collect::<Vec<_>>()
        .join("; ");
    let first = fouten.first().map(|(f, _)| f.clone()).unwrap_or_default();
    let params: Vec<async_graphql::Value> = fouten
        .iter()
        .map(|(f, r)| {
            let mut m = async_graphql::indexmap::IndexMap::new();
            m.insert(async_graphql::Name::new("field"), f.clone().into());
            m.insert(async_graphql::Name::new("reason"), r.clone().into());
            async_graphql::Value::Object(m)
        })
        .collect();
    Error::new(message).extend_with(move |_, e| {
        e.set("code", "BAD_USER_INPUT");
        e.set("field", first.clone());
        e.set("invalidParams", params.clone());
        if let Some(r) = register {
            e.set("register", r);
        }
    })
}

/// How the register's parameter names map to input paths: an exact name
/// or a prefix ending in `.`, tried in order; what no entry maps is the
/// input as a whole, with the register's name kept in the reason.
pub type Velden<'a> = &'a [(&'a str, &'a str)];

/// The error for a failed write: a 400 with `invalidParams` becomes
/// `BAD_USER_INPUT` naming the input fields; anything else the register error.
pub fn van_register(e: &RegisterError, velden: Velden<'_>, geheel: &str) -> Error {
    let params = match (&e.kind, e.problem()) {
        (ErrorKind::BadRequest { .. }, Some(p)) if !p.invalid_params.is_empty() => {
            &p.invalid_params
        }
        _ => return from_register(e),
    };
    let fouten: Vec<(String, String)> = params
        .iter()
        .map(|p| match veld(&p.name, velden) {
            Some(field) => (field, p.reason.clone()),
            None => (geheel.to_string(), format!("{} ({})", p.reason, p.name)),
        })
        .collect();
    invoerfout(&fouten, Some(e.register.as_str()))
}

/// The input path of a register parameter, if `velden` maps it. An exact
/// entry covers what lies inside the field too (`wasPartij.uuid`), with a
/// list index kept (`toegewezenAanActoren.1.uuid` → `input.actoren[1]`).
fn veld(name: &str, velden: Velden<'_>) -> Option<String> {
    velden.iter().find_map(|(register, input)| {
        if register.ends_with('.') {
            return name
                .strip_prefix(register)
                .map(|rest| format!("{input}{rest}"));
        }
        let rest = name.strip_prefix(register)?;
        if rest.is_empty() {
            return Some(input.to_string());
        }
        let first = rest.strip_prefix('.')?.split('.').next()?;
        Some(
            if !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit()) {
                format!("{input}[{first}]")
            } else {
                input.to_string()
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registers::{InvalidParam, Problem, Register};

    #[test]
    fn register_names_map_to_input_paths() {
        const VELDEN: Velden<'static> = &[
            ("betrokkene.wasPartij", "input.partij"),
            ("klantcontact.nonFieldErrors", "input"),
            ("klantcontact.", "input."),
        ];
        assert_eq!(
            veld("betrokkene.wasPartij", VELDEN).as_deref(),
            Some("input.partij")
        );
        assert_eq!(
            veld("betrokkene.wasPartij.uuid", VELDEN).as_deref(),
            Some("input.partij")
        );
        assert_eq!(veld("betrokkene.wasPartijen", VELDEN), None);
        assert_eq!(
            veld(
                "toegewezenAanActoren.1.uuid",
                &[("toegewezenAanActoren", "input.actoren")]
            )
            .as_deref(),
            Some("input.actoren[1]")
        );
        assert_eq!(
            veld("klantcontact.onderwerp", VELDEN).as_deref(),
            Some("input.onderwerp")
        );
        assert_eq!(
            veld("klantcontact.nonFieldErrors", VELDEN).as_deref(),
            Some("input")
        );
        assert_eq!(veld("iets", VELDEN), None);

        let e = RegisterError::new(
            Register::Klantinteracties,
            "POST /maak-klantcontact",
            ErrorKind::BadRequest {
                problem: Some(Box::new(Problem {
                    invalid_params: vec![InvalidParam {
                        name: "betrokkene.wasPartij".into(),
                        code: "does_not_exist".into(),
                        reason: "Ongeldige uuid".into(),
                    }],
                    ..Problem::default()
                })),
            },
        );
        let error = van_register(&e, VELDEN, "input");
        assert_eq!(error.message, "input.partij: Ongeldige uuid");
    }

    #[test]
    fn lengths_count_characters_after_trimming() {
        let mut f = Fouten::default();
        assert_eq!(f.tekst("a", "  één  ", 1, 3), "één");
        f.tekst("b", "   ", 1, 3);
        f.tekst("c", "vier", 1, 3);
        assert_eq!(f.optioneel("d", Some("  "), 3), None);
        let error = f.klaar().unwrap_err();
        assert!(
            error.message.starts_with("b: must not be empty; c: has 4"),
            "{}",
            error.message
        );
    }
}
