//! The playground and the CSRF defences checked in a real browser: Debian's
//! `chromium`, headless, driven over the Chrome DevTools Protocol (its
//! WebSocket), with every network but 127.0.0.1 blocked (host resolver and
//! a dead proxy), so the page must work offline.
//!
//! - The playground renders from the gateway's own files under its
//!   Content-Security-Policy (no violation reported), runs the C4161 query
//!   with the persona's variables and shows Anton van Oostrum; a screenshot
//!   is written to `target/playground-c4161.png`.
//! - With tokens required: the Authorization header typed in GraphiQL's
//!   headers editor is sent with queries and, in `connection_init`, over
//!   graphql-ws for a subscription, which shows a klantcontact registered
//!   meanwhile.
//! - A page on another origin (a second server on another loopback port)
//!   POSTs a mutation as `text/plain` (a `no-cors` fetch and a form), as
//!   JSON (preflighted), and over a WebSocket and an EventSource: every
//!   attempt is refused, the sandbox's write count does not move.
//!
//! Without `/usr/bin/chromium` the tests fail and say how to install it
//! (`.ci/run` installs it when missing).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use base64::Engine;
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::helpers::{mint_token, require_tokens, spawn_app, spawn_app_with, TestApp};
use crate::http_spec::{persona_uuid, write_mutation, writes};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Only a guard against a hang, never an assertion on time.
const GUARD: Duration = Duration::from_secs(90);

/// A headless Chromium of its own (own profile directory), ended when
/// dropped.
struct Browser {
    child: tokio::process::Child,
    profile: PathBuf,
    cdp: Cdp,
}

impl Browser {
    async fn launch() -> Browser {
        assert!(
            Path::new(CHROMIUM).exists(),
            "{CHROMIUM} is missing: this test drives a real browser. Install Debian's chromium \
             (apt-get update && apt-get install -y chromium), as .ci/run does"
        );
        let profile = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "chromium-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4()
        ));
        std::fs::create_dir_all(&profile).unwrap();
        let mut child = tokio::process::Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,900",
                // Offline but for loopback: no name resolves, and anything
                // not on loopback would go to a proxy that is not there.
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--proxy-server=127.0.0.1:9",
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{CHROMIUM} does not start: {e}"));
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let endpoint = tokio::time::timeout(GUARD, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    return url.trim().to_string();
                }
            }
            panic!("chromium ended without a DevTools endpoint");
        })
        .await
        .expect("chromium starts within the guard time");
        // Keep reading its log so that it never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let (socket, _) = tokio_tungstenite::connect_async(endpoint.as_str())
            .await
            .unwrap();
        Browser {
            child,
            profile,
            cdp: Cdp {
                socket,
                next_id: 0,
                events: VecDeque::new(),
            },
        }
    }

    /// A new tab, its console and CSP violations recorded in
    /// `window.__violations`.
    async fn tab(&mut self) -> Tab<'_> {
        let target = self
            .cdp
            .call(None, "Target.createTarget", json!({"url": "about:blank"}))
            .await;
        let attached = self
            .cdp
            .call(
                None,
                "Target.attachToTarget",
                json!({"targetId": target["targetId"], "flatten": true}),
            )
            .await;
        let session = attached["sessionId"].as_str().unwrap().to_string();
        let mut tab = Tab {
            cdp: &mut self.cdp,
            session,
        };
        tab.call("Page.enable", json!({})).await;
        tab.call("Runtime.enable", json!({})).await;
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await;
        tab.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({"source": "window.__violations = []; document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"}),
        )
        .await;
        tab
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// The DevTools protocol over the browser's WebSocket.
struct Cdp {
    socket: WebSocketStream<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    events: VecDeque<Value>,
}

impl Cdp {
    /// Sends a command (to a tab's session when given) and waits for its
    /// result; events read meanwhile are kept.
    async fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
        loop {
            let m = tokio::time::timeout(GUARD, self.socket.next())
                .await
                .unwrap_or_else(|_| panic!("no answer to {method} within the guard time"))
                .expect("the browser is there")
                .unwrap();
            let Message::Text(text) = m else { continue };
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["id"] == id {
                assert!(v.get("error").is_none(), "{method}: {v}");
                return v["result"].clone();
            }
            self.events.push_back(v);
        }
    }
}

/// One tab of the browser.
struct Tab<'a> {
    cdp: &'a mut Cdp,
    session: String,
}

