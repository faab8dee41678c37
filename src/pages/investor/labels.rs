//! Names and labels the investor's views share, in the chosen language.

use crate::api::Pitch;
use crate::i18n::Lang;
use roadshow_core::model::Criterion;

pub(super) fn display_name(
    startup: &Pitch,
    language: crate::state::language::Language,
) -> impl Fn() -> String + use<> {
    let ko = startup.name.clone();
    let en = startup.name_en.clone();
    move || crate::names::pick(&ko, en.as_deref(), language.get())
}

pub(super) fn one_liner(
    startup: &Pitch,
    language: crate::state::language::Language,
) -> impl Fn() -> String + use<> {
    let ko = startup.pitch_ko.clone();
    let en = startup.pitch_en.clone();
    move || {
        crate::names::in_language(ko.as_deref(), en.as_deref(), language.get())
            .unwrap_or_default()
            .to_owned()
    }
}

pub(super) fn criterion_label(criterion: &Criterion, lang: Lang) -> String {
    crate::names::in_language(
        criterion.label_ko.as_deref(),
        criterion.label_en.as_deref(),
        lang,
    )
    .unwrap_or(&criterion.key)
    .to_owned()
}
