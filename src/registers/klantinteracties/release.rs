//! Which Open Klant release the register is, and what that release can do.
//!
//! Municipalities run every release from 2.4 (November 2024, API-version
//! 0.0.3) to 2.18 (API-version 0.9.0), and the releases differ in ways that
//! turn into silent wrong answers when ignored: 2.4 answers an unknown query
//! parameter with the *unfiltered* list, lists a partij's identificatoren
//! as `{uuid, url}` only, speaks 4-digit RNI/GBA country codes, drops fields
//! it does not know on write, and requires `omschrijving` on a digitaal
//! adres. The [`Release`] is read from the `API-version` header every answer
//! carries (or a probe when nothing has answered yet, which also sees
//! whether the register refuses an unknown parameter); configuration can pin it
//! (`registers.klantinteracties.release`). Its [`Capabilities`] decide what
//! the planner, the search and the writers may use.
//!
//! The table is built from the OpenAPI specs of 2.4.0, 2.7.0, 2.10.0 and
//! 2.18.0 (`specs/`): a version between two of them is read as the older
//! one, so a capability is only used once a release is known to have it.

use std::fmt;
use std::sync::RwLock;

use super::Klantinteracties;
use crate::registers::error::{ErrorKind, RegisterError};
use crate::registers::transport::Probe;

/// The Open Klant releases whose API the gateway knows, oldest first; each
/// stands for itself and the releases up to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Release {
    /// 2.4.0–2.6.x (API 0.0.3 …).
    V2_4,
    /// 2.7.0–2.9.x (API 0.1.2 …).
    V2_7,
    /// 2.10.0–2.17.x (API 0.2.1 …).
    V2_10,
    /// 2.18.0 and later (API 0.9.0 …).
    V2_18,
}

/// Every known release, oldest first, with the API version it serves.
const RELEASES: [(Release, &str, (u32, u32, u32)); 4] = [
    (Release::V2_4, "2.4", (0, 0, 3)),
    (Release::V2_7, "2.7", (0, 1, 2)),
    (Release::V2_10, "2.10", (0, 2, 1)),
    (Release::V2_18, "2.18", (0, 9, 0)),
];

impl Release {
    /// The newest release the gateway knows.
    pub const NEWEST: Release = Release::V2_18;

    /// The name as configuration, `/readyz` and messages write it (`2.4`).
    pub fn as_str(self) -> &'static str {
        RELEASES
            .iter()
            .find(|(r, _, _)| *r == self)
            .map(|(_, name, _)| *name)
            .unwrap_or("2.18")
    }

    /// A release named in configuration: `2.4`, `2.4.0`, `2.18`, …; a
    /// release between two known ones is read as the older. `None` for
    /// what is not a release number or is older than 2.4.
    pub fn parse(name: &str) -> Option<Release> {
        let mut parts = name.trim().split('.');
        let major: u32 = parts.next()?.parse().ok()?;
        let minor: u32 = parts.next()?.parse().ok()?;
        if major != 2 || minor < 4 {
            return None;
        }
        RELEASES
            .iter()
            .rev()
            .find(|(_, n, _)| {
                let known: u32 = n[2..].parse().unwrap_or(u32::MAX);
                known <= minor
            })
            .map(|(r, _, _)| *r)
    }

    /// The release that serves `API-version`: the newest known whose API
    /// version is not above it. `None` for a version that does not parse or
    /// is older than 0.0.3.
    pub fn from_api_version(version: &str) -> Option<Release> {
        let mut parts = version.trim().split('.').map(|p| p.parse::<u32>().ok());
        let v = (
            parts.next()??,
            parts.next()??,
            parts.next().flatten().unwrap_or(0),
        );
        RELEASES
            .iter()
            .rev()
            .find(|(_, _, api)| *api <= v)
            .map(|(r, _, _)| *r)
    }

    /// What this release can do.
    pub fn capabilities(self) -> Capabilities {
        Capabilities {
            release: self,
            identificatoren_inline: self >= Release::V2_18,
            land: if self >= Release::V2_7 {
                Landcodes::Iso
            } else {
                Landcodes::Gba
            },
            adres_straat: self >= Release::V2_7,
            klantcontact_afhandeling: self >= Release::V2_18,
            omschrijving_verplicht: self < Release::V2_7,
            adres_bevat: self >= Release::V2_7,
            betrokkenen_expand: self >= Release::V2_7,
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Open Klant {}", self.as_str())
    }
}

/// The country codes a release stores in `land`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landcodes {
    /// 4-digit codes of RNI/GBA Tabel 34 (`6030` Nederland), up to 2.6.
    Gba,
    /// ISO 3166-1 alpha-2 (`NL`), from 2.7.
    Iso,
}

