//! The organizer console's strings. Used as `Key::Org(OrgKey::…)`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgKey {
    Title,
}

pub(super) fn korean(key: OrgKey) -> &'static str {
    match key {
        OrgKey::Title => "주최자 화면",
    }
}

pub(super) fn english(key: OrgKey) -> &'static str {
    match key {
        OrgKey::Title => "Organizer console",
    }
}
