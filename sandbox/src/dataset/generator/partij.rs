//! Partijen: persons (with their BRP record), organisations (with KvK-,
//! vestigings- and RSIN-nummer) and contactpersonen of organisations, each
//! followed by its contact history.

use chrono::NaiveDate;
use rand::Rng;
use uuid::Uuid;

use super::super::numbers::iban_nl;
use super::super::records::{self, IdSoort, PartijNaam};
use super::super::{names, places, Persoon};
use super::Generator;
use crate::klantinteracties::model::{
    Adres, Contactnaam, Partij, PartijIdentificatie, Rekeningnummer, Vertegenwoordiging,
};

/// Banks and their BIC, for generated accounts.
const BANKEN: &[(&str, &str)] = &[
    ("ABNA", "ABNANL2A"),
    ("RABO", "RABONL2U"),
    ("INGB", "INGBNL2A"),
    ("SNSB", "SNSBNL2A"),
    ("ASNB", "ASNBNL21"),
    ("TRIO", "TRIONL2U"),
    ("KNAB", "KNABNL2H"),
    ("BUNQ", "BUNQNL2A"),
    ("RBRB", "RBRBNL21"),
];

/// What the contact history of a partij needs to know about it.
pub(super) struct Kenmerken {
    pub(crate) uuid: Uuid,
    pub(crate) naam: PartijNaam,
    /// The language it prefers, if any.
    pub(crate) taal: String,
    /// The partij that represents it, if any.
    pub(crate) vertegenwoordiger: Option<(Uuid, PartijNaam)>,
}