/// What a release can do, as far as the gateway uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    pub release: Release,
    /// A partij lists its identificatoren with their numbers; before, as
    /// `{uuid, url}` only (the client then fetches them).
    pub identificatoren_inline: bool,
    pub land: Landcodes,
    /// Addresses have `straatnaam`, `huisnummer`, `huisnummertoevoeging`,
    /// `postcode` and `stad` (2.6+; known from 2.7).
    pub adres_straat: bool,
    /// A klantcontact has `reactie`, `verdereActieOndernomen`,
    /// `hoofdOnderwerpType`, `referentienummer` and `metadata`.
    pub klantcontact_afhandeling: bool,
    /// `POST /digitaleadressen` needs a non-blank `omschrijving`.
    pub omschrijving_verplicht: bool,
    /// `digitaleadressen?adres__icontains=` works (2.4.0 answers 500).
    pub adres_bevat: bool,
    /// `/betrokkenen` takes `expand`.
    pub betrokkenen_expand: bool,
}

/// What the client knows of its register's release.
#[derive(Debug, Default)]
pub(crate) struct ReleaseState {
    /// From configuration: never probed, never changed.
    pinned: Option<Release>,
    /// Detected: the API version it was read from, the release, and
    /// whether the probe saw an unknown parameter refused.
    detected: RwLock<Option<Detected>>,
}

/// A detected release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    /// The `API-version` header, when the register sent one.
    pub api_version: Option<String>,
    pub release: Release,
    /// How it was found: `configuration`, `API-version` (of an answer),
    /// `probe` (an unknown parameter sent, no `API-version` in the answer).
    pub source: &'static str,
    /// The register answered an unknown query parameter with 400 (2.18);
    /// `false`: it ignores it and answers the unfiltered list (2.4).
    pub refuses_unknown_parameters: Option<bool>,
}

impl ReleaseState {
    pub(crate) fn pinned(release: Option<Release>) -> ReleaseState {
        ReleaseState {
            pinned: release,
            detected: RwLock::new(None),
        }
    }
}

/// The parameter the probe sends, which no release knows.
const PROBE_PARAMETER: &str = "klantbeeldOnbekendeParameter";

impl Klantinteracties {
    /// The release the register is: pinned by configuration, else detected
    /// once by [`detect_release`](Self::detect_release) and checked against
    /// the `API-version` of every later answer (a register upgraded under
    /// the gateway is detected again).
    pub async fn release(&self) -> Result<Detected, RegisterError> {
        if let Some(pinned) = self.pinned_release() {
            return Ok(pinned);
        }
        let known = self
            .release
            .detected
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let seen = self.handle().api_version();
        match known {
            Some(known) if seen.is_none() || seen == known.api_version => Ok(known),
            // An answer named the version (first, or another than before):
            // read from it, without a call.
            Some(known) => Ok(self.detected_from(known.refuses_unknown_parameters)),
            None if seen.is_some() => Ok(self.detected_from(None)),
            None => self.detect_release().await,
        }
    }

    /// The capabilities of [`release`](Self::release).
    pub async fn capabilities(&self) -> Result<Capabilities, RegisterError> {
        Ok(self.release().await?.release.capabilities())
    }

    /// The release as far as known without a call: pinned, or detected
    /// before. For `/readyz` and metrics.
    pub fn known_release(&self) -> Option<Detected> {
        self.pinned_release().or_else(|| {
            self.release
                .detected
                .read()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
        })
    }

    /// The release configuration pins, if it does.
    fn pinned_release(&self) -> Option<Detected> {
        self.release.pinned.map(|release| Detected {
            api_version: self.handle().api_version(),
            release,
            source: "configuration",
            refuses_unknown_parameters: None,
        })
    }

    /// Probes the register: one actor (staff, no personal data) with a
    /// parameter no release knows. The answer's `API-version` names the
    /// release; whether the parameter was refused (400) or ignored (200) is
    /// kept beside it. Without an `API-version` the release is read from
    /// that alone: refused → the newest, ignored → 2.4 (the safe reading).
    pub async fn detect_release(&self) -> Result<Detected, RegisterError> {
        let query = [
            ("pageSize", "1".to_string()),
            (PROBE_PARAMETER, "1".to_string()),
        ];
        let probe = self
            .handle()
            .probe("/actoren", &query, &Default::default())
            .await;
        if let Some(error) = probe.error {
            return Err(error);
        }
        let refuses = match probe.status {
            Some(400) => Some(true),
            Some(s) if (200..300).contains(&s) => Some(false),
            _ => None,
        };
        Ok(self.detected_from(refuses))
    }

