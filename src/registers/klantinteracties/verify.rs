//! Never trust a filter: every list the register returns is checked here
//! against the filter that was asked, and a row that does not match is
//! dropped, counted (`CallObserver::rows_dropped`, which the metrics show) and
//! logged as a warning; it never reaches an answer.
//!
//! Why: Open Klant 2.4 answers a query parameter it does not know with the
//! *unfiltered* list, and every release ignores `…Adresregel1/2/3` (their
//! names end in a digit the filter set spells differently). A filter the
//! gateway believes in but the register lacks would otherwise turn into
//! "everything". The check is done on every release, since a release the
//! gateway reads wrongly (or a proxy that strips parameters) must not be
//! able to change an answer either.

use std::collections::HashSet;

use uuid::Uuid;

use super::filters::AdresFilter;
use super::{Betrokkene, ContactnaamFilter, Klantcontact, Klantinteracties, Partij};
use crate::registers::klantinteracties::model::Adres;

impl Klantinteracties {
    /// The rows that pass `matches`; the others are dropped and reported as
    /// not matching `filter` on `resource`.
    pub(crate) fn keep<T>(
        &self,
        rows: Vec<T>,
        resource: &'static str,
        filter: &'static str,
        matches: impl Fn(&T) -> bool,
    ) -> Vec<T> {
        let before = rows.len();
        let kept: Vec<T> = rows.into_iter().filter(|r| matches(r)).collect();
        let dropped = before - kept.len();
        if dropped > 0 {
            let register = self.handle().register();
            self.handle()
                .tell_observers(|o| o.rows_dropped(register, resource, filter, dropped as u64));
            tracing::warn!(
                register = register.as_str(),
                resource,
                filter,
                dropped,
                kept = kept.len(),
                "the register returned rows that do not match the filter asked; they were dropped \
                 (does this release ignore the filter?)"
            );
        }
        kept
    }

    /// The klantcontacten of `list` that the partij really took part in: one
    /// of their betrokkenen is one of the partij's (the partij lists its
    /// betrokkenen on every release, a klantcontact its own).
    pub fn klantcontacten_van(
        &self,
        list: Vec<Klantcontact>,
        partij: &Partij,
    ) -> Vec<Klantcontact> {
        let betrokkenen: HashSet<Uuid> = partij.betrokkenen.iter().map(|b| b.uuid).collect();
        self.keep(
            list,
            "/klantcontacten",
            "hadBetrokkene__wasPartij__uuid",
            |k| {
                k.had_betrokkenen
                    .iter()
                    .any(|b| betrokkenen.contains(&b.uuid))
                    || k.expand
                        .as_ref()
                        .and_then(|e| e.had_betrokkenen.as_ref())
                        .is_some_and(|bs| {
                            bs.iter().any(|b| {
                                b.was_partij.as_ref().is_some_and(|p| p.uuid == partij.uuid)
                            })
                        })
            },
        )
    }
}

/// Whether a betrokkene's contactnaam has every part the filter gives.
pub(super) fn contactnaam_past(b: &Betrokkene, naam: &ContactnaamFilter) -> bool {
    let Some(c) = &b.contactnaam else {
        return false;
    };
    let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    eq(&naam.voorletters, &c.voorletters)
        && eq(&naam.voornaam, &c.voornaam)
        && eq(&naam.voorvoegsel_achternaam, &c.voorvoegsel_achternaam)
        && eq(&naam.achternaam, &c.achternaam)
}

/// Whether an address has every part the filter gives (`land` as the
/// register stores it: the filter's land is translated before).
pub(super) fn adres_past(adres: Option<&Adres>, filter: &Option<AdresFilter>) -> bool {
    let Some(f) = filter else { return true };
    let Some(a) = adres else { return false };
    let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    eq(&f.nummeraanduiding_id, &a.nummeraanduiding_id)
        && eq(&f.adresregel1, &a.adresregel1)
        && eq(&f.adresregel2, &a.adresregel2)
        && eq(&f.adresregel3, &a.adresregel3)
        && eq(&f.land, &a.land)
}
