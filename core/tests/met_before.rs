//! Met before (docs/definitions.md §7.6): the pairs of an event whose company (business id) and
//! firm (normalised name) held a meeting at an earlier event of the program are listed in the
//! snapshot's `met_before[]`, and matching leaves them out unless either side wants to meet
//! again. Worked by hand on a two-by-two event.
#![cfg(not(target_arch = "wasm32"))]

use roadshow_core::cli::match_command;
use roadshow_core::matching::{MatchBoard, Veto};
use roadshow_core::model::MetBefore;
use roadshow_core::problem::ProblemCode;
use roadshow_core::program::{
    apply_firm_change, firm_identity, firm_identity_with, met_before, program_firms,
    split_identity, FirmAliases, FirmChange, HeldPair,
};
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
    let none = FirmAliases::new();
    assert_eq!(
        met_before(&snapshot, &earlier, &none),
        vec![met("iA", "sX", "e2"), met("iC", "sX", "e2")]
    );
    assert_eq!(met_before(&snapshot, &[], &none), vec![]);
    // The program organizer split "(주)한빛벤처스" off as another firm: iC did not meet it.
    let split: FirmAliases = [(
        "(주)한빛벤처스".to_owned(),
        split_identity("(주)한빛벤처스"),
    )]
    .into();
    assert_eq!(
        met_before(&snapshot, &earlier, &split),
        vec![met("iA", "sX", "e2")]
    );
    // … and merged 다른 투자 into 동남액셀러레이터: iB (동남) met 제주드론 (sY) at e2.
    let merged: FirmAliases = [(
        "다른 투자".to_owned(),
        firm_identity("동남액셀러레이터").unwrap(),
    )]
    .into();
    let held_as_written = [HeldPair {
        event: "e2".into(),
        event_name: "로드쇼 e2".into(),
        business_id: JEJU.into(),
        firm: firm_identity_with("다른 투자", &merged).unwrap(),
    }];
    assert_eq!(
        met_before(&snapshot, &held_as_written, &merged),
        vec![met("iB", "sY", "e2")]
    );
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

#[test]
fn the_program_organizer_merges_splits_and_undoes_firm_identities() {
    let events = vec![
        (
            "e1".to_owned(),
            vec!["(주)한빛벤처스".to_owned(), "동남액셀러레이터".to_owned()],
        ),
        (
            "e2".to_owned(),
            vec![
                "한빛 벤처스".to_owned(),
                "동남 AC".to_owned(),
                " (주) ".to_owned(),
            ],
        ),
    ];
    let mut aliases = FirmAliases::new();
    let firms = program_firms(&events, &aliases);
    // Normalised: 한빛 (two spellings), 동남액셀러레이터, 동남ac; the empty name is nobody's.
    let identities: Vec<&str> = firms.iter().map(|firm| firm.identity.as_str()).collect();
    let hanbit = firm_identity("한빛벤처스").unwrap();
    let dongnam = firm_identity("동남액셀러레이터").unwrap();
    let dongnam_ac = firm_identity("동남 AC").unwrap();
    let mut expected = vec![hanbit.as_str(), dongnam.as_str(), dongnam_ac.as_str()];
    expected.sort();
    assert_eq!(identities, expected);
    let hanbit_names: Vec<(&str, &[String])> = firms
        .iter()
        .find(|firm| firm.identity == hanbit)
        .unwrap()
        .names
        .iter()
        .map(|name| (name.name.as_str(), name.events.as_slice()))
        .collect();
    assert_eq!(
        hanbit_names,
        vec![
            ("(주)한빛벤처스", &["e1".to_owned()][..]),
            ("한빛 벤처스", &["e2".to_owned()][..])
        ]
    );

    // "동남 AC" is 동남액셀러레이터: merged, it is one firm with two names, one corrected.
    let merge = FirmChange::Merge {
        from: dongnam_ac.clone(),
        into: dongnam.clone(),
    };
    apply_firm_change(&mut aliases, &firms, &merge).unwrap();
    let firms = program_firms(&events, &aliases);
    assert_eq!(firms.len(), 2);
    let dongnam_firm = firms.iter().find(|firm| firm.identity == dongnam).unwrap();
    let corrected: Vec<(&str, bool)> = dongnam_firm
        .names
        .iter()
        .map(|name| (name.name.as_str(), name.corrected))
        .collect();
    assert_eq!(
        corrected,
        vec![("동남 AC", true), ("동남액셀러레이터", false)]
    );

    // "(주)한빛벤처스" turns out to be another company: split, three firms again.
    let split = FirmChange::Split {
        name: "(주)한빛벤처스".into(),
    };
    apply_firm_change(&mut aliases, &firms, &split).unwrap();
    let firms = program_firms(&events, &aliases);
    assert_eq!(firms.len(), 3);
    assert!(firms
        .iter()
        .any(|firm| firm.identity == split_identity("(주)한빛벤처스")));

    // Undo both: back to the normalised firms.
    for name in ["동남 AC", "(주)한빛벤처스"] {
        let firms = program_firms(&events, &aliases);
        apply_firm_change(
            &mut aliases,
            &firms,
            &FirmChange::Undo { name: name.into() },
        )
        .unwrap();
    }
    assert!(aliases.is_empty());
    assert_eq!(program_firms(&events, &aliases).len(), 3);

    // What the program does not have is refused at its field.
    let firms = program_firms(&events, &aliases);
    let refused = |change: FirmChange| {
        let mut copy = aliases.clone();
        let problem = apply_firm_change(&mut copy, &firms, &change).unwrap_err();
        assert_eq!(copy, aliases, "nothing changes");
        (problem.path, problem.code)
    };
    assert_eq!(
        refused(FirmChange::Merge {
            from: "nobody".into(),
            into: hanbit.clone()
        }),
        ("merge.from".to_owned(), ProblemCode::UnknownId)
    );
    assert_eq!(
        refused(FirmChange::Merge {
            from: hanbit.clone(),
            into: hanbit.clone()
        }),
        ("merge.into".to_owned(), ProblemCode::Duplicate)
    );
    assert_eq!(
        refused(FirmChange::Split {
            name: "없는 회사".into()
        }),
        ("split.name".to_owned(), ProblemCode::UnknownId)
    );
    assert_eq!(
        refused(FirmChange::Undo {
            name: "한빛 벤처스".into()
        }),
        ("undo.name".to_owned(), ProblemCode::UnknownId)
    );
}
