//! Role links: issuing (a fresh secret, only its hash stored) and revoking.

use crate::auth::Role;
use crate::secret::LinkSecret;
use sqlx::SqliteConnection;

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
    let secret = LinkSecret::generate();
    sqlx::query(
        "INSERT INTO links (secret_sha256, event_id, role, subject_id, created_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(secret.sha256_hex())
    .bind(event_id)
    .bind(role.as_str())
    .bind(subject_id)
    .bind(now)
    .execute(connection)
    .await?;
    Ok(link_path(event_id, role, &secret))
}
