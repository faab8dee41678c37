//! Who a caller is inside one event: the role of the link it holds and, for an investor's or a
//! startup's own link, whose. `auth` finds the principal; `permissions` decides what it may do.

/// The four kinds of link, stored by name in `links.role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Organizer,
    Investor,
    Registration,
    Startup,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organizer => "organizer",
            Role::Investor => "investor",
            Role::Registration => "registration",
            Role::Startup => "startup",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "organizer" => Some(Role::Organizer),
            "investor" => Some(Role::Investor),
            "registration" => Some(Role::Registration),
            "startup" => Some(Role::Startup),
            _ => None,
        }
    }
}

/// A caller whose secret matched a live link of this event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub event_id: String,
    pub role: Role,
    pub subject_id: Option<String>,
}
