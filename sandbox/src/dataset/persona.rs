//! The persona of use case C4161 (`seed/C4161-klantbeeld.md`): Anton van
//! Oostrum, partij `123454321`, BSN `999990007`. It is in every data set, with
//! the same uuids whatever the seed and size, so that the fixed query
//! `queries/c4161-klantbeeld.graphql` and the tests can name it.
//!
//! Its shape matches a partij measured on a real Open Klant:
//! 12 klantcontacten with 18 interne taken over 5 actors of all three kinds.
//! The seed's codes (`kanaal 014`, `taal 001`, `land 003`) match no public
//! list and Open Klant rejects `003` as a land, so the persona carries codes
//! of the sandbox's reference tables instead (`phone`, `nld`, `NL`).

use chrono::NaiveDate;
use uuid::{uuid, Uuid};

use super::numbers::iban_nl;
use super::records::{self, IdSoort, PartijNaam, Rol};
use super::{Persoon, Verblijfadres};
use crate::klantinteracties::model::{
    ActorKlantcontact, Bijlage, Contactnaam, InterneTaak, Klantcontact, Onderwerpobject, Partij,
    PartijIdentificatie, Rekeningnummer,
};
use crate::klantinteracties::store::Store;

/// The persona's partij uuid (from the use case).
pub(crate) const PARTIJ_UUID: Uuid = uuid!("e8203b1b-f9e1-4fa1-96ce-2bcf36e061c2");
/// The persona's partij nummer.
pub(crate) const PARTIJ_NUMMER: &str = "123454321";
/// The persona's BSN (a BRP test number: 9999xxxxx).
pub(crate) const BSN: &str = "999990007";
/// The nummer of the persona's klantcontact in the use case.
pub(crate) const KLANTCONTACT_NUMMER: &str = "234565432";
/// The nummer of the persona's interne taak "Terugbellen".
pub(crate) const INTERNE_TAAK_NUMMER: &str = "334565432";

/// A fixed uuid for one persona object, derived from the partij uuid and a
/// name, so that the persona is the same in every data set.
pub(crate) fn id(name: &str) -> Uuid {
    Uuid::new_v5(&PARTIJ_UUID, name.as_bytes())
}

/// The persona's home: the bezoekadres of the partij and the BRP verblijfplaats.
fn woonadres() -> Verblijfadres {
    Verblijfadres {
        straat: "Van Puffelenstraat".into(),
        huisnummer: 23,
        huisletter: String::new(),
        huisnummertoevoeging: String::new(),
        postcode: "9823 SG".into(),
        woonplaats: "Tietjerksteradeel".into(),
        gemeente: ("0737".into(), "Tietjerksteradeel".into()),
        nummeraanduiding_identificatie: "0737200000230023".into(),
        adresseerbaar_object_identificatie: "0737010000230023".into(),
    }
}

fn correspondentieadres() -> Verblijfadres {
    Verblijfadres {
        straat: "Janssenstraat".into(),
        huisnummer: 12,
        huisletter: String::new(),
        huisnummertoevoeging: String::new(),
        postcode: "9821 ST".into(),
        woonplaats: "Tietjerksteradeel".into(),
        gemeente: ("0737".into(), "Tietjerksteradeel".into()),
        nummeraanduiding_identificatie: "0737200000120012".into(),
        adresseerbaar_object_identificatie: "0737010000120012".into(),
    }
}

/// The persona's BRP record.
pub(crate) fn persoon() -> Persoon {
    Persoon {
        burgerservicenummer: BSN.into(),
        voornamen: "Anton Bernardus".into(),
        voorvoegsel: "van".into(),
        geslachtsnaam: "Oostrum".into(),
        geslacht: 'M',
        geboortedatum: NaiveDate::from_ymd_opt(1971, 5, 17).unwrap_or_default(),
        geboorteplaats: ("0080".into(), "Leeuwarden".into()),
        verblijfplaats: Some(woonadres()),
        overlijdensdatum: None,
        geheimhouding: false,
    }
}

