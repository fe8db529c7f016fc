//! The one way tests start the application and talk to it.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use klantbeeld_gateway::config::{AuthMode, Config};
use klantbeeld_gateway::startup::{Application, ShutdownHandle};
use serde_json::{json, Value};
use tokio::task::JoinHandle;

/// A running gateway with its embedded sandbox.
pub struct TestApp {
    /// `http://127.0.0.1:<port>` of the gateway.
    pub gateway: String,
    /// `http://127.0.0.1:<port>` of the sandbox.
    pub sandbox: String,
    /// The token the sandbox Klantinteracties accepts.
    pub token: String,
    pub client: reqwest::Client,
    /// Stops the application gracefully.
    pub shutdown: ShutdownHandle,
    /// Ends when the application has stopped.
    pub stopped: JoinHandle<std::io::Result<()>>,
}

/// Starts the application with the development config, on random ports,
/// with a small data set and without the sandbox's notifications. `tweak`
/// may change the config first.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = Config::development();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.partijen = 50;
    // The sandbox's notifications make the gateway read registers at times
    // a test does not choose; tests of live updates turn them on.
    config.sandbox.notificaties.enabled = false;
    tweak(&mut config);
    let token = config.sandbox.token.expose().to_string();
    let app = Application::build(config)
        .await
        .expect("application starts");
    let gateway = url(app.gateway_addr());
    let sandbox = url(app.sandbox_addr().expect("sandbox enabled"));
    let shutdown = app.shutdown_handle();
    let stopped = tokio::spawn(app.run_until_stopped());
    TestApp {
        gateway,
        sandbox,
        token,
        client: reqwest::Client::new(),
        shutdown,
        stopped,
    }
}

/// Starts the application with the development config (see [`spawn_app_with`]).
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

fn url(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

impl TestApp {
    /// Klantinteracties calls since the last reset whose method is one of
    /// `methods` (`"POST"`, `"PATCH"`, …), over every route.
    pub async fn ki_calls(&self, methods: &[&str]) -> u64 {
        let stats = self.stats().await;
        let routes = stats["registers"]["klantinteracties"]["byRoute"].as_object();
        routes.map_or(0, |routes| {
            routes
                .iter()
                .filter(|(route, _)| {
                    route
                        .split_once(' ')
                        .is_some_and(|(method, _)| methods.contains(&method))
                })
                .map(|(_, n)| n.as_u64().unwrap_or(0))
                .sum()
        })
    }

    /// POSTs `query` in a task of its own and returns once the sandbox's
    /// Klantinteracties is serving one of its calls: a request in flight
    /// (e.g. to shut down under).
    pub async fn in_flight(
        &self,
        query: &str,
        variables: Value,
    ) -> JoinHandle<reqwest::Result<reqwest::Response>> {
        let request = self
            .client
            .post(format!("{}/graphql", self.gateway))
            .json(&json!({ "query": query, "variables": variables }));
        let task = tokio::spawn(request.send());
        for _ in 0..500 {
            let stats = self.stats().await;
            if stats["registers"]["klantinteracties"]["inFlight"].as_u64() >= Some(1) {
                return task;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("the query never reached the register");
    }

    /// Runs a GraphQL document on the gateway; returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.graphql_with_headers(query, variables, &[]).await
    }

    /// [`graphql`](Self::graphql) with extra request headers (e.g. the
    /// purpose of BRP lookups).
    pub async fn graphql_with_headers(
        &self,
        query: &str,
        variables: Value,
        headers: &[(&str, &str)],
    ) -> Value {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.gateway))
            .json(&serde_json::json!({ "query": query, "variables": variables }));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request
            .send()
            .await
            .expect("gateway answers")
            .json()
            .await
            .expect("gateway answers JSON")
    }

    /// Scrapes and parses the gateway's `/metrics`.
    pub async fn metrics(&self) -> Metrics {
        let r = self
            .client
            .get(format!("{}/metrics", self.gateway))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let kind = r.headers()["content-type"].to_str().unwrap().to_string();
        assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
        Metrics::parse(&r.text().await.unwrap())
    }
}

/// One sample of `/metrics`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub value: f64,
}

/// A parsed `/metrics` answer.
#[derive(Debug)]
pub struct Metrics(pub Vec<Sample>);

impl Metrics {
    /// Parses the Prometheus/OpenMetrics text format; panics on a line that
    /// is neither a comment nor a sample.
    pub fn parse(text: &str) -> Metrics {
        let samples = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|line| parse_sample(line).unwrap_or_else(|| panic!("not a sample: {line:?}")))
            .collect();
        Metrics(samples)
    }

    /// The sum of the samples of `name` whose labels include `labels`.
    pub fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.0
            .iter()
            .filter(|s| s.name == name)
            .filter(|s| {
                labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
            })
            .map(|s| s.value)
            .sum()
    }
}

/// `name{k="v",…} value [timestamp]` or `name value`.
fn parse_sample(line: &str) -> Option<Sample> {
    let name_end = line.find(['{', ' '])?;
    let name = line[..name_end].to_string();
    let (labels, rest) = match line[name_end..].strip_prefix('{') {
        Some(inner) => parse_labels(inner)?,
        None => (BTreeMap::new(), &line[name_end..]),
    };
    let value = rest.split_whitespace().next()?.parse().ok()?;
    Some(Sample {
        name,
        labels,
        value,
    })
}

/// `k="v",…}` → the labels and what follows the `}`.
fn parse_labels(mut rest: &str) -> Option<(BTreeMap<String, String>, &str)> {
    let mut labels = BTreeMap::new();
    loop {
        rest = rest.trim_start_matches(',');
        if let Some(after) = rest.strip_prefix('}') {
            return Some((labels, after));
        }
        let (key, quoted) = rest.split_once("=\"")?;
        let mut value = String::new();
        let mut chars = quoted.char_indices();
        let end = loop {
            match chars.next()? {
                (_, '\\') => value.push(chars.next()?.1),
                (i, '"') => break i + 1,
                (_, c) => value.push(c),
            }
        };
        labels.insert(key.to_string(), value);
        rest = &quoted[end..];
    }
}

