//! What one process tells the other processes serving the same database: a new version of an
//! event, revoked links, a failed link attempt. Nothing is told while the process runs alone
//! (SQLite, or before [`crate::peers::join`]); on PostgreSQL, `peers` carries the news.

use std::net::IpAddr;
use std::sync::OnceLock;
use tokio::sync::mpsc::UnboundedSender;

/// One piece of news for the other processes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum News {
    Version {
        event_id: String,
        version: i64,
    },
    LinksRevoked {
        event_id: String,
    },
    FailedAuth {
        address: Option<IpAddr>,
        event_id: String,
    },
}

/// Where news goes once the process has peers.
#[derive(Debug, Default)]
pub struct Fanout {
    peers: OnceLock<UnboundedSender<News>>,
}

impl Fanout {
    /// From now on, news goes to `peers` (once; a second connection is ignored).
    pub fn connect(&self, peers: UnboundedSender<News>) {
        let _already_connected = self.peers.set(peers);
    }

    pub fn tell(&self, news: News) {
        if let Some(peers) = self.peers.get() {
            // A closed channel means the relay ended with the process; nothing is waiting.
            let _process_ending = peers.send(news);
        }
    }
}
