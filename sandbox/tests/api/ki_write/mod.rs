//! Writes to the sandbox Klantinteracties (POST, PUT, PATCH, DELETE and
//! `maak-klantcontact`) over HTTP: what Open Klant 2.18 accepts is accepted
//! and reads back through GET, what it refuses is a 400 naming the field,
//! deletes cascade as Open Klant's do, and no body makes the sandbox fail.
//! Every test makes the objects it needs through POST.

pub(crate) mod client;
mod klantcontacten;
mod malformed;
mod partijen;
mod validators;
