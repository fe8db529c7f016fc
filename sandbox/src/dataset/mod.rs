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
pub(crate) mod persona;
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
pub(crate) struct Persoon {
    pub(crate) burgerservicenummer: String,
    pub(crate) voornamen: String,
    pub(crate) voorvoegsel: String,
    pub(crate) geslachtsnaam: String,
    /// `M`, `V` or `O`.
    pub(crate) geslacht: char,
    pub(crate) geboortedatum: NaiveDate,
    /// Gemeente code (4 digits, BRP Tabel 33) and name of the birthplace.
    pub(crate) geboorteplaats: (String, String),
    pub(crate) verblijfplaats: Option<Verblijfadres>,
    pub(crate) overlijdensdatum: Option<NaiveDate>,
    pub(crate) geheimhouding: bool,
}

/// A Dutch residential address of a generated person.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Verblijfadres {
    pub(crate) straat: String,
    pub(crate) huisnummer: u32,
    pub(crate) huisletter: String,
    pub(crate) huisnummertoevoeging: String,
    /// In the Klantinteracties form `1234 AB` (the BRP writes `1234AB`).
    pub(crate) postcode: String,
    pub(crate) woonplaats: String,
    pub(crate) gemeente: (String, String),
    pub(crate) nummeraanduiding_identificatie: String,
    pub(crate) adresseerbaar_object_identificatie: String,
}

/// A generated data set.
#[derive(Debug, Default)]
pub(crate) struct Dataset {
    pub(crate) klantinteracties: Store,
    pub(crate) personen: Vec<Persoon>,
}

/// Generates `partijen` partijen (plus the persona) from `seed`: the same
/// seed and size give the same data set.
pub(crate) fn generate(seed: u64, partijen: usize) -> Dataset {
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