/// One of the persona's actors, by its index in [`ACTOREN`].
#[derive(Clone, Copy)]
enum A {
    KccMedewerker = 0,
    Vergunningverlener = 1,
    Formulieren = 2,
    TeamVergunningen = 3,
    Kcc = 4,
}

/// The persona's actors: two medewerkers, the form platform, two teams.
const ACTOREN: [&str; 5] = [
    "actor/marieke-de-vries",
    "actor/jeroen-bakker",
    "actor/open-formulieren",
    "actor/team-vergunningen",
    "actor/kcc",
];

fn actor_id(a: A) -> Uuid {
    id(ACTOREN[a as usize])
}

/// One klantcontact of the persona and what came of it.
struct Contact {
    nummer: &'static str,
    /// `(y, m, d, h, min)` in UTC.
    op: (i32, u32, u32, u32, u32),
    kanaal: &'static str,
    onderwerp: &'static str,
    inhoud: &'static str,
    /// Who handled the contact (the actorklantcontact).
    door: A,
    taken: &'static [Taak],
}

/// An interne taak of the persona: nummer, gevraagde handeling, toelichting,
/// assigned actors (the first is `toegewezenAanActor`), and whether it is done.
struct Taak(&'static str, &'static str, &'static str, &'static [A], bool);

const CONTACTEN: [Contact; 12] = [
    Contact {
        nummer: "234560101",
        op: (2022, 3, 14, 9, 12),
        kanaal: "phone",
        onderwerp: "Vraag over aanslag gemeentelijke belastingen",
        inhoud: "Klant vraagt waarom de aanslag hoger is dan vorig jaar. Uitgelegd dat de WOZ-waarde is gestegen.",
        door: A::KccMedewerker,
        taken: &[Taak("334560101", "Informatie verstrekken", "Specificatie aanslag per post nasturen.", &[A::Kcc], true)],
    },
    Contact {
        nummer: "234560102",
        op: (2022, 6, 2, 13, 40),
        kanaal: "email",
        onderwerp: "Aanvraag parkeervergunning bewoners",
        inhoud: "Klant wil een parkeervergunning voor een tweede auto. Gevraagd naar kenteken en eigendomsbewijs.",
        door: A::Kcc,
        taken: &[Taak("334560102", "Brief versturen", "Aanvraagformulier tweede vergunning opsturen.", &[A::Kcc], true)],
    },
    Contact {
        nummer: "234560103",
        op: (2022, 9, 19, 10, 5),
        kanaal: "balie",
        onderwerp: "Paspoort aanvragen",
        inhoud: "Klant heeft een nieuw paspoort aangevraagd aan de balie. Pasfoto en oud paspoort ingenomen.",
        door: A::KccMedewerker,
        taken: &[Taak("334560103", "Afspraak inplannen", "Afhaalafspraak over vijf werkdagen.", &[A::KccMedewerker], true)],
    },
    Contact {
        nummer: "234560104",
        op: (2022, 11, 8, 15, 22),
        kanaal: "webformulier",
        onderwerp: "Melding losliggende stoeptegels Van Puffelenstraat",
        inhoud: "Melding via het webformulier: stoeptegels voor huisnummer 21 tot 25 liggen los, struikelgevaar.",
        door: A::Formulieren,
        taken: &[
            Taak("334560104", "Melding doorzetten", "Doorzetten naar buitendienst openbare ruimte.", &[A::Kcc], true),
            Taak("334560105", "Terugkoppelen aan melder", "Melder laten weten wanneer de tegels worden hersteld.", &[A::KccMedewerker], true),
        ],
    },
    Contact {
        nummer: "234560105",
        op: (2023, 1, 10, 11, 30),
        kanaal: "phone",
        onderwerp: "Vooroverleg omgevingsvergunning dakkapel",
        inhoud: "Klant wil een dakkapel plaatsen aan de voorzijde en vraagt of daarvoor een vergunning nodig is. Vooroverleg aangevraagd.",
        door: A::KccMedewerker,
        taken: &[
            Taak("334560106", "Vooroverleg inplannen", "Klant wil graag een afspraak in de ochtend.", &[A::Vergunningverlener], true),
            Taak("334560107", "Zaak aanmaken", "Zaak omgevingsvergunning dakkapel aanmaken.", &[A::TeamVergunningen], true),
        ],
    },
    Contact {
        nummer: KLANTCONTACT_NUMMER,
        op: (2023, 2, 21, 10, 14),
        kanaal: "phone",
        onderwerp: "Klant heeft een vraag over een gerelateerde zaak",
        inhoud: "Klant vraag wanneer bekend is of zijn bouwvergunning wordt toegekend. Aangegeven dat de behandltermijn nog maximaal 2 weken loopt. Klant gewezen op het gemeenteportaal waar hij inzage heeft op de status van zijn lopende zaken",
        door: A::KccMedewerker,
        taken: &[
            Taak(INTERNE_TAAK_NUMMER, "Terugbellen", "Klant terugbellen zodra het besluit over de bouwvergunning bekend is.", &[A::KccMedewerker], false),
            Taak("334560108", "Status zaak controleren", "Nagaan of alle stukken binnen zijn.", &[A::Vergunningverlener, A::TeamVergunningen], true),
            Taak("334560109", "Informatie verstrekken", "Link naar het gemeenteportaal per e-mail sturen.", &[A::Formulieren], true),
        ],
    },
    Contact {
        nummer: "234560106",
        op: (2023, 4, 3, 8, 55),
        kanaal: "email",
        onderwerp: "Aanvullende stukken omgevingsvergunning",
        inhoud: "Klant stuurt de bouwtekening en constructieberekening van de dakkapel na.",
        door: A::Kcc,
        taken: &[
            Taak("334560110", "Stukken toevoegen aan zaak", "Twee bijlagen toevoegen aan de zaak.", &[A::TeamVergunningen], true),
            Taak("334560111", "Ontvangst bevestigen", "Ontvangstbevestiging per e-mail.", &[A::Kcc], true),
        ],
    },
    Contact {
        nummer: "234560107",
        op: (2023, 7, 17, 14, 2),
        kanaal: "chat",
        onderwerp: "Grofvuil laten ophalen",
        inhoud: "Klant wil een bank en een matras laten ophalen. Ophaalafspraak gemaakt.",
        door: A::KccMedewerker,
        taken: &[Taak("334560112", "Afspraak inplannen", "Grofvuil ophalen op de eerstvolgende dinsdag.", &[A::Kcc], true)],
    },
    Contact {
        nummer: "234560108",
        op: (2023, 10, 25, 16, 45),
        kanaal: "phone",
        onderwerp: "Vraag over kwijtschelding afvalstoffenheffing",
        inhoud: "Klant vraagt of hij in aanmerking komt voor kwijtschelding. Voorwaarden uitgelegd.",
        door: A::KccMedewerker,
        taken: &[Taak("334560113", "Brief versturen", "Formulier kwijtschelding opsturen.", &[A::Kcc], true)],
    },
    Contact {
        nummer: "234560109",
        op: (2024, 1, 29, 9, 30),
        kanaal: "post",
        onderwerp: "Bezwaar WOZ-beschikking",
        inhoud: "Bezwaarschrift tegen de WOZ-beschikking 2024 per post ontvangen en gescand.",
        door: A::Kcc,
        taken: &[
            Taak("334560114", "Zaak aanmaken", "Zaak bezwaar WOZ aanmaken.", &[A::Kcc], true),
            Taak("334560115", "Ontvangst bevestigen", "Ontvangstbevestiging per post.", &[A::Kcc], true),
        ],
    },
    Contact {
        nummer: "234560110",
        op: (2024, 5, 13, 12, 10),
        kanaal: "whatsapp",
        onderwerp: "Afspraak maken voor rijbewijs",
        inhoud: "Klant wil zijn rijbewijs verlengen. Afspraak gemaakt aan de balie.",
        door: A::KccMedewerker,
        taken: &[Taak("334560116", "Afspraak bevestigen", "Bevestiging met benodigde stukken sturen.", &[A::Formulieren], true)],
    },
    Contact {
        nummer: "234560111",
        op: (2024, 9, 2, 10, 20),
        kanaal: "phone",
        onderwerp: "Status bezwaar WOZ-beschikking",
        inhoud: "Klant vraagt naar de stand van zijn bezwaar. De taxateur neemt contact op voor een bezichtiging.",
        door: A::KccMedewerker,
        taken: &[Taak("334560117", "Terugbellen", "Taxateur belt klant voor een afspraak.", &[A::Kcc, A::KccMedewerker], false)],
    },
];

