//! Values of the domain that are parsed once, at the edge, into types that
//! cannot hold an invalid value: a `Bsn` has passed the elfproef, a
//! `Postcode` is `1234 AB`, a `Telefoonnummer` and an `Emailadres` match
//! Open Klant's rules, a `Gemeentecode` has four digits, a `Huisnummer` is
//! 1 to 99999, a `BagId` is a BAG identification, an `Identificator` has
//! the form of its soort.
//! Code that holds one never checks it again. The messages name the rule,
//! so the GraphQL layer only adds which argument broke it.

mod ability;
mod bag;
mod bsn;
mod emailadres;
mod gemeentecode;
mod huisnummer;
mod identificator;
pub mod land;
mod postcode;
mod telefoonnummer;

pub use ability::Ability;
pub(crate) use bag::BagId;
pub use bsn::Bsn;
pub(crate) use emailadres::Emailadres;
pub(crate) use gemeentecode::Gemeentecode;
pub(crate) use huisnummer::{Huisletter, Huisnummer, Huisnummertoevoeging};
pub(crate) use identificator::{Identificator, IdentificatorSoort};
pub(crate) use postcode::Postcode;
pub(crate) use telefoonnummer::Telefoonnummer;

/// Why a value was refused; the message names the rule it broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(pub String);
