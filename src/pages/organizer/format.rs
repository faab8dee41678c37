//! How the console's tabs write scores, criteria and phases: shared by the leaderboard, a
//! startup's detail, the judges and setup, and depending on none of them.

use crate::i18n::{Key, Lang};
use roadshow_core::model::Phase;

/// A mean or total with two decimals, or a dash when there is none.
pub(crate) fn format_score(value: Option<f64>) -> String {
    value
        .map(|value| format!("{value:.2}"))
        .unwrap_or_else(|| "–".to_owned())
}

/// The flag of a startup that still needs scores.
pub(crate) fn needs_more(lang: Lang, count: u32) -> String {
    match lang {
        Lang::Ko => format!("점수 {count}개 더 필요"),
        Lang::En if count == 1 => "needs 1 more score".to_owned(),
        Lang::En => format!("needs {count} more scores"),
    }
}

/// A criterion's label in `lang` (the other language's when that one is missing), else its key.
pub(crate) fn criterion_label(
    lang: Lang,
    ko: &Option<String>,
    en: &Option<String>,
    key: &str,
) -> String {
    crate::names::in_language(ko.as_deref(), en.as_deref(), lang)
        .unwrap_or(key)
        .to_owned()
}

pub(crate) fn phase_label(phase: Phase) -> Key {
    match phase {
        Phase::Draft => Key::PhaseDraft,
        Phase::Registration => Key::PhaseRegistration,
        Phase::Scoring => Key::PhaseScoring,
        Phase::ScoringClosed => Key::PhaseScoringClosed,
        Phase::ResultsPublished => Key::PhaseResultsPublished,
    }
}

/// The floor certificate of definitions §7.3 in plain words: "스타트업 N곳이 최소 k회 미팅하려면
/// 합계 need회가 필요하지만, …". `total_cap` is set when the shortage is the slots × tables cap.
pub fn floor_certificate_sentence(
    lang: Lang,
    startups: usize,
    floor: u32,
    need: u64,
    supply: u64,
    total_cap: Option<u32>,
) -> String {
    match (lang, total_cap) {
        (Lang::Ko, None) => format!(
            "스타트업 {startups}곳이 최소 {floor}회 미팅하려면 합계 {need}회가 필요하지만, 이들과 만날 수 있는 투자자들의 여력은 {supply}회뿐입니다."
        ),
        (Lang::Ko, Some(cap)) => format!(
            "스타트업 {startups}곳이 최소 {floor}회 미팅하려면 합계 {need}회가 필요하지만, 슬롯 × 테이블로 열 수 있는 미팅은 {cap}회뿐입니다."
        ),
        (Lang::En, None) => format!(
            "For {startups} startups to have at least {floor} meetings each, {need} meetings are needed in all, but the investors who can meet them can give only {supply}."
        ),
        (Lang::En, Some(cap)) => format!(
            "For {startups} startups to have at least {floor} meetings each, {need} meetings are needed in all, but slots × tables allow only {cap}."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_labels_fall_back_to_the_other_language_then_the_key() {
        let (ko, en) = (Some("사업성".to_owned()), Some("Viability".to_owned()));
        assert_eq!(
            criterion_label(Lang::En, &ko, &en, "viability"),
            "Viability"
        );
        assert_eq!(criterion_label(Lang::En, &ko, &None, "viability"), "사업성");
        assert_eq!(
            criterion_label(Lang::Ko, &None, &None, "viability"),
            "viability"
        );
        assert_eq!(format_score(Some(3.456)), "3.46");
        assert_eq!(format_score(None), "–");
        assert_eq!(needs_more(Lang::En, 1), "needs 1 more score");
    }

    #[test]
    fn the_floor_certificate_reads_as_a_sentence_korean_first() {
        assert_eq!(
            floor_certificate_sentence(Lang::Ko, 8, 3, 23, 20, None),
            "스타트업 8곳이 최소 3회 미팅하려면 합계 23회가 필요하지만, 이들과 만날 수 있는 투자자들의 여력은 20회뿐입니다."
        );
        assert!(
            floor_certificate_sentence(Lang::Ko, 8, 7, 56, 60, Some(48)).ends_with("48회뿐입니다.")
        );
        assert!(
            floor_certificate_sentence(Lang::En, 8, 3, 23, 20, None).starts_with("For 8 startups")
        );
    }
}
