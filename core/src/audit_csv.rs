//! The audit log as a CSV file (definitions §10), written with the rules of every CSV of the
//! product ([`crate::csv::write_rows`]: UTF-8 with a byte-order mark, RFC 4180 quoting,
//! formula-looking text neutralised).
//!
//! Columns: [`AUDIT_COLUMNS`], one row per entry, oldest first; `detail` is the entry's detail
//! object as compact JSON (empty when it has none); `actor_role` and `actor_link` are empty for
//! the server's own retention task.

use crate::csv::{header, write_rows, Cell, CsvError};
use crate::wire::AuditEntry;

pub const AUDIT_COLUMNS: [&str; 8] = [
    "seq",
    "at",
    "actor_role",
    "actor_link",
    "action",
    "subject_role",
    "subject_id",
    "detail",
];

pub fn audit_csv(entries: &[AuditEntry]) -> Result<String, CsvError> {
    let mut rows = vec![header(AUDIT_COLUMNS)];
    for entry in entries {
        let detail = if entry.detail.is_empty() {
            String::new()
        } else {
            serde_json::Value::Object(entry.detail.clone()).to_string()
        };
        rows.push(vec![
            Cell::number(entry.seq as f64),
            Cell::text(entry.at.as_str()),
            Cell::text(
                entry
                    .actor_role
                    .map(|role| role.as_str())
                    .unwrap_or_default(),
            ),
            Cell::text(entry.actor_link.clone().unwrap_or_default()),
            Cell::text(entry.action.as_str()),
            Cell::text(
                entry
                    .subject_role
                    .map(|role| role.as_str())
                    .unwrap_or_default(),
            ),
            Cell::text(entry.subject_id.clone().unwrap_or_default()),
            Cell::text(detail),
        ]);
    }
    write_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{AuditAction, Role};
    use serde_json::json;

    #[test]
    fn each_entry_is_one_row_with_its_detail_as_json() {
        let entries = vec![
            AuditEntry {
                seq: 1,
                at: "2026-12-01T09:00:00Z".into(),
                actor_role: Some(Role::Organizer),
                actor_link: Some("0123456789abcdef".into()),
                action: AuditAction::PhaseChanged,
                subject_role: None,
                subject_id: None,
                detail: json!({"from": "registration", "to": "scoring"})
                    .as_object()
                    .unwrap()
                    .clone(),
            },
            AuditEntry {
                seq: 2,
                at: "2026-12-01T09:05:00Z".into(),
                actor_role: Some(Role::Organizer),
                actor_link: Some("0123456789abcdef".into()),
                action: AuditAction::LinkRevoked,
                subject_role: Some(Role::Investor),
                subject_id: Some("-i1".into()),
                detail: Default::default(),
            },
        ];
        let expected = "\u{feff}seq,at,actor_role,actor_link,action,subject_role,subject_id,detail\n\
            1,2026-12-01T09:00:00Z,organizer,0123456789abcdef,phase_changed,,,\"{\"\"from\"\":\"\"registration\"\",\"\"to\"\":\"\"scoring\"\"}\"\n\
            2,2026-12-01T09:05:00Z,organizer,0123456789abcdef,link_revoked,investor,'-i1,\n";
        assert_eq!(audit_csv(&entries).unwrap(), expected);
    }
}
