//! The OpenAPI document describes the API's messages as core's wire types write them: for each
//! documented component, an example of its type (built in Rust, so a new field fails to compile
//! here until the example has it) is checked against the component's schema.
//!
//! - A *full* example sets every optional field: its keys must be exactly the component's
//!   properties (a field the type has and the document lacks, or the reverse, fails).
//! - A *minimal* example leaves every optional field out: it must still carry every `required`
//!   property (the document must not require what the type may omit).
//! - Every value is checked against its property's schema (types, enums, nullability, nested
//!   components, `oneOf`), keys of nested objects against their properties.

use chrono::{FixedOffset, TimeZone};
use roadshow_core::meeting_answers::{
    Answer, Attendance, DeclineReason, MeetingSides, MeetingWord, Side, SideWord,
};
use roadshow_core::model::{
    Event, FollowUp, FollowUpStage, Investor, MeetingStatus, Phase, PlannedMeeting, RevealMode,
};
use roadshow_core::problem::ProblemCode;
use roadshow_core::sync::{Batch, BatchResult, Change, Mutation, MutationResult, Outcome};
use roadshow_core::wire::*;
use roadshow_server::routes::openapi::OPENAPI_JSON;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

fn document() -> Value {
    serde_json::from_str(OPENAPI_JSON).expect("openapi.json is JSON")
}

fn component<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["components"]["schemas"]
        .get(name)
        .unwrap_or_else(|| panic!("no component {name} in openapi.json"))
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            resolve(doc, component(doc, name))
        }
        None => schema,
    }
}

/// An object schema's properties and required names, with `allOf` parts merged.
fn object_parts(doc: &Value, schema: &Value) -> Option<(Map<String, Value>, Vec<String>)> {
    let schema = resolve(doc, schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for part in parts {
            let (more, needed) = object_parts(doc, part)?;
            properties.extend(more);
            required.extend(needed);
        }
        return Some((properties, required));
    }
    let properties = schema.get("properties")?.as_object()?.clone();
    let required = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .map(|name| name.as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();
    Some((properties, required))
}

fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    strict: bool,
    errors: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    if value.is_null() {
        if schema.get("nullable") != Some(&Value::Bool(true)) {
            errors.push(format!("{path}: null where the document does not allow it"));
        }
        return;
    }
    if let Some(alternatives) = schema.get("oneOf").and_then(Value::as_array) {
        // oneOf means exactly one, read as a validator of the document reads it (undocumented
        // keys allowed unless `additionalProperties: false`): a value two alternatives accept is
        // ambiguous, and schemathesis refuses it. The one that fits is then checked strictly.
        let fitting: Vec<&Value> = alternatives
            .iter()
            .filter(|alternative| {
                let mut trial = Vec::new();
                check(doc, alternative, value, path, false, &mut trial);
                trial.is_empty()
            })
            .collect();
        match fitting.as_slice() {
            [one] => check(doc, one, value, path, strict, errors),
            _ => errors.push(format!(
                "{path}: fits {} of the oneOf alternatives, not exactly one: {value}",
                fitting.len()
            )),
        }
        return;
    }
    if let Some((properties, required)) = object_parts(doc, schema) {
        let Some(object) = value.as_object() else {
            errors.push(format!("{path}: expected an object, got {value}"));
            return;
        };
        for name in &required {
            if !object.contains_key(name) {
                errors.push(format!("{path}: required `{name}` missing"));
            }
        }
        let closed = resolve(doc, schema).get("additionalProperties") == Some(&Value::Bool(false));
        for (key, item) in object {
            match properties.get(key) {
                Some(property) => check(
                    doc,
                    property,
                    item,
                    &format!("{path}.{key}"),
                    strict,
                    errors,
                ),
                None if strict || closed => {
                    errors.push(format!("{path}: `{key}` is not documented"))
                }
                None => {}
            }
        }
        return;
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let Some(object) = value.as_object() else {
                errors.push(format!("{path}: expected an object, got {value}"));
                return;
            };
            if let Some(entries) = schema.get("additionalProperties").filter(|s| s.is_object()) {
                for (key, item) in object {
                    check(
                        doc,
                        entries,
                        item,
                        &format!("{path}[{key}]"),
                        strict,
                        errors,
                    );
                }
            }
        }
        Some("array") => match value.as_array() {
            Some(items) => {
                for (index, item) in items.iter().enumerate() {
                    check(
                        doc,
                        &schema["items"],
                        item,
                        &format!("{path}[{index}]"),
                        strict,
                        errors,
                    );
                }
            }
            None => errors.push(format!("{path}: expected an array, got {value}")),
        },
        Some("string") => match value.as_str() {
            Some(text) => {
                if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
                    if !allowed.iter().any(|option| option == text) {
                        errors.push(format!("{path}: `{text}` is not in the documented enum"));
                    }
                }
            }
            None => errors.push(format!("{path}: expected a string, got {value}")),
        },
        Some("integer") if !(value.is_i64() || value.is_u64()) => {
            errors.push(format!("{path}: expected an integer, got {value}"))
        }
        Some("number") if !value.is_number() => {
            errors.push(format!("{path}: expected a number, got {value}"))
        }
        Some("boolean") if !value.is_boolean() => {
            errors.push(format!("{path}: expected a boolean, got {value}"))
        }
        _ => {}
    }
}

