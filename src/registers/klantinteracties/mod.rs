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
pub(crate) mod write;

use std::collections::HashSet;

use uuid::Uuid;

use super::error::RegisterError;
use super::transport::{Page, RegisterHandle};
pub use filters::{AdresFilter, ContactnaamFilter, Pagina, PartijAdres, PartijFilter};
pub use model::*;

/// Page size of a whole list: the register's maximum, so that a whole list
/// takes the fewest calls.
const LIST_PAGE_SIZE: &str = "500";

/// Client of a Klantinteracties API (`…/klantinteracties/api/v1`).
#[derive(Debug, Clone)]
pub struct Klantinteracties {
    handle: RegisterHandle,
}

impl Klantinteracties {
    /// A client over a handle whose base URL ends in `/klantinteracties/api/v1`.
    pub(crate) fn new(handle: RegisterHandle) -> Self {
        Klantinteracties { handle }
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

    /// The partijen `filter` finds, in the register's order.
    pub(crate) async fn partijen(
        &self,
        filter: &PartijFilter,
        expand: &[&str],
    ) -> Result<Vec<Partij>, RegisterError> {
        self.list(&filter.query(), expand).await
    }

    /// The first partij `filter` finds, if any.
    pub(crate) async fn partij(
        &self,
        filter: &PartijFilter,
        expand: &[&str],
    ) -> Result<Option<Partij>, RegisterError> {
        Ok(self.partijen(filter, expand).await?.into_iter().next())
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

    /// The klantcontacten a partij took part in (newest first on 2.18).
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
        self.list(&query, &[]).await
    }

    /// The betrokkenen of a klantcontact.
    pub async fn betrokkenen_van_klantcontact(
        &self,
        klantcontact: Uuid,
        expand: &[&str],
    ) -> Result<Vec<Betrokkene>, RegisterError> {
        let query = [("hadKlantcontact__uuid", klantcontact.to_string())];
        self.list(&query, expand).await
    }

    /// The betrokkenen whose contactnaam matches every given part exactly.
    pub(crate) async fn betrokkenen_met_contactnaam(
        &self,
        naam: &ContactnaamFilter,
    ) -> Result<Vec<Betrokkene>, RegisterError> {
        self.list(&naam.query(), &[]).await
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
        self.list(&query, &[]).await
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
        self.list(&actor_query(actor, status), &[]).await
    }

    /// One page of the interne taken assigned to an actor, optionally of one
    /// status. A page past the end is a 404 (`is_not_found`), as Open Klant
    /// answers it.
    pub(crate) async fn interne_taken_van_actor_pagina(
        &self,
        actor: Uuid,
        status: Option<&Status>,
        pagina: Pagina,
    ) -> Result<Page<InterneTaak>, RegisterError> {
        let mut query = actor_query(actor, status);
        query.extend(pagina.query());
        self.list_page(&query, &[]).await
    }

    /// The digitale adressen a partij gave.
    pub(crate) async fn digitale_adressen_van_partij(
        &self,
        partij: Uuid,
    ) -> Result<Vec<DigitaalAdres>, RegisterError> {
        let query = [("verstrektDoorPartij__uuid", partij.to_string())];
        self.list(&query, &[]).await
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
        self.list(&query, &[]).await
    }

    /// The digitale adressen of `soort` whose adres contains `adres`,
    /// whatever the case (so also longer ones: the caller keeps those it
    /// wants).
    pub(crate) async fn digitale_adressen_bevattend(
        &self,
        adres: &str,
        soort: &SoortDigitaalAdres,
    ) -> Result<Vec<DigitaalAdres>, RegisterError> {
        let query = [
            ("adres__icontains", adres.to_string()),
            ("soortDigitaalAdres", soort.as_str().to_string()),
        ];
        self.list(&query, &[]).await
    }
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
