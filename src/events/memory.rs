//! The in-memory backend: one replica's events in a bounded ring (the replay
//! buffer, [`Ring`]) and a broadcast channel for the live tail; the last
//! state of each object and the notifications seen in bounded, expiring
//! caches.
//!
//! Publishing and subscribing take the same short lock, so a subscriber's
//! replay (from the ring) and its live tail (from the channel) meet without
//! a gap or an overlap. A subscriber that falls behind the channel, or
//! meets an event the ring already dropped, recovers from the ring; one
//! that falls behind the ring too gets [`HubError::Achter`] instead of a gap.
//! A resumption replays at most `max_replay` events ([`HubError::TeVeel`]
//! beyond); catching up after falling behind the live channel is no
//! resumption and is not capped.

use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{SystemTime, UNIX_EPOCH};

use futures::future::BoxFuture;
use futures::{FutureExt, StreamExt};
use tokio::sync::broadcast;

use super::event::{Event, EventId, Gebeurtenis, Onderwerp, Toestand};
use super::hub::{Backend, Bounds, EventStream, Health, HubError, Observer};
use super::ring::{self, Ring};

/// The live channel's size: subscribers further behind catch up from the
/// ring, so the channel need not be as large as the ring.
const LIVE_CAPACITY: usize = 4096;

/// Events of one process, in memory.
pub(crate) struct Memory {
    inner: Arc<Inner>,
    /// What the last event about each object said.
    laatste: moka::sync::Cache<Onderwerp, Laatste>,
    /// Notifications seen, by their key.
    seen: moka::sync::Cache<String, ()>,
}

/// What is remembered of the last event about an object.
#[derive(Clone)]
struct Laatste {
    vingerafdruk: u64,
    /// The object as it was: the next event's `vorige`.
    toestand: Option<Toestand>,
}

struct Inner {
    epoch: u64,
    /// Events one resumption replays at most.
    max_replay: usize,
    state: Mutex<State>,
    live: broadcast::Sender<Weak<Event>>,
    observer: Arc<dyn Observer>,
}

struct State {
    /// The sequence number the next event gets (the first is 1).
    next: u64,
    /// The newest events, oldest first, with consecutive numbers.
    ring: Ring,
}

impl Memory {
    /// A hub within `bounds`; its ids start a new epoch at the current time.
    pub(crate) fn new(bounds: Bounds, observer: Arc<dyn Observer>) -> Memory {
        let epoch = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        Memory::with_epoch(bounds, epoch, observer)
    }

    fn with_epoch(bounds: Bounds, epoch: u64, observer: Arc<dyn Observer>) -> Memory {
        let (live, _) = broadcast::channel(bounds.count.clamp(1, LIVE_CAPACITY));

        Memory {
            inner: Arc::new(Inner {
                epoch,
                max_replay: bounds.max_replay.max(1),
                state: Mutex::new(State {
                    next: 1,
                    ring: Ring::new(bounds.count, bounds.bytes),
                }),
                live,
                observer,
            }),
            laatste: moka::sync::Cache::builder()
                .max_capacity(bounds.dedup_capacity)
                .time_to_live(bounds.dedup_ttl)
                .build(),
            seen: moka::sync::Cache::builder()
                .max_capacity(bounds.dedup_capacity)
                .time_to_live(bounds.dedup_ttl)
                .build(),
        }
    }

    /// Publishes unless the event repeats the last one about its object;
    /// the comparison and the publication happen under the ring's lock.
    fn publish_new(&self, mut gebeurtenis: Gebeurtenis) -> Option<Arc<Event>> {
        let onderwerp = gebeurtenis.onderwerp();
        let vingerafdruk = gebeurtenis.vingerafdruk();
        let mut state = self.inner.lock();
        let vorige = self.laatste.get(&onderwerp);
        if vorige
            .as_ref()
            .is_some_and(|v| v.vingerafdruk == vingerafdruk)
        {
            return None;
        }
        gebeurtenis.zet_vorige(vorige.and_then(|v| v.toestand));
        let toestand = gebeurtenis.toestand();
        let event = self.inner.publish(&mut state, gebeurtenis);
        self.laatste.insert(
            onderwerp,
            Laatste {
                vingerafdruk,
                toestand,
            },
        );
        Some(event)
    }
}

