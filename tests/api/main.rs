//! Black-box tests: each starts the whole application (gateway and sandbox)
//! on random ports through `helpers::spawn_app` and talks to it over HTTP.
//! One test binary, so that the crate is linked once.

mod config;
mod gateway;
mod helpers;
mod openapi;
mod registers;
mod sandbox_control;
mod sandbox_referentielijsten;
mod schema;
