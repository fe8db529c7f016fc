//! The validators of Open Klant 2.18 for the values the generator writes
//! (the validators of its source: digitale adressen,
//! telefoonnummers, postcodes, identificatoren), written out here on their
//! own so that the generator cannot pass by sharing a mistake.

use std::collections::{HashMap, HashSet};

use regex::Regex;
use uuid::Uuid;

use super::super::numbers::{elfproef, iban_valid};
use crate::klantinteracties::model::*;
use crate::klantinteracties::store::Store;

/// The validators of Open Klant 2.18, as the spec and research state them.
struct Validators {
    postcode: Regex,
    telefoon: Regex,
    email_user: Regex,
    email_domain: Regex,
    bag_id: Regex,
    iban: Regex,
    referentie: Regex,
}

impl Validators {
    fn new() -> Validators {
        let re = |s: &str| Regex::new(s).expect("test regex");
        Validators {
            postcode: re(r"^[1-9][0-9]{3} [A-Z]{2}$"),
            telefoon: re(r"^(0[1-9][0-9]{8}|\+[0-9]{9,15}|00[0-9]{7,13})$"),
            // Django's EmailValidator: a dot-atom user part and a domain with a TLD.
            email_user: re(
                r"^[-!#$%&'*+/=?^_`{}|~0-9a-zA-Z]+(\.[-!#$%&'*+/=?^_`{}|~0-9a-zA-Z]+)*$",
            ),
            email_domain: re(r"^((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+)(?:[a-z0-9-]{2,63})$"),
            bag_id: re(r"^[0-9]{16}$"),
            iban: re(r"^[A-Za-z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$"),
            referentie: re(r"^[-a-zA-Z0-9_]*$"),
        }
    }

    fn telefoon(&self, s: &str) -> Result<(), String> {
        let service = s.starts_with("0800") || s.starts_with("0900") || s.starts_with("14");
        if !self.telefoon.is_match(s) || service || s.len() > 20 {
            return Err(format!("telefoonnummer {s:?}"));
        }
        Ok(())
    }

    fn email(&self, s: &str) -> Result<(), String> {
        let ok = s.len() <= 254
            && s.split_once('@').is_some_and(|(user, domain)| {
                self.email_user.is_match(user) && self.email_domain.is_match(domain)
            });
        ok.then_some(()).ok_or(format!("email {s:?}"))
    }

    fn adres(&self, a: &Adres, landen: &HashSet<String>) -> Result<(), String> {
        let fail = |what: &str| Err(format!("adres {what}: {a:?}"));
        if !a.nummeraanduiding_id.is_empty() && !self.bag_id.is_match(&a.nummeraanduiding_id) {
            return fail("nummeraanduidingId");
        }
        if !a.postcode.is_empty() && !self.postcode.is_match(&a.postcode) {
            return fail("postcode");
        }
        if a.huisnummer.is_some_and(|n| !(1..=99999).contains(&n)) {
            return fail("huisnummer");
        }
        if a.huisnummertoevoeging.chars().count() > 20 || a.straatnaam.chars().count() > 255 {
            return fail("length");
        }
        for r in [&a.adresregel1, &a.adresregel2, &a.adresregel3] {
            if r.chars().count() > 80 {
                return fail("adresregel length");
            }
        }
        if !a.land.is_empty() && !landen.contains(&a.land) {
            return fail("land");
        }
        Ok(())
    }

    fn contactnaam(&self, c: &Contactnaam) -> Result<(), String> {
        let ok = c.voorletters.chars().count() <= 10
            && c.voornaam.chars().count() <= 200
            && c.voorvoegsel_achternaam.chars().count() <= 10
            && c.achternaam.chars().count() <= 200
            && !c.achternaam.is_empty();
        ok.then_some(()).ok_or(format!("contactnaam {c:?}"))
    }
}

