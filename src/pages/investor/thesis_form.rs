//! The investor's thesis form: what it invests in, how many follow-up meetings it can take and
//! the meeting slots it cannot attend, read by core's [`InvestorForm`] — a ticket or a capacity
//! that cannot be read is named next to its field, never saved as empty.

use crate::api::{self, ApiError, ErrorCode, InvestorView};
use crate::i18n::{format_krw, problem_message, Key};
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::investor_form::{form_field, InvestorForm};
use roadshow_core::model::{Investor, MeetingSettings};
use roadshow_core::problem::{Problem, ProblemCode};

/// The stored profile as the investor's own view of it carries it.
fn stored_profile(me: InvestorView) -> Investor {
    Investor {
        id: me.id,
        firm: me.firm,
        firm_en: me.firm_en,
        person: me.person,
        kind: me.kind,
        fields: me.fields,
        stages: me
            .stages
            .iter()
            .map(|stage| roadshow_core::model::Stage::parse(stage))
            .collect(),
        regions: me.regions,
        ticket_krw: me.ticket_krw,
        capacity: me.capacity,
        unavailable_slots: me.unavailable_slots,
        conflicts: me.conflicts,
        contact: me.contact,
        hq_region: None,
        tracks: Vec::new(),
        extra: Default::default(),
    }
}

/// The server's field problems (`ticket_krw.min: negative`) at the form's fields.
fn server_problems(error: &ApiError) -> Vec<Problem> {
    let ApiError::Rejected { status: 422, body } = error else {
        return Vec::new();
    };
    body.fields
        .iter()
        .flat_map(|(path, messages)| {
            messages.iter().filter_map(move |message| {
                let code: ProblemCode = message.code.to_string().parse().ok()?;
                let at = form_field(path).map_or_else(|| path.clone(), str::to_owned);
                Some(Problem::new(at, code))
            })
        })
        .collect()
}

