//! GBA variant → v2: turns one persoonslijst into the full v2 `Persoon`
//! (Waardetabel objects, polymorphic dates, verblijfplaats and
//! nationaliteiten, derived voorletters/volledigeNaam/leeftijd/adressering,
//! inOnderzoek), leaving out what is empty, false or the standard "unknown"
//! value, as the BrpProxy does. Searches project the same object onto
//! `PersoonBeperkt` through `fields`.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::adressering::{adresregels, Soort};
use super::datum::{datum, GbaDatum};
use super::gba::{self, GbaPersoon, Gebeurtenis, Gerelateerde, Verblijfplaats, Waardetabel};
use super::naam;
use super::onderzoek::{self, Onderzoek};
use super::store::Store;

/// What a conversion needs besides the person: the other persons (for the
/// names in gezag) and the day ages are computed for.
pub(crate) struct Context<'a> {
    pub(crate) store: &'a Store,
    pub(crate) vandaag: NaiveDate,
}

/// A JSON object under construction that leaves out empty values: absent,
/// blank text, `false`, and empty objects or lists.
#[derive(Debug, Default)]
pub(crate) struct Obj(Map<String, Value>);

fn leeg(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

impl Obj {
    pub(crate) fn new() -> Obj {
        Obj::default()
    }

    pub(crate) fn put(mut self, key: &str, value: Option<Value>) -> Obj {
        if let Some(v) = value.filter(|v| !leeg(v)) {
            self.0.insert(key.to_string(), v);
        }
        self
    }

    pub(crate) fn text(self, key: &str, value: Option<String>) -> Obj {
        self.put(key, value.map(Value::String))
    }

    pub(crate) fn flag(self, key: &str, on: bool) -> Obj {
        self.put(key, Some(Value::Bool(on)))
    }

    pub(crate) fn merge(mut self, other: Obj) -> Obj {
        self.0.extend(other.0);
        self
    }

    pub(crate) fn build(self) -> Option<Value> {
        (!self.0.is_empty()).then_some(Value::Object(self.0))
    }

    pub(crate) fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

fn list(items: impl IntoIterator<Item = Option<Value>>) -> Option<Value> {
    Some(Value::Array(items.into_iter().flatten().collect()))
}

/// A Waardetabel; the standard value "0000" (unknown) is left out.
pub(crate) fn waardetabel(w: &Waardetabel) -> Option<Value> {
    let code = w.code.as_deref().map(str::trim);
    if code.is_some_and(|c| !c.is_empty() && c.bytes().all(|b| b == b'0')) {
        return None;
    }
    Obj::new()
        .text("code", code.map(str::to_string))
        .text("omschrijving", w.omschrijving.clone())
        .text("soort", w.soort.clone())
        .build()
}

fn tabel(w: Option<&Waardetabel>) -> Option<Value> {
    w.and_then(waardetabel)
}

/// The name rules' view of a GBA name.
pub(crate) fn naam_info<'a>(n: &'a gba::Naam, geslacht: Option<&'a Waardetabel>) -> naam::Naam<'a> {
    naam::Naam {
        voornamen: n.voornamen.as_deref().unwrap_or(""),
        voorvoegsel: n.voorvoegsel.as_deref().unwrap_or(""),
        geslachtsnaam: n.geslachtsnaam.as_deref().unwrap_or(""),
        titel: n
            .adellijke_titel_predicaat
            .as_ref()
            .and_then(|t| t.code.as_deref()),
        naamgebruik: n
            .aanduiding_naamgebruik
            .as_ref()
            .and_then(|t| t.code.as_deref()),
        geslacht: geslacht.and_then(|g| g.code.as_deref()),
    }
}

/// `NaamGerelateerde`: the name of a kind, ouder or partner.
fn naam_gerelateerde(n: &gba::Naam) -> Obj {
    Obj::new()
        .text("voornamen", n.voornamen.clone())
        .put(
            "adellijkeTitelPredicaat",
            tabel(n.adellijke_titel_predicaat.as_ref()),
        )
        .text("voorvoegsel", n.voorvoegsel.clone())
        .text("geslachtsnaam", n.geslachtsnaam.clone())
        .text("voorletters", n.voornamen.as_deref().map(naam::voorletters))
}

/// `NaamPersoon`: the person's own name with the derived fields.
fn naam_persoon(n: &gba::Naam, geslacht: Option<&Waardetabel>) -> Option<Value> {
    naam_gerelateerde(n)
        .text(
            "volledigeNaam",
            Some(naam_info(n, geslacht).volledige_naam()),
        )
        .put(
            "aanduidingNaamgebruik",
            tabel(n.aanduiding_naamgebruik.as_ref()),
        )
        .build()
}

/// Geboorte, overlijden, aangaan/ontbinding: datum, land, plaats.
fn gebeurtenis(g: Option<&Gebeurtenis>) -> Option<Value> {
    let g = g?;
    Obj::new()
        .put("datum", datum(g.datum.as_ref()))
        .put("land", tabel(g.land.as_ref()))
        .put("plaats", tabel(g.plaats.as_ref()))
        .build()
}

/// A BAG identification: 16 digits, not the standard value of zeros.
fn bag_id(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .filter(|s| s.len() == 16 && s.bytes().all(|b| b.is_ascii_digit()))
        .filter(|s| s.bytes().any(|b| b != b'0'))
        .map(str::to_string)
}

fn bekend(s: &Option<String>) -> Option<String> {
    s.clone().filter(|s| s.trim() != ".")
}

fn verblijfplaats(v: &Verblijfplaats) -> Option<Value> {
    let soort = Soort::van(v);
    let basis = Obj::new().text("type", Some(soort.naam().to_string())).put(
        "datumIngangGeldigheid",
        datum(v.datum_ingang_geldigheid.as_ref()),
    );
    let o = match soort {
        Soort::Adres => {
            let straat = bekend(&v.straat);
            let adres = Obj::new()
                .text(
                    "officieleStraatnaam",
                    bekend(&v.naam_openbare_ruimte).or_else(|| straat.clone()),
                )
                .text("korteStraatnaam", straat)
                .put(
                    "huisnummer",
                    v.huisnummer
                        .as_deref()
                        .and_then(|h| h.trim().parse::<u32>().ok())
                        .filter(|h| *h > 0)
                        .map(Value::from),
                )
                .text("huisletter", v.huisletter.clone())
                .text("huisnummertoevoeging", v.huisnummertoevoeging.clone())
                .put(
                    "aanduidingBijHuisnummer",
                    tabel(v.aanduiding_bij_huisnummer.as_ref()),
                )
                .text("postcode", v.postcode.clone())
                .text("woonplaats", bekend(&v.woonplaats));
            basis
                .put("verblijfadres", adres.build())
                .put("functieAdres", tabel(v.functie_adres.as_ref()))
                .text(
                    "adresseerbaarObjectIdentificatie",
                    bag_id(&v.adresseerbaar_object_identificatie),
                )
                .text(
                    "nummeraanduidingIdentificatie",
                    bag_id(&v.nummeraanduiding_identificatie),
                )
                .put("datumVan", datum(v.datum_aanvang_adreshouding.as_ref()))
        }
        Soort::Locatie => basis
            .put(
                "verblijfadres",
                Obj::new()
                    .text("locatiebeschrijving", v.locatiebeschrijving.clone())
                    .build(),
            )
            .put("functieAdres", tabel(v.functie_adres.as_ref()))
            .put("datumVan", datum(v.datum_aanvang_adreshouding.as_ref())),
        Soort::Buitenland => basis
            .put(
                "verblijfadres",
                Obj::new()
                    .text("regel1", v.regel1.clone())
                    .text("regel2", v.regel2.clone())
                    .text("regel3", v.regel3.clone())
                    .put("land", tabel(v.land.as_ref()))
                    .build(),
            )
            .put("datumVan", datum(v.datum_aanvang_adres_buitenland.as_ref())),
        Soort::Onbekend => basis.put("datumVan", datum(v.datum_aanvang_adres_buitenland.as_ref())),
    };
    o.build()
}

/// The type of a nationaliteit: by the bijzonder Nederlanderschap, else by
/// the code (0000 onbekend, 0499 staatloos).
fn nationaliteit(n: &gba::Nationaliteit) -> Option<Value> {
    let code = n.nationaliteit.as_ref().map(Waardetabel::code);
    let bijzonder = n
        .aanduiding_bijzonder_nederlanderschap
        .as_ref()
        .map(Waardetabel::code);
    let soort = match (bijzonder, code) {
        (Some("B"), _) => "BehandeldAlsNederlander",
        (Some("V"), _) => "VastgesteldNietNederlander",
        (_, Some("0000")) => "NationaliteitOnbekend",
        (_, Some("0499")) => "Staatloos",
        (_, Some(_)) => "Nationaliteit",
        (_, None) => return None,
    };
    let mut o = Obj::new()
        .text("type", Some(soort.to_string()))
        .put(
            "nationaliteit",
            (soort == "Nationaliteit")
                .then(|| tabel(n.nationaliteit.as_ref()))
                .flatten(),
        )
        .put("redenOpname", tabel(n.reden_opname.as_ref()))
        .put(
            "datumIngangGeldigheid",
            datum(n.datum_ingang_geldigheid.as_ref()),
        )
        .into_map();
    Onderzoek::default()
        .met(onderzoek::NATIONALITEIT, n.in_onderzoek.as_ref())
        .invoegen(&mut o);
    Some(Value::Object(o))
}

/// A kind, ouder or partner with its own inOnderzoek.
fn gerelateerde(r: &Gerelateerde, regels: &[onderzoek::Regel], extra: Obj) -> Option<Value> {
    let mut o = Obj::new()
        .text("burgerservicenummer", r.burgerservicenummer.clone())
        .merge(extra)
        .put(
            "naam",
            r.naam.as_ref().and_then(|n| naam_gerelateerde(n).build()),
        )
        .put("geboorte", gebeurtenis(r.geboorte.as_ref()))
        .into_map();
    Onderzoek::default()
        .met(regels, r.in_onderzoek.as_ref())
        .invoegen(&mut o);
    (!o.is_empty()).then_some(Value::Object(o))
}

fn ouder(r: &Gerelateerde) -> Option<Value> {
    let extra = Obj::new()
        .put("geslacht", tabel(r.geslacht.as_ref()))
        .text("ouderAanduiding", r.ouder_aanduiding.clone())
        .put(
            "datumIngangFamilierechtelijkeBetrekking",
            datum(r.datum_ingang_familierechtelijke_betrekking.as_ref()),
        );
    gerelateerde(r, onderzoek::OUDER, extra)
}

fn partner(r: &Gerelateerde) -> Option<Value> {
    let extra = Obj::new()
        .put("geslacht", tabel(r.geslacht.as_ref()))
        .put("soortVerbintenis", tabel(r.soort_verbintenis.as_ref()))
        .put(
            "aangaanHuwelijkPartnerschap",
            gebeurtenis(r.aangaan_huwelijk_partnerschap.as_ref()),
        )
        .put(
            "ontbindingHuwelijkPartnerschap",
            gebeurtenis(r.ontbinding_huwelijk_partnerschap.as_ref()),
        );
    gerelateerde(r, onderzoek::PARTNER, extra)
}

fn ontbindingsdatum(r: &Gerelateerde) -> &str {
    r.ontbinding_huwelijk_partnerschap
        .as_ref()
        .and_then(|o| o.datum.as_deref())
        .unwrap_or("")
}

fn aangaansdatum(r: &Gerelateerde) -> &str {
    r.aangaan_huwelijk_partnerschap
        .as_ref()
        .and_then(|o| o.datum.as_deref())
        .unwrap_or("")
}

/// Only current partners are delivered or, when there is none, the most
/// recently dissolved one.
pub(crate) fn actuele_partners(partners: &[Gerelateerde]) -> Vec<&Gerelateerde> {
    let huidig: Vec<&Gerelateerde> = partners
        .iter()
        .filter(|p| ontbindingsdatum(p).is_empty())
        .collect();
    if !huidig.is_empty() {
        return huidig;
    }
    partners
        .iter()
        .max_by(|a, b| ontbindingsdatum(a).cmp(ontbindingsdatum(b)))
        .into_iter()
        .collect()
}

/// The partner whose name the forms of address use.
fn naam_partner<'a>(partners: &[&'a Gerelateerde]) -> Option<naam::Partner<'a>> {
    static LEEG: gba::Naam = gba::Naam {
        aanduiding_naamgebruik: None,
        voornamen: None,
        adellijke_titel_predicaat: None,
        voorvoegsel: None,
        geslachtsnaam: None,
    };
    let kandidaten: Vec<_> = partners
        .iter()
        .map(|p| {
            let n = naam_info(p.naam.as_ref().unwrap_or(&LEEG), p.geslacht.as_ref());
            let ontbonden = !ontbindingsdatum(p).is_empty();
            (
                naam::Partner { naam: n, ontbonden },
                aangaansdatum(p),
                ontbindingsdatum(p),
            )
        })
        .collect();
    naam::actuele_partner(&kandidaten)
}

