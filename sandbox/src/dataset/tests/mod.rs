//! Unit tests of the data set: the persona, determinism, the shape of the
//! generated data, and every value against the validators of the
//! Klantinteracties spec (in `validators.rs`).

mod validators;

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use super::numbers::elfproef;
use super::*;
use crate::klantinteracties::model::*;
use validators::validate;

#[test]
fn persona_is_in_an_empty_data_set() {
    let d = generate(1, 0);
    let s = &d.klantinteracties;
    let p = s
        .partijen
        .get(&persona::PARTIJ_UUID)
        .expect("persona partij");
    assert_eq!(p.nummer.as_deref(), Some(persona::PARTIJ_NUMMER));
    assert_eq!(
        s.idx.partij_by_nummer.get(persona::PARTIJ_NUMMER),
        Some(&persona::PARTIJ_UUID)
    );
    let bezoek = p.bezoekadres.as_ref().expect("bezoekadres");
    assert_eq!(bezoek.adresregel1, "Van Puffelenstraat 23");
    assert_eq!(bezoek.adresregel2, "9823 SG Tietjerksteradeel");
    assert_eq!(bezoek.land, "NL");
    let corr = p
        .correspondentieadres
        .as_ref()
        .expect("correspondentieadres");
    assert_eq!(corr.adresregel1, "Janssenstraat 12");
    assert_eq!(corr.adresregel2, "9821 ST Tietjerksteradeel");

    let ids = s.idx.identificatoren_by_partij.of(&persona::PARTIJ_UUID);
    assert_eq!(ids.len(), 1);
    let bsn = &s
        .partij_identificatoren
        .get(&ids[0])
        .expect("bsn")
        .partij_identificator;
    assert_eq!(
        (bsn.code_soort_object_id.as_str(), bsn.object_id.as_str()),
        ("bsn", "999990007")
    );

    let voorkeur = p
        .voorkeurs_digitaal_adres
        .and_then(|d| s.digitaleadressen.get(&d));
    assert_eq!(voorkeur.map(|d| d.adres.as_str()), Some("0612345678"));

    let betrokkenen = s.idx.betrokkenen_by_partij.of(&persona::PARTIJ_UUID);
    assert_eq!(betrokkenen.len(), 12);
    let contacten: Vec<&Klantcontact> = betrokkenen
        .iter()
        .filter_map(|b| s.betrokkenen.get(b))
        .filter_map(|b| s.klantcontacten.get(&b.had_klantcontact))
        .collect();
    assert_eq!(contacten.len(), 12);
    let kc = contacten
        .iter()
        .find(|k| k.nummer.as_deref() == Some(persona::KLANTCONTACT_NUMMER))
        .expect("klantcontact 234565432");
    assert_eq!(
        kc.onderwerp,
        "Klant heeft een vraag over een gerelateerde zaak"
    );
    assert_eq!(kc.plaatsgevonden_op.date_naive().to_string(), "2023-02-21");

    let taken: Vec<&InterneTaak> = contacten
        .iter()
        .flat_map(|k| s.idx.internetaken_by_klantcontact.of(&k.uuid))
        .filter_map(|t| s.internetaken.get(t))
        .collect();
    assert_eq!(taken.len(), 18);
    let actoren: HashSet<Uuid> = taken
        .iter()
        .flat_map(|t| t.toegewezen_aan_actoren.iter().copied())
        .collect();
    assert_eq!(actoren.len(), 5);
    let soorten: HashSet<&str> = actoren
        .iter()
        .filter_map(|a| s.actoren.get(a))
        .map(|a| a.identificatie.soort())
        .collect();
    assert_eq!(soorten.len(), 3);
    let terugbellen = taken
        .iter()
        .find(|t| t.nummer.as_deref() == Some(persona::INTERNE_TAAK_NUMMER))
        .expect("interne taak 334565432");
    assert_eq!(terugbellen.gevraagde_handeling, "Terugbellen");
    assert_eq!(terugbellen.status, "te_verwerken");
    assert_eq!(terugbellen.aanleidinggevend_klantcontact, kc.uuid);
    let eerste = s.actoren.get(&terugbellen.toegewezen_aan_actoren[0]);
    assert_eq!(eerste.map(|a| a.identificatie.soort()), Some("medewerker"));

    let brp = d
        .personen
        .iter()
        .find(|p| p.burgerservicenummer == persona::BSN)
        .expect("persona BRP record");
    assert_eq!(brp.geslachtsnaam, "Oostrum");
    let verblijf = brp.verblijfplaats.as_ref().expect("verblijfplaats");
    assert_eq!(records::adres(verblijf), *bezoek);

    validate(s).expect("persona passes the validators");
}

