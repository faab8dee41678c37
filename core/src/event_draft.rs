//! The organizer's "create a roadshow event" form, validated by the same function in the browser
//! (as the organizer types) and on the server (before anything is stored).

use crate::problem::{Problem, ProblemCode};
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use serde::{Deserialize, Serialize};

pub const NAME_MAX_CHARS: usize = 120;
pub const VENUE_MAX_CHARS: usize = 200;

/// Korea Standard Time, the zone every roadshow runs in (no daylight saving).
pub fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The form as typed: text fields, times either RFC 3339 or a `datetime-local` value
/// (`2026-12-10T10:00`), which is read as KST.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDraft {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
}

/// A draft that passed validation: trimmed text (the name also in NFC), times in KST.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidEventDraft {
    pub name: String,
    pub venue: String,
    pub starts_at: DateTime<FixedOffset>,
    pub ends_at: DateTime<FixedOffset>,
}

impl EventDraft {
    /// Checks every field and returns all problems at once, each with its field name as path.
    pub fn validate(&self) -> Result<ValidEventDraft, Vec<Problem>> {
        let mut problems = Vec::new();
        // Trimmed and NFC; control characters, bidirectional formatting and names with nothing
        // visible are refused (crate::text).
        let name = crate::text::name_field("name", &self.name, NAME_MAX_CHARS, true)
            .unwrap_or_else(|problem| {
                problems.push(problem);
                None
            });
        let venue = self.venue.trim();
        if venue.chars().count() > VENUE_MAX_CHARS {
            problems.push(too_long("venue", VENUE_MAX_CHARS));
        }
        let starts_at = parse_field("starts_at", &self.starts_at, &mut problems);
        let ends_at = parse_field("ends_at", &self.ends_at, &mut problems);
        if let (Some(start), Some(end)) = (starts_at, ends_at) {
            if end <= start {
                problems.push(
                    Problem::new("ends_at", ProblemCode::EndBeforeStart)
                        .with_detail("the event must end after it starts"),
                );
            }
        }
        match (name, starts_at, ends_at) {
            (Some(name), Some(starts_at), Some(ends_at)) if problems.is_empty() => {
                Ok(ValidEventDraft {
                    name,
                    venue: venue.to_owned(),
                    starts_at,
                    ends_at,
                })
            }
            _ => Err(problems),
        }
    }
}

fn too_long(path: &str, limit: usize) -> Problem {
    Problem::new(path, ProblemCode::TooLong).with_detail(format!("at most {limit} characters"))
}

fn parse_field(
    path: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<DateTime<FixedOffset>> {
    let text = text.trim();
    if text.is_empty() {
        problems.push(Problem::new(path, ProblemCode::Required));
        return None;
    }
    let parsed = parse_kst(text);
    if parsed.is_none() {
        problems.push(
            Problem::new(path, ProblemCode::InvalidFormat)
                .with_detail("expected a date and time such as 2026-12-10T10:00"),
        );
    }
    parsed
}

/// Reads RFC 3339, or a zone-less `YYYY-MM-DDTHH:MM[:SS]` (also with a space) as KST; the
/// result is shown in KST. Parsed by hand rather than with chrono's format strings: this runs
/// in the browser, where the strftime machinery costs bundle size.
pub fn parse_kst(text: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Some(with_offset.with_timezone(&kst()));
    }
    parse_local(text)?.and_local_timezone(kst()).single()
}

fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let (date, time) = text.split_once(['T', ' '])?;
    let mut date_parts = date.split('-');
    let year: i32 = number(date_parts.next()?, 4)?;
    let month: u32 = number(date_parts.next()?, 2)?;
    let day: u32 = number(date_parts.next()?, 2)?;
    let mut time_parts = time.split(':');
    let hour: u32 = number(time_parts.next()?, 2)?;
    let minute: u32 = number(time_parts.next()?, 2)?;
    let second: u32 = match time_parts.next() {
        Some(second) => number(second, 2)?,
        None => 0,
    };
    if date_parts.next().is_some() || time_parts.next().is_some() {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, second)
}

/// Exactly `digits` ASCII digits.
fn number<T: std::str::FromStr>(text: &str, digits: usize) -> Option<T> {
    (text.len() == digits && text.bytes().all(|byte| byte.is_ascii_digit()))
        .then(|| text.parse().ok())?
}