fn adressering(p: &GbaPersoon, partners: &[&Gerelateerde]) -> Option<Value> {
    let partner = naam_partner(partners);
    let namen = p.naam.as_ref().map(|n| {
        let info = naam_info(n, p.geslacht.as_ref());
        let schrijf = naam::aanschrijfwijze(&info, partner.as_ref()).and_then(|a| {
            Obj::new()
                .text("naam", a.naam)
                .text("aanspreekvorm", a.aanspreekvorm)
                .build()
        });
        Obj::new()
            .text("aanhef", naam::aanhef(&info, partner.as_ref()))
            .put("aanschrijfwijze", schrijf)
            .text(
                "gebruikInLopendeTekst",
                naam::gebruik_in_lopende_tekst(&info, partner.as_ref()),
            )
    });
    let regels = p
        .verblijfplaats
        .as_ref()
        .map(|v| adresregels(v, p.gemeente_van_inschrijving.as_ref()));
    namen
        .unwrap_or_default()
        .merge(regels.unwrap_or_default())
        .build()
}

fn immigratie(i: &gba::Immigratie) -> Option<Value> {
    let land = i.land_vanwaar_ingeschreven.as_ref();
    let vestiging = i.datum_vestiging_in_nederland.as_ref();
    Obj::new()
        .put("landVanwaarIngeschreven", tabel(land))
        .put("datumVestigingInNederland", datum(vestiging))
        .flag(
            "vanuitVerblijfplaatsOnbekend",
            land.is_some_and(|l| l.code() == "0000"),
        )
        .flag(
            "indicatieVestigingVanuitBuitenland",
            vestiging.is_some_and(|d| !d.trim().is_empty()),
        )
        .build()
}

