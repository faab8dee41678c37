//! One criterion of the scoring rubric in the settings form: key, labels, weight and anchors.

use crate::components::forms::Field;
use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use leptos::prelude::*;
use roadshow_core::model::{Criterion, Event};

#[component]
pub(super) fn CriterionFields(
    index: usize,
    draft: RwSignal<Event>,
    error_at: impl Fn(String) -> Signal<Option<String>> + Copy + 'static,
) -> impl IntoView {
    let text = use_text();
    let field = move |suffix: &'static str,
                      label: OrgKey,
                      read: fn(&Criterion) -> String,
                      write: fn(&mut Criterion, String)| {
        let id = format!("criterion-{index}-{suffix}");
        let message = error_at(format!("settings.criteria[{index}].{suffix}"));
        view! {
            <Field id label=Key::Org(label) message let:field>
                <input id=field.id() type="text"
                    aria-invalid=field.invalid() aria-describedby=field.described_by()
                    prop:value=move || draft.with(|d| d.criteria.get(index).map(read).unwrap_or_default())
                    on:change=move |event| { let value = event_target_value(&event); draft.update(|d| if let Some(c) = d.criteria.get_mut(index) { write(c, value) }); }/>
            </Field>
        }
    };
    fn anchors(criterion: &mut Criterion) -> &mut roadshow_core::model::Anchors {
        criterion.anchors.get_or_insert_with(Default::default)
    }
    fn text_of(value: &Option<String>) -> String {
        value.clone().unwrap_or_default()
    }
    fn optional(value: String) -> Option<String> {
        Some(value.trim().to_owned()).filter(|value| !value.is_empty())
    }
    view! {
        <div class="criterion" role="group" aria-label=move || format!("{} {}", text(Key::Org(OrgKey::Criteria)), index + 1)>
            {field("key", OrgKey::CriterionKey, |c| c.key.clone(), |c, v| c.key = v.trim().to_owned())}
            {field("label_ko", OrgKey::LabelKo, |c| text_of(&c.label_ko), |c, v| c.label_ko = optional(v))}
            {field("label_en", OrgKey::LabelEn, |c| text_of(&c.label_en), |c, v| c.label_en = optional(v))}
            {field("weight", OrgKey::Weight, |c| c.weight.to_string(), |c, v| if let Ok(w) = v.parse() { c.weight = w })}
            {field("anchors.low_ko", OrgKey::AnchorLowKo, |c| c.anchors.as_ref().map(|a| text_of(&a.low_ko)).unwrap_or_default(), |c, v| anchors(c).low_ko = optional(v))}
            {field("anchors.low_en", OrgKey::AnchorLowEn, |c| c.anchors.as_ref().map(|a| text_of(&a.low_en)).unwrap_or_default(), |c, v| anchors(c).low_en = optional(v))}
            {field("anchors.mid_ko", OrgKey::AnchorMidKo, |c| c.anchors.as_ref().map(|a| text_of(&a.mid_ko)).unwrap_or_default(), |c, v| anchors(c).mid_ko = optional(v))}
            {field("anchors.mid_en", OrgKey::AnchorMidEn, |c| c.anchors.as_ref().map(|a| text_of(&a.mid_en)).unwrap_or_default(), |c, v| anchors(c).mid_en = optional(v))}
            {field("anchors.high_ko", OrgKey::AnchorHighKo, |c| c.anchors.as_ref().map(|a| text_of(&a.high_ko)).unwrap_or_default(), |c, v| anchors(c).high_ko = optional(v))}
            {field("anchors.high_en", OrgKey::AnchorHighEn, |c| c.anchors.as_ref().map(|a| text_of(&a.high_en)).unwrap_or_default(), |c, v| anchors(c).high_en = optional(v))}
            <button type="button" class="danger" on:click=move |_| draft.update(|d| { if index < d.criteria.len() { d.criteria.remove(index); } })>
                {move || text(Key::Org(OrgKey::RemoveCriterion))}
            </button>
        </div>
    }
}
