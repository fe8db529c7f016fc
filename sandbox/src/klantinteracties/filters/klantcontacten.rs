//! Filters of the klantcontact side: klantcontacten, betrokkenen,
//! onderwerpobjecten, bijlagen, actorklantcontacten, internetaken, actoren.

use super::*;
use crate::klantinteracties::model::*;
use crate::klantinteracties::query::icontains;

const STATUS: &[&str] = &["te_verwerken", "verwerkt"];
const SOORT_ACTOR: &[&str] = &[
    "geautomatiseerde_actor",
    "medewerker",
    "organisatorische_eenheid",
];

/// The klantcontacten the betrokkenen of partij `partij` took part in.
fn klantcontacten_of_partij(store: &Store, partij: &Uuid) -> Vec<Uuid> {
    store
        .idx
        .betrokkenen_by_partij
        .of(partij)
        .iter()
        .filter_map(|b| store.betrokkenen.get(b))
        .map(|b| b.had_klantcontact)
        .collect()
}

/// The betrokkenen of klantcontact `k`.
fn betrokkenen_of<'s>(store: &'s Store, k: &Uuid) -> impl Iterator<Item = &'s Betrokkene> + 's {
    store
        .idx
        .betrokkenen_by_klantcontact
        .of(k)
        .iter()
        .filter_map(|b| store.betrokkenen.get(b))
}

/// `GET /klantcontacten`.
pub(crate) fn klantcontacten<'s>(store: &'s Store, p: &mut Params) -> Selection<'s, Klantcontact> {
    let mut s = Selection::default();
    if let Some(b) = p.reference("hadBetrokkene") {
        s.narrow(store.betrokkenen.get(&b).map(|b| b.had_klantcontact));
    }
    if let Some(was_partij) = p.boolean("hadBetrokkene__wasPartij") {
        s.keep(move |k: &Klantcontact| {
            betrokkenen_of(store, &k.uuid).any(|b| b.was_partij.is_some() == was_partij)
        });
    }
    if let Some(partij) = p.reference("hadBetrokkene__wasPartij") {
        s.narrow(klantcontacten_of_partij(store, &partij));
    }
    let identificator =
        IdentificatorFilter::read(p, "hadBetrokkene__wasPartij__partijIdentificator__");
    if let Some(partijen) = identificator.candidate_partijen(store) {
        s.narrow(
            partijen
                .iter()
                .flat_map(|u| klantcontacten_of_partij(store, u)),
        );
    }
    if !identificator.is_empty() {
        s.keep(move |k: &Klantcontact| {
            betrokkenen_of(store, &k.uuid)
                .filter_map(|b| b.was_partij)
                .any(|u| identificator.matches(store, &u))
        });
    }
    if let Some(adres) = p.text("hadBetrokkene__digitaaladres__adres__icontains") {
        let adres = adres.to_lowercase();
        s.keep(move |k: &Klantcontact| {
            betrokkenen_of(store, &k.uuid).any(|b| {
                store
                    .idx
                    .digitaleadressen_by_betrokkene
                    .of(&b.uuid)
                    .iter()
                    .filter_map(|d| store.digitaleadressen.get(d))
                    .any(|d| icontains(&d.adres, &adres))
            })
        });
    }
    equal(
        &mut s,
        p.boolean("leiddeTotInterneTaken"),
        |k: &Klantcontact| {
            !store
                .idx
                .internetaken_by_klantcontact
                .of(&k.uuid)
                .is_empty()
        },
    );
    // `onderwerpobject`: an object this contact was about; `wasOnderwerpobject`:
    // an object that is this contact (the follow-up chain).
    for (stem, points_at, index) in [
        (
            "onderwerpobject",
            (|o: &Onderwerpobject| o.klantcontact) as fn(&Onderwerpobject) -> Option<Uuid>,
            &store.idx.onderwerpobjecten_by_klantcontact,
        ),
        (
            "wasOnderwerpobject",
            |o: &Onderwerpobject| o.was_klantcontact,
            &store.idx.onderwerpobjecten_by_was_klantcontact,
        ),
    ] {
        if let Some(o) = p.reference(stem) {
            s.narrow(store.onderwerpobjecten.get(&o).and_then(points_at));
        }
        let filter =
            ObjectIdentificatorFilter::read(p, &format!("{stem}__onderwerpobjectidentificator"));
        if !filter.is_empty() {
            s.keep(move |k: &Klantcontact| {
                index
                    .of(&k.uuid)
                    .iter()
                    .filter_map(|o| store.onderwerpobjecten.get(o))
                    .any(|o| filter.matches(o.onderwerpobjectidentificator.as_ref()))
            });
        }
    }
    exact(&mut s, p.text("kanaal"), |k: &Klantcontact| &k.kanaal);
    contains(&mut s, p.text("onderwerp"), |k: &Klantcontact| &k.onderwerp);
    contains(&mut s, p.text("inhoud"), |k: &Klantcontact| &k.inhoud);
    contains(&mut s, p.text("reactie"), |k: &Klantcontact| &k.reactie);
    equal(
        &mut s,
        p.boolean("indicatieContactGelukt").map(Some),
        |k: &Klantcontact| k.indicatie_contact_gelukt,
    );
    equal(&mut s, p.boolean("vertrouwelijk"), |k: &Klantcontact| {
        k.vertrouwelijk
    });
    equal(
        &mut s,
        p.date_time("plaatsgevondenOp"),
        |k: &Klantcontact| k.plaatsgevonden_op,
    );
    equal(
        &mut s,
        p.text("referentienummer").map(Some),
        |k: &Klantcontact| k.referentienummer.clone(),
    );
    equal(&mut s, p.text("nummer").map(Some), |k: &Klantcontact| {
        k.nummer.clone()
    });
    s
}

