//! The HTTP API's messages: every body the server sends or accepts, declared once and used by
//! both shells (the server serialises them, the app reads them). Serde types only — no rules, no
//! IO. The OpenAPI document (`server/openapi.json`) is checked against these shapes by
//! `server/tests/openapi_shapes.rs`.
//!
//! Some types are generic where a caller reads less than the server writes: a phone reads an
//! event's settings as [`EventBasics`] (a few fields, a small decoder) where the console reads
//! the whole [`crate::model::Event`]; the change feed's profile lists are generic so a reader can
//! parse them record by record.
//!
//! The sync protocol's own messages (a device's batch of mutations and their results) live with
//! the outbox, in [`crate::sync`].

mod changes;
mod errors;
mod event;
mod health;
mod meetings;
mod people;
mod privacy;
mod program;
mod records;
mod role;

pub use changes::*;
pub use errors::*;
pub use event::*;
pub use health::*;
pub use meetings::*;
pub use people::*;
pub use privacy::*;
pub use program::*;
pub use records::{Records, UnreadableRecord};
pub use role::Role;
