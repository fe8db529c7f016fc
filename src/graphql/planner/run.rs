//! Carrying out a klantbeeld plan: the stages of `klantbeeld.rs`, each
//! re-planned once the stage before has shown the real sizes.
//!
//! Every object a call returns primes the request's loaders. A call that
//! fails here is not fatal: the field that needs the object will try again
//! through its loader and report the error at its own path, so the rest of
//! the klantbeeld still comes back (ARCHITECTURE.md, decision 6).

use std::collections::HashSet;
use std::sync::Arc;

use futures::future::join_all;
use uuid::Uuid;

use super::klantbeeld::{choose, taken_route, Inputs, Needs, Plan, Sizes, Start, TakenRoute};
use crate::graphql::loaders::{LoadError, Loaders};
use crate::graphql::shared::Shared;
use crate::registers::klantinteracties::{Klantcontact, Partij, PartijFilter};
use crate::registers::RegisterError;

/// How the partij is found.
#[derive(Debug, Clone)]
pub(crate) enum PartijLookup {
    Uuid(Uuid),
    /// The first partij a list filter finds.
    Filter(PartijFilter),
}

/// Loads a partij and, as the plan decides, what `needs` asks for below it
/// into `loaders`. `Ok(None)` when no partij matches.
pub(crate) async fn load_klantbeeld(
    gateway: &Shared,
    loaders: &Loaders,
    lookup: PartijLookup,
    needs: Needs,
) -> Result<Option<Arc<Partij>>, LoadError> {
    let planner = &gateway.planner;
    let ki = &gateway.registers.klantinteracties;
    let limit = ki.handle().max_concurrency();
    let cost = planner.cost.estimate();
    let expected = planner.expected_sizes();
    let inputs = |start, sizes, needs| Inputs {
        mode: planner.mode,
        needs,
        sizes,
        cost,
        limit,
        start,
    };

    let uuid_known = matches!(lookup, PartijLookup::Uuid(_));
    let first = choose(&inputs(Start::Partij { uuid_known }, expected, needs));
    let expand = first.partij.values();

    // Stage 1, and with the uuid known, the lists of stage 2 beside it.
    let (partij, early) = match &lookup {
        PartijLookup::Uuid(uuid) => {
            let (partij, lists) = tokio::join!(
                async {
                    match ki.get::<Partij>(*uuid, &expand).await {
                        Ok(p) => Ok(Some(p)),
                        Err(e) if e.is_not_found() => Ok(None),
                        Err(e) => Err(e),
                    }
                },
                stage_two(gateway, loaders, *uuid, &first)
            );
            (partij, Some(lists))
        }
        PartijLookup::Filter(filter) => (ki.partij(filter, &expand).await, None),
    };
    let Some(partij) = partij.map_err(Arc::new)? else {
        return Ok(None);
    };
    let partij = loaders.prime_partij(partij).await;

    // Stage 2, planned again now that the partij shows its real sizes.
    let klantcontacten = match early {
        Some(k) => k,
        None => {
            let mut sizes = expected;
            sizes.betrokkenen = partij.betrokkenen.len() as f64;
            sizes.klantcontacten = sizes.betrokkenen;
            sizes.digitale_adressen = partij.digitale_adressen.len() as f64;
            let ratio = expected.interne_taken / expected.klantcontacten.max(1.0);
            sizes.interne_taken = ratio * sizes.klantcontacten;
            // The partij lists its betrokkenen and digitale adressen: a
            // relation it shows empty needs no call at all.
            let mut rest = needs;
            if partij.betrokkenen.is_empty() {
                rest = Needs {
                    digitale_adressen: rest.digitale_adressen,
                    ..Needs::default()
                };
            }
            if partij.digitale_adressen.is_empty() {
                rest.digitale_adressen = false;
            }
            let plan = choose(&inputs(Start::After(first.partij), sizes, rest));
            stage_two(gateway, loaders, partij.uuid, &plan).await
        }
    };
    // The klantcontacten the plan brought: from the list, or from the
    // betrokkenen the partij call expanded.
    let klantcontacten: Vec<Arc<Klantcontact>> = match klantcontacten {
        // Only those the partij really took part in: a register that
        // ignored the filter sent every klantcontact.
        Some(list) => {
            let mut primed = Vec::with_capacity(list.len());
            for k in ki.klantcontacten_van(list, &partij) {
                primed.push(loaders.prime_klantcontact(k).await);
            }
            primed
        }
        None if first.partij.klantcontacten => {
            let betrokkenen = loaders.betrokkenen.get_cached_values();
            let klantcontacten = loaders.klantcontacten.get_cached_values();
            let mut seen = HashSet::new();
            partij
                .betrokkenen
                .iter()
                .filter_map(|fk| betrokkenen.get(&fk.uuid))
                .filter_map(|b| klantcontacten.get(&b.had_klantcontact.uuid))
                .filter(|k| seen.insert(k.uuid))
                .cloned()
                .collect()
        }
        None => Vec::new(),
    };

    // Stage 3: the interne taken not inlined yet.
    let taak_uuids: Vec<Uuid> = klantcontacten
        .iter()
        .flat_map(|k| k.leidde_tot_interne_taken.iter().map(|f| f.uuid))
        .collect();
    let met_taken: Vec<Uuid> = klantcontacten
        .iter()
        .filter(|k| !k.leidde_tot_interne_taken.is_empty())
        .map(|k| k.uuid)
        .collect();
    if needs.interne_taken {
        let cached = loaders.interne_taken.get_cached_values();
        let missing: Vec<Uuid> = taak_uuids
            .iter()
            .filter(|u| !cached.contains_key(u))
            .copied()
            .collect();
        if !missing.is_empty() {
            match taken_route(cost, limit, met_taken.len(), missing.len()) {
                TakenRoute::PerKlantcontact => {
                    let lists = join_all(
                        met_taken
                            .iter()
                            .map(|k| ki.interne_taken_van_klantcontact(*k)),
                    )
                    .await;
                    for taken in lists.into_iter().filter_map(Result::ok) {
                        loaders.prime_interne_taken(taken).await;
                    }
                }
                TakenRoute::PerTaak => {
                    // Through the loader, so a failure surfaces at the field.
                    let _ = loaders.interne_taken.load_many(missing).await;
                }
                TakenRoute::None | TakenRoute::Expand => {}
            }
        }
    }

    // Stage 4: the actors the taken are assigned to (most from cache).
    let mut actoren = 0;
    if needs.interne_taken && needs.taak_actoren {
        let taken = loaders.interne_taken.get_cached_values();
        let uuids: HashSet<Uuid> = taak_uuids
            .iter()
            .filter_map(|u| taken.get(u))
            .flat_map(|t| t.actoren().into_iter().map(|f| f.uuid))
            .collect();
        actoren = uuids.len();
        let _ = loaders.actoren.load_many(uuids).await;
    }

    gateway.planner.record_sizes(Sizes {
        betrokkenen: partij.betrokkenen.len() as f64,
        klantcontacten: klantcontacten.len() as f64,
        interne_taken: taak_uuids.len() as f64,
        klantcontacten_met_taken: met_taken.len() as f64,
        digitale_adressen: partij.digitale_adressen.len() as f64,
        actoren: actoren as f64,
    });
    tracing::debug!(
        partij = %partij.uuid,
        expand = ?first.partij.values(),
        taken = ?first.taken,
        modelled_ms = first.critical_ms,
        base_ms = cost.base_ms,
        per_object_ms = cost.per_object_ms,
        per_expanded_object_ms = cost.per_expanded_object_ms,
        "klantbeeld planned and loaded"
    );
    Ok(Some(partij))
}