/// Checks every record of a store against the validators; returns the
/// first failure.
pub(crate) fn validate(store: &Store) -> Result<(), String> {
    let v = Validators::new();
    let landen: HashSet<String> = crate::referentielijsten::codes("LAND")
        .into_iter()
        .collect();
    for p in store.partijen.newest_first() {
        if p.nummer.as_ref().is_some_and(|n| n.len() > 10) || p.voorkeurstaal.len() > 3 {
            return Err(format!("partij {:?}", p.uuid));
        }
        for a in [&p.bezoekadres, &p.correspondentieadres]
            .into_iter()
            .flatten()
        {
            v.adres(a, &landen)?;
        }
        match &p.identificatie {
            PartijIdentificatie::Persoon { contactnaam }
            | PartijIdentificatie::Contactpersoon { contactnaam, .. } => {
                if let Some(c) = contactnaam {
                    v.contactnaam(c)?;
                }
            }
            PartijIdentificatie::Organisatie { naam } => {
                if naam.is_empty() || naam.chars().count() > 200 {
                    return Err(format!("organisatie naam {naam:?}"));
                }
            }
        }
        if let PartijIdentificatie::Contactpersoon {
            werkte_voor_partij: Some(o),
            ..
        } = &p.identificatie
        {
            let soort = store.partijen.get(o).map(|o| o.identificatie.soort());
            if soort != Some("organisatie") {
                return Err(format!("contactpersoon works for {soort:?}"));
            }
        }
        for d in &p.digitale_adressen {
            if store.digitaleadressen.get(d).is_none() {
                return Err(format!("partij {} lists a missing digitaal adres", p.uuid));
            }
        }
    }
    let mut seen = HashSet::new();
    let mut per_partij: HashMap<(Uuid, String), usize> = HashMap::new();
    for i in store.partij_identificatoren.newest_first() {
        let g = &i.partij_identificator;
        let key = (
            g.code_objecttype.clone(),
            g.code_soort_object_id.clone(),
            g.object_id.clone(),
            g.code_register.clone(),
        );
        if !seen.insert(key) {
            return Err(format!("duplicate identificator {g:?}"));
        }
        if let Some(p) = i.identificeerde_partij {
            *per_partij
                .entry((p, g.code_soort_object_id.clone()))
                .or_default() += 1;
        }
        let ok = match (
            g.code_register.as_str(),
            g.code_objecttype.as_str(),
            g.code_soort_object_id.as_str(),
        ) {
            ("brp", "natuurlijk_persoon", "bsn") | ("hr", "niet_natuurlijk_persoon", "rsin") => {
                elfproef(&g.object_id)
            }
            ("hr", "niet_natuurlijk_persoon", "kvk_nummer") => {
                g.object_id.len() == 8 && g.object_id.chars().all(|c| c.is_ascii_digit())
            }
            ("hr", "vestiging", "vestigingsnummer") => {
                g.object_id.len() == 12
                    && g.object_id.chars().all(|c| c.is_ascii_digit())
                    && i.sub_identificator_van.is_some_and(|k| {
                        store.partij_identificatoren.get(&k).is_some_and(|k| {
                            k.partij_identificator.code_soort_object_id == "kvk_nummer"
                        })
                    })
            }
            _ => false,
        };
        if !ok {
            return Err(format!("identificator {g:?}"));
        }
    }
    if let Some(((p, soort), _)) = per_partij.iter().find(|(_, n)| **n > 1) {
        return Err(format!("partij {p} has {soort} twice"));
    }
    for d in store.digitaleadressen.newest_first() {
        match d.soort_digitaal_adres.as_str() {
            "telefoonnummer" => v.telefoon(&d.adres)?,
            "email" => v.email(&d.adres)?,
            "overig" => {}
            other => return Err(format!("soortDigitaalAdres {other}")),
        }
        if d.adres.chars().count() > 80
            || d.omschrijving.chars().count() > 40
            || !v.referentie.is_match(&d.referentie)
        {
            return Err(format!("digitaal adres {d:?}"));
        }
    }
    for r in store.rekeningnummers.newest_first() {
        if !v.iban.is_match(&r.iban) || !iban_valid(&r.iban) || !(8..=11).contains(&r.bic.len()) {
            return Err(format!("rekeningnummer {r:?}"));
        }
    }
    let kanalen: HashSet<String> = crate::referentielijsten::codes("KANAAL")
        .into_iter()
        .collect();
    let talen: HashSet<String> = crate::referentielijsten::codes("TAAL")
        .into_iter()
        .collect();
    for k in store.klantcontacten.newest_first() {
        let ok = kanalen.contains(&k.kanaal)
            && talen.contains(&k.taal)
            && !k.onderwerp.is_empty()
            && k.onderwerp.chars().count() <= 200
            && k.inhoud.chars().count() <= 1000
            && k.reactie.chars().count() <= 4000
            && k.nummer.as_ref().is_some_and(|n| n.len() <= 10)
            && !(k.indicatie_contact_gelukt == Some(true) && k.verdere_actie_ondernomen);
        if !ok {
            return Err(format!("klantcontact {k:?}"));
        }
        if store.idx.betrokkenen_by_klantcontact.of(&k.uuid).is_empty() {
            return Err(format!("klantcontact {} has no betrokkene", k.uuid));
        }
    }
    for b in store.betrokkenen.newest_first() {
        if let Some(c) = &b.contactnaam {
            v.contactnaam(c)?;
        }
        if !["klant", "vertegenwoordiger"].contains(&b.rol.as_str())
            || store.klantcontacten.get(&b.had_klantcontact).is_none()
            || b.was_partij
                .is_some_and(|p| store.partijen.get(&p).is_none())
        {
            return Err(format!("betrokkene {b:?}"));
        }
    }
    for t in store.internetaken.newest_first() {
        let ok = ["te_verwerken", "verwerkt"].contains(&t.status.as_str())
            && (t.status == "verwerkt") == t.afgehandeld_op.is_some()
            && !t.toegewezen_aan_actoren.is_empty()
            && t.toegewezen_aan_actoren.len() <= 2
            && t.toegewezen_aan_actoren
                .iter()
                .all(|a| store.actoren.get(a).is_some())
            && store
                .klantcontacten
                .get(&t.aanleidinggevend_klantcontact)
                .is_some()
            && t.gevraagde_handeling.chars().count() <= 200
            && t.toelichting.chars().count() <= 1000;
        if !ok {
            return Err(format!("interne taak {t:?}"));
        }
    }
    for a in store.actoren.newest_first() {
        if a.naam.is_empty() || a.naam.chars().count() > 200 {
            return Err(format!("actor {a:?}"));
        }
        match &a.identificatie {
            ActorIdentificatie::Medewerker {
                functie,
                emailadres,
                telefoonnummer,
            } => {
                v.email(emailadres)?;
                v.telefoon(telefoonnummer)?;
                if functie.chars().count() > 40 {
                    return Err(format!("functie {functie}"));
                }
            }
            ActorIdentificatie::GeautomatiseerdeActor { functie, .. } => {
                if functie.chars().count() > 40 {
                    return Err(format!("functie {functie}"));
                }
            }
            ActorIdentificatie::OrganisatorischeEenheid {
                emailadres,
                telefoonnummer,
                ..
            } => {
                v.email(emailadres)?;
                v.telefoon(telefoonnummer)?;
            }
        }
    }
    for ak in store.actorklantcontacten.newest_first() {
        if store.actoren.get(&ak.actor).is_none()
            || store.klantcontacten.get(&ak.klantcontact).is_none()
        {
            return Err(format!("actorklantcontact {ak:?}"));
        }
    }
    for v in store.vertegenwoordigingen.newest_first() {
        if store.partijen.get(&v.vertegenwoordigende_partij).is_none()
            || store.partijen.get(&v.vertegenwoordigde_partij).is_none()
            || v.vertegenwoordigende_partij == v.vertegenwoordigde_partij
        {
            return Err(format!("vertegenwoordiging {v:?}"));
        }
    }
    Ok(())
}
