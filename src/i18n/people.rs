//! Sentences about the event's people that carry numbers, lines or names: the roster import's
//! problems by line, and what removing startups or investors takes with it.

use super::lang::Lang;
use super::problems::problem_message;
use roadshow_core::problem::ProblemCode;

/// A roster CSV column as the organizer reads it: the column's own name and what it holds.
fn column_label(column: &str, lang: Lang) -> String {
    let (shown, ko, en) = match column {
        "firm" => ("firm", "회사", "firm"),
        "firm_en" => ("firm_en", "영문 회사명", "English firm name"),
        "person" => ("person", "담당자", "person"),
        "type" => ("type", "투자사 유형", "investor type"),
        "fields" => ("fields", "관심 분야", "fields"),
        "stages" => ("stages", "투자 단계", "stages"),
        "regions" => ("regions", "지역", "regions"),
        "ticket_min" => ("ticket_min", "최소 투자액", "smallest ticket"),
        "ticket_max" => ("ticket_max", "최대 투자액", "largest ticket"),
        "ticket" => ("ticket_min·ticket_max", "투자 금액 범위", "ticket range"),
        "capacity" => ("capacity", "미팅 수", "meetings"),
        "contact" => ("contact", "연락처", "contact"),
        "tracks" => ("tracks", "심사 트랙", "tracks judged"),
        _ => ("", "입력값", "value"),
    };
    match (lang, shown.is_empty()) {
        (Lang::Ko, false) => format!("{shown}({ko})"),
        (Lang::Ko, true) => ko.to_owned(),
        (Lang::En, false) => format!("{shown} ({en})"),
        (Lang::En, true) => en.to_owned(),
    }
}

/// 은 or 는 after `word`, by whether its last Hangul syllable ends in a consonant.
fn topic_particle(word: &str) -> &'static str {
    let last = word
        .chars()
        .rev()
        .find(|c| ('\u{AC00}'..='\u{D7A3}').contains(c));
    match last {
        Some(syllable) if !(syllable as u32 - 0xAC00).is_multiple_of(28) => "은",
        _ => "는",
    }
}

/// A problem code's sentence without its final full stop ("음수일 수 없습니다").
fn predicate(code: Option<ProblemCode>, lang: Lang) -> String {
    match code {
        Some(code) => problem_message(code, lang).trim_end_matches('.').to_owned(),
        None => match lang {
            Lang::Ko => "올바르지 않습니다".to_owned(),
            Lang::En => "This is not valid".to_owned(),
        },
    }
}

/// "3행: capacity(미팅 수)는 음수일 수 없습니다" — a column's value on a line was refused.
pub fn roster_column_problem(
    lang: Lang,
    line: u64,
    column: &str,
    code: Option<ProblemCode>,
) -> String {
    let label = column_label(column, lang);
    match lang {
        Lang::Ko => format!(
            "{line}행: {label}{} {}",
            topic_particle(&label),
            predicate(code, lang)
        ),
        Lang::En => format!(
            "line {line}, {label}: {}",
            predicate(code, lang).to_lowercase()
        ),
    }
}

/// A line refused for something no CSV column holds.
pub fn roster_line_problem(lang: Lang, line: u64, code: Option<ProblemCode>) -> String {
    match lang {
        Lang::Ko => format!("{line}행: 값이 {}", predicate(code, lang)),
        Lang::En => format!("line {line}: {}", predicate(code, lang).to_lowercase()),
    }
}

/// The line is the same person as an earlier line of the file.
pub fn roster_same_as(lang: Lang, line: u64, first: u64) -> String {
    match lang {
        Lang::Ko => format!("{line}행: {first}행과 같은 투자자입니다 (회사와 담당자가 같음)"),
        Lang::En => {
            format!("line {line}: the same investor as line {first} (same firm and person)")
        }
    }
}

/// "3행 → 한빛벤처스 · 김하늘": a line that is an investor the event already has.
pub fn roster_existing(lang: Lang, line: u64, name: Option<&str>) -> String {
    match (lang, name) {
        (Lang::Ko, Some(name)) => format!("{line}행 → {name}"),
        (Lang::Ko, None) => format!("{line}행 → 이미 등록된 투자자"),
        (Lang::En, Some(name)) => format!("line {line} → {name}"),
        (Lang::En, None) => format!("line {line} → an investor already in this event"),
    }
}

/// About the roster as a whole.
pub fn roster_whole_problem(lang: Lang, code: Option<ProblemCode>) -> String {
    match (lang, code) {
        (Lang::Ko, Some(ProblemCode::OutOfRange)) => {
            "명단은 한 번에 1명에서 2,000명까지 가져올 수 있습니다".to_owned()
        }
        (Lang::En, Some(ProblemCode::OutOfRange)) => {
            "A roster holds from 1 to 2,000 investors at a time".to_owned()
        }
        (Lang::Ko, code) => format!("명단: {}", predicate(code, lang)),
        (Lang::En, code) => format!("roster: {}", predicate(code, lang).to_lowercase()),
    }
}

