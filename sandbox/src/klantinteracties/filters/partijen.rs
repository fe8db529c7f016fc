//! Filters of the partij side: partijen, partij-identificatoren,
//! vertegenwoordigingen, categorieen, categorie-relaties, rekeningnummers and
//! digitaleadressen.

use super::*;
use crate::klantinteracties::model::*;

pub(crate) const SOORT_PARTIJ: &[&str] = &["contactpersoon", "organisatie", "persoon"];
const CODE_OBJECTTYPE: &[&str] = &["natuurlijk_persoon", "niet_natuurlijk_persoon", "vestiging"];
const CODE_REGISTER: &[&str] = &["brp", "hr"];
const CODE_SOORT_OBJECT_ID: &[&str] = &["bsn", "kvk_nummer", "rsin", "vestigingsnummer"];
const SOORT_DIGITAAL_ADRES: &[&str] = &["email", "overig", "telefoonnummer"];
const ROL: &[&str] = &["klant", "vertegenwoordiger"];

/// The address filter suffixes and the field each compares.
type AdresPart = fn(&Adres) -> &str;
const ADRES_PARTS: [(&str, AdresPart); 2] = [
    ("NummeraanduidingId", |a| &a.nummeraanduiding_id),
    ("Land", |a| &a.land),
];

/// Address filters Open Klant 2.18.0 (and 2.4.0) accepts and then ignores:
/// django-filter drops filter names that end in a digit, so every partij
/// comes back (recorded as `query-adresregel-genegeerd` and
/// `gw-zoek-bezoekadres`; tests/contract/DIFFERENCES.md). The sandbox takes
/// them and filters nothing, as the real server does; the gateway never
/// relies on them (it checks address lines itself, issue 18).
const IGNORED_ADRES_PARTS: [&str; 3] = ["Adresregel1", "Adresregel2", "Adresregel3"];

/// `GET /partijen`.
pub(crate) fn partijen<'s>(store: &'s Store, p: &mut Params) -> Selection<'s, Partij> {
    let mut s = Selection::default();
    let identificator = IdentificatorFilter::read(p, "partijIdentificator__");
    let sub = IdentificatorFilter::read(p, "subIdentificatorVan__");
    if let Some(partijen) = identificator.candidate_partijen(store) {
        s.narrow(partijen);
    }
    for filter in [identificator, sub] {
        if !filter.is_empty() {
            s.keep(move |row: &Partij| filter.matches(store, &row.uuid));
        }
    }
    equal(
        &mut s,
        p.choice("soortPartij", SOORT_PARTIJ),
        |r: &Partij| r.identificatie.soort(),
    );
    equal(&mut s, p.boolean("indicatieActief"), |r: &Partij| {
        r.indicatie_actief
    });
    equal(
        &mut s,
        p.boolean("indicatieGeheimhouding").map(Some),
        |r: &Partij| r.indicatie_geheimhouding,
    );
    if let Some(nummer) = p.text("nummer") {
        s.narrow(store.idx.partij_by_nummer.get(&nummer).copied());
    }
    // The partijen that the given partij represents.
    if let Some(vertegenwoordigende) = p.reference("vertegenwoordigdePartij") {
        s.narrow(
            store
                .idx
                .vertegenwoordigingen_by_vertegenwoordigende
                .of(&vertegenwoordigende)
                .iter()
                .filter_map(|v| store.vertegenwoordigingen.get(v))
                .map(|v| v.vertegenwoordigde_partij),
        );
    }
    // The one multi-valued filter of the API: a comma-separated list is IN.
    if let Some(namen) = p.text("categorierelatie__categorie__naam") {
        let namen: Vec<String> = namen.split(',').map(str::to_string).collect();
        s.keep(move |row: &Partij| {
            store
                .idx
                .categorie_relaties_by_partij
                .of(&row.uuid)
                .iter()
                .filter_map(|c| store.categorie_relaties.get(c)?.categorie)
                .filter_map(|c| store.categorieen.get(&c))
                .any(|c| namen.contains(&c.naam))
        });
    }
    for (group, adres) in [
        (
            "bezoekadres",
            (|r: &Partij| r.bezoekadres.as_ref()) as fn(&Partij) -> Option<&Adres>,
        ),
        ("correspondentieadres", |r: &Partij| {
            r.correspondentieadres.as_ref()
        }),
    ] {
        for (suffix, field) in ADRES_PARTS {
            if let Some(v) = p.text(&format!("{group}{suffix}")) {
                s.keep(move |row: &Partij| adres(row).is_some_and(|a| field(a) == v));
            }
        }
        for suffix in IGNORED_ADRES_PARTS {
            let _accepted_and_ignored = p.text(&format!("{group}{suffix}"));
        }
    }
    s
}

