//! Values of the domain that are parsed once, at the edge, into types that
//! cannot hold an invalid value: a `Bsn` has passed the elfproef, a
//! `Postcode` is `1234 AB`, a `Telefoonnummer` and an `Emailadres` match
//! Open Klant's rules.
//! Code that holds one never checks it again.

mod bsn;
mod emailadres;
mod postcode;
mod telefoonnummer;

pub use bsn::Bsn;
pub use emailadres::Emailadres;
pub use postcode::Postcode;
pub use telefoonnummer::Telefoonnummer;

/// Why a value was refused; the message names the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);
