//! BRP access from resolvers: every lookup needs the request's purpose, is
//! written to the verwerkingslog (intent before, outcome after; no record,
//! no call) and asks the register only for the selected fields.
//!
//! Persons are consulted through a request-scoped DataLoader keyed by
//! (BSN, [`Velden`]): the keys of one batch are grouped by their field set,
//! and each group is one lookup (one verwerkingslog pair) of its BSNs with
//! exactly its fields, which [`Brp::raadpleeg_met`](crate::registers::Brp)
//! splits into POSTs of 20. The alternative, merging the field sets of a
//! batch into one, would save a POST when one request selects a person
//! twice with different fields, but would ask each person for the union —
//! more than that selection needs, and than the verwerkingslog should then
//! say was needed. Minimisation wins; the common case (one selection for
//! many persons, as in a list) is one group either way.

pub mod velden;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use async_graphql::{Context, Error, ErrorExtensions, Result};
use futures::future::join_all;

pub use velden::Velden;

use super::error::ErrorCode;
use super::error::{from_register, not_found};
use super::guard;
use super::shared::Shared;
use super::types::Persoon as PersoonType;
use crate::audit::{Aanvraag, AuditError, Grondslag, OpgegevenGrondslag, Uitkomst};
use crate::domain::Bsn;
use crate::registers::brp::{Persoon, Protocollering, Zoekvraag};
use crate::registers::{ErrorKind, RegisterError};

/// Why a BRP lookup gave no data.
#[derive(Debug, Clone)]
pub enum BrpFout {
    /// The request carries no complete purpose; these parts are missing.
    GeenGrondslag(Vec<&'static str>),
    /// The verwerkingslog could not be written.
    Verwerkingslog(AuditError),
    /// The register failed.
    Register(RegisterError),
}

impl BrpFout {
    /// The GraphQL error at the field that needed the lookup.
    pub fn to_graphql(&self) -> Error {
        match self {
            BrpFout::GeenGrondslag(missing) => Error::new(format!(
                "BRP access needs a purpose; missing: {} (headers X-Gebruiker, X-Doelbinding, X-Verwerking)",
                missing.join(", ")
            ))
            .extend_with(|_, e| {
                e.set("code", "FORBIDDEN");
                e.set("register", "brp");
            }),
            // What failed (a path on the server, an OS error) is for the
            // operator's log ([`BrpFout::verwerkingslog`]), not the caller.
            BrpFout::Verwerkingslog(_) => Error::new(
                "the verwerkingslog cannot be written; BRP access is refused until it can be",
            )
            .extend_with(|_, e| {
                e.set("code", "AUDIT_LOG_UNAVAILABLE");
                e.set("register", "brp");
            }),
            BrpFout::Register(e) => register_error(e),
        }
    }

    /// A failed write of the verwerkingslog: logged here with its detail
    /// (for the operator), answered without it ([`BrpFout::to_graphql`]).
    fn verwerkingslog(e: AuditError) -> BrpFout {
        tracing::error!(error = %e, "the verwerkingslog cannot be written: BRP lookup refused");
        BrpFout::Verwerkingslog(e)
    }

    /// The code the verwerkingslog records for a failure.
    fn code(&self) -> &'static str {
        match self {
            BrpFout::GeenGrondslag(_) => "FORBIDDEN",
            BrpFout::Verwerkingslog(_) => "AUDIT_LOG_UNAVAILABLE",
            BrpFout::Register(e) => e.code(),
        }
    }
}

/// The BRP's `tooManyResults` (a search found more than its cap).
fn too_many_results(e: &RegisterError) -> bool {
    matches!(e.kind, ErrorKind::BadRequest { .. })
        && e.problem()
            .and_then(|p| p.code.as_deref())
            .is_some_and(|c| c == "tooManyResults")
}