/// `GET /betrokkenen`.
pub(crate) fn betrokkenen<'s>(store: &'s Store, p: &mut Params) -> Selection<'s, Betrokkene> {
    let mut s = Selection::default();
    type NaamPart = fn(&Contactnaam) -> &str;
    let naam_parts: [(&str, NaamPart); 4] = [
        ("contactnaamVoorletters", |n| &n.voorletters),
        ("contactnaamVoornaam", |n| &n.voornaam),
        ("contactnaamVoorvoegselAchternaam", |n| {
            &n.voorvoegsel_achternaam
        }),
        ("contactnaamAchternaam", |n| &n.achternaam),
    ];
    for (name, field) in naam_parts {
        if let Some(v) = p.text(name) {
            s.keep(move |b: &Betrokkene| b.contactnaam.as_ref().is_some_and(|n| field(n) == v));
        }
    }
    exact(&mut s, p.text("organisatienaam"), |b: &Betrokkene| {
        &b.organisatienaam
    });
    if let Some(k) = p.reference("hadKlantcontact") {
        s.narrow(store.idx.betrokkenen_by_klantcontact.of(&k).to_vec());
    }
    type KlantcontactNummer = fn(&Klantcontact) -> Option<&String>;
    let nummers: [(&str, KlantcontactNummer); 2] = [
        ("hadKlantcontact__nummer", |k| k.nummer.as_ref()),
        ("hadKlantcontact__referentienummer", |k| {
            k.referentienummer.as_ref()
        }),
    ];
    for (name, field) in nummers {
        if let Some(v) = p.text(name) {
            s.keep(move |b: &Betrokkene| {
                store
                    .klantcontacten
                    .get(&b.had_klantcontact)
                    .and_then(field)
                    .is_some_and(|n| *n == v)
            });
        }
    }
    if let Some(d) = p.reference("verstrektedigitaalAdres") {
        s.narrow(
            store
                .digitaleadressen
                .get(&d)
                .and_then(|d| d.verstrekt_door_betrokkene),
        );
    }
    if let Some(adres) = p.text("verstrektedigitaalAdres__adres") {
        s.keep(move |b: &Betrokkene| {
            store
                .idx
                .digitaleadressen_by_betrokkene
                .of(&b.uuid)
                .iter()
                .filter_map(|d| store.digitaleadressen.get(d))
                .any(|d| d.adres == adres)
        });
    }
    if let Some(partij) = p.reference("wasPartij") {
        s.narrow(store.idx.betrokkenen_by_partij.of(&partij).to_vec());
    }
    if let Some(nummer) = p.text("wasPartij__nummer") {
        let partij = store.idx.partij_by_nummer.get(&nummer);
        s.narrow(
            partij
                .map(|u| store.idx.betrokkenen_by_partij.of(u).to_vec())
                .unwrap_or_default(),
        );
    }
    let identificator = IdentificatorFilter::read(p, "wasPartij__partijIdentificator__");
    if let Some(partijen) = identificator.candidate_partijen(store) {
        s.narrow(
            partijen
                .iter()
                .flat_map(|u| store.idx.betrokkenen_by_partij.of(u).to_vec()),
        );
    }
    if !identificator.is_empty() {
        s.keep(move |b: &Betrokkene| {
            b.was_partij
                .is_some_and(|u| identificator.matches(store, &u))
        });
    }
    s
}

