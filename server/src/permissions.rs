//! Every authorization question the API asks, one function each, so the rules can be audited in
//! one place and tested as a matrix.

use crate::auth::{Principal, Role};
use crate::error::ApiError;

/// May this principal read the event's full settings and organizer view?
pub fn may_manage_event(principal: &Principal, event_id: &str) -> Result<(), ApiError> {
    if principal.event_id == event_id && principal.role == Role::Organizer {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(event_id: &str, role: Role) -> Principal {
        Principal { event_id: event_id.into(), role, subject_id: None }
    }

    #[test]
    fn only_the_events_organizer_manages_it() {
        assert!(may_manage_event(&principal("e1", Role::Organizer), "e1").is_ok());
        assert!(may_manage_event(&principal("e2", Role::Organizer), "e1").is_err());
        for role in [Role::Investor, Role::Registration, Role::Startup] {
            assert!(may_manage_event(&principal("e1", role), "e1").is_err());
        }
    }
}