/// Checks one example against a component; a full example must have every property.
fn conforms(doc: &Value, name: &str, example: &impl Serialize, full: bool) -> Vec<String> {
    let value = serde_json::to_value(example).unwrap();
    let schema = component(doc, name);
    let mut errors = Vec::new();
    check(doc, schema, &value, name, true, &mut errors);
    if full {
        let (properties, _) =
            object_parts(doc, schema).unwrap_or_else(|| panic!("{name} is not an object schema"));
        for property in properties.keys() {
            if value.get(property).is_none() {
                errors.push(format!(
                    "{name}: documented `{property}` is not written by the type"
                ));
            }
        }
    }
    errors
}

fn settings() -> Event {
    serde_json::from_value(json!({
        "id": "e1", "name": "설명회", "criteria": [{"key": "innovation", "weight": 1.0}]
    }))
    .unwrap()
}

fn investor() -> Investor {
    serde_json::from_value(json!({"id": "A", "firm": "가나벤처스"})).unwrap()
}

fn live(full: bool) -> LiveState {
    LiveState {
        phase: Phase::Scoring,
        reveal_mode: RevealMode::AfterOwnScoring,
        scores_revealed: true,
        registration_closes_at: full.then(|| "2026-12-09T18:00:00+09:00".to_owned()),
        meetings_published: true,
        fictional: false,
        running_order: if full {
            vec!["S2".into(), "S1".into()]
        } else {
            Vec::new()
        },
        now_pitching: if full {
            vec![NowPitching {
                hall: 0,
                startup: "S2".into(),
            }]
        } else {
            Vec::new()
        },
        current_round: full.then(|| "final".to_owned()),
        feedback: FeedbackRelease {
            released: full,
            exact_rank: full,
        },
    }
}

fn record(full: bool) -> EventRecord {
    EventRecord {
        settings: settings(),
        live: live(full),
        version: 7,
    }
}

fn registration(full: bool) -> RegistrationEvent {
    let kst = FixedOffset::east_opt(9 * 3600).unwrap();
    let at = |hour| kst.with_ymd_and_hms(2026, 12, 10, hour, 0, 0).unwrap();
    RegistrationEvent {
        settings: RegistrationSettings {
            id: "e1".into(),
            name: "설명회".into(),
            name_en: full.then(|| "Roadshow".into()),
            venue: full.then(|| "홀".into()),
            venue_en: full.then(|| "Hall".into()),
            starts_at: full.then(|| at(10)),
            ends_at: full.then(|| at(15)),
            scale: settings().scale,
            criteria: settings().criteria,
            retention_until: full.then(|| chrono::NaiveDate::from_ymd_opt(2027, 12, 10).unwrap()),
        },
        live: RegistrationLive {
            phase: Phase::Registration,
            registration_closes_at: full.then(|| "2026-12-09T18:00:00+09:00".into()),
            fictional: true,
        },
    }
}