#[cfg(test)]
impl Memory {
    /// A hub that keeps `count` events, starting epoch `epoch` (unit tests).
    fn for_test(count: usize, bytes: usize, epoch: u64) -> Memory {
        Memory::capped_for_test(count, bytes, count, epoch)
    }

    /// A hub whose resumptions replay at most `max_replay` events.
    fn capped_for_test(count: usize, bytes: usize, max_replay: usize, epoch: u64) -> Memory {
        let bounds = Bounds {
            count,
            bytes,
            max_replay,
            dedup_capacity: 1000,
            dedup_ttl: std::time::Duration::from_secs(60),
        };
        Memory::with_epoch(bounds, epoch, Arc::new(super::hub::NoObserver))
    }
}

impl Inner {
    /// The state; nothing a holder does can leave it half-changed, so a
    /// poisoned lock is still good.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn id(&self, seq: u64) -> EventId {
        EventId {
            epoch: self.epoch,
            seq,
        }
    }

    fn publish(&self, state: &mut State, gebeurtenis: Gebeurtenis) -> Arc<Event> {
        let event = Arc::new(Event {
            id: self.id(state.next),
            gebeurtenis,
        });
        state.next += 1;
        state.ring.push(event.clone(), ring::size(&event));
        self.observer.buffer_bytes(state.ring.bytes());
        // No receivers is no error: nobody listens.
        let _ = self.live.send(Arc::downgrade(&event));
        event
    }

    /// The kept events after `vanaf` (without it: none, from the newest on),
    /// a receiver for every later one, and the id the subscriber is at,
    /// taken together under the lock; at most `max_replay` events when
    /// `capped` (a resumption, not a catch-up).
    fn replay(&self, vanaf: Option<EventId>, capped: bool) -> Result<Replay, HubError> {
        let state = self.lock();
        let receiver = self.live.subscribe();
        let Some(vanaf) = vanaf else {
            return Ok((Vec::new(), receiver, self.id(state.next - 1)));
        };
        let newest = state.next - 1;
        let oldest = state.ring.front().map_or(state.next, |e| e.id.seq);
        let oudste = || match state.ring.front() {
            Some(e) => e.id.to_string(),
            None => "none".to_string(),
        };
        if vanaf.epoch < self.epoch || (vanaf.epoch == self.epoch && vanaf.seq + 1 < oldest) {
            return Err(HubError::Verlopen {
                vanaf,
                oudste: oudste(),
            });
        }
        if vanaf.epoch > self.epoch || vanaf.seq > newest {
            return Err(HubError::Onbekend {
                vanaf,
                nieuwste: if newest == 0 {
                    "none".to_string()
                } else {
                    self.id(newest).to_string()
                },
            });
        }
        let achter = newest - vanaf.seq;
        if capped && achter > self.max_replay as u64 {
            return Err(HubError::TeVeel {
                vanaf,
                achter,
                max: self.max_replay,
            });
        }
        Ok((state.ring.after(vanaf), receiver, vanaf))
    }
}

/// What a subscriber starts from: the backlog, the live receiver, and the
/// id it is at.
type Replay = (Vec<Arc<Event>>, broadcast::Receiver<Weak<Event>>, EventId);

/// Where a subscription is: what to hand out next, and the last id handed.
struct Cursor {
    inner: Arc<Inner>,
    backlog: std::vec::IntoIter<Arc<Event>>,
    receiver: broadcast::Receiver<Weak<Event>>,
    /// The id of the last event handed out (or where the subscription began).
    last: EventId,
    done: bool,
}

impl Cursor {
    async fn next(&mut self) -> Option<Result<Arc<Event>, HubError>> {
        if self.done {
            return None;
        }
        loop {
            let event = match self.backlog.next() {
                Some(e) => e,
                None => match self.receiver.recv().await {
                    Ok(weak) => match weak.upgrade() {
                        Some(e) => e,
                        // Dropped from the ring before this subscriber got to it.
                        None => {
                            if let Err(e) = self.catch_up() {
                                self.done = true;
                                return Some(Err(e));
                            }
                            continue;
                        }
                    },
                    Err(broadcast::error::RecvError::Closed) => return None,
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        if let Err(e) = self.catch_up() {
                            self.done = true;
                            return Some(Err(e));
                        }
                        continue;
                    }
                },
            };
            // After a catch-up the channel may repeat what the ring gave.
            if event.id <= self.last {
                continue;
            }
            self.last = event.id;
            return Some(Ok(event));
        }
    }

    /// Refills from the ring after the channel dropped events for this
    /// subscriber.
    fn catch_up(&mut self) -> Result<(), HubError> {
        let from = self.last;
        match self.inner.replay(Some(from), false) {
            Ok((backlog, receiver, _)) => {
                self.backlog = backlog.into_iter();
                self.receiver = receiver;
                Ok(())
            }
            Err(_) => Err(HubError::Achter { na: from }),
        }
    }
}

