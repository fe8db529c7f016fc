//! The Klantinteracties client (Open Klant): a generic `get` for every
//! [`Resource`], and a typed method for every list the gateway reads (a
//! partij by [`PartijFilter`], the klantcontacten of a partij, the interne
//! taken of an actor, …); the writes of the KCC flow are in [`write`].
//!
//! The client owns Open Klant's query vocabulary: the filter parameters
//! (`…__uuid`, `adres__icontains`, paging) are written here and nowhere
//! else; the generic list functions are private to this module.
//!
//! Open Klant has no multi-uuid filters; related objects come through
//! parent filters (`?hadBetrokkene__wasPartij__uuid=…`) or `expand`. Which of
//! the two is cheaper is the planner's choice, not this client's: it only
//! makes each call correctly (comma-separated `expand` with every parent path
//! present, as all releases accept) and counts what came back.

mod filters;
pub(crate) mod model;
pub mod release;
mod verify;
pub(crate) mod write;

use std::collections::HashSet;
use std::sync::Arc;

use uuid::Uuid;

use super::error::RegisterError;
use super::transport::{Page, RegisterHandle};
pub use filters::{AdresFilter, ContactnaamFilter, Pagina, PartijAdres, PartijFilter};
pub use model::*;
use release::ReleaseState;
pub use release::{Capabilities, Detected, Landcodes, Release};

/// Page size of a whole list: the register's maximum, so that a whole list
/// takes the fewest calls.
const LIST_PAGE_SIZE: &str = "500";

/// Client of a Klantinteracties API (`…/klantinteracties/api/v1`).
#[derive(Debug, Clone)]
pub struct Klantinteracties {
    handle: RegisterHandle,
    /// The register's release, pinned or detected ([`release`]).
    release: Arc<ReleaseState>,
}

impl Klantinteracties {
    /// A client over a handle whose base URL ends in `/klantinteracties/api/v1`;
    /// `pinned`: the release configuration names (none: detect it).
    pub(crate) fn new(handle: RegisterHandle, pinned: Option<Release>) -> Self {
        Klantinteracties {
            handle,
            release: Arc::new(ReleaseState::pinned(pinned)),
        }
    }

    /// The register's handle (base URL, limits).
    pub fn handle(&self) -> &RegisterHandle {
        &self.handle
    }

    /// One object by uuid; a 404 is an error whose `is_not_found()` holds.
    pub async fn get<T: Resource>(&self, uuid: Uuid, expand: &[&str]) -> Result<T, RegisterError> {
        let path = format!("{}/{uuid}", T::PATH);
        let url = self.handle.url(&path, &expand_query(expand));
        self.handle.get(url, T::DETAIL).await
    }

    /// One page of a list. `query` holds filters and, if wanted, `page` and
    /// `pageSize`; the register rejects unknown parameters with a 400.
    async fn list_page<T: Resource>(
        &self,
        query: &[(&str, String)],
        expand: &[&str],
    ) -> Result<Page<T>, RegisterError> {
        let mut params = query.to_vec();
        params.extend(expand_query(expand));
        let url = self.handle.url(T::PATH, &params);
        self.handle.get(url, T::PATH).await
    }

    /// Every object of a list, over all pages, each uuid once (older
    /// releases repeat rows on some filters, open-klant#624).
    async fn list<T: Resource>(
        &self,
        query: &[(&str, String)],
        expand: &[&str],
    ) -> Result<Vec<T>, RegisterError> {
        let mut params = query.to_vec();
        params.push(("pageSize", LIST_PAGE_SIZE.to_string()));
        params.extend(expand_query(expand));
        let url = self.handle.url(T::PATH, &params);
        let all: Vec<T> = self.handle.all_pages(url, T::PATH).await?;
        let mut seen = HashSet::new();
        Ok(all.into_iter().filter(|o| seen.insert(o.uuid())).collect())
    }

