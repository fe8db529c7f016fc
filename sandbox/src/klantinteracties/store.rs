//! In-memory tables of the sandbox Klantinteracties register, with the
//! secondary indexes that make parent filters (`wasPartij__uuid`,
//! `aanleidinggevendKlantcontact__uuid`, …) cheap on data sets of 100,000
//! partijen. Every insert and remove keeps the indexes in step, so code
//! outside this file never touches an index by hand.

use std::collections::{BTreeMap, HashMap};

use uuid::Uuid;

use super::model::*;

/// Something stored by uuid.
pub(crate) trait Keyed {
    fn key(&self) -> Uuid;
}

macro_rules! keyed {
    ($($t:ty),*) => { $(impl Keyed for $t { fn key(&self) -> Uuid { self.uuid } })* };
}
keyed!(
    Partij,
    PartijIdentificator,
    Betrokkene,
    Klantcontact,
    InterneTaak,
    Actor,
    ActorKlantcontact,
    DigitaalAdres,
    Onderwerpobject,
    Bijlage,
    Rekeningnummer,
    Vertegenwoordiging,
    Categorie,
    CategorieRelatie
);

/// One resource's rows in creation order. The primary key is an increasing
/// counter, as in Django, so "newest first" (`-pk`) is a reverse scan.
#[derive(Debug)]
pub(crate) struct Table<T> {
    rows: BTreeMap<u64, T>,
    by_uuid: HashMap<Uuid, u64>,
    next_pk: u64,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table {
            rows: BTreeMap::new(),
            by_uuid: HashMap::new(),
            next_pk: 1,
        }
    }
}

impl<T: Keyed> Table<T> {
    /// Adds a row (or replaces the row with the same uuid, keeping its pk).
    pub(crate) fn upsert(&mut self, row: T) {
        let uuid = row.key();
        let pk = match self.by_uuid.get(&uuid) {
            Some(pk) => *pk,
            None => {
                let pk = self.next_pk;
                self.next_pk += 1;
                self.by_uuid.insert(uuid, pk);
                pk
            }
        };
        self.rows.insert(pk, row);
    }

    pub(crate) fn get(&self, uuid: &Uuid) -> Option<&T> {
        self.by_uuid.get(uuid).and_then(|pk| self.rows.get(pk))
    }

    pub(crate) fn get_mut(&mut self, uuid: &Uuid) -> Option<&mut T> {
        let pk = self.by_uuid.get(uuid)?;
        self.rows.get_mut(pk)
    }

    pub(crate) fn remove(&mut self, uuid: &Uuid) -> Option<T> {
        let pk = self.by_uuid.remove(uuid)?;
        self.rows.remove(&pk)
    }

    /// The primary key of a row: its creation order.
    pub(crate) fn pk(&self, uuid: &Uuid) -> Option<u64> {
        self.by_uuid.get(uuid).copied()
    }

