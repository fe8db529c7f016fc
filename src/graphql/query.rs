//! The query roots. Each finds its object, and where the selection reaches
//! far below it (the klantbeeld), hands the whole selection to the planner
//! first, so that the resolvers below find everything already loaded.

use std::sync::Arc;

use async_graphql::connection::{self, Connection, Edge};
use async_graphql::{Context, Lookahead, Object, Result, ID};
use uuid::Uuid;

use super::brp::{persoon_hier, Personen, Velden};
use super::error::{bad_input, from_register, not_found};
use super::guard;
use super::planner::klantbeeld::Needs;
use super::planner::{expand_children, load_klantbeeld, PartijLookup};
use super::referentie::{geldig, Referentielijst, ReferentielijstItem};
use super::types::enums::{InterneTaakStatus, PartijIdentificatorSoort};
use super::types::{data, load_error, Actor, InterneTaak, Klantcontact, Partij, Persoon};
use super::zoeken::vraag::{identificator, PartijZoekvraag};
use super::zoeken::{zoek_partijen, PartijZoekresultaat};
use crate::domain::Bsn;
use crate::limits::cost::{guarded_page_cost, items_cost, page_cost};
use crate::registers::klantinteracties as ki;

/// The query root.
pub struct Query;

#[Object]
impl Query {
    /// A partij by its uuid.
    async fn partij(&self, ctx: &Context<'_>, uuid: ID) -> Result<Option<Partij>> {
        let uuid = parse_uuid("uuid", &uuid)?;
        klantbeeld(ctx, PartijLookup::Uuid(uuid), || format!("partij {uuid}")).await
    }

    /// A partij by the number staff know it by.
    async fn partij_op_nummer(&self, ctx: &Context<'_>, nummer: String) -> Result<Option<Partij>> {
        let nummer = nummer.trim().to_string();
        if nummer.is_empty() || nummer.len() > 10 {
            return Err(bad_input(
                "nummer",
                "a partij nummer has 1 to 10 characters",
            ));
        }
        let what = format!("partij with nummer {nummer}");
        let lookup = PartijLookup::Filter(ki::PartijFilter::Nummer(nummer));
        klantbeeld(ctx, lookup, || what).await
    }

    /// A partij by one of its identificatoren: BSN, KvK-nummer,
    /// vestigingsnummer or RSIN.
    async fn partij_op_identificator(
        &self,
        ctx: &Context<'_>,
        soort: PartijIdentificatorSoort,
        waarde: String,
    ) -> Result<Option<Partij>> {
        let waarde = identificator(soort, &waarde)?.waarde().to_string();
        let what = format!("partij with {} {waarde}", soort.code());
        let lookup = PartijLookup::Filter(ki::PartijFilter::Identificator {
            soort: soort.register(),
            waarde,
        });
        klantbeeld(ctx, lookup, || what).await
    }

