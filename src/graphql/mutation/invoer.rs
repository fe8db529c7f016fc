//! The inputs of the KCC mutations and their checks, with Open Klant's own
//! rules (lengths, enums, telephone and e-mail patterns, the rule on
//! `indicatieContactGelukt` and `verdereActieOndernomen`), so that a bad
//! request is refused before any register call, naming the field. Each check
//! yields the register's body.

use async_graphql::{InputObject, Result, ID};
use chrono::{DateTime, FixedOffset, SecondsFormat};
use uuid::Uuid;

use super::fouten::Fouten;
use crate::domain::{Emailadres, Telefoonnummer};
use crate::graphql::types::enums::{InterneTaakStatus, Rol, SoortDigitaalAdres};
use crate::registers::klantinteracties::write::{
    InterneTaakWijziging, MaakKlantcontact, NieuwDigitaalAdres, NieuwKlantcontact,
    NieuwOnderwerpobject, NieuweBetrokkene, NieuweInterneTaak, Ref,
};
use crate::registers::klantinteracties::{Capabilities, Contactnaam, ObjectIdentificator};

/// A contact with a partij, to register.
#[derive(InputObject)]
pub struct RegistreerKlantcontactInput {
    /// The partij the contact was with (its betrokkene is created with it).
    pub partij: ID,
    /// The channel (a code of the KANAAL list, e.g. `telefoon`), at most 50 characters.
    pub kanaal: String,
    /// At most 200 characters.
    pub onderwerp: String,
    /// At most 1000 characters.
    pub inhoud: Option<String>,
    /// At most 4000 characters. Open Klant 2.18 and later: refused (before any write) by an older register, which would drop it.
    pub reactie: Option<String>,
    /// ISO 639-2/B, at most 3 characters.
    #[graphql(default = "nld")]
    pub taal: String,
    #[graphql(default = false)]
    pub vertrouwelijk: bool,
    /// When the contact took place; now when not given.
    pub plaatsgevonden_op: Option<DateTime<FixedOffset>>,
    pub indicatie_contact_gelukt: Option<bool>,
    /// Not together with a successful contact. Open Klant 2.18 and later: refused (before any write) by an older register, which would drop it.
    pub verdere_actie_ondernomen: Option<bool>,
    /// The kind of matter (a URL, e.g. a zaaktype), at most 200 characters. Open Klant 2.18 and later: refused (before any write) by an older register, which would drop it.
    pub hoofd_onderwerp_type: Option<String>,
    /// A whole number of at most 10 digits. Open Klant 2.18 and later: refused (before any write) by an older register, which would drop it.
    pub referentienummer: Option<String>,
    /// How the partij took part; a klant who started the contact when not given.
    pub betrokkene: Option<BetrokkeneInput>,
    /// What the contact was about.
    pub onderwerpobject: Option<OnderwerpobjectInput>,
}

/// How the partij took part in the contact.
#[derive(InputObject)]
pub struct BetrokkeneInput {
    #[graphql(default_with = "Rol::Klant")]
    pub rol: Rol,
    /// Whether the partij started the contact.
    #[graphql(default = true)]
    pub initiator: bool,
    pub contactnaam: Option<ContactnaamInput>,
    /// At most 200 characters.
    pub organisatienaam: Option<String>,
    /// Addresses the partij gave during the contact (e.g. a number to call
    /// back); at most 10.
    #[graphql(default)]
    pub digitale_adressen: Vec<DigitaalAdresInput>,
}

/// A name as the partij gave it.
#[derive(InputObject)]
pub struct ContactnaamInput {
    /// At most 10 characters.
    pub voorletters: Option<String>,
    /// At most 200 characters.
    pub voornaam: Option<String>,
    /// At most 10 characters.
    pub voorvoegsel_achternaam: Option<String>,
    /// At most 200 characters.
    pub achternaam: Option<String>,
}

/// An e-mail address, telephone number or other digital address.
#[derive(InputObject)]
pub struct DigitaalAdresInput {
    pub soort: SoortDigitaalAdres,
    /// At most 80 characters; an e-mail address or telephone number as
    /// Open Klant accepts them.
    pub adres: String,
    /// At most 40 characters. Required (non-blank) by Open Klant before 2.7.
    pub omschrijving: Option<String>,
}