/// Puts the persona into `store` and returns its BRP record.
pub(crate) fn insert(store: &mut Store) -> Persoon {
    insert_actoren(store);
    let contactnaam = records::contactnaam("A B", "Anton", "van", "Oostrum");
    insert_partij(store, contactnaam.clone());
    let naam = PartijNaam::Persoon(contactnaam);
    for (i, c) in CONTACTEN.iter().enumerate() {
        insert_contact(store, i, c, &naam);
    }
    insert_onderwerpen(store);
    persoon()
}

fn insert_actoren(store: &mut Store) {
    let domein = "gemeente-voorbeeld.nl";
    store.put_actor(records::medewerker(
        actor_id(A::KccMedewerker),
        "Marieke de Vries",
        "KCC-medewerker",
        &format!("marieke.devries@{domein}"),
        "0511461234",
    ));
    store.put_actor(records::medewerker(
        actor_id(A::Vergunningverlener),
        "Jeroen Bakker",
        "Vergunningverlener",
        &format!("jeroen.bakker@{domein}"),
        "0511461287",
    ));
    store.put_actor(records::geautomatiseerde_actor(
        actor_id(A::Formulieren),
        "Open Formulieren",
        "open-formulieren",
        "Formulierenplatform",
        "Maakt klantcontacten aan voor ingediende webformulieren",
    ));
    store.put_actor(records::organisatorische_eenheid(
        actor_id(A::TeamVergunningen),
        "Team Vergunningen",
        "VTH",
        "Vergunningen, Toezicht en Handhaving",
        &format!("vergunningen@{domein}"),
        "0511461300",
    ));
    store.put_actor(records::organisatorische_eenheid(
        actor_id(A::Kcc),
        "Klantcontactcentrum",
        "KCC",
        "Klantcontactcentrum: telefoon, balie, e-mail en chat",
        &format!("info@{domein}"),
        "0511461000",
    ));
}

