//! Notifications in: the webhook of the consumer spec (secret checked before
//! the body, 204 at once, duplicates dropped), the events they become, the
//! sandbox delivering them after its writes, and the caches they clear.

use std::time::Duration;

use klantbeeld_gateway::config::Config;
use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use crate::subscriptions::client::{Sse, Ws, TRANSPORT_WS};
use crate::subscriptions::{KLANTCONTACTEN, PARTIJ, TAKEN};

/// The secret the development config shares between sandbox and gateway.
fn secret() -> String {
    Config::development().notificaties.auth
}

impl TestApp {
    /// Posts a notification to the gateway's webhook; answers the status.
    async fn notificeer(&self, auth: Option<&str>, body: &Value) -> u16 {
        let mut request = self
            .client
            .post(format!("{}/api/notificaties", self.gateway))
            .json(body);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        request.send().await.unwrap().status().as_u16()
    }

    /// The URL of a partij in the sandbox, as Open Klant writes it.
    fn partij_url(&self, partij: &str) -> String {
        format!("{}/klantinteracties/api/v1/partijen/{partij}", self.sandbox)
    }

    /// Sets a partij's interneNotitie in the sandbox and notifies the
    /// gateway by hand, as Open Notificaties would.
    async fn wijzig_partij(&self, partij: &str, notitie: &str) {
        let (status, body) = self
            .ki_write(
                Method::PATCH,
                &format!("/partijen/{partij}"),
                json!({"interneNotitie": notitie}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        let status = self
            .notificeer(
                Some(&secret()),
                &melding(
                    "partijen",
                    "partij",
                    &self.partij_url(partij),
                    "partial_update",
                ),
            )
            .await;
        assert_eq!(status, 204);
    }
}

/// A notification as Open Klant publishes it, made now.
fn melding(kanaal: &str, resource: &str, url: &str, actie: &str) -> Value {
    json!({"kanaal": kanaal, "hoofdObject": url, "resource": resource, "resourceUrl": url,
           "actie": actie,
           "aanmaakdatum": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
           "kenmerken": {}})
}

/// `(actie, interneNotitie)` of the next partij event that is not a probe.
async fn partij_event(sse: &mut Sse) -> (String, Value) {
    loop {
        let r = sse.next_result().await;
        assert!(r.get("errors").is_none(), "{r}");
        let e = &r["data"]["partijGewijzigd"];
        let notitie = e["partij"]["interneNotitie"].clone();
        if !notitie.as_str().is_some_and(|n| n.starts_with("sonde")) {
            return (e["actie"].as_str().unwrap().to_string(), notitie);
        }
    }
}

/// A partij and an SSE subscriber to its changes that listens.
async fn luisterend(app: &TestApp) -> (String, Sse) {
    let partij = app.nieuwe_partij("Notificatie").await;
    let mut sse = Sse::start(app, PARTIJ, json!({"uuid": partij})).await;
    tot_het_luistert(app, &partij, &mut sse).await;
    (partij, sse)
}

/// Changes `partij` until `sse` (a subscriber to it) hears it, then once
/// more, and returns when that last change came.
async fn tot_het_luistert(app: &TestApp, partij: &str, sse: &mut Sse) {
    for n in 0.. {
        assert!(n < 150, "the subscriber never started listening");
        app.wijzig_partij(partij, &format!("sonde {n}")).await;
        if tokio::time::timeout(Duration::from_millis(200), sse.next_result())
            .await
            .is_ok()
        {
            break;
        }
    }
    // The gateway handles notifications one by one in order: once this one
    // is seen, the probes before it are done.
    app.wijzig_partij(partij, "klaar").await;
    assert_eq!(partij_event(sse).await.1, "klaar");
}

#[tokio::test]
async fn a_missing_or_wrong_secret_is_refused_before_the_body_and_yields_no_event() {
    let app = spawn_app().await;
    let (partij, mut sse) = luisterend(&app).await;
    let weg = melding("partijen", "partij", &app.partij_url(&partij), "destroy");
    assert_eq!(app.notificeer(None, &weg).await, 401);
    assert_eq!(app.notificeer(Some("Bearer geraden"), &weg).await, 403);
    let bijna = secret();
    assert_eq!(
        app.notificeer(Some(&bijna[..bijna.len() - 1]), &weg).await,
        403
    );
    assert_eq!(
        app.notificeer(Some("Bearer geraden"), &json!("geen notificatie"))
            .await,
        403
    );

    // Had a refused deletion been handled, it would come before this.
    app.wijzig_partij(&partij, "echt").await;
    assert_eq!(
        partij_event(&mut sse).await,
        ("PARTIAL_UPDATE".to_string(), json!("echt"))
    );
}

#[tokio::test]
async fn a_duplicated_notification_yields_one_event_and_one_read() {
    let app = spawn_app().await;
    let (partij, mut sse) = luisterend(&app).await;
    let (status, _) = app
        .ki_write(
            Method::PATCH,
            &format!("/partijen/{partij}"),
            json!({"interneNotitie": "A"}),
        )
        .await;
    assert_eq!(status, 200);
    app.reset_stats().await;
    let eenmaal = melding(
        "partijen",
        "partij",
        &app.partij_url(&partij),
        "partial_update",
    );
    for _ in 0..3 {
        assert_eq!(app.notificeer(Some(&secret()), &eenmaal).await, 204);
    }
    app.wijzig_partij(&partij, "B").await;
    assert_eq!(partij_event(&mut sse).await.1, "A");
    assert_eq!(partij_event(&mut sse).await.1, "B");

    let routes = app.stats().await["registers"]["klantinteracties"]["byRoute"].clone();
    let reads: u64 = routes
        .as_object()
        .unwrap()
        .iter()
        .filter(|(route, _)| route.starts_with("GET ") && route.ends_with("/partijen/{uuid}"))
        .map(|(_, n)| n.as_u64().unwrap())
        .sum();
    assert_eq!(
        reads, 2,
        "one read for the three copies, one for B: {routes}"
    );
}

#[tokio::test]
async fn the_webhook_answers_as_the_consumer_spec_says() {
    let app = spawn_app().await;
    // Open Notificaties' test message when it checks an abonnement.
    let test = json!({"kanaal": "test", "hoofdObject": "http://some.hoofdobject.nl/",
                      "resource": "some_resource", "resourceUrl": "http://some.resource.nl/",
                      "actie": "create", "aanmaakdatum": "2019-01-01T12:00:00Z", "kenmerken": {}});
    assert_eq!(app.notificeer(None, &test).await, 401);
    assert_eq!(app.notificeer(Some(&secret()), &test).await, 204);

    let r = app
        .client
        .post(format!("{}/api/notificaties", app.gateway))
        .header("Authorization", secret())
        .json(
            &json!({"kanaal": "", "hoofdObject": "geen url", "resource": "partij",
                      "actie": "create", "aanmaakdatum": "gisteren"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let problem: Value = r.json().await.unwrap();
    let names: Vec<&str> = problem["invalid-params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["kanaal", "resourceUrl", "hoofdObject", "aanmaakdatum"]
    );
    assert_eq!(problem["status"], 400);
}

#[tokio::test]
async fn the_sandbox_notifies_the_gateway_after_its_writes() {
    let app = spawn_app_with(|c| c.sandbox.notificaties.enabled = true).await;
    let partij = app.nieuwe_partij("Sandbox").await;
    let actor = app.nieuwe_medewerker("Behandelaar").await;
    let klantcontact = app.registreer(&partij, "Vraag").await;
    let mut ws = Ws::connect(&app, TRANSPORT_WS).await;
    ws.subscribe("p", PARTIJ, json!({"uuid": partij})).await;
    ws.subscribe("t", TAKEN, json!({"actor": actor})).await;

    // A partij written in the sandbox: its event arrives by notification only.
    let mut n = 0;
    let notitie = loop {
        assert!(n < 150, "no event of the sandbox's writes");
        n += 1;
        let (status, _) = app
            .ki_write(
                Method::PATCH,
                &format!("/partijen/{partij}"),
                json!({"interneNotitie": format!("stap {n}")}),
            )
            .await;
        assert_eq!(status, 200);
        if let Ok(e) = tokio::time::timeout(Duration::from_millis(200), ws.next_of("p")).await {
            break e["data"]["partijGewijzigd"].clone();
        }
    };
    assert_eq!(notitie["actie"], "PARTIAL_UPDATE");
    assert!(notitie["partij"]["interneNotitie"]
        .as_str()
        .unwrap()
        .starts_with("stap"));

    // A klantcontact made in the sandbox: read with its betrokkenen, routed
    // to the partij's subscribers.
    ws.subscribe("k", KLANTCONTACTEN, json!({"partij": partij}))
        .await;
    let maak = |onderwerp: String| {
        json!({"klantcontact": {"kanaal": "balie", "onderwerp": onderwerp, "taal": "nld", "vertrouwelijk": false},
               "betrokkene": {"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true}})
    };
    let mut n = 0;
    loop {
        assert!(n < 150, "no event of the sandbox's klantcontacten");
        n += 1;
        let (status, _) = app
            .ki_write(
                Method::POST,
                "/maak-klantcontact",
                maak(format!("sonde {n}")),
            )
            .await;
        assert_eq!(status, 201);
        if tokio::time::timeout(Duration::from_millis(200), ws.next_of("k"))
            .await
            .is_ok()
        {
            break;
        }
    }
    let (status, _) = app
        .ki_write(
            Method::POST,
            "/maak-klantcontact",
            maak("aan de balie".into()),
        )
        .await;
    assert_eq!(status, 201);
    let e = loop {
        let e = ws.next_of("k").await["data"]["klantcontactGeregistreerd"]["klantcontact"].clone();
        if !e["onderwerp"].as_str().unwrap().starts_with("sonde") {
            break e;
        }
    };
    assert_eq!(e["onderwerp"], "aan de balie");
    assert_eq!(e["betrokkenen"][0]["partij"]["uuid"], partij.as_str());

    // Interne taken made and deleted in the sandbox, for the actor's list.
    let taak = |handeling: &str| {
        json!({"gevraagdeHandeling": handeling, "status": "te_verwerken",
               "aanleidinggevendKlantcontact": {"uuid": klantcontact},
               "toegewezenAanActoren": [{"uuid": actor}]})
    };
    let mut n = 0;
    loop {
        assert!(n < 150, "no event of the sandbox's interne taken");
        n += 1;
        let (status, _) = app
            .ki_write(Method::POST, "/internetaken", taak("Sonde"))
            .await;
        assert_eq!(status, 201);
        if tokio::time::timeout(Duration::from_millis(200), ws.next_of("t"))
            .await
            .is_ok()
        {
            break;
        }
    }
    let (status, gemaakt) = app
        .ki_write(Method::POST, "/internetaken", taak("Terugbellen"))
        .await;
    assert_eq!(status, 201, "{gemaakt}");
    let uuid = gemaakt["uuid"].as_str().unwrap();
    let (status, _) = app
        .ki_write(
            Method::DELETE,
            &format!("/internetaken/{uuid}"),
            json!(null),
        )
        .await;
    assert_eq!(status, 204);
    let mut acties = Vec::new();
    while acties.len() < 2 {
        let e = ws.next_of("t").await["data"]["interneTaakGewijzigd"].clone();
        if e["uuid"] != uuid {
            continue;
        }
        acties.push((
            e["actie"].as_str().unwrap().to_string(),
            e["interneTaak"].is_null(),
        ));
    }
    assert_eq!(
        acties,
        [("CREATE".to_string(), false), ("DESTROY".to_string(), true)],
        "the deletion reaches the list the taak was on"
    );
}

#[tokio::test]
async fn actor_and_reference_list_notifications_clear_the_shared_caches() {
    let app = spawn_app().await;
    let actor = app.nieuwe_medewerker("Oude naam").await;
    let naam = || async {
        let body = app
            .graphql(
                "query($uuid: ID!) { actor(uuid: $uuid) { naam } }",
                json!({"uuid": actor}),
            )
            .await;
        body["data"]["actor"]["naam"].as_str().unwrap().to_string()
    };
    assert_eq!(naam().await, "Oude naam");
    let (status, _) = app
        .ki_write(
            Method::PATCH,
            &format!("/actoren/{actor}"),
            json!({"naam": "Nieuwe naam"}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(naam().await, "Oude naam", "cached");
    let url = format!("{}/klantinteracties/api/v1/actoren/{actor}", app.sandbox);
    assert_eq!(
        app.notificeer(
            Some(&secret()),
            &melding("actoren", "actor", &url, "partial_update")
        )
        .await,
        204
    );
    let mut n = 0;
    while naam().await != "Nieuwe naam" {
        assert!(n < 150, "the actor cache was not cleared");
        n += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let kanalen = || async {
        let body = app
            .graphql(
                r#"{ referentielijst(tabel: "KANAAL") { waarden { code } } }"#,
                json!({}),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body}");
        app.stats().await["registers"]["referentielijsten"]["requests"]
            .as_u64()
            .unwrap()
    };
    app.reset_stats().await;
    let eens = kanalen().await;
    assert!(eens > 0);
    assert_eq!(kanalen().await, eens, "cached");
    let mut melding = melding(
        "referentielijsten",
        "tabel",
        &format!("{}/api/v1/tabellen/KANAAL", app.sandbox),
        "update",
    );
    melding["kenmerken"] = json!({"tabel": "KANAAL"});
    assert_eq!(app.notificeer(Some(&secret()), &melding).await, 204);
    let mut n = 0;
    while kanalen().await == eens {
        assert!(n < 150, "the reference-list cache was not cleared");
        n += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What a stand-in Notificaties API was asked: `(method, path, Authorization, body)`.
type Verzoeken = std::sync::Arc<std::sync::Mutex<Vec<(String, String, String, Value)>>>;

/// A stand-in Notificaties API: lists `bestaande` abonnementen, records
/// every request, answers creates and updates as Open Notificaties does.
async fn notificaties_api(bestaande: Value) -> (String, Verzoeken) {
    use axum::extract::{Request, State};
    let verzoeken: Verzoeken = Default::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    let answer_base = base.clone();
    let handler = move |State(v): State<Verzoeken>, request: Request| {
        let bestaande = bestaande.clone();
        let base = answer_base.clone();
        async move {
            let method = request.method().to_string();
            let path = request.uri().path().to_string();
            let auth = request
                .headers()
                .get("authorization")
                .map_or(String::new(), |h| h.to_str().unwrap().to_string());
            let bytes = axum::body::to_bytes(request.into_body(), 1 << 20)
                .await
                .unwrap();
            let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            v.lock()
                .unwrap()
                .push((method.clone(), path, auth, body.clone()));
            let (status, answer) = match method.as_str() {
                "GET" => (200, bestaande),
                "POST" => (
                    201,
                    json!({"url": format!("{base}/abonnement/1"), "callbackUrl": body["callbackUrl"]}),
                ),
                _ => (
                    200,
                    json!({"url": format!("{base}/abonnement/1"), "callbackUrl": body["callbackUrl"]}),
                ),
            };
            (
                axum::http::StatusCode::from_u16(status).unwrap(),
                axum::Json(answer),
            )
        }
    };
    let router = axum::Router::new()
        .fallback(handler)
        .with_state(verzoeken.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (base, verzoeken)
}

/// The writes the gateway made to the stand-in once it has made one.
async fn schrijfverzoek(verzoeken: &Verzoeken) -> (String, String, String, Value) {
    for _ in 0..300 {
        if let Some(v) = verzoeken.lock().unwrap().iter().find(|v| v.0 != "GET") {
            return v.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the gateway never registered its abonnement");
}

#[tokio::test]
async fn the_gateway_registers_its_abonnement_at_start_and_updates_it_after() {
    let callback = "https://klantbeeld.gemeente.example/api/notificaties";
    let configure = |api: String| {
        move |c: &mut Config| {
            let a = &mut c.notificaties.abonnement;
            a.api_url = api;
            a.client_id = "klantbeeld".into();
            a.secret = "geheim".into();
            a.callback_url = callback.into();
        }
    };
    let (api, verzoeken) = notificaties_api(json!([])).await;
    let _app = spawn_app_with(configure(api.clone())).await;
    let (method, path, auth, body) = schrijfverzoek(&verzoeken).await;
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("POST", "/api/v1/abonnement")
    );
    assert_eq!(body["callbackUrl"], callback);
    assert_eq!(body["auth"], secret(), "Open Notificaties sends this back");
    let kanalen: Vec<&str> = body["kanalen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["naam"].as_str().unwrap())
        .collect();
    assert_eq!(kanalen, ["partijen", "klantcontacten", "internetaken"]);

    // A ZGW JWT signed with the client secret.
    use base64::Engine;
    let token = auth.strip_prefix("Bearer ").unwrap();
    let (signed, signature) = token.rsplit_once('.').unwrap();
    let signature = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .unwrap();
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, b"geheim");
    assert!(ring::hmac::verify(&key, signed.as_bytes(), &signature).is_ok());
    let claims = signed.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(claims["client_id"], "klantbeeld");

    // Started again, it updates the abonnement it finds instead of adding one.
    let (api, verzoeken) = notificaties_api(
        json!([{"url": "http://on.example/api/v1/abonnement/7", "callbackUrl": callback}]),
    )
    .await;
    let _app = spawn_app_with(configure(api)).await;
    let (method, path, _, _) = schrijfverzoek(&verzoeken).await;
    assert_eq!(
        (method.as_str(), path.as_str()),
        ("PUT", "/api/v1/abonnement/7")
    );
}

#[tokio::test]
async fn a_destroy_becomes_an_event_only_when_the_register_says_404() {
    // Issue 16, hole 2: a destroy notification (with the secret) about a
    // partij that still exists is not published.
    let app = spawn_app().await;
    let (partij, mut sse) = luisterend(&app).await;
    app.reset_stats().await;
    let vals = melding("partijen", "partij", &app.partij_url(&partij), "destroy");
    assert_eq!(app.notificeer(Some(&secret()), &vals).await, 204);
    app.wijzig_partij(&partij, "bestaat nog").await;
    let next = partij_event(&mut sse).await;
    eprintln!("hole 2, after a forged destroy the subscriber got: {next:?}");
    assert_eq!(next, ("PARTIAL_UPDATE".to_string(), json!("bestaat nog")));
    // The destroy was checked at the register.
    let routes = app.stats().await["registers"]["klantinteracties"]["byRoute"].clone();
    let reads = routes["GET /klantinteracties/api/v1/partijen/{uuid}"]
        .as_u64()
        .unwrap_or(0);
    assert_eq!(
        reads, 2,
        "one read for the destroy, one for the change: {routes}"
    );

    // A real deletion is an event.
    crate::ki_client::Ki::new(&app)
        .delete(&format!("/partijen/{partij}"))
        .await
        .expect(204);
    let echt = melding("partijen", "partij", &app.partij_url(&partij), "destroy");
    assert_eq!(app.notificeer(Some(&secret()), &echt).await, 204);
    assert_eq!(
        partij_event(&mut sse).await,
        ("DESTROY".to_string(), Value::Null)
    );
}

#[tokio::test]
async fn the_deletion_of_a_geheim_partij_reaches_only_who_may_read_it() {
    let app = spawn_app_with(crate::helpers::require_tokens).await;
    een_verwijdering(&app, &app, true).await;
}

#[tokio::test]
async fn the_deletion_of_a_partij_reaches_who_may_read_it_as_it_last_was() {
    // A deletion the hub knows only the uuid of goes to geheimhouding
    // readers alone; one it saw the partij of goes to every reader of it.
    let app = spawn_app_with(crate::helpers::require_tokens).await;
    een_verwijdering(&app, &app, false).await;
}

/// Filtered on the partij's last known state: a subscriber without
/// geheimhouding-lezen learns that a partij went only when it was not
/// geheim. Changes and the notification go to `schrijver`, the
/// subscribers listen on `lezer` (another replica, or the same gateway);
/// both require tokens.
pub(crate) async fn een_verwijdering(schrijver: &TestApp, lezer: &TestApp, geheim: bool) {
    let alles = crate::helpers::mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let medewerker = crate::helpers::mint_token(&["kcc-medewerker"], json!({}));
    let (status, made) = schrijver
        .ki_write(
            Method::POST,
            "/partijen",
            json!({"soortPartij": "persoon", "indicatieActief": true, "indicatieGeheimhouding": geheim,
                   "partijIdentificatie": {"contactnaam": {"voornaam": "G", "achternaam": "Heim"}}}),
        )
        .await;
    assert_eq!(status, 201, "{made}");
    let partij = made["uuid"].as_str().unwrap().to_string();
    let mut beperkt =
        Sse::start_as(lezer, Some(&medewerker), PARTIJ, json!({"uuid": partij})).await;
    let mut sse = Sse::start_as(lezer, Some(&alles), PARTIJ, json!({"uuid": partij})).await;
    tot_het_luistert(schrijver, &partij, &mut sse).await;
    crate::ki_client::Ki::new(schrijver)
        .delete(&format!("/partijen/{partij}"))
        .await
        .expect(204);
    let vals = melding(
        "partijen",
        "partij",
        &schrijver.partij_url(&partij),
        "destroy",
    );
    assert_eq!(schrijver.notificeer(Some(&secret()), &vals).await, 204);
    assert_eq!(
        partij_event(&mut sse).await,
        ("DESTROY".to_string(), Value::Null)
    );
    if geheim {
        // The other subscriber has had the events in the same order; nothing came.
        let nothing = tokio::time::timeout(Duration::from_millis(500), beperkt.next_result()).await;
        eprintln!(
            "hole 2, a subscriber without geheimhouding-lezen after the deletion: {nothing:?}"
        );
        assert!(nothing.is_err(), "{nothing:?}");
    } else {
        // It heard the changes before, and now the deletion.
        let destroy = async { while partij_event(&mut beperkt).await.0 != "DESTROY" {} };
        tokio::time::timeout(Duration::from_secs(10), destroy)
            .await
            .expect("a reader of the partij hears of its deletion");
    }
}
