//! The JSON of every Klantinteracties resource, exactly as Open Klant 2.18
//! serializes it (`specs/klantinteracties-openapi.yaml`, research §5, §10).
//!
//! One function per resource, shared by the read and the write routes, so a
//! resource looks the same whether it comes from a GET, a POST or an `_expand`.
//! Rows hold relations as bare uuids; here they become absolute `url`s and
//! `{uuid, url}` foreign-key objects built from the request's base URL, and
//! the reverse relations Open Klant derives from foreign keys (a partij's
//! `betrokkenen`, a klantcontact's `leiddeTotInterneTaken`, …) are read from
//! the store's indexes. Django conventions: blank strings are `""`, nullable
//! fields `null`.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use super::model::*;
use super::store::Store;

/// The base path of the register, under the request's `http://host`.
pub(crate) const API_ROOT: &str = "/klantinteracties/api/v1";

/// Path segment of each resource, as in the spec's paths.
pub(crate) mod path {
    pub(crate) const PARTIJEN: &str = "partijen";
    pub(crate) const PARTIJ_IDENTIFICATOREN: &str = "partij-identificatoren";
    pub(crate) const BETROKKENEN: &str = "betrokkenen";
    pub(crate) const KLANTCONTACTEN: &str = "klantcontacten";
    pub(crate) const INTERNETAKEN: &str = "internetaken";
    pub(crate) const ACTOREN: &str = "actoren";
    pub(crate) const ACTORKLANTCONTACTEN: &str = "actorklantcontacten";
    pub(crate) const DIGITALEADRESSEN: &str = "digitaleadressen";
    pub(crate) const ONDERWERPOBJECTEN: &str = "onderwerpobjecten";
    pub(crate) const BIJLAGEN: &str = "bijlagen";
    pub(crate) const REKENINGNUMMERS: &str = "rekeningnummers";
    pub(crate) const VERTEGENWOORDIGINGEN: &str = "vertegenwoordigingen";
    pub(crate) const CATEGORIEEN: &str = "categorieen";
    pub(crate) const CATEGORIE_RELATIES: &str = "categorie-relaties";
}

/// The absolute URL of one resource: `{base}/klantinteracties/api/v1/<resource>/<uuid>`.
pub(crate) fn url(base: &str, resource: &str, uuid: &Uuid) -> String {
    format!("{}{API_ROOT}/{resource}/{uuid}", base.trim_end_matches('/'))
}

/// A foreign-key object `{uuid, url}`.
pub(crate) fn fk(base: &str, resource: &str, uuid: &Uuid) -> Value {
    json!({ "uuid": uuid, "url": url(base, resource, uuid) })
}

/// A nullable foreign key: `{uuid, url}` or `null`.
fn fk_opt(base: &str, resource: &str, uuid: Option<&Uuid>) -> Value {
    uuid.map_or(Value::Null, |u| fk(base, resource, u))
}

/// A list of foreign keys.
fn fks<'a>(base: &str, resource: &str, uuids: impl IntoIterator<Item = &'a Uuid>) -> Value {
    Value::Array(uuids.into_iter().map(|u| fk(base, resource, u)).collect())
}

/// DRF's rendering of a `DateTimeField` (see [`super::time::render`]).
fn date_time(t: &DateTime<Utc>) -> Value {
    Value::String(super::time::render(t))
}

fn date_opt(d: Option<&NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| {
        Value::String(d.format("%Y-%m-%d").to_string())
    })
}

fn str_opt(s: Option<&String>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.clone()))
}

/// A gegevensgroep (address, name, identificator). Open Klant stores a
/// group as columns of its resource, so an absent one is never `null`: it is
/// the group with every string `""` (and `huisnummer: null`), as recorded
/// on 2.18.0 (tests/contract/, e.g. `partij-persoon-kaal-create`).
fn group<T: serde::Serialize + Default>(g: Option<&T>) -> Value {
    let empty = T::default();
    serde_json::to_value(g.unwrap_or(&empty)).unwrap_or(Value::Null)
}

/// `volledigeNaam` as Open Klant's `ContactnaamMixin.get_full_name`: voornaam,
/// voorvoegsel and achternaam joined by single spaces, blanks left out.
pub(crate) fn volledige_naam(naam: Option<&Contactnaam>) -> String {
    naam.map(|n| {
        [&n.voornaam, &n.voorvoegsel_achternaam, &n.achternaam]
            .into_iter()
            .filter(|part| !part.is_empty())
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    })
    .unwrap_or_default()
}