    /// The partijen `filter` finds, in the register's order: each one
    /// checked against the filter (see [`verify`]) with its identificatoren
    /// filled in ([`Klantinteracties::vul_identificatoren`]).
    pub(crate) async fn partijen(
        &self,
        filter: &PartijFilter,
        expand: &[&str],
    ) -> Result<Vec<Partij>, RegisterError> {
        if let PartijFilter::Adres(adres) = filter {
            if !adres.has_precise_part() {
                return Err(self.unsupported(
                    "GET /partijen",
                    None,
                    "Open Klant ignores the adresregel1/2/3 filters (every release), so a search by \
                     adresregel alone would list every partij; give nummeraanduidingId or land too",
                ));
            }
        }
        // Only a land code differs between releases (the rest of a filter is
        // written alike), so only then is the release needed first.
        let filter = match filter {
            PartijFilter::Adres(adres) if adres.has_land() => {
                filter.for_release(&self.capabilities().await?)
            }
            other => other.clone(),
        };
        let mut list: Vec<Partij> = self.list(&filter.query(), expand).await?;
        if matches!(filter, PartijFilter::Identificator { .. }) {
            for partij in &mut list {
                self.vul_identificatoren(partij).await?;
            }
        }
        Ok(match &filter {
            PartijFilter::Identificator { soort, waarde } => {
                self.keep(list, "/partijen", "partijIdentificator__objectId", |p| {
                    p.identificator(soort) == Some(waarde.as_str())
                })
            }
            PartijFilter::Nummer(nummer) => self.keep(list, "/partijen", "nummer", |p| {
                p.nummer.as_deref() == Some(nummer.as_str())
            }),
            PartijFilter::Adres(adres) => self.keep(list, "/partijen", "adres", |p| {
                verify::adres_past(p.bezoekadres.as_ref(), &adres.bezoekadres)
                    && verify::adres_past(
                        p.correspondentieadres.as_ref(),
                        &adres.correspondentieadres,
                    )
            }),
        })
    }

    /// The first partij `filter` finds, if any.
    pub(crate) async fn partij(
        &self,
        filter: &PartijFilter,
        expand: &[&str],
    ) -> Result<Option<Partij>, RegisterError> {
        Ok(self.partijen(filter, expand).await?.into_iter().next())
    }

    /// One partij by uuid with its identificatoren filled in; a 404 is an
    /// error whose `is_not_found()` holds.
    pub async fn partij_op_uuid(
        &self,
        uuid: Uuid,
        expand: &[&str],
    ) -> Result<Partij, RegisterError> {
        let mut partij: Partij = self.get(uuid, expand).await?;
        self.vul_identificatoren(&mut partij).await?;
        Ok(partij)
    }

    /// Fills in the identificatoren a partij only references: Open Klant
    /// before 2.18 lists them as `{uuid, url}`, so each is fetched
    /// (`/partij-identificatoren/{uuid}`, at most the register's
    /// concurrency at once). One that names another partij is left out.
    pub async fn vul_identificatoren(&self, partij: &mut Partij) -> Result<(), RegisterError> {
        let owner = partij.uuid;
        self.vul_identificatoren_van(owner, &mut partij.partij_identificatoren)
            .await
    }

    /// [`vul_identificatoren`](Self::vul_identificatoren) on the
    /// identificatoren of the partij `owner`.
    pub async fn vul_identificatoren_van(
        &self,
        owner: Uuid,
        identificatoren: &mut Vec<PartijIdentificator>,
    ) -> Result<(), RegisterError> {
        let referenced: Vec<Uuid> = identificatoren
            .iter()
            .filter(|i| {
                i.partij_identificator.is_none() && i.andere_partij_identificator.is_empty()
            })
            .map(|i| i.uuid)
            .collect();
        if referenced.is_empty() {
            return Ok(());
        }
        let fetched = futures::future::join_all(
            referenced
                .iter()
                .map(|u| self.get::<PartijIdentificator>(*u, &[])),
        )
        .await;
        let mut full = Vec::with_capacity(fetched.len());
        for result in fetched {
            match result {
                Ok(i) => full.push(i),
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(e),
            }
        }
        let full = self.keep(
            full,
            "/partij-identificatoren",
            "identificeerdePartij",
            |i| {
                i.identificeerde_partij
                    .as_ref()
                    .is_none_or(|p| p.uuid == owner)
            },
        );
        identificatoren.retain(|i| !referenced.contains(&i.uuid));
        identificatoren.extend(full);
        Ok(())
    }

    /// The partij with this BSN, if there is one.
    pub async fn partij_met_bsn(
        &self,
        bsn: &str,
        expand: &[&str],
    ) -> Result<Option<Partij>, RegisterError> {
        let filter = PartijFilter::Identificator {
            soort: CodeSoortObjectId::Bsn,
            waarde: bsn.to_string(),
        };
        self.partij(&filter, expand).await
    }

    /// The partij with this (deprecated, still used) nummer, if there is one.
    pub async fn partij_met_nummer(
        &self,
        nummer: &str,
        expand: &[&str],
    ) -> Result<Option<Partij>, RegisterError> {
        self.partij(&PartijFilter::Nummer(nummer.to_string()), expand)
            .await
    }

    /// The klantcontacten the register lists for a partij (newest first on
    /// 2.18). Not yet checked: the caller keeps those the partij really
    /// took part in with [`klantcontacten_van`](Self::klantcontacten_van)
    /// once it has the partij.
    pub async fn klantcontacten_van_partij(
        &self,
        partij: Uuid,
        expand: &[&str],
    ) -> Result<Vec<Klantcontact>, RegisterError> {
        let query = [("hadBetrokkene__wasPartij__uuid", partij.to_string())];
        self.list(&query, expand).await
    }