    /// Finds partijen by what the caller gives: arguments Klantinteracties
    /// holds are searched there, the others in the BRP, whose persons lead
    /// to their partijen. A person in the BRP without a partij is a hit
    /// too. Each hit says where it matched.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn zoek_partijen(
        &self,
        ctx: &Context<'_>,
        zoek: PartijZoekvraag,
        #[graphql(validator(minimum = 1, maximum = 100))] first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<usize, PartijZoekresultaat>> {
        zoek_partijen(ctx, zoek, first, after).await
    }

    /// A person from the BRP by BSN, with exactly the fields selected. The
    /// request's purpose comes with it; the lookup is recorded.
    async fn persoon(&self, ctx: &Context<'_>, bsn: String) -> Result<Option<Persoon>> {
        let bsn = Bsn::parse(&bsn).map_err(|e| bad_input("bsn", e))?;
        persoon_hier(ctx, bsn).await
    }

    /// Persons from the BRP by BSN (at most 100), in the order asked;
    /// `null` where the BRP returns no person. One recorded lookup, at most
    /// 20 BSNs a request to the BRP.
    #[graphql(complexity = "items_cost(bsns.len(), child_complexity)")]
    async fn personen(&self, ctx: &Context<'_>, bsns: Vec<String>) -> Result<Vec<Option<Persoon>>> {
        if bsns.len() > MAX_PERSONEN {
            return Err(bad_input(
                "bsns",
                format!("at most {MAX_PERSONEN} BSNs at once"),
            ));
        }
        let bsns = bsns
            .iter()
            .enumerate()
            .map(|(i, b)| Bsn::parse(b).map_err(|e| bad_input(&format!("bsns[{i}]"), e)))
            .collect::<Result<Vec<Bsn>>>()?;
        guard::brp(ctx)?;
        let personen = ctx.data::<Personen>()?;
        let velden = Velden::van_selectie(ctx.look_ahead().selection_fields());
        let mut found = personen
            .loader
            .load_many(bsns.iter().map(|bsn| super::brp::Sleutel {
                bsn: bsn.clone(),
                velden: velden.clone(),
            }))
            .await
            .map_err(|e| e.to_graphql())?;
        Ok(bsns
            .into_iter()
            .map(|bsn| {
                found
                    .remove(&super::brp::Sleutel {
                        bsn,
                        velden: velden.clone(),
                    })
                    .filter(|p| guard::check(ctx, p.as_ref()).is_ok())
                    .map(Persoon)
            })
            .collect())
    }

    /// A klantcontact by its uuid.
    async fn klantcontact(&self, ctx: &Context<'_>, uuid: ID) -> Result<Option<Klantcontact>> {
        let uuid = parse_uuid("uuid", &uuid)?;
        let (gateway, loaders) = data(ctx)?;
        let look = ctx.look_ahead();
        let wanted: Vec<&str> = [
            ("betrokkenen", "hadBetrokkenen"),
            ("interneTaken", "leiddeTotInterneTaken"),
            ("onderwerpobjecten", "gingOverOnderwerpobjecten"),
            ("bijlagen", "omvatteBijlagen"),
        ]
        .into_iter()
        .filter(|(field, _)| look.field(field).exists())
        .map(|(_, expand)| expand)
        .collect();
        let expand = if expand_children(gateway, wanted.len()) {
            wanted
        } else {
            Vec::new()
        };
        match gateway
            .registers
            .klantinteracties
            .get::<ki::Klantcontact>(uuid, &expand)
            .await
        {
            Ok(k) => {
                let k = loaders.prime_klantcontact(k).await;
                guard::check(ctx, k.as_ref())?;
                Ok(Some(Klantcontact(k)))
            }
            Err(e) if e.is_not_found() => Err(not_found(
                "klantinteracties",
                format!("klantcontact {uuid}"),
            )),
            Err(e) => Err(from_register(&e)),
        }
    }

    /// An interne taak by its uuid.
    async fn interne_taak(&self, ctx: &Context<'_>, uuid: ID) -> Result<Option<InterneTaak>> {
        let uuid = parse_uuid("uuid", &uuid)?;
        let (_, loaders) = data(ctx)?;
        match loaders
            .interne_taken
            .load_one(uuid)
            .await
            .map_err(load_error)?
        {
            Some(t) => Ok(Some(InterneTaak(
                guard::interne_taak(ctx, loaders, t).await?,
            ))),
            None => Err(not_found(
                "klantinteracties",
                format!("interne taak {uuid}"),
            )),
        }
    }

    /// An actor by its uuid.
    async fn actor(&self, ctx: &Context<'_>, uuid: ID) -> Result<Option<Actor>> {
        let uuid = parse_uuid("uuid", &uuid)?;
        let (_, loaders) = data(ctx)?;
        match loaders.actoren.load_one(uuid).await.map_err(load_error)? {
            Some(a) => Actor::from_register(a).map(Some),
            None => Err(not_found("klantinteracties", format!("actor {uuid}"))),
        }
    }

    /// The interne taken assigned to an actor (a medewerker's work list),
    /// optionally of one status, newest first. Taken from a klantcontact the
    /// caller may not read are left out (the page is then shorter).
    #[graphql(complexity = "guarded_page_cost(first, child_complexity)")]
    async fn interne_taken(
        &self,
        ctx: &Context<'_>,
        actor: ID,
        status: Option<InterneTaakStatus>,
        #[graphql(validator(minimum = 1, maximum = 500))] first: Option<i32>,
        after: Option<String>,
    ) -> Result<Connection<usize, InterneTaak>> {
        let actor = parse_uuid("actor", &actor)?;
        let (gateway, loaders) = data(ctx)?;
        let ki = gateway.registers.klantinteracties.clone();
        connection::query(
            after,
            None,
            first,
            None,
            |after: Option<usize>, _before: Option<usize>, first, _last| async move {
                let offset = after.map_or(0, |a| a + 1);
                let size = first.unwrap_or(20).max(1);
                // Pages of `size`: the one holding `offset`, and the next when
                // the window crosses into it.
                let first_page = offset / size + 1;
                let skip = offset % size;
                let mut taken = Vec::new();
                let mut has_next = false;
                for page in [first_page, first_page + 1] {
                    let pagina = ki::Pagina {
                        nummer: page,
                        grootte: size,
                    };
                    let status = status.map(InterneTaakStatus::register);
                    // Aliases asking the same page share one call.
                    let key = format!("interne taken {actor} {status:?} {page} {size}");
                    let ki = ki.clone();
                    let result = loaders
                        .eenmaal(key, || async move {
                            ki.interne_taken_van_actor_pagina(actor, status.as_ref(), pagina)
                                .await
                                .map(|p| Arc::new((p.next.is_some(), p.results)))
                                .map_err(Arc::new)
                        })
                        .await;
                    match result {
                        Ok(p) => {
                            has_next = p.0;
                            taken.extend(p.1.iter().cloned());
                        }
                        // A page past the end is a 404 in Open Klant.
                        Err(e) if e.is_not_found() => {
                            has_next = false;
                            break;
                        }
                        Err(e) => return Err(from_register(&e)),
                    }
                    if skip == 0 || !has_next {
                        break;
                    }
                }
                let window: Vec<_> = taken.into_iter().skip(skip).take(size).collect();
                let more = has_next || window.len() == size && skip > 0;
                let mut page = Connection::new(offset > 0, more);
                let window: Vec<Arc<ki::InterneTaak>> = window.into_iter().map(Arc::new).collect();
                let visible = guard::interne_taken(ctx, loaders, window.clone()).await?;
                // Cursors stay positions in the actor's whole list.
                for (i, t) in window.into_iter().enumerate() {
                    loaders.interne_taken.feed_one(t.uuid, t.clone()).await;
                    if visible.iter().any(|v| Arc::ptr_eq(v, &t)) {
                        page.edges.push(Edge::new(offset + i, InterneTaak(t)));
                    }
                }
                Ok::<_, async_graphql::Error>(page)
            },
        )
        .await
    }

    /// A whole reference list (e.g. `KANAAL`, `TAAL`, `LAND`).
    async fn referentielijst(
        &self,
        ctx: &Context<'_>,
        tabel: String,
    ) -> Result<Option<Referentielijst>> {
        let tabel = tabel.trim().to_string();
        if tabel.is_empty() || tabel.len() > 40 {
            return Err(bad_input("tabel", "a table code has 1 to 40 characters"));
        }
        let (gateway, _) = data(ctx)?;
        let items = gateway
            .referenties
            .tabel(gateway, &tabel)
            .await
            .map_err(|e| from_register(&e))?;
        if items.is_empty() {
            return Err(not_found("referentielijsten", format!("table {tabel}")));
        }
        let now = chrono::Utc::now();
        let mut waarden: Vec<ReferentielijstItem> = items
            .values()
            .map(|i| ReferentielijstItem {
                code: i.code.clone(),
                naam: i.naam.clone(),
                geldig: geldig(i, now),
                begindatum_geldigheid: i.begindatum_geldigheid,
                einddatum_geldigheid: i.einddatum_geldigheid,
            })
            .collect();
        waarden.sort_by(|a, b| a.code.cmp(&b.code));
        Ok(Some(Referentielijst { tabel, waarden }))
    }
}

