//! The one way tests start the application and talk to it.

use std::net::SocketAddr;

use klantbeeld_gateway::config::Config;
use klantbeeld_gateway::startup::Application;
use serde_json::Value;

/// A running gateway with its embedded sandbox.
pub struct TestApp {
    /// `http://127.0.0.1:<port>` of the gateway.
    pub gateway: String,
    /// `http://127.0.0.1:<port>` of the sandbox.
    pub sandbox: String,
    /// The token the sandbox Klantinteracties accepts.
    pub token: String,
    pub client: reqwest::Client,
}

/// Starts the application with the development config, on random ports,
/// with a small data set. `tweak` may change the config first.
pub async fn spawn_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = Config::development();
    config.server.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.listen = "127.0.0.1:0".parse().unwrap();
    config.sandbox.partijen = 50;
    tweak(&mut config);
    let token = config.sandbox.token.expose().to_string();
    let app = Application::build(config)
        .await
        .expect("application starts");
    let gateway = url(app.gateway_addr());
    let sandbox = url(app.sandbox_addr().expect("sandbox enabled"));
    tokio::spawn(app.run_until_stopped());
    TestApp {
        gateway,
        sandbox,
        token,
        client: reqwest::Client::new(),
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
    /// GET on the sandbox Klantinteracties with the token; `path` starts after `/api/v1`.
    pub async fn ki_get(&self, path_and_query: &str) -> reqwest::Response {
        self.client
            .get(format!(
                "{}/klantinteracties/api/v1{path_and_query}",
                self.sandbox
            ))
            .header("Authorization", format!("Token {}", self.token))
            .send()
            .await
            .expect("sandbox answers")
    }

    /// Runs a GraphQL document on the gateway; returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.client
            .post(format!("{}/graphql", self.gateway))
            .json(&serde_json::json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("gateway answers")
            .json()
            .await
            .expect("gateway answers JSON")
    }

    /// The sandbox's `/_sandbox/stats`.
    pub async fn stats(&self) -> Value {
        self.client
            .get(format!("{}/_sandbox/stats", self.sandbox))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Clears the sandbox's counters.
    pub async fn reset_stats(&self) {
        self.client
            .post(format!("{}/_sandbox/reset-stats", self.sandbox))
            .send()
            .await
            .unwrap();
    }

    /// Sets a register's cost model and faults through `/_sandbox/faults`.
    pub async fn set_faults(&self, body: Value) {
        let r = self
            .client
            .post(format!("{}/_sandbox/faults", self.sandbox))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success(),
            "faults rejected: {}",
            r.text().await.unwrap()
        );
    }
}