/// `/partijen/{uuid}`: the polymorphic partij with its identificatoren inline.
pub(crate) fn partij(store: &Store, row: &Partij, base: &str) -> Value {
    let idx = &store.idx;
    let categorie_relaties: Vec<Value> = idx
        .categorie_relaties_by_partij
        .of(&row.uuid)
        .iter()
        .filter_map(|c| store.categorie_relaties.get(c))
        .map(|c| {
            json!({
                "uuid": c.uuid,
                "url": url(base, path::CATEGORIE_RELATIES, &c.uuid),
                "categorieNaam": c.categorie
                    .and_then(|k| store.categorieen.get(&k))
                    .map_or(Value::Null, |k| Value::String(k.naam.clone())),
                "beginDatum": date_opt(c.begin_datum.as_ref()),
                "eindDatum": date_opt(c.eind_datum.as_ref()),
            })
        })
        .collect();
    let vertegenwoordigden = idx
        .vertegenwoordigingen_by_vertegenwoordigende
        .of(&row.uuid)
        .iter()
        .filter_map(|v| store.vertegenwoordigingen.get(v))
        .map(|v| &v.vertegenwoordigde_partij);
    let identificatoren: Vec<Value> = idx
        .identificatoren_by_partij
        .of(&row.uuid)
        .iter()
        .filter_map(|i| store.partij_identificatoren.get(i))
        .map(|i| partij_identificator(store, i, base))
        .collect();
    json!({
        "uuid": row.uuid,
        "url": url(base, path::PARTIJEN, &row.uuid),
        "nummer": str_opt(row.nummer.as_ref()),
        "interneNotitie": row.interne_notitie,
        "betrokkenen": fks(base, path::BETROKKENEN, idx.betrokkenen_by_partij.of(&row.uuid)),
        "categorieRelaties": categorie_relaties,
        // Open Klant reads these two from the reverse foreign key of the
        // digitaal adres and the rekeningnummer, so the index is the truth.
        "digitaleAdressen": fks(base, path::DIGITALEADRESSEN, idx.digitaleadressen_by_partij.of(&row.uuid)),
        "voorkeursDigitaalAdres": fk_opt(base, path::DIGITALEADRESSEN, row.voorkeurs_digitaal_adres.as_ref()),
        "vertegenwoordigden": fks(base, path::PARTIJEN, vertegenwoordigden),
        "rekeningnummers": fks(base, path::REKENINGNUMMERS, idx.rekeningnummers_by_partij.of(&row.uuid)),
        "voorkeursRekeningnummer": fk_opt(base, path::REKENINGNUMMERS, row.voorkeurs_rekeningnummer.as_ref()),
        "partijIdentificatoren": identificatoren,
        "soortPartij": row.identificatie.soort(),
        "indicatieGeheimhouding": row.indicatie_geheimhouding,
        "voorkeurstaal": row.voorkeurstaal,
        "indicatieActief": row.indicatie_actief,
        "bezoekadres": group(row.bezoekadres.as_ref()),
        "correspondentieadres": group(row.correspondentieadres.as_ref()),
        "partijIdentificatie": partij_identificatie(&row.identificatie, base),
    })
}

/// `partijIdentificatie` per `soortPartij` (research §10).
fn partij_identificatie(identificatie: &PartijIdentificatie, base: &str) -> Value {
    match identificatie {
        PartijIdentificatie::Persoon { contactnaam } => json!({
            "contactnaam": group(contactnaam.as_ref()),
            "volledigeNaam": volledige_naam(contactnaam.as_ref()),
        }),
        PartijIdentificatie::Organisatie { naam } => json!({ "naam": naam }),
        PartijIdentificatie::Contactpersoon {
            uuid,
            werkte_voor_partij,
            contactnaam,
        } => json!({
            "uuid": uuid,
            "werkteVoorPartij": fk_opt(base, path::PARTIJEN, werkte_voor_partij.as_ref()),
            "contactnaam": group(contactnaam.as_ref()),
            "volledigeNaam": volledige_naam(contactnaam.as_ref()),
        }),
    }
}

/// `/partij-identificatoren/{uuid}`.
pub(crate) fn partij_identificator(_store: &Store, row: &PartijIdentificator, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::PARTIJ_IDENTIFICATOREN, &row.uuid),
        "identificeerdePartij": fk_opt(base, path::PARTIJEN, row.identificeerde_partij.as_ref()),
        "anderePartijIdentificator": row.andere_partij_identificator,
        "partijIdentificator": serde_json::to_value(&row.partij_identificator).unwrap_or(Value::Null),
        "subIdentificatorVan": fk_opt(base, path::PARTIJ_IDENTIFICATOREN, row.sub_identificator_van.as_ref()),
    })
}

