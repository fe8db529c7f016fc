//! The contact history of a partij: klantcontacten over the years before
//! the reference date (most partijen have a few, some many), each with a
//! betrokkene for the partij, the actors that took part, and the interne
//! taken, zaken, follow-ups and attachments that came of it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};
use rand::distributions::Distribution;
use rand::Rng;
use uuid::Uuid;

use super::super::records::{self, Rol};
use super::super::texts::{self, Onderwerp};
use super::partij::{contactnaam_van, Kenmerken};
use super::{begin_historie, peildatum, Generator};
use crate::klantinteracties::model::{
    ActorKlantcontact, Bijlage, DigitaalAdres, InterneTaak, Klantcontact, Onderwerpobject,
};

/// Channels (codes of the `KANAAL` table), how often they are used, and
/// whether they are staffed during office hours only.
pub(super) const KANALEN: &[(&str, u32, bool)] = &[
    ("phone", 36, true),
    ("email", 16, false),
    ("webformulier", 15, false),
    ("balie", 10, true),
    ("chat", 8, true),
    ("whatsapp", 5, true),
    ("post", 4, true),
    ("sociale_media", 2, false),
    ("no_begin_future_eind", 2, false),
    ("no_dates", 1, false),
];

/// The base of the zaaktype URLs in `hoofdOnderwerpType`.
const CATALOGI: &str = "https://catalogi.gemeente-voorbeeld.nl/catalogi/api/v1/zaaktypen";

