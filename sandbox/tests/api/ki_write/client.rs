//! A small client for the sandbox Klantinteracties with the token, and
//! helpers to make the objects a test needs.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// A response as status and JSON body (`Value::Null` for an empty body).
pub struct Answer {
    pub status: u16,
    pub body: Value,
}

impl Answer {
    /// `(name, code)` of every entry of `invalidParams`.
    pub fn invalid(&self) -> Vec<(String, String)> {
        self.body["invalidParams"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|p| {
                        (
                            p["name"].as_str().unwrap_or_default().to_string(),
                            p["code"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts a 400 with exactly one error, on `name` with `code`.
    #[track_caller]
    pub fn assert_refused(&self, name: &str, code: &str) {
        assert_eq!(self.status, 400, "expected 400 on {name}: {}", self.body);
        assert_eq!(
            self.invalid(),
            vec![(name.to_string(), code.to_string())],
            "{}",
            self.body
        );
    }

    /// Asserts `status` and returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status, status, "{}", self.body);
        self.body
    }
}

/// The sandbox Klantinteracties of one test app.
pub struct Ki<'a> {
    pub app: &'a TestApp,
}

impl<'a> Ki<'a> {
    pub fn new(app: &'a TestApp) -> Ki<'a> {
        Ki { app }
    }

    /// The absolute URL of `path` (starting after `/api/v1`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/klantinteracties/api/v1{path}", self.app.sandbox)
    }

    /// Sends a raw body with a content type.
    pub async fn raw(&self, method: Method, path: &str, content_type: &str, body: &str) -> Answer {
        let r = self
            .app
            .client
            .request(method, self.url(path))
            .header("Authorization", format!("Token {}", self.app.token))
            .header("Content-Type", content_type)
            .body(body.to_string())
            .send()
            .await
            .expect("sandbox answers");
        answer(r).await
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Answer {
        let mut request = self
            .app
            .client
            .request(method, self.url(path))
            .header("Authorization", format!("Token {}", self.app.token));
        if let Some(body) = body {
            request = request.json(body);
        }
        answer(request.send().await.expect("sandbox answers")).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        self.send(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(Method::POST, path, Some(&body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PUT, path, Some(&body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Answer {
        self.send(Method::PATCH, path, Some(&body)).await
    }

    pub async fn delete(&self, path: &str) -> Answer {
        self.send(Method::DELETE, path, None).await
    }

    /// POSTs and returns the uuid of the created resource (asserting 201).
    pub async fn create(&self, path: &str, body: Value) -> String {
        let created = self.post(path, body).await.expect(201);
        created["uuid"].as_str().expect("a uuid").to_string()
    }

    pub async fn partij(&self) -> String {
        self.create("/partijen", persoon("Test", "Persoon")).await
    }

    pub async fn organisatie(&self, naam: &str) -> String {
        self.create(
            "/partijen",
            json!({"soortPartij": "organisatie", "indicatieActief": true,
                   "partijIdentificatie": {"naam": naam}}),
        )
        .await
    }

    pub async fn klantcontact(&self) -> String {
        self.create("/klantcontacten", klantcontact_body()).await
    }

    pub async fn betrokkene(&self, klantcontact: &str, partij: Option<&str>) -> String {
        self.create(
            "/betrokkenen",
            json!({"wasPartij": partij.map(|p| json!({"uuid": p})),
                   "hadKlantcontact": {"uuid": klantcontact}, "rol": "klant", "initiator": true}),
        )
        .await
    }

    pub async fn medewerker(&self, naam: &str) -> String {
        self.create(
            "/actoren",
            json!({"naam": naam, "soortActor": "medewerker",
                   "actorIdentificatie": {"functie": "KCC", "telefoonnummer": "0201234567"}}),
        )
        .await
    }

    pub async fn interne_taak(&self, klantcontact: &str, actor: &str) -> String {
        self.create(
            "/internetaken",
            json!({"gevraagdeHandeling": "Terugbellen", "status": "te_verwerken",
                   "aanleidinggevendKlantcontact": {"uuid": klantcontact},
                   "toegewezenAanActoren": [{"uuid": actor}]}),
        )
        .await
    }
}

async fn answer(r: reqwest::Response) -> Answer {
    let status = r.status().as_u16();
    let text = r.text().await.expect("a body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"))
    };
    Answer { status, body }
}

/// The minimal persoon of the research notes (§16), with a name.
pub fn persoon(voornaam: &str, achternaam: &str) -> Value {
    json!({
        "soortPartij": "persoon",
        "indicatieActief": true,
        "partijIdentificatie": {"contactnaam": {"voornaam": voornaam, "achternaam": achternaam}},
    })
}

/// The minimal klantcontact of the research notes (§16).
pub fn klantcontact_body() -> Value {
    json!({
        "kanaal": "Telefoon",
        "onderwerp": "Vraag over afval",
        "taal": "nld",
        "vertrouwelijk": false,
        "plaatsgevondenOp": "2024-03-01T10:00:00Z",
    })
}

/// The `n`-th nine-digit number from 100000000 that passes the elfproef:
/// BSNs that no generated data set holds (they use the 999… test range).
pub fn bsn(n: usize) -> String {
    (100_000_000u64..)
        .map(|x| x.to_string())
        .filter(|s| {
            let d: Vec<i64> = s.bytes().map(|b| i64::from(b - b'0')).collect();
            let sum: i64 = (0..8).map(|i| d[i] * (9 - i as i64)).sum::<i64>() - d[8];
            sum % 11 == 0
        })
        .nth(n)
        .expect("there are enough")
}

/// A partij identificator group.
pub fn identificator(objecttype: &str, soort: &str, register: &str, object_id: &str) -> Value {
    json!({"partijIdentificator": {"codeObjecttype": objecttype, "codeSoortObjectId": soort,
                                    "objectId": object_id, "codeRegister": register}})
}