/// `/betrokkenen/{uuid}`.
pub(crate) fn betrokkene(store: &Store, row: &Betrokkene, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::BETROKKENEN, &row.uuid),
        "wasPartij": fk_opt(base, path::PARTIJEN, row.was_partij.as_ref()),
        "hadKlantcontact": fk(base, path::KLANTCONTACTEN, &row.had_klantcontact),
        "digitaleAdressen": fks(base, path::DIGITALEADRESSEN, store.idx.digitaleadressen_by_betrokkene.of(&row.uuid)),
        "bezoekadres": group(row.bezoekadres.as_ref()),
        "correspondentieadres": group(row.correspondentieadres.as_ref()),
        "contactnaam": group(row.contactnaam.as_ref()),
        "volledigeNaam": volledige_naam(row.contactnaam.as_ref()),
        "rol": row.rol,
        "organisatienaam": row.organisatienaam,
        "initiator": row.initiator,
    })
}

/// `/klantcontacten/{uuid}`, with `hadBetrokkenActoren` inline as full actors.
pub(crate) fn klantcontact(store: &Store, row: &Klantcontact, base: &str) -> Value {
    let idx = &store.idx;
    let actoren: Vec<Value> = idx
        .actorklantcontacten_by_klantcontact
        .of(&row.uuid)
        .iter()
        .filter_map(|ak| store.actorklantcontacten.get(ak))
        .filter_map(|ak| store.actoren.get(&ak.actor))
        .map(|a| actor(store, a, base))
        .collect();
    json!({
        "uuid": row.uuid,
        "url": url(base, path::KLANTCONTACTEN, &row.uuid),
        "gingOverOnderwerpobjecten": fks(base, path::ONDERWERPOBJECTEN, idx.onderwerpobjecten_by_klantcontact.of(&row.uuid)),
        "hadBetrokkenActoren": actoren,
        "omvatteBijlagen": fks(base, path::BIJLAGEN, idx.bijlagen_by_klantcontact.of(&row.uuid)),
        "hadBetrokkenen": fks(base, path::BETROKKENEN, idx.betrokkenen_by_klantcontact.of(&row.uuid)),
        "leiddeTotInterneTaken": fks(base, path::INTERNETAKEN, idx.internetaken_by_klantcontact.of(&row.uuid)),
        "nummer": str_opt(row.nummer.as_ref()),
        "referentienummer": str_opt(row.referentienummer.as_ref()),
        "kanaal": row.kanaal,
        "onderwerp": row.onderwerp,
        "inhoud": row.inhoud,
        "reactie": row.reactie,
        "indicatieContactGelukt": row.indicatie_contact_gelukt,
        "hoofdOnderwerpType": row.hoofd_onderwerp_type,
        "verdereActieOndernomen": row.verdere_actie_ondernomen,
        "taal": row.taal,
        "vertrouwelijk": row.vertrouwelijk,
        "plaatsgevondenOp": date_time(&row.plaatsgevonden_op),
        "metadata": row.metadata,
    })
}

/// `/internetaken/{uuid}`; `toegewezenAanActor` is the first of `toegewezenAanActoren`.
pub(crate) fn interne_taak(_store: &Store, row: &InterneTaak, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::INTERNETAKEN, &row.uuid),
        "nummer": str_opt(row.nummer.as_ref()),
        "referentienummer": str_opt(row.referentienummer.as_ref()),
        "gevraagdeHandeling": row.gevraagde_handeling,
        "aanleidinggevendKlantcontact": fk(base, path::KLANTCONTACTEN, &row.aanleidinggevend_klantcontact),
        // Without actoren Open Klant 2.18.0 answers `{"uuid": null}`, not `null`
        // (recorded, `internetaak-zonder-actoren`).
        "toegewezenAanActor": row
            .toegewezen_aan_actoren
            .first()
            .map_or_else(|| json!({ "uuid": null }), |a| fk(base, path::ACTOREN, a)),
        "toegewezenAanActoren": fks(base, path::ACTOREN, &row.toegewezen_aan_actoren),
        "toelichting": row.toelichting,
        "status": row.status,
        "toegewezenOp": date_time(&row.toegewezen_op),
        "afgehandeldOp": row.afgehandeld_op.as_ref().map_or(Value::Null, date_time),
    })
}

