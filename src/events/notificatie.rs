//! A notification as Open Notificaties delivers it to a consumer
//! (`specs/notificaties-consumer-webhook-openapi.yaml`, schema `Notificatie`),
//! checked field by field so that a bad one is answered with the field named.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};
use uuid::Uuid;

/// A checked notification.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Notificatie {
    pub kanaal: String,
    pub hoofd_object: String,
    pub resource: String,
    pub resource_url: String,
    pub actie: String,
    pub aanmaakdatum: DateTime<FixedOffset>,
    /// Kanaal-specific attributes. Open Klant sends booleans and empty
    /// strings although the schema says strings: read leniently.
    pub kenmerken: Map<String, Value>,
    /// An id of the message itself, when the sender gives one (CloudEvents do).
    pub id: Option<String>,
}

/// A field the notification got wrong (`invalid-params` of the 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ongeldig {
    pub name: String,
    pub code: &'static str,
    pub reason: String,
}

impl Notificatie {
    /// Reads and checks a delivered body.
    pub(crate) fn parse(body: &[u8]) -> Result<Notificatie, Vec<Ongeldig>> {
        let fout = |name: &str, code: &'static str, reason: &str| Ongeldig {
            name: name.to_string(),
            code,
            reason: reason.to_string(),
        };
        let object = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(o)) => o,
            Ok(_) => {
                return Err(vec![fout(
                    "nonFieldErrors",
                    "invalid",
                    "Verwacht een object.",
                )])
            }
            Err(_) => {
                return Err(vec![fout(
                    "nonFieldErrors",
                    "parse_error",
                    "Geen geldige JSON.",
                )])
            }
        };
        let mut fouten = Vec::new();
        let mut text = |name: &str, max: usize| -> String {
            match object.get(name) {
                None | Some(Value::Null) => {
                    fouten.push(fout(name, "required", "Dit veld is vereist."));
                    String::new()
                }
                Some(Value::String(s)) if s.is_empty() => {
                    fouten.push(fout(name, "blank", "Dit veld mag niet leeg zijn."));
                    String::new()
                }
                Some(Value::String(s)) if s.chars().count() > max => {
                    fouten.push(fout(
                        name,
                        "max_length",
                        &format!("Zorg ervoor dat dit veld niet meer dan {max} karakters bevat."),
                    ));
                    String::new()
                }
                Some(Value::String(s)) => s.clone(),
                Some(_) => {
                    fouten.push(fout(name, "invalid", "Geen geldige string."));
                    String::new()
                }
            }
        };
        let kanaal = text("kanaal", 50);
        let hoofd_object = text("hoofdObject", 1000);
        let resource = text("resource", 100);
        let resource_url = text("resourceUrl", 1000);
        let actie = text("actie", 100);
        let aanmaakdatum_text = text("aanmaakdatum", 64);
        for (name, value) in [
            ("hoofdObject", &hoofd_object),
            ("resourceUrl", &resource_url),
        ] {
            if !value.is_empty() && url::Url::parse(value).is_err() {
                fouten.push(fout(name, "invalid", "Voer een geldige URL in."));
            }
        }
        let aanmaakdatum = DateTime::parse_from_rfc3339(&aanmaakdatum_text).ok();
        if aanmaakdatum.is_none() && !aanmaakdatum_text.is_empty() {
            fouten.push(fout(
                "aanmaakdatum",
                "invalid",
                "Datetime heeft een ongeldig formaat.",
            ));
        }
        let kenmerken = match object.get("kenmerken") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(k)) => k.clone(),
            Some(_) => {
                fouten.push(fout("kenmerken", "invalid", "Verwacht een object."));
                Map::new()
            }
        };
        let id = match object.get("id") {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ => None,
        };
        match aanmaakdatum {
            Some(aanmaakdatum) if fouten.is_empty() => Ok(Notificatie {
                kanaal,
                hoofd_object,
                resource,
                resource_url,
                actie,
                aanmaakdatum,
                kenmerken,
                id,
            }),
            _ => Err(fouten),
        }
    }

    /// What identifies one delivery of this message: its own id when it has
    /// one, else kanaal, resource URL, actie and aanmaakdatum (the moment in
    /// UTC, so that offsets do not make a duplicate look new).
    pub(crate) fn sleutel(&self) -> String {
        match &self.id {
            Some(id) => format!("id {id}"),
            None => format!(
                "{} {} {} {}",
                self.kanaal,
                self.resource_url,
                self.actie,
                self.aanmaakdatum.timestamp_nanos_opt().unwrap_or_default()
            ),
        }
    }

    /// The uuid of the resource: the last path segment of its URL. The URL
    /// itself is never fetched; the gateway asks its configured register.
    pub(crate) fn resource_uuid(&self) -> Option<Uuid> {
        let url = url::Url::parse(&self.resource_url).ok()?;
        let last = url.path_segments()?.rfind(|s| !s.is_empty())?;
        Uuid::parse_str(last).ok()
    }

    /// A kenmerk as text (booleans and numbers as JSON writes them).
    pub(crate) fn kenmerk(&self, name: &str) -> Option<String> {
        match self.kenmerken.get(name)? {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN_KLANT: &str = r#"{"kanaal": "partijen",
        "hoofdObject": "https://ok.example/klantinteracties/api/v1/partijen/3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11",
        "resource": "partij",
        "resourceUrl": "https://ok.example/klantinteracties/api/v1/partijen/3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11",
        "actie": "create", "aanmaakdatum": "2024-02-02T00:00:00Z",
        "kenmerken": {"nummer": "123456789", "indicatieContactGelukt": false, "hoofdOnderwerpType": ""}}"#;

    #[test]
    fn open_klants_message_reads_with_lenient_kenmerken() {
        let n = Notificatie::parse(OPEN_KLANT.as_bytes()).unwrap();
        assert_eq!(n.kanaal, "partijen");
        assert_eq!(
            n.resource_uuid(),
            Uuid::parse_str("3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11").ok()
        );
        assert_eq!(
            n.kenmerk("indicatieContactGelukt").as_deref(),
            Some("false")
        );
        assert_eq!(n.kenmerk("hoofdOnderwerpType").as_deref(), Some(""));
    }

    #[test]
    fn the_same_moment_in_another_offset_is_the_same_delivery() {
        let a = Notificatie::parse(OPEN_KLANT.as_bytes()).unwrap();
        let b = Notificatie::parse(
            OPEN_KLANT
                .replace("2024-02-02T00:00:00Z", "2024-02-02T01:00:00+01:00")
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(a.sleutel(), b.sleutel());
        let c = Notificatie::parse(OPEN_KLANT.replace("create", "destroy").as_bytes()).unwrap();
        assert_ne!(a.sleutel(), c.sleutel());
    }

    #[test]
    fn every_bad_field_is_named() {
        let body = r#"{"kanaal": "", "hoofdObject": "not a url", "resource": 3,
                       "actie": "create", "aanmaakdatum": "yesterday", "kenmerken": []}"#;
        let fouten = Notificatie::parse(body.as_bytes()).unwrap_err();
        let names: Vec<&str> = fouten.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "kanaal",
                "resource",
                "resourceUrl",
                "hoofdObject",
                "aanmaakdatum",
                "kenmerken"
            ]
        );
        assert!(Notificatie::parse(b"[1]").is_err());
        assert!(Notificatie::parse(b"{").is_err());
    }
}
