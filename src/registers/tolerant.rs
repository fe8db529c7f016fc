//! Tolerant decoding: the registers run different releases (Open Klant 2.8 to
//! 2.18, BRP 2.x), so a field may be missing, `null`, or carry a value this
//! gateway has never seen. Nothing here rejects a response for that; only a
//! value of the wrong JSON type is an error (a malformed body).
//!
//! Three macros cover the recurring shapes without repeating code per type:
//! `open_enum!` for code lists that may grow (`soortPartij`, `status`, …),
//! `tagged_enum!` for objects whose shape a `type` member selects (BRP
//! dates, verblijfplaats, nationaliteit, gezag), and `sibling_tagged_enum!`
//! for Open Klant's `soortPartij`/`partijIdentificatie` and
//! `soortActor`/`actorIdentificatie` pairs.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Deserializer};

/// `#[serde(deserialize_with = ...)]` for fields where `null` means the same
/// as absent: the type's default (an empty list or string).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `#[serde(deserialize_with = ...)]` for a gegevensgroep (address,
/// contactnaam, object identificator): Open Klant stores a group as columns of
/// its resource, so it never answers `null` for an absent one but the group
/// with every field `""` (and `huisnummer: null`), recorded on 2.18.0
/// (tests/contract/openklant-2.18/). A group whose fields are all empty or
/// `null` (its type's default once read) is absent: `None`, as `null` is.
pub(crate) fn empty_as_none<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Default + PartialEq + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.filter(|g| *g != T::default()))
}

/// An optional date-time: RFC 3339 as the registers send it; a date-time
/// without offset (seen on hand-configured servers) is read as UTC; `null`
/// and `""` are absent.
pub(crate) fn datetime<'de, D>(deserializer: D) -> Result<Option<DateTime<FixedOffset>>, D::Error>
where
    D: Deserializer<'de>,
{
    let text = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    parse_datetime(&text)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("not a date-time: {text:?}")))
}

/// Parses a register date-time; `None` when the text is not one.
fn parse_datetime(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Some(dt);
    }
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|naive| naive.and_utc().fixed_offset())
}

/// An optional whole number that some sources send as a string (`"23"`).
pub(crate) fn lenient_u32<'de, D>(deserializer: D) -> Result<Option<u32>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText {
        Number(u32),
        Text(String),
    }
    match Option::<NumberOrText>::deserialize(deserializer)? {
        None => Ok(None),
        Some(NumberOrText::Number(n)) => Ok(Some(n)),
        Some(NumberOrText::Text(t)) if t.trim().is_empty() => Ok(None),
        Some(NumberOrText::Text(t)) => t
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("not a whole number: {t:?}"))),
    }
}

/// Declares a code list that tolerates codes it does not know: each known
/// code is a variant, anything else becomes `Onbekend(code)` (a newer server,
/// or a local extension), kept as sent. Serializes back to the code.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A code this client does not know, as the register sent it.
            Onbekend(String),
        }

        impl $name {
            /// The code as the register writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $code, )+
                    $name::Onbekend(code) => code,
                }
            }

            /// The variant for a code; unknown codes are kept.
            pub fn from_code(code: &str) -> Self {
                match code {
                    $( $code => $name::$variant, )+
                    other => $name::Onbekend(other.to_string()),
                }
            }
        }

        impl Default for $name {
            /// Absent: an unknown, empty code.
            fn default() -> Self {
                $name::Onbekend(String::new())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let code = Option::<String>::deserialize(d)?.unwrap_or_default();
                Ok($name::from_code(&code))
            }
        }
    };
}
pub(crate) use open_enum;

