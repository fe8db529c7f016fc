//! What the gateway's schema offers at run time (introspection), so that
//! scenario (c) runs when `zoekPartijen` is there and is reported as skipped
//! when it is not.
//!
//! The `zoekPartijen` document is derived from the introspected field: its
//! required arguments get values from the C4161 persona (a search on the
//! persona must find something), and the selection takes the scalar fields of
//! the result up to two levels deep.

use futures::future::BoxFuture;
use serde_json::Value;

use crate::clients::Endpoint;
use crate::load::{Failure, Operation};

const INTROSPECTION: &str = r#"
query Bench {
  __schema {
    queryType { name }
    types {
      kind name
      fields { name args { name defaultValue type { ...T } } type { ...T } }
      inputFields { name defaultValue type { ...T } }
      enumValues { name }
    }
  }
}
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"#;

/// The introspected schema.
pub struct Schema {
    schema: Value,
}

impl Schema {
    pub async fn introspect(endpoint: &Endpoint) -> Result<Schema, String> {
        let data = endpoint
            .query(INTROSPECTION, Value::Null)
            .await
            .map_err(|f| format!("introspection failed: {} ({})", f.kind, f.detail))?;
        let schema = data.get("__schema").cloned().unwrap_or(Value::Null);
        if schema.is_null() {
            return Err("introspection answered without __schema".into());
        }
        Ok(Schema { schema })
    }

    fn ty(&self, name: &str) -> Option<&Value> {
        self.schema
            .get("types")?
            .as_array()?
            .iter()
            .find(|t| t.get("name").and_then(Value::as_str) == Some(name))
    }

    fn query_field(&self, name: &str) -> Option<&Value> {
        let query = self.schema.pointer("/queryType/name")?.as_str()?;
        fields(self.ty(query)?)
            .iter()
            .find(|f| f.get("name").and_then(Value::as_str) == Some(name))
    }

    /// A document that searches partijen for the persona, when the schema
    /// has `zoekPartijen`.
    pub fn zoek_partijen_document(&self) -> Option<Result<String, String>> {
        let field = self.query_field("zoekPartijen")?;
        Some(self.document_for(field))
    }

    fn document_for(&self, field: &Value) -> Result<String, String> {
        let args: Vec<&Value> = array(field, "args").iter().collect();
        let required: Vec<&Value> = args.iter().copied().filter(|a| is_required(a)).collect();
        let chosen = if required.is_empty() {
            args.iter()
                .copied()
                .find(|a| base_name(&a["type"]) == Some("String"))
                .into_iter()
                .collect()
        } else {
            required
        };
        let mut rendered = Vec::new();
        for arg in chosen {
            let name = arg.get("name").and_then(Value::as_str).unwrap_or_default();
            rendered.push(format!(
                "{name}: {}",
                self.value_for(name, &arg["type"], 0)?
            ));
        }
        let arguments = if rendered.is_empty() {
            String::new()
        } else {
            format!("({})", rendered.join(", "))
        };
        let selection = self.selection(&field["type"], 0);
        Ok(format!(
            "query ZoekPartijen {{ zoekPartijen{arguments} {selection} }}"
        ))
    }