    /// The betrokkenen a partij was at klantcontacten.
    pub(crate) async fn betrokkenen_van_partij(
        &self,
        partij: Uuid,
    ) -> Result<Vec<Betrokkene>, RegisterError> {
        let query = [("wasPartij__uuid", partij.to_string())];
        let list = self.list(&query, &[]).await?;
        Ok(
            self.keep(list, "/betrokkenen", "wasPartij__uuid", |b: &Betrokkene| {
                b.was_partij.as_ref().is_some_and(|p| p.uuid == partij)
            }),
        )
    }

    /// The betrokkenen of a klantcontact.
    pub async fn betrokkenen_van_klantcontact(
        &self,
        klantcontact: Uuid,
        expand: &[&str],
    ) -> Result<Vec<Betrokkene>, RegisterError> {
        let query = [("hadKlantcontact__uuid", klantcontact.to_string())];
        let expand = if expand.is_empty() || self.capabilities().await?.betrokkenen_expand {
            expand
        } else {
            &[]
        };
        let list = self.list(&query, expand).await?;
        Ok(self.keep(
            list,
            "/betrokkenen",
            "hadKlantcontact__uuid",
            |b: &Betrokkene| b.had_klantcontact.uuid == klantcontact,
        ))
    }

    /// The betrokkenen whose contactnaam matches every given part exactly.
    pub(crate) async fn betrokkenen_met_contactnaam(
        &self,
        naam: &ContactnaamFilter,
    ) -> Result<Vec<Betrokkene>, RegisterError> {
        let list = self.list(&naam.query(), &[]).await?;
        Ok(self.keep(list, "/betrokkenen", "contactnaam", |b| {
            verify::contactnaam_past(b, naam)
        }))
    }

    /// The interne taken a klantcontact led to.
    pub async fn interne_taken_van_klantcontact(
        &self,
        klantcontact: Uuid,
    ) -> Result<Vec<InterneTaak>, RegisterError> {
        let query = [(
            "aanleidinggevendKlantcontact__uuid",
            klantcontact.to_string(),
        )];
        let list = self.list(&query, &[]).await?;
        Ok(self.keep(
            list,
            "/internetaken",
            "aanleidinggevendKlantcontact__uuid",
            |t: &InterneTaak| t.aanleidinggevend_klantcontact.uuid == klantcontact,
        ))
    }

    /// The vertrouwelijk klantcontacten that led to interne taken: the
    /// flags that decide which taken a caller without the right to read
    /// vertrouwelijk contacts may see, in one list.
    pub(crate) async fn vertrouwelijke_klantcontacten_met_taken(
        &self,
    ) -> Result<Vec<Klantcontact>, RegisterError> {
        let query = [
            ("vertrouwelijk", "true".to_string()),
            ("leiddeTotInterneTaken", "true".to_string()),
        ];
        self.list(&query, &[]).await
    }

    /// The interne taken assigned to an actor, optionally of one status.
    pub async fn interne_taken_van_actor(
        &self,
        actor: Uuid,
        status: Option<&Status>,
    ) -> Result<Vec<InterneTaak>, RegisterError> {
        let list = self.list(&actor_query(actor, status), &[]).await?;
        Ok(
            self.keep(list, "/internetaken", "toegewezenAanActor__uuid", |t| {
                taak_past(t, actor, status)
            }),
        )
    }

    /// One page of the interne taken assigned to an actor, optionally of one
    /// status. A page past the end is a 404 (`is_not_found`), as Open Klant
    /// answers it. Rows that do not match are dropped from the page.
    pub(crate) async fn interne_taken_van_actor_pagina(
        &self,
        actor: Uuid,
        status: Option<&Status>,
        pagina: Pagina,
    ) -> Result<Page<InterneTaak>, RegisterError> {
        let mut query = actor_query(actor, status);
        query.extend(pagina.query());
        let mut page: Page<InterneTaak> = self.list_page(&query, &[]).await?;
        let results = std::mem::take(&mut page.results);
        page.results = self.keep(results, "/internetaken", "toegewezenAanActor__uuid", |t| {
            taak_past(t, actor, status)
        });
        Ok(page)
    }

    /// The digitale adressen a partij gave.
    pub(crate) async fn digitale_adressen_van_partij(
        &self,
        partij: Uuid,
    ) -> Result<Vec<DigitaalAdres>, RegisterError> {
        let query = [("verstrektDoorPartij__uuid", partij.to_string())];
        let list = self.list(&query, &[]).await?;
        Ok(self.keep(
            list,
            "/digitaleadressen",
            "verstrektDoorPartij__uuid",
            |d: &DigitaalAdres| {
                d.verstrekt_door_partij
                    .as_ref()
                    .is_some_and(|p| p.uuid == partij)
            },
        ))
    }

