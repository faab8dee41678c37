//! Setup: the event's phase, the investors (one by one or a roster CSV) with their links, the
//! startup registration link, removing startups, and the event's settings (saved with PATCH and
//! checked by the server with core's rules). One module per concern.

mod criteria;
mod field_messages;
mod investors;
mod links;
mod meetings;
mod phase;
mod registration;
mod roster_import;
mod rounds;
mod settings;

use leptos::prelude::*;

#[component]
pub fn SetupPanel() -> impl IntoView {
    // `?field=first-slot` (a link from another tab naming a missing setting) brings that field
    // into view with keyboard focus, once the panel is on the page.
    let query = leptos_router::hooks::use_query_map();
    let field = query.with_untracked(|query| query.get("field"));
    Effect::new(move |_| {
        if let Some(field) = &field {
            focus_field(field);
        }
    });
    view! {
        <div class="setup">
            <phase::PhaseControl/>
            <investors::InvestorsSection/>
            <registration::RegistrationLinkSection/>
            <super::removal::StartupsSection/>
            <settings::SettingsForm/>
        </div>
    }
}

fn focus_field(id: &str) {
    use wasm_bindgen::JsCast;
    let Some(element) = document()
        .get_element_by_id(id)
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    element.scroll_into_view();
    if let Err(error) = element.focus() {
        leptos::logging::warn!("cannot focus {id}: {error:?}");
    }
}
