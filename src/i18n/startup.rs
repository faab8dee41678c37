//! The startup's registration, profile, wishes and agenda screens. Used as `Key::Startup(StartupKey::…)`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartupKey {
    Title,
}

pub(super) fn korean(key: StartupKey) -> &'static str {
    match key {
        StartupKey::Title => "기업 등록",
    }
}

pub(super) fn english(key: StartupKey) -> &'static str {
    match key {
        StartupKey::Title => "Startup registration",
    }
}