/// A register failure as a GraphQL error; too many search results asks the
/// user to refine the search.
fn register_error(e: &RegisterError) -> Error {
    if too_many_results(e) {
        let detail = e
            .problem()
            .and_then(|p| p.detail.clone())
            .unwrap_or_else(|| "Teveel zoekresultaten.".into());
        return Error::new(format!(
            "The BRP found too many persons; refine the search (add e.g. a first name, a date of birth or a house letter). BRP: {detail}"
        ))
        .extend_with(|_, ext| {
            ext.set("code", "BAD_USER_INPUT");
            ext.set("reason", "TOO_MANY_RESULTS");
            ext.set("register", "brp");
        });
    }
    from_register(e)
}

/// The purpose of the request, or the refusal.
fn grondslag(context: &OpgegevenGrondslag) -> Result<Grondslag, BrpFout> {
    context.grondslag().map_err(BrpFout::GeenGrondslag)
}

fn protocollering(g: &Grondslag) -> Protocollering {
    Protocollering {
        doelbinding: g.doelbinding.clone(),
        verwerking: g.verwerking.clone(),
        gebruiker: g.gebruiker.clone(),
    }
}

/// The outcome record of a lookup.
fn uitkomst<T>(
    result: &Result<T, RegisterError>,
    geleverd: impl Fn(&T) -> Vec<String>,
) -> Uitkomst {
    match result {
        Ok(value) => Uitkomst::Geleverd {
            bsns: geleverd(value),
        },
        Err(e) => Uitkomst::Mislukt {
            code: BrpFout::Register(e.clone()).code().to_string(),
            melding: e.to_string(),
        },
    }
}

/// Consults the persons with these BSNs with `velden`, as one recorded
/// lookup. Persons the BRP does not return are absent from the map.
pub async fn raadpleeg(
    gateway: &Shared,
    context: &OpgegevenGrondslag,
    bsns: &[Bsn],
    velden: &Velden,
) -> Result<BTreeMap<String, Persoon>, BrpFout> {
    let grondslag = grondslag(context)?;
    let bsns: Vec<String> = bsns.iter().map(|b| b.as_str().to_string()).collect();
    let fields: Vec<&str> = velden.paden().iter().map(String::as_str).collect();
    let aanvraag = Aanvraag {
        register: "brp",
        handeling: "RaadpleegMetBurgerservicenummer".into(),
        burgerservicenummers: bsns.clone(),
        zoekparameters: Vec::new(),
        fields: velden.paden().to_vec(),
    };
    let protocollering = protocollering(&grondslag);
    let lookup = gateway
        .registers
        .brp
        .raadpleeg_met(&bsns, &fields, &protocollering);
    gateway
        .verwerkingslog
        .vastleggen(&grondslag, &aanvraag, lookup, |r| {
            uitkomst(r, |m| m.keys().cloned().collect())
        })
        .await
        .map_err(BrpFout::verwerkingslog)?
        .map_err(BrpFout::Register)
}

/// Searches the BRP, as one recorded lookup, for the BSNs of the persons
/// found (only `burgerservicenummer` is asked: what the user selects of them
/// is consulted afterwards, with its own fields). The record names the
/// search parameters used, not their values.
pub async fn zoek(
    gateway: &Shared,
    context: &OpgegevenGrondslag,
    vraag: &Zoekvraag,
) -> Result<Vec<String>, BrpFout> {
    let grondslag = grondslag(context)?;
    let (handeling, zoekparameters) = beschrijving(vraag);
    let velden = Velden::alleen_bsn();
    let fields: Vec<&str> = velden.paden().iter().map(String::as_str).collect();
    let aanvraag = Aanvraag {
        register: "brp",
        handeling,
        burgerservicenummers: Vec::new(),
        zoekparameters,
        fields: velden.paden().to_vec(),
    };
    let lookup = async {
        let personen = gateway
            .registers
            .brp
            .zoek_met(vraag, &fields, &protocollering(&grondslag))
            .await?;
        Ok(personen
            .into_iter()
            .filter_map(|p| p.burgerservicenummer)
            .collect::<Vec<String>>())
    };
    gateway
        .verwerkingslog
        .vastleggen(&grondslag, &aanvraag, lookup, |r| uitkomst(r, Vec::clone))
        .await
        .map_err(BrpFout::verwerkingslog)?
        .map_err(BrpFout::Register)
}

