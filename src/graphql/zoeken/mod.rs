//! Finding the partij (C4161 step 2, `zoekPartijen`): by what
//! Klantinteracties holds, or through the BRP for what it does not.
//!
//! Every hit says where it matched (`bron`). A BRP search yields persons;
//! each leads to the partij with that BSN identificator, looked up only when
//! the hit's `partij` is selected, and a person without a partij is a hit
//! too (`partij: null`, `persoon` set). A BSN identificator that no partij
//! has is looked up in the BRP. The BRP search itself asks only for
//! `burgerservicenummer`; what is selected of a hit's `persoon` is consulted
//! through the person loader with exactly those fields.

mod klantinteracties;
pub mod vraag;

use std::sync::Arc;

use async_graphql::connection::{self, Connection, Edge};
use async_graphql::{Context, Enum, Lookahead, Object, Result};

use super::brp::{self, Personen, Velden};
use super::error::from_register;
use super::guard;
use super::types::{data, Partij, Persoon};
use crate::domain::Bsn;
use crate::registers::klantinteracties as ki;
use vraag::{PartijZoekvraag, Route};

/// Where a hit matched.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bron {
    Klantinteracties,
    Brp,
}

/// What is known of a hit's partij.
#[derive(Clone)]
enum HitPartij {
    Gevonden(Arc<ki::Partij>),
    /// Found in the BRP: the partij with this BSN, if any, is looked up
    /// when selected.
    MetBsn(Bsn),
    /// Known to have none.
    Geen,
}

/// One search result: a partij, a person in the BRP, or both.
pub struct PartijZoekresultaat {
    bron: Bron,
    partij: HitPartij,
    bsn: Option<Bsn>,
}

#[Object]
impl PartijZoekresultaat {
    /// Where the search matched.
    async fn bron(&self) -> Bron {
        self.bron
    }

    /// The partij; `null` for a person in the BRP who is no partij (yet).
    async fn partij(&self, ctx: &Context<'_>) -> Result<Option<Partij>> {
        match &self.partij {
            HitPartij::Gevonden(p) => Ok(guard::one(ctx, Some(p.clone()))?.map(Partij)),
            HitPartij::Geen => Ok(None),
            HitPartij::MetBsn(bsn) => {
                let (gateway, loaders) = data(ctx)?;
                let found = klantinteracties::partijen_met_bsn(gateway, loaders, bsn.as_str())
                    .await
                    .map_err(|e| from_register(&e))?;
                // A partij the caller may not read is not found: the hit
                // is then the person without a partij, as for a BSN no
                // partij has (no oracle for indicatieGeheimhouding).
                Ok(guard::many(ctx, found).into_iter().next().map(Partij))
            }
        }
    }

    /// The person in the BRP: the one found, or the one behind the partij's
    /// BSN identificator (`null` for a partij without one).
    async fn persoon(&self, ctx: &Context<'_>) -> Result<Option<Persoon>> {
        let bsn = match (&self.bsn, &self.partij) {
            (Some(bsn), _) => bsn.clone(),
            (None, HitPartij::Gevonden(p)) => match Partij::bsn_of(ctx, p).await? {
                Some(bsn) => bsn,
                None => return Ok(None),
            },
            (None, _) => return Ok(None),
        };
        brp::persoon_hier(ctx, bsn).await
    }
}

/// `zoekPartijen`.
pub async fn zoek_partijen(
    ctx: &Context<'_>,
    zoek: PartijZoekvraag,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Connection<usize, PartijZoekresultaat>> {
    let route = zoek.route()?;
    let (gateway, loaders) = data(ctx)?;
    let hits = match &route {
        Route::Brp(vraag) => {
            guard::brp(ctx)?;
            let personen = ctx.data::<Personen>()?;
            let bsns = brp::zoek(gateway, &personen.context, vraag)
                .await
                .map_err(|e| e.to_graphql())?;
            bsns.iter()
                .filter_map(|b| Bsn::parse(b).ok())
                .map(|bsn| PartijZoekresultaat {
                    bron: Bron::Brp,
                    partij: HitPartij::MetBsn(bsn.clone()),
                    bsn: Some(bsn),
                })
                .collect()
        }
        route => {
            let found = klantinteracties::zoek(gateway, loaders, route)
                .await
                .map_err(|e| from_register(&e))?;
            // Partijen the caller may not read are no hits, and a BSN whose
            // only partijen are such goes on to the BRP as one no partij
            // has: the answer is the same.
            let found = guard::many(ctx, found);
            match (found.is_empty(), route) {
                (true, Route::Identificator { bsn: Some(bsn), .. }) => {
                    guard::brp(ctx)?;
                    persoon_zonder_partij(ctx, bsn.clone()).await?
                }
                _ => found
                    .into_iter()
                    .map(|p| PartijZoekresultaat {
                        bron: Bron::Klantinteracties,
                        partij: HitPartij::Gevonden(p),
                        bsn: None,
                    })
                    .collect(),
            }
        }
    };
    pagina(hits, first, after).await
}

/// A BSN that no partij has: the person in the BRP, if there is one, as a
/// hit without a partij. The person is consulted with the fields the hits'
/// `persoon` selects, so that resolving it later costs no call.
async fn persoon_zonder_partij(ctx: &Context<'_>, bsn: Bsn) -> Result<Vec<PartijZoekresultaat>> {
    let personen = ctx.data::<Personen>()?;
    let look = ctx.look_ahead();
    let persoon: Vec<Lookahead<'_>> = vec![
        look.field("edges").field("node").field("persoon"),
        look.field("nodes").field("persoon"),
    ];
    let selected: Vec<_> = persoon
        .iter()
        .flat_map(Lookahead::selection_fields)
        .collect();
    let velden = if selected.is_empty() {
        Velden::alleen_bsn()
    } else {
        Velden::van_selectie(selected)
    };
    Ok(match personen.persoon(bsn.clone(), velden).await? {
        // A person the caller may not see is no hit either.
        Some(p) if guard::check(ctx, p.as_ref()).is_ok() => vec![PartijZoekresultaat {
            bron: Bron::Brp,
            partij: HitPartij::Geen,
            bsn: Some(bsn),
        }],
        _ => Vec::new(),
    })
}

/// The hits as a Relay connection: `first` (1–100, default 20) after the
/// cursor `after`.
async fn pagina(
    hits: Vec<PartijZoekresultaat>,
    first: Option<i32>,
    after: Option<String>,
) -> Result<Connection<usize, PartijZoekresultaat>> {
    connection::query(
        after,
        None,
        first,
        None,
        |after: Option<usize>, _before: Option<usize>, first, _last| async move {
            let total = hits.len();
            let start = after.map_or(0, |a| a + 1).min(total);
            let end = (start + first.unwrap_or(20)).min(total);
            let mut page = Connection::new(start > 0, end < total);
            page.edges.extend(
                hits.into_iter()
                    .enumerate()
                    .skip(start)
                    .take(end - start)
                    .map(|(i, hit)| Edge::new(i, hit)),
            );
            Ok::<_, async_graphql::Error>(page)
        },
    )
    .await
}
