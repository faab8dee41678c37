//! Live notifications: after a change commits, its event's new version is broadcast to every open
//! stream of that event. Only version numbers travel here; clients then fetch what they may see.
//! When links of an event are revoked, its streams are told too, so that a stream opened with a
//! revoked link ends instead of flowing on. Both also go to the other processes on the same
//! database, if any (`fanout`), whose own streams hear them as if they were local.

use crate::fanout::{Fanout, News};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// Versions waiting for a slow stream; a stream that falls further behind skips to the newest,
/// which is all it needs (it fetches everything since its own version anyway).
const BACKLOG: usize = 64;

/// What an event's streams hear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    Version(i64),
    /// Some link of the event was revoked: each stream checks that its own still opens it.
    LinksRevoked,
}

#[derive(Default)]
pub struct LiveVersions {
    channels: Mutex<HashMap<String, broadcast::Sender<Notice>>>,
    fanout: Arc<Fanout>,
}

impl LiveVersions {
    pub fn new(fanout: Arc<Fanout>) -> Self {
        LiveVersions {
            channels: Mutex::default(),
            fanout,
        }
    }

    pub fn subscribe(&self, event_id: &str) -> broadcast::Receiver<Notice> {
        let mut channels = self
            .channels
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        channels
            .entry(event_id.to_owned())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe()
    }

    pub fn publish(&self, event_id: &str, version: i64) {
        self.deliver_version(event_id, version);
        self.fanout.tell(News::Version {
            event_id: event_id.to_owned(),
            version,
        });
    }

    pub fn links_revoked(&self, event_id: &str) {
        self.deliver_links_revoked(event_id);
        self.fanout.tell(News::LinksRevoked {
            event_id: event_id.to_owned(),
        });
    }

    /// A version this process's streams hear of, from here or from a peer.
    pub fn deliver_version(&self, event_id: &str, version: i64) {
        self.send(event_id, Notice::Version(version));
    }

    /// Revoked links this process's streams hear of, from here or from a peer.
    pub fn deliver_links_revoked(&self, event_id: &str) {
        self.send(event_id, Notice::LinksRevoked);
    }

    /// The events this process has streams for (or had, until their next notice).
    pub fn events_heard(&self) -> Vec<String> {
        self.channels
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .keys()
            .cloned()
            .collect()
    }

    fn send(&self, event_id: &str, notice: Notice) {
        let mut channels = self
            .channels
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(sender) = channels.get(event_id) {
            if sender.send(notice).is_err() {
                // Nobody listens any more: drop the channel instead of keeping it forever.
                channels.remove(event_id);
            }
        }
    }
}