/// The investor's thesis (fields, stages, regions, ticket), meeting capacity and the meeting slots
/// it cannot attend, saved to its own profile.
#[component]
pub(super) fn ThesisForm(
    me: InvestorView,
    settings: MeetingSettings,
    event_id: String,
    secret: String,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    // The firm's name is the organizer's to set: shown, never edited here.
    let firm = {
        let (firm, firm_en) = (me.firm.clone(), me.firm_en.clone());
        move || crate::names::pick(&firm, firm_en.as_deref(), language.get())
    };
    let stored = stored_profile(me);
    let initial = InvestorForm::from_investor(&stored);
    let fields = RwSignal::new(initial.fields);
    let stages = RwSignal::new(initial.stages);
    let regions = RwSignal::new(initial.regions);
    let ticket_min = RwSignal::new(initial.ticket_min);
    let ticket_max = RwSignal::new(initial.ticket_max);
    let capacity = RwSignal::new(initial.capacity);
    let unavailable = RwSignal::new(initial.unavailable_slots);
    let stored = StoredValue::new(stored);
    let slot_count = settings.slots.clamp(0, 48);
    let settings = StoredValue::new(settings);
    let form = move || InvestorForm {
        fields: fields.get(),
        stages: stages.get(),
        regions: regions.get(),
        ticket_min: ticket_min.get(),
        ticket_max: ticket_max.get(),
        capacity: capacity.get(),
        unavailable_slots: unavailable.get(),
    };
    // Checked as the investor types, shown once it has tried to save.
    let checked = Memo::new(move |_| {
        let form = form();
        stored.with_value(|stored| settings.with_value(|settings| form.apply(stored, settings)))
    });
    let tried = RwSignal::new(false);
    let save = Action::new_local(move |investor: &Investor| {
        let (event_id, secret, investor) = (event_id.clone(), secret.clone(), investor.clone());
        async move { api::update_investor(&event_id, &secret, &investor).await }
    });
    let problems = Memo::new(move |_| {
        let mine = tried
            .get()
            .then(|| checked.with(|checked| checked.clone().err()))
            .flatten()
            .unwrap_or_default();
        if !mine.is_empty() {
            return mine;
        }
        save.value().with(|value| match value {
            Some(Err(error)) => server_problems(error),
            _ => Vec::new(),
        })
    });
    let message = move |field: &'static str| {
        problems.with(|problems| {
            problems
                .iter()
                .find(|problem| problem.path == field)
                .map(|problem| problem_message(problem.code, language.get()))
        })
    };
    // What is wrong outside the form's fields (the stored firm's name, say) is listed below it.
    let other_problems = move || {
        problems.with(|problems| {
            problems
                .iter()
                .filter(|problem| {
                    !roadshow_core::investor_form::FIELD_ORDER.contains(&problem.path.as_str())
                })
                .map(|problem| (problem.path.clone(), problem.code))
                .collect::<Vec<_>>()
        })
    };
    let outcome = move || {
        if tried.get() && checked.with(Result::is_err) {
            return Some(text(Key::FixFieldsBelow));
        }
        match save.value().get() {
            Some(Ok(())) => Some(text(Key::SavedOk)),
            Some(Err(ApiError::Rejected { status: 422, .. })) => Some(text(Key::FixFieldsBelow)),
            Some(Err(ApiError::Rejected { status: 409, body }))
                if body.code == ErrorCode::SetByOrganizer =>
            {
                Some(text(Key::FirmChangedByOrganizer))
            }
            Some(Err(ApiError::Network)) => Some(text(Key::NetworkProblem)),
            Some(Err(_)) => Some(text(Key::ServerProblem)),
            None => None,
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        tried.set(true);
        if let Some(Ok(investor)) = checked.try_get_untracked() {
            save.dispatch_local(investor);
        }
    };
    let toggle = |list: RwSignal<Vec<String>>, value: String| {
        let checked_value = value.clone();
        view! {
            <input type="checkbox" prop:checked=move || list.with(|list| list.contains(&checked_value))
                on:change=move |event| {
                    let on = event_target_checked(&event);
                    list.update(|list| {
                        list.retain(|item| *item != value);
                        if on { list.push(value.clone()); }
                    });
                }/>
        }
    };
    let field_boxes = move || {
        let lang = language.get();
        roadshow_core::zones::NETWORK_FIELDS.iter().map(|field| view! {
            <label class="choice">{toggle(fields, field.to_string())}<span>{crate::i18n::network_field_label(field, lang)}</span></label>
        }).collect_view()
    };
    let stage_boxes = move || {
        let lang = language.get();
        roadshow_core::model::Stage::ALL.iter().map(|stage| {
            let id = stage.as_str().to_owned();
            view! { <label class="choice">{toggle(stages, id.clone())}<span>{crate::i18n::stage_label(&id, lang)}</span></label> }
        }).collect_view()
    };
    let slot_boxes = move || {
        let lang = language.get();
        (0..slot_count).map(|slot| {
            let label = settings.with_value(|settings| crate::i18n::slot_time(settings, slot, lang));
            view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || unavailable.with(|slots| slots.contains(&slot))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            unavailable.update(|slots| {
                                slots.retain(|taken| *taken != slot);
                                if on { slots.push(slot); slots.sort_unstable(); }
                            });
                        }/>
                    <span>{label}</span>
                </label>
            }
        }).collect_view()
    };
    // A message under each field, announced when it appears and tied to its input.
    let field_message = move |id: &'static str, field: &'static str| {
        view! { <p class="field-message" id=format!("{id}-message") role="alert">{move || message(field)}</p> }
    };
    let text_field = move |id: &'static str,
                           field: &'static str,
                           key: Key,
                           value: RwSignal<String>,
                           amount: bool| {
        view! {
            <div class="field" class:field-invalid=move || message(field).is_some()>
                <label for=id>{move || text(key)}</label>
                <input id=id type="text" inputmode=amount.then_some("numeric")
                    aria-invalid=move || if message(field).is_some() { "true" } else { "false" }
                    aria-describedby=format!("{id}-message")
                    prop:value=move || value.get() on:input=move |event| value.set(event_target_value(&event))/>
                {amount.then(|| view! {
                    <p class="hint">{move || roadshow_core::startup_form::parse_krw(&value.get()).ok().flatten().map(|won| format_krw(won, language.get()))}</p>
                })}
                {field_message(id, field)}
            </div>
        }
    };
    view! {
        <form class="card thesis" novalidate on:submit=submit aria-labelledby="thesis-title">
            <h2 id="thesis-title">{move || text(Key::ThesisTitle)}</h2>
            <dl class="facts thesis-firm">
                <dt>{move || text(Key::ThesisFirm)}</dt>
                <dd class="firm-name">{firm}</dd>
            </dl>
            <p class="hint" id="thesis-firm-hint">{move || text(Key::FirmSetByOrganizer)}</p>
            <fieldset class="checks" aria-describedby="thesis-fields-message"><legend>{move || text(Key::ThesisFields)}</legend>{field_boxes}</fieldset>
            {field_message("thesis-fields", "fields")}
            <fieldset class="checks" aria-describedby="thesis-stages-message"><legend>{move || text(Key::ThesisStages)}</legend>{stage_boxes}</fieldset>
            {field_message("thesis-stages", "stages")}
            {text_field("thesis-regions", "regions", Key::ThesisRegions, regions, false)}
            <div class="field-row">
                {text_field("thesis-ticket-min", "ticket_min", Key::TicketMin, ticket_min, true)}
                {text_field("thesis-ticket-max", "ticket_max", Key::TicketMax, ticket_max, true)}
            </div>
            // Typed as text, not as a number input: a browser would turn a mistyped number into
            // an empty value, and the form could not say what was wrong with it.
            {text_field("thesis-capacity", "capacity", Key::MeetingCapacity, capacity, true)}
            <fieldset class="checks" aria-describedby="thesis-slots-message"><legend>{move || text(Key::UnavailableSlots)}</legend>{slot_boxes}</fieldset>
            {field_message("thesis-slots", "unavailable_slots")}
            <button type="submit" class="primary" disabled=move || save.pending().get()>{move || text(Key::SaveThesis)}</button>
            <p class="save-outcome" role="status">{outcome}</p>
            {move || {
                let others = other_problems();
                (!others.is_empty()).then(|| view! {
                    <ul class="field-error">
                        {others.into_iter().map(|(path, code)| view! {
                            <li><code>{path}</code>" "{move || problem_message(code, language.get())}</li>
                        }).collect_view()}
                    </ul>
                })
            }}
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_refusal_lands_on_the_form_fields() {
        let body = serde_json::from_value(serde_json::json!({
            "code": "invalid", "message": "some fields are not valid",
            "fields": {
                "ticket_krw": [{"code": "min_over_max", "message": "x"}],
                "ticket_krw.min": [{"code": "negative", "message": "x"}],
                "unavailable_slots[2]": [{"code": "out_of_range", "message": "x"}],
                "firm": [{"code": "required", "message": "x"}],
            }
        }))
        .unwrap();
        let placed: Vec<(String, ProblemCode)> =
            server_problems(&ApiError::Rejected { status: 422, body })
                .into_iter()
                .map(|problem| (problem.path, problem.code))
                .collect();
        assert_eq!(
            placed,
            [
                ("firm".to_owned(), ProblemCode::Required),
                ("ticket_max".to_owned(), ProblemCode::MinOverMax),
                ("ticket_min".to_owned(), ProblemCode::Negative),
                ("unavailable_slots".to_owned(), ProblemCode::OutOfRange),
            ]
        );
        assert_eq!(server_problems(&ApiError::Network), vec![]);
    }
}
