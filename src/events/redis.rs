//! The Redis backend, for several replicas (`events.backend = "redis"`):
//! one Redis stream is the event log every replica shares.
//!
//! - Publishing is one Lua script, atomic in Redis: compare the event's
//!   fingerprint with the last one about its object (a hash with the
//!   deduplication expiry), `XADD … MAXLEN ~ replay_buffer`, remember the
//!   new fingerprint. So a change that reaches two replicas (a mutation on
//!   one, its notification on the other) is one event, and the stream id
//!   Redis gives is the event id every replica hands out and takes back as
//!   `vanaf`.
//! - Each replica runs one reader (`XREAD BLOCK` from the last id it has,
//!   not a consumer group: every replica serves its own subscribers) and
//!   fans out locally over a broadcast channel and a [`Ring`] bounded by
//!   count and bytes: no Redis connection per subscriber.
//! - Resuming reads `XRANGE` after `vanaf`, in pages, in a script that also
//!   reads `XINFO STREAM`: when entries were ever trimmed (`entries-added`
//!   above the length), an id before the first entry kept may have lost
//!   successors to `MAXLEN`, and is [`HubError::Verlopen`] (also the one
//!   id right before it, which lost nothing: Redis does not say which ids
//!   it trimmed, and a needless reload beats a silent gap).
//! - Notifications are claimed with `SET NX EX dedup_seconds`.
//! - Redis down: publishing and claiming fail ([`HubError::Onbereikbaar`]:
//!   the webhook answers 503, the intake tries again), open subscriptions
//!   end with [`HubError::Onderbroken`] naming the id to resume from, the
//!   reader reconnects with backoff, `/readyz` names Redis.
//!
//! The client is the `redis` crate (redis-rs, the Redis community's Rust
//! client) over tokio; commands share one multiplexed connection, the reader
//! has its own (a blocking read would hold up the others). Redis 7.0 or
//! later (6.2 works, but without `entries-added` refuses every resume from
//! before the first entry kept).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, IntoConnectionInfo, Value};
use tokio::sync::broadcast;

use super::event::{Event, EventId, Gebeurtenis, Onderwerp};
use super::hub::{Backend, Bounds, EventStream, Health, HubError, Observer};
use super::ring::{self, Ring};
use crate::config::RedisConfig;

/// The name `/readyz` and errors give this backend.
const NAME: &str = "redis";

/// The live channel's size: a subscriber further behind catches up from
/// the stream.
const LIVE_CAPACITY: usize = 4096;

/// How long one `XREAD` blocks; a reply within this plus the command
/// timeout, or the connection counts as lost.
const BLOCK: Duration = Duration::from_secs(2);

/// Entries per `XREAD` and per page of a replay.
const PAGE: usize = 500;

/// The longest wait between two attempts to reach Redis.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Publishes unless the event repeats the last one about its object.
/// KEYS: stream, the object's hash. ARGV: fingerprint, event JSON, MAXLEN,
/// expiry in seconds, the state to hand the next event as `vorige` ('' for
/// none). Returns nil for a repeat, else {id, the previous state or ''}.
const PUBLISH: &str = r"
local vorige = redis.call('HMGET', KEYS[2], 'f', 's')
if vorige[1] == ARGV[1] then return false end
local id
if vorige[2] and vorige[2] ~= '' then
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'g', ARGV[2], 'v', vorige[2])
else
  id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', 'g', ARGV[2])
