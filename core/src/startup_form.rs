//! The startup's profile form, checked by the same rules in the browser (as the founder types)
//! and on the server (before anything is stored). A draft needs only a company name; a published
//! profile needs what an investor must know to score the pitch.

use crate::event_draft::NAME_MAX_CHARS;
use crate::model::{Consent, ProfileStatus, Stage, Startup, CONSENT_VERSION};
use crate::problem::{Problem, ProblemCode};
use crate::validate::{ID_MAX_CHARS, LONG_TEXT_MAX_CHARS, PITCH_MAX_CHARS, SHORT_TEXT_MAX_CHARS};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The largest ask the form accepts: 1조 원 (a typo guard, far above any roadshow ticket).
pub const ASK_MAX_KRW: i64 = 1_000_000_000_000;
/// Headcount and meeting capacity above these are typos, not companies.
pub const HEADCOUNT_MAX: i64 = 1_000_000;
pub const CAPACITY_MAX: i64 = 100;

/// The form as typed, every field text; also what the device keeps as the autosaved draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StartupForm {
    pub name: String,
    pub name_en: String,
    /// A zone id from [`crate::zones`], or empty for "not in a zone".
    pub zone: String,
    pub field: String,
    pub stage: String,
    /// `YYYY-MM-DD`.
    pub founded: String,
    pub headcount: String,
    /// Won, with or without separators, or in 억/만 units (`15억`, `3억 5,000만`).
    pub ask_krw: String,
    pub pitch_ko: String,
    pub pitch_en: String,
    pub problem_ko: String,
    pub problem_en: String,
    pub solution_ko: String,
    pub solution_en: String,
    pub exemption_ko: String,
    pub exemption_en: String,
    pub traction_ko: String,
    pub traction_en: String,
    pub team_ko: String,
    pub team_en: String,
    pub website: String,
    pub deck: String,
    pub contact: String,
    pub capacity: String,
    /// The two consents of the registration form (definitions §10).
    pub consent_collection: bool,
    pub consent_contact_sharing: bool,
}

