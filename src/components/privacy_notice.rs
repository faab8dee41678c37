//! The privacy notice (definitions §10), written from the event's own settings: what is
//! collected from a founder or an investor, why, until which day (the organizer's retention
//! date, or a year after the event), who sees it, and what the person may ask. Shown beside the
//! consents at registration and on each person's profile.

use crate::i18n::{Key, PrivacyKey};
use crate::state::language::use_text;
use chrono::NaiveDate;
use leptos::prelude::*;
use roadshow_core::wire::{EventBasics, Role};

/// The day personal data is kept until, as core counts it from what a phone knows.
pub fn retention_of(settings: &EventBasics) -> Option<NaiveDate> {
    let end = settings
        .ends_at
        .as_deref()
        .or(settings.starts_at.as_deref())
        .and_then(|at| chrono::DateTime::parse_from_rfc3339(at).ok());
    roadshow_core::privacy::retention_date_of(settings.retention_until, end)
}

#[component]
pub fn PrivacyNotice(
    /// `Role::Startup` for a founder, `Role::Investor` for a judge.
    audience: Role,
    retention: Option<NaiveDate>,
) -> impl IntoView {
    let text = use_text();
    let key = |key: PrivacyKey| Key::Privacy(key);
    let (what, who) = match audience {
        Role::Investor => (
            PrivacyKey::NoticeWhatInvestor,
            PrivacyKey::NoticeWhoInvestor,
        ),
        _ => (PrivacyKey::NoticeWhatStartup, PrivacyKey::NoticeWhoStartup),
    };
    let how_long = move || match retention {
        Some(date) => format!(
            "{}{date}{}",
            text(key(PrivacyKey::NoticeKeptBefore)),
            text(key(PrivacyKey::NoticeKeptAfter))
        ),
        None => text(key(PrivacyKey::NoticeNoDate)).to_owned(),
    };
    view! {
        <details class="privacy-notice">
            <summary>{move || text(key(PrivacyKey::NoticeTitle))}</summary>
            <dl>
                <dt>{move || text(key(PrivacyKey::NoticeWhat))}</dt>
                <dd>{move || text(key(what))}</dd>
                <dt>{move || text(key(PrivacyKey::NoticeWhy))}</dt>
                <dd>{move || text(key(PrivacyKey::NoticeWhyText))}</dd>
                <dt>{move || text(key(PrivacyKey::NoticeHowLong))}</dt>
                <dd class="retention">{how_long}</dd>
                <dt>{move || text(key(PrivacyKey::NoticeWho))}</dt>
                <dd>{move || text(key(who))}</dd>
                <dt>{move || text(key(PrivacyKey::NoticeRights))}</dt>
                <dd>{move || text(key(PrivacyKey::NoticeRightsText))}</dd>
            </dl>
        </details>
    }
}
