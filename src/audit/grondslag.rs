//! Who asks and why: the [`OpgegevenGrondslag`] every GraphQL request
//! carries in its data (named so beside `telemetry::RequestContext`, the
//! request's id and trace), and the complete [`Grondslag`] a BRP lookup
//! needs. The HTTP handler fills it (today from the `X-Gebruiker`,
//! `X-Doelbinding` and `X-Verwerking` headers, with the configured
//! development defaults; later from the token's claims); BRP access reads it
//! and refuses to proceed without a complete [`Grondslag`].

/// The request's user and purpose, as far as given (by headers or a token).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpgegevenGrondslag {
    /// The employee (or system) on whose behalf the request is made.
    pub gebruiker: Option<String>,
    /// The legal ground of the processing (e.g. an autorisatiebesluit's
    /// doelbinding code).
    pub doelbinding: Option<String>,
    /// The processing activity (e.g. `klantbeeld tonen`).
    pub verwerking: Option<String>,
}

/// A complete purpose: what a BRP lookup needs before any call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grondslag {
    pub gebruiker: String,
    pub doelbinding: String,
    pub verwerking: String,
}

/// The most characters a context value may have.
pub const MAX_LENGTH: usize = 200;

impl OpgegevenGrondslag {
    /// The complete purpose, or the names of what is missing.
    pub fn grondslag(&self) -> Result<Grondslag, Vec<&'static str>> {
        let given = |v: &Option<String>| v.as_deref().filter(|s| !s.is_empty()).map(str::to_string);
        match (
            given(&self.gebruiker),
            given(&self.doelbinding),
            given(&self.verwerking),
        ) {
            (Some(gebruiker), Some(doelbinding), Some(verwerking)) => Ok(Grondslag {
                gebruiker,
                doelbinding,
                verwerking,
            }),
            (g, d, v) => Err([(g, "gebruiker"), (d, "doelbinding"), (v, "verwerking")]
                .into_iter()
                .filter(|(value, _)| value.is_none())
                .map(|(_, name)| name)
                .collect()),
        }
    }
}

/// Whether `value` can be a context value: 1 to [`MAX_LENGTH`] visible
/// ASCII characters or spaces, not only spaces (it travels upstream as a
/// header and into the verwerkingslog).
pub fn valid_value(value: &str) -> bool {
    !value.trim().is_empty()
        && value.len() <= MAX_LENGTH
        && value.bytes().all(|b| b == b' ' || b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complete_context_gives_its_grondslag_and_an_incomplete_one_names_the_gaps() {
        let full = OpgegevenGrondslag {
            gebruiker: Some("medewerker-17".into()),
            doelbinding: Some("BRPKCC".into()),
            verwerking: Some("klantbeeld".into()),
        };
        assert_eq!(
            full.grondslag().map(|g| g.doelbinding),
            Ok("BRPKCC".to_string())
        );
        let partial = OpgegevenGrondslag {
            doelbinding: Some(String::new()),
            ..full
        };
        assert_eq!(partial.grondslag(), Err(vec!["doelbinding"]));
        assert_eq!(
            OpgegevenGrondslag::default().grondslag(),
            Err(vec!["gebruiker", "doelbinding", "verwerking"])
        );
    }

    #[test]
    fn values_must_fit_a_header() {
        assert!(valid_value("KCC klantbeeld 2.0"));
        for bad in ["", "   ", "regel\neen", "Jansen-Öz", &"x".repeat(201)] {
            assert!(!valid_value(bad), "{bad:?}");
        }
    }
}
