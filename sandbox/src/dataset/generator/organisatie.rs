//! Organisaties (with KvK-nummer, vestigingsnummer and, for legal persons,
//! RSIN) and the contactpersonen who work for them.

use rand::Rng;

use super::super::records::{self, IdSoort, PartijNaam};
use super::super::{names, places};
use super::partij::{voorletters, Kenmerken};
use super::Generator;
use crate::klantinteracties::model::{Adres, PartijIdentificatie};

impl Generator<'_> {
    pub(super) fn organisatie(&mut self) -> Kenmerken {
        let uuid = self.uuid();
        let plaats = self.plaats();
        let (naam, rechtspersoon) = self.organisatienaam();
        let domein = format!("{}.nl", web_naam(&naam));
        let mut partij = self.basis(
            uuid,
            PartijIdentificatie::Organisatie { naam: naam.clone() },
        );
        partij.voorkeurstaal = if self.kans(0.5) {
            "nld".into()
        } else {
            String::new()
        };
        let vestiging = self.adres_in(plaats);
        partij.bezoekadres = Some(records::adres(&vestiging));
        if self.kans(0.2) {
            partij.correspondentieadres = Some(self.postbus(plaats));
        }
        let mut adressen = vec![("email", format!("info@{domein}"), "Algemeen")];
        adressen.push(("telefoonnummer", self.vast(plaats.netnummer), "Receptie"));
        self.digitale_adressen(&mut partij, adressen);
        self.rekeningnummer(&mut partij, 0.6);
        self.store.put_partij(partij);

        let kvk = self.kvk_nummer();
        let kvk_id = self.uuid();
        self.store.put_partij_identificator(records::identificator(
            kvk_id,
            uuid,
            IdSoort::KvkNummer,
            &kvk,
            None,
        ));
        let vestigingsnummer = self.vestigingsnummer();
        let vestiging_id = self.uuid();
        self.store.put_partij_identificator(records::identificator(
            vestiging_id,
            uuid,
            IdSoort::Vestigingsnummer,
            &vestigingsnummer,
            Some(kvk_id),
        ));
        if rechtspersoon {
            let rsin = self.elfproef_nummer(8..=8);
            let rsin_id = self.uuid();
            self.store.put_partij_identificator(records::identificator(
                rsin_id,
                uuid,
                IdSoort::Rsin,
                &rsin,
                None,
            ));
        }
        self.organisaties.push((uuid, naam.clone(), domein));
        Kenmerken {
            uuid,
            naam: PartijNaam::Organisatie(naam),
            taal: "nld".into(),
            vertegenwoordiger: None,
        }
    }

    /// A company, foundation or association name; the flag says whether it is
    /// a legal person (and so has an RSIN).
    fn organisatienaam(&mut self) -> (String, bool) {
        let (vv, achternaam) = *self.kies(names::NEDERLANDS.achternamen);
        let familie = if vv.is_empty() {
            achternaam.to_string()
        } else {
            // In a company name the voorvoegsel is capitalised.
            let mut v = vv.to_string();
            if let Some(first) = v.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            format!("{v} {achternaam}")
        };
        let branche = *self.kies(names::BRANCHES);
        match self.rng.gen_range(0..20) {
            0..=8 => (format!("{branche} {familie}"), false),
            9..=14 => (format!("{familie} {branche} B.V."), true),
            15..=16 => (
                format!("Stichting {}", self.kies(names::MAATSCHAPPELIJK)),
                true,
            ),
            17 => (
                format!("Vereniging {}", self.kies(names::MAATSCHAPPELIJK)),
                true,
            ),
            _ => (format!("{branche} {familie} V.O.F."), false),
        }
    }

    /// A PO box address in a place.
    fn postbus(&mut self, plaats: &places::Plaats) -> Adres {
        let nummer = self.rng.gen_range(1..9999);
        let postcode = format!("{} {}", plaats.postcodes.0, self.postcode_letters());
        Adres {
            postcode: postcode.clone(),
            stad: plaats.woonplaats.into(),
            adresregel1: format!("Postbus {nummer}"),
            adresregel2: format!("{postcode} {}", plaats.woonplaats),
            land: "NL".into(),
            ..Adres::default()
        }
    }

    pub(super) fn contactpersoon(&mut self) -> Kenmerken {
        let uuid = self.uuid();
        let eigen_uuid = self.uuid();
        let i = self.rng.gen_range(0..self.organisaties.len().max(1));
        let Some((organisatie, organisatienaam, domein)) = self.organisaties.get(i).cloned() else {
            return self.organisatie();
        };
        let geslacht_man = self.kans(0.5);
        let voornaam = if geslacht_man {
            *self.kies(names::NEDERLANDS.mannen)
        } else {
            *self.kies(names::NEDERLANDS.vrouwen)
        };
        let (vv, achternaam) = *self.kies(names::NEDERLANDS.achternamen);
        let contactnaam = records::contactnaam(&voorletters(&[voornaam]), voornaam, vv, achternaam);
        let mut partij = self.basis(
            uuid,
            PartijIdentificatie::Contactpersoon {
                uuid: eigen_uuid,
                werkte_voor_partij: Some(organisatie),
                contactnaam: Some(contactnaam.clone()),
            },
        );
        partij.voorkeurstaal = "nld".into();
        let email = format!(
            "{}.{}{}@{domein}",
            names::mail_deel(voornaam),
            names::mail_deel(vv),
            names::mail_deel(achternaam)
        );
        let mobiel = self.mobiel();
        self.digitale_adressen(
            &mut partij,
            vec![
                ("email", email, "Werk"),
                ("telefoonnummer", mobiel, "Werk mobiel"),
            ],
        );
        self.store.put_partij(partij);
        Kenmerken {
            uuid,
            naam: PartijNaam::Contactpersoon(contactnaam, organisatienaam),
            taal: "nld".into(),
            vertegenwoordiger: None,
        }
    }
}

/// A domain label from a name: lower-case words joined by hyphens, without
/// the legal form, at most 40 characters.
fn web_naam(naam: &str) -> String {
    let woorden: Vec<String> = naam
        .split_whitespace()
        .filter(|w| !matches!(*w, "B.V." | "V.O.F."))
        .map(names::mail_deel)
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = woorden.join("-");
    s.truncate(40);
    s.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_names_are_domain_labels() {
        assert_eq!(
            web_naam("Bakkerij Van der Meer B.V."),
            "bakkerij-van-der-meer"
        );
        assert_eq!(web_naam("Sportclub Vitesse '22"), "sportclub-vitesse-22");
    }
}