impl Generator<'_> {
    /// The klantcontacten of a partij, oldest first.
    pub(super) fn historie(&mut self, partij: &Kenmerken) {
        let aantal = self.aantal_contacten();
        let mut momenten: Vec<(DateTime<Utc>, &'static str)> =
            (0..aantal).map(|_| self.moment_en_kanaal()).collect();
        momenten.sort();
        let mut vorige = None;
        for (op, kanaal) in momenten {
            vorige = Some(self.klantcontact(partij, op, kanaal, vorige));
        }
    }

    /// A skewed count: 30% none, half 1–3, some 4–10, a few up to 50.
    fn aantal_contacten(&mut self) -> usize {
        match self.rng.gen_range(0..100) {
            0..=29 => 0,
            30..=79 => self.rng.gen_range(1..=3),
            80..=94 => self.rng.gen_range(4..=10),
            _ => 11 + (self.rng.gen::<f64>().powi(2) * 39.0) as usize,
        }
    }

    /// When and over which channel: staffed channels on weekdays in office
    /// hours; the old telephone platform for some calls before 2023.
    fn moment_en_kanaal(&mut self) -> (DateTime<Utc>, &'static str) {
        let (kanaal, _, kantoortijd) = KANALEN[self.verdeling.kanaal.sample(&mut self.rng)];
        let van = begin_historie().timestamp();
        let tot = peildatum().timestamp();
        let dag = DateTime::from_timestamp(self.rng.gen_range(van..tot), 0)
            .unwrap_or_else(begin_historie)
            .date_naive();
        let (dag, uur) = if kantoortijd {
            let terug = match dag.weekday() {
                Weekday::Sat => 1,
                Weekday::Sun => 2,
                _ => 0,
            };
            (dag - Duration::days(terug), self.rng.gen_range(8..17))
        } else {
            (dag, self.rng.gen_range(7..24))
        };
        let op = records::moment(
            dag.year(),
            dag.month(),
            dag.day(),
            uur,
            self.rng.gen_range(0..60),
        );
        let oud = op < records::moment(2023, 1, 1, 0, 0);
        let kanaal = if kanaal == "phone" && oud && self.kans(0.3) {
            "expired_phone"
        } else {
            kanaal
        };
        (op, kanaal)
    }

    /// One klantcontact with everything that hangs off it; returns its uuid.
    fn klantcontact(
        &mut self,
        partij: &Kenmerken,
        op: DateTime<Utc>,
        kanaal: &str,
        vorige: Option<Uuid>,
    ) -> Uuid {
        let onderwerp = &texts::ONDERWERPEN[self.verdeling.onderwerp.sample(&mut self.rng)];
        let uuid = self.uuid();
        let gelukt = match self.rng.gen_range(0..100) {
            0..=84 => Some(true),
            85..=93 => Some(false),
            _ => None,
        };
        let taken = match self.rng.gen_range(0..100) {
            0..=54 => 0,
            55..=82 => 1,
            83..=94 => 2,
            _ => 3,
        };
        let zaak = (onderwerp.zaak && self.kans(0.5)).then(|| self.zaaknummer(op));
        let taal = if !partij.taal.is_empty() && (partij.taal == "nld" || self.kans(0.5)) {
            partij.taal.clone()
        } else {
            "nld".into()
        };
        let mut metadata = BTreeMap::new();
        if kanaal == "webformulier" {
            metadata.insert("bron".to_string(), "open-formulieren".to_string());
        }
        let inhoud = *self.kies(onderwerp.inhoud);
        let reactie = if self.kans(0.2) {
            self.kies(texts::REACTIES).to_string()
        } else {
            String::new()
        };
        let vertrouwelijk = self.kans(if onderwerp.gevoelig { 0.15 } else { 0.005 });
        self.store.put_klantcontact(Klantcontact {
            uuid,
            nummer: Some(self.klantcontact_nummer.take()),
            referentienummer: None,
            kanaal: kanaal.into(),
            onderwerp: onderwerp.onderwerp.into(),
            inhoud: inhoud.into(),
            reactie,
            indicatie_contact_gelukt: gelukt,
            hoofd_onderwerp_type: match &zaak {
                Some(_) => format!(
                    "{CATALOGI}/{}",
                    Uuid::new_v5(&Uuid::NAMESPACE_URL, onderwerp.onderwerp.as_bytes())
                ),
                None => String::new(),
            },
            // Open Klant refuses further action on a successful contact.
            verdere_actie_ondernomen: gelukt != Some(true) && taken > 0,
            taal,
            vertrouwelijk,
            plaatsgevonden_op: op,
            metadata,
        });
        self.betrokkenen(partij, uuid, gelukt);
        self.actoren_bij(uuid, kanaal, onderwerp);
        for _ in 0..taken {
            self.interne_taak(uuid, op, onderwerp);
        }
        self.onderwerpen_en_bijlagen(uuid, kanaal, zaak, vorige);
        uuid
    }

    /// The klant (and sometimes their representative, who then made the
    /// contact); now and then the klant gives a new phone number.
    fn betrokkenen(&mut self, partij: &Kenmerken, klantcontact: Uuid, gelukt: Option<bool>) {
        let namens = match &partij.vertegenwoordiger {
            Some(v) if self.kans(0.4) => Some(v.clone()),
            _ => None,
        };
        // A failed contact is usually the municipality calling out.
        let klant_begon = namens.is_none() && gelukt != Some(false) && self.kans(0.95);
        let klant = self.uuid();
        self.store.put_betrokkene(records::betrokkene(
            klant,
            partij.uuid,
            klantcontact,
            Rol::Klant,
            klant_begon,
            &partij.naam,
        ));
        if let Some((door, naam)) = namens {
            let uuid = self.uuid();
            self.store.put_betrokkene(records::betrokkene(
                uuid,
                door,
                klantcontact,
                Rol::Vertegenwoordiger,
                true,
                &naam,
            ));
        }
        if contactnaam_van(&partij.naam).is_some() && self.kans(0.02) {
            let uuid = self.uuid();
            let adres = self.mobiel();
            self.store.put_digitaal_adres(DigitaalAdres {
                uuid,
                verstrekt_door_betrokkene: Some(klant),
                verstrekt_door_partij: None,
                adres,
                soort_digitaal_adres: "telefoonnummer".into(),
                is_standaard_adres: false,
                omschrijving: "Opgegeven bij contact".into(),
                referentie: String::new(),
                verificatie_datum: None,
            });
        }
    }

    /// The actors that took part: who handled it, sometimes a colleague of
    /// the team it was about.
    fn actoren_bij(&mut self, klantcontact: Uuid, kanaal: &str, onderwerp: &Onderwerp) {
        let mut actoren = vec![self.behandelaar(kanaal)];
        if self.kans(0.1) {
            let ander = self.meekijker(onderwerp.team);
            if !actoren.contains(&ander) {
                actoren.push(ander);
            }
        }
        for actor in actoren {
            let uuid = self.uuid();
            self.store.put_actorklantcontact(ActorKlantcontact {
                uuid,
                actor,
                klantcontact,
            });
        }
    }

    /// A task that came of a contact: open when recent, mostly done when older.
    fn interne_taak(&mut self, klantcontact: Uuid, op: DateTime<Utc>, onderwerp: &Onderwerp) {
        let uuid = self.uuid();
        let toegewezen_op = op + Duration::minutes(self.rng.gen_range(2..180));
        let recent = peildatum() - toegewezen_op < Duration::days(30);
        let verwerkt = self.kans(if recent { 0.4 } else { 0.97 });
        let afgehandeld_op = verwerkt.then(|| {
            let klaar = toegewezen_op + Duration::hours(self.rng.gen_range(1..24 * 14));
            klaar
                .min(peildatum() - Duration::minutes(1))
                .max(toegewezen_op)
        });
        let gevraagde_handeling = *self.kies(onderwerp.handelingen);
        let toelichting = if self.kans(0.6) {
            format!(
                "{gevraagde_handeling}: {}",
                onderwerp.onderwerp.to_lowercase()
            )
        } else {
            String::new()
        };
        let toegewezen_aan_actoren = self.toewijzing(onderwerp.team);
        self.store.put_interne_taak(InterneTaak {
            uuid,
            nummer: Some(self.taak_nummer.take()),
            referentienummer: None,
            gevraagde_handeling: gevraagde_handeling.into(),
            aanleidinggevend_klantcontact: klantcontact,
            toegewezen_aan_actoren,
            toelichting,
            status: if verwerkt { "verwerkt" } else { "te_verwerken" }.into(),
            toegewezen_op,
            afgehandeld_op,
        });
    }

    /// A new zaaknummer in the year of the contact.
    fn zaaknummer(&mut self, op: DateTime<Utc>) -> String {
        self.zaak_nummer += 1;
        format!("ZAAK-{}-{:010}", op.year(), self.zaak_nummer)
    }

    /// The zaak a contact was about, the earlier contact it follows up, and
    /// documents sent along.
    fn onderwerpen_en_bijlagen(
        &mut self,
        klantcontact: Uuid,
        kanaal: &str,
        zaak: Option<String>,
        vorige: Option<Uuid>,
    ) {
        if let Some(zaak) = zaak {
            let uuid = self.uuid();
            self.store.put_onderwerpobject(Onderwerpobject {
                uuid,
                klantcontact: Some(klantcontact),
                was_klantcontact: None,
                onderwerpobjectidentificator: Some(records::zaak(&zaak)),
            });
        }
        if let Some(vorige) = vorige.filter(|_| self.kans(0.1)) {
            let uuid = self.uuid();
            self.store.put_onderwerpobject(Onderwerpobject {
                uuid,
                klantcontact: Some(klantcontact),
                was_klantcontact: Some(vorige),
                onderwerpobjectidentificator: None,
            });
        }
        let met_stukken = matches!(kanaal, "email" | "post" | "webformulier");
        if met_stukken && self.kans(0.08) {
            for _ in 0..self.rng.gen_range(1..=2) {
                let uuid = self.uuid();
                let document = self.uuid();
                self.store.put_bijlage(Bijlage {
                    uuid,
                    was_bijlage_van_klantcontact: Some(klantcontact),
                    bijlageidentificator: Some(records::informatieobject(document)),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_is_a_valid_kanaal_code_now() {
        let geldig = crate::referentielijsten::geldige_codes("KANAAL", Utc::now());
        for (k, _, _) in KANALEN {
            assert!(geldig.iter().any(|g| g == k), "{k}");
        }
    }
}
