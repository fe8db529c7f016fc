//! Authorization by role, table-driven: every role of the default
//! `[auth.roles]` × every way the GraphQL API reaches a partij, klantcontact
//! or interne taak × the confidentiality flag (`indicatieGeheimhouding`,
//! `vertrouwelijk`). A withheld object must not appear anywhere in the
//! response — not its uuid, not its text — and a single field that would
//! have held it is null with a `FORBIDDEN` error; a list simply leaves it
//! out. The objects are made through the sandbox's write API.
//!
//! This module holds the queries' table; [`subscriptions`] runs the same
//! roles × objects × flags over live updates, [`mutations`] checks that
//! writes need `schrijven`.

mod mutations;
mod oracle;
mod subscriptions;

use serde_json::{json, Value};

use crate::helpers::{mint_token, require_tokens, spawn_app_with, TestApp};
use crate::ki_client::{klantcontact_body, persoon, Ki};

/// The roles of the default configuration, and whether they may read
/// `vertrouwelijk` klantcontacten and partijen with `indicatieGeheimhouding`.
pub(super) const ROLES: &[(&[&str], bool, bool)] = &[
    (&[], false, false),
    (&["kcc-medewerker"], false, false),
    (&["kcc-vertrouwelijk"], true, true),
    (&["kcc-medewerker", "kcc-vertrouwelijk"], true, true),
    (&["partner"], false, false),
    (&["beheerder"], false, false),
    (&["onbekende-rol"], false, false),
];

/// Which flag makes an object confidential.
#[derive(Clone, Copy, Debug)]
enum Flag {
    Vertrouwelijk,
    Geheimhouding,
}

/// How the object is reached: a single field (null + FORBIDDEN when
/// withheld), a list (left out), or a lookup by what identifies a person
/// (NOT_FOUND, as for one that does not exist: no oracle).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Single,
    List,
    Lookup,
}

/// One object reached one way.
struct Case {
    path: &'static str,
    query: &'static str,
    variables: Value,
    /// The object's uuid and a text only it holds.
    uuid: String,
    text: String,
    confidential: bool,
    flag: Flag,
    shape: Shape,
}

/// An object as made in the sandbox: its uuid and its marker text.
pub(super) struct Made {
    pub uuid: String,
    pub text: String,
}

/// A partij with a unique name, geheim or not.
pub(super) async fn partij(ki: &Ki<'_>, geheim: bool, nummer: &str) -> Made {
    let text = format!("Naam{}", uuid::Uuid::new_v4().simple());
    let mut body = persoon("Test", &text);
    body["indicatieGeheimhouding"] = json!(geheim);
    body["nummer"] = json!(nummer);
    Made {
        uuid: ki.create("/partijen", body).await,
        text,
    }
}

/// A klantcontact through `maak-klantcontact`, with `partij` as betrokkene.
async fn klantcontact(ki: &Ki<'_>, vertrouwelijk: bool, partij: &str) -> Made {
    klantcontact_met_betrokkene(ki, vertrouwelijk, partij, None)
        .await
        .0
}

/// A klantcontact with `partij` as betrokkene, and the betrokkene's uuid;
/// the betrokkene gave `achternaam` as its name, when given.
async fn klantcontact_met_betrokkene(
    ki: &Ki<'_>,
    vertrouwelijk: bool,
    partij: &str,
    achternaam: Option<&str>,
) -> (Made, String) {
    let text = format!("Onderwerp{}", uuid::Uuid::new_v4().simple());
    let mut k = klantcontact_body();
    k["onderwerp"] = json!(text);
    k["vertrouwelijk"] = json!(vertrouwelijk);
    let mut betrokkene = json!({"wasPartij": {"uuid": partij}, "rol": "klant", "initiator": true});
    if let Some(achternaam) = achternaam {
        betrokkene["contactnaam"] = json!({"voornaam": "Test", "achternaam": achternaam});
    }
    let made = ki
        .post(
            "/maak-klantcontact",
            json!({"klantcontact": k, "betrokkene": betrokkene}),
        )
        .await
        .expect(201);
    (
        Made {
            uuid: made["klantcontact"]["uuid"].as_str().unwrap().to_string(),
            text,
        },
        made["betrokkene"]["uuid"].as_str().unwrap().to_string(),
    )
}

async fn interne_taak(ki: &Ki<'_>, klantcontact: &str, actor: &str) -> Made {
    let text = format!("Toelichting{}", uuid::Uuid::new_v4().simple());
    let uuid = ki
        .create(
            "/internetaken",
            json!({"gevraagdeHandeling": "Terugbellen", "status": "te_verwerken",
                   "toelichting": text,
                   "aanleidinggevendKlantcontact": {"uuid": klantcontact},
                   "toegewezenAanActoren": [{"uuid": actor}]}),
        )
        .await;
    Made { uuid, text }
}

