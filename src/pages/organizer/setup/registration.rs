//! The startups' registration link: one link every startup shares, issued or revoked here.

use super::links::LinkBox;
use crate::api::{self, ApiError};
use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;

#[component]
pub(super) fn RegistrationLinkSection() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let issued = RwSignal::new(None::<String>);
    let revoked = RwSignal::new(false);
    let issue = Action::new_local(move |_: &()| async move {
        let link = api::reissue_registration_link(&data.event_id(), &data.secret()).await?;
        revoked.set(false);
        issued.set(Some(link.link));
        Ok::<_, ApiError>(())
    });
    let revoke = Action::new_local(move |_: &()| async move {
        api::revoke_registration_link(&data.event_id(), &data.secret()).await?;
        issued.set(None);
        revoked.set(true);
        Ok::<_, ApiError>(())
    });
    let failure = move || {
        issue
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| revoke.value().get().and_then(Result::err))
    };
    view! {
        <section class="card" aria-labelledby="registration-title">
            <h2 id="registration-title">{move || text(Key::Org(OrgKey::RegistrationLink))}</h2>
            <button type="button" class="primary" on:click=move |_| { issue.dispatch(()); }>{move || text(Key::Org(OrgKey::IssueLink))}</button>
            <button type="button" class="danger" on:click=move |_| { revoke.dispatch(()); }>{move || text(Key::Org(OrgKey::RevokeLink))}</button>
            {move || revoked.get().then(|| view! { <p class="hint" role="status">{move || text(Key::Org(OrgKey::LinkRevoked))}</p> })}
            {move || issued.get().map(|link| view! {
                <p class="hint">{move || text(Key::Org(OrgKey::SharedRegistrationHint))}</p>
                <LinkBox link label=OrgKey::SharedRegistrationLink/>
            })}
            {move || failure().map(|error| view! { <p class="error" role="alert">{move || text(crate::i18n::request_problem(&error))}</p> })}
        </section>
    }
}
