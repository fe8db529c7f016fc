//! The search arguments and where they lead (C4161 step 2): arguments that
//! Klantinteracties holds are searched there; arguments it does not hold go
//! to the BRP query type they fit. Everything is parsed here, before any
//! call, into a [`Route`]: values into their `crate::domain` types (whose
//! messages name the rule; here only the argument is added), the
//! combination into one route. A search that fits no route, or more than
//! one, is `BAD_USER_INPUT` naming what to give instead.

use async_graphql::{Enum, InputObject, Result};
use chrono::NaiveDate;

use crate::domain::{
    BagId, Bsn, Gemeentecode, Huisletter, Huisnummer, Huisnummertoevoeging, Identificator,
    ParseError, Postcode, Telefoonnummer,
};
use crate::graphql::error::bad_input;
use crate::graphql::types::enums::PartijIdentificatorSoort;
use crate::registers::brp::{
    AdresseerbaarObjectIdentificatie, GeslachtsnaamEnGeboortedatum, NaamEnGemeenteVanInschrijving,
    NummeraanduidingIdentificatie, PostcodeEnHuisnummer, StraatHuisnummerEnGemeenteVanInschrijving,
    Zoekvraag,
};
use crate::registers::klantinteracties::{AdresFilter, ContactnaamFilter, PartijAdres};

/// What the caller gave to be found by. Give the arguments of one route:
///
/// Klantinteracties — `identificator`; `emailadres`; `telefoonnummer`;
/// `bezoekadres` and/or `correspondentieadres`; `contactnaam`.
///
/// BRP — `geslachtsnaam` + `geboortedatum` (optionally `voornamen`,
/// `voorvoegsel`, `geslacht`, `gemeenteVanInschrijving`);
/// `geslachtsnaam` + `voornamen` + `gemeenteVanInschrijving`;
/// `postcode` + `huisnummer` (optionally `huisletter`,
/// `huisnummertoevoeging`, `geboortedatum`, `geslachtsnaam`,
/// `gemeenteVanInschrijving`); `straat` + `huisnummer` +
/// `gemeenteVanInschrijving`; `nummeraanduidingIdentificatie`;
/// `adresseerbaarObjectIdentificatie`. `inclusiefOverledenPersonen` goes
/// with any of them.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PartijZoekvraag {
    /// A BSN, KvK-nummer, vestigingsnummer or RSIN of the partij. A BSN
    /// without a partij is looked up in the BRP.
    pub identificator: Option<IdentificatorZoekvraag>,
    /// An e-mail address the partij gave (case does not matter; on Open
    /// Klant before 2.7, which cannot search case-insensitively, the address
    /// as given or in lower case).
    pub emailadres: Option<String>,
    /// A telephone number the partij gave (`06-1234 5678` is read as `0612345678`).
    pub telefoonnummer: Option<String>,
    /// The partij's bezoekadres, part by part (exact). Open Klant cannot
    /// filter on the adresregels: give `nummeraanduidingId` or `land` too
    /// (the adresregels are then checked on each partij found).
    pub bezoekadres: Option<AdresZoekvraag>,
    /// The partij's correspondentieadres, part by part (exact); as
    /// `bezoekadres`.
    pub correspondentieadres: Option<AdresZoekvraag>,
    /// The name a betrokkene gave at a klantcontact (exact per part).
    pub contactnaam: Option<ContactnaamZoekvraag>,
    pub geslachtsnaam: Option<String>,
    pub voornamen: Option<String>,
    pub voorvoegsel: Option<String>,
    pub geslacht: Option<Geslacht>,
    pub geboortedatum: Option<NaiveDate>,
    /// The four-digit code of the municipality the person is registered in.
    pub gemeente_van_inschrijving: Option<String>,
    pub postcode: Option<String>,
    pub huisnummer: Option<i32>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    pub straat: Option<String>,
    /// BAG nummeraanduiding (16 digits).
    pub nummeraanduiding_identificatie: Option<String>,
    /// BAG adresseerbaar object (16 digits).
    pub adresseerbaar_object_identificatie: Option<String>,
    /// Also find deceased persons (BRP searches only).
    pub inclusief_overleden_personen: Option<bool>,
}

