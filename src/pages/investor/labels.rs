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
    move || match language.get() {
        Lang::En => en.clone().unwrap_or_else(|| ko.clone()),
        Lang::Ko => ko.clone(),
    }
}

pub(super) fn one_liner(
    startup: &Pitch,
    language: crate::state::language::Language,
) -> impl Fn() -> String + use<> {
    let ko = startup.pitch_ko.clone();
    let en = startup.pitch_en.clone();
    move || match language.get() {
        Lang::En => en.clone().or_else(|| ko.clone()).unwrap_or_default(),
        Lang::Ko => ko.clone().or_else(|| en.clone()).unwrap_or_default(),
    }
}

pub(super) fn criterion_label(criterion: &Criterion, lang: Lang) -> String {
    match lang {
        Lang::Ko => criterion
            .label_ko
            .clone()
            .or_else(|| criterion.label_en.clone()),
        Lang::En => criterion
            .label_en
            .clone()
            .or_else(|| criterion.label_ko.clone()),
    }
    .unwrap_or_else(|| criterion.key.clone())
}
