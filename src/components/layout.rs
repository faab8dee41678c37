use crate::i18n::Key;
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let language = use_language();
    let text = use_text();
    view! {
        <a class="skip-link" href="#main">{move || text(Key::SkipToContent)}</a>
        <header class="app-header">
            <a class="brand" href="/">{move || text(Key::AppName)}</a>
            <button
                type="button"
                class="language-switch"
                lang=move || language.get().other().code()
                on:click=move |_| language.set(language.get().other())
            >
                {move || text(Key::SwitchLanguage)}
            </button>
        </header>
    }
}
