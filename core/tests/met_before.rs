//! Met before (docs/definitions.md §7.6): the pairs of an event whose company (business id) and
//! firm (normalised name) held a meeting at an earlier event of the program are listed in the
//! snapshot's `met_before[]`, and matching leaves them out unless either side wants to meet
//! again. Worked by hand on a two-by-two event.
#![cfg(not(target_arch = "wasm32"))]

use roadshow_core::cli::match_command;
use roadshow_core::matching::{MatchBoard, Veto};
use roadshow_core::model::MetBefore;
use roadshow_core::problem::ProblemCode;
use roadshow_core::program::{met_before, HeldPair};
use roadshow_core::snapshot::parse_snapshot;
use roadshow_core::validate::validate;
use serde_json::{json, Value};

const SUSORO: &str = "1234567891";
const JEJU: &str = "1058700005";

/// Weights: interest 1, startup interest 0.5, nothing else; capacity 1 each. iA wants sX (M 1)
/// and sY (M 1); iB wants sX (M 1) only. So "best" is iA–sY and iB–sX, Σ M = 2 (iA–sX would
/// leave iB with sY at M 0: Σ 1).
fn event(met: Value) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": {
            "id": "e3", "name": "광주 로드쇼",
            "scale": {"min": 1, "max": 10}, "criteria": [{"key": "innovation", "weight": 1.0}],
            "min_judges": 1,
            "match": {"fit": 0.0, "own": 0.0, "interest": 1.0, "startup_interest": 0.5,
                      "threshold": 0.0, "mode": "best"},
            "meetings": {"slots": 4, "tables": 4}
        },
        "startups": [
            {"id": "sX", "name": "수소로", "capacity": 1, "business_id": SUSORO},
            {"id": "sY", "name": "제주드론", "capacity": 1, "business_id": JEJU}
        ],
        "investors": [
            {"id": "iA", "firm": "한빛 벤처스", "capacity": 1},
            {"id": "iB", "firm": "동남액셀러레이터", "capacity": 1}
        ],
        "scores": [],
        "interest": [
            {"investor": "iA", "startup": "sX", "want": true},
            {"investor": "iA", "startup": "sY", "want": true},
            {"investor": "iB", "startup": "sX", "want": true}
        ],
        "met_before": met
    })
}

