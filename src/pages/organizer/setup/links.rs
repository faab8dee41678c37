//! A link just issued (an investor's own or the shared registration link): shown once, with
//! copy and a QR code.

use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use leptos::prelude::*;

/// A link just issued (path and fragment), to show once with copy and QR.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct IssuedLink {
    pub(super) owner: String,
    pub(super) link: String,
}

fn absolute(link: &str) -> String {
    let origin = web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{link}")
}

fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        // The promise only says whether the browser allowed it; the link stays visible either way.
        let _promise = window.navigator().clipboard().write_text(text);
    }
}

#[component]
pub(super) fn LinkBox(
    link: String,
    /// What the link is: an investor's own, or the registration link every startup shares.
    #[prop(default = OrgKey::PersonalLink)]
    label: OrgKey,
) -> impl IntoView {
    let text = use_text();
    let full = absolute(&link);
    let copied = RwSignal::new(false);
    let show_qr = RwSignal::new(false);
    let to_copy = full.clone();
    let qr_link = full.clone();
    view! {
        <div class="issued-link">
            <p class="hint">{move || text(Key::Org(OrgKey::LinkShownOnce))}</p>
            <label>
                <span class="visually-hidden">{move || text(Key::Org(label))}</span>
                <input type="text" readonly=true value=full class="link-text"/>
            </label>
            <button type="button" on:click=move |_| { copy_text(&to_copy); copied.set(true); }>
                {move || if copied.get() { text(Key::Copied) } else { text(Key::CopyLink) }}
            </button>
            <button type="button" aria-expanded=move || show_qr.get().to_string() on:click=move |_| show_qr.update(|shown| *shown = !*shown)>
                {move || if show_qr.get() { text(Key::Org(OrgKey::HideQr)) } else { text(Key::Org(OrgKey::ShowQr)) }}
            </button>
            {move || show_qr.get().then(|| view! { <super::super::qr::QrCode link=qr_link.clone()/> })}
        </div>
    }
}
