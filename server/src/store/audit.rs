//! The `audit_log` table (definitions §10): appended to inside the transaction of the action it
//! records, so an action and its entry commit together or not at all; read whole by the
//! organizer. The migration's triggers refuse updates and deletes.

use crate::error::ApiResult;
use crate::principal::{Principal, Role};
use roadshow_core::wire::{AuditAction, AuditEntry};
use serde_json::{Map, Value};
use sqlx::{AnyConnection, AnyPool};

/// Who acted: a link's role and id, or (both absent) the server's own retention task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub role: Option<Role>,
    pub link: Option<String>,
}

impl Actor {
    pub fn of(principal: &Principal) -> Actor {
        Actor {
            role: Some(principal.role),
            link: Some(principal.link_id.clone()),
        }
    }

    /// The holder of a link just issued to them (who created or imported the event).
    pub fn link(role: Role, link_id: &str) -> Actor {
        Actor {
            role: Some(role),
            link: Some(link_id.to_owned()),
        }
    }

    /// The server itself, erasing after the retention date.
    pub fn server() -> Actor {
        Actor {
            role: None,
            link: None,
        }
    }
}

/// One entry to append.
#[derive(Debug, Clone)]
pub struct Record {
    pub action: AuditAction,
    pub subject_role: Option<Role>,
    pub subject_id: Option<String>,
    pub detail: Map<String, Value>,
}

impl Record {
    pub fn new(action: AuditAction) -> Record {
        Record {
            action,
            subject_role: None,
            subject_id: None,
            detail: Map::new(),
        }
    }

    pub fn about(mut self, role: Role, id: Option<&str>) -> Record {
        self.subject_role = Some(role);
        self.subject_id = id.map(str::to_owned);
        self
    }

    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Record {
        self.detail.insert(key.to_owned(), value.into());
        self
    }
}

pub async fn append(
    connection: &mut AnyConnection,
    event_id: &str,
    actor: &Actor,
    record: Record,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log
             (event_id, seq, at, actor_role, actor_link, action, subject_role, subject_id, detail)
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log WHERE event_id = $2),
                 $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(event_id)
    .bind(event_id)
    .bind(at)
    .bind(actor.role.map(Role::as_str))
    .bind(&actor.link)
    .bind(record.action.as_str())
    .bind(record.subject_role.map(Role::as_str))
    .bind(&record.subject_id)
    .bind(Value::Object(record.detail).to_string())
    .execute(connection)
    .await?;
    Ok(())
}

/// Appends an entry for a read of personal data (the export, a holder's download), in a write
/// transaction of its own — unless the log's latest entry is the same read by the same link:
/// the console's match worker reads the export again at every new data version, and a run of
/// reads with nothing else recorded between them is one entry, the first.
pub async fn append_read(
    db: &AnyPool,
    event_id: &str,
    actor: &Actor,
    record: Record,
) -> Result<(), sqlx::Error> {
    let mut transaction = super::begin_write(db).await?;
    let latest: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT action, actor_link, subject_id FROM audit_log
         WHERE event_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(event_id)
    .fetch_optional(&mut *transaction)
    .await?;
    let repeated = latest.is_some_and(|(action, link, subject)| {
        action == record.action.as_str() && link == actor.link && subject == record.subject_id
    });
    if !repeated {
        append(
            &mut transaction,
            event_id,
            actor,
            record,
            &super::now_rfc3339(),
        )
        .await?;
    }
    transaction.commit().await
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    seq: i64,
    at: String,
    actor_role: Option<String>,
    actor_link: Option<String>,
    action: String,
    subject_role: Option<String>,
    subject_id: Option<String>,
    detail: String,
}

/// The event's whole log, oldest first.
pub async fn entries(db: &AnyPool, event_id: &str) -> ApiResult<Vec<AuditEntry>> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT seq, at, actor_role, actor_link, action, subject_role, subject_id, detail
         FROM audit_log WHERE event_id = $1 ORDER BY seq",
    )
    .bind(event_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AuditEntry {
                seq: row.seq,
                at: row.at,
                actor_role: row.actor_role.as_deref().and_then(Role::parse),
                actor_link: row.actor_link,
                action: super::parse_text(&row.action)?,
                subject_role: row.subject_role.as_deref().and_then(Role::parse),
                subject_id: row.subject_id,
                detail: super::from_json(&row.detail)?,
            })
        })
        .collect()
}
