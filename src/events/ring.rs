//! The replay buffer of one replica: the newest events, bounded by count
//! and by bytes (each event counted as its JSON), so that events about
//! large objects cannot make it grow past `events.replay_buffer_bytes`
//! (issue 17: it grew to 641 MB by count alone). The live channels carry
//! weak references, so that an event dropped from here is freed although
//! a channel slot still points at it; a subscriber that meets such a slot
//! was behind and catches up (or gets the explicit error), never a gap.

use std::collections::VecDeque;
use std::sync::Arc;

use super::event::{Event, EventId};

/// The newest events, oldest first, within both bounds (the newest one is
/// always kept, whatever its size).
pub(crate) struct Ring {
    events: VecDeque<(Arc<Event>, usize)>,
    bytes: usize,
    max_count: usize,
    max_bytes: usize,
}

impl Ring {
    pub(crate) fn new(max_count: usize, max_bytes: usize) -> Ring {
        Ring {
            events: VecDeque::new(),
            bytes: 0,
            max_count: max_count.max(1),
            max_bytes,
        }
    }

    /// Keeps `event`, of `size` bytes, dropping the oldest as the bounds need.
    pub(crate) fn push(&mut self, event: Arc<Event>, size: usize) {
        self.events.push_back((event, size));
        self.bytes += size;
        while self.events.len() > 1
            && (self.events.len() > self.max_count || self.bytes > self.max_bytes)
        {
            if let Some((_, dropped)) = self.events.pop_front() {
                self.bytes -= dropped;
            }
        }
    }

    /// The oldest event kept.
    pub(crate) fn front(&self) -> Option<&Arc<Event>> {
        self.events.front().map(|(e, _)| e)
    }

    /// The kept events after `id`, oldest first.
    pub(crate) fn after(&self, id: EventId) -> Vec<Arc<Event>> {
        let start = self.events.partition_point(|(e, _)| e.id <= id);
        self.events.range(start..).map(|(e, _)| e.clone()).collect()
    }

    /// The bytes of the events kept.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes
    }
}

/// What an event costs the buffer: the length of its JSON.
pub(crate) fn size(event: &Event) -> usize {
    serde_json::to_vec(&event.gebeurtenis).map_or(0, |v| v.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::event::{Actie, Gebeurtenis, PartijGewijzigd};
    use uuid::Uuid;

    fn event(seq: u64) -> Arc<Event> {
        Arc::new(Event {
            id: EventId { epoch: 1, seq },
            gebeurtenis: Gebeurtenis::PartijGewijzigd(PartijGewijzigd {
                actie: Actie::Destroy,
                uuid: Uuid::nil(),
                partij: None,
                vorige: None,
            }),
        })
    }

    #[test]
    fn both_bounds_hold_and_the_newest_stays() {
        let mut ring = Ring::new(3, 250);
        for seq in 1..=5 {
            ring.push(event(seq), 100);
        }
        // Two of 100 bytes fit in 250: the count of 3 is not reached.
        assert_eq!(ring.bytes(), 200);
        assert_eq!(ring.front().unwrap().id.seq, 4);
        ring.push(event(6), 1000);
        assert_eq!(ring.bytes(), 1000);
        assert_eq!(ring.front().unwrap().id.seq, 6);
        let mut ring = Ring::new(3, 10_000);
        for seq in 1..=5 {
            ring.push(event(seq), 10);
        }
        let after: Vec<u64> = ring
            .after(EventId { epoch: 1, seq: 3 })
            .iter()
            .map(|e| e.id.seq)
            .collect();
        assert_eq!(after, [4, 5]);
        assert_eq!(ring.bytes(), 30);
    }
}
