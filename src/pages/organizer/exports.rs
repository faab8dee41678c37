//! Placeholder; owned and filled in by the match board / schedule / exports work.

use leptos::prelude::*;

#[component]
pub fn ExportsPanel() -> impl IntoView {
    view! { <p>"…"</p> }
}
