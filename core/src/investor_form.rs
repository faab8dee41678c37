//! The investor's thesis form (what it invests in, how many follow-up meetings it can take, when
//! it cannot meet), turned into an update of its stored profile — or into every problem, each at
//! the form field to show it next to. Nothing typed is dropped: a ticket or a capacity that cannot
//! be read is a problem, never an empty value.
//!
//! The profile's rules are [`crate::validate::investor_problems`], the same the server applies;
//! this module adds how the form's text is read (won in 억/만 units as
//! [`crate::startup_form::parse_krw`], counts as whole numbers) and where each problem goes.

use crate::model::{Investor, MeetingSettings, Stage, TicketRange};
use crate::problem::{Problem, ProblemCode};
use crate::startup_form::{parse_count, parse_krw, CAPACITY_MAX};
use serde::{Deserialize, Serialize};

/// The form as filled in: checkboxes as the values they stand for, text fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvestorForm {
    /// 상생이음 field ids ([`crate::zones::NETWORK_FIELDS`]).
    pub fields: Vec<String>,
    /// Stage ids (`seed`, `series-a`, …).
    pub stages: Vec<String>,
    /// Regions, separated by commas.
    pub regions: String,
    /// Won, with or without separators, or in 억/만 units (`5억`, `3억 5,000만`); empty for no
    /// bound.
    pub ticket_min: String,
    pub ticket_max: String,
    /// Follow-up meetings the investor can take; empty for the event's default.
    pub capacity: String,
    /// Slot numbers (from 0) the investor cannot meet in.
    pub unavailable_slots: Vec<i64>,
}

/// The form's fields in the order they appear, so problems are listed (and focused) top down.
pub const FIELD_ORDER: [&str; 7] = [
    "fields",
    "stages",
    "regions",
    "ticket_min",
    "ticket_max",
    "capacity",
    "unavailable_slots",
];

impl InvestorForm {
    /// The form filled from a stored profile, for editing.
    pub fn from_investor(investor: &Investor) -> InvestorForm {
        let ticket = investor.ticket_krw.unwrap_or_default();
        let number = |value: Option<i64>| value.map(|value| value.to_string()).unwrap_or_default();
        InvestorForm {
            fields: investor.fields.clone(),
            stages: investor
                .stages
                .iter()
                .map(|stage| stage.as_str().to_owned())
                .collect(),
            regions: investor.regions.join(", "),
            ticket_min: number(ticket.min),
            ticket_max: number(ticket.max),
            capacity: number(investor.capacity),
            unavailable_slots: investor.unavailable_slots.clone(),
        }
    }

    /// The stored profile with the form's answers in place of its thesis, capacity and
    /// availability (everything else — firm, person, conflicts, contact — kept as stored), or
    /// every problem at once: at its form field ([`FIELD_ORDER`]) when the form edits what is
    /// wrong, else at the profile's own path (`firm`). `meetings` are the event's meeting
    /// settings: unavailable slots must be among them.
    pub fn apply(
        &self,
        stored: &Investor,
        meetings: &MeetingSettings,
    ) -> Result<Investor, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut money = |field: &str, text: &str| {
            parse_krw(text).unwrap_or_else(|code| {
                problems.push(Problem::new(field, code).with_detail("won, e.g. 500000000 or 5억"));
                None
            })
        };
        let ticket_min = money("ticket_min", &self.ticket_min);
        let ticket_max = money("ticket_max", &self.ticket_max);
        let capacity = match parse_count(&self.capacity) {
            Ok(Some(count)) if count > CAPACITY_MAX => {
                problems.push(
                    Problem::new("capacity", ProblemCode::OutOfRange)
                        .with_detail(format!("at most {CAPACITY_MAX}")),
                );
                None
            }
            Ok(count) => count,
            Err(code) => {
                problems.push(Problem::new("capacity", code).with_detail("a whole number"));
                None
            }
        };
        let investor = Investor {
            fields: self.fields.clone(),
            stages: self
                .stages
                .iter()
                .map(|stage| Stage::parse(stage))
                .collect(),
            regions: self
                .regions
                .split(',')
                .map(str::trim)
                .filter(|region| !region.is_empty())
                .map(str::to_owned)
                .collect(),
            ticket_krw: Some(TicketRange {
                min: ticket_min,
                max: ticket_max,
            }),
            capacity,
            unavailable_slots: self.unavailable_slots.clone(),
            ..stored.clone()
        };
        // A field that could not be read is reported once, as unreadable, not also by the
        // profile's rules; a list with several bad items is one message at its field.
        let unreadable: Vec<String> = problems
            .iter()
            .map(|problem| problem.path.clone())
            .collect();
        for problem in crate::validate::investor_problems(&investor, meetings) {
            let path = form_field(&problem.path).map_or(problem.path, str::to_owned);
            let problem = Problem { path, ..problem };
            let repeated = problems
                .iter()
                .any(|known| known.path == problem.path && known.code == problem.code);
            if !unreadable.contains(&problem.path) && !repeated {
                problems.push(problem);
            }
        }
        problems.sort_by_key(|problem| field_order(&problem.path));
        if problems.is_empty() {
            Ok(investor)
        } else {
            Err(problems)
        }
    }
}