fn error_body(full: bool) -> ErrorBody {
    let mut fields = BTreeMap::new();
    if full {
        fields.insert(
            "value".to_owned(),
            vec![FieldMessage {
                code: ProblemCode::OutOfScale,
                message: "a whole number from 1 to 10".into(),
            }],
        );
    }
    ErrorBody {
        code: ErrorCode::Invalid,
        message: "some fields are not valid".into(),
        fields,
    }
}

fn score_row(full: bool) -> ScoreRow {
    ScoreRow {
        round: if full { "final".into() } else { String::new() },
        investor: "A".into(),
        startup: "S1".into(),
        criterion: if full {
            "innovation".into()
        } else {
            String::new()
        },
        value: full.then_some(8),
        abstain: !full,
        updated_at: "2026-12-10T10:00:00.000Z".into(),
    }
}

fn meeting(full: bool) -> PlannedMeeting {
    PlannedMeeting {
        investor: "A".into(),
        startup: "S1".into(),
        slot: 0,
        table: 1,
        status: full.then_some(MeetingStatus::Confirmed),
        attendees: some_attendees(full),
    }
}

/// A firm's two people attending (definitions §8.6) in the full document, none otherwise.
fn some_attendees(full: bool) -> Vec<String> {
    if full {
        vec!["A".into(), "B".into()]
    } else {
        Vec::new()
    }
}

fn changes(full: bool) -> Changes<EventView, Vec<Value>, Vec<Value>> {
    let some = |text: &str| {
        if full {
            vec![text.to_owned()]
        } else {
            Vec::new()
        }
    };
    Changes {
        version: 7,
        event: full.then(|| EventView::Full(Box::new(record(true)))),
        startups: if full {
            vec![json!({"id": "S1", "name": "하나"})]
        } else {
            Vec::new()
        },
        investors: if full {
            vec![json!({"id": "A", "firm": "가나벤처스"})]
        } else {
            Vec::new()
        },
        hidden_startups: some("S2"),
        removed_startups: some("S3"),
        removed_investors: some("B"),
        scores: if full {
            vec![score_row(true)]
        } else {
            Vec::new()
        },
        verdicts: if full {
            vec![VerdictRow {
                investor: "A".into(),
                startup: "S1".into(),
                want: Some(true),
                comment: "좋음".into(),
                comment_shared: true,
            }]
        } else {
            Vec::new()
        },
        meetings: if full {
            vec![meeting(true)]
        } else {
            Vec::new()
        },
        meeting_states: if full {
            vec![meeting_state(true)]
        } else {
            Vec::new()
        },
        follow_ups: if full {
            vec![follow_up(true)]
        } else {
            Vec::new()
        },
    }
}

fn meeting_state(full: bool) -> MeetingState {
    let sides = if full {
        MeetingSides {
            investor: SideWord {
                answer: Some(Answer::Decline {
                    reason: DeclineReason::AlreadyInContact,
                    text: Some("이미 검토 중".into()),
                }),
                attendance: Some(Attendance::NoShow),
            },
            startup: SideWord {
                answer: Some(Answer::Accept),
                attendance: None,
            },
            cancelled: true,
        }
    } else {
        MeetingSides::default()
    };
    MeetingState {
        investor: "A".into(),
        startup: "S1".into(),
        sides,
        sequence: 2,
    }
}

fn follow_up(full: bool) -> FollowUp {
    FollowUp {
        investor: "A".into(),
        startup: "S1".into(),
        stage: if full {
            FollowUpStage::Invested
        } else {
            FollowUpStage::Met
        },
        amount_krw: full.then_some(500_000_000),
        date: full.then(|| chrono::NaiveDate::from_ymd_opt(2027, 3, 2).unwrap()),
        confirmed: full.then_some(true),
        reason: full.then(|| "시기상조".into()),
    }
}

fn mutation_result(full: bool) -> MutationResult {
    MutationResult {
        seq: 1,
        status: if full {
            Outcome::Rejected
        } else {
            Outcome::Applied
        },
        version: full.then_some(8),
        error: full.then(|| error_body(true)),
    }
}

