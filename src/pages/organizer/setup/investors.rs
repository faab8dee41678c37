//! The investors: add one, import a roster, and each investor's link (reissue, revoke) and
//! removal.

use super::super::removal::{RemovalOutcome, RemovalStatus, RemoveButton};
use super::field_messages::{field_errors, message};
use super::links::{IssuedLink, LinkBox};
use super::roster_import::RosterImport;
use crate::api::{self, ApiError, PersonKind};
use crate::components::forms::TextField;
use crate::i18n::{Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::{use_organizer_data, OrganizerData};
use leptos::prelude::*;
use roadshow_core::model::Investor;

#[derive(Debug, Clone, PartialEq)]
enum LinkAction {
    Issue(String),
    Revoke(String),
}

#[component]
pub(super) fn InvestorsSection() -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let language = use_language();
    let investors = Memo::new(move |_| {
        let lang = language.get();
        data.with_roster(|snapshot| {
            snapshot
                .as_ref()
                .map(|snapshot| {
                    snapshot
                        .investors
                        .iter()
                        .map(|investor| {
                            (
                                investor.id.clone(),
                                crate::names::investor_label(investor, lang),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let issued = RwSignal::new(Vec::<IssuedLink>::new());
    let revoked = RwSignal::new(Vec::<String>::new());
    let removal = RwSignal::new(None::<RemovalOutcome>);
    let link_action = Action::new_local(move |action: &LinkAction| {
        let action = action.clone();
        async move {
            match action {
                LinkAction::Issue(id) => {
                    let link =
                        api::reissue_investor_link(&data.event_id(), &data.secret(), &id).await?;
                    revoked.update(|revoked| revoked.retain(|known| *known != id));
                    issued.update(|issued| {
                        issued.retain(|known| known.owner != id);
                        issued.push(IssuedLink {
                            owner: id,
                            link: link.link,
                        });
                    });
                }
                LinkAction::Revoke(id) => {
                    api::revoke_investor_link(&data.event_id(), &data.secret(), &id).await?;
                    issued.update(|issued| issued.retain(|known| known.owner != id));
                    revoked.update(|revoked| revoked.push(id));
                }
            }
            Ok::<_, ApiError>(())
        }
    });

    view! {
        <section class="card" aria-labelledby="investors-title">
            <h2 id="investors-title">{move || text(Key::Org(OrgKey::Investors))}</h2>
            <AddInvestorForm issued/>
            <RosterImport issued/>
            <RemovalStatus outcome=removal/>
            {move || link_action.value().get().and_then(Result::err).map(|error| view! {
                <p class="error" role="alert">{move || text(crate::i18n::request_problem(&error))}</p>
            })}
            {move || {
                let investors = investors.get();
                if investors.is_empty() {
                    return view! { <p class="empty">{move || text(Key::Org(OrgKey::NoInvestors))}</p> }.into_any();
                }
                view! {
                    <ul class="people">
                        {investors.into_iter().map(|(id, label)| {
                            let issue_id = id.clone();
                            let revoke_id = id.clone();
                            let shown_id = id.clone();
                            let revoked_id = id.clone();
                            let remove_ids = vec![id.clone()];
                            let reissue_label = label.clone();
                            let remove_label = label.clone();
                            let who = label.clone();
                            view! {
                                <li class="person" data-investor=id.clone()>
                                    <span class="person-name">{label.clone()}</span>
                                    <span class="actions">
                                        <button type="button" aria-label=move || format!("{} — {reissue_label}", text(Key::Org(OrgKey::ReissueLink)))
                                            on:click=move |_| { link_action.dispatch(LinkAction::Issue(issue_id.clone())); }>
                                            {move || text(Key::Org(OrgKey::ReissueLink))}
                                        </button>
                                        <button type="button" class="danger" on:click=move |_| { link_action.dispatch(LinkAction::Revoke(revoke_id.clone())); }>
                                            {move || text(Key::Org(OrgKey::RevokeLink))}
                                        </button>
                                        <RemoveButton kind=PersonKind::Investor ids=Signal::stored(remove_ids) who=Signal::stored(who)
                                            label=OrgKey::RemoveInvestor outcome=removal
                                            aria_label=Signal::derive(move || format!("{} — {remove_label}", text(Key::Org(OrgKey::RemoveInvestor))))/>
                                    </span>
                                    {move || revoked.with(|revoked| revoked.contains(&revoked_id)).then(|| view! {
                                        <p class="hint" role="status">{move || text(Key::Org(OrgKey::LinkRevoked))}</p>
                                    })}
                                    {move || issued.with(|issued| issued.iter().find(|known| known.owner == shown_id).map(|known| known.link.clone()))
                                        .map(|link| view! { <LinkBox link/> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Creates one investor and remembers its new link to show.
async fn add_investor(data: OrganizerData, investor: Investor) -> Result<IssuedLink, ApiError> {
    let created = api::create_investor(&data.event_id(), &data.secret(), &investor).await?;
    Ok(IssuedLink {
        owner: created.profile.id,
        link: created.link,
    })
}

#[component]
fn AddInvestorForm(issued: RwSignal<Vec<IssuedLink>>) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let firm = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let add = Action::new_local(move |investor: &Investor| {
        let investor = investor.clone();
        async move {
            let link = add_investor(data, investor).await?;
            issued.update(|issued| issued.push(link));
            firm.set(String::new());
            person.set(String::new());
            contact.set(String::new());
            data.refresh();
            Ok::<_, ApiError>(())
        }
    });
    let errors = move || field_errors(&add.value().get());
    view! {
        <form class="add-investor" on:submit=move |event| {
            event.prevent_default();
            let value = serde_json::json!({
                "id": "", "firm": firm.get_untracked().trim(),
                "person": Some(person.get_untracked().trim().to_owned()).filter(|value| !value.is_empty()),
                "contact": Some(contact.get_untracked().trim().to_owned()).filter(|value| !value.is_empty()),
            });
            match serde_json::from_value::<Investor>(value) {
                Ok(investor) => { add.dispatch(investor); }
                Err(error) => leptos::logging::warn!("investor form: {error}"),
            }
        }>
            <h3>{move || text(Key::Org(OrgKey::AddInvestor))}</h3>
            <div class="field-row">
                <TextField id="investor-firm" label=Key::Org(OrgKey::Firm) value=firm message=Signal::derive(move || message(language.get(), &errors(), "firm")) required=true/>
                <TextField id="investor-person" label=Key::Org(OrgKey::Person) value=person message=Signal::derive(move || message(language.get(), &errors(), "person"))/>
                <TextField id="investor-contact" label=Key::Org(OrgKey::Contact) value=contact message=Signal::derive(move || message(language.get(), &errors(), "contact"))/>
            </div>
            <button type="submit" class="primary" disabled=move || add.pending().get()>{move || text(Key::Org(OrgKey::Add))}</button>
        </form>
    }
}