/// An identificator of a partij.
#[derive(InputObject, Debug, Clone)]
pub struct IdentificatorZoekvraag {
    pub soort: PartijIdentificatorSoort,
    pub waarde: String,
}

/// Parts of an address as Klantinteracties holds it; the given parts must
/// all match exactly.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AdresZoekvraag {
    pub nummeraanduiding_id: Option<String>,
    pub adresregel1: Option<String>,
    pub adresregel2: Option<String>,
    pub adresregel3: Option<String>,
    pub land: Option<String>,
}

/// Parts of a contactnaam; the given parts must all match exactly.
#[derive(InputObject, Debug, Clone, Default)]
pub struct ContactnaamZoekvraag {
    pub voorletters: Option<String>,
    pub voornaam: Option<String>,
    pub voorvoegsel_achternaam: Option<String>,
    pub achternaam: Option<String>,
}

/// The BRP's `geslacht`.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Geslacht {
    /// Man.
    M,
    /// Vrouw.
    V,
    /// Onbekend.
    O,
}

/// Where a search goes, with its checked arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Partijen by identificator; `bsn` set for a BSN (the BRP is asked
    /// when no partij has it).
    Identificator {
        soort: &'static str,
        waarde: String,
        bsn: Option<Bsn>,
    },
    /// Digitale adressen containing it, whatever the case → `verstrektDoorPartij`.
    Emailadres(String),
    /// Digitale adressen that are this number → `verstrektDoorPartij`.
    Telefoonnummer(Telefoonnummer),
    /// Partijen by parts of their addresses.
    Adres(PartijAdres),
    /// Betrokkenen by parts of their contactnaam → `wasPartij`.
    Contactnaam(ContactnaamFilter),
    /// A BRP search; its BSNs lead to partijen.
    Brp(Zoekvraag),
}

/// The arguments of a route that were given, for messages.
struct Given<'a> {
    route: &'static str,
    names: Vec<&'a str>,
}

impl PartijZoekvraag {
    /// The route these arguments fit.
    pub fn route(&self) -> Result<Route> {
        let ki = self.klantinteracties_given();
        let brp = self.brp_names();
        let mut used: Vec<&'static str> = ki.iter().map(|g| g.route).collect();
        if !brp.is_empty() {
            used.push("BRP");
        }
        match used.len() {
            0 => {
                return Err(bad_input(
                    "zoek",
                    "give the arguments of one search route (identificator, emailadres, telefoonnummer, an address, contactnaam, or BRP arguments such as geslachtsnaam + geboortedatum or postcode + huisnummer)",
                ))
            }
            1 => {}
            _ => {
                let names: Vec<String> = ki
                    .iter()
                    .map(|g| g.names.join(" + "))
                    .chain((!brp.is_empty()).then(|| brp.join(" + ")))
                    .collect();
                return Err(bad_input(
                    "zoek",
                    format!(
                        "these arguments belong to different searches ({}); give the arguments of one",
                        names.join("; ")
                    ),
                ));
            }
        }
        if self.inclusief_overleden_personen.is_some() && brp.is_empty() {
            return Err(bad_input(
                "inclusiefOverledenPersonen",
                "applies to BRP searches only",
            ));
        }
        if let Some(i) = &self.identificator {
            return identificator_route(i);
        }
        if let Some(e) = &self.emailadres {
            return emailadres_route(e);
        }
        if let Some(t) = &self.telefoonnummer {
            return parsed("telefoonnummer", Telefoonnummer::parse(t)).map(Route::Telefoonnummer);
        }
        if self.bezoekadres.is_some() || self.correspondentieadres.is_some() {
            return self.adres_route();
        }
        if let Some(c) = &self.contactnaam {
            return contactnaam_route(c);
        }
        self.brp_route().map(Route::Brp)
    }