/// `GET /onderwerpobjecten`.
pub(crate) fn onderwerpobjecten<'s>(
    store: &'s Store,
    p: &mut Params,
) -> Selection<'s, Onderwerpobject> {
    let mut s = Selection::default();
    if let Some(k) = p.reference("klantcontact") {
        s.narrow(store.idx.onderwerpobjecten_by_klantcontact.of(&k).to_vec());
    }
    if let Some(k) = p.reference("wasKlantcontact") {
        s.narrow(
            store
                .idx
                .onderwerpobjecten_by_was_klantcontact
                .of(&k)
                .to_vec(),
        );
    }
    let filter = ObjectIdentificatorFilter::read(p, "onderwerpobjectidentificator");
    if !filter.is_empty() {
        s.keep(move |o: &Onderwerpobject| filter.matches(o.onderwerpobjectidentificator.as_ref()));
    }
    s
}

/// `GET /bijlagen` (only `klantcontact__uuid`: the spec has no `__url` here).
pub(crate) fn bijlagen<'s>(store: &'s Store, p: &mut Params) -> Selection<'s, Bijlage> {
    let mut s = Selection::default();
    if let Some(k) = p.uuid("klantcontact__uuid") {
        s.narrow(store.idx.bijlagen_by_klantcontact.of(&k).to_vec());
    }
    let filter = ObjectIdentificatorFilter::read(p, "bijlageidentificator");
    if !filter.is_empty() {
        s.keep(move |b: &Bijlage| filter.matches(b.bijlageidentificator.as_ref()));
    }
    s
}

/// `GET /actorklantcontacten`.
pub(crate) fn actorklantcontacten<'s>(
    store: &'s Store,
    p: &mut Params,
) -> Selection<'s, ActorKlantcontact> {
    let mut s = Selection::default();
    if let Some(a) = p.reference("actor") {
        s.narrow(store.idx.actorklantcontacten_by_actor.of(&a).to_vec());
    }
    if let Some(k) = p.reference("klantcontact") {
        s.narrow(
            store
                .idx
                .actorklantcontacten_by_klantcontact
                .of(&k)
                .to_vec(),
        );
    }
    s
}

/// `GET /internetaken`.
pub(crate) fn internetaken<'s>(store: &'s Store, p: &mut Params) -> Selection<'s, InterneTaak> {
    let mut s = Selection::default();
    if let Some(k) = p.reference("aanleidinggevendKlantcontact") {
        s.narrow(store.idx.internetaken_by_klantcontact.of(&k).to_vec());
    }
    if let Some(k) = p.uuid("klantcontact__uuid") {
        s.narrow(store.idx.internetaken_by_klantcontact.of(&k).to_vec());
    }
    type KlantcontactNummer = fn(&Klantcontact) -> Option<&String>;
    let nummers: [(&str, KlantcontactNummer); 2] = [
        ("klantcontact__nummer", |k| k.nummer.as_ref()),
        ("klantcontact__referentienummer", |k| {
            k.referentienummer.as_ref()
        }),
    ];
    for (name, field) in nummers {
        if let Some(v) = p.text(name) {
            s.keep(move |t: &InterneTaak| {
                store
                    .klantcontacten
                    .get(&t.aanleidinggevend_klantcontact)
                    .and_then(field)
                    .is_some_and(|n| *n == v)
            });
        }
    }
    // Any of the assigned actors, not only the first.
    if let Some(a) = p.reference("toegewezenAanActor") {
        s.narrow(store.idx.internetaken_by_actor.of(&a).to_vec());
    }
    if let Some(naam) = p.text("actoren__naam") {
        s.keep(move |t: &InterneTaak| {
            t.toegewezen_aan_actoren
                .iter()
                .filter_map(|a| store.actoren.get(a))
                .any(|a| a.naam == naam)
        });
    }
    if let Some(status) = p.choice("status", STATUS) {
        s.keep(move |t: &InterneTaak| t.status == status);
    }
    equal(&mut s, p.date_time("toegewezenOp"), |t: &InterneTaak| {
        t.toegewezen_op
    });
    equal(
        &mut s,
        p.text("referentienummer").map(Some),
        |t: &InterneTaak| t.referentienummer.clone(),
    );
    equal(&mut s, p.text("nummer").map(Some), |t: &InterneTaak| {
        t.nummer.clone()
    });
    s
}

/// `GET /actoren` (no uuid filter: Open Klant has none).
pub(crate) fn actoren<'s>(_store: &'s Store, p: &mut Params) -> Selection<'s, Actor> {
    let mut s = Selection::default();
    contains(&mut s, p.text("naam"), |a: &Actor| &a.naam);
    if let Some(soort) = p.choice("soortActor", SOORT_ACTOR) {
        s.keep(move |a: &Actor| a.identificatie.soort() == soort);
    }
    equal(&mut s, p.boolean("indicatieActief"), |a: &Actor| {
        a.indicatie_actief
    });
    let filter = ObjectIdentificatorFilter::read(p, "actoridentificator");
    if !filter.is_empty() {
        s.keep(move |a: &Actor| filter.matches(a.actoridentificator.as_ref()));
    }
    s
}
