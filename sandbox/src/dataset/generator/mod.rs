//! The data set generator: partijen of all three kinds with their
//! identificatoren, addresses, digitale adressen and bank accounts, and a
//! history of klantcontacten with betrokkenen, actors and interne taken.
//!
//! Everything is drawn from one `ChaCha8Rng` seeded with the data set seed,
//! in a fixed order, and collections are only used for membership, never
//! iterated, so the same seed gives the same data byte for byte. Dates are
//! drawn before a fixed reference date ([`PEILDATUM`]), not the clock.
//!
//! `partij.rs` makes persons, `organisatie.rs` organisaties and their
//! contactpersonen, `contact.rs` their contact history,
//! `actoren.rs` the pool of medewerkers, teams and applications.

mod actoren;
mod contact;
mod organisatie;
mod partij;

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use super::names::{self, Herkomst};
use super::places::{self, Plaats};
use super::texts;
use super::{Persoon, Verblijfadres};
use crate::klantinteracties::store::Store;
use actoren::Pool;

/// The moment the data set describes: contacts lie before it, tasks assigned
/// in the month before it are mostly still open.
pub(crate) fn peildatum() -> DateTime<Utc> {
    super::records::moment(2026, 11, 1, 0, 0)
}

/// The first moment a generated klantcontact can have taken place.
fn begin_historie() -> DateTime<Utc> {
    super::records::moment(2021, 1, 1, 0, 0)
}

/// Generates `partijen` partijen into `store` (which already holds the
/// persona); returns the BRP records of the persoon-partijen.
pub(crate) fn run(seed: u64, partijen: usize, store: &mut Store) -> Vec<Persoon> {
    let mut g = Generator::new(seed, store);
    g.pool = Pool::generate(&mut g, partijen);
    for _ in 0..partijen {
        g.partij();
    }
    g.personen
}

/// A sequence of numbers (`nummer` of partijen, klantcontacten, interne
/// taken) that skips the numbers already taken by the persona.
struct Volgnummer {
    next: u64,
    bezet: HashSet<u64>,
}

impl Volgnummer {
    fn new(start: u64, bezet: impl Iterator<Item = Option<String>>) -> Volgnummer {
        Volgnummer {
            next: start,
            bezet: bezet.flatten().filter_map(|n| n.parse().ok()).collect(),
        }
    }

    fn take(&mut self) -> String {
        while self.bezet.contains(&self.next) {
            self.next += 1;
        }
        self.next += 1;
        (self.next - 1).to_string()
    }
}

/// Precomputed weighted draws.
struct Verdelingen {
    herkomst: WeightedIndex<u32>,
    plaats: WeightedIndex<u32>,
    onderwerp: WeightedIndex<u32>,
    maildomein: WeightedIndex<u32>,
    kanaal: WeightedIndex<u32>,
}

/// The generator's state: the random source, the store being filled, and
/// what must stay unique or be referred to later.
pub(super) struct Generator<'s> {
    rng: ChaCha8Rng,
    store: &'s mut Store,
    personen: Vec<Persoon>,
    partij_nummer: Volgnummer,
    klantcontact_nummer: Volgnummer,
    taak_nummer: Volgnummer,
    zaak_nummer: u64,
    /// BSNs and RSINs given out (they share the elfproef number space).
    elfproef_nummers: HashSet<u32>,
    kvk_nummers: HashSet<u32>,
    vestigingsnummers: HashSet<u64>,
    /// Organisaties that contactpersonen can work for: uuid, name, web domain.
    organisaties: Vec<(Uuid, String, String)>,
    /// Persoon-partijen that can represent another.
    persoon_partijen: Vec<Uuid>,
    /// Language codes of the `TAAL` table valid at the reference date.
    talen: Vec<String>,
    verdeling: Verdelingen,
    pool: Pool,
}

