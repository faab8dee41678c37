//! The role a link gives its holder.

/// A role a link gives its holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
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
        [
            Role::Organizer,
            Role::Investor,
            Role::Registration,
            Role::Startup,
        ]
        .into_iter()
        .find(|role| role.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_back_from_their_names() {
        for role in [
            Role::Organizer,
            Role::Investor,
            Role::Registration,
            Role::Startup,
        ] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_value(role).unwrap(),
                serde_json::Value::String(role.as_str().to_owned())
            );
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
