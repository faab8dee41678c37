use crate::i18n::Key;
use crate::state::language::use_text;
use leptos::prelude::*;

/// A labelled input with its hint and its field-level message, wired for screen readers
/// (`aria-invalid`, `aria-describedby`).
#[component]
pub fn TextField(
    /// The input's id; also the key of its messages.
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    value: RwSignal<String>,
    /// The message to show now, if any (already translated).
    #[prop(into)]
    message: Signal<Option<&'static str>>,
    /// Called when the person leaves the field, so messages appear after a first try.
    on_leave: Callback<()>,
) -> impl IntoView {
    let text = use_text();
    let message_id = format!("{id}-message");
    let hint_id = format!("{id}-hint");
    let described_by = {
        let message_id = message_id.clone();
        let hint_id = hint_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message.get().is_some() {
                ids.push(message_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field-invalid=move || message.get().is_some()>
            <label for=id>
                {move || text(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || text(hint)}</p> })}
            <input
                id=id
                name=id
                type=input_type
                required=required
                aria-invalid=move || if message.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:blur=move |_| on_leave.run(())
            />
            <p class="field-message" id=message_id role="alert">
                {move || message.get()}
            </p>
        </div>
    }
}
