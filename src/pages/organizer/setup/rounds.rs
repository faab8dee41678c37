//! The rounds in the settings form (definitions §8.1): per round its id and name, its own
//! criteria and scale (or the event's), its judges (everyone or a list), minimum judges, weight
//! in the final total, reveal mode and dates; and how the final total is formed. Saved with the
//! rest of the settings, so the server checks them with core's rules and answers by field.

use crate::components::forms::{Field, NumberField};
use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use crate::state::organizer::use_organizer_data;
use leptos::prelude::*;
use roadshow_core::model::{Criterion, Event, FinalTotal, Round, RoundJudges, Scale};

/// A round's criteria as the form shows them: one line per criterion, `key, name, weight`.
pub(super) fn criteria_text(criteria: &[Criterion]) -> String {
    criteria
        .iter()
        .map(|criterion| {
            format!(
                "{}, {}, {}",
                criterion.key,
                criterion.label_ko.as_deref().unwrap_or_default(),
                criterion.weight
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The criteria typed as `key, name, weight` lines (blank lines skipped, the name and weight
/// optional: weight 1). `None` when nothing is typed: the round uses the event's criteria. A
/// weight that is not a number is kept as 0 so the server names the criterion's weight.
pub(super) fn parse_criteria(text: &str) -> Option<Vec<Criterion>> {
    let criteria: Vec<Criterion> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .filter_map(|line| {
            let mut parts = line.split(',').map(str::trim);
            let key = parts.next().unwrap_or_default();
            let name = parts.next().filter(|name| !name.is_empty());
            let weight = parts.next().map_or(Some(1.0), |w| w.parse::<f64>().ok());
            serde_json::from_value(serde_json::json!({
                "key": key,
                "label_ko": name,
                "weight": weight.unwrap_or(0.0),
            }))
            .ok()
        })
        .collect();
    (!criteria.is_empty()).then_some(criteria)
}

fn extra_text(round: &Round, key: &str) -> String {
    round
        .extra
        .get(key)
        .and_then(|value| value.as_str())
        .unwrap_or_default()
        .to_owned()
}

fn set_extra_text(round: &mut Round, key: &str, value: String) {
    let value = value.trim().to_owned();
    if value.is_empty() {
        round.extra.remove(key);
    } else {
        round.extra.insert(key.to_owned(), value.into());
    }
}

#[component]
pub(super) fn RoundsFields(
    draft: RwSignal<Event>,
    error_at: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = use_text();
    // Memos: the rounds are drawn again when one is added or removed, not on every keystroke
    // (a redraw under the pointer would swallow the click that saves).
    let count = Memo::new(move |_| draft.with(|draft| draft.rounds.len()));
    let rounds_error = error_at("settings.rounds".into());
    view! {
        <fieldset class="rounds-setup" aria-describedby="rounds-hint rounds-error">
            <legend>{move || text(Key::Org(OrgKey::RoundsSetup))}</legend>
            <p class="hint" id="rounds-hint">{move || text(Key::Org(OrgKey::RoundsSetupHint))}</p>
            <p class="field-error" id="rounds-error">{move || rounds_error.get()}</p>
            {move || (count.get() > 0).then(|| view! {
                <Field id="final-total" label=Key::Org(OrgKey::FinalTotalMode) let:field>
                    <select id=field.id() on:change=move |event| {
                        let weighted = event_target_value(&event) == "weighted";
                        draft.update(|d| d.final_total = weighted.then_some(FinalTotal::Weighted));
                    }>
                        <option value="final_only" selected=move || draft.with(|d| d.final_total.unwrap_or_default() == FinalTotal::FinalOnly)>{move || text(Key::Org(OrgKey::FinalOnly))}</option>
                        <option value="weighted" selected=move || draft.with(|d| d.final_total.unwrap_or_default() == FinalTotal::Weighted)>{move || text(Key::Org(OrgKey::FinalWeighted))}</option>
                    </select>
                </Field>
            })}
            {move || (0..count.get()).map(|index| view! { <RoundFields index draft error_at/> }).collect_view()}
            <button type="button" id="add-round" on:click=move |_| draft.update(|draft| {
                let id = format!("round{}", draft.rounds.len() + 1);
                if let Ok(round) = serde_json::from_value::<Round>(serde_json::json!({"id": id})) {
                    draft.rounds.push(round);
                }
            })>{move || text(Key::Org(OrgKey::AddRound))}</button>
        </fieldset>
    }
}

#[component]
fn RoundFields(
    index: usize,
    draft: RwSignal<Event>,
    error_at: impl Fn(String) -> Signal<Option<String>> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let text = use_text();
    let data = use_organizer_data();
    let at = move |suffix: &str| error_at(format!("settings.rounds[{index}].{suffix}"));
    let read = move |pick: fn(&Round, &Event) -> String| {
        Signal::derive(move || {
            draft.with(|d| {
                d.rounds
                    .get(index)
                    .map(|round| pick(round, d))
                    .unwrap_or_default()
            })
        })
    };
    let write = move |put: fn(&mut Round, String)| {
        Callback::new(move |value: String| {
            draft.update(|d| {
                if let Some(round) = d.rounds.get_mut(index) {
                    put(round, value)
                }
            })
        })
    };
    let investors = data.with_roster(|snapshot| {
        snapshot
            .as_ref()
            .map(|snapshot| {
                snapshot
                    .investors
                    .iter()
                    .map(|investor| {
                        let person = investor.person.clone().unwrap_or_default();
                        (
                            investor.id.clone(),
                            format!("{} {person} ({})", investor.firm, investor.id),
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let everyone = Memo::new(move |_| {
        draft.with(|d| {
            d.rounds
                .get(index)
                .is_some_and(|round| round.judge_list().is_none())
        })
    });
    let id_base = format!("round-{index}");
    let judges_error = at("judges");
    let criteria_id = format!("{id_base}-criteria");
    view! {
        <div class="round" role="group" aria-label=move || format!("{} {}", text(Key::Org(OrgKey::RoundsSetup)), index + 1)>
            <Field id=format!("{id_base}-id") label=Key::Org(OrgKey::RoundId) message=at("id") let:field>
                <input id=field.id() type="text" aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || read(|round, _| round.id.clone()).get()
                    on:change=move |event| write(|round, value| round.id = value.trim().to_owned()).run(event_target_value(&event))/>
            </Field>
            <Field id=format!("{id_base}-name") label=Key::Org(OrgKey::RoundName) message=at("name") let:field>
                <input id=field.id() type="text" aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || read(|round, _| extra_text(round, "name")).get()
                    on:change=move |event| write(|round, value| set_extra_text(round, "name", value)).run(event_target_value(&event))/>
            </Field>
            <Field id=criteria_id.clone() label=Key::Org(OrgKey::RoundCriteria) message=at("criteria") let:field>
                <textarea id=field.id() rows="3" aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || read(|round, _| round.criteria.as_deref().map(criteria_text).unwrap_or_default()).get()
                    on:change=move |event| write(|round, value| round.criteria = parse_criteria(&value)).run(event_target_value(&event))>
                </textarea>
            </Field>
            <NumberField id=format!("{id_base}-scale-min") label=Key::Org(OrgKey::ScaleMin) message=at("scale.min")
                get=read(|round, _| round.scale.map(|scale| scale.min.to_string()).unwrap_or_default())
                set=Callback::new(move |value: String| draft.update(|d| {
                    let fallback = d.scale;
                    if let Some(round) = d.rounds.get_mut(index) {
                        round.scale = match value.trim().parse() {
                            Ok(min) => Some(Scale { min, ..round.scale.unwrap_or(fallback) }),
                            Err(_) => None,
                        };
                    }
                }))/>
            <NumberField id=format!("{id_base}-scale-max") label=Key::Org(OrgKey::ScaleMax) message=at("scale.max")
                get=read(|round, _| round.scale.map(|scale| scale.max.to_string()).unwrap_or_default())
                set=Callback::new(move |value: String| draft.update(|d| {
                    let fallback = d.scale;
                    if let Some(round) = d.rounds.get_mut(index) {
                        round.scale = match value.trim().parse() {
                            Ok(max) => Some(Scale { max, ..round.scale.unwrap_or(fallback) }),
                            Err(_) => None,
                        };
                    }
                }))/>
            <NumberField id=format!("{id_base}-min-judges") label=Key::Org(OrgKey::MinJudges) message=at("min_judges")
                get=read(|round, _| round.min_judges.map(|n| n.to_string()).unwrap_or_default())
                set=write(|round, value| round.min_judges = value.trim().parse().ok())/>
            // A fraction (0.3): a text field, as a criterion's weight, so no whole-number step
            // of a number field blocks the form.
            <Field id=format!("{id_base}-weight") label=Key::Org(OrgKey::RoundWeight) message=at("weight") let:field>
                <input id=field.id() type="text" inputmode="decimal" aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || read(|round, _| round.weight.map(|w| w.to_string()).unwrap_or_default()).get()
                    on:change=move |event| write(|round, value| round.weight = value.trim().parse().ok()).run(event_target_value(&event))/>
            </Field>
            <Field id=format!("{id_base}-starts") label=Key::Org(OrgKey::RoundStarts) message=at("starts_at") let:field>
                <input id=field.id() type="datetime-local" aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || read(|round, _| extra_text(round, "starts_at")).get()
                    on:change=move |event| write(|round, value| set_extra_text(round, "starts_at", value)).run(event_target_value(&event))/>
            </Field>
            <Field id=format!("{id_base}-ends") label=Key::Org(OrgKey::RoundEnds) message=at("ends_at") let:field>
                <input id=field.id() type="datetime-local" aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || read(|round, _| extra_text(round, "ends_at")).get()
                    on:change=move |event| write(|round, value| set_extra_text(round, "ends_at", value)).run(event_target_value(&event))/>
            </Field>
            <Field id=format!("{id_base}-reveal") label=Key::Org(OrgKey::RevealMode) let:field>
                <select id=field.id() on:change=move |event| write(|round, value| set_extra_text(round, "reveal", value)).run(event_target_value(&event))>
                    {[("", OrgKey::RevealInherited), ("never", OrgKey::RevealNever), ("after-own-scoring", OrgKey::RevealAfterOwn), ("after-organizer-reveal", OrgKey::RevealAfterOrganizer)]
                        .into_iter()
                        .map(|(value, label)| {
                            view! { <option value=value selected=move || read(|round, _| extra_text(round, "reveal")).get() == value>{move || text(Key::Org(label))}</option> }
                        }).collect_view()}
                </select>
            </Field>
            <fieldset class="round-judges" aria-describedby=format!("{id_base}-judges-error")>
                <legend>{move || text(Key::Org(OrgKey::RoundJudges))}</legend>
                <p class="field-error" id=format!("{id_base}-judges-error")>{move || judges_error.get()}</p>
                <label class="choice">
                    <input type="checkbox" id=format!("{id_base}-judges-all") prop:checked=move || everyone.get()
                        on:change=move |event| {
                            let all = event_target_checked(&event);
                            draft.update(|d| if let Some(round) = d.rounds.get_mut(index) {
                                round.judges = if all { None } else { Some(RoundJudges::List(Vec::new())) };
                            });
                        }/>
                    <span>{move || text(Key::Org(OrgKey::RoundJudgesAll))}</span>
                </label>
                {move || (!everyone.get()).then(|| investors.clone().into_iter().map(|(id, label)| {
                    let checked_id = id.clone();
                    view! {
                        <label class="choice">
                            <input type="checkbox" value=id.clone()
                                prop:checked=move || draft.with(|d| d.rounds.get(index).and_then(Round::judge_list).is_some_and(|ids| ids.contains(&checked_id)))
                                on:change=move |event| {
                                    let on = event_target_checked(&event);
                                    let id = id.clone();
                                    draft.update(|d| if let Some(round) = d.rounds.get_mut(index) {
                                        let mut ids = round.judge_list().map(<[String]>::to_vec).unwrap_or_default();
                                        ids.retain(|known| *known != id);
                                        if on { ids.push(id); }
                                        round.judges = Some(RoundJudges::List(ids));
                                    });
                                }/>
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view())}
            </fieldset>
            <button type="button" class="danger" on:click=move |_| draft.update(|d| { if index < d.rounds.len() { d.rounds.remove(index); } })>
                {move || text(Key::Org(OrgKey::RemoveRound))}
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_lines_read_back_as_written() {
        let criteria = parse_criteria("team, 팀 역량, 0.3\n\n market , 시장성 , 0.7 \n").unwrap();
        assert_eq!(criteria.len(), 2);
        assert_eq!(criteria[1].key, "market");
        assert_eq!(criteria[1].label_ko.as_deref(), Some("시장성"));
        assert_eq!(criteria[1].weight, 0.7);
        assert_eq!(
            criteria_text(&criteria),
            "team, 팀 역량, 0.3\nmarket, 시장성, 0.7"
        );
        assert_eq!(parse_criteria(" \n "), None);
        // Name and weight are optional; a weight that is not a number is left for the server.
        let bare = parse_criteria("docs\npitch, 발표, heavy").unwrap();
        assert_eq!((bare[0].weight, bare[0].label_ko.as_deref()), (1.0, None));
        assert_eq!(bare[1].weight, 0.0);
    }
}