/// The form field a profile path belongs to: `ticket_krw.min` → `ticket_min`, a smallest ticket
/// above the largest (`ticket_krw`) → `ticket_max`, `regions[2]` → `regions`. `None` for what the
/// form does not edit (`firm`, `conflicts[0]`). The server's answers use the profile's paths too.
pub fn form_field(path: &str) -> Option<&'static str> {
    match path {
        "ticket_krw.min" => return Some("ticket_min"),
        "ticket_krw.max" | "ticket_krw" => return Some("ticket_max"),
        _ => {}
    }
    let name = path.split('[').next().unwrap_or_default();
    FIELD_ORDER.into_iter().find(|field| *field == name)
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
    use ProblemCode::*;

    fn stored() -> Investor {
        serde_json::from_value(serde_json::json!({
            "id": "i1", "firm": "한빛벤처스", "person": "김하늘", "type": "vc",
            "conflicts": ["s3"], "contact": "kim@hanbit.example",
            "fields": ["mobility"], "capacity": 2,
        }))
        .unwrap()
    }

    fn meetings() -> MeetingSettings {
        MeetingSettings {
            slots: 4,
            ..MeetingSettings::default()
        }
    }

    fn complete() -> InvestorForm {
        InvestorForm {
            fields: vec!["hydrogen".into()],
            stages: vec!["seed".into(), "series-a".into()],
            regions: " Ulsan,  Busan , ".into(),
            ticket_min: "5억".into(),
            ticket_max: "3,000,000,000".into(),
            capacity: "6".into(),
            unavailable_slots: vec![0, 3],
        }
    }

    fn codes(form: &InvestorForm) -> Vec<(String, ProblemCode)> {
        form.apply(&stored(), &meetings())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|problem| (problem.path, problem.code))
            .collect()
    }

    #[test]
    fn a_complete_form_updates_the_thesis_and_keeps_the_rest() {
        let investor = complete().apply(&stored(), &meetings()).unwrap();
        assert_eq!(investor.fields, ["hydrogen"]);
        assert_eq!(investor.stages, [Stage::Seed, Stage::SeriesA]);
        assert_eq!(investor.regions, ["Ulsan", "Busan"]);
        assert_eq!(
            investor.ticket_krw,
            Some(TicketRange {
                min: Some(500_000_000),
                max: Some(3_000_000_000)
            })
        );
        assert_eq!(investor.capacity, Some(6));
        assert_eq!(investor.unavailable_slots, [0, 3]);
        // The organizer's and the investor's other facts are not the form's.
        let before = stored();
        assert_eq!(investor.id, before.id);
        assert_eq!(investor.firm, before.firm);
        assert_eq!(investor.person, before.person);
        assert_eq!(investor.kind, before.kind);
        assert_eq!(investor.conflicts, before.conflicts);
        assert_eq!(investor.contact, before.contact);
    }

    #[test]
    fn empty_fields_mean_no_preference_and_no_bound() {
        let investor = InvestorForm::default()
            .apply(&stored(), &meetings())
            .unwrap();
        assert!(investor.fields.is_empty() && investor.stages.is_empty());
        assert!(investor.regions.is_empty());
        assert_eq!(investor.ticket_krw, Some(TicketRange::default()));
        assert_eq!(investor.capacity, None, "the event's default capacity");
        assert!(investor.unavailable_slots.is_empty());
    }

    #[test]
    fn a_stored_profile_fills_the_form_and_comes_back_unchanged() {
        let investor = complete().apply(&stored(), &meetings()).unwrap();
        let form = InvestorForm::from_investor(&investor);
        assert_eq!(form.ticket_min, "500000000");
        assert_eq!(form.regions, "Ulsan, Busan");
        assert_eq!(form.capacity, "6");
        assert_eq!(form.apply(&investor, &meetings()), Ok(investor));
    }

    #[test]
    fn each_bad_field_is_named_with_its_own_code() {
        type Spoil = fn(&mut InvestorForm);
        let cases: [(Spoil, &str, ProblemCode); 16] = [
            (
                |form| form.ticket_min = "오억".into(),
                "ticket_min",
                InvalidFormat,
            ),
            (
                |form| form.ticket_min = "1.5억".into(),
                "ticket_min",
                InvalidFormat,
            ),
            (
                |form| form.ticket_min = "-5억".into(),
                "ticket_min",
                Negative,
            ),
            (
                |form| form.ticket_min = "2조".into(),
                "ticket_min",
                OutOfRange,
            ),
            (
                |form| form.ticket_max = "30억원쯤".into(),
                "ticket_max",
                InvalidFormat,
            ),
            (|form| form.ticket_max = "-1".into(), "ticket_max", Negative),
            // 50억 above 30억.
            (
                |form| form.ticket_min = "50억".into(),
                "ticket_max",
                MinOverMax,
            ),
            (
                |form| form.capacity = "세 번".into(),
                "capacity",
                NotInteger,
            ),
            (|form| form.capacity = "2.5".into(), "capacity", NotInteger),
            (|form| form.capacity = "-1".into(), "capacity", Negative),
            (|form| form.capacity = "101".into(), "capacity", OutOfRange),
            (
                |form| form.stages.push("series-z".into()),
                "stages",
                InvalidFormat,
            ),
            (|form| form.fields.push(" ".into()), "fields", Required),
            (
                |form| form.regions = format!("Ulsan, {}", "가".repeat(201)),
                "regions",
                TooLong,
            ),
            (
                |form| form.unavailable_slots = vec![0, 4],
                "unavailable_slots",
                OutOfRange,
            ),
            (
                |form| form.unavailable_slots = vec![1, 1],
                "unavailable_slots",
                Duplicate,
            ),
        ];
        for (spoil, path, code) in cases {
            let mut form = complete();
            spoil(&mut form);
            assert_eq!(codes(&form), [(path.to_owned(), code)], "{form:?}");
        }
    }

    #[test]
    fn the_largest_capacity_and_ticket_are_accepted() {
        let form = InvestorForm {
            capacity: "100".into(),
            ticket_max: "1조".into(),
            ..complete()
        };
        let investor = form.apply(&stored(), &meetings()).unwrap();
        assert_eq!(investor.capacity, Some(100));
        assert_eq!(
            investor.ticket_krw.and_then(|ticket| ticket.max),
            Some(1_000_000_000_000)
        );
    }

    #[test]
    fn an_unreadable_ticket_is_not_also_compared() {
        // 5억 over an unreadable largest ticket: one problem, at the field typed wrong.
        let form = InvestorForm {
            ticket_max: "삼억".into(),
            ..complete()
        };
        assert_eq!(codes(&form), [("ticket_max".to_owned(), InvalidFormat)]);
    }

    #[test]
    fn problems_come_in_form_order_and_the_organizers_facts_at_their_own_path() {
        let form = InvestorForm {
            capacity: "x".into(),
            ticket_min: "x".into(),
            stages: vec!["ipo".into()],
            ..complete()
        };
        let mut stored = stored();
        stored.firm = "F\u{202E}".into();
        let problems: Vec<(String, ProblemCode)> = form
            .apply(&stored, &meetings())
            .unwrap_err()
            .into_iter()
            .map(|problem| (problem.path, problem.code))
            .collect();
        assert_eq!(
            problems,
            [
                ("stages".to_owned(), InvalidFormat),
                ("ticket_min".to_owned(), InvalidFormat),
                ("capacity".to_owned(), NotInteger),
                ("firm".to_owned(), InvalidFormat),
            ]
        );
    }

    #[test]
    fn profile_paths_map_to_form_fields() {
        let cases = [
            ("ticket_krw.min", Some("ticket_min")),
            ("ticket_krw.max", Some("ticket_max")),
            ("ticket_krw", Some("ticket_max")),
            ("regions[2]", Some("regions")),
            ("stages[0]", Some("stages")),
            ("fields[1]", Some("fields")),
            ("unavailable_slots[3]", Some("unavailable_slots")),
            ("capacity", Some("capacity")),
            ("firm", None),
            ("conflicts[0]", None),
        ];
        for (path, field) in cases {
            assert_eq!(form_field(path), field, "{path}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_typed_text_gives_a_profile_or_field_problems_never_a_panic(
            ticket_min in "[0-9억만조원, .a-]{0,16}",
            ticket_max in "[0-9억만조원, .a-]{0,16}",
            capacity in "[-0-9., a]{0,6}",
            regions in ".{0,40}",
        ) {
            let form = InvestorForm { ticket_min, ticket_max, capacity, regions, ..complete() };
            match form.apply(&stored(), &meetings()) {
                Ok(investor) => proptest::prop_assert!(
                    crate::validate::investor_problems(&investor, &meetings()).is_empty()
                ),
                Err(problems) => {
                    proptest::prop_assert!(!problems.is_empty());
                    for problem in problems {
                        proptest::prop_assert!(
                            FIELD_ORDER.contains(&problem.path.as_str()),
                            "{}",
                            problem.path
                        );
                    }
                }
            }
        }
    }
}
