//! The Klantinteracties client against the sandbox: the C4161 persona by
//! get, list, paging and expand; every resource decodes; problems on 400,
//! 401 and 404.

use klantbeeld_gateway::graphql::error::ErrorCode;
use klantbeeld_gateway::registers::klantinteracties::{
    Actor, ActorKlantcontact, Betrokkene, Bijlage, Categorie, CategorieRelatie, CodeSoortObjectId,
    DigitaalAdres, InterneTaak, Klantcontact, Onderwerpobject, Partij, PartijIdentificatie,
    PartijIdentificator, Rekeningnummer, Resource, SoortActor, SoortPartij, Status,
    Vertegenwoordiging,
};
use klantbeeld_gateway::registers::{ErrorKind, Klantinteracties, Register};
use uuid::Uuid;

use super::{config_for, list, list_page, observe, registers};
use crate::helpers::spawn_app;

const PERSONA_NUMMER: &str = "123454321";
const PERSONA_BSN: &str = "999990007";

async fn persona(ki: &Klantinteracties, expand: &[&str]) -> Partij {
    ki.partij_met_nummer(PERSONA_NUMMER, expand)
        .await
        .unwrap()
        .expect("the persona is in every data set")
}

#[tokio::test]
async fn the_persona_by_nummer_bsn_and_uuid_with_expanded_klantcontacten() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let ki = &registers.klantinteracties;
    let seen = observe(&registers);

    let partij = persona(ki, &["betrokkenen.hadKlantcontact", "digitaleAdressen"]).await;
    assert_eq!(partij.soort_partij(), SoortPartij::Persoon);
    assert_eq!(
        partij.identificator(&CodeSoortObjectId::Bsn),
        Some(PERSONA_BSN)
    );
    let PartijIdentificatie::Persoon(persoon) = &partij.identificatie else {
        panic!("a persoon: {:?}", partij.identificatie)
    };
    assert_eq!(persoon.volledige_naam, "Anton van Oostrum");
    let bezoek = partij.bezoekadres.clone().unwrap_or_default();
    assert_eq!(
        (
            bezoek.straatnaam.as_str(),
            bezoek.huisnummer,
            bezoek.postcode.as_str()
        ),
        ("Van Puffelenstraat", Some(23), "9823 SG")
    );
    let correspondentie = partij.correspondentieadres.clone().unwrap_or_default();
    assert_eq!(correspondentie.straatnaam, "Janssenstraat");

    // betrokkenen.hadKlantcontact: the parent path was added by the client.
    let expand = partij.expand.clone().unwrap_or_default();
    let betrokkenen = expand.betrokkenen.unwrap_or_default();
    assert_eq!(betrokkenen.len(), partij.betrokkenen.len());
    let contacten: Vec<Klantcontact> = betrokkenen
        .iter()
        .filter_map(|b| b.expand.as_ref()?.had_klantcontact.as_deref().cloned())
        .collect();
    assert_eq!(contacten.len(), 12, "the persona's 12 klantcontacten");
    assert!(contacten
        .iter()
        .any(|k| k.nummer.as_deref() == Some("234565432")));
    assert_eq!(
        expand.digitale_adressen.map(|d| d.len()),
        Some(partij.digitale_adressen.len())
    );
    let calls = seen.lock().unwrap().clone();
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0].template.as_str(), calls[0].objects),
        ("/partijen", 1)
    );
    assert_eq!(
        calls[0].expanded,
        betrokkenen.len() + contacten.len() + partij.digitale_adressen.len()
    );

    let by_bsn = ki.partij_met_bsn(PERSONA_BSN, &[]).await.unwrap();
    assert_eq!(by_bsn.map(|p| p.uuid), Some(partij.uuid));
    let by_uuid: Partij = ki.get(partij.uuid, &[]).await.unwrap();
    assert_eq!(by_uuid.nummer.as_deref(), Some(PERSONA_NUMMER));
    assert_eq!(by_uuid.expand, None);
    assert_eq!(
        seen.lock().unwrap().last().map(|s| s.template.clone()),
        Some("/partijen/{uuid}".into())
    );
}