/// Stage 2: the lists the plan asks for, run together. Returns the
/// klantcontacten when the plan fetched them as a list, not yet checked
/// against the partij (which may still be on its way).
async fn stage_two(
    gateway: &Shared,
    loaders: &Loaders,
    partij: Uuid,
    plan: &Plan,
) -> Option<Vec<Klantcontact>> {
    let ki = &gateway.registers.klantinteracties;
    let betrokkenen = async {
        if plan.betrokkenen_list {
            ki.betrokkenen_van_partij(partij).await.map(Some)
        } else {
            Ok(None)
        }
    };
    let adressen = async {
        if plan.digitale_adressen_list {
            ki.digitale_adressen_van_partij(partij).await.map(Some)
        } else {
            Ok(None)
        }
    };
    let klantcontacten = async {
        match plan.klantcontacten_list {
            Some(expand_taken) => {
                let expand: &[&str] = if expand_taken {
                    &["leiddeTotInterneTaken"]
                } else {
                    &[]
                };
                ki.klantcontacten_van_partij(partij, expand).await.map(Some)
            }
            None => Ok(None),
        }
    };
    let (betrokkenen, adressen, klantcontacten) =
        tokio::join!(betrokkenen, adressen, klantcontacten);
    for b in ok_or_log(betrokkenen).flatten().unwrap_or_default() {
        loaders.prime_betrokkene(b).await;
    }
    for d in ok_or_log(adressen).flatten().unwrap_or_default() {
        loaders.prime_digitaal_adres(d).await;
    }
    ok_or_log(klantcontacten).flatten()
}

/// A prefetch failure is logged; the field that needs the data reports it.
fn ok_or_log<T>(result: Result<T, RegisterError>) -> Option<T> {
    result
        .map_err(|e| tracing::warn!(error = %e, "klantbeeld prefetch failed; fields will retry"))
        .ok()
}