impl<'s> Generator<'s> {
    fn new(seed: u64, store: &'s mut Store) -> Generator<'s> {
        let weights = |w: Vec<u32>| WeightedIndex::new(w).ok();
        let verdeling = (|| {
            Some(Verdelingen {
                herkomst: weights(names::HERKOMSTEN.iter().map(|h| h.gewicht).collect())?,
                plaats: weights(places::PLAATSEN.iter().map(|p| p.gewicht).collect())?,
                onderwerp: weights(texts::ONDERWERPEN.iter().map(|o| o.gewicht).collect())?,
                maildomein: weights(names::MAILDOMEINEN.iter().map(|(_, w)| *w).collect())?,
                kanaal: weights(contact::KANALEN.iter().map(|(_, w, _)| *w).collect())?,
            })
        })();
        // The tables are constants with positive weights (checked by a test).
        let verdeling = verdeling.unwrap_or_else(|| unreachable!("constant weights are valid"));
        let partij_nummer = Volgnummer::new(
            100_000_001,
            store.partijen.newest_first().map(|p| p.nummer.clone()),
        );
        let klantcontact_nummer = Volgnummer::new(
            200_000_001,
            store
                .klantcontacten
                .newest_first()
                .map(|k| k.nummer.clone()),
        );
        let taak_nummer = Volgnummer::new(
            300_000_001,
            store.internetaken.newest_first().map(|t| t.nummer.clone()),
        );
        Generator {
            rng: ChaCha8Rng::seed_from_u64(seed),
            store,
            personen: Vec::new(),
            partij_nummer,
            klantcontact_nummer,
            taak_nummer,
            zaak_nummer: 0,
            elfproef_nummers: HashSet::new(),
            kvk_nummers: HashSet::new(),
            vestigingsnummers: HashSet::new(),
            organisaties: Vec::new(),
            persoon_partijen: Vec::new(),
            talen: crate::referentielijsten::geldige_codes("TAAL", peildatum()),
            verdeling,
            pool: Pool::default(),
        }
    }

    /// A random (version 4) uuid from the seeded source.
    fn uuid(&mut self) -> Uuid {
        uuid::Builder::from_random_bytes(self.rng.gen()).into_uuid()
    }

    /// True with probability `p`.
    fn kans(&mut self, p: f64) -> bool {
        self.rng.gen_bool(p.clamp(0.0, 1.0))
    }

    /// One element of a non-empty constant slice.
    fn kies<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.rng.gen_range(0..items.len())]
    }

    fn herkomst(&mut self) -> &'static Herkomst {
        names::HERKOMSTEN[self.verdeling.herkomst.sample(&mut self.rng)]
    }

    fn plaats(&mut self) -> &'static Plaats {
        &places::PLAATSEN[self.verdeling.plaats.sample(&mut self.rng)]
    }

    /// A new unique elfproef number whose first digit lies in `eerste`
    /// (BSNs start with 1–6, RSINs with 8, so the two never meet and never
    /// reach the 9999xxxxx test range of the BRP or the persona).
    fn elfproef_nummer(&mut self, eerste: std::ops::RangeInclusive<u32>) -> String {
        loop {
            let mut digits = [0u32; 8];
            digits[0] = self.rng.gen_range(eerste.clone());
            for d in digits.iter_mut().skip(1) {
                *d = self.rng.gen_range(0..10);
            }
            if let Some(n) = super::numbers::with_elfproef_digit(&digits) {
                if let Ok(v) = n.parse::<u32>() {
                    if self.elfproef_nummers.insert(v) {
                        return n;
                    }
                }
            }
        }
    }

    /// A new unique 8-digit KvK-nummer.
    fn kvk_nummer(&mut self) -> String {
        loop {
            let n = self.rng.gen_range(10_000_000..100_000_000u32);
            if self.kvk_nummers.insert(n) {
                return n.to_string();
            }
        }
    }

    /// A new unique 12-digit vestigingsnummer (`0000` and 8 digits, as issued).
    fn vestigingsnummer(&mut self) -> String {
        loop {
            let n = self.rng.gen_range(10_000_000..100_000_000u64);
            if self.vestigingsnummers.insert(n) {
                return format!("{n:012}");
            }
        }
    }

    /// A Dutch address in `plaats`, with BAG ids of its gemeente.
    fn adres_in(&mut self, plaats: &Plaats) -> Verblijfadres {
        let straat = *self.kies(places::STRATEN);
        // Low numbers are more common than high ones.
        let huisnummer = 1 + (self.rng.gen::<f64>().powi(2) * 180.0) as u32;
        let huisletter = if self.kans(0.07) {
            self.kies(&["A", "B", "C", "D"]).to_string()
        } else {
            String::new()
        };
        let huisnummertoevoeging = if huisletter.is_empty() && self.kans(0.06) {
            self.kies(&["1", "2", "3", "bis", "hs", "rd"]).to_string()
        } else {
            String::new()
        };
        let cijfers = self.rng.gen_range(plaats.postcodes.0..=plaats.postcodes.1);
        let letters = self.postcode_letters();
        let gemeente = plaats.gemeente_code;
        Verblijfadres {
            straat: straat.into(),
            huisnummer,
            huisletter,
            huisnummertoevoeging,
            postcode: format!("{cijfers} {letters}"),
            woonplaats: plaats.woonplaats.into(),
            gemeente: (gemeente.into(), plaats.gemeente.into()),
            nummeraanduiding_identificatie: format!(
                "{gemeente}20{:010}",
                self.rng.gen_range(0..10_000_000_000u64)
            ),
            adresseerbaar_object_identificatie: format!(
                "{gemeente}01{:010}",
                self.rng.gen_range(0..10_000_000_000u64)
            ),
        }
    }

    /// The letter pair of a postcode: PostNL uses neither F, I, O, Q, U, Y
    /// nor the pairs SA, SD and SS.
    fn postcode_letters(&mut self) -> String {
        const LETTERS: &[u8] = b"ABCDEGHJKLMNPRSTVWXZ";
        loop {
            let a = LETTERS[self.rng.gen_range(0..LETTERS.len())] as char;
            let b = LETTERS[self.rng.gen_range(0..LETTERS.len())] as char;
            if !(a == 'S' && matches!(b, 'A' | 'D' | 'S')) {
                return format!("{a}{b}");
            }
        }
    }

    /// A Dutch mobile number: `06` and 8 digits (06-1 to 06-5 are in use).
    fn mobiel(&mut self) -> String {
        format!(
            "06{}{:07}",
            self.rng.gen_range(1..=5),
            self.rng.gen_range(0..10_000_000)
        )
    }

    /// A landline number in an area: 10 digits, the subscriber part not
    /// starting with 0 or 1.
    fn vast(&mut self, netnummer: &str) -> String {
        let rest = 10usize.saturating_sub(netnummer.len()).max(2);
        let max = 10u64.pow(rest as u32 - 1);
        format!(
            "{netnummer}{}{:0w$}",
            self.rng.gen_range(2..=9),
            self.rng.gen_range(0..max),
            w = rest - 1
        )
    }

    /// A personal e-mail address from name parts, at a common provider.
    fn email(&mut self, voornaam: &str, voorvoegsel: &str, achternaam: &str) -> String {
        let v = names::mail_deel(voornaam);
        let a = format!(
            "{}{}",
            names::mail_deel(voorvoegsel),
            names::mail_deel(achternaam)
        );
        let domein = names::MAILDOMEINEN[self.verdeling.maildomein.sample(&mut self.rng)].0;
        let lokaal = match self.rng.gen_range(0..20) {
            0..=7 => format!("{v}.{a}"),
            8..=12 => format!("{v}{a}{}", self.rng.gen_range(1..100)),
            13..=16 => format!("{}.{a}", v.chars().next().unwrap_or('x')),
            _ => format!("{v}_{a}{}", self.rng.gen_range(50..100)),
        };
        format!("{lokaal}@{domein}")
    }

    /// A date between two dates (inclusive), or the first when they are reversed.
    fn datum_tussen(&mut self, van: NaiveDate, tot: NaiveDate) -> NaiveDate {
        let dagen = (tot - van).num_days().max(0);
        van + chrono::Duration::days(self.rng.gen_range(0..=dagen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_numbers_skip_what_is_taken() {
        let mut n = Volgnummer::new(5, [Some("6".to_string()), None].into_iter());
        assert_eq!([n.take(), n.take(), n.take()], ["5", "7", "8"]);
    }

    #[test]
    fn weights_are_valid() {
        let mut store = Store::default();
        // Building the generator builds every weighted draw.
        let g = Generator::new(1, &mut store);
        assert!(g.talen.iter().any(|t| t == "nld"));
    }
}
