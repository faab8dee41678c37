//! Who a caller is inside one event: the role of the link it holds and, for an investor's or a
//! startup's own link, whose. `auth` finds the principal; `permissions` decides what it may do.

/// The four kinds of link, stored by name in `links.role` (the API's own role type).
pub use roadshow_core::wire::Role;

/// A caller whose secret matched a live link of this event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub event_id: String,
    pub role: Role,
    pub subject_id: Option<String>,
}
