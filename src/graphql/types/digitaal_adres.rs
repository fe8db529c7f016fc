//! A digitaal adres: e-mail address, telephone number or other.

use std::sync::Arc;

use async_graphql::{Object, Result};
use chrono::NaiveDate;
use uuid::Uuid;

use super::adres::non_empty;
use super::enums::SoortDigitaalAdres;
use crate::graphql::error::unknown_code;
use crate::registers::klantinteracties as ki;

/// An e-mail address, telephone number or other digital address.
pub struct DigitaalAdres(pub Arc<ki::DigitaalAdres>);

#[Object]
impl DigitaalAdres {
    async fn uuid(&self) -> Uuid {
        self.0.uuid
    }
    async fn soort_digitaal_adres(&self) -> Result<SoortDigitaalAdres> {
        Ok(match &self.0.soort_digitaal_adres {
            ki::SoortDigitaalAdres::Email => SoortDigitaalAdres::Email,
            ki::SoortDigitaalAdres::Telefoonnummer => SoortDigitaalAdres::Telefoonnummer,
            ki::SoortDigitaalAdres::Overig => SoortDigitaalAdres::Overig,
            ki::SoortDigitaalAdres::Onbekend(c) => {
                return Err(unknown_code("soortDigitaalAdres", c))
            }
        })
    }
    async fn adres(&self) -> &str {
        &self.0.adres
    }
    async fn omschrijving(&self) -> Option<&str> {
        non_empty(&self.0.omschrijving)
    }
    async fn is_standaard_adres(&self) -> bool {
        self.0.is_standaard_adres
    }
    async fn referentie(&self) -> Option<&str> {
        non_empty(&self.0.referentie)
    }
    async fn verificatie_datum(&self) -> Option<NaiveDate> {
        self.0.verificatie_datum
    }
}