/// The program organizer's messages (definitions §7.5).
fn programs(doc: &Value, errors: &mut Vec<String>) {
    use roadshow_core::report::{BucketFigures, EventReport, Figures, ProgramReport};
    let draft = |full: bool| ProgramDraft {
        name: "2026 상생이음 로드쇼".into(),
        name_en: full.then(|| "2026 Sangsaeng Ieum Roadshow".into()),
    };
    errors.extend(conforms(doc, "ProgramDraft", &draft(true), true));
    errors.extend(conforms(doc, "ProgramDraft", &draft(false), false));
    let created = CreatedProgram {
        id: "p1".into(),
        organizer_link: "/programs/p1/organize#k=s".into(),
    };
    errors.extend(conforms(doc, "CreatedProgram", &created, true));
    let event = |full: bool| ProgramEvent {
        id: "e1".into(),
        name: "울산 로드쇼".into(),
        name_en: full.then(|| "Ulsan roadshow".into()),
        venue: full.then(|| "UNIST".into()),
        starts_at: full.then(|| {
            FixedOffset::east_opt(9 * 3600)
                .unwrap()
                .with_ymd_and_hms(2026, 5, 12, 10, 0, 0)
                .unwrap()
        }),
        phase: Phase::Scoring,
    };
    let record = |full: bool| ProgramRecord {
        id: "p1".into(),
        name: "2026 상생이음 로드쇼".into(),
        name_en: full.then(|| "2026 Sangsaeng Ieum Roadshow".into()),
        events: vec![event(full)],
    };
    errors.extend(conforms(doc, "ProgramRecord", &record(true), true));
    errors.extend(conforms(doc, "ProgramRecord", &record(false), false));
    let attach = AttachEvent {
        organizer_key: "s".into(),
    };
    errors.extend(conforms(doc, "AttachEvent", &attach, true));
    let bucket = |full: bool| BucketFigures {
        startups_registered: 3,
        startups_pitched: 2,
        investors: 2,
        invested_krw: 4_500_000_000,
        invested_krw_confirmed: 3_000_000_000,
        non_capital_share: full.then_some(0.75),
        ..BucketFigures::default()
    };
    let figures = |full: bool| Figures {
        overall: bucket(full),
        by_zone: [("busan-blockchain".to_owned(), bucket(full))].into(),
        by_field: [("hydrogen".to_owned(), bucket(full))].into(),
        by_region: [("Ulsan".to_owned(), bucket(full))].into(),
        by_investor_type: [("vc".to_owned(), bucket(full))].into(),
    };
    let report = |full: bool| ProgramReport {
        events: vec![EventReport {
            event: "e1".into(),
            figures: figures(full),
        }],
        total: figures(full),
    };
    errors.extend(conforms(doc, "ProgramReport", &report(true), true));
    errors.extend(conforms(doc, "ProgramReport", &report(false), false));
    let firms = ProgramFirms {
        firms: vec![ProgramFirm {
            identity: "한빛벤처스".into(),
            names: vec![FirmName {
                name: "(주)한빛벤처스".into(),
                events: vec!["e1".into()],
                corrected: true,
            }],
        }],
    };
    errors.extend(conforms(doc, "ProgramFirms", &firms, true));
    for change in [
        FirmChange::Merge {
            from: "a".into(),
            into: "b".into(),
        },
        FirmChange::Split { name: "a".into() },
        FirmChange::Undo { name: "a".into() },
    ] {
        // One of the three properties each: checked as a minimal example.
        errors.extend(conforms(doc, "FirmChange", &change, false));
    }
}