fn insert_partij(store: &mut Store, contactnaam: Contactnaam) {
    let telefoon = id("digitaal-adres/telefoon");
    let email = id("digitaal-adres/email");
    let rekening = id("rekeningnummer");
    let mut d = records::digitaal_adres(
        telefoon,
        PARTIJ_UUID,
        "telefoonnummer",
        "0612345678",
        "Mobiel",
        true,
    );
    d.verificatie_datum = NaiveDate::from_ymd_opt(2023, 2, 21);
    store.put_digitaal_adres(d);
    store.put_digitaal_adres(records::digitaal_adres(
        email,
        PARTIJ_UUID,
        "email",
        "a.vanoostrum@kpnmail.nl",
        "Privé",
        true,
    ));
    store.put_rekeningnummer(Rekeningnummer {
        uuid: rekening,
        partij: Some(PARTIJ_UUID),
        iban: iban_nl("RABO", "0312456789"),
        bic: "RABONL2U".into(),
    });
    store.put_partij(Partij {
        uuid: PARTIJ_UUID,
        nummer: Some(PARTIJ_NUMMER.into()),
        interne_notitie: String::new(),
        identificatie: PartijIdentificatie::Persoon {
            contactnaam: Some(contactnaam),
        },
        digitale_adressen: vec![telefoon, email],
        voorkeurs_digitaal_adres: Some(telefoon),
        rekeningnummers: vec![rekening],
        voorkeurs_rekeningnummer: Some(rekening),
        indicatie_geheimhouding: Some(false),
        indicatie_actief: true,
        voorkeurstaal: "nld".into(),
        bezoekadres: Some(records::adres(&woonadres())),
        correspondentieadres: Some(records::adres(&correspondentieadres())),
    });
    store.put_partij_identificator(records::identificator(
        id("identificator/bsn"),
        PARTIJ_UUID,
        IdSoort::Bsn,
        BSN,
        None,
    ));
}