/// The query type of a search and the names of the parameters it sets.
fn beschrijving(vraag: &Zoekvraag) -> (String, Vec<String>) {
    let value = serde_json::to_value(vraag).unwrap_or_default();
    let handeling = value
        .get("type")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut parameters: Vec<String> = value
        .as_object()
        .map(|o| o.keys().filter(|k| *k != "type").cloned().collect())
        .unwrap_or_default();
    parameters.sort();
    (handeling, parameters)
}

/// A person asked for with a field set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sleutel {
    pub bsn: Bsn,
    pub velden: Velden,
}

/// A loader error: shared, since one failed lookup fails all its keys.
pub type LoadError = Arc<BrpFout>;

/// Consults persons by (BSN, fields); see the module documentation.
pub struct PersoonLoader {
    gateway: Arc<Shared>,
    context: Arc<OpgegevenGrondslag>,
}

impl Loader<Sleutel> for PersoonLoader {
    type Value = Arc<Persoon>;
    type Error = LoadError;

    async fn load(&self, keys: &[Sleutel]) -> Result<HashMap<Sleutel, Arc<Persoon>>, LoadError> {
        let mut groups: BTreeMap<&Velden, Vec<Bsn>> = BTreeMap::new();
        for key in keys {
            let bsns = groups.entry(&key.velden).or_default();
            if !bsns.contains(&key.bsn) {
                bsns.push(key.bsn.clone());
            }
        }
        let lookups = groups.iter().map(|(velden, bsns)| async move {
            let found = raadpleeg(&self.gateway, &self.context, bsns, velden).await?;
            Ok::<_, BrpFout>((*velden, found))
        });
        let mut out = HashMap::with_capacity(keys.len());
        for answer in join_all(lookups).await {
            let (velden, found) = answer.map_err(Arc::new)?;
            for (bsn, persoon) in found {
                if let Ok(bsn) = Bsn::parse(&bsn) {
                    out.insert(
                        Sleutel {
                            bsn,
                            velden: velden.clone(),
                        },
                        Arc::new(persoon),
                    );
                }
            }
        }
        Ok(out)
    }
}

/// The request's BRP access: the person loader and the context it checks.
pub struct Personen {
    pub loader: DataLoader<PersoonLoader, HashMapCache>,
    pub context: Arc<OpgegevenGrondslag>,
}

impl Personen {
    /// Fresh for one request.
    pub fn new(gateway: &Arc<Shared>, context: Arc<OpgegevenGrondslag>) -> Personen {
        Personen {
            loader: DataLoader::with_cache(
                PersoonLoader {
                    gateway: gateway.clone(),
                    context: context.clone(),
                },
                crate::telemetry::spawn,
                HashMapCache::default(),
            ),
            context,
        }
    }

    /// One person with these fields; `None` when the BRP does not return it.
    pub async fn persoon(&self, bsn: Bsn, velden: Velden) -> Result<Option<Arc<Persoon>>> {
        self.loader
            .load_one(Sleutel { bsn, velden })
            .await
            .map_err(|e| e.to_graphql())
    }
}

/// The person with `bsn`, with what the current field selects of it (the
/// field may be selected several times; the selections merge). `NOT_FOUND`
/// when the BRP does not return the person (unknown, or not authorised).
pub async fn persoon_hier(ctx: &Context<'_>, bsn: Bsn) -> Result<Option<PersoonType>> {
    guard::brp(ctx)?;
    let personen = ctx.data::<Personen>()?;
    let velden = Velden::van_selectie(ctx.look_ahead().selection_fields());
    match personen.persoon(bsn, velden).await? {
        Some(p) => {
            guard::check(ctx, p.as_ref())?;
            Ok(Some(PersoonType(p)))
        }
        None => Err(not_found("brp", "a person with this BSN")),
    }
}
