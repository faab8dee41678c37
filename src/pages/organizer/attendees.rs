//! Who of a firm attends its meeting (definitions §8.6): in a selected meeting of a firm that
//! sent several people, the organizer names them for the firm. The plan is sent again whole
//! (`PUT /events/{id}/meetings`), published as it was; the server keeps what each side said
//! about a meeting that stays in its place.

use crate::api::ApiError;
use crate::i18n::{problem_message, Key, OrgKey};
use crate::state::language::{use_language, use_text};
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::PlannedMeeting;
use roadshow_core::teams::FirmTeams;

fn org(key: OrgKey) -> Key {
    Key::Org(key)
}

/// The meeting's firm members (id and label), when the firm sent more than one person.
fn firm_members(pair_investor: &str, lang: crate::i18n::Lang) -> Vec<(String, String)> {
    use_organizer_data().with_roster(|snapshot| {
        let Some(snapshot) = snapshot else {
            return Vec::new();
        };
        let Some(position) = snapshot
            .investors
            .iter()
            .position(|investor| investor.id == pair_investor)
        else {
            return Vec::new();
        };
        let teams = FirmTeams::of(&snapshot.investors);
        let members = teams.teammates(position);
        if members.len() < 2 {
            return Vec::new();
        }
        members
            .iter()
            .map(|&member| {
                let investor = &snapshot.investors[member];
                (
                    investor.id.clone(),
                    crate::names::investor_label(investor, lang),
                )
            })
            .collect()
    })
}

/// The plan with the pair's attendees replaced.
fn with_attendees(
    plan: &[PlannedMeeting],
    pair: &(String, String),
    attendees: Vec<String>,
) -> Vec<PlannedMeeting> {
    plan.iter()
        .map(|meeting| {
            let mut meeting = meeting.clone();
            if (&meeting.investor, &meeting.startup) == (&pair.0, &pair.1) {
                meeting.attendees = attendees.clone();
            }
            meeting
        })
        .collect()
}

#[component]
pub(super) fn AttendeePicker(pair: (String, String)) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let data = use_organizer_data();
    let pair = StoredValue::new(pair);
    let members = Memo::new(move |_| {
        data.roster_revision().track();
        firm_members(&pair.get_value().0, language.get())
    });
    let stored = Memo::new(move |_| {
        data.meetings().with(|plan| {
            let (investor, startup) = pair.get_value();
            plan.iter()
                .find(|meeting| meeting.investor == investor && meeting.startup == startup)
                .map(|meeting| meeting.attendees.clone())
                .unwrap_or_default()
        })
    });
    // The organizer's choice while editing; `None` shows what is stored.
    let editing = RwSignal::new(None::<Vec<String>>);
    let chosen = move || editing.get().unwrap_or_else(|| stored.get());
    let save = Action::new_local(move |attendees: &Vec<String>| {
        let plan = data
            .meetings()
            .with_untracked(|plan| with_attendees(plan, &pair.get_value(), attendees.clone()));
        let published = data
            .event_state()
            .with_untracked(|state| state.as_ref().is_some_and(|s| s.meetings_published));
        async move {
            let saved = data.publish_plan(plan, published).await.map(|_| ());
            if saved.is_ok() {
                editing.set(None);
            }
            saved
        }
    });
    let toggle = move |id: String| {
        let mut now = chosen();
        match now.iter().position(|attendee| *attendee == id) {
            Some(at) => {
                now.remove(at);
            }
            None => now.push(id),
        }
        // Listed in the firm's order, as the schedule names them.
        let order: Vec<String> = members.with(|m| m.iter().map(|(id, _)| id.clone()).collect());
        now.sort_by_key(|attendee| order.iter().position(|id| id == attendee));
        editing.set(Some(now));
    };
    let refusal = move || match save.value().get() {
        Some(Err(ApiError::Rejected { body, .. })) => Some(
            body.fields
                .into_values()
                .flatten()
                .map(|message| problem_message(message.code, language.get()))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Some(Err(_)) => Some(text(org(OrgKey::AttendeesNotSaved)).to_owned()),
        _ => None,
    };
    move || {
        (!members.with(Vec::is_empty)).then(|| {
            view! {
                <fieldset class="attendee-picker" aria-describedby="attendee-hint">
                    <legend>{move || text(org(OrgKey::AttendeesLegend))}</legend>
                    <p id="attendee-hint" class="hint">{move || text(org(OrgKey::AttendeesHint))}</p>
                    <ul class="choices">
                        {move || members.get().into_iter().map(|(id, label)| {
                            let checked = {
                                let id = id.clone();
                                move || chosen().contains(&id)
                            };
                            let on_change = {
                                let id = id.clone();
                                move |_| toggle(id.clone())
                            };
                            view! {
                                <li>
                                    <label>
                                        <input type="checkbox" data-investor=id.clone() prop:checked=checked on:change=on_change/>
                                        " "{label}
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <button
                        type="button"
                        class="save-attendees"
                        prop:disabled=move || save.pending().get() || editing.with(Option::is_none)
                        on:click=move |_| {
                            let attendees = chosen();
                            save.dispatch_local(attendees);
                        }
                    >
                        {move || text(org(OrgKey::SaveAttendees))}
                    </button>
                    {move || (matches!(save.value().get(), Some(Ok(()))) && editing.with(Option::is_none)).then(|| {
                        view! { <p class="saved" role="status">{move || text(org(OrgKey::AttendeesSaved))}</p> }
                    })}
                    {move || refusal().map(|words| view! { <p class="field-error" role="alert">{words}</p> })}
                </fieldset>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(investor: &str, startup: &str, attendees: &[&str]) -> PlannedMeeting {
        PlannedMeeting {
            investor: investor.into(),
            startup: startup.into(),
            slot: 0,
            table: 0,
            status: None,
            attendees: attendees.iter().map(|id| (*id).to_owned()).collect(),
        }
    }

    #[test]
    fn only_the_pairs_attendees_change() {
        let plan = vec![meeting("A", "S1", &["A", "D"]), meeting("A", "S2", &[])];
        let changed = with_attendees(&plan, &("A".into(), "S2".into()), vec!["D".into()]);
        assert_eq!(
            changed,
            vec![meeting("A", "S1", &["A", "D"]), meeting("A", "S2", &["D"])]
        );
    }
}
