//! The startup's journey: the registration form (opened by the event's registration link
//! `/events/{id}/register#k=…`) and its own profile page (`/events/{id}/startup#k=…`), where it
//! edits the profile, chooses whom to meet and sees its agenda.

use crate::i18n::{Key, StartupKey};
use crate::state::language::use_text;
use leptos::prelude::*;

#[component]
pub fn StartupRegisterPage() -> impl IntoView {
    let text = use_text();
    view! { <section class="card"><h1>{move || text(Key::Startup(StartupKey::Title))}</h1></section> }
}

#[component]
pub fn StartupPage() -> impl IntoView {
    let text = use_text();
    view! { <section class="card"><h1>{move || text(Key::Startup(StartupKey::Title))}</h1></section> }
}