fn pairs(input: &Value) -> Vec<(String, String)> {
    let out = match_command(input.to_string().as_bytes(), None);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let printed: Value = serde_json::from_str(&out.stdout).unwrap();
    printed["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["investor"].as_str().unwrap().to_owned(),
                p["startup"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|&(i, s)| (i.to_owned(), s.to_owned()))
        .collect()
}

#[test]
fn a_pair_that_met_before_is_left_out_unless_a_side_wants_to_meet_again() {
    // Nobody met before: iA–sY and iB–sX, as worked above.
    assert_eq!(
        pairs(&event(json!([]))),
        owned(&[("iA", "sY"), ("iB", "sX")])
    );

    // iB and sX met at e1; iB's "want to meet" on sX says it wants to meet again, so the pair
    // stays: the same selection.
    let again = event(json!([{"investor": "iB", "startup": "sX", "event": "e1"}]));
    assert_eq!(pairs(&again), owned(&[("iA", "sY"), ("iB", "sX")]));

    // iA and sY met at e1 and iA's interest in sY is taken back: out. sX wants iA, so iA–sX
    // is worth 1.5: best is iA–sX and iB with nothing it wants (iB–sY, M 0, from the
    // zero-score top-up), Σ M = 1.5, against iB–sX alone, Σ 1.
    let mut left_out = event(json!([{"investor": "iA", "startup": "sY", "event": "e1"}]));
    left_out["interest"] = json!([
        {"investor": "iA", "startup": "sX", "want": true},
        {"investor": "iB", "startup": "sX", "want": true}
    ]);
    left_out["startups"][0]["wants_to_meet"] = json!(["iA"]);
    let chosen = pairs(&left_out);
    assert!(
        !chosen.contains(&("iA".to_owned(), "sY".to_owned())),
        "{chosen:?}"
    );
    assert_eq!(chosen, owned(&[("iA", "sX"), ("iB", "sY")]));
    let snapshot = parse_snapshot(&left_out.to_string()).unwrap();
    let board = MatchBoard::from_snapshot(&snapshot).unwrap();
    assert_eq!(
        board.explain("iA", "sY").unwrap().veto,
        Some(Veto::MetBefore)
    );
    assert_eq!(board.explain("iA", "sX").unwrap().veto, None);

    // The startup listing the investor among those it wants to meet brings the pair back.
    let mut startup_wants = left_out.clone();
    startup_wants["startups"][1]["wants_to_meet"] = json!(["iA"]);
    let snapshot = parse_snapshot(&startup_wants.to_string()).unwrap();
    let board = MatchBoard::from_snapshot(&snapshot).unwrap();
    assert_eq!(board.explain("iA", "sY").unwrap().veto, None);

    // A conflict is still the reason shown when there is one.
    let mut conflicted = left_out.clone();
    conflicted["investors"][0]["conflicts"] = json!(["sY"]);
    let snapshot = parse_snapshot(&conflicted.to_string()).unwrap();
    let board = MatchBoard::from_snapshot(&snapshot).unwrap();
    assert_eq!(
        board.explain("iA", "sY").unwrap().veto,
        Some(Veto::Conflict)
    );
}

#[test]
fn the_same_company_and_firm_are_recognised_across_events() {
    let mut input = event(json!([]));
    // A second person of 한빛벤처스 (spelled with (주) and no space), and a startup without a
    // business id, which no other event can recognise.
    input["investors"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "iC", "firm": "(주)한빛벤처스"}));
    input["startups"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "sZ", "name": "이름만"}));
    let snapshot = parse_snapshot(&input.to_string()).unwrap();
    let held = |event: &str, business_id: &str, firm: &str| HeldPair {
        event: event.to_owned(),
        event_name: format!("로드쇼 {event}"),
        business_id: business_id.to_owned(),
        firm: roadshow_core::program::firm_identity(firm).unwrap(),
    };
    let earlier = [
        held("e1", SUSORO, "한빛벤처스"),
        held("e2", SUSORO, "㈜한빛 벤처스"),
        held("e2", JEJU, "다른 투자"),
    ];
    let met = |investor: &str, startup: &str, event: &str| MetBefore {
        investor: investor.to_owned(),
        startup: startup.to_owned(),
        event: event.to_owned(),
        event_name: Some(format!("로드쇼 {event}")),
    };
    // Both people of 한빛 met 수소로 (latest at e2); nobody here is 다른 투자; sZ is nobody's.
    assert_eq!(
        met_before(&snapshot, &earlier),
        vec![met("iA", "sX", "e2"), met("iC", "sX", "e2")]
    );
    assert_eq!(met_before(&snapshot, &[]), vec![]);
}

#[test]
fn a_met_before_pair_names_people_of_this_event() {
    let input = event(json!([
        {"investor": "iZ", "startup": "sX", "event": "e1"},
        {"investor": "iA", "startup": "s?", "event": ""}
    ]));
    let snapshot = parse_snapshot(&input.to_string()).unwrap();
    let problems: Vec<(String, ProblemCode)> = validate(&snapshot)
        .into_iter()
        .map(|problem| (problem.path, problem.code))
        .collect();
    assert!(
        problems.contains(&("met_before[0].investor".to_owned(), ProblemCode::UnknownId)),
        "{problems:?}"
    );
    assert!(
        problems.contains(&("met_before[1].startup".to_owned(), ProblemCode::UnknownId)),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|(path, _)| path == "met_before[1].event"),
        "{problems:?}"
    );
}
