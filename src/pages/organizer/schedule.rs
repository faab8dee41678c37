//! Placeholder; owned and filled in by the match board / schedule / exports work.

use leptos::prelude::*;

#[component]
pub fn ScheduleBoard() -> impl IntoView {
    view! { <p>"…"</p> }
}
