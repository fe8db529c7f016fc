//! The search routes through Klantinteracties: the client's typed lists
//! (exact, but for an e-mail address, which is matched whatever its case),
//! and from the objects found to their partijen. Every object read primes
//! the request's loaders.

use std::collections::HashSet;
use std::sync::Arc;

use uuid::Uuid;

use super::vraag::Route;
use crate::graphql::loaders::{load_in_order, Loaders};
use crate::graphql::Shared;
use crate::registers::klantinteracties::{
    CodeSoortObjectId, DigitaalAdres, Partij, PartijFilter, SoortDigitaalAdres,
};
use crate::registers::RegisterError;

/// The partijen a Klantinteracties route finds, in the register's order.
/// `route` must not be [`Route::Brp`] (which finds none here).
pub async fn zoek(
    gateway: &Shared,
    loaders: &Loaders,
    route: &Route,
) -> Result<Vec<Arc<Partij>>, Arc<RegisterError>> {
    let ki = &gateway.registers.klantinteracties;
    let partijen = |list: Vec<Partij>| async {
        let mut out = Vec::with_capacity(list.len());
        for p in list {
            out.push(loaders.prime_partij(p).await);
        }
        out
    };
    match route {
        Route::Identificator { soort, waarde, .. } => {
            let filter = PartijFilter::Identificator {
                soort: CodeSoortObjectId::from_code(soort),
                waarde: waarde.clone(),
            };
            Ok(partijen(ki.partijen(&filter, &[]).await?).await)
        }
        Route::Adres(adres) => {
            let filter = PartijFilter::Adres(Box::new(adres.clone()));
            Ok(partijen(ki.partijen(&filter, &[]).await?).await)
        }
        Route::Emailadres(adres) => {
            let gelijk = ki.emailadressen_gelijk(adres).await?;
            van_adressen(loaders, gelijk).await
        }
        Route::Telefoonnummer(nummer) => {
            let found = ki
                .digitale_adressen_met_adres(nummer.as_str(), &SoortDigitaalAdres::Telefoonnummer)
                .await?;
            let telefoon = found
                .into_iter()
                .filter(|d| d.soort_digitaal_adres == SoortDigitaalAdres::Telefoonnummer)
                .collect();
            van_adressen(loaders, telefoon).await
        }
        Route::Contactnaam(naam) => {
            let betrokkenen = ki.betrokkenen_met_contactnaam(naam).await?;
            let uuids = uniek(
                betrokkenen
                    .iter()
                    .filter_map(|b| b.was_partij.as_ref().map(|f| f.uuid)),
            );
            for b in betrokkenen {
                loaders.prime_betrokkene(b).await;
            }
            load_in_order(&loaders.partijen, uuids).await
        }
        Route::Brp(_) => Ok(Vec::new()),
    }
}

/// The partijen that gave these digitale adressen.
async fn van_adressen(
    loaders: &Loaders,
    adressen: Vec<DigitaalAdres>,
) -> Result<Vec<Arc<Partij>>, Arc<RegisterError>> {
    let uuids = uniek(
        adressen
            .iter()
            .filter_map(|d| d.verstrekt_door_partij.as_ref().map(|f| f.uuid)),
    );
    for d in adressen {
        loaders.prime_digitaal_adres(d).await;
    }
    load_in_order(&loaders.partijen, uuids).await
}

/// Each uuid once, in order.
fn uniek(uuids: impl Iterator<Item = Uuid>) -> Vec<Uuid> {
    let mut seen = HashSet::new();
    uuids.filter(|u| seen.insert(*u)).collect()
}

/// The partijen with this BSN identificator (usually one).
pub async fn partijen_met_bsn(
    gateway: &Shared,
    loaders: &Loaders,
    bsn: &str,
) -> Result<Vec<Arc<Partij>>, Arc<RegisterError>> {
    zoek(
        gateway,
        loaders,
        &Route::Identificator {
            soort: "bsn",
            waarde: bsn.to_string(),
            bsn: None,
        },
    )
    .await
}