/// The most BSNs `personen` takes at once.
const MAX_PERSONEN: usize = 100;

/// Finds a partij through the planner, with what the selection needs below it.
async fn klantbeeld(
    ctx: &Context<'_>,
    lookup: PartijLookup,
    what: impl FnOnce() -> String,
) -> Result<Option<Partij>> {
    let (gateway, loaders) = data(ctx)?;
    let needs = needs(&ctx.look_ahead());
    // Aliases of the same lookup with the same needs share one load.
    let by_key = matches!(lookup, PartijLookup::Filter(_));
    let key = format!("klantbeeld {lookup:?} {needs:?}");
    let found = loaders
        .eenmaal(key, || load_klantbeeld(gateway, loaders, lookup, needs))
        .await
        .map_err(load_error)?;
    match found {
        // Found by what identifies a person (a BSN, a nummer), a partij the
        // caller may not read is not found: the answer must not tell that
        // this BSN belongs to a partij with indicatieGeheimhouding. By uuid
        // (known only from an answer) it is FORBIDDEN, naming the ability.
        Some(p) if by_key && guard::check(ctx, p.as_ref()).is_err() => {
            Err(not_found("klantinteracties", what()))
        }
        Some(p) => {
            guard::check(ctx, p.as_ref())?;
            Ok(Some(Partij(p)))
        }
        None => Err(not_found("klantinteracties", what())),
    }
}

/// What a selection on a partij needs loaded below it.
fn needs(partij: &Lookahead<'_>) -> Needs {
    let via_betrokkenen = partij.field("betrokkenen").field("klantcontact");
    let connection = partij.field("klantcontacten");
    let via_connection = [
        connection.field("edges").field("node"),
        connection.field("nodes"),
    ];
    let klantcontacten = via_betrokkenen.exists() || via_connection.iter().any(Lookahead::exists);
    let taken: Vec<Lookahead<'_>> = std::iter::once(via_betrokkenen.field("interneTaken"))
        .chain(via_connection.iter().map(|c| c.field("interneTaken")))
        .collect();
    Needs {
        betrokkenen: partij.field("betrokkenen").exists() || connection.exists(),
        klantcontacten,
        interne_taken: taken.iter().any(Lookahead::exists),
        taak_actoren: taken.iter().any(|t| t.field("toegewezenAan").exists()),
        digitale_adressen: partij.field("digitaleAdressen").exists()
            || partij.field("voorkeursDigitaalAdres").exists(),
    }
}

/// A uuid argument, or `BAD_USER_INPUT` naming it.
pub(super) fn parse_uuid(field: &str, value: &str) -> Result<Uuid> {
    Uuid::parse_str(value.trim()).map_err(|_| bad_input(field, format!("{value:?} is not a uuid")))
}
