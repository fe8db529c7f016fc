//! Black-box tests of the sandbox registers' HTTP behaviour: each starts the
//! sandbox alone on a random port through `helpers::spawn_app` and talks to
//! it over HTTP, as the gateway does. One test binary, so that the crate is
//! linked once.

mod brp;
mod contract;
mod contract_24;
mod control;
mod helpers;
mod ki_read;
mod ki_write;
mod openapi;
mod referentielijsten;
mod sandbox_calls;
mod spec;
mod yaml;
