//! The `links` table: role links, issued with a fresh secret of which only the hash is stored,
//! revoked (kept, for the record), and looked up by a caller's secret. Issuing and revoking
//! append their audit entries in the same transaction, so no link changes unrecorded.

use super::audit::{self, Actor, Record};
use super::{insert_rows, Row, Table, Value};
use crate::principal::Role;
use crate::secret::LinkSecret;
use roadshow_core::wire::AuditAction;
use sqlx::{AnyConnection, AnyPool};

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

/// How many hex digits of a secret's SHA-256 name its link in the audit log: enough to tell
/// links apart, and the hash of a 256-bit secret reveals nothing of it.
const LINK_ID_DIGITS: usize = 16;

/// The id of the link whose secret hashes to `secret_sha256` (hex).
pub fn link_id(secret_sha256: &str) -> String {
    secret_sha256.chars().take(LINK_ID_DIGITS).collect()
}

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

/// A link just made: its row, its path (with the secret, shown once) and its id.
pub struct NewLink {
    pub row: Row,
    pub path: String,
    pub id: String,
}

/// A new link (only the secret's hash goes in the row).
pub fn new_link(event_id: &str, role: Role, subject_id: Option<&str>, now: &str) -> NewLink {
    let secret = LinkSecret::generate();
    let hash = secret.sha256_hex();
    let id = link_id(&hash);
    let row = vec![
        Value::Text(hash),
        Value::Text(event_id.to_owned()),
        Value::Text(role.as_str().to_owned()),
        Value::OptionalText(subject_id.map(str::to_owned)),
        Value::Text(now.to_owned()),
    ];
    NewLink {
        row,
        path: link_path(event_id, role, &secret),
        id,
    }
}

/// Revokes the live links of this role and subject (all organizer or registration links when
/// `subject_id` is `None`), recording it when there were any. Returns the revoked links' ids.
pub async fn revoke(
    connection: &mut AnyConnection,
    event_id: &str,
    role: Role,
    subject_id: Option<&str>,
    now: &str,
    by: &Actor,
) -> Result<Vec<String>, sqlx::Error> {
    let revoked = revoke_unrecorded(&mut *connection, event_id, role, subject_id, now).await?;
    if !revoked.is_empty() {
        let record = Record::new(AuditAction::LinkRevoked)
            .about(role, subject_id)
            .with("links", revoked.clone());
        audit::append(connection, event_id, by, record, now).await?;
    }
    Ok(revoked)
}

async fn revoke_unrecorded(
    connection: &mut AnyConnection,
    event_id: &str,
    role: Role,
    subject_id: Option<&str>,
    now: &str,
) -> Result<Vec<String>, sqlx::Error> {
    let hashes: Vec<String> = sqlx::query_scalar(
        "UPDATE links SET revoked_at = $1
         WHERE event_id = $2 AND role = $3 AND subject_id IS NOT DISTINCT FROM $4 AND revoked_at IS NULL
         RETURNING secret_sha256",
    )
    .bind(now)
    .bind(event_id)
    .bind(role.as_str())
    .bind(subject_id)
    .fetch_all(connection)
    .await?;
    let mut ids: Vec<String> = hashes.iter().map(|hash| link_id(hash)).collect();
    ids.sort();
    Ok(ids)
}

/// Who a link is issued by: someone already holding a link, or the holder of the new link
/// itself (the organizer link of an event just created).
pub enum IssuedBy<'a> {
    Actor(&'a Actor),
    Itself,
}

/// A link just issued: its path (with the secret, shown once) and its id.
pub struct Issued {
    pub path: String,
    pub id: String,
}

/// Issues a new link, revoking the previous ones of the same role and subject first, and
/// records it (`link_reissued` with the replaced ids when there were live ones).
pub async fn reissue(
    connection: &mut AnyConnection,
    event_id: &str,
    role: Role,
    subject_id: Option<&str>,
    now: &str,
    by: IssuedBy<'_>,
) -> Result<Issued, sqlx::Error> {
    let replaced = revoke_unrecorded(&mut *connection, event_id, role, subject_id, now).await?;
    let link = new_link(event_id, role, subject_id, now);
    insert_rows(&mut *connection, &LINKS, &[link.row]).await?;
    let record = if replaced.is_empty() {
        Record::new(AuditAction::LinkIssued)
    } else {
        Record::new(AuditAction::LinkReissued).with("replaced", replaced)
    }
    .about(role, subject_id)
    .with("link", link.id.clone());
    let actor = match by {
        IssuedBy::Actor(actor) => actor.clone(),
        IssuedBy::Itself => Actor::link(role, &link.id),
    };
    audit::append(connection, event_id, &actor, record, now).await?;
    Ok(Issued {
        path: link.path,
        id: link.id,
    })
}

/// Issues one more organizer link of the event to its program's organizer, who opens the
/// event's console with it; the event organizer's own links stay live. Recorded as
/// `link_issued` with the program and the program link that asked (`detail.program`,
/// `detail.by`).
pub async fn issue_for_program(
    connection: &mut AnyConnection,
    event_id: &str,
    program_id: &str,
    program_link_id: &str,
    now: &str,
) -> Result<Issued, sqlx::Error> {
    let link = new_link(event_id, Role::Organizer, None, now);
    insert_rows(&mut *connection, &LINKS, &[link.row]).await?;
    let record = Record::new(AuditAction::LinkIssued)
        .about(Role::Organizer, None)
        .with("link", link.id.clone())
        .with("program", program_id)
        .with("by", program_link_id);
    let actor = Actor::link(Role::Organizer, program_link_id);
    audit::append(connection, event_id, &actor, record, now).await?;
    Ok(Issued {
        path: link.path,
        id: link.id,
    })
}

/// The role name and subject of the live link of this event whose secret hashes to
/// `secret_sha256`, if there is one.
pub async fn live_link(
    db: &AnyPool,
    secret_sha256: &str,
    event_id: &str,
) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT role, subject_id FROM links
         WHERE secret_sha256 = $1 AND event_id = $2 AND revoked_at IS NULL",
    )
    .bind(secret_sha256)
    .bind(event_id)
    .fetch_optional(db)
    .await
}
