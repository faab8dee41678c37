//! Several server processes on one PostgreSQL database hear each other: a score written through
//! one process reaches the live streams of every process, a revoked link ends streams everywhere,
//! and a failed link attempt counts against the same budget on every process (a guesser behind a
//! proxy that spreads requests gets no more tries than against one process).
//!
//! Each process sends its [`News`] as NOTIFY text on one channel and listens on it; it skips its
//! own, recognised by a random name chosen at start. A lost listening connection loses the
//! notices sent meanwhile: once it is back, every event with open streams here is told its
//! version as the database has it, so no stream stays behind.

use crate::fanout::{Fanout, News};
use crate::live::LiveVersions;
use crate::rate_limit::FailedAuthLimiter;
use crate::store;
use crate::store::notices::{Listener, Poster};
use rand::RngCore;
use sqlx::AnyPool;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// What a process needs to act on its peers' news.
#[derive(Clone)]
pub struct Hearers {
    pub live: Arc<LiveVersions>,
    pub auth_limiter: Arc<FailedAuthLimiter>,
    pub db: AnyPool,
}

/// Starts listening to and telling the other processes on `database_url` (PostgreSQL).
pub async fn join(
    fanout: &Fanout,
    hearers: Hearers,
    database_url: &str,
) -> Result<(), sqlx::Error> {
    let mut name = [0_u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut name);
    let instance = hex::encode(name);
    let listener = Listener::connect(database_url).await?;
    let poster = Poster::connect(database_url).await?;
    let (sender, receiver) = unbounded_channel();
    fanout.connect(sender);
    tokio::spawn(listen(listener, instance.clone(), hearers));
    tokio::spawn(tell(receiver, poster, database_url.to_owned(), instance));
    Ok(())
}

async fn listen(mut listener: Listener, instance: String, hearers: Hearers) {
    loop {
        match listener.next().await {
            Ok(Some(text)) => match decode(&text) {
                Some((sender, _)) if sender == instance => {}
                Some((_, news)) => hear(&hearers, news),
                None => tracing::warn!(text, "unreadable notice from a peer"),
            },
            Ok(None) => {
                tracing::warn!("the peers' channel was lost; catching up");
                catch_up(&hearers).await;
            }
            Err(error) => {
                tracing::warn!(%error, "listening to peers failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

fn hear(hearers: &Hearers, news: News) {
    match news {
        News::Version { event_id, version } => hearers.live.deliver_version(&event_id, version),
        News::LinksRevoked { event_id } => hearers.live.deliver_links_revoked(&event_id),
        News::FailedAuth { address, event_id } => {
            hearers
                .auth_limiter
                .hear_failure(address, &event_id, Instant::now());
        }
    }
}

/// Tells every event with open streams here its version as stored, after notices may have been
/// lost; revocations are caught up too, since each stream then checks its link again.
async fn catch_up(hearers: &Hearers) {
    for event_id in hearers.live.events_heard() {
        match store::events::current_version(&hearers.db, &event_id).await {
            Ok(Some(version)) => {
                hearers.live.deliver_version(&event_id, version);
                hearers.live.deliver_links_revoked(&event_id);
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "catching up with peers failed"),
        }
    }
}

async fn tell(
    mut news: UnboundedReceiver<News>,
    poster: Poster,
    database_url: String,
    instance: String,
) {
    let mut poster = Some(poster);
    while let Some(news) = news.recv().await {
        let text = encode(&instance, &news);
        // One new connection per piece of news at most: while the database is away, news is
        // dropped (peers catch up when their own connection returns).
        for _attempt in 0..2 {
            let connected = match poster.take() {
                Some(connected) => Ok(connected),
                None => Poster::connect(&database_url).await,
            };
            match connected {
                Ok(mut connected) => match connected.post(&text).await {
                    Ok(()) => {
                        poster = Some(connected);
                        break;
                    }
                    Err(error) => tracing::warn!(%error, "telling peers failed"),
                },
                Err(error) => tracing::warn!(%error, "connecting to tell peers failed"),
            }
        }
    }
}

/// `INSTANCE version N EVENT`, `INSTANCE revoked EVENT`, `INSTANCE failed ADDRESS|- EVENT`: the
/// event id last, so that it may hold anything.
fn encode(instance: &str, news: &News) -> String {
    match news {
        News::Version { event_id, version } => format!("{instance} version {version} {event_id}"),
        News::LinksRevoked { event_id } => format!("{instance} revoked {event_id}"),
        News::FailedAuth { address, event_id } => {
            let address = address.map_or_else(|| "-".to_owned(), |address| address.to_string());
            format!("{instance} failed {address} {event_id}")
        }
    }
}

fn decode(text: &str) -> Option<(&str, News)> {
    let (instance, rest) = text.split_once(' ')?;
    let (kind, rest) = rest.split_once(' ')?;
    let news = match kind {
        "version" => {
            let (version, event_id) = rest.split_once(' ')?;
            News::Version {
                event_id: event_id.to_owned(),
                version: version.parse().ok()?,
            }
        }
        "revoked" => News::LinksRevoked {
            event_id: rest.to_owned(),
        },
        "failed" => {
            let (address, event_id) = rest.split_once(' ')?;
            let address = match address {
                "-" => None,
                address => Some(address.parse::<IpAddr>().ok()?),
            };
            News::FailedAuth {
                address,
                event_id: event_id.to_owned(),
            }
        }
        _ => return None,
    };
    Some((instance, news))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_reads_back_as_written() {
        let cases = [
            News::Version {
                event_id: "sejong-2026 with space".to_owned(),
                version: 41,
            },
            News::LinksRevoked {
                event_id: "e".to_owned(),
            },
            News::FailedAuth {
                address: Some("2001:db8::7".parse().unwrap()),
                event_id: "e-1".to_owned(),
            },
            News::FailedAuth {
                address: None,
                event_id: "e-2".to_owned(),
            },
        ];
        for news in cases {
            let text = encode("abc123", &news);
            assert_eq!(decode(&text), Some(("abc123", news)), "{text}");
        }
    }

    #[test]
    fn unreadable_news_is_refused() {
        for text in [
            "",
            "abc",
            "abc version",
            "abc version x e",
            "abc failed nonsense e",
            "abc shouted e",
        ] {
            assert_eq!(decode(text), None, "{text:?}");
        }
    }
}