fn contact_id(i: usize) -> Uuid {
    id(&format!("klantcontact/{i}"))
}

fn insert_contact(store: &mut Store, i: usize, c: &Contact, naam: &PartijNaam) {
    let uuid = contact_id(i);
    let (y, mo, d, h, mi) = c.op;
    let op = records::moment(y, mo, d, h, mi);
    store.put_klantcontact(Klantcontact {
        uuid,
        nummer: Some(c.nummer.into()),
        referentienummer: None,
        kanaal: c.kanaal.into(),
        onderwerp: c.onderwerp.into(),
        inhoud: c.inhoud.into(),
        reactie: String::new(),
        indicatie_contact_gelukt: Some(true),
        hoofd_onderwerp_type: String::new(),
        verdere_actie_ondernomen: false,
        taal: "nld".into(),
        vertrouwelijk: false,
        plaatsgevonden_op: op,
        metadata: Default::default(),
    });
    store.put_betrokkene(records::betrokkene(
        id(&format!("betrokkene/{i}")),
        PARTIJ_UUID,
        uuid,
        Rol::Klant,
        true,
        naam,
    ));
    store.put_actorklantcontact(ActorKlantcontact {
        uuid: id(&format!("actorklantcontact/{i}")),
        actor: actor_id(c.door),
        klantcontact: uuid,
    });
    for (j, Taak(nummer, handeling, toelichting, actoren, verwerkt)) in c.taken.iter().enumerate() {
        let toegewezen_op = op + chrono::Duration::minutes(5 + j as i64);
        store.put_interne_taak(InterneTaak {
            uuid: id(&format!("internetaak/{nummer}")),
            nummer: Some((*nummer).into()),
            referentienummer: None,
            gevraagde_handeling: (*handeling).into(),
            aanleidinggevend_klantcontact: uuid,
            toegewezen_aan_actoren: actoren.iter().map(|a| actor_id(*a)).collect(),
            toelichting: (*toelichting).into(),
            status: if *verwerkt {
                "verwerkt"
            } else {
                "te_verwerken"
            }
            .into(),
            toegewezen_op,
            afgehandeld_op: verwerkt.then(|| toegewezen_op + chrono::Duration::days(3)),
        });
    }
}

/// The zaken the contacts were about, the follow-up chain and the attachments.
fn insert_onderwerpen(store: &mut Store) {
    // (klantcontact, zaak, earlier klantcontact it follows up)
    let onderwerpen: [(usize, Option<&str>, Option<usize>); 5] = [
        (4, Some("ZAAK-2023-0000000412"), None),
        (5, Some("ZAAK-2023-0000000412"), None),
        (5, None, Some(4)),
        (9, Some("ZAAK-2024-0000001187"), None),
        (11, None, Some(9)),
    ];
    for (n, (k, zaak, eerder)) in onderwerpen.iter().enumerate() {
        store.put_onderwerpobject(Onderwerpobject {
            uuid: id(&format!("onderwerpobject/{n}")),
            klantcontact: Some(contact_id(*k)),
            was_klantcontact: eerder.map(contact_id),
            onderwerpobjectidentificator: zaak.map(records::zaak),
        });
    }
    for (n, k) in [6usize, 6, 9].iter().enumerate() {
        store.put_bijlage(Bijlage {
            uuid: id(&format!("bijlage/{n}")),
            was_bijlage_van_klantcontact: Some(contact_id(*k)),
            bijlageidentificator: Some(records::informatieobject(id(&format!(
                "informatieobject/{n}"
            )))),
        });
    }
}