impl Generator<'_> {
    /// One partij of a random kind with its contact history (organisaties
    /// and contactpersonen are made in `organisatie.rs`).
    pub(super) fn partij(&mut self) {
        let roll = self.rng.gen_range(0..100);
        let kenmerken = if roll < 86 || (roll < 91 && self.organisaties.is_empty()) {
            self.persoon()
        } else if roll < 95 {
            self.organisatie()
        } else {
            self.contactpersoon()
        };
        self.historie(&kenmerken);
    }

    /// The fields every partij shares, with the given identification.
    pub(super) fn basis(&mut self, uuid: Uuid, identificatie: PartijIdentificatie) -> Partij {
        Partij {
            uuid,
            nummer: Some(self.partij_nummer.take()),
            interne_notitie: if self.kans(0.04) {
                self.kies(names::NOTITIES).to_string()
            } else {
                String::new()
            },
            identificatie,
            digitale_adressen: Vec::new(),
            voorkeurs_digitaal_adres: None,
            rekeningnummers: Vec::new(),
            voorkeurs_rekeningnummer: None,
            indicatie_geheimhouding: if self.kans(0.3) { None } else { Some(false) },
            indicatie_actief: true,
            voorkeurstaal: String::new(),
            bezoekadres: None,
            correspondentieadres: None,
        }
    }

    fn persoon(&mut self) -> Kenmerken {
        let uuid = self.uuid();
        let herkomst = self.herkomst();
        let geslacht = match self.rng.gen_range(0..200) {
            0 => 'O',
            1..=98 => 'M',
            _ => 'V',
        };
        let (roepnamen, doopnamen) = if geslacht == 'M' {
            (herkomst.mannen, names::DOOPNAMEN_MAN)
        } else {
            (herkomst.vrouwen, names::DOOPNAMEN_VROUW)
        };
        let roepnaam = *self.kies(roepnamen);
        let mut voornamen = vec![roepnaam];
        // Dutch families give second and third names; others rarely.
        let extra = if herkomst.taal == "nld" {
            self.rng.gen_range(0..=2)
        } else {
            usize::from(self.kans(0.2))
        };
        for _ in 0..extra {
            let n = *self.kies(doopnamen);
            if !voornamen.contains(&n) {
                voornamen.push(n);
            }
        }
        let (voorvoegsel, achternaam) = *self.kies(herkomst.achternamen);
        let contactnaam =
            records::contactnaam(&voorletters(&voornamen), roepnaam, voorvoegsel, achternaam);

        let plaats = self.plaats();
        let woont_in_buitenland = self.kans(0.03);
        let verblijfplaats = (!woont_in_buitenland).then(|| self.adres_in(plaats));
        let geboortedatum = self.geboortedatum();
        let overlijdensdatum = self.kans(0.01).then(|| {
            self.datum_tussen(
                NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
                NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            )
        });
        let geheimhouding = self.kans(0.01);
        let bsn = self.elfproef_nummer(1..=6);

        let mut partij = self.basis(
            uuid,
            PartijIdentificatie::Persoon {
                contactnaam: Some(contactnaam.clone()),
            },
        );
        partij.indicatie_actief = overlijdensdatum.is_none();
        if geheimhouding {
            partij.indicatie_geheimhouding = Some(true);
        }
        let taal = self.voorkeurstaal(herkomst.taal, plaats);
        partij.voorkeurstaal = taal.clone();
        partij.bezoekadres = match &verblijfplaats {
            Some(v) => Some(records::adres(v)),
            None => Some(self.buitenlands_adres()),
        };
        if verblijfplaats.is_some() && self.kans(0.05) {
            let elders = self.plaats();
            partij.correspondentieadres = Some(records::adres(&self.adres_in(elders)));
        }

        // Contact details: most people give a mobile number and an e-mail address.
        let mut adressen: Vec<(&str, String, &str)> = Vec::new();
        if woont_in_buitenland {
            let nummer = format!("+49{}", self.rng.gen_range(1_500_000_000..1_799_999_999u64));
            adressen.push(("telefoonnummer", nummer, "Mobiel"));
        } else if self.kans(0.82) {
            adressen.push(("telefoonnummer", self.mobiel(), "Mobiel"));
        }
        if !woont_in_buitenland && self.kans(0.2) {
            adressen.push(("telefoonnummer", self.vast(plaats.netnummer), "Thuis"));
        }
        if self.kans(0.7) {
            adressen.push((
                "email",
                self.email(roepnaam, voorvoegsel, achternaam),
                "Privé",
            ));
        }
        self.digitale_adressen(&mut partij, adressen);
        self.rekeningnummer(&mut partij, 0.3);

        self.store.put_partij(partij);
        let identificator = self.uuid();
        self.store.put_partij_identificator(records::identificator(
            identificator,
            uuid,
            IdSoort::Bsn,
            &bsn,
            None,
        ));
        let geboren_in = self.plaats();
        self.personen.push(Persoon {
            burgerservicenummer: bsn,
            voornamen: voornamen.join(" "),
            voorvoegsel: voorvoegsel.into(),
            geslachtsnaam: achternaam.into(),
            geslacht,
            geboortedatum,
            geboorteplaats: (geboren_in.gemeente_code.into(), geboren_in.gemeente.into()),
            verblijfplaats,
            overlijdensdatum,
            geheimhouding,
        });

        let vertegenwoordiger = self.vertegenwoordiging(uuid);
        self.persoon_partijen.push(uuid);
        Kenmerken {
            uuid,
            naam: PartijNaam::Persoon(contactnaam),
            taal,
            vertegenwoordiger,
        }
    }

    /// Adults of 18 to 95, the middle ages most common.
    fn geboortedatum(&mut self) -> NaiveDate {
        let van = NaiveDate::from_ymd_opt(1931, 1, 1).unwrap_or_default();
        let tot = NaiveDate::from_ymd_opt(2008, 10, 31).unwrap_or_default();
        let spanne = (tot - van).num_days() as f64;
        let u = (self.rng.gen::<f64>() + self.rng.gen::<f64>()) / 2.0;
        van + chrono::Duration::days((u * spanne) as i64)
    }

    /// Mostly Dutch; Frisian in Friesland now and then; the language of the
    /// family's roots for some; sometimes not recorded.
    fn voorkeurstaal(&mut self, herkomst_taal: &str, plaats: &places::Plaats) -> String {
        let friesland = ["0080", "0737", "0090", "0074", "1900", "0072", "1970"];
        if self.kans(0.05) {
            String::new()
        } else if herkomst_taal != "nld" && self.kans(0.3) {
            herkomst_taal.into()
        } else if friesland.contains(&plaats.gemeente_code) && self.kans(0.15) {
            "fry".into()
        } else if self.kans(0.02) {
            let t = self.rng.gen_range(0..self.talen.len().max(1));
            self.talen.get(t).cloned().unwrap_or_else(|| "nld".into())
        } else {
            "nld".into()
        }
    }

    /// An address abroad for a resident who emigrated.
    fn buitenlands_adres(&mut self) -> Adres {
        let (land, straat, nummer, regel2, stad) = *self.kies(places::BUITENLAND);
        Adres {
            straatnaam: straat.into(),
            huisnummer: Some(nummer),
            stad: stad.into(),
            adresregel1: format!("{straat} {nummer}"),
            adresregel2: regel2.into(),
            land: land.into(),
            ..Adres::default()
        }
    }

    /// Now and then a person is represented by another (a bewindvoerder, a
    /// parent, a child): returns the representative.
    fn vertegenwoordiging(&mut self, partij: Uuid) -> Option<(Uuid, PartijNaam)> {
        if self.persoon_partijen.is_empty() || !self.kans(0.01) {
            return None;
        }
        let door = self.persoon_partijen[self.rng.gen_range(0..self.persoon_partijen.len())];
        let naam = match &self.store.partijen.get(&door)?.identificatie {
            PartijIdentificatie::Persoon {
                contactnaam: Some(c),
            } => PartijNaam::Persoon(c.clone()),
            _ => return None,
        };
        let uuid = self.uuid();
        self.store.put_vertegenwoordiging(Vertegenwoordiging {
            uuid,
            vertegenwoordigende_partij: door,
            vertegenwoordigde_partij: partij,
        });
        Some((door, naam))
    }

    /// Stores the digitale adressen of a partij; the first of each kind is
    /// its standard address, the first of all its preferred one.
    pub(super) fn digitale_adressen(
        &mut self,
        partij: &mut Partij,
        adressen: Vec<(&str, String, &str)>,
    ) {
        let mut soorten: Vec<&str> = Vec::new();
        for (soort, adres, omschrijving) in adressen {
            let uuid = self.uuid();
            let standaard = !soorten.contains(&soort);
            soorten.push(soort);
            let mut d =
                records::digitaal_adres(uuid, partij.uuid, soort, &adres, omschrijving, standaard);
            if self.kans(0.3) {
                d.verificatie_datum = Some(self.datum_tussen(
                    NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default(),
                    NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default(),
                ));
            }
            self.store.put_digitaal_adres(d);
            partij.digitale_adressen.push(uuid);
        }
        partij.voorkeurs_digitaal_adres = partij.digitale_adressen.first().copied();
    }

    /// With probability `p`, a bank account of the partij.
    pub(super) fn rekeningnummer(&mut self, partij: &mut Partij, p: f64) {
        if !self.kans(p) {
            return;
        }
        let (bank, bic) = *self.kies(BANKEN);
        let rekening = format!("{:010}", self.rng.gen_range(0..10_000_000_000u64));
        let uuid = self.uuid();
        self.store.put_rekeningnummer(Rekeningnummer {
            uuid,
            partij: Some(partij.uuid),
            iban: iban_nl(bank, &rekening),
            bic: bic.into(),
        });
        partij.rekeningnummers.push(uuid);
        partij.voorkeurs_rekeningnummer = Some(uuid);
    }
}

/// `J.P.M.`: the initials of all given names, at most 10 characters.
pub(super) fn voorletters(voornamen: &[&str]) -> String {
    voornamen
        .iter()
        .filter_map(|n| n.chars().next())
        .take(5)
        .map(|c| format!("{c}."))
        .collect()
}

/// The contactnaam of a partij name, if it has one.
pub(super) fn contactnaam_van(naam: &PartijNaam) -> Option<&Contactnaam> {
    match naam {
        PartijNaam::Persoon(c) | PartijNaam::Contactpersoon(c, _) => Some(c),
        PartijNaam::Organisatie(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voorletters_take_every_given_name() {
        assert_eq!(voorletters(&["Anton", "Bernardus"]), "A.B.");
        assert_eq!(voorletters(&["Jan"]), "J.");
    }
}