/// Declares an enum whose variant the object's `type` member selects (the
/// BRP's polymorphic objects). Each variant wraps a struct that decodes the
/// whole object; an unknown `type` becomes `Onbekend(object)` with the object
/// kept as JSON, so a newer register never breaks the response. Serializes
/// back with the `type` member.
macro_rules! tagged_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $tag:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        // Decoded answers are few and short-lived; boxing every variant
        // would only make them harder to match on.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )+
            /// A `type` this client does not know; the object as sent.
            Onbekend(serde_json::Value),
        }

        impl $name {
            /// The `type` member as the register sent it.
            pub fn type_name(&self) -> &str {
                match self {
                    $( $name::$variant(_) => $tag, )+
                    $name::Onbekend(value) => value
                        .get("type")
                        .and_then(serde_json::Value::as_str)
                        .unwrap_or_default(),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::Error as _;
                let mut value = match self {
                    $( $name::$variant(inner) => {
                        serde_json::to_value(inner).map_err(S::Error::custom)?
                    } )+
                    $name::Onbekend(value) => value.clone(),
                };
                if let serde_json::Value::Object(map) = &mut value {
                    map.insert("type".into(), serde_json::Value::from(self.type_name()));
                }
                value.serialize(s)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let value = serde_json::Value::deserialize(d)?;
                let tag = value.get("type").and_then(serde_json::Value::as_str);
                match tag {
                    $( Some($tag) => serde_json::from_value(value)
                        .map($name::$variant)
                        .map_err(D::Error::custom), )+
                    _ => Ok($name::Onbekend(value)),
                }
            }
        }
    };
}
pub(crate) use tagged_enum;

/// Declares the polymorphic part of an object whose kind a *sibling* member
/// names (Open Klant: `soortPartij` selects the shape of
/// `partijIdentificatie`, `soortActor` that of `actorIdentificatie`). Used
/// with `#[serde(flatten)]` in the owning struct, it reads and writes both
/// members. The variants must be named as the open enum's known codes; a
/// code the enum does not know becomes `Onbekend` with the object as sent,
/// and an absent or `null` object decodes as the variant's default.
macro_rules! sibling_tagged_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $soort:ident by ($tag:literal, $field:literal) {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )+
            /// A kind this client does not know: its code and the object as sent.
            Onbekend {
                soort: String,
                object: Option<serde_json::Value>,
            },
        }

        impl $name {
            /// The kind, as the discriminating member names it.
            pub fn soort(&self) -> $soort {
                match self {
                    $( $name::$variant(_) => $soort::$variant, )+
                    $name::Onbekend { soort, .. } => $soort::from_code(soort),
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Onbekend { soort: String::new(), object: None }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                #[derive(serde::Deserialize)]
                struct Raw {
                    #[serde(rename = $tag, default)]
                    soort: $soort,
                    #[serde(rename = $field, default)]
                    object: Option<serde_json::Value>,
                }
                let raw = Raw::deserialize(d)?;
                match raw.soort {
                    $( $soort::$variant => match raw.object {
                        Some(value) => serde_json::from_value(value)
                            .map($name::$variant)
                            .map_err(D::Error::custom),
                        None => Ok($name::$variant(Default::default())),
                    }, )+
                    $soort::Onbekend(soort) => Ok($name::Onbekend { soort, object: raw.object }),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::Error as _;
                #[derive(serde::Serialize)]
                struct Raw<'a> {
                    #[serde(rename = $tag)]
                    soort: &'a str,
                    #[serde(rename = $field)]
                    object: Option<serde_json::Value>,
                }
                let soort = self.soort();
                let object = match self {
                    $( $name::$variant(inner) => {
                        Some(serde_json::to_value(inner).map_err(S::Error::custom)?)
                    } )+
                    $name::Onbekend { object, .. } => object.clone(),
                };
                Raw { soort: soort.as_str(), object }.serialize(s)
            }
        }
    };
}
pub(crate) use sibling_tagged_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_with_and_without_offset_are_read() {
        let with = parse_datetime("2024-03-01T10:15:00+01:00").map(|d| d.to_rfc3339());
        assert_eq!(with.as_deref(), Some("2024-03-01T10:15:00+01:00"));
        let naive = parse_datetime("2024-03-01T10:15:00.5").map(|d| d.to_rfc3339());
        assert_eq!(naive.as_deref(), Some("2024-03-01T10:15:00.500+00:00"));
        assert_eq!(parse_datetime("1 maart"), None);
    }
}