    /// The readiness probe of Klantinteracties (one actor). Its answer's
    /// `API-version` keeps the detected release current (unless
    /// configuration pins it): a register upgraded under the gateway shows
    /// on `/readyz` and in the metrics at the next probe.
    pub(crate) async fn readiness_probe(&self) -> Probe {
        let query = [("pageSize", "1".to_string())];
        let probe = self
            .handle()
            .probe("/actoren", &query, &Default::default())
            .await;
        if probe.error.is_none() && self.release.pinned.is_none() {
            let known = self.known_release();
            let seen = self.handle().api_version();
            match known {
                Some(k) if k.api_version == seen => {}
                // A change (or the first answer): read it from the header,
                // keeping what the full probe saw of unknown parameters.
                k => {
                    self.detected_from(k.and_then(|k| k.refuses_unknown_parameters));
                }
            }
        }
        probe
    }

    /// Records the release the last `API-version` names (with `refuses`:
    /// whether an unknown parameter was refused, if known) and returns it.
    fn detected_from(&self, refuses: Option<bool>) -> Detected {
        let api_version = self.handle().api_version();
        let from_header = api_version.as_deref().and_then(Release::from_api_version);
        let release = match (from_header, refuses) {
            (Some(r), _) => r,
            (None, Some(true)) => Release::NEWEST,
            (None, _) => Release::V2_4,
        };
        if api_version.is_some() && from_header.is_none() {
            tracing::warn!(
                api_version = api_version.as_deref().unwrap_or_default(),
                "Klantinteracties sends an API-version the gateway does not know; read as {release}"
            );
        }
        let source = if from_header.is_some() {
            "API-version"
        } else {
            "probe"
        };
        let detected = Detected {
            api_version,
            release,
            source,
            refuses_unknown_parameters: refuses,
        };
        let before = self
            .release
            .detected
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .replace(detected.clone());
        if before.as_ref() != Some(&detected) {
            tracing::info!(
                api_version = detected.api_version.as_deref().unwrap_or("none"),
                release = release.as_str(),
                refuses_unknown_parameters = ?refuses,
                "Klantinteracties release detected"
            );
            self.report(&detected);
        }
        detected
    }

    /// Tells the observers (the metrics) which release the register is.
    pub(crate) fn report(&self, detected: &Detected) {
        let register = self.handle().register();
        let version = detected.api_version.clone().unwrap_or_default();
        let release = detected.release.as_str();
        self.handle()
            .tell_observers(|o| o.release(register, &version, release));
    }

    /// The error for something the register cannot do (`release`: only
    /// this release; `None`: no release), found before any call.
    pub(crate) fn unsupported(
        &self,
        operation: &str,
        release: Option<Release>,
        what: impl Into<String>,
    ) -> RegisterError {
        RegisterError::new(
            self.handle().register(),
            operation,
            ErrorKind::Unsupported {
                release: release.map(|r| r.as_str().to_string()),
                what: what.into(),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_versions_and_names_map_to_the_oldest_release_that_fits() {
        assert_eq!(Release::from_api_version("0.0.3"), Some(Release::V2_4));
        assert_eq!(Release::from_api_version("0.1.0"), Some(Release::V2_4));
        assert_eq!(Release::from_api_version("0.1.2"), Some(Release::V2_7));
        assert_eq!(Release::from_api_version("0.5.0"), Some(Release::V2_10));
        assert_eq!(Release::from_api_version("0.9.0"), Some(Release::V2_18));
        assert_eq!(Release::from_api_version("1.0.0"), Some(Release::V2_18));
        assert_eq!(Release::from_api_version("0.0.1"), None);
        assert_eq!(Release::from_api_version("x"), None);
        assert_eq!(Release::parse("2.4"), Some(Release::V2_4));
        assert_eq!(Release::parse("2.6.1"), Some(Release::V2_4));
        assert_eq!(Release::parse("2.18.0"), Some(Release::V2_18));
        assert_eq!(Release::parse("2.16"), Some(Release::V2_10));
        assert_eq!(Release::parse("3.0"), None);
        assert_eq!(Release::parse("2.3"), None);
        assert_eq!(Release::parse("auto"), None);
    }

    #[test]
    fn the_table_follows_the_specs() {
        let old = Release::V2_4.capabilities();
        assert!(!old.identificatoren_inline && !old.adres_straat && !old.adres_bevat);
        assert_eq!(old.land, Landcodes::Gba);
        assert!(old.omschrijving_verplicht && !old.klantcontact_afhandeling);
        let new = Release::V2_18.capabilities();
        assert!(new.identificatoren_inline && new.adres_straat && new.adres_bevat);
        assert_eq!(new.land, Landcodes::Iso);
        assert!(!new.omschrijving_verplicht && new.klantcontact_afhandeling);
        assert!(!Release::V2_10.capabilities().klantcontact_afhandeling);
    }
}
