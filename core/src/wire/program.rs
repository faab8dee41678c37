//! Programs of roadshows (definitions §7.5): the program organizer's messages. A program groups
//! events under its own organizer link; its figures are core's [`crate::report::ProgramReport`].

use crate::model::Phase;
use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// `POST /programs`: a program's name, in Korean and optionally in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramDraft {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
}

/// `POST /programs`: the new program's id and its organizer link (the secret only in the
/// fragment), shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedProgram {
    pub id: String,
    pub organizer_link: String,
}

/// `GET /programs/{id}`: the program and its events, earliest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProgramRecord {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    pub events: Vec<ProgramEvent>,
}

/// One event of a program, as the program's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramEvent {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<FixedOffset>>,
    pub phase: Phase,
}

/// `PUT /programs/{id}/events/{event_id}`: an existing event joins the program. Only whoever
/// organizes it may bring it: the body carries that event's organizer secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachEvent {
    pub organizer_key: String,
}

/// `GET /programs/{id}/firms` and the answer to a correction: the program's firms, each with
/// every name written for it (definitions §7.5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramFirms {
    pub firms: Vec<crate::program::ProgramFirm>,
}

pub use crate::program::{FirmChange, FirmName, ProgramFirm};