/// Every row of every table in creation order, and the BRP records: equal
/// snapshots mean equal data sets (the store's hash indexes aside).
fn snapshot(d: &Dataset) -> String {
    let s = &d.klantinteracties;
    let mut out = String::new();
    let mut add = |rows: Vec<String>| {
        for r in rows.iter().rev() {
            out.push_str(r);
            out.push('\n');
        }
    };
    add(s
        .partijen
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .partij_identificatoren
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .betrokkenen
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .klantcontacten
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .internetaken
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s.actoren.newest_first().map(|r| format!("{r:?}")).collect());
    add(s
        .actorklantcontacten
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .digitaleadressen
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .onderwerpobjecten
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .bijlagen
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .rekeningnummers
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(s
        .vertegenwoordigingen
        .newest_first()
        .map(|r| format!("{r:?}"))
        .collect());
    add(d.personen.iter().rev().map(|r| format!("{r:?}")).collect());
    out
}

#[test]
fn the_same_seed_gives_the_same_data_and_another_seed_other_data() {
    let a = snapshot(&generate(42, 300));
    let b = snapshot(&generate(42, 300));
    let c = snapshot(&generate(43, 300));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn persona_is_in_every_data_set_unchanged() {
    let persona_rows = |d: &Dataset| {
        let s = &d.klantinteracties;
        let p = s.partijen.get(&persona::PARTIJ_UUID).cloned();
        let taken: Vec<InterneTaak> = s
            .idx
            .betrokkenen_by_partij
            .of(&persona::PARTIJ_UUID)
            .iter()
            .filter_map(|b| s.betrokkenen.get(b))
            .flat_map(|b| s.idx.internetaken_by_klantcontact.of(&b.had_klantcontact))
            .filter_map(|t| s.internetaken.get(t).cloned())
            .collect();
        (p, taken)
    };
    let leeg = persona_rows(&generate(7, 0));
    assert!(leeg.0.is_some());
    assert_eq!(leeg.1.len(), 18);
    for (seed, n) in [(7, 1), (8, 500)] {
        assert_eq!(
            persona_rows(&generate(seed, n)),
            leeg,
            "seed {seed}, {n} partijen"
        );
    }
}

#[test]
fn counts_follow_the_size() {
    for n in [0usize, 1, 37, 1000] {
        let d = generate(3, n);
        let s = &d.klantinteracties;
        assert_eq!(s.partijen.len(), n + 1, "{n} partijen plus the persona");
        let personen = s
            .partijen
            .newest_first()
            .filter(|p| p.identificatie.soort() == "persoon")
            .count();
        assert_eq!(
            d.personen.len(),
            personen,
            "a BRP record per persoon-partij"
        );
    }
}

#[test]
fn generated_data_passes_the_validators_and_is_varied() {
    let d = generate(11, 3000);
    let s = &d.klantinteracties;
    validate(s).expect("every value passes the validators");

    // All three soorten, mostly persons.
    let mut soorten: HashMap<&str, usize> = HashMap::new();
    for p in s.partijen.newest_first() {
        *soorten.entry(p.identificatie.soort()).or_default() += 1;
    }
    assert!(soorten["persoon"] > 2000, "{soorten:?}");
    assert!(
        soorten["organisatie"] > 50 && soorten["contactpersoon"] > 20,
        "{soorten:?}"
    );

    // Skewed contact counts: many with few, some with many, none above 50.
    let per_partij: Vec<usize> = s
        .partijen
        .newest_first()
        .map(|p| s.idx.betrokkenen_by_partij.of(&p.uuid).len())
        .collect();
    let zonder = per_partij.iter().filter(|n| **n == 0).count();
    let veel = per_partij.iter().filter(|n| **n > 10).count();
    assert!(
        zonder > 600 && veel > 30,
        "{zonder} without, {veel} with many"
    );
    let klant_betrokkenen = |p: &Uuid| {
        s.idx
            .betrokkenen_by_partij
            .of(p)
            .iter()
            .filter(|b| s.betrokkenen.get(b).is_some_and(|b| b.rol == "klant"))
            .count()
    };
    assert!(s
        .partijen
        .newest_first()
        .all(|p| klant_betrokkenen(&p.uuid) <= 50));

    // Every klantcontact has a klant betrokkene and an actor; tasks go to all kinds.
    for k in s.klantcontacten.newest_first() {
        assert!(!s
            .idx
            .actorklantcontacten_by_klantcontact
            .of(&k.uuid)
            .is_empty());
        assert!(s.idx.internetaken_by_klantcontact.of(&k.uuid).len() <= 3);
    }
    let soorten_taak: HashSet<&str> = s
        .internetaken
        .newest_first()
        .flat_map(|t| t.toegewezen_aan_actoren.iter())
        .filter_map(|a| s.actoren.get(a))
        .map(|a| a.identificatie.soort())
        .collect();
    assert_eq!(soorten_taak.len(), 3);
    let open = s
        .internetaken
        .newest_first()
        .filter(|t| t.status == "te_verwerken")
        .count();
    assert!(open > 0 && open < s.internetaken.len() / 2);

    // The sensitive and the special cases exist, but are rare.
    let vertrouwelijk = s
        .klantcontacten
        .newest_first()
        .filter(|k| k.vertrouwelijk)
        .count();
    assert!(vertrouwelijk > 0 && vertrouwelijk < s.klantcontacten.len() / 10);
    assert!(s
        .partijen
        .newest_first()
        .any(|p| p.indicatie_geheimhouding == Some(true)));
    assert!(!s.vertegenwoordigingen.is_empty());
    assert!(s
        .betrokkenen
        .newest_first()
        .any(|b| b.rol == "vertegenwoordiger"));
    assert!(!s.onderwerpobjecten.is_empty() && !s.bijlagen.is_empty());
    assert!(!s.rekeningnummers.is_empty());
    let buitenland = s
        .partijen
        .newest_first()
        .filter_map(|p| p.bezoekadres.as_ref())
        .filter(|a| a.land != "NL")
        .count();
    assert!(buitenland > 0);

    // Contacts spread over the years before the reference date.
    let jaren: HashSet<i32> = s
        .klantcontacten
        .newest_first()
        .map(|k| chrono::Datelike::year(&k.plaatsgevonden_op))
        .collect();
    assert!(jaren.len() >= 5, "{jaren:?}");
}

#[test]
fn bsns_are_unique_valid_and_outside_the_test_ranges() {
    let d = generate(5, 3000);
    let mut gezien = HashSet::new();
    for p in &d.personen {
        let bsn = &p.burgerservicenummer;
        assert!(elfproef(bsn), "{bsn}");
        assert!(gezien.insert(bsn.clone()), "duplicate {bsn}");
        if bsn != persona::BSN {
            assert!(!bsn.starts_with("9999"), "{bsn} is in the BRP test range");
        }
    }
}

#[test]
fn every_person_matches_its_partij() {
    let d = generate(9, 1000);
    let s = &d.klantinteracties;
    for p in &d.personen {
        let id = s
            .idx
            .identificatoren_by_object_id
            .of(&store_key(&p.burgerservicenummer));
        assert_eq!(
            id.len(),
            1,
            "one identificator for {}",
            p.burgerservicenummer
        );
        let partij = s
            .partij_identificatoren
            .get(&id[0])
            .and_then(|i| i.identificeerde_partij)
            .and_then(|u| s.partijen.get(&u))
            .expect("partij of the BSN");
        let PartijIdentificatie::Persoon {
            contactnaam: Some(c),
        } = &partij.identificatie
        else {
            panic!("persoon-partij expected");
        };
        assert_eq!(c.achternaam, p.geslachtsnaam);
        assert_eq!(c.voorvoegsel_achternaam, p.voorvoegsel);
        assert!(p.voornamen.starts_with(&c.voornaam));
        if let Some(v) = &p.verblijfplaats {
            assert_eq!(partij.bezoekadres.as_ref(), Some(&records::adres(v)));
        }
        assert_eq!(partij.indicatie_actief, p.overlijdensdatum.is_none());
        assert_eq!(
            partij.indicatie_geheimhouding == Some(true),
            p.geheimhouding
        );
    }
}

fn store_key(object_id: &str) -> Uuid {
    crate::klantinteracties::store::object_id_key(object_id)
}

#[test]
fn the_validators_reject_what_open_klant_rejects() {
    let mut d = generate(1, 0);
    assert!(validate(&d.klantinteracties).is_ok());
    let s = &mut d.klantinteracties;
    let telefoon = persona::id("digitaal-adres/telefoon");
    let mut adres = s
        .digitaleadressen
        .get(&telefoon)
        .cloned()
        .expect("persona phone");
    for fout in ["0900123456", "0612345", "+31", "06-12345678"] {
        adres.adres = fout.into();
        s.put_digitaal_adres(adres.clone());
        assert!(validate(s).is_err(), "{fout} accepted");
    }
    adres.adres = "0612345678".into();
    s.put_digitaal_adres(adres);
    let mut partij = s
        .partijen
        .get(&persona::PARTIJ_UUID)
        .cloned()
        .expect("persona");
    let goed = partij.bezoekadres.clone();
    for (postcode, land) in [
        ("9823SG", "NL"),
        ("0823 SG", "NL"),
        ("9823 SG", "nl"),
        ("9823 SG", "003"),
    ] {
        if let Some(a) = partij.bezoekadres.as_mut() {
            a.postcode = postcode.into();
            a.land = land.into();
        }
        s.put_partij(partij.clone());
        assert!(validate(s).is_err(), "{postcode} {land} accepted");
    }
    partij.bezoekadres = goed;
    s.put_partij(partij);
    assert!(validate(s).is_ok());
}