    /// A literal for an argument or input field.
    fn value_for(&self, name: &str, ty: &Value, depth: usize) -> Result<String, String> {
        if depth > 3 {
            return Err(format!("input type of {name} nests too deep"));
        }
        let base = base_name(ty).unwrap_or_default();
        let list = is_list(ty);
        let value = match self
            .ty(base)
            .and_then(|t| t.get("kind"))
            .and_then(Value::as_str)
        {
            Some("ENUM") => self
                .ty(base)
                .and_then(|t| t.pointer("/enumValues/0/name"))
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("enum {base} has no values"))?,
            Some("INPUT_OBJECT") => {
                let input = self
                    .ty(base)
                    .map(|t| array(t, "inputFields"))
                    .unwrap_or(&[]);
                let mut parts = Vec::new();
                let required: Vec<&Value> = input.iter().filter(|f| is_required(f)).collect();
                let chosen: Vec<&Value> = if required.is_empty() {
                    input
                        .iter()
                        .filter(|f| base_name(&f["type"]) == Some("String"))
                        .take(1)
                        .collect()
                } else {
                    required
                };
                for f in chosen {
                    let n = f.get("name").and_then(Value::as_str).unwrap_or_default();
                    parts.push(format!(
                        "{n}: {}",
                        self.value_for(n, &f["type"], depth + 1)?
                    ));
                }
                format!("{{{}}}", parts.join(", "))
            }
            _ => match base {
                "Int" if name.to_lowercase().contains("huisnummer") => "23".into(),
                "Int" => "10".into(),
                "Float" => "10".into(),
                "Boolean" => "true".into(),
                _ => serde_json::to_string(persona_term(name)).map_err(|e| e.to_string())?,
            },
        };
        Ok(if list { format!("[{value}]") } else { value })
    }

    /// The scalar fields of a type, objects followed two levels deep.
    fn selection(&self, ty: &Value, depth: usize) -> String {
        let base = base_name(ty).unwrap_or_default();
        let Some(t) = self.ty(base) else {
            return String::new();
        };
        match t.get("kind").and_then(Value::as_str) {
            Some("OBJECT") => {
                let mut parts = Vec::new();
                for f in fields(t) {
                    if array(f, "args").iter().any(is_required) {
                        continue;
                    }
                    let name = f.get("name").and_then(Value::as_str).unwrap_or_default();
                    let inner = base_name(&f["type"]).and_then(|b| self.ty(b));
                    match inner.and_then(|i| i.get("kind")).and_then(Value::as_str) {
                        Some("SCALAR") | Some("ENUM") => parts.push(name.to_string()),
                        Some("OBJECT") | Some("INTERFACE") | Some("UNION") if depth < 2 => {
                            parts.push(format!("{name} {}", self.selection(&f["type"], depth + 1)))
                        }
                        _ => {}
                    }
                }
                if parts.is_empty() {
                    "{ __typename }".into()
                } else {
                    format!("{{ __typename {} }}", parts.join(" "))
                }
            }
            Some("INTERFACE") | Some("UNION") => "{ __typename }".into(),
            _ => String::new(),
        }
    }
}

/// A search term of the C4161 persona for an argument, by its name.
fn persona_term(name: &str) -> &'static str {
    let n = name.to_lowercase();
    if n.contains("postcode") {
        "9823 SG"
    } else if n.contains("bsn") || n.contains("burgerservicenummer") {
        "999990007"
    } else if n.contains("telefoon") {
        "0612345678"
    } else if n.contains("nummer") {
        "123454321"
    } else {
        "Oostrum"
    }
}

fn array<'a>(value: &'a Value, key: &str) -> &'a [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn fields(ty: &Value) -> &[Value] {
    array(ty, "fields")
}

fn is_required(arg: &Value) -> bool {
    arg.pointer("/type/kind").and_then(Value::as_str) == Some("NON_NULL")
        && arg.get("defaultValue").is_none_or(Value::is_null)
}

fn is_list(ty: &Value) -> bool {
    let mut t = ty;
    while t.get("kind").and_then(Value::as_str) == Some("NON_NULL") {
        t = &t["ofType"];
    }
    t.get("kind").and_then(Value::as_str) == Some("LIST")
}

/// The named type under NON_NULL and LIST wrappers.
fn base_name(ty: &Value) -> Option<&str> {
    let mut t = ty;
    for _ in 0..6 {
        if let Some(name) = t.get("name").and_then(Value::as_str) {
            return Some(name);
        }
        t = t.get("ofType")?;
    }
    None
}

/// A fixed GraphQL query as a load operation (the `zoekPartijen` scenario):
/// a request fails on HTTP or GraphQL errors and on a null answer.
pub struct QueryOp {
    pub endpoint: Endpoint,
    pub document: String,
}

impl Operation for QueryOp {
    fn call(&self, _i: u64) -> BoxFuture<'static, Result<(), Failure>> {
        let endpoint = self.endpoint.clone();
        let document = self.document.clone();
        Box::pin(async move {
            let data = endpoint.query(&document, Value::Null).await?;
            match data.get("zoekPartijen") {
                Some(v) if !v.is_null() => Ok(()),
                _ => Err(Failure::new("no data", "zoekPartijen answered null")),
            }
        })
    }
}