/// `2026-12-10 10:00 KST`: how the app shows a time.
pub fn display_kst(time: &DateTime<FixedOffset>) -> String {
    use chrono::{Datelike, Timelike};
    let local = time.with_timezone(&kst());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} KST",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// The three criteria of the ministry's roadshows (기술혁신성, 사업성, 시장성), equally weighted,
/// with anchors so every judge reads 1, 5 and 10 the same way.
pub fn default_criteria() -> Vec<crate::model::Criterion> {
    use crate::model::{Anchors, Criterion};
    let criterion = |key: &str, ko: &str, en: &str, anchors: [&str; 6]| Criterion {
        key: key.to_owned(),
        weight: 1.0,
        label_ko: Some(ko.to_owned()),
        label_en: Some(en.to_owned()),
        anchors: Some(Anchors {
            low_ko: Some(anchors[0].to_owned()),
            low_en: Some(anchors[1].to_owned()),
            mid_ko: Some(anchors[2].to_owned()),
            mid_en: Some(anchors[3].to_owned()),
            high_ko: Some(anchors[4].to_owned()),
            high_en: Some(anchors[5].to_owned()),
        }),
    };
    vec![
        criterion(
            "innovation",
            "기술혁신성",
            "Technological innovation",
            [
                "기존 기술과 차이가 거의 없음",
                "Little beyond existing technology",
                "의미 있는 개선, 일부 검증",
                "A meaningful improvement, partly proven",
                "새로운 기술, 실증으로 검증됨",
                "New technology, proven in demonstration",
            ],
        ),
        criterion(
            "viability",
            "사업성",
            "Business viability",
            [
                "수익 모델이 불분명함",
                "No clear way to earn money",
                "수익 모델은 있으나 검증 중",
                "A revenue model still being tested",
                "매출·계약으로 검증된 모델",
                "A model proven by revenue or contracts",
            ],
        ),
        criterion(
            "market",
            "시장성",
            "Market potential",
            [
                "시장이 작거나 불분명함",
                "A small or unclear market",
                "성장하는 국내 시장",
                "A growing domestic market",
                "크고 빠르게 성장하는 시장, 해외 확장 가능",
                "A large, fast-growing market with room abroad",
            ],
        ),
    ]
}