impl StartupForm {
    /// Checks every field and returns every problem at once, each with its field name as path.
    /// `today` (KST) bounds the founding date; the caller reads the clock.
    pub fn validate(
        &self,
        status: ProfileStatus,
        today: NaiveDate,
    ) -> Result<Startup, Vec<Problem>> {
        let mut problems = Vec::new();
        let number = |path: &str, text: &str, max: i64, problems: &mut Vec<Problem>| {
            parse_count(text)
                .unwrap_or_else(|code| {
                    problems.push(Problem::new(path, code));
                    None
                })
                .filter(|value| {
                    let fits = *value <= max;
                    if !fits {
                        problems.push(
                            Problem::new(path, ProblemCode::OutOfRange)
                                .with_detail(format!("at most {max}")),
                        );
                    }
                    fits
                })
        };
        let headcount = number("headcount", &self.headcount, HEADCOUNT_MAX, &mut problems);
        let capacity = number("capacity", &self.capacity, CAPACITY_MAX, &mut problems);
        let ask_krw = parse_krw(&self.ask_krw).unwrap_or_else(|code| {
            problems
                .push(Problem::new("ask_krw", code).with_detail("won, e.g. 1500000000 or 15억"));
            None
        });
        let founded = match self.founded.trim() {
            "" => None,
            text => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                Ok(date) if date > today => {
                    problems.push(
                        Problem::new("founded", ProblemCode::OutOfRange)
                            .with_detail("in the future"),
                    );
                    None
                }
                Ok(date) => Some(date),
                Err(_) => {
                    problems.push(
                        Problem::new("founded", ProblemCode::InvalidFormat)
                            .with_detail("YYYY-MM-DD"),
                    );
                    None
                }
            },
        };
        let startup = Startup {
            id: String::new(),
            name: name_text(&self.name),
            name_en: optional(&self.name_en).map(|name| name_text(&name)),
            zone: optional(&self.zone),
            field: optional(&self.field),
            stage: optional(&self.stage).map(|stage| Stage::parse(&stage)),
            region: optional(&self.zone)
                .and_then(|zone| crate::zones::find(&zone))
                .map(|zone| zone.region_en.to_owned()),
            ask_krw,
            founded,
            headcount,
            capacity,
            status: Some(status),
            pitch_ko: optional(&self.pitch_ko),
            pitch_en: optional(&self.pitch_en),
            problem_ko: optional(&self.problem_ko),
            problem_en: optional(&self.problem_en),
            solution_ko: optional(&self.solution_ko),
            solution_en: optional(&self.solution_en),
            exemption_ko: optional(&self.exemption_ko),
            exemption_en: optional(&self.exemption_en),
            traction_ko: optional(&self.traction_ko),
            traction_en: optional(&self.traction_en),
            team_ko: optional(&self.team_ko),
            team_en: optional(&self.team_en),
            website: optional(&self.website),
            deck: optional(&self.deck),
            contact: optional(&self.contact),
            consent: Some(Consent {
                collection: self.consent_collection,
                contact_sharing: self.consent_contact_sharing,
                version: CONSENT_VERSION.to_owned(),
                at: None,
            }),
            business_id: None,
            track: None,
            hall: None,
            pitch_position: None,
            wants_to_meet: Vec::new(),
            declines: Vec::new(),
            extra: Default::default(),
        };
        // A field that could not be read is reported once, as unreadable, not also as missing.
        let unreadable: Vec<String> = problems
            .iter()
            .map(|problem| problem.path.clone())
            .collect();
        problems.extend(
            profile_problems(&startup)
                .into_iter()
                .filter(|problem| !unreadable.contains(&problem.path)),
        );
        problems.sort_by_key(|problem| field_order(&problem.path));
        if problems.is_empty() {
            Ok(startup)
        } else {
            Err(problems)
        }
    }

    /// The form filled from a stored profile, for editing.
    pub fn from_startup(startup: &Startup) -> StartupForm {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let number = |value: Option<i64>| value.map(|value| value.to_string()).unwrap_or_default();
        StartupForm {
            name: startup.name.clone(),
            name_en: text(&startup.name_en),
            zone: text(&startup.zone),
            field: text(&startup.field),
            stage: startup
                .stage
                .as_ref()
                .map(|stage| stage.as_str().to_owned())
                .unwrap_or_default(),
            founded: startup
                .founded
                .map(|date| date.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            headcount: number(startup.headcount),
            ask_krw: number(startup.ask_krw),
            pitch_ko: text(&startup.pitch_ko),
            pitch_en: text(&startup.pitch_en),
            problem_ko: text(&startup.problem_ko),
            problem_en: text(&startup.problem_en),
            solution_ko: text(&startup.solution_ko),
            solution_en: text(&startup.solution_en),
            exemption_ko: text(&startup.exemption_ko),
            exemption_en: text(&startup.exemption_en),
            traction_ko: text(&startup.traction_ko),
            traction_en: text(&startup.traction_en),
            team_ko: text(&startup.team_ko),
            team_en: text(&startup.team_en),
            website: text(&startup.website),
            deck: text(&startup.deck),
            contact: text(&startup.contact),
            capacity: number(startup.capacity),
            consent_collection: startup
                .consent
                .as_ref()
                .is_some_and(|consent| consent.collection),
            consent_contact_sharing: startup
                .consent
                .as_ref()
                .is_some_and(|consent| consent.contact_sharing),
        }
    }
}