/// `/actoren/{uuid}`: the polymorphic actor.
pub(crate) fn actor(_store: &Store, row: &Actor, base: &str) -> Value {
    let identificatie = match &row.identificatie {
        ActorIdentificatie::Medewerker {
            functie,
            emailadres,
            telefoonnummer,
        } => json!({
            "functie": functie,
            "emailadres": emailadres,
            "telefoonnummer": telefoonnummer,
        }),
        ActorIdentificatie::GeautomatiseerdeActor {
            functie,
            omschrijving,
        } => json!({ "functie": functie, "omschrijving": omschrijving }),
        ActorIdentificatie::OrganisatorischeEenheid {
            omschrijving,
            emailadres,
            faxnummer,
            telefoonnummer,
        } => json!({
            "omschrijving": omschrijving,
            "emailadres": emailadres,
            "faxnummer": faxnummer,
            "telefoonnummer": telefoonnummer,
        }),
    };
    json!({
        "uuid": row.uuid,
        "url": url(base, path::ACTOREN, &row.uuid),
        "naam": row.naam,
        "soortActor": row.identificatie.soort(),
        "indicatieActief": row.indicatie_actief,
        "actoridentificator": group(row.actoridentificator.as_ref()),
        "actorIdentificatie": identificatie,
    })
}

/// `/actorklantcontacten/{uuid}`.
pub(crate) fn actorklantcontact(_store: &Store, row: &ActorKlantcontact, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::ACTORKLANTCONTACTEN, &row.uuid),
        "actor": fk(base, path::ACTOREN, &row.actor),
        "klantcontact": fk(base, path::KLANTCONTACTEN, &row.klantcontact),
    })
}

/// `/digitaleadressen/{uuid}`.
pub(crate) fn digitaal_adres(_store: &Store, row: &DigitaalAdres, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::DIGITALEADRESSEN, &row.uuid),
        "verstrektDoorBetrokkene": fk_opt(base, path::BETROKKENEN, row.verstrekt_door_betrokkene.as_ref()),
        "verstrektDoorPartij": fk_opt(base, path::PARTIJEN, row.verstrekt_door_partij.as_ref()),
        "adres": row.adres,
        "soortDigitaalAdres": row.soort_digitaal_adres,
        "isStandaardAdres": row.is_standaard_adres,
        "omschrijving": row.omschrijving,
        "referentie": row.referentie,
        "verificatieDatum": date_opt(row.verificatie_datum.as_ref()),
    })
}

/// `/onderwerpobjecten/{uuid}`.
pub(crate) fn onderwerpobject(_store: &Store, row: &Onderwerpobject, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::ONDERWERPOBJECTEN, &row.uuid),
        "klantcontact": fk_opt(base, path::KLANTCONTACTEN, row.klantcontact.as_ref()),
        "wasKlantcontact": fk_opt(base, path::KLANTCONTACTEN, row.was_klantcontact.as_ref()),
        "onderwerpobjectidentificator": group(row.onderwerpobjectidentificator.as_ref()),
    })
}

/// `/bijlagen/{uuid}`.
pub(crate) fn bijlage(_store: &Store, row: &Bijlage, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::BIJLAGEN, &row.uuid),
        "wasBijlageVanKlantcontact": fk_opt(base, path::KLANTCONTACTEN, row.was_bijlage_van_klantcontact.as_ref()),
        "bijlageidentificator": group(row.bijlageidentificator.as_ref()),
    })
}

/// `/rekeningnummers/{uuid}`.
pub(crate) fn rekeningnummer(_store: &Store, row: &Rekeningnummer, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::REKENINGNUMMERS, &row.uuid),
        "partij": fk_opt(base, path::PARTIJEN, row.partij.as_ref()),
        "iban": row.iban,
        "bic": row.bic,
    })
}

/// `/vertegenwoordigingen/{uuid}`.
pub(crate) fn vertegenwoordiging(_store: &Store, row: &Vertegenwoordiging, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::VERTEGENWOORDIGINGEN, &row.uuid),
        "vertegenwoordigendePartij": fk(base, path::PARTIJEN, &row.vertegenwoordigende_partij),
        "vertegenwoordigdePartij": fk(base, path::PARTIJEN, &row.vertegenwoordigde_partij),
    })
}

/// `/categorieen/{uuid}`.
pub(crate) fn categorie(_store: &Store, row: &Categorie, base: &str) -> Value {
    json!({
        "uuid": row.uuid,
        "url": url(base, path::CATEGORIEEN, &row.uuid),
        "naam": row.naam,
    })
}

