//! GraphQL errors with the codes of DESIGN.md decision 6: every error carries
//! `extensions.code`, and those caused by a register `extensions.register`.

use async_graphql::{Error, ErrorExtensions};

/// `BAD_USER_INPUT`: the request itself is wrong; `field` names the argument.
pub fn bad_input(field: &str, message: impl std::fmt::Display) -> Error {
    Error::new(format!("{field}: {message}")).extend_with(|_, e| {
        e.set("code", "BAD_USER_INPUT");
        e.set("field", field);
    })
}

/// `NOT_FOUND`: what was asked for does not exist in `register`.
pub fn not_found(register: &str, what: impl std::fmt::Display) -> Error {
    Error::new(format!("{what} not found in {register}")).extend_with(|_, e| {
        e.set("code", "NOT_FOUND");
        e.set("register", register);
    })
}