#[tokio::test]
async fn the_persona_klantcontact_with_its_taak_betrokkene_and_actor() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let ki = &registers.klantinteracties;
    let partij = persona(ki, &[]).await;

    let contacten = ki
        .klantcontacten_van_partij(partij.uuid, &["hadBetrokkenen", "leiddeTotInterneTaken"])
        .await
        .unwrap();
    assert_eq!(contacten.len(), 12);
    let taken: usize = contacten
        .iter()
        .map(|k| {
            k.expand
                .as_ref()
                .and_then(|e| e.leidde_tot_interne_taken.as_ref())
                .map_or(0, Vec::len)
        })
        .sum();
    assert_eq!(taken, 18, "the persona's 18 interne taken");

    let contact = contacten
        .iter()
        .find(|k| k.nummer.as_deref() == Some("234565432"))
        .expect("klantcontact 234565432");
    let expand = contact.expand.clone().unwrap_or_default();
    let betrokkenen = expand.had_betrokkenen.unwrap_or_default();
    assert!(
        betrokkenen
            .iter()
            .any(|b| b.volledige_naam == "Anton van Oostrum"),
        "{betrokkenen:?}"
    );
    let taak = expand
        .leidde_tot_interne_taken
        .unwrap_or_default()
        .into_iter()
        .find(|t| t.nummer.as_deref() == Some("334565432"))
        .expect("interne taak 334565432");
    assert_eq!(taak.gevraagde_handeling, "Terugbellen");
    assert_eq!(taak.status, Status::TeVerwerken);

    // The same taak, and its actor, by uuid.
    let direct: InterneTaak = ki.get(taak.uuid, &[]).await.unwrap();
    assert_eq!(direct, taak);
    let actor_fk = taak.actoren().first().map(|f| f.uuid).expect("assigned");
    let actor: Actor = ki.get(actor_fk, &[]).await.unwrap();
    assert_eq!(actor.soort_actor(), SoortActor::Medewerker);
    let open = ki
        .interne_taken_van_actor(actor.uuid, Some(&Status::TeVerwerken))
        .await
        .unwrap();
    assert!(open.iter().any(|t| t.uuid == taak.uuid));
    assert!(open.iter().all(|t| t.status == Status::TeVerwerken));

    let via_filter = ki
        .interne_taken_van_klantcontact(contact.uuid)
        .await
        .unwrap();
    assert!(via_filter.iter().any(|t| t.uuid == taak.uuid));
    let betrokkenen = ki
        .betrokkenen_van_klantcontact(contact.uuid, &[])
        .await
        .unwrap();
    assert_eq!(betrokkenen.len(), contact.had_betrokkenen.len());
}

#[tokio::test]
async fn a_list_over_several_pages_follows_next() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let ki = &registers.klantinteracties;
    let partij = persona(ki, &[]).await;
    let filter = ("hadBetrokkene__wasPartij__uuid", partij.uuid.to_string());

    let page = list_page::<Klantcontact>(ki, &[filter.clone(), ("pageSize", "5".into())], &[])
        .await
        .unwrap();
    assert_eq!((page.count, page.results.len()), (Some(12), 5));
    assert!(page.next.is_some() && page.previous.is_none());

    let whole = ki
        .klantcontacten_van_partij(partij.uuid, &[])
        .await
        .unwrap();
    app.reset_stats().await;
    let paged = list::<Klantcontact>(ki, &[filter, ("pageSize", "5".into())], &[])
        .await
        .unwrap();
    assert_eq!(paged, whole);
    let stats = &app.stats().await["registers"]["klantinteracties"];
    assert_eq!(stats["requests"], 3, "{stats}");
}

