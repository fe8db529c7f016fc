//! Request-scoped loaders: one async-graphql `DataLoader` per resource, keyed
//! by uuid, created for each GraphQL request and dropped with it (personal
//! data is not cached across requests, ARCHITECTURE.md decision 5).
//!
//! Every object any register response carries, including what `expand`
//! inlined, is fed into these loaders ([`Loaders::prime_partij`] and
//! friends), so a resolver that asks for an object the plan already fetched
//! gets it without a call. What no plan fetched is loaded on a miss, one GET
//! per uuid, concurrently within the register's limit.
//!
//! What is not loaded by uuid is shared too: a lookup that aliases of the
//! same field with the same arguments all make runs once ([`Loaders::eenmaal`]),
//! and the list of vertrouwelijk klantcontacten a guard needs is read once
//! per request ([`Loaders::vertrouwelijke_klantcontacten`]).
//!
//! Relations are always followed through the uuids in the parent object,
//! never through a parent's `_expand`: Open Klant leaves an object out of
//! `_expand` when it already appeared earlier in the response
//! (seen on Open Klant 2.18.0), so only the uuid index is complete.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use futures::future::join_all;
use uuid::Uuid;

use super::shared::Shared;
use crate::registers::klantinteracties::{
    Actor, Betrokkene, Bijlage, DigitaalAdres, InterneTaak, Klantcontact, Onderwerpobject, Partij,
    Rekeningnummer, Resource,
};
use crate::registers::{Klantinteracties, RegisterError};

/// A loader error: shared, because one failed batch fails all its keys.
pub type LoadError = Arc<RegisterError>;

/// Loads any Klantinteracties resource by uuid with single GETs.
pub struct ByUuid<T> {
    client: Klantinteracties,
    resource: PhantomData<fn() -> T>,
}

impl<T: Resource + Sync> Loader<Uuid> for ByUuid<T> {
    type Value = Arc<T>;
    type Error = LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Arc<T>>, LoadError> {
        let results = join_all(keys.iter().map(|k| self.client.get::<T>(*k, &[]))).await;
        let mut found = HashMap::with_capacity(keys.len());
        for (key, result) in keys.iter().zip(results) {
            match result {
                Ok(object) => {
                    found.insert(*key, Arc::new(object));
                }
                // An object deleted since its parent was read: absent, not an error.
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(Arc::new(e)),
            }
        }
        Ok(found)
    }
}

/// Loads actors through the shared actor cache (actors change rarely and are
/// not personal data of the caller); misses are fetched and cached.
pub struct ActorLoader {
    gateway: Arc<Shared>,
}

impl Loader<Uuid> for ActorLoader {
    type Value = Arc<Actor>;
    type Error = LoadError;

    async fn load(&self, keys: &[Uuid]) -> Result<HashMap<Uuid, Arc<Actor>>, LoadError> {
        let mut found = HashMap::with_capacity(keys.len());
        let mut missing = Vec::new();
        for key in keys {
            let cached = self.gateway.actors.get(key).await;
            self.gateway.metrics.cache_lookup("actor", cached.is_some());
            match cached {
                Some(actor) => {
                    found.insert(*key, actor);
                }
                None => missing.push(*key),
            }
        }
        let client = &self.gateway.registers.klantinteracties;
        let results = join_all(missing.iter().map(|k| client.get::<Actor>(*k, &[]))).await;
        for (key, result) in missing.into_iter().zip(results) {
            match result {
                Ok(actor) => {
                    let actor = Arc::new(actor);
                    self.gateway.actors.insert(key, actor.clone()).await;
                    found.insert(key, actor);
                }
                Err(e) if e.is_not_found() => {}
                Err(e) => return Err(Arc::new(e)),
            }
        }
        Ok(found)
    }
}

type Uuids<L> = DataLoader<L, HashMapCache>;

