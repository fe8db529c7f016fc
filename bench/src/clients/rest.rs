//! The baseline of today: a KCC front end that builds the klantbeeld from the
//! REST APIs itself, one request after another (as KISS does in the browser,
//! KISS's partij page): partij by nummer → each of its digitale adressen →
//! each betrokkene → its klantcontact → the interne taken of that contact →
//! each actor they are assigned to; plus the reference lists that give the
//! codes their names. No request overlaps another and nothing is cached.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use futures::future::BoxFuture;
use serde_json::Value;

use super::{array, check_nummer, http_client, transport_failure, KlantbeeldClient, Shape};
use crate::load::Failure;
use crate::sandbox::{clip, KLANTINTERACTIES, REFERENTIELIJSTEN};

/// The reference tables a klantbeeld screen needs (kanaal, taal, land),
/// fetched whole at the largest page size the service allows.
const TABELLEN: [&str; 3] = ["KANAAL", "TAAL", "LAND"];

/// Pages of one list at most, so that a register that keeps sending `next`
/// cannot keep the client busy for ever.
const MAX_PAGES: usize = 50;

/// The sequential REST client.
#[derive(Clone)]
pub struct RestClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    klantinteracties: String,
    referentielijsten: String,
    authorization: String,
    /// Requests sent, so that a run against a real register (no
    /// `/_sandbox/stats`) knows its calls per klantbeeld.
    calls: AtomicU64,
}

impl RestClient {
    /// `sandbox` is `http://host:port`; the registers are under their real paths.
    pub fn new(sandbox: &str, token: &str) -> Result<RestClient, String> {
        let base = sandbox.trim_end_matches('/');
        RestClient::on(
            &format!("{base}{KLANTINTERACTIES}"),
            &format!("{base}{REFERENTIELIJSTEN}"),
            token,
        )
    }

    /// Against any Klantinteracties and Referentielijsten: their API roots
    /// (`…/klantinteracties/api/v1`, `…/api/v1`) and the Klantinteracties token.
    pub fn on(
        klantinteracties: &str,
        referentielijsten: &str,
        token: &str,
    ) -> Result<RestClient, String> {
        Ok(RestClient {
            inner: Arc::new(Inner {
                http: http_client()?,
                klantinteracties: klantinteracties.trim_end_matches('/').to_string(),
                referentielijsten: referentielijsten.trim_end_matches('/').to_string(),
                authorization: format!("Token {token}"),
                calls: AtomicU64::new(0),
            }),
        })
    }

    /// Requests sent so far.
    pub fn calls(&self) -> u64 {
        self.inner.calls.load(Ordering::Relaxed)
    }
}

impl KlantbeeldClient for RestClient {
    fn klantbeeld(&self, nummer: String) -> BoxFuture<'static, Result<Shape, Failure>> {
        let inner = self.inner.clone();
        Box::pin(async move { inner.klantbeeld(&nummer).await })
    }
}

impl Inner {
    async fn klantbeeld(&self, nummer: &str) -> Result<Shape, Failure> {
        let ki = &self.klantinteracties;
        let partijen = self
            .list(&format!("{ki}/partijen"), &[("nummer", nummer)])
            .await?;
        let partij = partijen.first();
        check_nummer(partij, nummer)?;
        let Some(partij) = partij else {
            return Err(Failure::new("partij not found", nummer.to_string()));
        };

        for adres in array(partij, "digitaleAdressen") {
            self.detail("digitaleadressen", adres).await?;
        }
        let mut shape = Shape::default();
        for betrokkene_ref in array(partij, "betrokkenen") {
            shape.betrokkenen += 1;
            let betrokkene = self.detail("betrokkenen", betrokkene_ref).await?;
            let Some(contact_ref) = betrokkene.get("hadKlantcontact").filter(|k| !k.is_null())
            else {
                continue;
            };
            let klantcontact = self.detail("klantcontacten", contact_ref).await?;
            shape.klantcontacten += 1;
            let contact_uuid = uuid_of(&klantcontact)?;
            let taken = self
                .list(
                    &format!("{ki}/internetaken"),
                    &[("aanleidinggevendKlantcontact__uuid", contact_uuid)],
                )
                .await?;
            for taak in &taken {
                shape.interne_taken += 1;
                for actor_ref in array(taak, "toegewezenAanActoren") {
                    self.detail("actoren", actor_ref).await?;
                    shape.toegewezen_actoren += 1;
                }
            }
        }
        for tabel in TABELLEN {
            self.list(
                &format!("{}/items", self.referentielijsten),
                &[("tabel__code", tabel), ("pageSize", "500")],
            )
            .await?;
        }
        Ok(shape)
    }

    /// `GET /<resource>/<uuid>` of a `{uuid, url}` reference.
    async fn detail(&self, resource: &str, reference: &Value) -> Result<Value, Failure> {
        let uuid = uuid_of(reference)?;
        self.get(&format!("{}/{resource}/{uuid}", self.klantinteracties), &[])
            .await
    }

    /// Every item of a paged list, following `next`.
    async fn list(&self, url: &str, query: &[(&str, &str)]) -> Result<Vec<Value>, Failure> {
        let mut page = self.get(url, query).await?;
        let mut items = array(&page, "results").to_vec();
        for _ in 1..MAX_PAGES {
            let Some(next) = page.get("next").and_then(Value::as_str).map(str::to_string) else {
                return Ok(items);
            };
            page = self.get(&next, &[]).await?;
            items.extend_from_slice(array(&page, "results"));
        }
        Err(Failure::new(
            "too many pages",
            format!("{url}: more than {MAX_PAGES} pages"),
        ))
    }

    async fn get(&self, url: &str, query: &[(&str, &str)]) -> Result<Value, Failure> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let mut request = self.http.get(url).query(query);
        if url.starts_with(&self.klantinteracties) {
            request = request.header("Authorization", &self.authorization);
        }
        let response = request.send().await.map_err(transport_failure)?;
        let status = response.status();
        let text = response.text().await.map_err(transport_failure)?;
        if !status.is_success() {
            return Err(Failure::new(
                format!("http {}", status.as_u16()),
                format!("GET {url}: {}", clip(&text)),
            ));
        }
        serde_json::from_str(&text)
            .map_err(|e| Failure::new("invalid JSON", format!("GET {url}: {e}")))
    }
}

/// The `uuid` of a resource or of a `{uuid, url}` reference.
fn uuid_of(value: &Value) -> Result<&str, Failure> {
    value.get("uuid").and_then(Value::as_str).ok_or_else(|| {
        Failure::new(
            "invalid response",
            format!("no uuid in {}", clip(&value.to_string())),
        )
    })
}
