//! The calls tests make to the sandbox itself, beside what they test: its
//! Klantinteracties with the token, `/_sandbox/stats`, `/_sandbox/reset-stats`
//! and `/_sandbox/faults`. Both the sandbox's tests and the gateway's include
//! this file; each crate's `helpers::TestApp` has the `sandbox`, `token` and
//! `client` it uses.

use serde_json::Value;

use crate::helpers::TestApp;

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