/// The rules a stored profile must meet, whoever sent it: text limits, a known zone and stage,
/// web links, and — once published — the facts an investor needs (name, field, stage, ask, a
/// one-line pitch, a contact).
pub fn profile_problems(startup: &Startup) -> Vec<Problem> {
    let mut problems = Vec::new();
    let published = startup.status.unwrap_or_default() == ProfileStatus::Published;
    let check = |problems: &mut Vec<Problem>,
                 path: &str,
                 value: Option<&str>,
                 limit: usize,
                 required: bool| {
        match value.map(str::trim) {
            None | Some("") if required => problems.push(Problem::new(path, ProblemCode::Required)),
            Some(text) if text.chars().count() > limit => problems.push(
                Problem::new(path, ProblemCode::TooLong)
                    .with_detail(format!("at most {limit} characters")),
            ),
            _ => {}
        }
    };
    // Names: one line, something visible, no bidirectional formatting (crate::text).
    for (path, value, required) in [
        ("name", Some(startup.name.as_str()), true),
        ("name_en", startup.name_en.as_deref(), false),
    ] {
        if let Err(problem) =
            crate::text::name_field(path, value.unwrap_or(""), NAME_MAX_CHARS, required)
        {
            problems.push(problem);
        }
    }
    check(
        &mut problems,
        "field",
        startup.field.as_deref(),
        ID_MAX_CHARS,
        published,
    );
    check(
        &mut problems,
        "stage",
        startup.stage.as_ref().map(Stage::as_str),
        ID_MAX_CHARS,
        published,
    );
    check(
        &mut problems,
        "pitch_ko",
        startup.pitch_ko.as_deref(),
        PITCH_MAX_CHARS,
        published,
    );
    check(
        &mut problems,
        "pitch_en",
        startup.pitch_en.as_deref(),
        PITCH_MAX_CHARS,
        false,
    );
    for (path, value) in [
        ("problem_ko", &startup.problem_ko),
        ("problem_en", &startup.problem_en),
        ("solution_ko", &startup.solution_ko),
        ("solution_en", &startup.solution_en),
        ("exemption_ko", &startup.exemption_ko),
        ("exemption_en", &startup.exemption_en),
        ("traction_ko", &startup.traction_ko),
        ("traction_en", &startup.traction_en),
        ("team_ko", &startup.team_ko),
        ("team_en", &startup.team_en),
    ] {
        check(
            &mut problems,
            path,
            value.as_deref(),
            LONG_TEXT_MAX_CHARS,
            false,
        );
    }
    check(
        &mut problems,
        "contact",
        startup.contact.as_deref(),
        SHORT_TEXT_MAX_CHARS,
        published,
    );
    for (path, value) in [("website", &startup.website), ("deck", &startup.deck)] {
        check(
            &mut problems,
            path,
            value.as_deref(),
            SHORT_TEXT_MAX_CHARS,
            false,
        );
        if let Some(link) = value
            .as_deref()
            .map(str::trim)
            .filter(|link| !link.is_empty())
        {
            if !is_web_link(link) {
                problems.push(
                    Problem::new(path, ProblemCode::InvalidFormat)
                        .with_detail("a link starting with https://"),
                );
            }
        }
    }
    if published && startup.ask_krw.is_none() {
        problems.push(Problem::new("ask_krw", ProblemCode::Required));
    }
    if let Some(zone) = startup.zone.as_deref() {
        if crate::zones::find(zone).is_none() {
            problems.push(
                Problem::new("zone", ProblemCode::UnknownId)
                    .with_detail(format!("no such zone: {zone}")),
            );
        }
    }
    if let Some(stage) = &startup.stage {
        if !stage.is_known() {
            problems.push(Problem::new("stage", ProblemCode::InvalidFormat));
        }
    }
    for (path, value, max) in [
        ("ask_krw", startup.ask_krw, ASK_MAX_KRW),
        ("headcount", startup.headcount, HEADCOUNT_MAX),
        ("capacity", startup.capacity, CAPACITY_MAX),
    ] {
        match value {
            Some(value) if value < 0 => problems.push(Problem::new(path, ProblemCode::Negative)),
            Some(value) if value > max => problems.push(
                Problem::new(path, ProblemCode::OutOfRange).with_detail(format!("at most {max}")),
            ),
            _ => {}
        }
    }
    problems
}

