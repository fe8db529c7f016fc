//! The readers of nested values: gegevensgroepen, lists of objects,
//! foreign keys written as `{"uuid": …}` and maps of strings. Errors inside
//! are named by their JSON path below the field (`toegewezenAanActoren.1.uuid`).

use std::collections::BTreeMap;

use serde_json::Value;
use uuid::Uuid;

use super::{python_type, Form, Rule, OPTIONAL, REQUIRED};
use crate::klantinteracties::validate::Invalid;

impl<'a> Form<'a> {
    /// A nested object (a gegevensgroep such as `bezoekadres`), to be read
    /// field by field.
    pub(crate) fn object(&self, field: &str, rule: Rule) -> Option<Option<Form<'a>>> {
        match self.value(field, rule)? {
            None => Some(None),
            Some(Value::Object(map)) => Some(Some(self.nested(map, field))),
            Some(other) => {
                self.errors.add(
                    &format!("{}.nonFieldErrors", self.name(field)),
                    "invalid",
                    format!(
                        "Ongeldige data. Verwacht een dictionary, kreeg een {}.",
                        python_type(other)
                    ),
                );
                None
            }
        }
    }

    /// A list of nested objects; each item is read whole, under `field.<i>`.
    pub(crate) fn list(&self, field: &str, rule: Rule) -> Option<Option<Vec<Form<'a>>>> {
        match self.value(field, rule)? {
            None => Some(None),
            Some(Value::Array(items)) => {
                let mut forms = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::Object(map) => {
                            forms.push(self.nested(map, &format!("{field}.{i}")).whole())
                        }
                        other => self.errors.add(
                            &format!("{}.{i}.nonFieldErrors", self.name(field)),
                            "invalid",
                            format!(
                                "Ongeldige data. Verwacht een dictionary, kreeg een {}.",
                                python_type(other)
                            ),
                        ),
                    }
                }
                Some(Some(forms))
            }
            Some(other) => {
                self.errors.add(
                    &format!("{}.nonFieldErrors", self.name(field)),
                    "not_a_list",
                    format!(
                        "Verwachtte een lijst met items, maar kreeg type \"{}\".",
                        python_type(other)
                    ),
                );
                None
            }
        }
    }

    /// A foreign key written as `{"uuid": …}`; an unknown uuid is refused on
    /// `<field>.uuid` with Open Klant's message "<Model> object bestaat niet.".
    pub(crate) fn fk(
        &self,
        field: &str,
        rule: Rule,
        model: &str,
        exists: impl Fn(&Uuid) -> bool,
    ) -> Option<Option<Uuid>> {
        match self.object(field, rule)? {
            None => Some(None),
            Some(inner) => inner.fk_uuid(model, &exists).map(Some),
        }
    }

    /// The `uuid` of a foreign-key object, which must name an existing row.
    fn fk_uuid(&self, model: &str, exists: &impl Fn(&Uuid) -> bool) -> Option<Uuid> {
        let uuid = self.whole().uuid("uuid", REQUIRED).flatten()?;
        if !exists(&uuid) {
            self.refuse(
                "uuid",
                Invalid::because(format!("{model} object bestaat niet.")),
            );
            return None;
        }
        Some(uuid)
    }

    /// A list of foreign keys (`toegewezenAanActoren`).
    pub(crate) fn fk_list(
        &self,
        field: &str,
        rule: Rule,
        model: &str,
        exists: impl Fn(&Uuid) -> bool,
    ) -> Option<Option<Vec<Uuid>>> {
        let items = self.list(field, rule)?;
        let Some(items) = items else {
            return Some(None);
        };
        let before = self.errors.len();
        let uuids: Vec<Uuid> = items
            .iter()
            .filter_map(|item| item.fk_uuid(model, &exists))
            .collect();
        (self.errors.len() == before).then_some(Some(uuids))
    }

    /// A map of strings (`metadata`), each value at most `max` characters.
    pub(crate) fn string_map(
        &self,
        field: &str,
        rule: Rule,
        max: usize,
    ) -> Option<BTreeMap<String, String>> {
        match self.value(field, rule)?? {
            Value::Object(map) => {
                let inner = self.nested(map, field);
                let mut out = BTreeMap::new();
                for key in map.keys() {
                    if let Some(v) = inner.text(key, OPTIONAL, max).flatten() {
                        out.insert(key.clone(), v);
                    }
                }
                (out.len() == map.len()).then_some(out)
            }
            other => {
                self.errors.add(
                    &self.name(field),
                    "not_a_dict",
                    format!(
                        "Verwachtte een dictionary van items, maar kreeg type \"{}\".",
                        python_type(other)
                    ),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::tests::read;
    use super::super::{NULLABLE, OPTIONAL};
    use crate::klantinteracties::validate;

    #[test]
    fn nested_names_are_json_paths() {
        let body = json!({
            "adres": {"postcode": "1234ab"},
            "lijst": [{"uuid": "x"}, 3],
            "fk": {"uuid": "8b0f1c1e-0000-4000-8000-000000000000"},
            "geen": "lijst",
        });
        let errs = read(body, false, |f| {
            let adres = f.object("adres", NULLABLE).flatten();
            if let Some(a) = adres {
                a.text_checked("postcode", OPTIONAL, 7, &[validate::postcode]);
            }
            f.fk_list("lijst", OPTIONAL, "Actor", |_| true);
            f.fk("fk", NULLABLE, "Partij", |_| false);
            f.list("geen", OPTIONAL);
        });
        let names: Vec<&str> = errs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "adres.postcode",
                "lijst.1.nonFieldErrors",
                "lijst.0.uuid",
                "fk.uuid",
                "geen.nonFieldErrors"
            ]
        );
    }

    #[test]
    fn string_maps() {
        let errs = read(
            json!({"m": {"k": "v", "x": "abcdef"}, "n": [], "o": {"k": "v"}}),
            false,
            |f| {
                assert_eq!(f.string_map("m", OPTIONAL, 5), None);
                assert_eq!(f.string_map("n", OPTIONAL, 5), None);
                assert_eq!(
                    f.string_map("o", OPTIONAL, 5),
                    Some([("k".to_string(), "v".to_string())].into())
                );
            },
        );
        let got: Vec<(&str, &str)> = errs.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
        assert_eq!(got, [("m.x", "max_length"), ("n", "not_a_dict")]);
    }
}
