//! The BRP Personen client (Haal Centraal BRP Personen bevragen 2.x): one
//! POST endpoint, raadplegen by BSN and six kinds of search.
//!
//! Raadplegen takes at most 20 BSNs a request, so [`Brp::raadpleeg`] splits
//! larger sets into requests of 20 that run concurrently (the register's
//! permits bound them) and merges the answers by BSN. The answer is not 1:1
//! with the question: unknown or unauthorised BSNs are simply absent. The
//! gateway therefore always asks for `burgerservicenummer`, also to know
//! which persons it was given (protocollering).
//!
//! Each request carries its credentials ([`BrpAuth`]: an API key, or an
//! OAuth2 token fetched and renewed as needed) and the lookup's purpose in
//! the configured protocollering headers ([`Protocollering`]); the `…_met`
//! methods take the purpose.

mod auth;
mod persoon;
mod protocollering;
mod relaties;
mod verblijfplaats;
mod waarden;
mod zoekvraag;

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::try_join_all;
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub(crate) use auth::BrpAuth;
pub use persoon::{
    Aanschrijfwijze, Adressering, EuropeesKiesrecht, Gebeurtenis, Immigratie, Naam,
    OpschortingBijhouding, Persoon, PersoonBeperkt, RniDeelnemer, UitsluitingKiesrecht,
    Verblijfstitel, Verificatie,
};
pub(crate) use protocollering::{Protocollering, ProtocolleringHeaders};
pub use relaties::{
    Derde, Gezag, GezagPersoon, Gezagsrelatie, Kind, Minderjarige, Nationaliteit,
    NationaliteitGegevens, OnbekendeDerde, Ouder, Partner,
};
pub use verblijfplaats::{
    VerblijfadresBinnenland, VerblijfadresBuitenland, VerblijfadresLocatie, Verblijfplaats,
    VerblijfplaatsAdres, VerblijfplaatsBuitenland, VerblijfplaatsLocatie, VerblijfplaatsOnbekend,
};
pub use waarden::{
    AdellijkeTitelPredicaat, Datum, DatumOnbekend, InOnderzoek, JaarDatum, JaarMaandDatum,
    VolledigeDatum, Waardetabel,
};
pub use zoekvraag::{
    AdresseerbaarObjectIdentificatie, GeslachtsnaamEnGeboortedatum, NaamEnGemeenteVanInschrijving,
    NummeraanduidingIdentificatie, PostcodeEnHuisnummer, StraatHuisnummerEnGemeenteVanInschrijving,
    Zoekvraag,
};

use super::error::{ErrorKind, RegisterError};
use super::transport::{Probe, RegisterHandle};

/// The most BSNs one raadpleeg request may carry (`maxItems` in the spec).
pub(crate) const MAX_BSNS_PER_REQUEST: usize = 20;

/// How the observer names the BRP's one endpoint (the base URL itself).
const TEMPLATE: &str = "/personen";

/// The field the gateway always asks for (see the module documentation).
const BSN_FIELD: &str = "burgerservicenummer";

/// Client of a BRP Personen API; its base URL is the `…/personen` endpoint.
#[derive(Debug, Clone)]
pub struct Brp {
    handle: RegisterHandle,
    auth: Arc<BrpAuth>,
    protocollering: Arc<ProtocolleringHeaders>,
}

/// The body of a raadpleeg request.
#[derive(Serialize)]
struct Raadpleeg<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    burgerservicenummer: &'a [String],
    fields: &'a [String],
}

/// The body of a search: the question plus `fields`.
#[derive(Serialize)]
struct Zoek<'a> {
    #[serde(flatten)]
    vraag: &'a Zoekvraag,
    fields: &'a [String],
}

/// Every answer: `{type, personen}`.
#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Antwoord<T> {
    #[serde(
        default = "Vec::new",
        deserialize_with = "crate::registers::tolerant::null_as_default"
    )]
    personen: Vec<T>,
}

impl Brp {
    /// A client over a handle whose base URL is the `…/personen` endpoint.
    /// It authenticates with what the handle sends and sends no
    /// protocollering headers, until [`with_auth`](Self::with_auth) and
    /// [`with_protocollering`](Self::with_protocollering) say otherwise.
    pub(crate) fn new(handle: RegisterHandle) -> Self {
        Brp {
            handle,
            auth: Arc::new(BrpAuth::None),
            protocollering: Arc::new(ProtocolleringHeaders::default()),
        }
    }

    /// The same client, authenticating per request with `auth`.
    pub(crate) fn with_auth(mut self, auth: BrpAuth) -> Self {
        self.auth = Arc::new(auth);
        self
    }

    /// The same client, sending a lookup's purpose in these headers.
    pub(crate) fn with_protocollering(mut self, headers: ProtocolleringHeaders) -> Self {
        self.protocollering = Arc::new(headers);
        self
    }

    /// The register's handle (base URL, limits).
    pub(crate) fn handle(&self) -> &RegisterHandle {
        &self.handle
    }