#[tokio::test]
async fn every_resource_decodes() {
    let app = spawn_app().await;
    let registers = registers(&config_for(&app));
    let ki = &registers.klantinteracties;

    async fn some<T: Resource>(ki: &Klantinteracties) -> usize {
        let page = list_page::<T>(ki, &[("pageSize", "50".into())], &[])
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", T::PATH));
        page.results.len()
    }
    let counts = [
        ("partijen", some::<Partij>(ki).await),
        (
            "partij-identificatoren",
            some::<PartijIdentificator>(ki).await,
        ),
        ("betrokkenen", some::<Betrokkene>(ki).await),
        ("klantcontacten", some::<Klantcontact>(ki).await),
        ("internetaken", some::<InterneTaak>(ki).await),
        ("actoren", some::<Actor>(ki).await),
        ("actorklantcontacten", some::<ActorKlantcontact>(ki).await),
        ("digitaleadressen", some::<DigitaalAdres>(ki).await),
        ("onderwerpobjecten", some::<Onderwerpobject>(ki).await),
        ("bijlagen", some::<Bijlage>(ki).await),
        ("rekeningnummers", some::<Rekeningnummer>(ki).await),
        ("vertegenwoordigingen", some::<Vertegenwoordiging>(ki).await),
        ("categorieen", some::<Categorie>(ki).await),
        ("categorie-relaties", some::<CategorieRelatie>(ki).await),
    ];
    for (path, n) in &counts[..8] {
        assert!(*n > 0, "{path} is empty: {counts:?}");
    }

    // The four expandable resources, with every expand they offer.
    let partijen = list_page::<Partij>(
        ki,
        &[("pageSize", "20".into())],
        <Partij as Resource>::EXPAND,
    )
    .await
    .unwrap();
    assert!(partijen.results.iter().all(|p| p.expand.is_some()));
    let contacten = list_page::<Klantcontact>(
        ki,
        &[("pageSize", "20".into())],
        <Klantcontact as Resource>::EXPAND,
    )
    .await
    .unwrap();
    assert!(contacten.results.iter().all(|k| k.expand.is_some()));
    list_page::<Betrokkene>(
        ki,
        &[("pageSize", "20".into())],
        <Betrokkene as Resource>::EXPAND,
    )
    .await
    .unwrap();
    list_page::<DigitaalAdres>(
        ki,
        &[("pageSize", "20".into())],
        <DigitaalAdres as Resource>::EXPAND,
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn problems_of_400_401_and_404_are_decoded() {
    let app = spawn_app().await;
    let mut config = config_for(&app);
    let registers_ok = registers(&config);
    let ki = &registers_ok.klantinteracties;

    let err = list_page::<Partij>(ki, &[("uuid__in", "a,b".into())], &[])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "BAD_USER_INPUT");
    let ErrorKind::BadRequest {
        problem: Some(problem),
    } = &err.kind
    else {
        panic!("a 400 with a problem: {err:?}")
    };
    assert_eq!(problem.invalid_params[0].name, "nonFieldErrors");
    assert_eq!(problem.invalid_params[0].code, "unknown-parameters");

    let err = ki
        .get::<Klantcontact>(Uuid::nil(), &["bestaatNiet"])
        .await
        .unwrap_err();
    assert_eq!(err.code(), "BAD_USER_INPUT", "{err:?}");
    assert_eq!(
        err.problem().map(|p| p.invalid_params[0].name.as_str()),
        Some("expand")
    );

    let err = ki
        .get::<Klantcontact>(Uuid::new_v4(), &[])
        .await
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(
        (err.code(), err.register),
        ("NOT_FOUND", Register::Klantinteracties)
    );
    assert!(
        err.to_string().contains("GET /klantcontacten/{uuid}"),
        "{err}"
    );

    config.klantinteracties.token = "verkeerd".into();
    let err = list_page::<Partij>(&registers(&config).klantinteracties, &[], &[])
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind, ErrorKind::Unauthorized { status: 401, .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "FORBIDDEN");
    assert!(!err.to_string().contains("verkeerd"), "{err}");
}