    /// The Klantinteracties routes whose arguments were given.
    fn klantinteracties_given(&self) -> Vec<Given<'static>> {
        let mut given = Vec::new();
        let mut add = |present: bool, route: &'static str, names: Vec<&'static str>| {
            if present {
                given.push(Given { route, names });
            }
        };
        add(
            self.identificator.is_some(),
            "identificator",
            vec!["identificator"],
        );
        add(self.emailadres.is_some(), "emailadres", vec!["emailadres"]);
        add(
            self.telefoonnummer.is_some(),
            "telefoonnummer",
            vec!["telefoonnummer"],
        );
        let adressen: Vec<&'static str> = [
            ("bezoekadres", self.bezoekadres.is_some()),
            ("correspondentieadres", self.correspondentieadres.is_some()),
        ]
        .into_iter()
        .filter(|(_, p)| *p)
        .map(|(n, _)| n)
        .collect();
        add(!adressen.is_empty(), "adres", adressen);
        add(
            self.contactnaam.is_some(),
            "contactnaam",
            vec!["contactnaam"],
        );
        given
    }

    /// The names of the BRP arguments given (not `inclusiefOverledenPersonen`).
    fn brp_names(&self) -> Vec<&'static str> {
        [
            ("geslachtsnaam", self.geslachtsnaam.is_some()),
            ("voornamen", self.voornamen.is_some()),
            ("voorvoegsel", self.voorvoegsel.is_some()),
            ("geslacht", self.geslacht.is_some()),
            ("geboortedatum", self.geboortedatum.is_some()),
            (
                "gemeenteVanInschrijving",
                self.gemeente_van_inschrijving.is_some(),
            ),
            ("postcode", self.postcode.is_some()),
            ("huisnummer", self.huisnummer.is_some()),
            ("huisletter", self.huisletter.is_some()),
            ("huisnummertoevoeging", self.huisnummertoevoeging.is_some()),
            ("straat", self.straat.is_some()),
            (
                "nummeraanduidingIdentificatie",
                self.nummeraanduiding_identificatie.is_some(),
            ),
            (
                "adresseerbaarObjectIdentificatie",
                self.adresseerbaar_object_identificatie.is_some(),
            ),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(name, _)| name)
        .collect()
    }

    fn adres_route(&self) -> Result<Route> {
        let mut filter = PartijAdres::default();
        for (group, adres, slot) in [
            ("bezoekadres", &self.bezoekadres, &mut filter.bezoekadres),
            (
                "correspondentieadres",
                &self.correspondentieadres,
                &mut filter.correspondentieadres,
            ),
        ] {
            let Some(a) = adres else { continue };
            let delen = AdresFilter {
                nummeraanduiding_id: tekst(&a.nummeraanduiding_id, 200, group)?,
                adresregel1: tekst(&a.adresregel1, 200, group)?,
                adresregel2: tekst(&a.adresregel2, 200, group)?,
                adresregel3: tekst(&a.adresregel3, 200, group)?,
                land: tekst(&a.land, 200, group)?,
            };
            if delen == AdresFilter::default() {
                return Err(bad_input(group, "give at least one part of the address"));
            }
            *slot = Some(delen);
        }
        Ok(Route::Adres(filter))
    }

    /// The BRP query type the arguments fit, with the arguments checked.
    fn brp_route(&self) -> Result<Zoekvraag> {
        let gemeente = self
            .gemeente_van_inschrijving
            .as_deref()
            .map(|g| parsed("gemeenteVanInschrijving", Gemeentecode::parse(g)))
            .transpose()?
            .map(|g| g.as_str().to_string());
        let overleden = self.inclusief_overleden_personen;
        let geslacht = self.geslacht.map(|g| {
            match g {
                Geslacht::M => "M",
                Geslacht::V => "V",
                Geslacht::O => "O",
            }
            .to_string()
        });
        let geslachtsnaam = tekst(&self.geslachtsnaam, 200, "geslachtsnaam")?;
        let voornamen = tekst(&self.voornamen, 200, "voornamen")?;
        let voorvoegsel = tekst(&self.voorvoegsel, 10, "voorvoegsel")?;
        let huisletter = self
            .huisletter
            .as_deref()
            .map(|h| parsed("huisletter", Huisletter::parse(h)))
            .transpose()?
            .map(|h| h.as_str().to_string());
        let toevoeging = self
            .huisnummertoevoeging
            .as_deref()
            .map(|t| parsed("huisnummertoevoeging", Huisnummertoevoeging::parse(t)))
            .transpose()?
            .map(|t| t.as_str().to_string());
        let huisnummer = self
            .huisnummer
            .map(|n| parsed("huisnummer", Huisnummer::new(n.into())))
            .transpose()?
            .map(Huisnummer::get);

        let vraag = if let Some(id) = &self.nummeraanduiding_identificatie {
            self.only(&["nummeraanduidingIdentificatie", "gemeenteVanInschrijving"])?;
            Zoekvraag::ZoekMetNummeraanduidingIdentificatie(NummeraanduidingIdentificatie {
                nummeraanduiding_identificatie: bag_id("nummeraanduidingIdentificatie", id)?,
                gemeente_van_inschrijving: gemeente,
                inclusief_overleden_personen: overleden,
            })
        } else if let Some(id) = &self.adresseerbaar_object_identificatie {
            self.only(&[
                "adresseerbaarObjectIdentificatie",
                "gemeenteVanInschrijving",
            ])?;
            Zoekvraag::ZoekMetAdresseerbaarObjectIdentificatie(AdresseerbaarObjectIdentificatie {
                adresseerbaar_object_identificatie: bag_id("adresseerbaarObjectIdentificatie", id)?,
                gemeente_van_inschrijving: gemeente,
                inclusief_overleden_personen: overleden,
            })
        } else if let Some(postcode) = &self.postcode {
            self.only(&[
                "postcode",
                "huisnummer",
                "huisletter",
                "huisnummertoevoeging",
                "geboortedatum",
                "geslachtsnaam",
                "gemeenteVanInschrijving",
            ])?;
            let postcode = parsed("postcode", Postcode::parse(postcode))?;
            Zoekvraag::ZoekMetPostcodeEnHuisnummer(PostcodeEnHuisnummer {
                postcode: postcode.compact(),
                huisnummer: huisnummer
                    .ok_or_else(|| bad_input("huisnummer", "is needed with postcode"))?,
                huisletter,
                huisnummertoevoeging: toevoeging,
                geboortedatum: self.geboortedatum,
                geslachtsnaam,
                gemeente_van_inschrijving: gemeente,
                inclusief_overleden_personen: overleden,
            })
        } else if let Some(straat) = &self.straat {
            self.only(&[
                "straat",
                "huisnummer",
                "huisletter",
                "huisnummertoevoeging",
                "gemeenteVanInschrijving",
            ])?;
            Zoekvraag::ZoekMetStraatHuisnummerEnGemeenteVanInschrijving(
                StraatHuisnummerEnGemeenteVanInschrijving {
                    straat: tekst(&Some(straat.clone()), 80, "straat")?
                        .ok_or_else(|| bad_input("straat", "must not be empty"))?,
                    huisnummer: huisnummer
                        .ok_or_else(|| bad_input("huisnummer", "is needed with straat"))?,
                    gemeente_van_inschrijving: gemeente.ok_or_else(|| {
                        bad_input("gemeenteVanInschrijving", "is needed with straat")
                    })?,
                    huisletter,
                    huisnummertoevoeging: toevoeging,
                    inclusief_overleden_personen: overleden,
                },
            )
        } else if let (Some(naam), Some(datum)) = (&geslachtsnaam, self.geboortedatum) {
            self.only(&[
                "geslachtsnaam",
                "geboortedatum",
                "voornamen",
                "voorvoegsel",
                "geslacht",
                "gemeenteVanInschrijving",
            ])?;
            Zoekvraag::ZoekMetGeslachtsnaamEnGeboortedatum(GeslachtsnaamEnGeboortedatum {
                geslachtsnaam: naam.clone(),
                geboortedatum: datum,
                voornamen,
                voorvoegsel,
                geslacht,
                gemeente_van_inschrijving: gemeente,
                inclusief_overleden_personen: overleden,
            })
        } else if let (Some(naam), Some(voornamen), Some(gemeente)) =
            (&geslachtsnaam, &voornamen, &gemeente)
        {
            self.only(&[
                "geslachtsnaam",
                "voornamen",
                "gemeenteVanInschrijving",
                "voorvoegsel",
                "geslacht",
            ])?;
            Zoekvraag::ZoekMetNaamEnGemeenteVanInschrijving(NaamEnGemeenteVanInschrijving {
                geslachtsnaam: naam.clone(),
                voornamen: voornamen.clone(),
                gemeente_van_inschrijving: gemeente.clone(),
                voorvoegsel,
                geslacht,
                inclusief_overleden_personen: overleden,
            })
        } else {
            return Err(bad_input(
                "zoek",
                format!(
                    "{} is not enough for a BRP search; give geslachtsnaam + geboortedatum, geslachtsnaam + voornamen + gemeenteVanInschrijving, postcode + huisnummer, straat + huisnummer + gemeenteVanInschrijving, nummeraanduidingIdentificatie or adresseerbaarObjectIdentificatie",
                    self.brp_names().join(" + ")
                ),
            ));
        };
        Ok(vraag)
    }

    /// Refuses BRP arguments that the chosen query type does not take.
    fn only(&self, allowed: &[&str]) -> Result<()> {
        let extra: Vec<&str> = self
            .brp_names()
            .into_iter()
            .filter(|n| !allowed.contains(n))
            .collect();
        if extra.is_empty() {
            Ok(())
        } else {
            Err(bad_input(
                extra[0],
                format!(
                    "cannot be combined with this BRP search (it takes {})",
                    allowed.join(", ")
                ),
            ))
        }
    }
}