/// The loaders of one GraphQL request.
pub struct Loaders {
    pub partijen: Uuids<ByUuid<Partij>>,
    pub betrokkenen: Uuids<ByUuid<Betrokkene>>,
    pub klantcontacten: Uuids<ByUuid<Klantcontact>>,
    pub interne_taken: Uuids<ByUuid<InterneTaak>>,
    pub digitale_adressen: Uuids<ByUuid<DigitaalAdres>>,
    pub onderwerpobjecten: Uuids<ByUuid<Onderwerpobject>>,
    pub bijlagen: Uuids<ByUuid<Bijlage>>,
    pub rekeningnummers: Uuids<ByUuid<Rekeningnummer>>,
    pub actoren: Uuids<ActorLoader>,
    /// Lookups shared by key ([`Loaders::eenmaal`]).
    gedeeld: Mutex<HashMap<String, Arc<dyn Any + Send + Sync>>>,
    klantinteracties: Klantinteracties,
}

fn by_uuid<T: Resource + Sync>(client: &Klantinteracties) -> Uuids<ByUuid<T>> {
    DataLoader::with_cache(
        ByUuid {
            client: client.clone(),
            resource: PhantomData,
        },
        crate::telemetry::spawn,
        HashMapCache::default(),
    )
}

impl Loaders {
    /// Fresh loaders for one request.
    pub fn new(gateway: &Arc<Shared>) -> Loaders {
        let ki = &gateway.registers.klantinteracties;
        Loaders {
            partijen: by_uuid(ki),
            betrokkenen: by_uuid(ki),
            klantcontacten: by_uuid(ki),
            interne_taken: by_uuid(ki),
            digitale_adressen: by_uuid(ki),
            onderwerpobjecten: by_uuid(ki),
            bijlagen: by_uuid(ki),
            rekeningnummers: by_uuid(ki),
            actoren: DataLoader::with_cache(
                ActorLoader {
                    gateway: gateway.clone(),
                },
                crate::telemetry::spawn,
                HashMapCache::default(),
            ),
            gedeeld: Mutex::new(HashMap::new()),
            klantinteracties: ki.clone(),
        }
    }

    /// The result of `load` under `key`, run once per request: aliases of
    /// the same field with the same arguments (`key` says which) await the
    /// same load. `T` is part of the key, so two kinds of lookup never meet.
    pub async fn eenmaal<T, F, Fut>(&self, key: String, load: F) -> T
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce() -> Fut,
        Fut: Future<Output = T>,
    {
        let key = format!("{}|{key}", std::any::type_name::<T>());
        let cell = {
            // A poisoned lock only means another resolver panicked; the map
            // is still whole.
            let mut gedeeld = self.gedeeld.lock().unwrap_or_else(|p| p.into_inner());
            gedeeld
                .entry(key)
                .or_insert_with(|| Arc::new(tokio::sync::OnceCell::<T>::new()))
                .clone()
        };
        match cell.downcast::<tokio::sync::OnceCell<T>>() {
            Ok(cell) => cell.get_or_init(load).await.clone(),
            // Cannot happen (the type is in the key); then simply load.
            Err(_) => load().await,
        }
    }

    /// The uuids of the vertrouwelijk klantcontacten that led to interne
    /// taken: what a guard needs to leave out the taken of a principal
    /// without `vertrouwelijk-lezen`, in one list call (one page of 500 in
    /// practice) per request however many taken it checks, instead of one
    /// klantcontact per taak. Each row's own flag is checked again, so a
    /// register that ignored a filter would only make the list longer.
    pub async fn vertrouwelijke_klantcontacten(&self) -> Result<Arc<HashSet<Uuid>>, LoadError> {
        let ki = self.klantinteracties.clone();
        self.eenmaal("vertrouwelijke klantcontacten".into(), || async move {
            let rows = ki
                .vertrouwelijke_klantcontacten_met_taken()
                .await
                .map_err(Arc::new)?;
            Ok(Arc::new(
                rows.iter()
                    .filter(|k| k.vertrouwelijk)
                    .map(|k| k.uuid)
                    .collect::<HashSet<Uuid>>(),
            ))
        })
        .await
    }

