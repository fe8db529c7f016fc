//! Writes to Klantinteracties: the bodies Open Klant accepts (the minimal
//! ones of research §16 plus the optional fields the KCC flow fills) and the
//! calls that send them. The register checks every body again; a 400 comes
//! back as a `RegisterError` whose problem names the fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::model::{
    Betrokkene, Contactnaam, DigitaalAdres, InterneTaak, Klantcontact, ObjectIdentificator,
    Onderwerpobject, Resource,
};
use super::{Capabilities, Klantinteracties};
use crate::registers::RegisterError;

/// A relation as a write sends it: `{"uuid": …}` (the `url` is read-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Ref {
    pub uuid: Uuid,
}

/// `POST /maak-klantcontact`: a klantcontact with an optional betrokkene and
/// onderwerpobject, created together and linked to it by the register.
#[derive(Debug, Clone, Serialize)]
pub struct MaakKlantcontact {
    pub klantcontact: NieuwKlantcontact,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betrokkene: Option<NieuweBetrokkene>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub onderwerpobject: Option<NieuwOnderwerpobject>,
}

/// The klantcontact of [`MaakKlantcontact`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NieuwKlantcontact {
    pub kanaal: String,
    pub onderwerp: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inhoud: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reactie: Option<String>,
    pub taal: String,
    pub vertrouwelijk: bool,
    /// RFC 3339; the register's default (now) when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plaatsgevonden_op: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicatie_contact_gelukt: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdere_actie_ondernomen: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hoofd_onderwerp_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referentienummer: Option<String>,
}

/// The betrokkene of [`MaakKlantcontact`] (`hadKlantcontact` is set by the register).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NieuweBetrokkene {
    pub was_partij: Option<Ref>,
    /// `klant` or `vertegenwoordiger`.
    pub rol: String,
    pub initiator: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contactnaam: Option<Contactnaam>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisatienaam: Option<String>,
}

/// The onderwerpobject of [`MaakKlantcontact`] (`klantcontact` is set by the register).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NieuwOnderwerpobject {
    pub onderwerpobjectidentificator: Option<ObjectIdentificator>,
    pub was_klantcontact: Option<Ref>,
}

/// What `POST /maak-klantcontact` answers.
#[derive(Debug, Clone, Deserialize)]
pub struct KlantcontactGemaakt {
    pub klantcontact: Klantcontact,
    #[serde(default)]
    pub betrokkene: Option<Betrokkene>,
    #[serde(default)]
    pub onderwerpobject: Option<Onderwerpobject>,
}

/// `POST /digitaleadressen`. Open Klant 2.18 requires the key
/// `verstrektDoorPartij`, null allowed (research §16).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NieuwDigitaalAdres {
    pub verstrekt_door_betrokkene: Option<Ref>,
    pub verstrekt_door_partij: Option<Ref>,
    pub adres: String,
    /// `email`, `telefoonnummer` or `overig`.
    pub soort_digitaal_adres: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omschrijving: Option<String>,
}

/// `POST /internetaken`: a contactverzoek, assigned to actors.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NieuweInterneTaak {
    pub gevraagde_handeling: String,
    pub aanleidinggevend_klantcontact: Ref,
    pub toegewezen_aan_actoren: Vec<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toelichting: Option<String>,
    /// `te_verwerken` or `verwerkt`.
    pub status: String,
}

/// `PATCH /internetaken/{uuid}`: only what is given changes.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InterneTaakWijziging {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toelichting: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toegewezen_aan_actoren: Option<Vec<Ref>>,
}

/// A field of a write body that a release does not store (it would accept
/// the body and drop the field without a word), or that it requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NietBewaard {
    /// The field's name in the body, e.g. `klantcontact.reactie`.
    pub veld: &'static str,
    /// Why it cannot be written as it is.
    pub reden: String,
}

impl MaakKlantcontact {
    /// The fields of this body that the release of `capabilities` does not
    /// store; empty when it keeps everything.
    pub fn niet_bewaard(&self, capabilities: &Capabilities) -> Vec<NietBewaard> {
        let k = &self.klantcontact;
        let release = capabilities.release;
        let mut out = Vec::new();
        if !capabilities.klantcontact_afhandeling {
            let velden = [
                ("klantcontact.reactie", k.reactie.is_some()),
                (
                    "klantcontact.verdereActieOndernomen",
                    k.verdere_actie_ondernomen.is_some(),
                ),
                (
                    "klantcontact.hoofdOnderwerpType",
                    k.hoofd_onderwerp_type.is_some(),
                ),
                (
                    "klantcontact.referentienummer",
                    k.referentienummer.is_some(),
                ),
            ];
            for (veld, gegeven) in velden {
                if gegeven {
                    out.push(NietBewaard {
                        veld,
                        reden: format!(
                            "{release} does not store this field (it came in Open Klant 2.18); leave it out"
                        ),
                    });
                }
            }
        }
        out
    }
}