/// The objects and every path to them.
async fn cases(app: &TestApp) -> Vec<Case> {
    let ki = Ki::new(app);
    let open = partij(&ki, false, "8800001").await;
    let geheim = partij(&ki, true, "8800002").await;
    let k_open = klantcontact(&ki, false, &open.uuid).await;
    let (k_vertrouwelijk, b_vertrouwelijk) =
        klantcontact_met_betrokkene(&ki, true, &open.uuid, None).await;
    // An open contact with the geheim partij as betrokkene, which gave the
    // partij's name.
    let (k_met_geheim, b_geheim) =
        klantcontact_met_betrokkene(&ki, false, &geheim.uuid, Some(&geheim.text)).await;
    let actor = ki.medewerker("Medewerker Autorisatie").await;
    let t_open = interne_taak(&ki, &k_open.uuid, &actor).await;
    let t_vertrouwelijk = interne_taak(&ki, &k_vertrouwelijk.uuid, &actor).await;

    let mut cases = Vec::new();
    let mut add = |path, query, variables: Value, made: &Made, confidential, flag, shape| {
        cases.push(Case {
            path,
            query,
            variables,
            uuid: made.uuid.clone(),
            text: made.text.clone(),
            confidential,
            flag,
            shape,
        })
    };
    use Flag::*;
    use Shape::*;
    for (p, confidential) in [(&open, false), (&geheim, true)] {
        add(
            "partij(uuid)",
            "query($u: ID!) { partij(uuid: $u) { uuid naam } }",
            json!({"u": p.uuid}),
            p,
            confidential,
            Geheimhouding,
            Single,
        );
        let nummer = if confidential { "8800002" } else { "8800001" };
        add(
            "partijOpNummer",
            "query($n: String!) { partijOpNummer(nummer: $n) { uuid naam } }",
            json!({"n": nummer}),
            p,
            confidential,
            Geheimhouding,
            Lookup,
        );
    }
    add(
        "klantcontact.betrokkenen.partij (open partij)",
        "query($u: ID!) { klantcontact(uuid: $u) { betrokkenen { partij { uuid naam } } } }",
        json!({"u": k_open.uuid}),
        &open,
        false,
        Geheimhouding,
        Single,
    );
    // A betrokkene that was a geheim partij is that partij at the contact:
    // left out of the contact's betrokkenen, with its name and its partij.
    add(
        "klantcontact.betrokkenen.partij (geheim partij)",
        "query($u: ID!) { klantcontact(uuid: $u) { betrokkenen { partij { uuid naam } } } }",
        json!({"u": k_met_geheim.uuid}),
        &geheim,
        true,
        Geheimhouding,
        List,
    );
    add(
        "klantcontact.betrokkenen (name given by a geheim partij)",
        "query($u: ID!) { klantcontact(uuid: $u) { uuid betrokkenen { uuid volledigeNaam
           contactnaam { achternaam } } } }",
        json!({"u": k_met_geheim.uuid}),
        &Made {
            uuid: b_geheim.clone(),
            text: geheim.text.clone(),
        },
        true,
        Geheimhouding,
        List,
    );
    // A betrokkene at a vertrouwelijk klantcontact is left out of its
    // partij's betrokkenen (and so are its digitale adressen).
    add(
        "partij.betrokkenen (at a vertrouwelijk klantcontact)",
        "query($u: ID!) { partij(uuid: $u) { betrokkenen { uuid digitaleAdressen { adres } } } }",
        json!({"u": open.uuid}),
        &Made {
            uuid: b_vertrouwelijk.clone(),
            text: b_vertrouwelijk.clone(),
        },
        true,
        Vertrouwelijk,
        List,
    );
    for (k, confidential) in [(&k_open, false), (&k_vertrouwelijk, true)] {
        add(
            "klantcontact(uuid)",
            "query($u: ID!) { klantcontact(uuid: $u) { uuid onderwerp inhoud } }",
            json!({"u": k.uuid}),
            k,
            confidential,
            Vertrouwelijk,
            Single,
        );
        add(
            "partij.klantcontacten",
            "query($u: ID!) { partij(uuid: $u) { klantcontacten { nodes { uuid onderwerp } } } }",
            json!({"u": open.uuid}),
            k,
            confidential,
            Vertrouwelijk,
            List,
        );
        // The betrokkene at a vertrouwelijk contact is left out of the
        // partij's betrokkenen, so its klantcontact is never reached.
        add(
            "partij.betrokkenen.klantcontact",
            "query($u: ID!) { partij(uuid: $u) { betrokkenen { klantcontact { uuid onderwerp } } } }",
            json!({"u": open.uuid}),
            k,
            confidential,
            Vertrouwelijk,
            List,
        );
    }
    for (t, confidential) in [(&t_open, false), (&t_vertrouwelijk, true)] {
        add(
            "interneTaak(uuid)",
            "query($u: ID!) { interneTaak(uuid: $u) { uuid toelichting } }",
            json!({"u": t.uuid}),
            t,
            confidential,
            Vertrouwelijk,
            Single,
        );
        add(
            "interneTaken(actor)",
            "query($a: ID!) { interneTaken(actor: $a) { nodes { uuid toelichting } } }",
            json!({"a": actor}),
            t,
            confidential,
            Vertrouwelijk,
            List,
        );
    }
    add(
        "interneTaak.aanleidinggevendKlantcontact",
        "query($u: ID!) { interneTaak(uuid: $u) { aanleidinggevendKlantcontact { uuid onderwerp } } }",
        json!({"u": t_open.uuid}),
        &k_open,
        false,
        Vertrouwelijk,
        Single,
    );
    cases
}

