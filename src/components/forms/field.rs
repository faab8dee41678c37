//! The one form field every form uses: a label tied to its control (`for`), an optional hint
//! (`{id}-hint`) and an optional field-level message (`{id}-message`, `role="alert"`), with the
//! control told about both (`aria-describedby`, hint first, the message while there is one) and
//! whether it is invalid (`aria-invalid`). [`Field`] takes any control as its children and hands
//! it these ids as a [`FieldWiring`]; [`TextField`] and [`NumberField`] are the common inputs
//! built on it.

use crate::i18n::Key;
use crate::state::language::use_text;
use leptos::prelude::*;

/// The ids and states a field's control carries, handed to it by [`Field`].
#[derive(Debug, Clone, Copy)]
pub struct FieldWiring {
    id: StoredValue<String>,
    described_by: Signal<Option<String>>,
    invalid: Option<Signal<bool>>,
}

impl FieldWiring {
    /// The control's id (the label's `for`).
    pub fn id(&self) -> String {
        self.id.get_value()
    }

    /// For `aria-describedby`: the hint, then the message while it is shown (no attribute when
    /// there is neither).
    pub fn described_by(&self) -> impl Fn() -> Option<String> + Copy + Send + Sync + 'static {
        let described_by = self.described_by;
        move || described_by.get()
    }

    /// For `aria-invalid`: "true" while a message is shown, "false" otherwise; no attribute on a
    /// field that never has a message.
    pub fn invalid(&self) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
        let invalid = self.invalid;
        move || invalid.map(|invalid| if invalid.get() { "true" } else { "false" })
    }
}

/// A labelled control with its hint and field-level message, wired for screen readers. The
/// control is the children, written with `let:field` and given `id=field.id()`,
/// `aria-describedby=field.described_by()` and `aria-invalid=field.invalid()`.
#[component]
pub fn Field<C, V>(
    /// The control's id; its hint is `{id}-hint` and its message `{id}-message`.
    #[prop(into)]
    id: String,
    label: Key,
    /// Words after the label (e.g. "(in English)").
    #[prop(optional)]
    label_suffix: Option<Key>,
    #[prop(optional)] hint: Option<Key>,
    /// Marks the label (the control carries `required` itself, which screen readers announce).
    #[prop(optional)]
    required: bool,
    /// The message to show now, if any (already translated). A field without one has no
    /// message element.
    #[prop(optional, into)]
    message: Option<Signal<Option<String>>>,
    /// Another element that describes the control too, listed after the hint and the message.
    #[prop(optional)]
    also_described_by: Option<&'static str>,
    children: C,
) -> impl IntoView
where
    C: Fn(FieldWiring) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let text = use_text();
    let hint_id = format!("{id}-hint");
    let message_id = format!("{id}-message");
    let shown = move || message.is_some_and(|message| message.with(Option::is_some));
    let described_by = {
        let (hint_id, message_id) = (hint_id.clone(), message_id.clone());
        Signal::derive(move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if shown() {
                ids.push(message_id.clone());
            }
            ids.extend(also_described_by.map(str::to_owned));
            (!ids.is_empty()).then(|| ids.join(" "))
        })
    };
    let wiring = FieldWiring {
        id: StoredValue::new(id.clone()),
        described_by,
        invalid: message.map(|_| Signal::derive(shown)),
    };
    view! {
        <div class="field" class:field-invalid=shown>
            <label for=id>
                {move || text(label)}
                {move || label_suffix.map(text)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{move || text(hint)}</p> })}
            {children(wiring)}
            {message.map(|message| view! {
                <p class="field-message" id=message_id role="alert">{move || message.get()}</p>
            })}
        </div>
    }
}

/// A labelled text input bound to a signal, with its message (shown by the caller's rules, e.g.
/// once the person has left it).
#[component]
pub fn TextField(
    /// The input's id; also the key of its messages.
    #[prop(into)]
    id: String,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] required: bool,
    value: RwSignal<String>,
    /// The message to show now, if any (already translated).
    #[prop(into)]
    message: Signal<Option<String>>,
    /// Called when the person leaves the field, so messages appear after a first try.
    #[prop(optional)]
    on_leave: Option<Callback<()>>,
) -> impl IntoView {
    let name = id.clone();
    view! {
        <Field id label nostrip:hint=hint required message let:field>
            <input
                id=field.id()
                name=name.clone()
                type=input_type
                required=required
                aria-invalid=field.invalid()
                aria-describedby=field.described_by()
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                on:blur=move |_| {
                    if let Some(on_leave) = on_leave {
                        on_leave.run(())
                    }
                }
            />
        </Field>
    }
}

/// A labelled number input: shows `get`, and hands what the person typed to `set` once they
/// leave it (`change`).
#[component]
pub fn NumberField(
    #[prop(into)] id: String,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(into)] get: Signal<String>,
    set: Callback<String>,
    /// The message to show now, if any (already translated).
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <Field id label nostrip:hint=hint message let:field>
            <input id=field.id() type="number" inputmode="numeric" placeholder=placeholder
                aria-invalid=field.invalid() aria-describedby=field.described_by()
                prop:value=move || get.get()
                on:change=move |event| set.run(event_target_value(&event))/>
        </Field>
    }
}
