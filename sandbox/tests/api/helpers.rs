//! The one way the sandbox's tests start it and talk to it: the sandbox
//! alone, on a random loopback port, with the settings the gateway's
//! development profile gives it (its token and seed), a small data set, no
//! cost model and no notifications.

use klantbeeld_sandbox::{SandboxState, Settings};

/// The token the sandbox Klantinteracties accepts in these tests.
const TOKEN: &str = "sandbox-token-klantbeeld";

/// A running sandbox.
pub struct TestApp {
    /// `http://127.0.0.1:<port>` of the sandbox.
    pub sandbox: String,
    /// The token the sandbox Klantinteracties accepts.
    pub token: String,
    pub client: reqwest::Client,
}

/// Starts the sandbox on a random port. The task ends with the test's
/// runtime.
pub async fn spawn_app() -> TestApp {
    let settings = Settings {
        token: TOKEN.into(),
        seed: 4161,
        partijen: 50,
        faults: Default::default(),
        brp_oauth: None,
        notificaties: None,
        openklant_release: Default::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port");
    let addr = listener
        .local_addr()
        .expect("bound listener has an address");
    tokio::spawn(klantbeeld_sandbox::serve(
        listener,
        SandboxState::build(&settings),
    ));
    TestApp {
        sandbox: format!("http://{addr}"),
        token: TOKEN.into(),
        client: reqwest::Client::new(),
    }
}
