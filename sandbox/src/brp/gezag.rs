//! Gezag in the v2.7 shape. The mock's data hold only the kind of gezag and
//! BSNs (and the pre-2.7 name `TweehoofdigOuderlijkGezag`); the 2.7 response
//! names each person (`naam.volledigeNaam`) and gives the minor's age, so
//! those are looked up: first among all persons, then on this person's own
//! kinderen, ouders and partners.

use serde_json::{json, Map, Value};

use super::convert::{leeftijd, naam_info, Context, Obj};
use super::datum::GbaDatum;
use super::gba::{Bsn, GbaPersoon, Gerelateerde};

/// A minor is younger than this.
const MEERDERJARIG: u32 = 18;

/// The explanation 2.7 requires for gezag that cannot be determined or is
/// temporarily absent, when the data give none.
const NIET_TE_BEPALEN: &str =
    "Gezag kan niet worden bepaald omdat niet alle benodigde gegevens bekend zijn.";
const TIJDELIJK_GEEN: &str =
    "Tijdelijk geen gezag: de gezaghebbende ouder is overleden of onbevoegd.";

fn relaties(p: &GbaPersoon) -> impl Iterator<Item = &Gerelateerde> {
    p.kinderen.iter().chain(&p.ouders).chain(&p.partners)
}

fn relatie<'a>(p: &'a GbaPersoon, bsn: &str) -> Option<&'a Gerelateerde> {
    relaties(p).find(|r| r.burgerservicenummer.as_deref() == Some(bsn))
}

/// `naam.volledigeNaam` of a person named in a gezagsrelatie.
fn volledige_naam(bsn: &str, p: &GbaPersoon, ctx: &Context) -> Option<String> {
    if let Some(ander) = ctx.store.get(bsn) {
        let n = ander.naam.as_ref()?;
        return Some(naam_info(n, ander.geslacht.as_ref()).volledige_naam());
    }
    let r = relatie(p, bsn)?;
    let n = r.naam.as_ref()?;
    Some(naam_info(n, r.geslacht.as_ref()).volledige_naam())
}

fn leeftijd_van(bsn: &str, p: &GbaPersoon, ctx: &Context) -> Option<u32> {
    if let Some(ander) = ctx.store.get(bsn) {
        return leeftijd(ander, ctx.vandaag);
    }
    let geboren = relatie(p, bsn)?.geboorte.as_ref()?.datum.as_deref()?;
    GbaDatum::parse(geboren).leeftijd(ctx.vandaag)
}

/// `{burgerservicenummer, naam: {volledigeNaam}}`; `naam` is required.
fn persoon(bsn: &str, p: &GbaPersoon, ctx: &Context) -> Map<String, Value> {
    let naam = Obj::new()
        .text("volledigeNaam", volledige_naam(bsn, p, ctx))
        .build()
        .unwrap_or_else(|| json!({}));
    let mut o = Map::new();
    o.insert("burgerservicenummer".into(), bsn.into());
    o.insert("naam".into(), naam);
    o
}

fn bsn(b: &Bsn) -> Option<&str> {
    b.burgerservicenummer.as_deref().filter(|s| !s.is_empty())
}

/// The minors a relation is about. Without one in the data, it is the
/// person when a minor, else each of the person's minor children.
fn minderjarigen<'a>(g: &'a super::gba::Gezag, p: &'a GbaPersoon, ctx: &Context) -> Vec<&'a str> {
    if let Some(m) = g.minderjarige.as_ref().and_then(bsn) {
        return vec![m];
    }
    if leeftijd(p, ctx.vandaag).is_some_and(|l| l < MEERDERJARIG) {
        return vec![&p.burgerservicenummer];
    }
    p.kinderen
        .iter()
        .filter_map(|k| k.burgerservicenummer.as_deref())
        .filter(|k| leeftijd_van(k, p, ctx).is_some_and(|l| l < MEERDERJARIG))
        .collect()
}

/// The person's gezagsrelaties.
pub(crate) fn gezag(p: &GbaPersoon, ctx: &Context) -> Option<Value> {
    let mut out = Vec::new();
    for g in &p.gezag {
        let soort = match g.soort.as_str() {
            "TweehoofdigOuderlijkGezag" => "GezamenlijkOuderlijkGezag",
            s => s,
        };
        for m in minderjarigen(g, p, ctx) {
            let mut minderjarige = persoon(m, p, ctx);
            if let Some(l) = leeftijd_van(m, p, ctx) {
                minderjarige.insert("leeftijd".into(), l.into());
            }
            let mut o = Map::new();
            o.insert("type".into(), soort.into());
            o.insert("minderjarige".into(), Value::Object(minderjarige));
            let ouders: Vec<Value> = g
                .ouders
                .iter()
                .filter_map(bsn)
                .map(|b| Value::Object(persoon(b, p, ctx)))
                .collect();
            if !ouders.is_empty() {
                o.insert("ouders".into(), Value::Array(ouders));
            }
            if let Some(b) = g.ouder.as_ref().and_then(bsn) {
                o.insert("ouder".into(), Value::Object(persoon(b, p, ctx)));
            }
            if let Some(d) = &g.derde {
                let derde = match bsn(d) {
                    Some(b) => {
                        let mut d = persoon(b, p, ctx);
                        d.insert("type".into(), "BekendeDerde".into());
                        d
                    }
                    None => Map::from_iter([("type".to_string(), "OnbekendeDerde".into())]),
                };
                o.insert("derde".into(), Value::Object(derde));
            }
            if soort == "Voogdij" {
                let derden: Vec<Value> = g
                    .derden
                    .iter()
                    .filter_map(bsn)
                    .map(|b| {
                        let mut d = persoon(b, p, ctx);
                        d.insert("type".into(), "BekendeDerde".into());
                        Value::Object(d)
                    })
                    .collect();
                o.insert("derden".into(), Value::Array(derden));
            }
            let toelichting = match soort {
                "GezagNietTeBepalen" => Some(NIET_TE_BEPALEN),
                "TijdelijkGeenGezag" => Some(TIJDELIJK_GEEN),
                _ => None,
            };
            if let Some(t) = g.toelichting.as_deref().or(toelichting) {
                o.insert("toelichting".into(), t.into());
            }
            out.push(Value::Object(o));
        }
    }
    Some(Value::Array(out))
}