/// What a stored roster did: added, updated, skipped.
pub fn roster_receipt(lang: Lang, created: usize, updated: usize, skipped: usize) -> String {
    let mut parts = Vec::new();
    match lang {
        Lang::Ko => {
            parts.push(format!("투자자 {created}명을 추가했습니다."));
            if updated > 0 {
                parts.push(format!("기존 투자자 {updated}명의 정보를 갱신했습니다."));
            }
            if skipped > 0 {
                parts.push(format!("이미 있던 투자자 {skipped}명은 건너뛰었습니다."));
            }
        }
        Lang::En => {
            parts.push(format!(
                "Added {created} {}.",
                plural(created as i64, "investor", "investors")
            ));
            if updated > 0 {
                parts.push(format!(
                    "Updated {updated} existing {}.",
                    plural(updated as i64, "investor", "investors")
                ));
            }
            if skipped > 0 {
                parts.push(format!("Skipped {skipped} already in the event."));
            }
        }
    }
    parts.join(" ")
}

fn plural(count: i64, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 {
        one
    } else {
        many
    }
}

/// "점수 6개, 관심·코멘트 1개, 미팅 1개": what goes with a removal.
pub fn removal_counts(lang: Lang, scores: i64, verdicts: i64, meetings: i64) -> String {
    match lang {
        Lang::Ko => format!("점수 {scores}개, 관심·코멘트 {verdicts}개, 미팅 {meetings}개"),
        Lang::En => format!(
            "{scores} {}, {verdicts} {}, {meetings} {}",
            plural(scores, "score", "scores"),
            plural(
                verdicts,
                "interest mark or comment",
                "interest marks or comments"
            ),
            plural(meetings, "meeting", "meetings")
        ),
    }
}

/// The question before removing `who` (a name, or "3 startups"), stating what goes with it and
/// that other startups' normalized totals may move.
pub fn removal_question(lang: Lang, who: &str, counts: &str) -> String {
    match lang {
        Lang::Ko => format!(
            "{who} 삭제: {counts}가 함께 삭제되고 링크도 취소됩니다. \
             다른 기업의 보정 점수 합계와 순위가 바뀔 수 있습니다. 되돌릴 수 없습니다. 삭제할까요?"
        ),
        Lang::En => format!(
            "Remove {who}: {counts} go with it, and the link is revoked. \
             Other startups' normalized totals and ranks may move. This cannot be undone. Remove?"
        ),
    }
}

/// What a removal took with it, as the server reported.
pub fn removal_done(lang: Lang, who: &str, counts: &str) -> String {
    match lang {
        Lang::Ko => format!("삭제 완료: {who} — 함께 삭제된 것: {counts}."),
        Lang::En => format!("Removed {who}, with {counts}."),
    }
}

/// "3개 기업" / "3 startups": the subject of a bulk removal.
pub fn startups_counted(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Ko => format!("선택한 기업 {count}곳"),
        Lang::En => format!(
            "{count} selected {}",
            plural(count as i64, "startup", "startups")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_problems_read_as_korean_sentences() {
        assert_eq!(
            roster_column_problem(Lang::Ko, 3, "capacity", Some(ProblemCode::Negative)),
            "3행: capacity(미팅 수)는 음수일 수 없습니다"
        );
        assert_eq!(
            roster_column_problem(Lang::Ko, 4, "regions", Some(ProblemCode::TooLong)),
            "4행: regions(지역)은 너무 깁니다"
        );
        assert_eq!(
            roster_column_problem(Lang::Ko, 5, "ticket", Some(ProblemCode::MinOverMax)),
            "5행: ticket_min·ticket_max(투자 금액 범위)는 최솟값이 최댓값보다 큽니다"
        );
        assert_eq!(
            roster_column_problem(Lang::En, 3, "capacity", Some(ProblemCode::Negative)),
            "line 3, capacity (meetings): this cannot be negative"
        );
        assert_eq!(
            roster_same_as(Lang::Ko, 6, 2),
            "6행: 2행과 같은 투자자입니다 (회사와 담당자가 같음)"
        );
    }

    #[test]
    fn removal_sentences_carry_the_counts() {
        assert_eq!(
            removal_counts(Lang::Ko, 6, 1, 0),
            "점수 6개, 관심·코멘트 1개, 미팅 0개"
        );
        assert_eq!(
            removal_counts(Lang::En, 1, 2, 0),
            "1 score, 2 interest marks or comments, 0 meetings"
        );
    }
}
