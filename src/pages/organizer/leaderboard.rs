use leptos::prelude::*;

#[component]
pub fn LeaderboardPanel() -> impl IntoView {
    view! { <p>"…"</p> }
}