/// `/categorie-relaties/{uuid}`; `categorie` carries the categorie's `naam`.
pub(crate) fn categorie_relatie(store: &Store, row: &CategorieRelatie, base: &str) -> Value {
    let categorie = row.categorie.as_ref().map_or(Value::Null, |c| {
        json!({
            "uuid": c,
            "url": url(base, path::CATEGORIEEN, c),
            "naam": store.categorieen.get(c).map(|k| k.naam.clone()).unwrap_or_default(),
        })
    });
    json!({
        "uuid": row.uuid,
        "url": url(base, path::CATEGORIE_RELATIES, &row.uuid),
        "partij": fk_opt(base, path::PARTIJEN, row.partij.as_ref()),
        "categorie": categorie,
        "beginDatum": date_opt(row.begin_datum.as_ref()),
        "eindDatum": date_opt(row.eind_datum.as_ref()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naam(voornaam: &str, voorvoegsel: &str, achternaam: &str) -> Contactnaam {
        Contactnaam {
            voorletters: "A.".into(),
            voornaam: voornaam.into(),
            voorvoegsel_achternaam: voorvoegsel.into(),
            achternaam: achternaam.into(),
        }
    }

    #[test]
    fn volledige_naam_skips_blank_parts() {
        assert_eq!(
            volledige_naam(Some(&naam("Anton", "van", "Oostrum"))),
            "Anton van Oostrum"
        );
        assert_eq!(volledige_naam(Some(&naam("", "", "Oostrum"))), "Oostrum");
        assert_eq!(volledige_naam(None), "");
    }

    #[test]
    fn a_partij_renders_its_reverse_relations_and_identificatoren() {
        let mut store = Store::default();
        let p = Uuid::from_u128(1);
        let k = Uuid::from_u128(2);
        store.put_partij(Partij {
            uuid: p,
            nummer: Some("123454321".into()),
            interne_notitie: String::new(),
            identificatie: PartijIdentificatie::Persoon {
                contactnaam: Some(naam("Anton", "van", "Oostrum")),
            },
            digitale_adressen: vec![],
            voorkeurs_digitaal_adres: None,
            rekeningnummers: vec![],
            voorkeurs_rekeningnummer: None,
            indicatie_geheimhouding: None,
            indicatie_actief: true,
            voorkeurstaal: "nld".into(),
            bezoekadres: None,
            correspondentieadres: None,
        });
        store.put_partij_identificator(PartijIdentificator {
            uuid: Uuid::from_u128(3),
            identificeerde_partij: Some(p),
            andere_partij_identificator: String::new(),
            partij_identificator: PartijIdentificatorGroep {
                code_objecttype: "natuurlijk_persoon".into(),
                code_soort_object_id: "bsn".into(),
                object_id: "999990007".into(),
                code_register: "brp".into(),
            },
            sub_identificator_van: None,
        });
        store.put_betrokkene(Betrokkene {
            uuid: Uuid::from_u128(4),
            was_partij: Some(p),
            had_klantcontact: k,
            bezoekadres: None,
            correspondentieadres: None,
            contactnaam: None,
            rol: "klant".into(),
            organisatienaam: String::new(),
            initiator: true,
        });
        let row = store.partijen.get(&p).cloned().expect("stored");
        let v = partij(&store, &row, "http://h");
        assert_eq!(
            v["url"],
            "http://h/klantinteracties/api/v1/partijen/00000000-0000-0000-0000-000000000001"
        );
        assert_eq!(v["soortPartij"], "persoon");
        assert_eq!(
            v["partijIdentificatie"]["volledigeNaam"],
            "Anton van Oostrum"
        );
        assert_eq!(
            v["partijIdentificatoren"][0]["partijIdentificator"]["objectId"],
            "999990007"
        );
        assert_eq!(
            v["betrokkenen"][0]["uuid"],
            "00000000-0000-0000-0000-000000000004"
        );
        // An absent address is the group of empty strings, never null.
        assert_eq!(v["bezoekadres"]["straatnaam"], "");
        assert_eq!(v["bezoekadres"]["huisnummer"], Value::Null);
        assert_eq!(v["indicatieGeheimhouding"], Value::Null);
        assert_eq!(v["vertegenwoordigden"], json!([]));
    }

    #[test]
    fn date_times_render_as_drf_does() {
        let t = DateTime::parse_from_rfc3339("2024-03-01T10:00:00+00:00")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(date_time(&t), "2024-03-01T10:00:00Z");
    }
}
