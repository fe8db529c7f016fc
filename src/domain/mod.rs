//! Values of the domain that are parsed once, at the edge, into types that
//! cannot hold an invalid value: a `Bsn` has passed the elfproef, a
//! `Postcode` is `1234 AB`, a `Telefoonnummer` matches Open Klant's rule.
//! Code that holds one never checks it again.

mod bsn;
mod postcode;
mod telefoonnummer;

pub use bsn::Bsn;
pub use postcode::Postcode;
pub use telefoonnummer::Telefoonnummer;

/// Why a value was refused; the message names the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);