pub(super) fn forbidden_errors(body: &Value) -> usize {
    body["errors"].as_array().map_or(0, |errors| {
        errors
            .iter()
            .filter(|e| e["extensions"]["code"] == "FORBIDDEN")
            .count()
    })
}

#[tokio::test]
async fn nothing_confidential_leaks_to_a_role_without_the_ability() {
    let app = spawn_app_with(require_tokens).await;
    let cases = cases(&app).await;
    let mut checked = 0;
    for (roles, vertrouwelijk, geheimhouding) in ROLES {
        let token = mint_token(roles, json!({}));
        for case in &cases {
            let body = app
                .graphql_as(&token, case.query, case.variables.clone())
                .await;
            let text = body.to_string();
            let may = !case.confidential
                || match case.flag {
                    Flag::Vertrouwelijk => *vertrouwelijk,
                    Flag::Geheimhouding => *geheimhouding,
                };
            let what = format!(
                "roles {roles:?}, {} ({:?}, confidential: {}): {text}",
                case.path, case.flag, case.confidential
            );
            if may {
                assert!(text.contains(&case.uuid), "should see it: {what}");
                assert!(text.contains(&case.text), "should see its text: {what}");
                if case.confidential {
                    // The role has the ability: nothing in this answer is withheld.
                    assert_eq!(forbidden_errors(&body), 0, "{what}");
                }
            } else {
                assert!(!text.contains(&case.uuid), "uuid leaked: {what}");
                assert!(!text.contains(&case.text), "text leaked: {what}");
                if case.shape == Shape::Single {
                    assert!(forbidden_errors(&body) >= 1, "FORBIDDEN expected: {what}");
                    let error = body["errors"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|e| e["extensions"]["code"] == "FORBIDDEN")
                        .unwrap();
                    let ability = error["extensions"]["ability"].as_str().unwrap();
                    assert!(
                        error["message"].as_str().unwrap().contains(ability),
                        "{what}"
                    );
                } else if case.shape == Shape::List {
                    assert_eq!(forbidden_errors(&body), 0, "a list leaves out: {what}");
                    assert!(body["data"].is_object(), "{what}");
                } else {
                    assert_eq!(forbidden_errors(&body), 0, "not found: {what}");
                    assert_eq!(
                        body["errors"][0]["extensions"]["code"], "NOT_FOUND",
                        "{what}"
                    );
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, ROLES.len() * cases.len());
}

#[tokio::test]
async fn a_withheld_contact_does_not_show_in_page_info_either() {
    // Two contacten, the newest vertrouwelijk: a page of one for a role
    // without the ability must hold the open one and say there is no more.
    let app = spawn_app_with(require_tokens).await;
    let ki = Ki::new(&app);
    let p = partij(&ki, false, "8800003").await;
    let open = klantcontact(&ki, false, &p.uuid).await;
    let mut body = klantcontact_body();
    body["vertrouwelijk"] = json!(true);
    body["plaatsgevondenOp"] = json!("2030-01-01T10:00:00Z");
    ki.post(
        "/maak-klantcontact",
        json!({"klantcontact": body,
               "betrokkene": {"wasPartij": {"uuid": p.uuid}, "rol": "klant", "initiator": true}}),
    )
    .await
    .expect(201);
    let query = "query($u: ID!) { partij(uuid: $u) { klantcontacten(first: 1) {
        nodes { uuid } pageInfo { hasNextPage } } } }";
    let body = app
        .graphql_as(
            &mint_token(&["kcc-medewerker"], json!({})),
            query,
            json!({"u": p.uuid}),
        )
        .await;
    let page = &body["data"]["partij"]["klantcontacten"];
    assert_eq!(page["nodes"], json!([{"uuid": open.uuid}]), "{body}");
    assert_eq!(page["pageInfo"]["hasNextPage"], false, "{body}");
    let body = app
        .graphql_as(
            &mint_token(&["kcc-vertrouwelijk"], json!({})),
            query,
            json!({"u": p.uuid}),
        )
        .await;
    let page = &body["data"]["partij"]["klantcontacten"];
    assert_ne!(page["nodes"], json!([{"uuid": open.uuid}]), "{body}");
    assert_eq!(page["pageInfo"]["hasNextPage"], true, "{body}");
}