/// `GET /partij-identificatoren`.
pub(crate) fn partij_identificatoren<'s>(
    store: &'s Store,
    p: &mut Params,
) -> Selection<'s, PartijIdentificator> {
    let mut s = Selection::default();
    type Part = fn(&PartijIdentificator) -> &str;
    let parts: [(&str, &[&'static str], Part); 3] = [
        ("partijIdentificatorCodeObjecttype", CODE_OBJECTTYPE, |r| {
            &r.partij_identificator.code_objecttype
        }),
        ("partijIdentificatorCodeRegister", CODE_REGISTER, |r| {
            &r.partij_identificator.code_register
        }),
        (
            "partijIdentificatorCodeSoortObjectId",
            CODE_SOORT_OBJECT_ID,
            |r| &r.partij_identificator.code_soort_object_id,
        ),
    ];
    for (name, choices, field) in parts {
        if let Some(v) = p.choice(name, choices) {
            s.keep(move |r| field(r) == v);
        }
    }
    if let Some(object_id) = p.text("partijIdentificatorObjectId") {
        s.narrow(
            store
                .idx
                .identificatoren_by_object_id
                .of(&object_id_key(&object_id))
                .iter()
                .copied(),
        );
        s.keep(move |r| r.partij_identificator.object_id == object_id);
    }
    exact(&mut s, p.text("anderePartijIdentificator"), |r| {
        &r.andere_partij_identificator
    });
    s
}

/// `GET /vertegenwoordigingen`.
pub(crate) fn vertegenwoordigingen<'s>(
    store: &'s Store,
    p: &mut Params,
) -> Selection<'s, Vertegenwoordiging> {
    let mut s = Selection::default();
    if let Some(partij) = p.reference("vertegenwoordigdePartij") {
        s.narrow(
            store
                .idx
                .vertegenwoordigingen_by_vertegenwoordigde
                .of(&partij)
                .to_vec(),
        );
    }
    if let Some(partij) = p.reference("vertegenwoordigendePartij") {
        s.narrow(
            store
                .idx
                .vertegenwoordigingen_by_vertegenwoordigende
                .of(&partij)
                .to_vec(),
        );
    }
    s
}

/// `GET /categorieen`: no filters.
pub(crate) fn categorieen<'s>(_store: &'s Store, _p: &mut Params) -> Selection<'s, Categorie> {
    Selection::default()
}

/// `GET /categorie-relaties`.
pub(crate) fn categorie_relaties<'s>(
    store: &'s Store,
    p: &mut Params,
) -> Selection<'s, CategorieRelatie> {
    let mut s = Selection::default();
    if let Some(partij) = p.reference("partij") {
        s.narrow(store.idx.categorie_relaties_by_partij.of(&partij).to_vec());
    }
    if let Some(nummer) = p.text("partij__nummer") {
        let partij = store.idx.partij_by_nummer.get(&nummer).copied();
        s.narrow(
            partij
                .map(|u| store.idx.categorie_relaties_by_partij.of(&u).to_vec())
                .unwrap_or_default(),
        );
    }
    equal(
        &mut s,
        p.reference("categorie").map(Some),
        |r: &CategorieRelatie| r.categorie,
    );
    if let Some(naam) = p.text("categorie__naam") {
        s.keep(move |r: &CategorieRelatie| {
            r.categorie
                .and_then(|c| store.categorieen.get(&c))
                .is_some_and(|c| c.naam == naam)
        });
    }
    equal(
        &mut s,
        p.date("beginDatum").map(Some),
        |r: &CategorieRelatie| r.begin_datum,
    );
    equal(
        &mut s,
        p.date("eindDatum").map(Some),
        |r: &CategorieRelatie| r.eind_datum,
    );
    s
}