/// Reads won as people type it: `1500000000`, `1,500,000,000`, `15억`, `3억 5,000만`, `8000만원`.
/// Empty is `None`.
pub fn parse_krw(text: &str) -> Result<Option<i64>, ProblemCode> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let compact = compact.trim_end_matches('원');
    if compact.is_empty() {
        return Ok(None);
    }
    if compact.starts_with('-') {
        return Err(ProblemCode::Negative);
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut last_unit = i64::MAX;
    for c in compact.chars() {
        let unit = match c {
            '0'..='9' => {
                digits.push(c);
                continue;
            }
            '조' => 1_000_000_000_000,
            '억' => 100_000_000,
            '만' => 10_000,
            _ => return Err(ProblemCode::InvalidFormat),
        };
        // Units must come largest first, each once, each after a number: 3억5000만, not 만3억.
        if digits.is_empty() || unit >= last_unit {
            return Err(ProblemCode::InvalidFormat);
        }
        let count: i64 = digits.parse().map_err(|_| ProblemCode::OutOfRange)?;
        if count >= 10_000 && unit != 1_000_000_000_000 {
            return Err(ProblemCode::InvalidFormat);
        }
        total = count
            .checked_mul(unit)
            .and_then(|part| total.checked_add(part))
            .ok_or(ProblemCode::OutOfRange)?;
        digits.clear();
        last_unit = unit;
    }
    if !digits.is_empty() {
        let rest: i64 = digits.parse().map_err(|_| ProblemCode::OutOfRange)?;
        if last_unit != i64::MAX && rest >= 10_000 {
            return Err(ProblemCode::InvalidFormat);
        }
        total = total.checked_add(rest).ok_or(ProblemCode::OutOfRange)?;
    }
    if total > ASK_MAX_KRW {
        return Err(ProblemCode::OutOfRange);
    }
    Ok(Some(total))
}

pub(crate) fn parse_count(text: &str) -> Result<Option<i64>, ProblemCode> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    if text.is_empty() {
        return Ok(None);
    }
    if let Some(rest) = text.strip_prefix('-') {
        return if rest.chars().all(|c| c.is_ascii_digit()) && !rest.is_empty() {
            Err(ProblemCode::Negative)
        } else {
            Err(ProblemCode::NotInteger)
        };
    }
    if !text.chars().all(|c| c.is_ascii_digit()) {
        return Err(ProblemCode::NotInteger);
    }
    text.parse().map(Some).map_err(|_| ProblemCode::OutOfRange)
}

fn is_web_link(link: &str) -> bool {
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        host.contains('.') && !host.starts_with('.') && !rest.chars().any(char::is_whitespace)
    })
}