impl NieuwDigitaalAdres {
    /// What the release of `capabilities` requires of this body that it
    /// lacks (Open Klant 2.4: a non-blank `omschrijving`).
    pub fn niet_bewaard(&self, capabilities: &Capabilities) -> Vec<NietBewaard> {
        let blank = self
            .omschrijving
            .as_deref()
            .is_none_or(|o| o.trim().is_empty());
        if capabilities.omschrijving_verplicht && blank {
            return vec![NietBewaard {
                veld: "omschrijving",
                reden: format!(
                    "is required by {} (non-blank) for a digitaal adres",
                    capabilities.release
                ),
            }];
        }
        Vec::new()
    }
}

impl Klantinteracties {
    /// `POST /maak-klantcontact`.
    pub(crate) async fn maak_klantcontact(
        &self,
        body: &MaakKlantcontact,
    ) -> Result<KlantcontactGemaakt, RegisterError> {
        const PATH: &str = "/maak-klantcontact";
        self.handle()
            .post(self.handle().url(PATH, &[]), PATH, body)
            .await
    }

    /// `POST` of a new object to `T`'s collection.
    pub(crate) async fn create<T: Resource, B: Serialize + ?Sized>(
        &self,
        body: &B,
    ) -> Result<T, RegisterError> {
        self.handle()
            .post(self.handle().url(T::PATH, &[]), T::PATH, body)
            .await
    }

    /// `PATCH` of an object of `T`.
    pub(crate) async fn patch<T: Resource, B: Serialize + ?Sized>(
        &self,
        uuid: Uuid,
        body: &B,
    ) -> Result<T, RegisterError> {
        let path = format!("{}/{uuid}", T::PATH);
        self.handle()
            .patch(self.handle().url(&path, &[]), T::DETAIL, body)
            .await
    }

    /// A digitaal adres, given by a betrokkene.
    pub(crate) async fn maak_digitaal_adres(
        &self,
        body: &NieuwDigitaalAdres,
    ) -> Result<DigitaalAdres, RegisterError> {
        self.create(body).await
    }

    /// An interne taak.
    pub(crate) async fn maak_interne_taak(
        &self,
        body: &NieuweInterneTaak,
    ) -> Result<InterneTaak, RegisterError> {
        self.create(body).await
    }

    /// Changes an interne taak.
    pub(crate) async fn wijzig_interne_taak(
        &self,
        uuid: Uuid,
        body: &InterneTaakWijziging,
    ) -> Result<InterneTaak, RegisterError> {
        self.patch(uuid, body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registers::klantinteracties::Release;
    use serde_json::json;

    #[test]
    fn what_2_4_does_not_store_or_requires_is_named_per_field() {
        let body = MaakKlantcontact {
            klantcontact: NieuwKlantcontact {
                kanaal: "telefoon".into(),
                onderwerp: "o".into(),
                inhoud: None,
                reactie: Some("r".into()),
                taal: "nld".into(),
                vertrouwelijk: false,
                plaatsgevonden_op: None,
                indicatie_contact_gelukt: None,
                verdere_actie_ondernomen: None,
                hoofd_onderwerp_type: None,
                referentienummer: Some("4711".into()),
            },
            betrokkene: None,
            onderwerpobject: None,
        };
        let old = Release::V2_4.capabilities();
        let velden: Vec<&str> = body.niet_bewaard(&old).iter().map(|n| n.veld).collect();
        assert_eq!(
            velden,
            ["klantcontact.reactie", "klantcontact.referentienummer"]
        );
        assert!(body.niet_bewaard(&old)[0].reden.contains("Open Klant 2.4"));
        assert!(body.niet_bewaard(&Release::V2_18.capabilities()).is_empty());
        let mut adres = NieuwDigitaalAdres {
            verstrekt_door_betrokkene: None,
            verstrekt_door_partij: None,
            adres: "0612345678".into(),
            soort_digitaal_adres: "telefoonnummer".into(),
            omschrijving: Some("  ".into()),
        };
        assert_eq!(adres.niet_bewaard(&old)[0].veld, "omschrijving");
        assert!(adres.niet_bewaard(&Release::V2_7.capabilities()).is_empty());
        adres.omschrijving = Some("mobiel".into());
        assert!(adres.niet_bewaard(&old).is_empty());
    }

    #[test]
    fn bodies_carry_the_keys_open_klant_requires_and_nothing_unset() {
        let adres = NieuwDigitaalAdres {
            verstrekt_door_betrokkene: Some(Ref { uuid: Uuid::nil() }),
            verstrekt_door_partij: None,
            adres: "0612345678".into(),
            soort_digitaal_adres: "telefoonnummer".into(),
            omschrijving: None,
        };
        assert_eq!(
            serde_json::to_value(&adres).unwrap(),
            json!({"verstrektDoorBetrokkene": {"uuid": Uuid::nil()}, "verstrektDoorPartij": null,
                   "adres": "0612345678", "soortDigitaalAdres": "telefoonnummer"})
        );
        let wijziging = InterneTaakWijziging {
            status: Some("verwerkt".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&wijziging).unwrap(),
            json!({"status": "verwerkt"})
        );
    }
}
