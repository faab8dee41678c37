use leptos::prelude::*;

#[component]
pub fn SetupPanel() -> impl IntoView {
    view! { <p>"…"</p> }
}
