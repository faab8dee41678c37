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
    /// The link's id in the audit log: the first 16 hex digits of its secret's SHA-256.
    pub link_id: String,
}

/// A caller whose secret matched a live organizer link of this program (definitions §7.5). It
/// opens the program's routes only: within an event, a program link is no link at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramPrincipal {
    pub program_id: String,
    /// The link's id: the first 16 hex digits of its secret's SHA-256.
    pub link_id: String,
}

/// Who sends a batch of mutations: an investor or a startup through its own link, or the
/// organizer (answering on someone's behalf, cancelling, correcting a stage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Author {
    Investor(String),
    Startup(String),
    Organizer,
}

impl Author {
    /// The role's name as `applied_mutations.author_role` and `outcome_log.author_role` store it.
    pub fn role_name(&self) -> &'static str {
        match self {
            Author::Investor(_) => "investor",
            Author::Startup(_) => "startup",
            Author::Organizer => "organizer",
        }
    }

    /// The author's person id (empty for the organizer).
    pub fn id(&self) -> &str {
        match self {
            Author::Investor(id) | Author::Startup(id) => id,
            Author::Organizer => "",
        }
    }
}