#[tokio::test]
async fn introspection_is_for_roles_with_the_ability() {
    let app = spawn_app_with(require_tokens).await;
    let query = "{ __schema { queryType { name } } }";
    for (roles, allowed) in [
        (&["beheerder"][..], true),
        (&["kcc-medewerker", "kcc-vertrouwelijk"][..], false),
        (&[][..], false),
    ] {
        let body = app
            .graphql_as(&mint_token(roles, json!({})), query, json!({}))
            .await;
        if allowed {
            assert_eq!(body["data"]["__schema"]["queryType"]["name"], "Query");
        } else {
            assert_eq!(forbidden_errors(&body), 1, "{roles:?}: {body}");
            assert!(body.to_string().contains("introspectie"), "{body}");
            assert!(body["data"].is_null(), "{body}");
        }
    }
    // __typename is not introspection.
    let body = app
        .graphql_as(&mint_token(&[], json!({})), "{ __typename }", json!({}))
        .await;
    assert_eq!(body["data"]["__typename"], "Query");
}

#[tokio::test]
async fn brp_persons_need_brp_lezen_and_geheimhouding_needs_a_municipal_role() {
    let app = spawn_app_with(require_tokens).await;
    // 999993483 has geheimhoudingPersoonsgegevens in the BRP test data;
    // 999990007 (the C4161 persona) has not.
    let (open, geheim) = ("999990007", "999993483");
    let single = "query($b: String!) { persoon(bsn: $b) { burgerservicenummer } }";
    let list = "query($b: [String!]!) { personen(bsns: $b) { burgerservicenummer } }";
    // (roles, reads the BRP, reads geheimhouding)
    let table: &[(&[&str], bool, bool)] = &[
        (&[], false, false),
        (&["kcc-vertrouwelijk"], false, false),
        (&["beheerder"], false, false),
        (&["partner"], true, false),
        (&["kcc-medewerker"], true, true),
    ];
    for (roles, brp, geheimhouding) in table {
        let token = mint_token(roles, json!({}));
        for (bsn, is_geheim) in [(open, false), (geheim, true)] {
            let body = app.graphql_as(&token, single, json!({"b": bsn})).await;
            let text = body.to_string();
            let may = *brp && (!is_geheim || *geheimhouding);
            let what = format!("{roles:?} {bsn}: {text}");
            if may {
                assert_eq!(
                    body["data"]["persoon"]["burgerservicenummer"], bsn,
                    "{what}"
                );
            } else {
                assert!(!text.contains(bsn), "{what}");
                let ability = if *brp {
                    "brp-geheimhouding-lezen"
                } else {
                    "brp-lezen"
                };
                assert_eq!(
                    body["errors"][0]["extensions"]["code"], "FORBIDDEN",
                    "{what}"
                );
                assert_eq!(
                    body["errors"][0]["extensions"]["ability"], ability,
                    "{what}"
                );
            }
        }
        let body = app
            .graphql_as(&token, list, json!({"b": [open, geheim]}))
            .await;
        let text = body.to_string();
        if !brp {
            assert_eq!(
                body["errors"][0]["extensions"]["ability"], "brp-lezen",
                "{text}"
            );
            assert!(!text.contains(open) && !text.contains(geheim), "{text}");
        } else {
            let expected = if *geheimhouding {
                json!([{"burgerservicenummer": open}, {"burgerservicenummer": geheim}])
            } else {
                json!([{"burgerservicenummer": open}, null])
            };
            assert_eq!(body["data"]["personen"], expected, "{roles:?}: {text}");
        }
    }
}
