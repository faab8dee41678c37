//! The `links` table: role links, issued with a fresh secret of which only the hash is stored,
//! revoked (kept, for the record), and looked up by a caller's secret.

use super::{insert_rows, Row, Table, Value};
use crate::principal::Role;
use crate::secret::LinkSecret;
use sqlx::{SqliteConnection, SqlitePool};

pub const LINKS: Table = Table {
    name: "links",
    columns: &[
        "secret_sha256",
        "event_id",
        "role",
        "subject_id",
        "created_at",
    ],
};

/// Where each role's link opens in the app; the secret goes in the fragment.
pub fn link_path(event_id: &str, role: Role, secret: &LinkSecret) -> String {
    let page = match role {
        Role::Organizer => "organize",
        Role::Investor => "score",
        Role::Registration => "register",
        Role::Startup => "startup",
    };
    format!("/events/{event_id}/{page}#k={}", secret.as_str())
}

/// A new link: its row (with only the secret's hash) and its path (with the secret, shown once).
pub fn new_link(event_id: &str, role: Role, subject_id: Option<&str>, now: &str) -> (Row, String) {
    let secret = LinkSecret::generate();
    let row = vec![
        Value::Text(secret.sha256_hex()),
        Value::Text(event_id.to_owned()),
        Value::Text(role.as_str().to_owned()),
        Value::OptionalText(subject_id.map(str::to_owned)),
        Value::Text(now.to_owned()),
    ];
    (row, link_path(event_id, role, &secret))
}

/// Revokes the live links of this role and subject (all organizer or registration links when
/// `subject_id` is `None`). Returns how many were revoked.
pub async fn revoke(
    connection: &mut SqliteConnection,
    event_id: &str,
    role: Role,
    subject_id: Option<&str>,
    now: &str,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE links SET revoked_at = ?
         WHERE event_id = ? AND role = ? AND subject_id IS ? AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(event_id)
    .bind(role.as_str())
    .bind(subject_id)
    .execute(connection)
    .await?;
    Ok(result.rows_affected())
}

/// Issues a new link, revoking the previous ones of the same role and subject first.
pub async fn reissue(
    connection: &mut SqliteConnection,
    event_id: &str,
    role: Role,
    subject_id: Option<&str>,
    now: &str,
) -> Result<String, sqlx::Error> {
    revoke(&mut *connection, event_id, role, subject_id, now).await?;
    let (row, path) = new_link(event_id, role, subject_id, now);
    insert_rows(connection, &LINKS, &[row]).await?;
    Ok(path)
}

/// The role name and subject of the live link of this event whose secret hashes to
/// `secret_sha256`, if there is one.
pub async fn live_link(
    db: &SqlitePool,
    secret_sha256: &str,
    event_id: &str,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT role, subject_id FROM links
         WHERE secret_sha256 = ? AND event_id = ? AND revoked_at IS NULL",
    )
    .bind(secret_sha256)
    .bind(event_id)
    .fetch_optional(db)
    .await
}