    /// The readiness probe: a GET of the endpoint with the credentials a
    /// lookup would carry. The BRP's only operation is a person lookup, and
    /// a lookup would be a processing of personal data; any answer but a
    /// 5xx, 401 or 403 (a 405 for the GET) shows the BRP is there and lets
    /// the gateway in.
    pub(crate) async fn probe(&self) -> Probe {
        match self.auth.headers(&self.handle).await {
            Ok(headers) => self.handle.probe("", &[], &headers).await,
            Err(e) => Probe::failed(e),
        }
    }

    /// The persons with these BSNs, by BSN, with the requested `fields`
    /// (full dot-paths, e.g. `naam`, `geboorte.datum`; `burgerservicenummer`
    /// is added). Requests carry at most 20 BSNs and run concurrently. A
    /// BSN the BRP does not return is absent from the map; so is one that
    /// is not nine digits, which is never sent (it cannot exist, and one bad
    /// BSN would make the BRP reject its whole request).
    pub async fn raadpleeg<S: AsRef<str>>(
        &self,
        bsns: &[S],
        fields: &[&str],
    ) -> Result<BTreeMap<String, Persoon>, RegisterError> {
        self.raadpleeg_met(bsns, fields, &Protocollering::default())
            .await
    }

    /// [`raadpleeg`](Self::raadpleeg), with the lookup's purpose in the
    /// protocollering headers of every request.
    pub(crate) async fn raadpleeg_met<S: AsRef<str>>(
        &self,
        bsns: &[S],
        fields: &[&str],
        protocollering: &Protocollering,
    ) -> Result<BTreeMap<String, Persoon>, RegisterError> {
        let mut wanted: Vec<String> = Vec::new();
        for bsn in bsns.iter().map(|b| b.as_ref().trim()) {
            if is_bsn(bsn) && !wanted.iter().any(|w| w == bsn) {
                wanted.push(bsn.to_string());
            }
        }
        if wanted.is_empty() {
            return Ok(BTreeMap::new());
        }
        let fields = with_bsn_field(fields);
        let requests = wanted.chunks(MAX_BSNS_PER_REQUEST).map(|chunk| {
            let body = Raadpleeg {
                kind: "RaadpleegMetBurgerservicenummer",
                burgerservicenummer: chunk,
                fields: &fields,
            };
            async move {
                let antwoord: Antwoord<Persoon> = self.post(&body, protocollering).await?;
                Ok::<_, RegisterError>(antwoord.personen)
            }
        });
        let answers = try_join_all(requests).await?;
        Ok(answers
            .into_iter()
            .flatten()
            .filter_map(|p| p.burgerservicenummer.clone().map(|bsn| (bsn, p)))
            .collect())
    }

    /// The persons a search finds, with the requested `fields`
    /// (`burgerservicenummer` is added). Too many hits is a 400
    /// `tooManyResults` ("refine the search").
    pub async fn zoek(
        &self,
        vraag: &Zoekvraag,
        fields: &[&str],
    ) -> Result<Vec<PersoonBeperkt>, RegisterError> {
        self.zoek_met(vraag, fields, &Protocollering::default())
            .await
    }

    /// [`zoek`](Self::zoek), with the lookup's purpose in the protocollering
    /// headers.
    pub(crate) async fn zoek_met(
        &self,
        vraag: &Zoekvraag,
        fields: &[&str],
        protocollering: &Protocollering,
    ) -> Result<Vec<PersoonBeperkt>, RegisterError> {
        let fields = with_bsn_field(fields);
        let body = Zoek {
            vraag,
            fields: &fields,
        };
        let antwoord: Antwoord<PersoonBeperkt> = self.post(&body, protocollering).await?;
        Ok(antwoord.personen)
    }

    /// One POST with the credentials and protocollering headers. When the
    /// BRP refuses an OAuth2 token (401), the token is dropped and the
    /// request made once more with a new one. The lookup only reads, so the
    /// layer also retries it after a transient failure.
    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        body: &B,
        protocollering: &Protocollering,
    ) -> Result<T, RegisterError> {
        let mut retried = false;
        loop {
            let mut headers: HeaderMap = self.auth.headers(&self.handle).await?;
            self.protocollering
                .apply(protocollering, &mut headers)
                .map_err(|what| {
                    self.handle.error(
                        &Method::POST,
                        TEMPLATE,
                        ErrorKind::Malformed {
                            reason: format!("the {what} cannot be sent as a header"),
                        },
                    )
                })?;
            let url = self.handle.url("", &[]);
            match self
                .handle
                .query_with_headers(url, TEMPLATE, body, &headers)
                .await
            {
                Err(e)
                    if !retried
                        && matches!(e.kind, ErrorKind::Unauthorized { status: 401, .. })
                        && self.auth.rejected().await =>
                {
                    retried = true;
                }
                answer => return answer,
            }
        }
    }
}

/// Nine digits, as the BRP's `burgerservicenummer` pattern demands.
fn is_bsn(text: &str) -> bool {
    text.len() == 9 && text.bytes().all(|b| b.is_ascii_digit())
}

/// `fields` with `burgerservicenummer` first, each field once.
fn with_bsn_field(fields: &[&str]) -> Vec<String> {
    let mut out = vec![BSN_FIELD.to_string()];
    for field in fields.iter().map(|f| f.trim()).filter(|f| !f.is_empty()) {
        if !out.iter().any(|o| o == field) {
            out.push(field.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests;