    /// Indexes a partij and everything its `_expand` carries.
    pub async fn prime_partij(&self, mut partij: Partij) -> Arc<Partij> {
        if let Some(expand) = partij.expand.take() {
            for b in expand.betrokkenen.unwrap_or_default() {
                self.prime_betrokkene(b).await;
            }
            for d in expand.digitale_adressen.unwrap_or_default() {
                self.prime_digitaal_adres(d).await;
            }
        }
        let partij = Arc::new(partij);
        self.partijen.feed_one(partij.uuid, partij.clone()).await;
        partij
    }

    /// Indexes a betrokkene and its `_expand`.
    pub async fn prime_betrokkene(&self, mut betrokkene: Betrokkene) -> Arc<Betrokkene> {
        if let Some(expand) = betrokkene.expand.take() {
            if let Some(k) = expand.had_klantcontact {
                Box::pin(self.prime_klantcontact(*k)).await;
            }
            if let Some(p) = expand.was_partij {
                Box::pin(self.prime_partij(*p)).await;
            }
            for d in expand.digitale_adressen.unwrap_or_default() {
                self.prime_digitaal_adres(d).await;
            }
        }
        let betrokkene = Arc::new(betrokkene);
        self.betrokkenen
            .feed_one(betrokkene.uuid, betrokkene.clone())
            .await;
        betrokkene
    }

    /// Indexes a klantcontact, its `_expand` and its inlined actors.
    pub async fn prime_klantcontact(&self, mut klantcontact: Klantcontact) -> Arc<Klantcontact> {
        if let Some(expand) = klantcontact.expand.take() {
            for b in expand.had_betrokkenen.unwrap_or_default() {
                Box::pin(self.prime_betrokkene(b)).await;
            }
            self.prime_interne_taken(expand.leidde_tot_interne_taken.unwrap_or_default())
                .await;
            self.onderwerpobjecten
                .feed_many(
                    expand
                        .ging_over_onderwerpobjecten
                        .unwrap_or_default()
                        .into_iter()
                        .map(|o| (o.uuid, Arc::new(o))),
                )
                .await;
            self.bijlagen
                .feed_many(
                    expand
                        .omvatte_bijlagen
                        .unwrap_or_default()
                        .into_iter()
                        .map(|o| (o.uuid, Arc::new(o))),
                )
                .await;
        }
        self.actoren
            .feed_many(
                klantcontact
                    .had_betrokken_actoren
                    .iter()
                    .map(|a| (a.uuid, Arc::new(a.clone()))),
            )
            .await;
        let klantcontact = Arc::new(klantcontact);
        self.klantcontacten
            .feed_one(klantcontact.uuid, klantcontact.clone())
            .await;
        klantcontact
    }

    /// Indexes interne taken.
    pub async fn prime_interne_taken(&self, taken: Vec<InterneTaak>) {
        self.interne_taken
            .feed_many(taken.into_iter().map(|t| (t.uuid, Arc::new(t))))
            .await;
    }

    /// Indexes a digitaal adres (and the betrokkene it may expand).
    pub async fn prime_digitaal_adres(&self, mut adres: DigitaalAdres) -> Arc<DigitaalAdres> {
        if let Some(expand) = adres.expand.take() {
            if let Some(b) = expand.verstrekt_door_betrokkene {
                Box::pin(self.prime_betrokkene(*b)).await;
            }
        }
        let adres = Arc::new(adres);
        self.digitale_adressen
            .feed_one(adres.uuid, adres.clone())
            .await;
        adres
    }
}

/// Loads the objects behind `uuids`, in that order, skipping the ones that
/// no longer exist.
pub async fn load_in_order<L>(
    loader: &DataLoader<L, HashMapCache>,
    uuids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<L::Value>, LoadError>
where
    L: Loader<Uuid, Error = LoadError>,
{
    let uuids: Vec<Uuid> = uuids.into_iter().collect();
    let mut found = loader.load_many(uuids.iter().copied()).await?;
    Ok(uuids.iter().filter_map(|u| found.remove(u)).collect())
}