/// An object the contact was about: one in another register (e.g. a zaak),
/// or an earlier klantcontact.
#[derive(InputObject)]
pub struct OnderwerpobjectInput {
    /// e.g. `zaak`; each part at most 200 characters.
    pub code_objecttype: Option<String>,
    /// e.g. `open-zaak`.
    pub code_register: Option<String>,
    /// e.g. `uuid`.
    pub code_soort_object_id: Option<String>,
    pub object_id: Option<String>,
    /// An earlier klantcontact this one follows up.
    pub was_klantcontact: Option<ID>,
}

/// A contactverzoek: work for actors that a klantcontact led to.
#[derive(InputObject)]
pub struct MaakInterneTaakInput {
    pub klantcontact: ID,
    /// What is asked, e.g. `Terugbellen`; at most 200 characters.
    pub gevraagde_handeling: String,
    /// At most 1000 characters.
    pub toelichting: Option<String>,
    /// The actors it is assigned to (one at least, at most 20).
    pub actoren: Vec<ID>,
    #[graphql(default_with = "InterneTaakStatus::TeVerwerken")]
    pub status: InterneTaakStatus,
}

/// A change of an interne taak: what is given changes.
#[derive(InputObject)]
pub struct WerkInterneTaakBijInput {
    pub uuid: ID,
    pub status: Option<InterneTaakStatus>,
    /// At most 1000 characters.
    pub toelichting: Option<String>,
    /// The actors it is assigned to from now on (one at least, at most 20).
    pub actoren: Option<Vec<ID>>,
}

/// What `registreerKlantcontact` sends: the `maak-klantcontact` body and
/// the digitale adressen to add to the betrokkene it creates.
pub struct Registratie {
    pub body: MaakKlantcontact,
    pub digitale_adressen: Vec<NieuwDigitaalAdres>,
}

/// Digitale adressen one registration may add: each is a write of its
/// own (`POST /digitaleadressen`), so the list is bounded, far above what a
/// caller gives during one contact.
const MAX_DIGITALE_ADRESSEN: usize = 10;

impl Registratie {
    /// `BAD_USER_INPUT` naming each input field the register's release would
    /// not keep (or refuses), with the release in the reason; `Ok` when it
    /// keeps them all.
    pub fn bewaard_door(&self, capabilities: &Capabilities) -> Result<()> {
        let mut f = Fouten::default();
        for n in self.body.niet_bewaard(capabilities) {
            let veld = n.veld.strip_prefix("klantcontact.").unwrap_or(n.veld);
            f.add(format!("input.{veld}"), n.reden);
        }
        for (i, adres) in self.digitale_adressen.iter().enumerate() {
            for n in adres.niet_bewaard(capabilities) {
                f.add(
                    format!("input.betrokkene.digitaleAdressen[{i}].{}", n.veld),
                    n.reden,
                );
            }
        }
        f.klaar()
    }
}

