//! The check-ins a side should make now (definitions §7.4): for each pair that held a meeting and
//! is not yet invested or passed, the latest of D+14, D+90 and D+180 after the event that has
//! come. Computed by core from what this device shows (its own unsent stage changes included).

use crate::i18n::{Key, OutcomeKey};
use crate::names::NameEntry;
use crate::state::language::{use_language, use_text};
use leptos::prelude::*;
use roadshow_core::follow_up::CheckIn;

#[component]
pub fn CheckIns(
    #[prop(into)] due: Signal<Vec<CheckIn>>,
    /// Whose name to show for each check-in: the startup's (an investor's list) or the
    /// investor's (a startup's list).
    show_startup: bool,
    names: StoredValue<Vec<NameEntry>>,
) -> impl IntoView {
    let text = use_text();
    let language = use_language();
    let name_of = move |id: &str| {
        names.with_value(|names| crate::names::entry_name(names, id, language.get()))
    };
    view! {
        <section class="card check-ins" aria-labelledby="check-ins-title">
            <h2 id="check-ins-title">{move || text(Key::Outcome(OutcomeKey::CheckInsTitle))}</h2>
            {move || {
                let due = due.get();
                if due.is_empty() {
                    view! { <p class="empty">{move || text(Key::Outcome(OutcomeKey::CheckInsEmpty))}</p> }.into_any()
                } else {
                    view! {
                        <ul class="check-in-list">
                            {due.into_iter().map(|check_in| {
                                let who = if show_startup { name_of(&check_in.startup) } else { name_of(&check_in.investor) };
                                let when = text(Key::Outcome(OutcomeKey::CheckInAfter))
                                    .replace("{days}", &check_in.after_days.to_string());
                                view! {
                                    <li class="check-in">
                                        <strong>{who}</strong>" · "{when}" · "
                                        <span class="nowrap">{check_in.due.format("%Y-%m-%d").to_string()}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}