/// A name as stored: trimmed and in NFC when it is an acceptable name; otherwise trimmed as
/// typed, for [`profile_problems`] to say what is wrong with it.
fn name_text(text: &str) -> String {
    crate::text::clean_name(text).unwrap_or_else(|_| text.trim().to_owned())
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Problems in the order the fields appear on the form, so focus goes to the first one.
pub const FIELD_ORDER: [&str; 25] = [
    "name",
    "name_en",
    "zone",
    "field",
    "stage",
    "founded",
    "headcount",
    "ask_krw",
    "pitch_ko",
    "pitch_en",
    "problem_ko",
    "problem_en",
    "solution_ko",
    "solution_en",
    "exemption_ko",
    "exemption_en",
    "traction_ko",
    "traction_en",
    "team_ko",
    "team_en",
    "website",
    "deck",
    "contact",
    "capacity",
    CONSENT_COLLECTION,
];

/// Where a missing consent to the collection of the data is reported.
pub const CONSENT_COLLECTION: &str = "consent.collection";

/// What registering through the event's shared link needs beyond the profile's own rules: the
/// founder's consent to the collection and use of the data (definitions §10). The organizer
/// entering a company has gathered it offline and is not asked.
pub fn registration_problems(startup: &Startup) -> Vec<Problem> {
    if startup
        .consent
        .as_ref()
        .is_some_and(|consent| consent.collection)
    {
        Vec::new()
    } else {
        vec![Problem::new(CONSENT_COLLECTION, ProblemCode::Required)
            .with_detail("registering needs consent to the collection and use of the data")]
    }
}

fn field_order(path: &str) -> usize {
    FIELD_ORDER
        .iter()
        .position(|field| *field == path)
        .unwrap_or(FIELD_ORDER.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    fn complete() -> StartupForm {
        StartupForm {
            name: "수소로 주식회사".into(),
            zone: "ulsan-hydrogen-green-mobility".into(),
            field: "hydrogen".into(),
            stage: "seed".into(),
            founded: "2023-03-02".into(),
            headcount: "12".into(),
            ask_krw: "15억".into(),
            pitch_ko: "수소 트럭 충전 시간을 절반으로".into(),
            contact: "ceo@example.kr".into(),
            website: "https://example.kr".into(),
            ..StartupForm::default()
        }
    }

    fn codes(result: Result<Startup, Vec<Problem>>) -> Vec<(String, ProblemCode)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|problem| (problem.path, problem.code))
            .collect()
    }

    #[test]
    fn won_is_read_in_plain_digits_and_in_eok_man_units() {
        let cases: [(&str, Result<Option<i64>, ProblemCode>); 14] = [
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("1500000000", Ok(Some(1_500_000_000))),
            ("1,500,000,000", Ok(Some(1_500_000_000))),
            ("15억", Ok(Some(1_500_000_000))),
            ("15억 원", Ok(Some(1_500_000_000))),
            ("3억 5,000만", Ok(Some(350_000_000))),
            ("8000만원", Ok(Some(80_000_000))),
            ("1억 2345", Ok(Some(100_002_345))),
            ("만", Err(ProblemCode::InvalidFormat)),
            ("5000만 3억", Err(ProblemCode::InvalidFormat)),
            ("12.5억", Err(ProblemCode::InvalidFormat)),
            ("-3억", Err(ProblemCode::Negative)),
            ("99999999999999999999", Err(ProblemCode::OutOfRange)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_krw(text), expected, "{text:?}");
        }
        assert_eq!(parse_krw("2조"), Err(ProblemCode::OutOfRange));
    }

    #[test]
    fn a_complete_form_publishes() {
        let startup = complete()
            .validate(ProfileStatus::Published, today())
            .unwrap();
        assert_eq!(startup.ask_krw, Some(1_500_000_000));
        assert_eq!(startup.stage, Some(Stage::Seed));
        assert_eq!(startup.region.as_deref(), Some("Ulsan"));
        assert_eq!(startup.status, Some(ProfileStatus::Published));
        assert_eq!(StartupForm::from_startup(&startup).ask_krw, "1500000000");
    }

    #[test]
    fn a_draft_needs_only_a_name_but_publishing_needs_the_investor_facts() {
        let bare = StartupForm {
            name: "초안 회사".into(),
            ..StartupForm::default()
        };
        assert!(bare.validate(ProfileStatus::Draft, today()).is_ok());
        let missing = codes(bare.validate(ProfileStatus::Published, today()));
        let required: Vec<&str> = missing
            .iter()
            .filter(|(_, code)| *code == ProblemCode::Required)
            .map(|(path, _)| path.as_str())
            .collect();
        assert_eq!(
            required,
            ["field", "stage", "ask_krw", "pitch_ko", "contact"]
        );
        assert_eq!(
            codes(StartupForm::default().validate(ProfileStatus::Draft, today())),
            [("name".to_owned(), ProblemCode::Required)]
        );
    }

    #[test]
    fn each_bad_field_is_named_with_its_own_code() {
        type Spoil = fn(&mut StartupForm);
        let cases: [(Spoil, &str, ProblemCode); 14] = [
            (
                |form| form.founded = "2030-01-01".into(),
                "founded",
                ProblemCode::OutOfRange,
            ),
            (
                |form| form.founded = "2023/03/02".into(),
                "founded",
                ProblemCode::InvalidFormat,
            ),
            (
                |form| form.headcount = "12.5".into(),
                "headcount",
                ProblemCode::NotInteger,
            ),
            (
                |form| form.headcount = "-1".into(),
                "headcount",
                ProblemCode::Negative,
            ),
            (
                |form| form.capacity = "500".into(),
                "capacity",
                ProblemCode::OutOfRange,
            ),
            (
                |form| form.ask_krw = "fifteen".into(),
                "ask_krw",
                ProblemCode::InvalidFormat,
            ),
            (
                |form| form.website = "example.kr".into(),
                "website",
                ProblemCode::InvalidFormat,
            ),
            (
                |form| form.zone = "atlantis".into(),
                "zone",
                ProblemCode::UnknownId,
            ),
            (
                |form| form.stage = "ipo".into(),
                "stage",
                ProblemCode::InvalidFormat,
            ),
            (
                |form| form.pitch_ko = "가".repeat(PITCH_MAX_CHARS + 1),
                "pitch_ko",
                ProblemCode::TooLong,
            ),
            (
                |form| form.name = "Safe\u{202E}gnp.exe".into(),
                "name",
                ProblemCode::InvalidFormat,
            ),
            (
                |form| form.name = "\u{200B}\u{200B}\u{200B}".into(),
                "name",
                ProblemCode::Required,
            ),
            (
                |form| form.name = "수소\u{0}로".into(),
                "name",
                ProblemCode::InvalidFormat,
            ),
            (
                |form| form.name_en = "Hydro\u{2066}Road".into(),
                "name_en",
                ProblemCode::InvalidFormat,
            ),
        ];
        for (spoil, path, code) in cases {
            let mut form = complete();
            spoil(&mut form);
            assert_eq!(
                codes(form.validate(ProfileStatus::Published, today())),
                [(path.to_owned(), code)],
                "{path}"
            );
        }
    }

    #[test]
    fn names_are_stored_in_nfc() {
        // 수소 typed as decomposed jamo; "Cafe" + combining acute.
        let form = StartupForm {
            name: " \u{1109}\u{116E}\u{1109}\u{1169} ".into(),
            name_en: "Cafe\u{301}".into(),
            ..complete()
        };
        let startup = form.validate(ProfileStatus::Published, today()).unwrap();
        assert_eq!(startup.name, "\u{C218}\u{C18C}");
        assert_eq!(startup.name_en.as_deref(), Some("Caf\u{E9}"));
        assert!(profile_problems(&startup).is_empty());
    }

    #[test]
    fn problems_come_in_form_order() {
        let form = StartupForm {
            contact: String::new(),
            name: String::new(),
            ask_krw: "x".into(),
            ..complete()
        };
        let paths: Vec<String> = codes(form.validate(ProfileStatus::Published, today()))
            .into_iter()
            .map(|(path, _)| path)
            .collect();
        assert_eq!(paths, ["name", "ask_krw", "contact"]);
    }

    proptest::proptest! {
        #[test]
        fn any_typed_text_gives_a_result_or_field_problems_never_a_panic(
            name in ".{0,130}", ask in "[0-9억만조원, -]{0,20}", count in "[-0-9.a ]{0,8}", date in "[0-9/-]{0,12}", link in ".{0,30}"
        ) {
            let form = StartupForm { name, ask_krw: ask, headcount: count.clone(), capacity: count, founded: date, website: link, ..complete() };
            match form.validate(ProfileStatus::Published, today()) {
                Ok(startup) => proptest::prop_assert!(profile_problems(&startup).is_empty()),
                Err(problems) => {
                    proptest::prop_assert!(!problems.is_empty());
                    for problem in problems {
                        proptest::prop_assert!(FIELD_ORDER.contains(&problem.path.as_str()), "{}", problem.path);
                    }
                }
            }
        }

        #[test]
        fn eok_man_text_reads_back_as_the_amount(eok in 0i64..10_000, man in 0i64..10_000, won in 0i64..10_000) {
            let mut text = String::new();
            if eok > 0 { text.push_str(&format!("{eok}억 ")); }
            if man > 0 { text.push_str(&format!("{man}만 ")); }
            text.push_str(&won.to_string());
            proptest::prop_assert_eq!(parse_krw(&text), Ok(Some(eok * 100_000_000 + man * 10_000 + won)));
        }
    }
}