impl Tab<'_> {
    async fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.cdp.call(Some(&session), method, params).await
    }

    async fn navigate(&mut self, url: &str) {
        let r = self.call("Page.navigate", json!({"url": url})).await;
        assert!(r.get("errorText").is_none(), "{url}: {r}");
    }

    /// The value of a JavaScript expression (promises awaited).
    async fn eval(&mut self, expression: &str) -> Value {
        let r = self
            .call(
                "Runtime.evaluate",
                json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
            )
            .await;
        assert!(r.get("exceptionDetails").is_none(), "{expression}: {r}");
        r["result"]["value"].clone()
    }

    /// Waits until `expression` is truthy; its value.
    async fn until(&mut self, what: &str, expression: &str) -> Value {
        let deadline = tokio::time::Instant::now() + GUARD;
        loop {
            let r = self
                .call(
                    "Runtime.evaluate",
                    json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
                )
                .await;
            let v = r["result"]["value"].clone();
            if !(v.is_null() || v == false || v == "" || v == 0) {
                return v;
            }
            if tokio::time::Instant::now() > deadline {
                let body = self
                    .eval("document.body ? document.body.innerText.slice(0, 2000) : ''")
                    .await;
                panic!("{what}: not within the guard time; the page shows {body}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn screenshot(&mut self, file: &Path) {
        let r = self
            .call("Page.captureScreenshot", json!({"format": "png"}))
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(r["data"].as_str().unwrap())
            .unwrap();
        std::fs::write(file, png).unwrap();
    }
}

/// The CodeMirror editor inside the element `selector`, as JavaScript.
fn editor(selector: &str) -> String {
    format!("document.querySelector('{selector} .CodeMirror').CodeMirror")
}
const QUERY_EDITOR: &str = ".graphiql-query-editor";
const RESPONSE: &str = ".graphiql-response";

/// Opens the playground and waits until GraphiQL shows the C4161 query.
async fn open_playground(tab: &mut Tab<'_>, app: &TestApp) {
    tab.navigate(&format!("{}/", app.gateway)).await;
    tab.until(
        "GraphiQL renders with the C4161 query",
        &format!(
            "!!document.querySelector('{QUERY_EDITOR} .CodeMirror') && {}.getValue().includes('partijOpNummer(nummer: $nummer)')",
            editor(QUERY_EDITOR)
        ),
    )
    .await;
}

/// Runs what the query editor holds and waits for a response that
/// satisfies `ready` (JavaScript over `text`, the response editor's text).
async fn run_and_wait(tab: &mut Tab<'_>, what: &str, ready: &str) -> String {
    tab.eval(&format!("{}.setValue(''); true", editor(RESPONSE)))
        .await;
    tab.eval("document.querySelector('.graphiql-execute-button').click(); true")
        .await;
    let text = tab
        .until(
            what,
            &format!(
                "(() => {{ const text = {}.getValue(); return ({ready}) ? text : ''; }})()",
                editor(RESPONSE)
            ),
        )
        .await;
    text.as_str().unwrap().to_string()
}

/// The name of the persona's betrokkene in a C4161 answer.
fn betrokkene_names(answer: &Value) -> Vec<String> {
    answer["data"]["partijOpNummer"]["betrokkenen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let n = &b["contactnaam"];
            [
                &n["voornaam"],
                &n["voorvoegselAchternaam"],
                &n["achternaam"],
            ]
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
        })
        .collect()
}

#[tokio::test]
async fn the_playground_runs_the_c4161_query_offline_and_a_foreign_page_writes_nothing() {
    let app = spawn_app().await;
    let mut browser = Browser::launch().await;
    let mut tab = browser.tab().await;
    open_playground(&mut tab, &app).await;
    let variables = tab
        .eval("document.querySelector('.graphiql-editor-tool .CodeMirror').CodeMirror.getValue()")
        .await;
    assert_eq!(variables, r#"{ "nummer": "123454321" }"#);
    let text = run_and_wait(&mut tab, "the C4161 answer", "text.includes('\"data\"')").await;
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert!(answer.get("errors").is_none(), "{answer:#}");
    assert_eq!(answer["data"]["partijOpNummer"]["nummer"], "123454321");
    assert!(
        betrokkene_names(&answer)
            .iter()
            .any(|n| n == "Anton van Oostrum"),
        "{answer:#}"
    );
    // Show it: scroll the answer to the persona's name, then a screenshot.
    let line = text
        .lines()
        .position(|l| l.contains("\"Oostrum\""))
        .unwrap();
    tab.eval(&format!(
        "{}.scrollIntoView({{line: {line}, ch: 0}}, 200); true",
        editor(RESPONSE)
    ))
    .await;
    let shown = tab
        .until(
            "the response pane shows the name",
            "(() => { const t = document.querySelector('.graphiql-response').innerText; return t.includes('\"Anton\"') && t.includes('\"Oostrum\"') ? t : ''; })()",
        )
        .await;
    assert!(shown.as_str().unwrap().contains("\"van\""));
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("playground-c4161.png");
    tab.screenshot(&shot).await;
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000);
    // The schema loaded (within limits.max_depth: start.js's introspection
    // query): the documentation explorer shows the root types.
    tab.eval("document.querySelector('button[aria-label=\"Show Documentation Explorer\"]').click(); true")
        .await;
    let roots = tab
        .until(
            "the documentation explorer shows the schema",
            "Array.from(document.querySelectorAll('.graphiql-doc-explorer-root-type')).map(e => e.innerText).join(' ')",
        )
        .await;
    assert_eq!(roots, "query mutation subscription");
    let violations = tab.eval("window.__violations").await;
    assert_eq!(violations, json!([]), "Content-Security-Policy violations");
    // The policy is there and the check sees it: an inline script is refused.
    tab.eval("(() => { const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.appendChild(s); return true; })()")
        .await;
    let refused = tab
        .until(
            "the inline script's violation",
            "window.__violations.join(' ')",
        )
        .await;
    assert!(
        refused.as_str().unwrap().starts_with("script-src"),
        "{refused}"
    );
    assert_eq!(tab.eval("window.ran === undefined").await, true);

    // A page on another origin tries to write.
    let mutation = write_mutation(&app).await;
    let before = writes(&app).await;
    let foreign = foreign_page(&app.gateway, &mutation).await;
    tab.navigate(&foreign).await;
    let outcome = tab
        .until("the foreign page's attempts end", "window.outcome")
        .await;
    assert_eq!(outcome["websocket"], "refused", "{outcome}");
    assert_eq!(outcome["json"], "refused", "{outcome}");
    assert_eq!(outcome["eventsource"], "refused", "{outcome}");
    assert_eq!(outcome["nocors"], "sent", "{outcome}");
    assert_eq!(outcome["form"], "sent", "{outcome}");
    assert_eq!(writes(&app).await, before, "the foreign page wrote nothing");
    // The same mutation as a JSON POST from the playground's own origin does write.
    tab.navigate(&format!("{}/healthz", app.gateway)).await;
    let body = json!({ "query": mutation }).to_string();
    let status = tab
        .eval(&format!(
            "fetch('/graphql', {{method: 'POST', headers: {{'content-type': 'application/json'}}, body: {body:?}}}).then(r => r.status)"
        ))
        .await;
    assert_eq!(status, 200);
    assert_eq!(writes(&app).await, before + 1);
}

/// Serves, on another loopback port, a page that tries to write through
/// the gateway in every way a page can without being allowed; it records in
/// `window.outcome` what happened. Its URL.
async fn foreign_page(gateway: &str, mutation: &str) -> String {
    let body = json!({ "query": mutation }).to_string();
    let ws = gateway.replacen("http", "ws", 1);
    // A text/plain form body that is JSON: `<name>=<value>` with the
    // mutation in the name and the closing quote and brace in the value.
    let form_name = format!(
        r#"{{"query": {}, "pad": ""#,
        serde_json::to_string(mutation).unwrap()
    )
    .replace('&', "&amp;")
    .replace('"', "&quot;")
    .replace('<', "&lt;");
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("query", mutation)
        .finish();
    let html = format!(
        r#"<!DOCTYPE html><html><body>
<iframe name="sink"></iframe>
<form id="form" method="POST" enctype="text/plain" target="sink" action="{gateway}/graphql"><input name="{form_name}" value="&quot;}}"></form>
<script>
const body = {body:?};
const results = {{}};
const attempts = [
  // A simple request: the browser sends it without asking; the answer is opaque.
  fetch('{gateway}/graphql', {{method: 'POST', mode: 'no-cors', headers: {{'content-type': 'text/plain'}}, body}})
    .then(() => results.nocors = 'sent', () => results.nocors = 'failed'),
  // JSON: the browser asks first (preflight) and is refused.
  fetch('{gateway}/graphql', {{method: 'POST', headers: {{'content-type': 'application/json'}}, body}})
    .then(r => results.json = 'answered ' + r.status, () => results.json = 'refused'),
  // A WebSocket: no CORS at all; the gateway checks the Origin.
  new Promise(done => {{
    const socket = new WebSocket('{ws}/graphql/ws', 'graphql-transport-ws');
    socket.onopen = () => {{
      results.websocket = 'opened';
      socket.send(JSON.stringify({{type: 'connection_init', payload: {{}}}}));
      socket.send(JSON.stringify({{id: '1', type: 'subscribe', payload: JSON.parse(body)}}));
      setTimeout(done, 2000);
    }};
    socket.onerror = () => {{ if (!results.websocket) results.websocket = 'refused'; done(); }};
  }}),
  // An EventSource (GET): no preflight either.
  new Promise(done => {{
    const source = new EventSource('{gateway}/graphql/sse?{query}');
    source.onmessage = () => {{ results.eventsource = 'streamed'; source.close(); done(); }};
    source.onerror = () => {{ if (!results.eventsource) results.eventsource = 'refused'; source.close(); done(); }};
  }}),
  // A form posted as text/plain into an iframe.
  new Promise(done => {{
    document.querySelector('iframe').onload = () => {{ results.form = 'sent'; done(); }};
    document.getElementById('form').submit();
  }}),
];
Promise.all(attempts).then(() => window.outcome = results);
</script></body></html>"#
    );
    let router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let html = html.clone();
            async move { axum::response::Html(html) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/")
}

#[tokio::test]
async fn the_headers_editor_carries_the_token_to_queries_and_subscriptions() {
    let app = spawn_app_with(require_tokens).await;
    let token = mint_token(&["kcc-medewerker", "kcc-vertrouwelijk"], json!({}));
    let partij = persona_uuid(&app, Some(&token)).await;
    let mut browser = Browser::launch().await;
    let mut tab = browser.tab().await;
    open_playground(&mut tab, &app).await;
    // Without a token: refused.
    let text = run_and_wait(&mut tab, "the refusal", "text.includes('errors')").await;
    assert!(text.contains("UNAUTHENTICATED"), "{text}");
    // The token typed in the headers editor.
    tab.eval(&format!(
        "(() => {{ const editors = document.querySelectorAll('.graphiql-editor-tool .CodeMirror'); editors[editors.length - 1].CodeMirror.setValue(JSON.stringify({{Authorization: 'Bearer {token}'}})); return true; }})()"
    ))
    .await;
    let text = run_and_wait(&mut tab, "the C4161 answer", "text.includes('\"data\"')").await;
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert!(
        betrokkene_names(&answer)
            .iter()
            .any(|n| n == "Anton van Oostrum"),
        "{answer:#}"
    );
    // A subscription over graphql-ws, with the same token in connection_init.
    let subscription = format!(
        "subscription Nieuw {{ klantcontactGeregistreerd(partij: \"{partij}\") {{ id klantcontact {{ onderwerp }} }} }}"
    );
    tab.eval(&format!(
        "{}.setValue({subscription:?}); true",
        editor(QUERY_EDITOR)
    ))
    .await;
    // GraphiQL reads the operation from the editor a moment later.
    tab.until(
        "GraphiQL takes the subscription",
        &format!("{}.operationName === 'Nieuw'", editor(QUERY_EDITOR)),
    )
    .await;
    tab.eval(&format!("{}.setValue(''); true", editor(RESPONSE)))
        .await;
    tab.eval("document.querySelector('.graphiql-execute-button').click(); true")
        .await;
    // Registered meanwhile (until the subscription has started, a write
    // may come too early: write until one shows).
    let mutation = format!(
        r#"mutation {{ registreerKlantcontact(input: {{partij: "{partij}", kanaal: "telefoon", onderwerp: "uit de browser"}}) {{ uuid }} }}"#
    );
    let deadline = tokio::time::Instant::now() + GUARD;
    loop {
        let body = app.graphql_as(&token, &mutation, json!({})).await;
        assert!(body.get("errors").is_none(), "{body}");
        let text = tab.eval(&format!("{}.getValue()", editor(RESPONSE))).await;
        if text.as_str().is_some_and(|t| t.contains("uit de browser")) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no event in the playground: {text}"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let violations = tab.eval("window.__violations").await;
    assert_eq!(violations, json!([]), "Content-Security-Policy violations");
}