    /// The digitale adressen of `soort` whose adres is exactly `adres`.
    pub(crate) async fn digitale_adressen_met_adres(
        &self,
        adres: &str,
        soort: &SoortDigitaalAdres,
    ) -> Result<Vec<DigitaalAdres>, RegisterError> {
        let query = [
            ("adres", adres.to_string()),
            ("soortDigitaalAdres", soort.as_str().to_string()),
        ];
        let list = self.list(&query, &[]).await?;
        Ok(
            self.keep(list, "/digitaleadressen", "adres", |d: &DigitaalAdres| {
                d.adres == adres && &d.soort_digitaal_adres == soort
            }),
        )
    }

    /// The e-mail addresses equal to `adres` but for case. Where the
    /// release can (`adres__icontains`, 2.7+), one containing search whose
    /// longer hits are dropped; on 2.4, whose `adres__icontains` fails with
    /// a 500, the exact address as given and in lower case (an address
    /// stored in another mix of cases is not found there: documented in the
    /// schema).
    pub(crate) async fn emailadressen_gelijk(
        &self,
        adres: &str,
    ) -> Result<Vec<DigitaalAdres>, RegisterError> {
        let soort = SoortDigitaalAdres::Email;
        let gelijk = |d: &DigitaalAdres| {
            d.adres.trim().eq_ignore_ascii_case(adres) && d.soort_digitaal_adres == soort
        };
        if self.capabilities().await?.adres_bevat {
            let query = [
                ("adres__icontains", adres.to_string()),
                ("soortDigitaalAdres", soort.as_str().to_string()),
            ];
            let list = self.list(&query, &[]).await?;
            // Longer addresses that contain it are expected, not a fault of
            // the register: only a row that does not contain it is counted.
            let lower = adres.to_lowercase();
            let list = self.keep(
                list,
                "/digitaleadressen",
                "adres__icontains",
                |d: &DigitaalAdres| {
                    d.adres.to_lowercase().contains(&lower) && d.soort_digitaal_adres == soort
                },
            );
            return Ok(list.into_iter().filter(gelijk).collect());
        }
        let mut vormen = vec![adres.to_string()];
        if adres.to_lowercase() != adres {
            vormen.push(adres.to_lowercase());
        }
        let mut out: Vec<DigitaalAdres> = Vec::new();
        for vorm in vormen {
            for d in self.digitale_adressen_met_adres(&vorm, &soort).await? {
                if !out.iter().any(|o| o.uuid == d.uuid) {
                    out.push(d);
                }
            }
        }
        Ok(out.into_iter().filter(gelijk).collect())
    }
}

/// Whether an interne taak is assigned to `actor` (and of `status`).
fn taak_past(t: &InterneTaak, actor: Uuid, status: Option<&Status>) -> bool {
    t.actoren().iter().any(|a| a.uuid == actor) && status.is_none_or(|s| &t.status == s)
}

/// The filter on the interne taken of an actor.
fn actor_query(actor: Uuid, status: Option<&Status>) -> Vec<(&'static str, String)> {
    let mut query = vec![("toegewezenAanActor__uuid", actor.to_string())];
    if let Some(status) = status {
        query.push(("status", status.as_str().to_string()));
    }
    query
}

/// The `expand` parameter for the given paths: comma-separated (every
/// release accepts that; repeating the parameter needs 2.14), each path once,
/// and every parent of a nested path included, since a nested path alone
/// expands nothing on Open Klant. No parameter when nothing is expanded.
fn expand_query(expand: &[&str]) -> Vec<(&'static str, String)> {
    let mut paths: Vec<String> = Vec::new();
    for path in expand.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let parts: Vec<&str> = path.split('.').collect();
        for depth in 1..=parts.len() {
            let prefix = parts[..depth].join(".");
            if !paths.contains(&prefix) {
                paths.push(prefix);
            }
        }
    }
    if paths.is_empty() {
        Vec::new()
    } else {
        vec![("expand", paths.join(","))]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expand_names_every_parent_once() {
        assert_eq!(expand_query(&[]), vec![]);
        assert_eq!(
            expand_query(&[
                "betrokkenen.hadKlantcontact",
                "betrokkenen",
                " digitaleAdressen "
            ]),
            vec![(
                "expand",
                "betrokkenen,betrokkenen.hadKlantcontact,digitaleAdressen".to_string()
            )]
        );
        assert_eq!(
            expand_query(&["verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"]),
            vec![(
                "expand",
                "verstrektDoorBetrokkene,verstrektDoorBetrokkene.hadKlantcontact,\
                 verstrektDoorBetrokkene.hadKlantcontact.leiddeTotInterneTaken"
                    .to_string()
            )]
        );
    }
}