/// Every documented message, full and minimal, against its component.
#[test]
fn every_wire_type_matches_its_documented_component() {
    let doc = document();
    let mut errors = Vec::new();
    macro_rules! both {
        ($name:expr, $full:expr, $minimal:expr) => {
            errors.extend(conforms(&doc, $name, $full, true));
            errors.extend(conforms(&doc, $name, $minimal, false));
        };
    }
    both!("Error", &error_body(true), &error_body(false));
    let message = FieldMessage {
        code: ProblemCode::Required,
        message: "required".into(),
    };
    both!("FieldMessage", &message, &message);
    let health = Health {
        status: HealthStatus::Ok,
        version: "0.1.0".into(),
    };
    both!("Health", &health, &health);
    let readiness = Readiness {
        status: ReadyStatus::Ready,
        database: DatabaseStatus::Ok,
    };
    both!("Readiness", &readiness, &readiness);
    let created = CreatedEvent {
        id: "e1".into(),
        organizer_link: "/events/e1/organize#k=secret".into(),
    };
    both!("CreatedEvent", &created, &created);
    let imported = |full: bool| ImportedEvent {
        id: "e2".into(),
        organizer_link: "/events/e2/organize#k=secret".into(),
        investor_links: if full {
            vec![("A".into(), "/e2/i#k=s".into())]
        } else {
            Vec::new()
        },
        startup_links: if full {
            vec![("S1".into(), "/e2/s#k=s".into())]
        } else {
            Vec::new()
        },
    };
    both!("ImportedEvent", &imported(true), &imported(false));
    let link = IssuedLink {
        link: "/events/e1/investor#k=secret".into(),
    };
    both!("IssuedLink", &link, &link);
    both!("LiveState", &live(true), &live(false));
    both!("EventRecord", &record(true), &record(false));
    both!(
        "RegistrationEvent",
        &registration(true),
        &registration(false)
    );
    both!(
        "RegistrationSettings",
        &registration(true).settings,
        &registration(false).settings
    );
    both!(
        "RegistrationLive",
        &registration(true).live,
        &registration(false).live
    );
    let response = |full: bool| EventResponse {
        event: EventView::Full(Box::new(record(full))),
        role: Role::Investor,
        subject_id: full.then(|| "A".into()),
    };
    both!("EventResponse", &response(true), &response(false));
    let registration_response = EventResponse {
        event: EventView::Registration(Box::new(registration(true))),
        role: Role::Registration,
        subject_id: None,
    };
    errors.extend(conforms(
        &doc,
        "EventResponse",
        &registration_response,
        false,
    ));
    let change = |full: bool| EventChange {
        phase: full.then_some(Phase::ScoringClosed),
        reveal_mode: full.then_some(RevealMode::Never),
        scores_revealed: full.then_some(true),
        registration_closes_at: full.then(String::new),
        settings: full.then(settings),
        running_order: full.then(|| vec!["S2".into(), "S1".into()]),
        now_pitching: full.then(|| PitchOn {
            hall: 0,
            startup: Some("S2".into()),
        }),
        feedback: full.then_some(FeedbackRelease {
            released: true,
            exact_rank: false,
        }),
        current_round: full.then(|| "final".to_owned()),
    };
    let report = |full: bool| roadshow_core::feedback::FeedbackReport {
        startup: "S1".into(),
        judges: if full { 3 } else { 0 },
        total: full.then_some(7.25),
        ci_low: full.then_some(6.5),
        ci_high: full.then_some(8.0),
        ranked: 4,
        band: full.then_some(roadshow_core::feedback::RankBand::Top25),
        rank: full.then_some(1),
        round: full.then(|| "final".to_owned()),
        criteria: vec![roadshow_core::feedback::CriterionFeedback {
            criterion: "innovation".into(),
            mean: full.then_some(7.5),
            field_mean: full.then_some(6.0),
        }],
        comments: if full {
            vec!["실증 데이터가 설득력 있습니다".into()]
        } else {
            Vec::new()
        },
    };
    both!("FeedbackReport", &report(true), &report(false));
    programs(&doc, &mut errors);
    both!("EventChange", &change(true), &change(false));
    both!(
        "PitchOn",
        &PitchOn {
            hall: 1,
            startup: Some("S1".into())
        },
        &PitchOn {
            hall: 0,
            startup: None
        }
    );
    both!("Changes", &changes(true), &changes(false));
    both!("ScoreRow", &score_row(true), &score_row(false));
    let verdict = VerdictRow {
        investor: "A".into(),
        startup: "S1".into(),
        want: None,
        comment: String::new(),
        comment_shared: false,
    };
    both!("VerdictRow", &verdict, &verdict);
    let personal = |full: bool| PersonalData {
        role: Role::Investor,
        investor: full.then(investor),
        startup: full.then(|| {
            serde_json::from_value(serde_json::json!({"id": "S1", "name": "Startup S1",
                "contact": "ceo@example.com"}))
            .unwrap()
        }),
        scores: if full {
            vec![score_row(true)]
        } else {
            Vec::new()
        },
        verdicts: if full {
            vec![verdict.clone()]
        } else {
            Vec::new()
        },
        meetings: if full {
            vec![meeting(true)]
        } else {
            Vec::new()
        },
        follow_ups: if full {
            vec![follow_up(true)]
        } else {
            Vec::new()
        },
    };
    both!("PersonalData", &personal(true), &personal(false));
    both!("Meeting", &meeting(true), &meeting(false));
    let plan = MeetingPlan {
        meetings: vec![meeting(false)],
        published: true,
    };
    both!("MeetingPlan", &plan, &plan);
    let published = PublishedMeetings {
        meetings: 1,
        published: true,
        version: 9,
    };
    both!("PublishedMeetings", &published, &published);
    let batch = Batch {
        client_id: "phone-1".into(),
        mutations: vec![Mutation {
            seq: 1,
            at: Some(1_764_547_200_000),
            change: Change::score("S1", "innovation", Some(8)),
        }],
    };
    both!("Batch", &batch, &batch);
    // Every kind of mutation, each as full as it gets.
    let outcome_changes = Batch {
        client_id: "phone-2".into(),
        mutations: [
            Change::Meeting {
                investor: "A".into(),
                startup: "S1".into(),
                on_behalf_of: Some(Side::Startup),
                word: MeetingWord::Answer {
                    answer: Answer::Decline {
                        reason: DeclineReason::Other,
                        text: Some("일정".into()),
                    },
                },
            },
            Change::Meeting {
                investor: "A".into(),
                startup: "S1".into(),
                on_behalf_of: None,
                word: MeetingWord::Attendance {
                    attendance: Some(Attendance::Held),
                },
            },
            Change::Meeting {
                investor: "A".into(),
                startup: "S1".into(),
                on_behalf_of: None,
                word: MeetingWord::Cancel { cancelled: true },
            },
            Change::Stage {
                investor: "A".into(),
                startup: "S1".into(),
                stage: FollowUpStage::Invested,
                amount_krw: Some(500_000_000.into()),
                date: chrono::NaiveDate::from_ymd_opt(2027, 3, 2),
                reason: None,
            },
            Change::Investment {
                investor: "A".into(),
                startup: "S1".into(),
                confirmed: false,
            },
        ]
        .into_iter()
        .enumerate()
        .map(|(seq, change)| Mutation {
            seq: seq as i64,
            at: None,
            change,
        })
        .collect(),
    };
    both!("Batch", &outcome_changes, &outcome_changes);
    both!("MeetingState", &meeting_state(true), &meeting_state(false));
    both!("FollowUp", &follow_up(true), &follow_up(false));
    both!(
        "MutationResult",
        &mutation_result(true),
        &mutation_result(false)
    );
    let results = BatchResult {
        results: vec![mutation_result(true), mutation_result(false)],
    };
    both!("BatchResult", &results, &results);
    let removal = Removal {
        removed: vec![RemovedPerson {
            id: "S1".into(),
            counts: RemovedCounts {
                scores: 3,
                verdicts: 1,
                meetings: 0,
            },
        }],
        version: 4,
    };
    both!("Removal", &removal, &removal);
    let ids = RemoveMany {
        ids: vec!["S1".into()],
    };
    both!("RemoveMany", &ids, &ids);
    let roster = |full: bool| Roster {
        investors: vec![investor()],
        existing: full.then_some(ExistingInvestors::Skip),
    };
    both!("Roster", &roster(true), &roster(false));
    let receipt = RosterResult {
        created: vec![CreatedLink {
            id: "A".into(),
            link: "/l".into(),
        }],
        updated: vec!["B".into()],
        skipped: vec!["C".into()],
        version: 5,
    };
    both!("RosterResult", &receipt, &receipt);
    let public = |full: bool| PublicInvestor {
        id: "A".into(),
        firm: "가나벤처스".into(),
        firm_en: full.then(|| "Gana Ventures".into()),
        kind: full.then(|| "vc".into()),
        fields: Vec::new(),
        stages: Vec::new(),
        regions: Vec::new(),
    };
    both!("PublicInvestor", &public(true), &public(false));
    // Profiles with their link: the model's profile (documented as its own component) plus the
    // link and version; only the additions are compared key by key.
    let created_investor = Created {
        profile: investor(),
        link: "/l".into(),
        version: 3,
    };
    errors.extend(conforms(&doc, "CreatedInvestor", &created_investor, false));
    let updated_investor = Updated {
        profile: investor(),
        version: 3,
    };
    errors.extend(conforms(&doc, "UpdatedInvestor", &updated_investor, false));
    // Accountability and erasure (definitions §10).
    let entry = |full: bool| AuditEntry {
        seq: 3,
        at: "2026-12-01T09:00:00.000Z".into(),
        actor_role: full.then_some(Role::Organizer),
        actor_link: full.then(|| "0123456789abcdef".into()),
        action: AuditAction::LinkReissued,
        subject_role: full.then_some(Role::Investor),
        subject_id: full.then(|| "A".into()),
        detail: if full {
            json!({"link": "fedcba9876543210", "replaced": ["0123456789abcdef"]})
                .as_object()
                .unwrap()
                .clone()
        } else {
            Map::new()
        },
    };
    both!("AuditEntry", &entry(true), &entry(false));
    let log = |full: bool| AuditLog {
        entries: if full {
            vec![entry(true), entry(false)]
        } else {
            Vec::new()
        },
    };
    both!("AuditLog", &log(true), &log(false));
    let ask = |full: bool| ErasureAsk {
        note: full.then(|| "행사가 끝났습니다".into()),
    };
    both!("ErasureAsk", &ask(true), &ask(false));
    let request = |full: bool| ErasureRequest {
        id: 1,
        role: Role::Startup,
        subject_id: "S1".into(),
        note: full.then(|| "삭제해 주세요".into()),
        requested_at: "2026-12-01T09:00:00.000Z".into(),
        executed_at: full.then(|| "2026-12-02T09:00:00.000Z".into()),
    };
    both!("ErasureRequest", &request(true), &request(false));
    let requests = |full: bool| ErasureRequests {
        requests: if full {
            vec![request(true)]
        } else {
            Vec::new()
        },
    };
    both!("ErasureRequests", &requests(true), &requests(false));
    let erasure = Erasure {
        startups: 2,
        investors: 0,
        at: "2026-12-02T09:00:00.000Z".into(),
        version: 12,
    };
    both!("Erasure", &erasure, &erasure);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// The checker itself: a renamed field, an undocumented field and a wrong enum value are each
/// caught (so the test above cannot pass by checking nothing).
#[test]
fn the_shape_check_catches_a_drifted_document() {
    let doc = document();
    let mut drifted = serde_json::to_value(score_row(true)).unwrap();
    let object = drifted.as_object_mut().unwrap();
    let value = object.remove("value").unwrap();
    object.insert("score".into(), value);
    let errors = conforms(&doc, "ScoreRow", &drifted, true);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`score` is not documented")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("`value` is not written")),
        "{errors:?}"
    );
    let mut wrong = serde_json::to_value(error_body(false)).unwrap();
    wrong["code"] = json!("teapot");
    let errors = conforms(&doc, "Error", &wrong, false);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("not in the documented enum")),
        "{errors:?}"
    );
    let without_required = json!({"investor": "A", "startup": "S1"});
    let errors = conforms(&doc, "ScoreRow", &without_required, false);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("required `abstain` missing")),
        "{errors:?}"
    );
}