/// An identificator argument (`waarde` of `soort`): its form is checked
/// before any call (the elfproef for BSN and RSIN, 8 digits for a
/// KvK-nummer, 12 for a vestigingsnummer).
pub fn identificator(soort: PartijIdentificatorSoort, waarde: &str) -> Result<Identificator> {
    parsed("waarde", Identificator::parse(soort.into(), waarde))
}

fn identificator_route(i: &IdentificatorZoekvraag) -> Result<Route> {
    let id = identificator(i.soort, &i.waarde)?;
    Ok(Route::Identificator {
        soort: i.soort.code(),
        waarde: id.waarde().to_string(),
        bsn: id.bsn().cloned(),
    })
}

/// A value parsed into its domain type, or `BAD_USER_INPUT` naming `field`.
fn parsed<T>(field: &str, value: Result<T, ParseError>) -> Result<T> {
    value.map_err(|e| bad_input(field, e))
}

fn emailadres_route(e: &str) -> Result<Route> {
    let e = e.trim();
    let local_and_domain = e
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'));
    if e.len() > 254 || e.chars().any(char::is_whitespace) || !local_and_domain {
        return Err(bad_input(
            "emailadres",
            format!("{e:?} is not an e-mail address"),
        ));
    }
    Ok(Route::Emailadres(e.to_string()))
}