end
redis.call('HSET', KEYS[2], 'f', ARGV[1], 's', ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return {id, vorige[2] or ''}
";

/// One page of a replay with what tells whether it is complete, read
/// together. KEYS: stream. ARGV: the id after which, the count. Returns
/// {entries, last-generated-id, 1 when entries were ever trimmed or deleted
/// (`entries-added` above the length; unknown before Redis 7 counts as
/// yes), the first entry's id or '', the number of entries after the id
/// counted up to ARGV[3] (0: not counted)}.
const PAGE_SCRIPT: &str = r"
if redis.call('EXISTS', KEYS[1]) == 0 then return {{}, '0-0', 0, '', 0} end
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local m = {}
for i = 1, #info, 2 do m[info[i]] = info[i + 1] end
local first = ''
if type(m['first-entry']) == 'table' then first = m['first-entry'][1] end
local trimmed = 1
if m['entries-added'] and m['entries-added'] <= m['length'] then trimmed = 0 end
local entries = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
local after = 0
if tonumber(ARGV[3]) > 0 then
  after = #redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[3])
end
return {entries, m['last-generated-id'], trimmed, first, after}
";

/// The events of several replicas, in a Redis stream.
pub(crate) struct Redis {
    shared: Arc<Shared>,
}

struct Shared {
    /// `None` when the URL is one the client cannot use (the reason is in `local.down`).
    client: Option<redis::Client>,
    timeout: Duration,
    /// The connection for commands, made when first needed and again after a failure.
    conn: Mutex<Option<MultiplexedConnection>>,
    stream: String,
    maxlen: usize,
    /// Events one resumption (`vanaf`) replays at most.
    max_replay: usize,
    dedup_seconds: u64,
    publish: redis::Script,
    page: redis::Script,
    local: Mutex<Local>,
    live: broadcast::Sender<Live>,
    observer: Arc<dyn Observer>,
}

/// What this replica's reader has.
struct Local {
    /// The newest events read, for the live channel's weak references.
    ring: Ring,
    /// The id of the last event read (where live subscribers begin).
    last: EventId,
    /// Why the reader is not connected; `None` while it is.
    down: Option<String>,
}

/// What the live channel carries.
#[derive(Clone)]
enum Live {
    Event(Weak<Event>),
    /// The reader lost Redis: every open subscription ends.
    Down,
}

/// A page of a replay.
struct Page {
    events: Vec<Arc<Event>>,
    newest: EventId,
    /// Whether the stream ever lost entries to trimming.
    trimmed: bool,
    /// The oldest entry kept.
    first: Option<EventId>,
    /// The entries after the id asked for, counted up to the limit given.
    after: u64,
}

impl Page {
    /// Whether events after `id` may have been trimmed.
    fn lost_after(&self, id: EventId) -> bool {
        self.trimmed && id < self.first.unwrap_or(self.newest)
    }

    /// The oldest id kept, as an error names it.
    fn oudste(&self) -> String {
        self.first.map_or("none".into(), |f| f.to_string())
    }
}

impl Redis {
    /// The backend of `config`, its reader started on the runtime. Redis
    /// need not be up: the reader keeps trying, and `/readyz` says so.
    pub(crate) fn start(
        config: &RedisConfig,
        bounds: Bounds,
        observer: Arc<dyn Observer>,
    ) -> Redis {
        let (live, _) = broadcast::channel(LIVE_CAPACITY);
        let (client, down) = match client(config) {
            Ok(c) => (Some(c), "not connected yet".to_string()),
            // Checked at start-up already; an unusable URL keeps the backend down.
            Err(e) => (None, e),
        };
        let shared = Arc::new(Shared {
            client,
            timeout: Duration::from_millis(config.timeout_ms.get()),
            conn: Mutex::new(None),
            stream: config.stream.trim().to_string(),
            maxlen: bounds.count,
            max_replay: bounds.max_replay.max(1),
            dedup_seconds: bounds.dedup_ttl.as_secs().max(1),
            publish: redis::Script::new(PUBLISH),
            page: redis::Script::new(PAGE_SCRIPT),
            local: Mutex::new(Local {
                ring: Ring::new(bounds.count.min(LIVE_CAPACITY), bounds.bytes),
                last: EventId { epoch: 0, seq: 0 },
                down: Some(down),
            }),
            live,
            observer,
        });
        shared.observer.backend_up(false);
        tokio::spawn(read(Arc::downgrade(&shared)));
        Redis { shared }
    }
}

/// The client for `config`, the password from `password_file` added. The
/// error never repeats the URL (it may hold a password).
fn client(config: &RedisConfig) -> Result<redis::Client, String> {
    let mut info = config
        .url
        .expose()
        .trim()
        .into_connection_info()
        .map_err(|e| format!("events.redis.url is not usable ({:?})", e.kind()))?;
    if !config.password.is_empty() {
        let settings = info
            .redis_settings()
            .clone()
            .set_password(config.password.expose());
        info = info.set_redis_settings(settings);
    }
    redis::Client::open(info)
        .map_err(|e| format!("events.redis.url is not usable ({:?})", e.kind()))
}

/// A Redis error as a reason, without anything of the configuration in it.
fn reden(e: &redis::RedisError) -> String {
    e.to_string()
}

fn onbereikbaar(e: &redis::RedisError) -> HubError {
    HubError::Onbereikbaar {
        backend: NAME,
        reden: reden(e),
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Local> {
        self.local.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn config(&self, response: Duration) -> AsyncConnectionConfig {
        AsyncConnectionConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(response))
    }

    /// A new connection whose replies may take `response`.
    async fn connect(&self, response: Duration) -> redis::RedisResult<MultiplexedConnection> {
        let Some(client) = &self.client else {
            return Err(redis::RedisError::from((
                redis::ErrorKind::InvalidClientConfig,
                "events.redis.url is not usable",
            )));
        };
        client
            .get_multiplexed_async_connection_with_config(&self.config(response))
            .await
    }

    /// The command connection, made now if there is none.
    async fn conn(&self) -> Result<MultiplexedConnection, HubError> {
        if let Some(c) = &*self.conn.lock().unwrap_or_else(|p| p.into_inner()) {
            return Ok(c.clone());
        }
        let c = self
            .connect(self.timeout)
            .await
            .map_err(|e| onbereikbaar(&e))?;
        *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = Some(c.clone());
        Ok(c)
    }

    /// A command failed: the connection is dropped, so the next command
    /// connects again.
    fn failed(&self, e: redis::RedisError) -> HubError {
        *self.conn.lock().unwrap_or_else(|p| p.into_inner()) = None;
        onbereikbaar(&e)
    }

    /// Runs `command` on the command connection.
    async fn query<T: redis::FromRedisValue>(&self, command: &redis::Cmd) -> Result<T, HubError> {
        let mut c = self.conn().await?;
        command
            .query_async(&mut c)
            .await
            .map_err(|e| self.failed(e))
    }

    fn key(&self, kind: &str, rest: &str) -> String {
        format!("{}:{kind}:{rest}", self.stream)
    }

    fn laatste_key(&self, onderwerp: Onderwerp) -> String {
        let (kind, uuid) = match onderwerp {
            Onderwerp::Klantcontact(u) => ("klantcontact", u),
            Onderwerp::InterneTaak(u) => ("internetaak", u),
            Onderwerp::Partij(u) => ("partij", u),
        };
        self.key("laatste", &format!("{kind}:{uuid}"))
    }

    async fn publish(&self, mut gebeurtenis: Gebeurtenis) -> Result<Option<Arc<Event>>, HubError> {
        let onderwerp = gebeurtenis.onderwerp();
        let json = serde_json::to_string(&gebeurtenis).map_err(|e| HubError::Onbereikbaar {
            backend: NAME,
            reden: format!("the event cannot be written out: {e}"),
        })?;
        let state = gebeurtenis.toestand_json();
        let keys = [self.stream.clone(), self.laatste_key(onderwerp)];
        // The fingerprint hashes with fixed keys: the same build gives the
        // same number on every replica.
        let args = [
            gebeurtenis.vingerafdruk().to_string(),
            json,
            self.maxlen.to_string(),
            self.dedup_seconds.to_string(),
            state,
        ];
        let mut invocation = self.publish.prepare_invoke();
        for k in &keys {
            invocation.key(k);
        }
        for a in &args {
            invocation.arg(a);
        }
        let mut c = self.conn().await?;
        let answer: Value = invocation
            .invoke_async(&mut c)
            .await
            .map_err(|e| self.failed(e))?;
        let Value::Array(parts) = answer else {
            return Ok(None);
        };
        let id = parts
            .first()
            .and_then(text)
            .and_then(|t| t.parse::<EventId>().ok())
            .ok_or_else(|| HubError::Onbereikbaar {
                backend: NAME,
                reden: "XADD gave no id".into(),
            })?;
        if let Some(vorige) = parts.get(1).and_then(text) {
            gebeurtenis.zet_vorige_json(&vorige);
        }
        Ok(Some(Arc::new(Event { id, gebeurtenis })))
    }

    /// The events after `after` (a page of them), and what tells whether
    /// any after it were trimmed.
    /// The entries after `after` are counted up to `count_upto` (0: not
    /// counted), inside Redis: only the number comes back.
    async fn page(&self, after: EventId, count_upto: usize) -> Result<Page, HubError> {
        let mut invocation = self.page.prepare_invoke();
        invocation
            .key(&self.stream)
            .arg(after.to_string())
            .arg(PAGE)
            .arg(count_upto);
        let mut c = self.conn().await?;
        let answer: Value = invocation
            .invoke_async(&mut c)
            .await
            .map_err(|e| self.failed(e))?;
        let malformed = || HubError::Onbereikbaar {
            backend: NAME,
            reden: "an unexpected answer to a replay".into(),
        };
        let Value::Array(parts) = answer else {
            return Err(malformed());
        };
        let id = |i: usize| {
            parts
                .get(i)
                .and_then(text)
                .and_then(|t| t.parse::<EventId>().ok())
        };
        Ok(Page {
            events: parts.first().map(entries).unwrap_or_default(),
            newest: id(1).ok_or_else(malformed)?,
            trimmed: !matches!(parts.get(2), Some(Value::Int(0))),
            first: id(3),
            after: match parts.get(4) {
                Some(Value::Int(n)) => u64::try_from(*n).unwrap_or(0),
                _ => 0,
            },
        })
    }

    /// A receiver of the live tail and the id it begins after, or the
    /// reason Redis is down.
    fn attach(&self) -> Result<(broadcast::Receiver<Live>, EventId), HubError> {
        let local = self.lock();
        if let Some(reden) = &local.down {
            return Err(HubError::Onbereikbaar {
                backend: NAME,
                reden: reden.clone(),
            });
        }
        Ok((self.live.subscribe(), local.last))
    }

    /// The reader lost Redis (or has not reached it yet).
    fn down(&self, reden: String) {
        let mut local = self.lock();
        if local.down.is_none() {
            tracing::warn!(error = %reden, "the events stream in Redis is unreachable; reconnecting");
            // Subscriptions end; nobody listening is no error.
            let _ = self.live.send(Live::Down);
            self.observer.backend_up(false);
        }
        local.down = Some(reden);
    }
}

/// The text of a reply part.
fn text(v: &Value) -> Option<String> {
    match v {
        Value::BulkString(b) => String::from_utf8(b.clone()).ok(),
        Value::SimpleString(s) => Some(s.clone()),
        Value::VerbatimString { text, .. } => Some(text.clone()),
        _ => None,
    }
}

/// Stream entries (`[[id, [field, value, …]], …]`) as events; an entry this
/// build cannot read is skipped with a log line (another version wrote it).
fn entries(v: &Value) -> Vec<Arc<Event>> {
    let Value::Array(items) = v else {
        return Vec::new();
    };
    items.iter().filter_map(entry).collect()
}

fn entry(v: &Value) -> Option<Arc<Event>> {
    let Value::Array(parts) = v else {
        return None;
    };
    let id = parts.first().and_then(text)?.parse::<EventId>().ok()?;
    let fields: HashMap<String, String> = match parts.get(1)? {
        Value::Array(kv) => kv
            .chunks(2)
            .filter_map(|p| Some((text(p.first()?)?, text(p.get(1)?)?)))
            .collect(),
        Value::Map(kv) => kv
            .iter()
            .filter_map(|(k, v)| Some((text(k)?, text(v)?)))
            .collect(),
        _ => return None,
    };
    let mut gebeurtenis: Gebeurtenis = match fields.get("g").map(|g| serde_json::from_str(g)) {
        Some(Ok(g)) => g,
        _ => {
            tracing::warn!(%id, "an entry of the events stream that this version cannot read was skipped");
            return None;
        }
    };
    if let Some(v) = fields.get("v") {
        gebeurtenis.zet_vorige_json(v);
    }
    Some(Arc::new(Event { id, gebeurtenis }))
}

/// The replica's reader: from the stream's end at start, then from the
/// last id it read, handing each event to the live channel; on a failure
/// it tells the subscribers and connects again with backoff. Ends when the
/// backend is dropped.
async fn read(shared: Weak<Shared>) {
    let mut wait = Duration::from_millis(100);
    let mut connected_before = false;
    let mut started = false;
    let mut conn: Option<MultiplexedConnection> = None;
    loop {
        let Some(s) = shared.upgrade() else {
            return;
        };
        if conn.is_none() {
            match connect(&s, &mut started).await {
                Ok(c) => {
                    conn = Some(c);
                    wait = Duration::from_millis(100);
                    if connected_before {
                        s.observer.reconnected();
                    }
                    connected_before = true;
                    s.lock().down = None;
                    s.observer.backend_up(true);
                    tracing::info!("reading the events stream in Redis");
                }
                Err(e) => {
                    s.down(reden(&e));
                    drop(s);
                    tokio::time::sleep(wait).await;
                    wait = (wait * 2).min(MAX_BACKOFF);
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        let last = s.lock().last;
        let answer: redis::RedisResult<Value> = redis::cmd("XREAD")
            .arg("COUNT")
            .arg(PAGE)
            .arg("BLOCK")
            .arg(BLOCK.as_millis() as u64)
            .arg("STREAMS")
            .arg(&s.stream)
            .arg(last.to_string())
            .query_async(c)
            .await;
        match answer {
            Ok(Value::Array(streams)) => {
                for stream in &streams {
                    let events = match stream {
                        Value::Array(kv) => kv.get(1).map(entries).unwrap_or_default(),
                        _ => Vec::new(),
                    };
                    deliver(&s, events);
                }
            }
            Ok(Value::Map(streams)) => {
                for (_, events) in &streams {
                    deliver(&s, entries(events));
                }
            }
            // Nothing new within BLOCK.
            Ok(_) => {}
            Err(e) => {
                conn = None;
                s.down(reden(&e));
            }
        }
    }
}

/// Connects the reader; the first time, it begins at the stream's end.
async fn connect(s: &Shared, started: &mut bool) -> redis::RedisResult<MultiplexedConnection> {
    let mut c = s.connect(BLOCK + s.timeout).await?;
    if !*started {
        let newest: Value = redis::cmd("XREVRANGE")
            .arg(&s.stream)
            .arg("+")
            .arg("-")
            .arg("COUNT")
            .arg(1)
            .query_async(&mut c)
            .await?;
        let id = entries(&newest).first().map(|e| e.id);
        if let Some(id) = id {
            s.lock().last = id;
        }
        *started = true;
    }
    Ok(c)
}

/// Hands events the reader got to the live subscribers.
fn deliver(s: &Shared, events: Vec<Arc<Event>>) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let mut local = s.lock();
    for event in events {
        if event.id <= local.last {
            continue;
        }
        local.last = event.id;
        local.ring.push(event.clone(), ring::size(&event));
        // The id's first part is when Redis appended it.
        s.observer
            .lag(Duration::from_millis(now.saturating_sub(event.id.epoch)));
        let _ = s.live.send(Live::Event(Arc::downgrade(&event)));
    }
    s.observer.buffer_bytes(local.ring.bytes());
}

/// Where a subscription is.
struct Cursor {
    shared: Arc<Shared>,
    backlog: std::vec::IntoIter<Arc<Event>>,
    /// Page from Redis while the last id handed out is before this one.
    until: Option<EventId>,
    receiver: broadcast::Receiver<Live>,
    last: EventId,
    done: bool,
}

impl Cursor {
    async fn next(&mut self) -> Option<Result<Arc<Event>, HubError>> {
        if self.done {
            return None;
        }
        let result = self.step().await;
        if !matches!(result, Some(Ok(_))) {
            self.done = true;
        }
        result
    }

    async fn step(&mut self) -> Option<Result<Arc<Event>, HubError>> {
        loop {
            if let Some(event) = self.backlog.next() {
                if event.id <= self.last {
                    continue;
                }
                self.last = event.id;
                return Some(Ok(event));
            }
            if let Some(until) = self.until {
                if self.last < until {
                    match self.shared.page(self.last, 0).await {
                        Err(_) => return Some(Err(self.onderbroken())),
                        Ok(page) if page.lost_after(self.last) => {
                            return Some(Err(HubError::Achter { na: self.last }))
                        }
                        Ok(page) if page.events.is_empty() => self.until = None,
                        Ok(page) => self.backlog = page.events.into_iter(),
                    }
                    continue;
                }
                self.until = None;
            }
            match self.receiver.recv().await {
                Ok(Live::Event(weak)) => match weak.upgrade() {
                    Some(event) => {
                        if event.id <= self.last {
                            continue;
                        }
                        self.last = event.id;
                        return Some(Ok(event));
                    }
                    // Dropped from the ring before this subscriber got to it.
                    None => {
                        if let Err(e) = self.catch_up() {
                            return Some(Err(e));
                        }
                    }
                },
                Ok(Live::Down) => return Some(Err(self.onderbroken())),
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    if let Err(e) = self.catch_up() {
                        return Some(Err(e));
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    fn onderbroken(&self) -> HubError {
        HubError::Onderbroken {
            backend: NAME,
            na: self.last,
        }
    }

    /// Reads what this subscriber missed from the stream, then goes live again.
    fn catch_up(&mut self) -> Result<(), HubError> {
        let (receiver, until) = self.shared.attach().map_err(|_| self.onderbroken())?;
        self.receiver = receiver;
        self.until = Some(until);
        Ok(())
    }
}

impl Backend for Redis {
    fn publish(
        &self,
        gebeurtenis: Gebeurtenis,
    ) -> BoxFuture<'_, Result<Option<Arc<Event>>, HubError>> {
        self.shared.publish(gebeurtenis).boxed()
    }

    fn subscribe(&self, vanaf: Option<EventId>) -> BoxFuture<'_, Result<EventStream, HubError>> {
        async move {
            let (receiver, newest_here) = self.shared.attach()?;
            let mut cursor = Cursor {
                shared: self.shared.clone(),
                backlog: Vec::new().into_iter(),
                until: None,
                receiver,
                last: newest_here,
                done: false,
            };
            if let Some(vanaf) = vanaf {
                // Counted to one past the cap: more is refused all the same.
                let max = self.shared.max_replay;
                let page = self.shared.page(vanaf, max + 1).await?;
                if vanaf > page.newest {
                    return Err(HubError::Onbekend {
                        vanaf,
                        nieuwste: page.newest.to_string(),
                    });
                }
                if page.lost_after(vanaf) {
                    return Err(HubError::Verlopen {
                        vanaf,
                        oudste: page.oudste(),
                    });
                }
                if page.after > max as u64 {
                    return Err(HubError::TeVeel {
                        vanaf,
                        achter: page.after,
                        max,
                    });
                }
                cursor.backlog = page.events.into_iter();
                cursor.until = Some(newest_here);
                cursor.last = vanaf;
            }
            let stream = futures::stream::unfold(cursor, |mut c| async move {
                c.next().await.map(|item| (item, c))
            });
            Ok(stream.boxed())
        }
        .boxed()
    }

    fn gezien(&self, onderwerp: Onderwerp) -> BoxFuture<'_, Result<bool, HubError>> {
        async move {
            let key = self.shared.laatste_key(onderwerp);
            self.shared.query(redis::cmd("EXISTS").arg(&key)).await
        }
        .boxed()
    }

    fn claim(&self, sleutel: String) -> BoxFuture<'_, Result<bool, HubError>> {
        async move {
            // Hashed: the key's length does not follow what a sender put in
            // the notification's id.
            let digest = ::ring::digest::digest(&::ring::digest::SHA256, sleutel.as_bytes());
            let hex: String = digest.as_ref().iter().map(|b| format!("{b:02x}")).collect();
            let key = self.shared.key("notificatie", &hex);
            let ttl = self.shared.dedup_seconds;
            let answer: Value = self
                .shared
                .query(
                    redis::cmd("SET")
                        .arg(&key)
                        .arg(1)
                        .arg("NX")
                        .arg("EX")
                        .arg(ttl),
                )
                .await?;
            Ok(!matches!(answer, Value::Nil))
        }
        .boxed()
    }

    fn health(&self) -> Option<Health> {
        Some(Health {
            name: NAME,
            error: self.shared.lock().down.clone(),
        })
    }
}