/// The issuer, audience and HS256 secret of [`require_tokens`].
pub const ISSUER: &str = "https://idp.test.example";
pub const AUDIENCE: &str = "klantbeeld-gateway";
pub const HS256_SECRET: &str = "test-only-hs256-secret-0123456789abcdef";

/// Switches a config to the production behaviour: every request needs a
/// bearer token, HS256 with [`HS256_SECRET`].
pub fn require_tokens(config: &mut Config) {
    config.auth.mode = AuthMode::Jwt;
    config.auth.issuer = ISSUER.into();
    config.auth.audience = AUDIENCE.into();
    config.auth.hs256_secret = HS256_SECRET.into();
}

/// An HS256 token for [`require_tokens`] with `roles`, valid for five
/// minutes; `extra` claims are added (or replace the standard ones).
pub fn mint_token(roles: &[&str], extra: Value) -> String {
    let now = jsonwebtoken::get_current_timestamp();
    let mut claims = json!({
        "iss": ISSUER, "aud": AUDIENCE, "sub": "medewerker-1",
        "iat": now, "nbf": now, "exp": now + 300, "roles": roles,
    });
    if let (Some(c), Some(e)) = (claims.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(HS256_SECRET.as_bytes()).unwrap(),
    )
    .unwrap()
}

impl TestApp {
    /// POSTs a GraphQL body with `Authorization: Bearer <token>` (none when
    /// `token` is `None`); returns the status and the body as text.
    pub async fn post_graphql(&self, token: Option<&str>, body: &Value) -> (u16, String) {
        let mut request = self.client.post(format!("{}/graphql", self.gateway));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let r = request.json(body).send().await.expect("gateway answers");
        (r.status().as_u16(), r.text().await.expect("a body"))
    }

    /// Runs a GraphQL document as the holder of `token`; the whole response body.
    pub async fn graphql_as(&self, token: &str, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables });
        let (status, text) = self.post_graphql(Some(token), &body).await;
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).expect("gateway answers JSON")
    }
}

/// Starts a second gateway (a replica) beside `first`: no sandbox of its
/// own, its registers at `first`'s sandbox, the same configuration as
/// `tweak` makes it (give both the same `events`). Its `sandbox` field is
/// `first`'s.
pub async fn spawn_replica_with(first: &TestApp, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = Config::development();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.enabled = false;
    config.sandbox.notificaties.enabled = false;
    let registers = &mut config.registers;
    registers.klantinteracties.base_url = format!("{}/klantinteracties/api/v1", first.sandbox);
    registers.brp.base_url = format!("{}/haalcentraal/api/brp/personen", first.sandbox);
    registers.referentielijsten.base_url = format!("{}/api/v1", first.sandbox);
    let brp = &mut config.brp.auth;
    if brp.method == klantbeeld_gateway::config::BrpAuthMethod::Oauth2 {
        brp.token_url = format!("{}/_sandbox/oauth/token", first.sandbox);
    }
    tweak(&mut config);
    let token = config.registers.klantinteracties.token.expose().to_string();
    let app = Application::build(config)
        .await
        .expect("the replica starts");
    let gateway = url(app.gateway_addr());
    let shutdown = app.shutdown_handle();
    let stopped = tokio::spawn(app.run_until_stopped());
    TestApp {
        gateway,
        sandbox: first.sandbox.clone(),
        token,
        client: reqwest::Client::new(),
        shutdown,
        stopped,
    }
}

/// A `redis-server` of a test's own: a free port on 127.0.0.1, a temporary
/// directory, append-only persistence (so a restart loses nothing), stopped
/// and removed when dropped. Never the Redis at 6379.
pub struct RedisServer {
    /// `redis://127.0.0.1:<port>/0`
    pub url: String,
    port: u16,
    dir: std::path::PathBuf,
    child: Option<std::process::Child>,
}

impl RedisServer {
    /// Starts one and waits until it answers `PING`.
    pub async fn start() -> RedisServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("klantbeeld-redis-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut server = RedisServer {
            url: format!("redis://127.0.0.1:{port}/0"),
            port,
            dir,
            child: None,
        };
        server.restart().await;
        server
    }

    /// Points a config's events at this Redis.
    pub fn configure(&self, config: &mut Config) {
        config.events.backend = klantbeeld_gateway::config::EventsBackend::Redis;
        config.events.redis.url = self.url.as_str().into();
    }

    /// Stops it (as a crash would: no shutdown save beyond the append-only file).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it (again) on the same port and directory.
    pub async fn restart(&mut self) {
        self.stop();
        let child = std::process::Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--dir", &self.dir.to_string_lossy()])
            .args([
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--save",
                "",
            ])
            .args(["--logfile", "redis.log", "--protected-mode", "no"])
            // Small stream nodes, so that `MAXLEN ~` trims a short stream too.
            .args(["--stream-node-max-entries", "2"])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "redis-server did not start ({e}); install Debian's redis-server \
                     (apt-get install redis-server), as .ci/run does"
                )
            });
        self.child = Some(child);
        for _ in 0..200 {
            if self.ping().await {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("redis-server on port {} never answered PING", self.port);
    }

    async fn ping(&self) -> bool {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let Ok(mut s) = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await else {
            return false;
        };
        let mut answer = [0u8; 7];
        s.write_all(b"PING\r\n").await.is_ok()
            && s.read_exact(&mut answer).await.is_ok()
            && &answer == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
