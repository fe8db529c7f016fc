//! Reference-list codes shown with their meaning (C4161 step 6, ARCHITECTURE.md
//! decision 7). A code field (`kanaal`, `taal`, `voorkeurstaal`, `land`) is
//! looked up in the table the configuration maps it to; tables are fetched
//! whole (the service has no per-code lookup) and shared across requests in a
//! moka cache with a TTL. An unknown code still returns its code.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Context, Object, Result, SimpleObject};
use chrono::{DateTime, FixedOffset, Utc};

use super::shared::Shared;
use crate::config::ReferentielijstenConfig;
use crate::registers::referentielijsten::Item;
use crate::registers::RegisterError;

/// A table's items by code.
pub type Tabel = Arc<HashMap<String, Item>>;

/// The shared reference tables.
pub struct Referenties {
    /// GraphQL field → table code.
    tabellen: BTreeMap<String, String>,
    cache: moka::future::Cache<String, Tabel>,
}

impl Referenties {
    pub fn new(config: &ReferentielijstenConfig) -> Self {
        Referenties {
            tabellen: config.tabellen.clone(),
            cache: moka::future::Cache::builder()
                .time_to_live(Duration::from_secs(config.ttl_seconds.get()))
                .build(),
        }
    }

    /// The table code configured for a field, if any.
    pub fn tabel_voor(&self, veld: &str) -> Option<&str> {
        self.tabellen.get(veld).map(String::as_str)
    }

    /// A whole table, from cache or fetched once (concurrent requests for the
    /// same table share one fetch; those that waited for another's fetch
    /// count as hits).
    pub async fn tabel(&self, gateway: &Shared, code: &str) -> Result<Tabel, Arc<RegisterError>> {
        let fetched = AtomicBool::new(false);
        let tabel = self
            .cache
            .try_get_with(code.to_string(), async {
                fetched.store(true, Ordering::Relaxed);
                let items = gateway.registers.referentielijsten.items(code).await?;
                Ok::<_, RegisterError>(Arc::new(
                    items.into_iter().map(|i| (i.code.clone(), i)).collect(),
                ))
            })
            .await;
        let hit = !fetched.load(Ordering::Relaxed);
        gateway.metrics.cache_lookup("referentielijst", hit);
        tabel
    }

    /// Forgets a table (or all), so that the next use fetches it anew.
    pub async fn invalidate(&self, code: Option<&str>) {
        match code {
            Some(c) => self.cache.invalidate(c).await,
            None => self.cache.invalidate_all(),
        }
    }
}

/// A code and its meaning from a reference list.
pub struct Referentiewaarde {
    /// The GraphQL field it is the value of (selects the table).
    pub veld: &'static str,
    pub code: String,
}

impl Referentiewaarde {
    /// `None` for an empty code: the register has no value.
    pub fn of(veld: &'static str, code: &str) -> Option<Referentiewaarde> {
        (!code.is_empty()).then(|| Referentiewaarde {
            veld,
            code: code.to_string(),
        })
    }

    async fn item(&self, ctx: &Context<'_>) -> Result<Option<Item>> {
        let gateway = ctx.data::<Arc<Shared>>()?;
        let Some(tabel) = gateway.referenties.tabel_voor(self.veld) else {
            return Ok(None);
        };
        let tabel = gateway
            .referenties
            .tabel(gateway, tabel)
            .await
            .map_err(|e| super::error::from_register(&e))?;
        Ok(tabel.get(&self.code).cloned())
    }
}

/// Whether an item is valid at `now` by its validity dates.
pub fn geldig(item: &Item, now: DateTime<Utc>) -> bool {
    item.begindatum_geldigheid.is_none_or(|b| b <= now)
        && item.einddatum_geldigheid.is_none_or(|e| e >= now)
}

#[Object]
impl Referentiewaarde {
    /// The code as the register holds it.
    async fn code(&self) -> &str {
        &self.code
    }

    /// Its meaning from the reference list; `null` for a code the list does not have.
    async fn naam(&self, ctx: &Context<'_>) -> Result<Option<String>> {
        Ok(self.item(ctx).await?.map(|i| i.naam))
    }

    /// Whether the code is valid today by the list's validity dates
    /// (`false` for a code the list does not have).
    async fn geldig(&self, ctx: &Context<'_>) -> Result<bool> {
        Ok(self
            .item(ctx)
            .await?
            .is_some_and(|i| geldig(&i, Utc::now())))
    }

    async fn begindatum_geldigheid(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<DateTime<FixedOffset>>> {
        Ok(self.item(ctx).await?.and_then(|i| i.begindatum_geldigheid))
    }

    async fn einddatum_geldigheid(
        &self,
        ctx: &Context<'_>,
    ) -> Result<Option<DateTime<FixedOffset>>> {
        Ok(self.item(ctx).await?.and_then(|i| i.einddatum_geldigheid))
    }
}

/// A whole reference list, for `referentielijst(tabel)`.
#[derive(SimpleObject)]
pub struct Referentielijst {
    pub tabel: String,
    pub waarden: Vec<ReferentielijstItem>,
}

/// One item of a reference list.
#[derive(SimpleObject)]
pub struct ReferentielijstItem {
    pub code: String,
    pub naam: String,
    pub geldig: bool,
    pub begindatum_geldigheid: Option<DateTime<FixedOffset>>,
    pub einddatum_geldigheid: Option<DateTime<FixedOffset>>,
}
