//! PostgreSQL's LISTEN/NOTIFY channel through which processes on one database hear each other
//! (see `peers`). Notifications carry short text and are delivered only to sessions listening
//! when they are sent.

use sqlx::postgres::{PgConnection, PgListener, PgNotification};
use sqlx::Connection;

/// The channel's name.
const CHANNEL: &str = "roadshow_peers";

/// A session listening on the channel; it reconnects by itself after a lost connection.
pub struct Listener(PgListener);

impl Listener {
    pub async fn connect(database_url: &str) -> Result<Listener, sqlx::Error> {
        let mut listener = PgListener::connect(database_url).await?;
        listener.listen(CHANNEL).await?;
        Ok(Listener(listener))
    }

    /// The next notification's text; `None` when the connection was lost (and is being made
    /// again): notifications sent in between are lost.
    pub async fn next(&mut self) -> Result<Option<String>, sqlx::Error> {
        Ok(self
            .0
            .try_recv()
            .await?
            .map(|notification: PgNotification| notification.payload().to_owned()))
    }
}

/// A session that sends notifications.
pub struct Poster(PgConnection);

impl Poster {
    pub async fn connect(database_url: &str) -> Result<Poster, sqlx::Error> {
        Ok(Poster(PgConnection::connect(database_url).await?))
    }

    pub async fn post(&mut self, text: &str) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(text)
            .execute(&mut self.0)
            .await?;
        Ok(())
    }
}
