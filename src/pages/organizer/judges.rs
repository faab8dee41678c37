use leptos::prelude::*;

#[component]
pub fn JudgePanel() -> impl IntoView {
    view! { <p>"…"</p> }
}