fn contactnaam_route(c: &ContactnaamZoekvraag) -> Result<Route> {
    let naam = ContactnaamFilter {
        voorletters: tekst(&c.voorletters, 10, "contactnaam")?,
        voornaam: tekst(&c.voornaam, 200, "contactnaam")?,
        voorvoegsel_achternaam: tekst(&c.voorvoegsel_achternaam, 10, "contactnaam")?,
        achternaam: tekst(&c.achternaam, 200, "contactnaam")?,
    };
    if naam == ContactnaamFilter::default() {
        return Err(bad_input(
            "contactnaam",
            "give at least one part of the name",
        ));
    }
    Ok(Route::Contactnaam(naam))
}

/// Trimmed text of at most `max` characters; empty counts as not given.
fn tekst(value: &Option<String>, max: usize, field: &str) -> Result<Option<String>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) if v.chars().count() > max || v.chars().any(char::is_control) => Err(bad_input(
            field,
            format!("must be at most {max} characters of text"),
        )),
        Some(v) => Ok(Some(v.to_string())),
    }
}

/// A BAG identification argument, as the BRP takes it.
fn bag_id(field: &str, id: &str) -> Result<String> {
    parsed(field, BagId::parse(id)).map(|id| id.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(r: Result<Route>) -> String {
        match r {
            Ok(route) => format!("{route:?}"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn arguments_klantinteracties_holds_go_there() {
        let v = PartijZoekvraag {
            telefoonnummer: Some("06-1234 5678".into()),
            ..Default::default()
        };
        assert_eq!(
            v.route().ok(),
            Telefoonnummer::parse("0612345678")
                .ok()
                .map(Route::Telefoonnummer)
        );
        let v = PartijZoekvraag {
            bezoekadres: Some(AdresZoekvraag {
                adresregel1: Some(" Van Puffelenstraat 23 ".into()),
                ..Default::default()
            }),
            correspondentieadres: Some(AdresZoekvraag {
                land: Some("NL".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert_eq!(
            v.route().ok(),
            Some(Route::Adres(PartijAdres {
                bezoekadres: Some(AdresFilter {
                    adresregel1: Some("Van Puffelenstraat 23".into()),
                    ..Default::default()
                }),
                correspondentieadres: Some(AdresFilter {
                    land: Some("NL".into()),
                    ..Default::default()
                }),
            }))
        );
        let v = PartijZoekvraag {
            identificator: Some(IdentificatorZoekvraag {
                soort: PartijIdentificatorSoort::Bsn,
                waarde: "999990007".into(),
            }),
            ..Default::default()
        };
        assert!(matches!(
            v.route(),
            Ok(Route::Identificator {
                soort: "bsn",
                bsn: Some(_),
                ..
            })
        ));
    }

    #[test]
    fn arguments_it_does_not_hold_pick_the_brp_query_type() {
        let v = PartijZoekvraag {
            postcode: Some("9823sg".into()),
            huisnummer: Some(23),
            geslachtsnaam: Some("Oostrum".into()),
            ..Default::default()
        };
        match v.route() {
            Ok(Route::Brp(Zoekvraag::ZoekMetPostcodeEnHuisnummer(p))) => {
                assert_eq!(p.postcode, "9823SG");
                assert_eq!(p.huisnummer, 23);
                assert_eq!(p.geslachtsnaam.as_deref(), Some("Oostrum"));
            }
            other => panic!("{other:?}"),
        }
        let v = PartijZoekvraag {
            geslachtsnaam: Some("Oostrum".into()),
            geboortedatum: NaiveDate::from_ymd_opt(1971, 5, 17),
            ..Default::default()
        };
        assert!(code(v.route()).contains("ZoekMetGeslachtsnaamEnGeboortedatum"));
        let v = PartijZoekvraag {
            geslachtsnaam: Some("Moulin".into()),
            voornamen: Some("Suzanne".into()),
            gemeente_van_inschrijving: Some("0599".into()),
            ..Default::default()
        };
        assert!(code(v.route()).contains("ZoekMetNaamEnGemeenteVanInschrijving"));
        let v = PartijZoekvraag {
            straat: Some("Boterdiep".into()),
            huisnummer: Some(31),
            gemeente_van_inschrijving: Some("0599".into()),
            ..Default::default()
        };
        assert!(code(v.route()).contains("ZoekMetStraatHuisnummerEnGemeenteVanInschrijving"));
    }

    #[test]
    fn bad_or_mixed_arguments_are_refused_before_any_call() {
        for (v, says) in [
            (PartijZoekvraag::default(), "one search route"),
            (
                PartijZoekvraag {
                    emailadres: Some("a@b.nl".into()),
                    geslachtsnaam: Some("X".into()),
                    ..Default::default()
                },
                "different searches",
            ),
            (
                PartijZoekvraag {
                    postcode: Some("0823 SG".into()),
                    huisnummer: Some(1),
                    ..Default::default()
                },
                "postcode",
            ),
            (
                PartijZoekvraag {
                    postcode: Some("9823 SG".into()),
                    ..Default::default()
                },
                "huisnummer",
            ),
            (
                PartijZoekvraag {
                    postcode: Some("9823 SG".into()),
                    huisnummer: Some(1),
                    voornamen: Some("Anton".into()),
                    ..Default::default()
                },
                "voornamen",
            ),
            (
                PartijZoekvraag {
                    geslachtsnaam: Some("Oostrum".into()),
                    ..Default::default()
                },
                "not enough",
            ),
            (
                PartijZoekvraag {
                    telefoonnummer: Some("12345".into()),
                    ..Default::default()
                },
                "telefoonnummer",
            ),
            (
                PartijZoekvraag {
                    identificator: Some(IdentificatorZoekvraag {
                        soort: PartijIdentificatorSoort::Bsn,
                        waarde: "999990008".into(),
                    }),
                    ..Default::default()
                },
                "elfproef",
            ),
            (
                PartijZoekvraag {
                    nummeraanduiding_identificatie: Some("0000000000000000".into()),
                    ..Default::default()
                },
                "16 digits",
            ),
        ] {
            let message = code(v.route());
            assert!(message.contains(says), "{message} should say {says}");
        }
    }
}