impl RegistreerKlantcontactInput {
    pub fn check(&self) -> Result<Registratie> {
        let mut f = Fouten::default();
        let partij = uuid(&mut f, "input.partij", &self.partij);
        let kanaal = f.tekst("input.kanaal", &self.kanaal, 1, 50);
        let onderwerp = f.tekst("input.onderwerp", &self.onderwerp, 1, 200);
        let inhoud = f.optioneel("input.inhoud", self.inhoud.as_deref(), 1000);
        let reactie = f.optioneel("input.reactie", self.reactie.as_deref(), 4000);
        let taal = f.tekst("input.taal", &self.taal, 1, 3);
        let hoofd_onderwerp_type = f.optioneel(
            "input.hoofdOnderwerpType",
            self.hoofd_onderwerp_type.as_deref(),
            200,
        );
        if let Some(url) = &hoofd_onderwerp_type {
            if !matches!(url::Url::parse(url), Ok(u) if matches!(u.scheme(), "http" | "https")) {
                f.add("input.hoofdOnderwerpType", "must be an http(s) URL");
            }
        }
        let referentienummer = f.optioneel(
            "input.referentienummer",
            self.referentienummer.as_deref(),
            10,
        );
        if referentienummer
            .as_ref()
            .is_some_and(|r| !r.bytes().all(|b| b.is_ascii_digit()))
        {
            f.add("input.referentienummer", "must be a whole number");
        }
        if self.indicatie_contact_gelukt == Some(true)
            && self.verdere_actie_ondernomen == Some(true)
        {
            f.add(
                "input.verdereActieOndernomen",
                "cannot be true when indicatieContactGelukt is true",
            );
        }
        let (betrokkene, digitale_adressen) = self.betrokkene(&mut f, partij);
        let onderwerpobject = self
            .onderwerpobject
            .as_ref()
            .map(|o| o.check(&mut f, "input.onderwerpobject"));
        f.klaar()?;
        Ok(Registratie {
            body: MaakKlantcontact {
                klantcontact: NieuwKlantcontact {
                    kanaal,
                    onderwerp,
                    inhoud,
                    reactie,
                    taal,
                    vertrouwelijk: self.vertrouwelijk,
                    plaatsgevonden_op: self
                        .plaatsgevonden_op
                        .map(|d| d.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
                    indicatie_contact_gelukt: self.indicatie_contact_gelukt,
                    verdere_actie_ondernomen: self.verdere_actie_ondernomen,
                    hoofd_onderwerp_type,
                    referentienummer,
                },
                betrokkene: Some(betrokkene),
                onderwerpobject,
            },
            digitale_adressen,
        })
    }

    fn betrokkene(
        &self,
        f: &mut Fouten,
        partij: Uuid,
    ) -> (NieuweBetrokkene, Vec<NieuwDigitaalAdres>) {
        let b = self.betrokkene.as_ref();
        let contactnaam = b.and_then(|b| b.contactnaam.as_ref()).map(|c| {
            let mut part = |name: &str, value: &Option<String>, max: usize| {
                f.optioneel(
                    &format!("input.betrokkene.contactnaam.{name}"),
                    value.as_deref(),
                    max,
                )
                .unwrap_or_default()
            };
            Contactnaam {
                voorletters: part("voorletters", &c.voorletters, 10),
                voornaam: part("voornaam", &c.voornaam, 200),
                voorvoegsel_achternaam: part(
                    "voorvoegselAchternaam",
                    &c.voorvoegsel_achternaam,
                    10,
                ),
                achternaam: part("achternaam", &c.achternaam, 200),
            }
        });
        let organisatienaam = f.optioneel(
            "input.betrokkene.organisatienaam",
            b.and_then(|b| b.organisatienaam.as_deref()),
            200,
        );
        let adressen = b
            .map(|b| b.digitale_adressen.as_slice())
            .unwrap_or_default();
        if adressen.len() > MAX_DIGITALE_ADRESSEN {
            f.add(
                "input.betrokkene.digitaleAdressen",
                format!(
                    "at most {MAX_DIGITALE_ADRESSEN} digitale adressen in one registration ({} given)",
                    adressen.len()
                ),
            );
        }
        let adressen = adressen
            .iter()
            .enumerate()
            .map(|(i, a)| a.check(f, &format!("input.betrokkene.digitaleAdressen[{i}]")))
            .collect();
        let betrokkene = NieuweBetrokkene {
            was_partij: Some(Ref { uuid: partij }),
            rol: match b.map_or(Rol::Klant, |b| b.rol) {
                Rol::Klant => "klant",
                Rol::Vertegenwoordiger => "vertegenwoordiger",
            }
            .to_string(),
            initiator: b.is_none_or(|b| b.initiator),
            contactnaam,
            organisatienaam,
        };
        (betrokkene, adressen)
    }
}

impl DigitaalAdresInput {
    /// The address (normalised as Open Klant stores it); the betrokkene
    /// that gave it is filled in once it exists.
    fn check(&self, f: &mut Fouten, pad: &str) -> NieuwDigitaalAdres {
        let veld = format!("{pad}.adres");
        let mut adres = f.tekst(&veld, &self.adres, 1, 80);
        let soort = match self.soort {
            SoortDigitaalAdres::Email => {
                match Emailadres::parse(&adres) {
                    Ok(e) => adres = e.as_str().to_string(),
                    Err(e) if !adres.is_empty() => f.add(&veld, e.to_string()),
                    Err(_) => {}
                }
                "email"
            }
            SoortDigitaalAdres::Telefoonnummer => {
                match Telefoonnummer::parse(&adres) {
                    Ok(t) => adres = t.as_str().to_string(),
                    Err(e) if !adres.is_empty() => f.add(&veld, e.to_string()),
                    Err(_) => {}
                }
                "telefoonnummer"
            }
            SoortDigitaalAdres::Overig => "overig",
        };
        NieuwDigitaalAdres {
            verstrekt_door_betrokkene: None,
            verstrekt_door_partij: None,
            adres,
            soort_digitaal_adres: soort.to_string(),
            omschrijving: f.optioneel(
                &format!("{pad}.omschrijving"),
                self.omschrijving.as_deref(),
                40,
            ),
        }
    }
}

impl OnderwerpobjectInput {
    fn check(&self, f: &mut Fouten, pad: &str) -> NieuwOnderwerpobject {
        let mut part = |name: &str, value: &Option<String>| {
            f.optioneel(&format!("{pad}.{name}"), value.as_deref(), 200)
        };
        let parts = [
            part("codeObjecttype", &self.code_objecttype),
            part("codeRegister", &self.code_register),
            part("codeSoortObjectId", &self.code_soort_object_id),
            part("objectId", &self.object_id),
        ];
        let identificator = parts.iter().any(Option::is_some).then(|| {
            let [code_objecttype, code_register, code_soort_object_id, object_id] =
                parts.map(Option::unwrap_or_default);
            ObjectIdentificator {
                object_id,
                code_objecttype,
                code_register,
                code_soort_object_id,
            }
        });
        NieuwOnderwerpobject {
            onderwerpobjectidentificator: identificator,
            was_klantcontact: self.was_klantcontact.as_ref().map(|k| Ref {
                uuid: uuid(f, &format!("{pad}.wasKlantcontact"), k),
            }),
        }
    }
}

impl MaakInterneTaakInput {
    pub fn check(&self) -> Result<NieuweInterneTaak> {
        let mut f = Fouten::default();
        let klantcontact = uuid(&mut f, "input.klantcontact", &self.klantcontact);
        let gevraagde_handeling = f.tekst(
            "input.gevraagdeHandeling",
            &self.gevraagde_handeling,
            1,
            200,
        );
        let toelichting = f.optioneel("input.toelichting", self.toelichting.as_deref(), 1000);
        let actoren = actoren(&mut f, &self.actoren);
        f.klaar()?;
        Ok(NieuweInterneTaak {
            gevraagde_handeling,
            aanleidinggevend_klantcontact: Ref { uuid: klantcontact },
            toegewezen_aan_actoren: actoren,
            toelichting,
            status: self.status.code().to_string(),
        })
    }
}

impl WerkInterneTaakBijInput {
    /// The taak to change and the change.
    pub fn check(&self) -> Result<(Uuid, InterneTaakWijziging)> {
        let mut f = Fouten::default();
        let taak = uuid(&mut f, "input.uuid", &self.uuid);
        // Given blank, a toelichting is emptied: that is a change too.
        let toelichting = self
            .toelichting
            .as_deref()
            .map(|t| f.tekst("input.toelichting", t, 0, 1000));
        let actoren = self.actoren.as_ref().map(|a| actoren(&mut f, a));
        if self.status.is_none() && toelichting.is_none() && actoren.is_none() {
            f.add("input", "give at least one of status, toelichting, actoren");
        }
        f.klaar()?;
        Ok((
            taak,
            InterneTaakWijziging {
                status: self.status.map(|s| s.code().to_string()),
                toelichting,
                toegewezen_aan_actoren: actoren,
            },
        ))
    }
}

/// Actors one taak may be assigned to: whoever reads the taak's
/// `toegewezenAan` loads each, so the gateway writes no taak that makes
/// every later reading of it a long row of calls.
const MAX_ACTOREN: usize = 20;

/// Assigned actors: one at least, at most [`MAX_ACTOREN`], each once.
fn actoren(f: &mut Fouten, ids: &[ID]) -> Vec<Ref> {
    if ids.is_empty() {
        f.add("input.actoren", "assign the taak to one actor at least");
    }
    if ids.len() > MAX_ACTOREN {
        f.add(
            "input.actoren",
            format!(
                "assign the taak to at most {MAX_ACTOREN} actors ({} given)",
                ids.len()
            ),
        );
    }
    let mut refs: Vec<Ref> = Vec::with_capacity(ids.len());
    for (i, id) in ids.iter().enumerate() {
        let r = Ref {
            uuid: uuid(f, &format!("input.actoren[{i}]"), id),
        };
        if !refs.contains(&r) {
            refs.push(r);
        }
    }
    refs
}

fn uuid(f: &mut Fouten, field: &str, id: &ID) -> Uuid {
    Uuid::parse_str(id.trim()).unwrap_or_else(|_| {
        f.add(field, format!("{:?} is not a uuid", id.as_str()));
        Uuid::nil()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RegistreerKlantcontactInput {
        RegistreerKlantcontactInput {
            partij: ID::from("3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11"),
            kanaal: "telefoon".into(),
            onderwerp: " Vraag over afval ".into(),
            inhoud: None,
            reactie: None,
            taal: "nld".into(),
            vertrouwelijk: false,
            plaatsgevonden_op: None,
            indicatie_contact_gelukt: Some(true),
            verdere_actie_ondernomen: None,
            hoofd_onderwerp_type: None,
            referentienummer: None,
            betrokkene: Some(BetrokkeneInput {
                rol: Rol::Klant,
                initiator: true,
                contactnaam: None,
                organisatienaam: None,
                digitale_adressen: vec![DigitaalAdresInput {
                    soort: SoortDigitaalAdres::Telefoonnummer,
                    adres: "06-12345678".into(),
                    omschrijving: Some("terugbelnummer".into()),
                }],
            }),
            onderwerpobject: None,
        }
    }

    #[test]
    fn a_good_input_becomes_the_register_body() {
        let r = input().check().unwrap();
        assert_eq!(r.body.klantcontact.onderwerp, "Vraag over afval");
        let b = r.body.betrokkene.unwrap();
        assert_eq!(b.rol, "klant");
        assert!(b.was_partij.is_some());
        assert_eq!(r.digitale_adressen[0].adres, "0612345678");
    }

    #[test]
    fn every_broken_rule_names_its_field() {
        let mut i = input();
        i.kanaal = "x".repeat(51);
        i.verdere_actie_ondernomen = Some(true);
        i.referentienummer = Some("12a".into());
        i.betrokkene
            .as_mut()
            .unwrap()
            .digitale_adressen
            .push(DigitaalAdresInput {
                soort: SoortDigitaalAdres::Email,
                adres: "anton@".into(),
                omschrijving: None,
            });
        let error = i.check().err().unwrap();
        for field in [
            "input.kanaal",
            "input.referentienummer",
            "input.verdereActieOndernomen",
            "input.betrokkene.digitaleAdressen[1].adres",
        ] {
            assert!(
                error.message.contains(field),
                "{field} in {}",
                error.message
            );
        }
    }

    #[test]
    fn an_interne_taak_needs_an_actor_and_a_change_something_to_change() {
        let taak = MaakInterneTaakInput {
            klantcontact: ID::from("3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11"),
            gevraagde_handeling: "Terugbellen".into(),
            toelichting: None,
            actoren: vec![],
            status: InterneTaakStatus::TeVerwerken,
        };
        assert!(taak
            .check()
            .err()
            .unwrap()
            .message
            .starts_with("input.actoren"));
        let wijziging = WerkInterneTaakBijInput {
            uuid: ID::from("3f1e4a8e-7f25-4d57-9f0a-0c0f4d5b2e11"),
            status: None,
            toelichting: None,
            actoren: None,
        };
        assert!(wijziging
            .check()
            .err()
            .unwrap()
            .message
            .starts_with("input:"));
    }
}