impl ValidEventDraft {
    /// A new event with the product's defaults (three criteria, 1–10 scale, reveal after the
    /// organizer's say-so, three judges per pitch, default match and meeting settings).
    pub fn into_event(self, id: &str) -> crate::model::Event {
        crate::model::Event {
            id: id.to_owned(),
            name: self.name,
            name_en: None,
            venue: (!self.venue.is_empty()).then_some(self.venue),
            venue_en: None,
            starts_at: Some(self.starts_at),
            ends_at: Some(self.ends_at),
            phase: Some(crate::model::Phase::Draft),
            scale: crate::model::Scale::default(),
            criteria: default_criteria(),
            reveal: Some(crate::model::RevealMode::default()),
            min_judges: 3,
            match_settings: crate::model::MatchSettings::default(),
            meetings: crate::model::MeetingSettings::default(),
            registration_limit: None,
            scores_revealed: None,
            meetings_published: None,
            registration_closes_at: None,
            rounds: Vec::new(),
            final_total: None,
            retention_until: None,
            program: None,
            extra: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, venue: &str, starts: &str, ends: &str) -> EventDraft {
        EventDraft {
            name: name.into(),
            venue: venue.into(),
            starts_at: starts.into(),
            ends_at: ends.into(),
        }
    }

    /// Each case: a draft and the (path, code) pairs its validation must report, in order.
    fn check(input: EventDraft, expected: &[(&str, ProblemCode)]) {
        let got: Vec<(String, ProblemCode)> = match input.validate() {
            Ok(_) => vec![],
            Err(problems) => problems.into_iter().map(|p| (p.path, p.code)).collect(),
        };
        let expected: Vec<(String, ProblemCode)> =
            expected.iter().map(|(p, c)| (p.to_string(), *c)).collect();
        assert_eq!(got, expected, "for {input:?}");
    }

    #[test]
    fn validation_cases() {
        use ProblemCode::*;
        let ok_start = "2026-12-10T10:00";
        let ok_end = "2026-12-10T15:00";
        check(draft("Roadshow", "Sky Hall", ok_start, ok_end), &[]);
        check(
            draft("로드쇼", "", ok_start, "2026-12-10T15:00:00+09:00"),
            &[],
        );
        check(draft("", "Hall", ok_start, ok_end), &[("name", Required)]);
        check(
            draft("   ", "Hall", ok_start, ok_end),
            &[("name", Required)],
        );
        check(
            draft(&"가".repeat(121), "", ok_start, ok_end),
            &[("name", TooLong)],
        );
        check(draft(&"가".repeat(120), "", ok_start, ok_end), &[]);
        check(
            draft("Road\u{0}show", "", ok_start, ok_end),
            &[("name", InvalidFormat)],
        );
        check(
            draft("Safe\u{202E}gnp.exe", "", ok_start, ok_end),
            &[("name", InvalidFormat)],
        );
        check(
            draft("Road\nshow", "", ok_start, ok_end),
            &[("name", InvalidFormat)],
        );
        check(
            draft("\u{200B}\u{200B}\u{200B}", "", ok_start, ok_end),
            &[("name", Required)],
        );
        check(
            draft("\u{2060}\u{FEFF}", "", "", ""),
            &[
                ("name", Required),
                ("starts_at", Required),
                ("ends_at", Required),
            ],
        );
        check(
            draft("R", &"v".repeat(201), ok_start, ok_end),
            &[("venue", TooLong)],
        );
        check(
            draft("R", "", ok_end, ok_start),
            &[("ends_at", EndBeforeStart)],
        );
        check(
            draft("R", "", ok_start, ok_start),
            &[("ends_at", EndBeforeStart)],
        );
        check(
            draft("R", "", "", ""),
            &[("starts_at", Required), ("ends_at", Required)],
        );
        check(
            draft("R", "", "tomorrow", ok_end),
            &[("starts_at", InvalidFormat)],
        );
        check(
            draft("", &"v".repeat(201), "2026-13-01T10:00", ok_end),
            &[
                ("name", Required),
                ("venue", TooLong),
                ("starts_at", InvalidFormat),
            ],
        );
    }

    #[test]
    fn local_times_parse_strictly() {
        assert_eq!(
            parse_kst("2026-12-10 10:05").unwrap().to_rfc3339(),
            "2026-12-10T10:05:00+09:00"
        );
        assert_eq!(
            parse_kst("2026-12-10T10:05:30").unwrap().to_rfc3339(),
            "2026-12-10T10:05:30+09:00"
        );
        for bad in [
            "2026-12-10",
            "2026-12-10T1:00",
            "2026-02-30T10:00",
            "2026-12-10T24:00",
            "2026-12-10T10:00:00:00",
            "x",
        ] {
            assert_eq!(parse_kst(bad), None, "{bad}");
        }
        assert_eq!(
            display_kst(&parse_kst("2026-12-10T01:00:00Z").unwrap()),
            "2026-12-10 10:00 KST"
        );
    }

    #[test]
    fn zone_less_times_are_kst_and_offsets_are_converted_to_kst() {
        let local = parse_kst("2026-12-10T10:00").unwrap();
        assert_eq!(local.to_rfc3339(), "2026-12-10T10:00:00+09:00");
        let utc = parse_kst("2026-12-10T01:00:00Z").unwrap();
        assert_eq!(utc.to_rfc3339(), "2026-12-10T10:00:00+09:00");
    }

    #[test]
    fn valid_draft_is_trimmed() {
        let valid = draft(
            "  Roadshow ",
            " Hall ",
            "2026-12-10T10:00",
            "2026-12-10T15:00",
        )
        .validate()
        .unwrap();
        assert_eq!(valid.name, "Roadshow");
        assert_eq!(valid.venue, "Hall");
    }

    #[test]
    fn valid_draft_stores_the_name_in_nfc() {
        // 로드쇼 typed as decomposed jamo (as some keyboards and macOS file names send it).
        let decomposed = "\u{1105}\u{1169}\u{1103}\u{1173}\u{1109}\u{116D}";
        let valid = draft(
            &format!(" {decomposed} "),
            "",
            "2026-12-10T10:00",
            "2026-12-10T15:00",
        )
        .validate()
        .unwrap();
        assert_eq!(valid.name, "\u{B85C}\u{B4DC}\u{C1FC}");
        assert_eq!(valid.name, "로드쇼");
        // 120 syllables typed as 360 jamo fit the 120-character limit.
        let long = "\u{1112}\u{1161}\u{11AB}".repeat(NAME_MAX_CHARS);
        let valid = draft(&long, "", "2026-12-10T10:00", "2026-12-10T15:00")
            .validate()
            .unwrap();
        assert_eq!(valid.name, "한".repeat(NAME_MAX_CHARS));
    }
}