impl Backend for Memory {
    fn publish(
        &self,
        gebeurtenis: Gebeurtenis,
    ) -> BoxFuture<'_, Result<Option<Arc<Event>>, HubError>> {
        let event = self.publish_new(gebeurtenis);
        async move { Ok(event) }.boxed()
    }

    fn subscribe(&self, vanaf: Option<EventId>) -> BoxFuture<'_, Result<EventStream, HubError>> {
        let result = self
            .inner
            .replay(vanaf, true)
            .map(|(backlog, receiver, last)| {
                let cursor = Cursor {
                    inner: self.inner.clone(),
                    backlog: backlog.into_iter(),
                    receiver,
                    last,
                    done: false,
                };
                futures::stream::unfold(cursor, |mut c| async move {
                    c.next().await.map(|item| (item, c))
                })
                .boxed()
            });
        async move { result }.boxed()
    }

    fn gezien(&self, onderwerp: Onderwerp) -> BoxFuture<'_, Result<bool, HubError>> {
        let gezien = self.laatste.contains_key(&onderwerp);
        async move { Ok(gezien) }.boxed()
    }

    fn claim(&self, sleutel: String) -> BoxFuture<'_, Result<bool, HubError>> {
        let fresh = self.seen.entry(sleutel).or_insert(()).is_fresh();
        async move { Ok(fresh) }.boxed()
    }

    fn health(&self) -> Option<Health> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::event::{Actie, PartijGewijzigd};
    use uuid::Uuid;

    fn partij(n: u128) -> Gebeurtenis {
        Gebeurtenis::PartijGewijzigd(PartijGewijzigd {
            actie: Actie::Update,
            uuid: Uuid::from_u128(n),
            partij: None,
            vorige: None,
        })
    }

    fn seqs(events: &[Result<Arc<Event>, HubError>]) -> Vec<u64> {
        events
            .iter()
            .map(|e| e.as_ref().map(|e| e.id.seq).unwrap_or(0))
            .collect()
    }

    async fn take(stream: &mut EventStream, n: usize) -> Vec<Result<Arc<Event>, HubError>> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(stream.next().await.expect("an item"));
        }
        out
    }

    #[tokio::test]
    async fn ids_increase_and_live_subscribers_see_each_event_once() {
        let hub = Memory::for_test(10, 1 << 20, 5);
        let mut s = hub.subscribe(None).await.unwrap();
        for n in 0..3 {
            hub.publish(partij(n)).await.unwrap().unwrap();
        }
        let got = take(&mut s, 3).await;
        assert_eq!(seqs(&got), [1, 2, 3]);
        assert_eq!(got[0].as_ref().unwrap().id.to_string(), "5-1");
    }

    #[tokio::test]
    async fn resuming_replays_what_came_after_then_goes_live() {
        let hub = Memory::for_test(10, 1 << 20, 5);
        for n in 0..4 {
            hub.publish(partij(n)).await.unwrap().unwrap();
        }
        let mut s = hub
            .subscribe(Some(EventId { epoch: 5, seq: 2 }))
            .await
            .unwrap();
        hub.publish(partij(9)).await.unwrap().unwrap();
        assert_eq!(seqs(&take(&mut s, 3).await), [3, 4, 5]);
        // Resuming at the newest id replays nothing and misses nothing.
        let mut s = hub
            .subscribe(Some(EventId { epoch: 5, seq: 5 }))
            .await
            .unwrap();
        hub.publish(partij(10)).await.unwrap().unwrap();
        assert_eq!(seqs(&take(&mut s, 1).await), [6]);
    }

    #[tokio::test]
    async fn an_id_older_than_the_buffer_or_unknown_is_an_error() {
        let hub = Memory::for_test(3, 1 << 20, 5);
        for n in 0..6 {
            hub.publish(partij(n)).await.unwrap().unwrap();
        }
        // Kept: 4, 5, 6. Resuming after 3 misses nothing; after 2, 3 is gone.
        assert!(hub
            .subscribe(Some(EventId { epoch: 5, seq: 3 }))
            .await
            .is_ok());
        let too_old = hub.subscribe(Some(EventId { epoch: 5, seq: 2 })).await;
        assert!(matches!(too_old, Err(HubError::Verlopen { .. })));
        let earlier_run = hub.subscribe(Some(EventId { epoch: 4, seq: 6 })).await;
        assert!(matches!(earlier_run, Err(HubError::Verlopen { .. })));
        let future = hub.subscribe(Some(EventId { epoch: 5, seq: 7 })).await;
        assert!(matches!(future, Err(HubError::Onbekend { .. })));
    }

    #[tokio::test]
    async fn a_resumption_replays_at_most_max_replay_events() {
        let hub = Memory::capped_for_test(10, 1 << 20, 3, 5);
        for n in 0..6 {
            hub.publish(partij(n)).await.unwrap();
        }
        let epoch = hub.inner.epoch;
        // After 3: 4, 5, 6 — three, within the cap.
        let mut s = hub
            .subscribe(Some(EventId { epoch, seq: 3 }))
            .await
            .unwrap();
        assert_eq!(seqs(&take(&mut s, 3).await), [4, 5, 6]);
        let far = hub.subscribe(Some(EventId { epoch, seq: 2 })).await;
        assert!(
            matches!(
                far,
                Err(HubError::TeVeel {
                    achter: 4,
                    max: 3,
                    ..
                })
            ),
            "{:?}",
            far.err()
        );
    }

    #[tokio::test]
    async fn a_subscriber_behind_the_channel_catches_up_from_the_ring() {
        // A ring larger than the channel: the channel drops, the ring has them.
        let hub = Memory::for_test(LIVE_CAPACITY * 2, 1 << 30, 5);
        let mut s = hub.subscribe(None).await.unwrap();
        let n = LIVE_CAPACITY + 10;
        for i in 0..n {
            hub.publish(partij(i as u128)).await.unwrap().unwrap();
        }
        let got = take(&mut s, n).await;
        let expected: Vec<u64> = (1..=n as u64).collect();
        assert_eq!(seqs(&got), expected);
    }

    #[tokio::test]
    async fn the_byte_bound_drops_the_oldest_and_resuming_before_them_is_an_error() {
        let size = ring::size(&Event {
            id: EventId { epoch: 5, seq: 1 },
            gebeurtenis: partij(1),
        });
        // Room for three events by bytes, ten by count.
        let hub = Memory::for_test(10, size * 3 + size / 2, 5);
        let mut s = hub.subscribe(None).await.unwrap();
        for n in 0..6 {
            hub.publish(partij(n)).await.unwrap().unwrap();
        }
        assert!(hub.inner.lock().ring.bytes() <= size * 3 + size / 2);
        // The live subscriber was behind the dropped ones: an error, not a gap.
        let first = s.next().await.expect("an item");
        assert!(matches!(first, Err(HubError::Achter { .. })), "{first:?}");
        assert!(hub
            .subscribe(Some(EventId { epoch: 5, seq: 3 }))
            .await
            .is_ok());
        let too_old = hub.subscribe(Some(EventId { epoch: 5, seq: 2 })).await;
        assert!(matches!(too_old, Err(HubError::Verlopen { .. })));
    }

    #[tokio::test]
    async fn a_repeat_of_the_last_state_is_not_published_and_claims_are_once() {
        let hub = Memory::for_test(10, 1 << 20, 5);
        assert!(hub.publish(partij(1)).await.unwrap().is_some());
        assert!(hub.publish(partij(1)).await.unwrap().is_none());
        assert!(hub.gezien(partij(1).onderwerp()).await.unwrap());
        assert!(hub.claim("a".into()).await.unwrap());
        assert!(!hub.claim("a".into()).await.unwrap());
        assert!(hub.claim("b".into()).await.unwrap());
    }

    #[tokio::test]
    async fn a_subscriber_behind_the_ring_gets_an_error_not_a_gap() {
        let hub = Memory::for_test(2, 1 << 20, 5);
        let mut s = hub.subscribe(None).await.unwrap();
        for i in 0..5 {
            hub.publish(partij(i)).await.unwrap().unwrap();
        }
        let first = s.next().await.expect("an item");
        assert!(matches!(first, Err(HubError::Achter { .. })), "{first:?}");
        assert!(s.next().await.is_none());
    }
}
