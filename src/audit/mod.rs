//! The verwerkingslog: every lookup of personal data in the BRP is recorded
//! — who, which BSNs, for what purpose, which fields, when, and the outcome
//! (ARCHITECTURE.md decision 8; the municipality as verstrekker must protocol
//! every request, as the BRP's protocollering asks).
//!
//! No unlogged access: a lookup is recorded in two JSON lines with one `id`.
//! The intent is written *before* the call; if it cannot be written, the call
//! is not made. The outcome (the BSNs delivered, or the error) is written
//! *after* it; if that cannot be written, the data is withheld. A single
//! record before the call could not say what was delivered; a single record
//! after it would leave no trace of a lookup whose record then failed, or of
//! one interrupted by a crash. The pair is therefore the only shape in which
//! every access that reached the register is on record and every delivery is
//! recorded with what it delivered.
//!
//! Records go to standard output (the process logs go to standard error) or
//! are appended to a file, which is opened per record (log rotation needs no
//! signal) and flushed to disk before the call proceeds. Writes are
//! serialised, so lines never interleave.

mod grondslag;
mod record;

use std::future::Future;
use std::io::Write;
use std::path::PathBuf;

use tokio::sync::Mutex;
use uuid::Uuid;

pub use grondslag::{valid_value, Grondslag, OpgegevenGrondslag, MAX_LENGTH};
pub use record::{Aanvraag, Fase, Uitkomst, Verwerking};

use crate::config::{VerwerkingslogConfig, VerwerkingslogTarget};

/// The record could not be written; the lookup is refused (or its data
/// withheld). The message names the target, never a record's content.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the verwerkingslog cannot be written ({0})")]
pub struct AuditError(String);

/// Where records go.
#[derive(Debug, Clone)]
enum Sink {
    Stdout,
    File(PathBuf),
}

/// The verwerkingslog of one gateway process.
#[derive(Debug)]
pub struct Verwerkingslog {
    sink: Sink,
    /// One record at a time, so that lines never interleave.
    writing: Mutex<()>,
}

impl Verwerkingslog {
    /// The log `[verwerkingslog]` describes.
    pub fn new(config: &VerwerkingslogConfig) -> Verwerkingslog {
        let sink = match config.target {
            VerwerkingslogTarget::Stdout => Sink::Stdout,
            VerwerkingslogTarget::File => Sink::File(PathBuf::from(config.path.trim())),
        };
        Verwerkingslog {
            sink,
            writing: Mutex::new(()),
        }
    }

    /// Runs `lookup` between its two records (see the module documentation).
    /// `uitkomst` describes what the lookup gave. `Err` when a record could
    /// not be written: before the call, `lookup` has not run; after it, its
    /// result is dropped.
    pub async fn vastleggen<T, E, F>(
        &self,
        grondslag: &Grondslag,
        aanvraag: &Aanvraag,
        lookup: F,
        uitkomst: impl FnOnce(&Result<T, E>) -> Uitkomst,
    ) -> Result<Result<T, E>, AuditError>
    where
        F: Future<Output = Result<T, E>>,
    {
        let id = Uuid::new_v4();
        self.schrijf(&Verwerking::new(
            id,
            Fase::Voornemen,
            grondslag,
            aanvraag,
            None,
        ))
        .await?;
        let result = lookup.await;
        let outcome = uitkomst(&result);
        self.schrijf(&Verwerking::new(
            id,
            Fase::Uitkomst,
            grondslag,
            aanvraag,
            Some(&outcome),
        ))
        .await?;
        Ok(result)
    }

    /// Writes one record as a JSON line and waits until it is written.
    async fn schrijf(&self, record: &Verwerking<'_>) -> Result<(), AuditError> {
        let mut line =
            serde_json::to_vec(record).map_err(|e| AuditError(format!("encoding: {e}")))?;
        line.push(b'\n');
        let _turn = self.writing.lock().await;
        let sink = self.sink.clone();
        tokio::task::spawn_blocking(move || write_line(&sink, &line))
            .await
            .map_err(|e| AuditError(format!("writer stopped: {e}")))?
    }
}

/// The blocking write of one line.
fn write_line(sink: &Sink, line: &[u8]) -> Result<(), AuditError> {
    match sink {
        Sink::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(line)
                .and_then(|_| out.flush())
                .map_err(|e| AuditError(format!("stdout: {}", e.kind())))
        }
        Sink::File(path) => {
            let failed =
                |e: std::io::Error| AuditError(format!("{}: {}", path.display(), e.kind()));
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(failed)?;
            file.write_all(line).map_err(failed)?;
            file.sync_data().map_err(failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;

    fn log_to(path: PathBuf) -> Verwerkingslog {
        Verwerkingslog::new(&VerwerkingslogConfig {
            target: VerwerkingslogTarget::File,
            path: path.display().to_string(),
        })
    }

    fn grondslag() -> Grondslag {
        Grondslag {
            gebruiker: "medewerker-1".into(),
            doelbinding: "BRPKCC".into(),
            verwerking: "klantbeeld".into(),
        }
    }

    fn aanvraag() -> Aanvraag {
        Aanvraag {
            register: "brp",
            handeling: "RaadpleegMetBurgerservicenummer".into(),
            burgerservicenummers: vec!["999990007".into()],
            fields: vec!["burgerservicenummer".into(), "naam".into()],
            ..Aanvraag::default()
        }
    }

    #[tokio::test]
    async fn a_lookup_leaves_its_intent_and_outcome_with_one_id() {
        let path = std::env::temp_dir().join(format!("verwerkingslog-{}.jsonl", Uuid::new_v4()));
        let log = log_to(path.clone());
        let result = log
            .vastleggen(
                &grondslag(),
                &aanvraag(),
                async { Ok::<_, String>(vec!["999990007".to_string()]) },
                |r| Uitkomst::Geleverd {
                    bsns: r.clone().unwrap_or_default(),
                },
            )
            .await;
        assert_eq!(result, Ok(Ok(vec!["999990007".to_string()])));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        let lines: Vec<serde_json::Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0]["fase"], "voornemen");
        assert!(lines[0].get("uitkomst").is_none());
        assert_eq!(lines[1]["fase"], "uitkomst");
        assert_eq!(lines[0]["id"], lines[1]["id"]);
        assert_eq!(lines[1]["uitkomst"]["status"], "geleverd");
        assert_eq!(lines[1]["uitkomst"]["burgerservicenummers"][0], "999990007");
        assert_eq!(lines[0]["doelbinding"], "BRPKCC");
        assert_eq!(lines[0]["fields"][1], "naam");
    }

    #[tokio::test]
    async fn an_unwritable_log_runs_no_lookup() {
        let path = std::env::temp_dir()
            .join(format!("geen-map-{}", Uuid::new_v4()))
            .join("verwerkingslog.jsonl");
        let ran = AtomicBool::new(false);
        let result = log_to(path)
            .vastleggen(
                &grondslag(),
                &aanvraag(),
                async {
                    ran.store(true, Ordering::SeqCst);
                    Ok::<_, String>(())
                },
                |_| Uitkomst::Geleverd { bsns: Vec::new() },
            )
            .await;
        assert!(result.is_err());
        assert!(!ran.load(Ordering::SeqCst));
    }
}