    /// All rows, newest created first (`ordering = -pk`).
    pub(crate) fn newest_first(&self) -> impl Iterator<Item = &T> {
        self.rows.values().rev()
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// A one-to-many index from a parent uuid to child uuids.
#[derive(Debug, Default)]
pub(crate) struct Index(HashMap<Uuid, Vec<Uuid>>);

impl Index {
    fn add(&mut self, parent: Uuid, child: Uuid) {
        let children = self.0.entry(parent).or_default();
        if !children.contains(&child) {
            children.push(child);
        }
    }

    fn drop(&mut self, parent: &Uuid, child: &Uuid) {
        if let Some(children) = self.0.get_mut(parent) {
            children.retain(|c| c != child);
            if children.is_empty() {
                self.0.remove(parent);
            }
        }
    }

    /// The children of `parent`, in the order they were added.
    pub(crate) fn of(&self, parent: &Uuid) -> &[Uuid] {
        self.0.get(parent).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// All Klantinteracties data of the sandbox.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) partijen: Table<Partij>,
    pub(crate) partij_identificatoren: Table<PartijIdentificator>,
    pub(crate) betrokkenen: Table<Betrokkene>,
    pub(crate) klantcontacten: Table<Klantcontact>,
    pub(crate) internetaken: Table<InterneTaak>,
    pub(crate) actoren: Table<Actor>,
    pub(crate) actorklantcontacten: Table<ActorKlantcontact>,
    pub(crate) digitaleadressen: Table<DigitaalAdres>,
    pub(crate) onderwerpobjecten: Table<Onderwerpobject>,
    pub(crate) bijlagen: Table<Bijlage>,
    pub(crate) rekeningnummers: Table<Rekeningnummer>,
    pub(crate) vertegenwoordigingen: Table<Vertegenwoordiging>,
    pub(crate) categorieen: Table<Categorie>,
    pub(crate) categorie_relaties: Table<CategorieRelatie>,
    pub(crate) idx: Indexes,
}

/// Secondary indexes, named `<child>_by_<parent>`.
#[derive(Debug, Default)]
pub(crate) struct Indexes {
    pub(crate) partij_by_nummer: HashMap<String, Uuid>,
    /// `objectId` of an identificator → identificator uuids (any partij).
    pub(crate) identificatoren_by_object_id: Index,
    pub(crate) identificatoren_by_partij: Index,
    pub(crate) betrokkenen_by_partij: Index,
    pub(crate) betrokkenen_by_klantcontact: Index,
    pub(crate) internetaken_by_klantcontact: Index,
    pub(crate) internetaken_by_actor: Index,
    pub(crate) actorklantcontacten_by_klantcontact: Index,
    pub(crate) actorklantcontacten_by_actor: Index,
    pub(crate) digitaleadressen_by_partij: Index,
    pub(crate) digitaleadressen_by_betrokkene: Index,
    pub(crate) onderwerpobjecten_by_klantcontact: Index,
    pub(crate) onderwerpobjecten_by_was_klantcontact: Index,
    pub(crate) bijlagen_by_klantcontact: Index,
    pub(crate) rekeningnummers_by_partij: Index,
    pub(crate) vertegenwoordigingen_by_vertegenwoordigende: Index,
    pub(crate) vertegenwoordigingen_by_vertegenwoordigde: Index,
    pub(crate) categorie_relaties_by_partij: Index,
}

/// Maintains a nullable parent reference in an index across an update.
fn reindex(index: &mut Index, old: Option<Uuid>, new: Option<Uuid>, child: Uuid) {
    if old != new {
        if let Some(old) = old {
            index.drop(&old, &child);
        }
    }
    if let Some(new) = new {
        index.add(new, child);
    }
}

impl Store {
    pub(crate) fn put_partij(&mut self, p: Partij) {
        if let Some(old) = self.partijen.get(&p.uuid) {
            if let Some(n) = &old.nummer {
                self.idx.partij_by_nummer.remove(n);
            }
        }
        if let Some(n) = &p.nummer {
            self.idx.partij_by_nummer.insert(n.clone(), p.uuid);
        }
        self.partijen.upsert(p);
    }

    pub(crate) fn put_partij_identificator(&mut self, i: PartijIdentificator) {
        let old = self.partij_identificatoren.get(&i.uuid).cloned();
        if let Some(old) = &old {
            self.idx.identificatoren_by_object_id.drop(
                &object_id_key(&old.partij_identificator.object_id),
                &old.uuid,
            );
        }
        self.idx
            .identificatoren_by_object_id
            .add(object_id_key(&i.partij_identificator.object_id), i.uuid);
        reindex(
            &mut self.idx.identificatoren_by_partij,
            old.and_then(|o| o.identificeerde_partij),
            i.identificeerde_partij,
            i.uuid,
        );
        self.partij_identificatoren.upsert(i);
    }

    pub(crate) fn put_betrokkene(&mut self, b: Betrokkene) {
        let old = self.betrokkenen.get(&b.uuid).cloned();
        reindex(
            &mut self.idx.betrokkenen_by_partij,
            old.as_ref().and_then(|o| o.was_partij),
            b.was_partij,
            b.uuid,
        );
        reindex(
            &mut self.idx.betrokkenen_by_klantcontact,
            old.map(|o| o.had_klantcontact),
            Some(b.had_klantcontact),
            b.uuid,
        );
        self.betrokkenen.upsert(b);
    }

    pub(crate) fn put_klantcontact(&mut self, k: Klantcontact) {
        self.klantcontacten.upsert(k);
    }

    pub(crate) fn put_interne_taak(&mut self, t: InterneTaak) {
        if let Some(old) = self.internetaken.get(&t.uuid).cloned() {
            for a in &old.toegewezen_aan_actoren {
                self.idx.internetaken_by_actor.drop(a, &old.uuid);
            }
            self.idx
                .internetaken_by_klantcontact
                .drop(&old.aanleidinggevend_klantcontact, &old.uuid);
        }
        for a in &t.toegewezen_aan_actoren {
            self.idx.internetaken_by_actor.add(*a, t.uuid);
        }
        self.idx
            .internetaken_by_klantcontact
            .add(t.aanleidinggevend_klantcontact, t.uuid);
        self.internetaken.upsert(t);
    }

    pub(crate) fn put_actor(&mut self, a: Actor) {
        self.actoren.upsert(a);
    }

    pub(crate) fn put_actorklantcontact(&mut self, ak: ActorKlantcontact) {
        let old = self.actorklantcontacten.get(&ak.uuid).cloned();
        reindex(
            &mut self.idx.actorklantcontacten_by_actor,
            old.as_ref().map(|o| o.actor),
            Some(ak.actor),
            ak.uuid,
        );
        reindex(
            &mut self.idx.actorklantcontacten_by_klantcontact,
            old.map(|o| o.klantcontact),
            Some(ak.klantcontact),
            ak.uuid,
        );
        self.actorklantcontacten.upsert(ak);
    }

    pub(crate) fn put_digitaal_adres(&mut self, d: DigitaalAdres) {
        let old = self.digitaleadressen.get(&d.uuid).cloned();
        reindex(
            &mut self.idx.digitaleadressen_by_partij,
            old.as_ref().and_then(|o| o.verstrekt_door_partij),
            d.verstrekt_door_partij,
            d.uuid,
        );
        reindex(
            &mut self.idx.digitaleadressen_by_betrokkene,
            old.and_then(|o| o.verstrekt_door_betrokkene),
            d.verstrekt_door_betrokkene,
            d.uuid,
        );
        self.digitaleadressen.upsert(d);
    }

    pub(crate) fn put_onderwerpobject(&mut self, o: Onderwerpobject) {
        let old = self.onderwerpobjecten.get(&o.uuid).cloned();
        reindex(
            &mut self.idx.onderwerpobjecten_by_klantcontact,
            old.as_ref().and_then(|x| x.klantcontact),
            o.klantcontact,
            o.uuid,
        );
        reindex(
            &mut self.idx.onderwerpobjecten_by_was_klantcontact,
            old.and_then(|x| x.was_klantcontact),
            o.was_klantcontact,
            o.uuid,
        );
        self.onderwerpobjecten.upsert(o);
    }

    pub(crate) fn put_bijlage(&mut self, b: Bijlage) {
        let old = self.bijlagen.get(&b.uuid).cloned();
        reindex(
            &mut self.idx.bijlagen_by_klantcontact,
            old.and_then(|x| x.was_bijlage_van_klantcontact),
            b.was_bijlage_van_klantcontact,
            b.uuid,
        );
        self.bijlagen.upsert(b);
    }

    pub(crate) fn put_rekeningnummer(&mut self, r: Rekeningnummer) {
        let old = self.rekeningnummers.get(&r.uuid).cloned();
        reindex(
            &mut self.idx.rekeningnummers_by_partij,
            old.and_then(|x| x.partij),
            r.partij,
            r.uuid,
        );
        self.rekeningnummers.upsert(r);
    }

    pub(crate) fn put_vertegenwoordiging(&mut self, v: Vertegenwoordiging) {
        let old = self.vertegenwoordigingen.get(&v.uuid).cloned();
        reindex(
            &mut self.idx.vertegenwoordigingen_by_vertegenwoordigende,
            old.as_ref().map(|o| o.vertegenwoordigende_partij),
            Some(v.vertegenwoordigende_partij),
            v.uuid,
        );
        reindex(
            &mut self.idx.vertegenwoordigingen_by_vertegenwoordigde,
            old.map(|o| o.vertegenwoordigde_partij),
            Some(v.vertegenwoordigde_partij),
            v.uuid,
        );
        self.vertegenwoordigingen.upsert(v);
    }

    /// Deletes a klantcontact with what Open Klant cascades: its betrokkenen,
    /// internetaken, actorklantcontacten, onderwerpobjecten (the `klantcontact`
    /// side) and bijlagen.
    pub(crate) fn delete_klantcontact(&mut self, uuid: &Uuid) -> Option<Klantcontact> {
        let k = self.klantcontacten.remove(uuid)?;
        for b in self.idx.betrokkenen_by_klantcontact.of(uuid).to_vec() {
            self.delete_betrokkene(&b);
        }
        for t in self.idx.internetaken_by_klantcontact.of(uuid).to_vec() {
            self.delete_interne_taak(&t);
        }
        for ak in self
            .idx
            .actorklantcontacten_by_klantcontact
            .of(uuid)
            .to_vec()
        {
            self.delete_actorklantcontact(&ak);
        }
        for o in self.idx.onderwerpobjecten_by_klantcontact.of(uuid).to_vec() {
            self.delete_onderwerpobject(&o);
        }
        for b in self.idx.bijlagen_by_klantcontact.of(uuid).to_vec() {
            self.delete_bijlage(&b);
        }
        Some(k)
    }

    pub(crate) fn delete_bijlage(&mut self, uuid: &Uuid) -> Option<Bijlage> {
        let b = self.bijlagen.remove(uuid)?;
        if let Some(k) = b.was_bijlage_van_klantcontact {
            self.idx.bijlagen_by_klantcontact.drop(&k, uuid);
        }
        Some(b)
    }

    pub(crate) fn delete_betrokkene(&mut self, uuid: &Uuid) -> Option<Betrokkene> {
        let b = self.betrokkenen.remove(uuid)?;
        if let Some(p) = b.was_partij {
            self.idx.betrokkenen_by_partij.drop(&p, uuid);
        }
        self.idx
            .betrokkenen_by_klantcontact
            .drop(&b.had_klantcontact, uuid);
        // Digitale adressen given by this betrokkene lose the reference (SET_NULL).
        for d in self.idx.digitaleadressen_by_betrokkene.of(uuid).to_vec() {
            if let Some(mut row) = self.digitaleadressen.get(&d).cloned() {
                row.verstrekt_door_betrokkene = None;
                self.put_digitaal_adres(row);
            }
        }
        Some(b)
    }

    pub(crate) fn delete_interne_taak(&mut self, uuid: &Uuid) -> Option<InterneTaak> {
        let t = self.internetaken.remove(uuid)?;
        for a in &t.toegewezen_aan_actoren {
            self.idx.internetaken_by_actor.drop(a, uuid);
        }
        self.idx
            .internetaken_by_klantcontact
            .drop(&t.aanleidinggevend_klantcontact, uuid);
        Some(t)
    }

    pub(crate) fn delete_digitaal_adres(&mut self, uuid: &Uuid) -> Option<DigitaalAdres> {
        let d = self.digitaleadressen.remove(uuid)?;
        if let Some(p) = d.verstrekt_door_partij {
            self.idx.digitaleadressen_by_partij.drop(&p, uuid);
            if let Some(partij) = self.partijen.get_mut(&p) {
                partij.digitale_adressen.retain(|x| x != uuid);
                if partij.voorkeurs_digitaal_adres == Some(*uuid) {
                    partij.voorkeurs_digitaal_adres = None;
                }
            }
        }
        if let Some(b) = d.verstrekt_door_betrokkene {
            self.idx.digitaleadressen_by_betrokkene.drop(&b, uuid);
        }
        Some(d)
    }

    /// Deletes a partij with its identificatoren, digitale adressen and
    /// betrokkenen, as Open Klant 2.18.0 cascades (recorded:
    /// `detail-betrokkene-of-deleted-partij` is 404).
    pub(crate) fn delete_partij(&mut self, uuid: &Uuid) -> Option<Partij> {
        let p = self.partijen.remove(uuid)?;
        if let Some(n) = &p.nummer {
            self.idx.partij_by_nummer.remove(n);
        }
        for i in self.idx.identificatoren_by_partij.of(uuid).to_vec() {
            self.delete_partij_identificator(&i);
        }
        for d in self.idx.digitaleadressen_by_partij.of(uuid).to_vec() {
            self.delete_digitaal_adres(&d);
        }
        for b in self.idx.betrokkenen_by_partij.of(uuid).to_vec() {
            self.delete_betrokkene(&b);
        }
        Some(p)
    }

    /// Deletes an actor; interne taken drop it from `toegewezenAanActoren`
    /// and its actorklantcontacten go with it.
    pub(crate) fn delete_actor(&mut self, uuid: &Uuid) -> Option<Actor> {
        let a = self.actoren.remove(uuid)?;
        for t in self.idx.internetaken_by_actor.of(uuid).to_vec() {
            if let Some(mut row) = self.internetaken.get(&t).cloned() {
                row.toegewezen_aan_actoren.retain(|x| x != uuid);
                self.put_interne_taak(row);
            }
        }
        for ak in self.idx.actorklantcontacten_by_actor.of(uuid).to_vec() {
            self.delete_actorklantcontact(&ak);
        }
        Some(a)
    }

    pub(crate) fn delete_actorklantcontact(&mut self, uuid: &Uuid) -> Option<ActorKlantcontact> {
        let ak = self.actorklantcontacten.remove(uuid)?;
        self.idx.actorklantcontacten_by_actor.drop(&ak.actor, uuid);
        self.idx
            .actorklantcontacten_by_klantcontact
            .drop(&ak.klantcontact, uuid);
        Some(ak)
    }

    pub(crate) fn delete_onderwerpobject(&mut self, uuid: &Uuid) -> Option<Onderwerpobject> {
        let o = self.onderwerpobjecten.remove(uuid)?;
        if let Some(k) = o.klantcontact {
            self.idx.onderwerpobjecten_by_klantcontact.drop(&k, uuid);
        }
        if let Some(w) = o.was_klantcontact {
            self.idx
                .onderwerpobjecten_by_was_klantcontact
                .drop(&w, uuid);
        }
        Some(o)
    }

    pub(crate) fn delete_partij_identificator(
        &mut self,
        uuid: &Uuid,
    ) -> Option<PartijIdentificator> {
        let i = self.partij_identificatoren.remove(uuid)?;
        self.idx
            .identificatoren_by_object_id
            .drop(&object_id_key(&i.partij_identificator.object_id), uuid);
        if let Some(p) = i.identificeerde_partij {
            self.idx.identificatoren_by_partij.drop(&p, uuid);
        }
        Some(i)
    }
}

/// Identificator values are indexed under a uuid derived from the value, so
/// that one [`Index`] type serves every index.
pub(crate) fn object_id_key(object_id: &str) -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_OID, object_id.as_bytes())
}