/// The verblijfstitel, unless it has ended.
fn verblijfstitel(t: &gba::Verblijfstitel, vandaag: NaiveDate) -> Option<Value> {
    let geeindigd = t
        .datum_einde
        .as_deref()
        .and_then(|d| GbaDatum::parse(d).uiterlijk())
        .is_some_and(|einde| einde < vandaag);
    if geeindigd {
        return None;
    }
    Obj::new()
        .put("aanduiding", tabel(t.aanduiding.as_ref()))
        .put("datumIngang", datum(t.datum_ingang.as_ref()))
        .put("datumEinde", datum(t.datum_einde.as_ref()))
        .build()
}

/// The age of a living person; none for the deceased.
pub(crate) fn leeftijd(p: &GbaPersoon, vandaag: NaiveDate) -> Option<u32> {
    if p.is_overleden() {
        return None;
    }
    let geboren = p.geboorte.as_ref()?.datum.as_deref()?;
    GbaDatum::parse(geboren).leeftijd(vandaag)
}

/// The full v2 `Persoon` of a persoonslijst.
pub(crate) fn persoon(p: &GbaPersoon, ctx: &Context) -> Map<String, Value> {
    let geslacht = p.geslacht.as_ref();
    let partners = actuele_partners(&p.partners);
    let geheim = p
        .geheimhouding_persoonsgegevens
        .as_deref()
        .and_then(|g| g.trim().parse::<u32>().ok())
        .is_some_and(|g| g > 0);
    let uitsluiting = p.uitsluiting_kiesrecht.as_ref().and_then(|k| {
        Obj::new()
            .flag(
                "uitgeslotenVanKiesrecht",
                k.uitgesloten_van_kiesrecht == Some(true),
            )
            .put("einddatum", datum(k.einddatum.as_ref()))
            .build()
    });
    let europees = p.europees_kiesrecht.as_ref().and_then(|k| {
        Obj::new()
            .put("aanduiding", tabel(k.aanduiding.as_ref()))
            .put(
                "einddatumUitsluiting",
                datum(k.einddatum_uitsluiting.as_ref()),
            )
            .build()
    });
    let opschorting = p.opschorting_bijhouding.as_ref().and_then(|o| {
        Obj::new()
            .put("reden", tabel(o.reden.as_ref()))
            .put("datum", datum(o.datum.as_ref()))
            .build()
    });
    let rni = p.rni.iter().map(|r| {
        Obj::new()
            .put("deelnemer", tabel(r.deelnemer.as_ref()))
            .text("omschrijvingVerdrag", r.omschrijving_verdrag.clone())
            .text("categorie", r.categorie.clone())
            .build()
    });
    let verificatie = p.verificatie.as_ref().and_then(|v| {
        Obj::new()
            .put("datum", datum(v.datum.as_ref()))
            .text("omschrijving", v.omschrijving.clone())
            .build()
    });
    let mut o = Obj::new()
        .text("aNummer", p.a_nummer.clone())
        .text("burgerservicenummer", Some(p.burgerservicenummer.clone()))
        .put(
            "datumEersteInschrijvingGBA",
            datum(p.datum_eerste_inschrijving_gba.as_ref()),
        )
        .flag("geheimhoudingPersoonsgegevens", geheim)
        .put("geslacht", tabel(geslacht))
        .put("uitsluitingKiesrecht", uitsluiting)
        .put("europeesKiesrecht", europees)
        .put("leeftijd", leeftijd(p, ctx.vandaag).map(Value::from))
        .put(
            "naam",
            p.naam.as_ref().and_then(|n| naam_persoon(n, geslacht)),
        )
        .put(
            "nationaliteiten",
            list(p.nationaliteiten.iter().map(nationaliteit)),
        )
        .put("geboorte", gebeurtenis(p.geboorte.as_ref()))
        .put("opschortingBijhouding", opschorting)
        .put("overlijden", gebeurtenis(p.overlijden.as_ref()))
        .put(
            "verblijfplaats",
            p.verblijfplaats.as_ref().and_then(verblijfplaats),
        )
        .put("immigratie", p.immigratie.as_ref().and_then(immigratie))
        .put(
            "gemeenteVanInschrijving",
            tabel(p.gemeente_van_inschrijving.as_ref()),
        )
        .put(
            "datumInschrijvingInGemeente",
            datum(p.datum_inschrijving_in_gemeente.as_ref()),
        )
        .put("adressering", adressering(p, &partners))
        .flag(
            "indicatieCurateleRegister",
            p.indicatie_curatele_register == Some(true),
        )
        .put(
            "indicatieGezagMinderjarige",
            tabel(p.indicatie_gezag_minderjarige.as_ref()),
        )
        .put("gezag", super::gezag::gezag(p, ctx))
        .put(
            "verblijfstitel",
            p.verblijfstitel
                .as_ref()
                .and_then(|t| verblijfstitel(t, ctx.vandaag)),
        )
        .put(
            "kinderen",
            list(
                p.kinderen
                    .iter()
                    .map(|k| gerelateerde(k, onderzoek::KIND, Obj::new())),
            ),
        )
        .put("ouders", list(p.ouders.iter().map(ouder)))
        .put("partners", list(partners.iter().map(|r| partner(r))))
        .put("rni", list(rni))
        .put("verificatie", verificatie)
        .into_map();

    let mut io = Onderzoek::default()
        .met(onderzoek::PERSOON, p.persoon_in_onderzoek.as_ref())
        .met(
            onderzoek::VERBLIJFPLAATS,
            p.verblijfplaats
                .as_ref()
                .and_then(|v| v.in_onderzoek.as_ref()),
        )
        .met(
            onderzoek::OVERLIJDEN,
            p.overlijden.as_ref().and_then(|v| v.in_onderzoek.as_ref()),
        )
        .met(onderzoek::GEZAGSVERHOUDING, p.gezag_in_onderzoek.as_ref());
    // A partner under investigation matters for the forms of address when
    // the person uses the partner's name (the first partner by date).
    let eigen_naam = p
        .naam
        .as_ref()
        .and_then(|n| n.aanduiding_naamgebruik.as_ref())
        .is_some_and(|n| n.code() == "E");
    if !eigen_naam {
        let eerste = p
            .partners
            .iter()
            .min_by(|a, b| aangaansdatum(a).cmp(aangaansdatum(b)));
        io = io.met(
            onderzoek::PARTNERNAAM,
            eerste.and_then(|e| e.in_onderzoek.as_ref()),
        );
    }
    io.invoegen(&mut o);
    o
}