/// `GET /rekeningnummers`.
pub(crate) fn rekeningnummers<'s>(
    _store: &'s Store,
    p: &mut Params,
) -> Selection<'s, Rekeningnummer> {
    let mut s = Selection::default();
    if let Some(uuid) = p.uuid("uuid") {
        s.narrow([uuid]);
    }
    exact(&mut s, p.text("iban"), |r: &Rekeningnummer| &r.iban);
    exact(&mut s, p.text("bic"), |r: &Rekeningnummer| &r.bic);
    s
}

/// `GET /digitaleadressen`.
pub(crate) fn digitaleadressen<'s>(
    store: &'s Store,
    p: &mut Params,
) -> Selection<'s, DigitaalAdres> {
    let mut s = Selection::default();
    if let Some(partij) = p.reference("verstrektDoorPartij") {
        s.narrow(store.idx.digitaleadressen_by_partij.of(&partij).to_vec());
    }
    if let Some(soort) = p.choice("verstrektDoorPartij__soortPartij", SOORT_PARTIJ) {
        s.keep(move |r: &DigitaalAdres| {
            r.verstrekt_door_partij
                .and_then(|u| store.partijen.get(&u))
                .is_some_and(|partij| partij.identificatie.soort() == soort)
        });
    }
    let identificator = IdentificatorFilter::read(p, "verstrektDoorPartij__partijIdentificator__");
    if let Some(partijen) = identificator.candidate_partijen(store) {
        s.narrow(
            partijen
                .iter()
                .flat_map(|u| store.idx.digitaleadressen_by_partij.of(u).to_vec()),
        );
    }
    if !identificator.is_empty() {
        s.keep(move |r: &DigitaalAdres| {
            r.verstrekt_door_partij
                .is_some_and(|u| identificator.matches(store, &u))
        });
    }
    if let Some(betrokkene) = p.reference("verstrektDoorBetrokkene") {
        s.narrow(
            store
                .idx
                .digitaleadressen_by_betrokkene
                .of(&betrokkene)
                .to_vec(),
        );
    }
    if let Some(rol) = p.choice("verstrektDoorBetrokkene__rol", ROL) {
        s.keep(move |r: &DigitaalAdres| {
            r.verstrekt_door_betrokkene
                .and_then(|u| store.betrokkenen.get(&u))
                .is_some_and(|b| b.rol == rol)
        });
    }
    exact(&mut s, p.text("adres"), |r: &DigitaalAdres| &r.adres);
    contains(&mut s, p.text("adres__icontains"), |r: &DigitaalAdres| {
        &r.adres
    });
    if let Some(soort) = p.choice("soortDigitaalAdres", SOORT_DIGITAAL_ADRES) {
        s.keep(move |r: &DigitaalAdres| r.soort_digitaal_adres == soort);
    }
    equal(
        &mut s,
        p.boolean("isStandaardAdres"),
        |r: &DigitaalAdres| r.is_standaard_adres,
    );
    equal(&mut s, p.boolean("isGeverifieerd"), |r: &DigitaalAdres| {
        r.verificatie_datum.is_some()
    });
    contains(&mut s, p.text("omschrijving"), |r: &DigitaalAdres| {
        &r.omschrijving
    });
    exact(&mut s, p.text("referentie"), |r: &DigitaalAdres| {
        &r.referentie
    });
    type Compare = fn(&chrono::NaiveDate, &chrono::NaiveDate) -> bool;
    let comparisons: [(&str, Compare); 5] = [
        ("verificatieDatum", |a, b| a == b),
        ("verificatieDatum__gt", |a, b| a > b),
        ("verificatieDatum__gte", |a, b| a >= b),
        ("verificatieDatum__lt", |a, b| a < b),
        ("verificatieDatum__lte", |a, b| a <= b),
    ];
    for (name, compare) in comparisons {
        if let Some(d) = p.date(name) {
            s.keep(move |r: &DigitaalAdres| r.verificatie_datum.is_some_and(|v| compare(&v, &d)));
        }
    }
    s
}
