//! The sandbox's data set: deterministic from a seed, of any size, with the
//! C4161 persona always in it.
//!
//! `persona` holds the fixed persona, `generator` draws the rest from the
//! seed, `records` has the record builders both share, `numbers` the check
//! digits of BSN, RSIN and IBAN; `names`, `places` and `texts` are the
//! generator's vocabulary.

mod generator;
mod names;
mod numbers;
pub mod persona;
mod places;
mod records;
#[cfg(test)]
mod tests;
mod texts;

use chrono::NaiveDate;

use super::klantinteracties::store::Store;

/// A generated person, as the BRP sandbox needs it to build its record.
/// Every persoon-partij of the data set has one (same BSN).
#[derive(Debug, Clone, PartialEq)]
pub struct Persoon {
    pub burgerservicenummer: String,
    pub voornamen: String,
    pub voorvoegsel: String,
    pub geslachtsnaam: String,
    /// `M`, `V` or `O`.
    pub geslacht: char,
    pub geboortedatum: NaiveDate,
    /// Gemeente code (4 digits, BRP Tabel 33) and name of the birthplace.
    pub geboorteplaats: (String, String),
    pub verblijfplaats: Option<Verblijfadres>,
    pub overlijdensdatum: Option<NaiveDate>,
    pub geheimhouding: bool,
}

/// A Dutch residential address of a generated person.
#[derive(Debug, Clone, PartialEq)]
pub struct Verblijfadres {
    pub straat: String,
    pub huisnummer: u32,
    pub huisletter: String,
    pub huisnummertoevoeging: String,
    /// In the Klantinteracties form `1234 AB` (the BRP writes `1234AB`).
    pub postcode: String,
    pub woonplaats: String,
    pub gemeente: (String, String),
    pub nummeraanduiding_identificatie: String,
    pub adresseerbaar_object_identificatie: String,
}

/// A generated data set.
#[derive(Debug, Default)]
pub struct Dataset {
    pub klantinteracties: Store,
    pub personen: Vec<Persoon>,
}

/// Generates `partijen` partijen (plus the persona) from `seed`: the same
/// seed and size give the same data set.
pub fn generate(seed: u64, partijen: usize) -> Dataset {
    let started = std::time::Instant::now();
    let mut dataset = Dataset::default();
    let persoon = persona::insert(&mut dataset.klantinteracties);
    dataset.personen.push(persoon);
    let personen = generator::run(seed, partijen, &mut dataset.klantinteracties);
    dataset.personen.extend(personen);
    let s = &dataset.klantinteracties;
    tracing::info!(
        seed,
        partijen = s.partijen.len(),
        klantcontacten = s.klantcontacten.len(),
        betrokkenen = s.betrokkenen.len(),
        internetaken = s.internetaken.len(),
        actoren = s.actoren.len(),
        digitaleadressen = s.digitaleadressen.len(),
        personen = dataset.personen.len(),
        ms = started.elapsed().as_millis() as u64,
        "sandbox data set generated"
    );
    dataset
}
