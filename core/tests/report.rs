//! `roadshow report` (docs/definitions.md §11, §7.5): a program of two events with every figure
//! worked out by hand, a property test against a deliberately plain re-computation from the JSON
//! itself, and the command's exit statuses (in-process and as the real binary).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use roadshow_core::cli::report_command;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

// ---------------------------------------------------------------------------------------------
// Builders

fn event(id: &str, starts_at: &str, slots: i64) -> Value {
    json!({
        "id": id,
        "name": format!("로드쇼 {id}"),
        "starts_at": starts_at,
        "scale": {"min": 1, "max": 10},
        "criteria": [{"key": "innovation", "weight": 1.0}],
        "min_judges": 1,
        "meetings": {"slots": slots, "tables": 2}
    })
}

/// A startup; `None` leaves the field out.
fn startup(
    id: &str,
    name: &str,
    business_id: Option<&str>,
    zone: Option<&str>,
    field: Option<&str>,
    region: Option<&str>,
) -> Value {
    let mut s = json!({"id": id, "name": name});
    for (key, value) in [
        ("business_id", business_id),
        ("zone", zone),
        ("field", field),
        ("region", region),
    ] {
        if let Some(value) = value {
            s[key] = json!(value);
        }
    }
    s
}

fn investor(id: &str, firm: &str, kind: Option<&str>) -> Value {
    let mut i = json!({"id": id, "firm": firm});
    if let Some(kind) = kind {
        i["type"] = json!(kind);
    }
    i
}

fn score(i: &str, s: &str, value: i64) -> Value {
    json!({"investor": i, "startup": s, "criterion": "innovation", "value": value})
}

fn abstain(i: &str, s: &str) -> Value {
    json!({"investor": i, "startup": s, "abstain": true})
}

fn meeting(i: &str, s: &str, slot: i64, table: i64, status: Option<&str>) -> Value {
    let mut m = json!({"investor": i, "startup": s, "slot": slot, "table": table});
    if let Some(status) = status {
        m["status"] = json!(status);
    }
    m
}

fn invested(i: &str, s: &str, krw: i64, date: &str, confirmed: Option<bool>) -> Value {
    let mut f = json!({"investor": i, "startup": s, "stage": "invested", "amount_krw": krw,
                       "date": date});
    if let Some(confirmed) = confirmed {
        f["confirmed"] = json!(confirmed);
    }
    f
}

fn stage(i: &str, s: &str, stage: &str) -> Value {
    json!({"investor": i, "startup": s, "stage": stage})
}

fn snapshot(
    event: Value,
    startups: Vec<Value>,
    investors: Vec<Value>,
    scores: Vec<Value>,
    meetings: Vec<Value>,
    follow_ups: Vec<Value>,
) -> Value {
    json!({
        "format": "roadshow-event/1",
        "event": event,
        "startups": startups,
        "investors": investors,
        "scores": scores,
        "interest": [],
        "meetings": meetings,
        "follow_ups": follow_ups
    })
}

/// `roadshow report` on the snapshots, named a.json, b.json, …; the parsed output.
fn report(snapshots: &[Value]) -> Value {
    let texts: Vec<(String, String)> = snapshots
        .iter()
        .enumerate()
        .map(|(k, s)| (format!("{}.json", (b'a' + k as u8) as char), s.to_string()))
        .collect();
    let inputs: Vec<(&str, &[u8])> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_bytes()))
        .collect();
    let out = report_command(&inputs);
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    serde_json::from_str(&out.stdout).expect("the report is JSON")
}

/// `value` printed and read back, as the command's output is: serde_json reads a printed float
/// back to within one unit in the last place only, so both sides take the same way.
fn reparsed(value: &Value) -> Value {
    serde_json::from_str(&value.to_string()).unwrap()
}

/// The figures without the `by_*` maps. `meetings` are proposed, confirmed, declined, held,
/// no_show, cancelled; `stages` met, follow_up, due_diligence, term_sheet, invested, passed.
#[allow(clippy::too_many_arguments)]
fn bucket(
    registered: u64,
    pitched: u64,
    investors: u64,
    meetings: [u64; 6],
    stages: [u64; 6],
    krw: i64,
    krw_confirmed: i64,
    share: Option<f64>,
) -> Value {
    let [proposed, confirmed, declined, held, no_show, cancelled] = meetings;
    let [met, follow_up, due_diligence, term_sheet, invested, passed] = stages;
    json!({
        "startups_registered": registered,
        "startups_pitched": pitched,
        "investors": investors,
        "meetings": {"proposed": proposed, "confirmed": confirmed, "declined": declined,
                     "held": held, "no_show": no_show, "cancelled": cancelled},
        "stages": {"met": met, "follow_up": follow_up, "due_diligence": due_diligence,
                   "term_sheet": term_sheet, "invested": invested, "passed": passed},
        "invested_krw": krw,
        "invested_krw_confirmed": krw_confirmed,
        "non_capital_share": share
    })
}

fn figures(
    overall: Value,
    by_zone: Vec<(&str, Value)>,
    by_field: Vec<(&str, Value)>,
    by_region: Vec<(&str, Value)>,
    by_investor_type: Vec<(&str, Value)>,
) -> Value {
    let map = |entries: Vec<(&str, Value)>| {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect::<Map<_, _>>(),
        )
    };
    let mut all = overall;
    all["by_zone"] = map(by_zone);
    all["by_field"] = map(by_field);
    all["by_region"] = map(by_region);
    all["by_investor_type"] = map(by_investor_type);
    all
}

const NONE: [u64; 6] = [0; 6];

// ---------------------------------------------------------------------------------------------
// (a) Two events by hand

const ULSAN_ZONE: &str = "ulsan-hydrogen-green-mobility";
const BUSAN_ZONE: &str = "busan-blockchain";
const JEJU_ZONE: &str = "jeju-electric-vehicle";
/// 사업자등록번호 with valid check digits.
const SUSORO_BID: &str = "1234567891";
const BUSAN_BLOCK_BID: &str = "2208123455";
const JEJU_DRONE_BID: &str = "1058700005";

/// Ulsan, May: 수소로 (a1, Ulsan, business id shared with b1), 서울바이오 (a2, Seoul, no zone, no
/// business id), 부산블록 (a3, Busan, no field, never scored). Investors (주)한빛벤처스 (vc),
/// 동남액셀러레이터 (ac), 정책금융 (no type).
fn ulsan() -> Value {
    snapshot(
        event("e-ulsan", "2026-05-12T10:00:00+09:00", 4),
        vec![
            startup(
                "a1",
                "수소로",
                Some(SUSORO_BID),
                Some(ULSAN_ZONE),
                Some("hydrogen"),
                Some("Ulsan"),
            ),
            startup("a2", "서울바이오", None, None, Some("bio"), Some("Seoul")),
            startup(
                "a3",
                "부산블록",
                Some(BUSAN_BLOCK_BID),
                Some(BUSAN_ZONE),
                None,
                Some("Busan"),
            ),
        ],
        vec![
            investor("ia1", "(주)한빛벤처스", Some("vc")),
            investor("ia2", "동남액셀러레이터", Some("ac")),
            investor("ia3", "정책금융", None),
        ],
        vec![
            score("ia1", "a1", 8),
            abstain("ia2", "a1"),
            score("ia1", "a2", 6),
        ],
        vec![
            meeting("ia1", "a1", 0, 0, Some("held")),
            meeting("ia3", "a3", 0, 1, None),
            meeting("ia2", "a1", 1, 0, Some("no_show")),
            meeting("ia1", "a2", 1, 1, Some("held")),
            meeting("ia2", "a3", 2, 0, Some("declined")),
        ],
        vec![
            // Non-capital (Ulsan), confirmed by the startup.
            invested("ia1", "a1", 3_000_000_000, "2026-06-01", Some(true)),
            // Capital (Seoul), disputed by the startup.
            invested("ia1", "a2", 1_000_000_000, "2026-06-02", Some(false)),
        ],
    )
}

/// Busan, September: 수소로(주) again (b1, same business id as a1), 제주드론 (b2, Jeju),
/// 경기로봇 (b3, Gyeonggi, no zone, no field, no business id, only an abstention). Investors
/// 한빛 벤처스 (vc; the same firm as (주)한빛벤처스), Kakao Ventures (cvc), 부산엔젤 (angel).
fn busan() -> Value {
    snapshot(
        event("e-busan", "2026-09-08T10:00:00+09:00", 4),
        vec![
            startup(
                "b1",
                "수소로(주)",
                Some(SUSORO_BID),
                Some(ULSAN_ZONE),
                Some("hydrogen"),
                Some("Ulsan"),
            ),
            startup(
                "b2",
                "제주드론",
                Some(JEJU_DRONE_BID),
                Some(JEJU_ZONE),
                Some("mobility"),
                Some("Jeju"),
            ),
            startup("b3", "경기로봇", None, None, None, Some("Gyeonggi")),
        ],
        vec![
            investor("ib1", "한빛 벤처스", Some("vc")),
            investor("ib2", "Kakao Ventures", Some("cvc")),
            investor("ib3", "부산엔젤", Some("angel")),
        ],
        vec![
            score("ib1", "b1", 7),
            score("ib2", "b2", 9),
            score("ib3", "b2", 5),
            abstain("ib2", "b3"),
        ],
        vec![
            // Held, and no follow-up entry: the pair is at `met`.
            meeting("ib1", "b1", 0, 0, Some("held")),
            meeting("ib2", "b2", 0, 1, Some("held")),
            meeting("ib3", "b2", 1, 0, Some("confirmed")),
            meeting("ib2", "b3", 1, 1, Some("cancelled")),
            meeting("ib1", "b2", 2, 0, Some("held")),
        ],
        vec![
            stage("ib2", "b2", "term_sheet"),
            // Not answered by the startup yet: reported, not confirmed.
            invested("ib1", "b2", 500_000_000, "2026-09-20", None),
            // A pair that met outside the plan and passed.
            json!({"investor": "ib3", "startup": "b1", "stage": "passed", "reason": "too early"}),
        ],
    )
}

/// Event e-ulsan by hand.
///
/// Startups 3; pitched a1 (a score and an abstention), a2 → 2; firms 3. Meetings: ia3–a3 without
/// status → proposed 1, declined 1 (ia2–a3), held 2 (ia1–a1, ia1–a2), no_show 1 (ia2–a1).
/// Pairs: the two `invested` entries (both held meetings have an entry, so no `met`).
/// KRW 3e9 + 1e9 = 4e9, confirmed 3e9 (a2's is disputed); non-capital a1 3e9 / 4e9 = 0.75.
fn ulsan_figures() -> Value {
    // a1's bucket: a1's records are scores ia1, ia2; meetings ia1 held, ia2 no_show; ia1's
    // investment → firms 한빛, 동남 = 2; 3e9 all confirmed, all non-capital.
    let a1 = bucket(
        1,
        1,
        2,
        [0, 0, 0, 1, 1, 0],
        [0, 0, 0, 0, 1, 0],
        3_000_000_000,
        3_000_000_000,
        Some(1.0),
    );
    // a2's bucket: ia1 only; 1e9 disputed, in Seoul → share 0.
    let a2 = bucket(
        1,
        1,
        1,
        [0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 1, 0],
        1_000_000_000,
        0,
        Some(0.0),
    );
    // a3's bucket: not scored; ia3 (proposed) and ia2 (declined) → 2 firms; nothing invested.
    let a3 = bucket(1, 0, 2, [1, 0, 1, 0, 0, 0], NONE, 0, 0, None);
    figures(
        bucket(
            3,
            2,
            3,
            [1, 0, 1, 2, 1, 0],
            [0, 0, 0, 0, 2, 0],
            4_000_000_000,
            3_000_000_000,
            Some(0.75),
        ),
        vec![
            (BUSAN_ZONE, a3.clone()),
            ("none", a2.clone()),
            (ULSAN_ZONE, a1.clone()),
        ],
        vec![
            ("bio", a2.clone()),
            ("hydrogen", a1.clone()),
            ("none", a3.clone()),
        ],
        vec![("Busan", a3), ("Seoul", a2), ("Ulsan", a1)],
        vec![
            // ia2: abstained on a1, no-show with a1, declined by a3 → startups a1, a3; pitched a1.
            ("ac", bucket(2, 1, 1, [0, 0, 1, 0, 1, 0], NONE, 0, 0, None)),
            // ia3: the proposed meeting with a3.
            (
                "none",
                bucket(1, 0, 1, [1, 0, 0, 0, 0, 0], NONE, 0, 0, None),
            ),
            // ia1: scored a1 and a2, held both, invested in both.
            (
                "vc",
                bucket(
                    2,
                    2,
                    1,
                    [0, 0, 0, 2, 0, 0],
                    [0, 0, 0, 0, 2, 0],
                    4_000_000_000,
                    3_000_000_000,
                    Some(0.75),
                ),
            ),
        ],
    )
}

/// Event e-busan by hand.
///
/// Startups 3, all pitched (b3 by an abstention only); firms 3. Meetings: confirmed 1 (ib3–b2),
/// held 3 (ib1–b1, ib2–b2, ib1–b2), cancelled 1 (ib2–b3). Pairs: ib2–b2 term_sheet, ib1–b2
/// invested, ib3–b1 passed, and ib1–b1 held without an entry → met. KRW 5e8, none confirmed,
/// all into Jeju → share 1.
fn busan_figures() -> Value {
    // b1: scored by ib1, held with ib1 (met), passed by ib3 → firms 2.
    let b1 = bucket(1, 1, 2, [0, 0, 0, 1, 0, 0], [1, 0, 0, 0, 0, 1], 0, 0, None);
    // b2: ib2 (held, term sheet), ib3 (confirmed), ib1 (held, invested 5e8 unconfirmed).
    let b2 = bucket(
        1,
        1,
        3,
        [0, 1, 0, 2, 0, 0],
        [0, 0, 0, 1, 1, 0],
        500_000_000,
        0,
        Some(1.0),
    );
    // b3: ib2's abstention and cancelled meeting.
    let b3 = bucket(1, 1, 1, [0, 0, 0, 0, 0, 1], NONE, 0, 0, None);
    figures(
        bucket(
            3,
            3,
            3,
            [0, 1, 0, 3, 0, 1],
            [1, 0, 0, 1, 1, 1],
            500_000_000,
            0,
            Some(1.0),
        ),
        vec![
            (JEJU_ZONE, b2.clone()),
            ("none", b3.clone()),
            (ULSAN_ZONE, b1.clone()),
        ],
        vec![
            ("hydrogen", b1.clone()),
            ("mobility", b2.clone()),
            ("none", b3.clone()),
        ],
        vec![("Gyeonggi", b3), ("Jeju", b2), ("Ulsan", b1)],
        vec![
            // ib3: scored b2, confirmed with b2, passed on b1 → startups b1, b2; pitched b2.
            (
                "angel",
                bucket(2, 1, 1, [0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1], 0, 0, None),
            ),
            // ib2: scored b2, abstained on b3 (both pitched), held b2, cancelled b3, term sheet.
            (
                "cvc",
                bucket(2, 2, 1, [0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 0, 0], 0, 0, None),
            ),
            // ib1: scored b1; held b1 (met) and b2 (invested).
            (
                "vc",
                bucket(
                    2,
                    1,
                    1,
                    [0, 0, 0, 2, 0, 0],
                    [1, 0, 0, 0, 1, 0],
                    500_000_000,
                    0,
                    Some(1.0),
                ),
            ),
        ],
    )
}

/// Both events together, by hand.
///
/// Startups: 수소로 (a1 = b1 by business id), 서울바이오, 부산블록, 제주드론, 경기로봇 → 5;
/// pitched: all but 부산블록 → 4. Firms: 한빛벤처스 ((주)한빛벤처스 = 한빛 벤처스), 동남, 정책금융,
/// Kakao, 부산엔젤 → 5. Meetings and stages add up; KRW 4e9 + 5e8 = 4.5e9, confirmed 3e9;
/// non-capital 3e9 (Ulsan) + 5e8 (Jeju) = 3.5e9 → 3.5 / 4.5 = 7/9.
fn total_figures() -> Value {
    // 수소로 over both events: firms 한빛, 동남 (Ulsan) and 한빛, 부산엔젤 (Busan) → 3.
    let susoro = bucket(
        1,
        1,
        3,
        [0, 0, 0, 2, 1, 0],
        [1, 0, 0, 0, 1, 1],
        3_000_000_000,
        3_000_000_000,
        Some(1.0),
    );
    let seoul_bio = bucket(
        1,
        1,
        1,
        [0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 1, 0],
        1_000_000_000,
        0,
        Some(0.0),
    );
    let busan_block = bucket(1, 0, 2, [1, 0, 1, 0, 0, 0], NONE, 0, 0, None);
    let jeju_drone = bucket(
        1,
        1,
        3,
        [0, 1, 0, 2, 0, 0],
        [0, 0, 0, 1, 1, 0],
        500_000_000,
        0,
        Some(1.0),
    );
    let gyeonggi_robot = bucket(1, 1, 1, [0, 0, 0, 0, 0, 1], NONE, 0, 0, None);
    figures(
        bucket(
            5,
            4,
            5,
            [1, 1, 1, 5, 1, 1],
            [1, 0, 0, 1, 3, 1],
            4_500_000_000,
            3_000_000_000,
            Some(7.0 / 9.0),
        ),
        vec![
            (BUSAN_ZONE, busan_block.clone()),
            (JEJU_ZONE, jeju_drone.clone()),
            // 서울바이오 and 경기로봇: firms 한빛 and Kakao; held 1, cancelled 1; 1e9 into Seoul.
            (
                "none",
                bucket(
                    2,
                    2,
                    2,
                    [0, 0, 0, 1, 0, 1],
                    [0, 0, 0, 0, 1, 0],
                    1_000_000_000,
                    0,
                    Some(0.0),
                ),
            ),
            (ULSAN_ZONE, susoro.clone()),
        ],
        vec![
            ("bio", seoul_bio.clone()),
            ("hydrogen", susoro.clone()),
            ("mobility", jeju_drone.clone()),
            // 부산블록 (not pitched; 정책금융, 동남) and 경기로봇 (pitched; Kakao).
            (
                "none",
                bucket(2, 1, 3, [1, 0, 1, 0, 0, 1], NONE, 0, 0, None),
            ),
        ],
        vec![
            ("Busan", busan_block),
            ("Gyeonggi", gyeonggi_robot),
            ("Jeju", jeju_drone),
            ("Seoul", seoul_bio),
            ("Ulsan", susoro),
        ],
        vec![
            ("ac", bucket(2, 1, 1, [0, 0, 1, 0, 1, 0], NONE, 0, 0, None)),
            (
                "angel",
                bucket(2, 1, 1, [0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1], 0, 0, None),
            ),
            (
                "cvc",
                bucket(2, 2, 1, [0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 0, 0], 0, 0, None),
            ),
            (
                "none",
                bucket(1, 0, 1, [1, 0, 0, 0, 0, 0], NONE, 0, 0, None),
            ),
            // 한빛벤처스 at both events: one firm; startups 수소로, 서울바이오, 제주드론 → 3, of
            // which 수소로 and 서울바이오 pitched to it; held 4; met 1, invested 3.
            (
                "vc",
                bucket(
                    3,
                    2,
                    1,
                    [0, 0, 0, 4, 0, 0],
                    [1, 0, 0, 0, 3, 0],
                    4_500_000_000,
                    3_000_000_000,
                    Some(7.0 / 9.0),
                ),
            ),
        ],
    )
}

#[test]
fn two_events_by_hand() {
    let out = report(&[ulsan(), busan()]);
    let expected = json!({
        "events": [
            {"event": "e-ulsan", "figures": ulsan_figures()},
            {"event": "e-busan", "figures": busan_figures()}
        ],
        "total": total_figures()
    });
    assert_eq!(out, reparsed(&expected));
}

#[test]
fn events_are_listed_in_the_order_given_and_the_total_does_not_depend_on_it() {
    let out = report(&[busan(), ulsan()]);
    assert_eq!(out["events"][0]["event"], "e-busan");
    assert_eq!(out["events"][0]["figures"], reparsed(&busan_figures()));
    assert_eq!(out["events"][1]["figures"], reparsed(&ulsan_figures()));
    assert_eq!(out["total"], reparsed(&total_figures()));
}

#[test]
fn one_event_alone_totals_to_its_own_figures() {
    let out = report(&[ulsan()]);
    assert_eq!(out["events"][0]["figures"], reparsed(&ulsan_figures()));
    assert_eq!(out["total"], reparsed(&ulsan_figures()));
}

#[test]
fn the_same_event_twice_is_refused() {
    let text = ulsan().to_string();
    let out = report_command(&[("a.json", text.as_bytes()), ("b.json", text.as_bytes())]);
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with("b.json: event.id: duplicate"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_output_has_exactly_the_design_field_names() {
    let out = report(&[ulsan()]);
    let keys = |value: &Value| -> BTreeSet<String> {
        value.as_object().unwrap().keys().cloned().collect()
    };
    let names =
        |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| s.to_string()).collect() };
    assert_eq!(keys(&out), names(&["events", "total"]));
    assert_eq!(keys(&out["events"][0]), names(&["event", "figures"]));
    let plain = [
        "startups_registered",
        "startups_pitched",
        "investors",
        "meetings",
        "stages",
        "invested_krw",
        "invested_krw_confirmed",
        "non_capital_share",
    ];
    let by = ["by_zone", "by_field", "by_region", "by_investor_type"];
    let with_by: Vec<&str> = plain.iter().chain(&by).copied().collect();
    assert_eq!(keys(&out["total"]), names(&with_by));
    assert_eq!(keys(&out["events"][0]["figures"]), names(&with_by));
    for map in by {
        for bucket in out["total"][map].as_object().unwrap().values() {
            assert_eq!(keys(bucket), names(&plain));
        }
    }
    assert_eq!(
        keys(&out["total"]["meetings"]),
        names(&[
            "proposed",
            "confirmed",
            "declined",
            "held",
            "no_show",
            "cancelled"
        ])
    );
    assert_eq!(
        keys(&out["total"]["stages"]),
        names(&[
            "met",
            "follow_up",
            "due_diligence",
            "term_sheet",
            "invested",
            "passed"
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// (b) Against a plain re-computation from the JSON

/// Firm spellings; the first two and the next two are one firm each.
const FIRMS: [&str; 5] = [
    "(주)한빛벤처스",
    "한빛 벤처스",
    "Kakao Ventures",
    "kakaoventures 주식회사",
    "부산엔젤",
];
const BIDS: [&str; 3] = [SUSORO_BID, BUSAN_BLOCK_BID, JEJU_DRONE_BID];
const ZONES: [&str; 2] = [ULSAN_ZONE, BUSAN_ZONE];
const FIELDS: [&str; 2] = ["hydrogen", "bio"];
const REGIONS: [&str; 5] = ["Seoul", "Gyeonggi", "Incheon", "Ulsan", "Jeju"];
const TYPES: [&str; 3] = ["vc", "ac", "angel"];
const STATUSES: [&str; 6] = [
    "proposed",
    "confirmed",
    "declined",
    "held",
    "no_show",
    "cancelled",
];
const STAGES: [&str; 6] = [
    "met",
    "follow_up",
    "due_diligence",
    "term_sheet",
    "invested",
    "passed",
];

/// Per pair (investor, startup): a score (none, a value, an abstention), a meeting (none, or
/// with no status or one of the six), a follow-up (none, or a stage; invested with an amount and
/// a confirmation none / true / false).
#[derive(Debug, Clone)]
struct PairPlan {
    score: u8,
    meeting: Option<Option<usize>>,
    follow_up: Option<(usize, i64, u8)>,
}

/// A startup's business id, zone, field and region, as positions in the pools (None: absent).
type StartupPlan = (Option<usize>, Option<usize>, Option<usize>, Option<usize>);

#[derive(Debug, Clone)]
struct EventPlan {
    startups: Vec<StartupPlan>,
    investors: Vec<(usize, Option<usize>)>,
    pairs: Vec<PairPlan>,
}

fn pair_plan() -> impl Strategy<Value = PairPlan> {
    (
        0u8..3,
        prop::option::of(prop::option::of(0usize..6)),
        prop::option::of((0usize..6, 1i64..=1_000_000_000_000, 0u8..3)),
    )
        .prop_map(|(score, meeting, follow_up)| PairPlan {
            score,
            meeting,
            follow_up,
        })
}

fn event_plan() -> impl Strategy<Value = EventPlan> {
    (
        prop::collection::vec(
            (
                prop::option::of(0usize..BIDS.len()),
                prop::option::of(0usize..ZONES.len()),
                prop::option::of(0usize..FIELDS.len()),
                prop::option::of(0usize..REGIONS.len()),
            ),
            0..4,
        ),
        prop::collection::vec(
            (0usize..FIRMS.len(), prop::option::of(0usize..TYPES.len())),
            0..4,
        ),
    )
        .prop_flat_map(|(startups, investors)| {
            let n = startups.len() * investors.len();
            (
                Just(startups),
                Just(investors),
                prop::collection::vec(pair_plan(), n),
            )
        })
        .prop_map(|(startups, investors, pairs)| EventPlan {
            startups,
            investors,
            pairs,
        })
}

/// A valid snapshot from a plan: each meeting in a slot of its own, a business id used once per
/// event.
fn build(index: usize, plan: &EventPlan) -> Value {
    let mut used = BTreeSet::new();
    let startups: Vec<Value> = plan
        .startups
        .iter()
        .enumerate()
        .map(|(k, (bid, zone, field, region))| {
            let bid = bid.filter(|b| used.insert(*b)).map(|b| BIDS[b]);
            startup(
                &format!("s{k}"),
                &format!("Startup {k}"),
                bid,
                zone.map(|z| ZONES[z]),
                field.map(|f| FIELDS[f]),
                region.map(|r| REGIONS[r]),
            )
        })
        .collect();
    let investors: Vec<Value> = plan
        .investors
        .iter()
        .enumerate()
        .map(|(k, (firm, kind))| investor(&format!("i{k}"), FIRMS[*firm], kind.map(|t| TYPES[t])))
        .collect();
    let (mut scores, mut meetings, mut follow_ups) = (Vec::new(), Vec::new(), Vec::new());
    for (p, pair) in plan.pairs.iter().enumerate() {
        let (s, i) = (
            format!("s{}", p / plan.investors.len()),
            format!("i{}", p % plan.investors.len()),
        );
        match pair.score {
            1 => scores.push(score(&i, &s, 1 + (p as i64 % 10))),
            2 => scores.push(abstain(&i, &s)),
            _ => {}
        }
        if let Some(status) = pair.meeting {
            let slot = meetings.len() as i64;
            meetings.push(meeting(&i, &s, slot, 0, status.map(|k| STATUSES[k])));
        }
        if let Some((stage_index, amount, confirmed)) = pair.follow_up {
            if STAGES[stage_index] == "invested" {
                let confirmed = [None, Some(true), Some(false)][confirmed as usize];
                follow_ups.push(invested(&i, &s, amount, "2026-12-01", confirmed));
            } else {
                follow_ups.push(stage(&i, &s, STAGES[stage_index]));
            }
        }
    }
    snapshot(
        event(&format!("e{index}"), "2026-05-01T10:00:00+09:00", 16),
        startups,
        investors,
        scores,
        meetings,
        follow_ups,
    )
}

/// The oracle's firm key: spaces, case, (주) and 주식회사 away.
fn oracle_firm(firm: &str) -> String {
    firm.replace(' ', "")
        .to_lowercase()
        .replace("(주)", "")
        .replace("주식회사", "")
}

fn text_or_none(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("none")
        .to_owned()
}

/// One record of the oracle: which event, startup and investor (by position), and what.
#[derive(Debug, Clone)]
enum Record {
    Score,
    Meeting(String),
    Pair {
        stage: String,
        krw: i64,
        confirmed: bool,
    },
}

/// Everything of all events, flattened: people with their identity and keys, and records.
struct World {
    /// (identity, zone, field, region)
    startups: Vec<(String, String, String, String)>,
    /// (identity, type)
    investors: Vec<(String, String)>,
    /// (startup, investor, record)
    records: Vec<(usize, usize, Record)>,
}

fn world(events: &[Value]) -> World {
    let mut w = World {
        startups: Vec::new(),
        investors: Vec::new(),
        records: Vec::new(),
    };
    for (e, snapshot) in events.iter().enumerate() {
        let s0 = w.startups.len();
        let i0 = w.investors.len();
        let ids_s: Vec<&str> = snapshot["startups"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap())
            .collect();
        let ids_i: Vec<&str> = snapshot["investors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        for s in snapshot["startups"].as_array().unwrap() {
            let identity = match s.get("business_id") {
                Some(bid) => format!("bid {}", bid.as_str().unwrap()),
                None => format!("event {e} startup {}", s["id"].as_str().unwrap()),
            };
            w.startups.push((
                identity,
                text_or_none(s, "zone"),
                text_or_none(s, "field"),
                text_or_none(s, "region"),
            ));
        }
        for i in snapshot["investors"].as_array().unwrap() {
            w.investors.push((
                oracle_firm(i["firm"].as_str().unwrap()),
                text_or_none(i, "type"),
            ));
        }
        let at = |record: &Value| {
            let s = ids_s
                .iter()
                .position(|id| *id == record["startup"].as_str().unwrap())
                .unwrap();
            let i = ids_i
                .iter()
                .position(|id| *id == record["investor"].as_str().unwrap())
                .unwrap();
            (s0 + s, i0 + i)
        };
        for score in snapshot["scores"].as_array().unwrap() {
            let (s, i) = at(score);
            w.records.push((s, i, Record::Score));
        }
        let mut with_entry = BTreeSet::new();
        for entry in snapshot["follow_ups"].as_array().unwrap() {
            let (s, i) = at(entry);
            with_entry.insert((s, i));
            w.records.push((
                s,
                i,
                Record::Pair {
                    stage: entry["stage"].as_str().unwrap().to_owned(),
                    krw: entry.get("amount_krw").and_then(Value::as_i64).unwrap_or(0),
                    confirmed: entry.get("confirmed") == Some(&json!(true)),
                },
            ));
        }
        for m in snapshot["meetings"].as_array().unwrap() {
            let (s, i) = at(m);
            let status = m
                .get("status")
                .and_then(Value::as_str)
                .unwrap_or("proposed")
                .to_owned();
            if status == "held" && with_entry.insert((s, i)) {
                w.records.push((
                    s,
                    i,
                    Record::Pair {
                        stage: "met".into(),
                        krw: 0,
                        confirmed: false,
                    },
                ));
            }
            w.records.push((s, i, Record::Meeting(status)));
        }
    }
    w
}

/// A bucket's figures, straight from the definitions: `by` is None (everything), or the
/// dimension (zone, field, region, type) and its key.
fn oracle_bucket(w: &World, by: Option<(&str, &str)>) -> Value {
    let startup_in = |s: usize| match by {
        Some(("zone", k)) => w.startups[s].1 == k,
        Some(("field", k)) => w.startups[s].2 == k,
        Some(("region", k)) => w.startups[s].3 == k,
        _ => true,
    };
    let investor_in = |i: usize| match by {
        Some(("type", k)) => w.investors[i].1 == k,
        _ => true,
    };
    let records: Vec<&(usize, usize, Record)> = w
        .records
        .iter()
        .filter(|(s, i, _)| startup_in(*s) && investor_in(*i))
        .collect();
    let by_investor = matches!(by, Some(("type", _)));
    let by_startup = by.is_some() && !by_investor;
    let startups: BTreeSet<&str> = (0..w.startups.len())
        .filter(|&s| startup_in(s))
        .filter(|&s| !by_investor || records.iter().any(|r| r.0 == s))
        .map(|s| w.startups[s].0.as_str())
        .collect();
    let investors: BTreeSet<&str> = (0..w.investors.len())
        .filter(|&i| investor_in(i))
        .filter(|&i| !by_startup || records.iter().any(|r| r.1 == i))
        .map(|i| w.investors[i].0.as_str())
        .collect();
    let pitched: BTreeSet<&str> = records
        .iter()
        .filter(|r| matches!(r.2, Record::Score))
        .map(|r| w.startups[r.0].0.as_str())
        .collect();
    let mut meetings: BTreeMap<&str, u64> = STATUSES.iter().map(|s| (*s, 0)).collect();
    let mut stages: BTreeMap<&str, u64> = STAGES.iter().map(|s| (*s, 0)).collect();
    let (mut krw, mut confirmed, mut outside) = (0i64, 0i64, 0i64);
    for (s, _, record) in &records {
        match record {
            Record::Score => {}
            Record::Meeting(status) => *meetings.get_mut(status.as_str()).unwrap() += 1,
            Record::Pair {
                stage,
                krw: amount,
                confirmed: yes,
            } => {
                *stages.get_mut(stage.as_str()).unwrap() += 1;
                if stage == "invested" {
                    krw += amount;
                    if *yes {
                        confirmed += amount;
                    }
                    if !["Seoul", "Gyeonggi", "Incheon"].contains(&w.startups[*s].3.as_str()) {
                        outside += amount;
                    }
                }
            }
        }
    }
    json!({
        "startups_registered": startups.len(),
        "startups_pitched": pitched.len(),
        "investors": investors.len(),
        "meetings": meetings,
        "stages": stages,
        "invested_krw": krw,
        "invested_krw_confirmed": confirmed,
        "non_capital_share": if krw == 0 { Value::Null } else { json!(outside as f64 / krw as f64) }
    })
}

fn oracle_figures(events: &[Value]) -> Value {
    let w = world(events);
    let mut out = oracle_bucket(&w, None);
    for (name, dim) in [
        ("by_zone", "zone"),
        ("by_field", "field"),
        ("by_region", "region"),
        ("by_investor_type", "type"),
    ] {
        let keys: BTreeSet<&str> = match dim {
            "zone" => w.startups.iter().map(|s| s.1.as_str()).collect(),
            "field" => w.startups.iter().map(|s| s.2.as_str()).collect(),
            "region" => w.startups.iter().map(|s| s.3.as_str()).collect(),
            _ => w.investors.iter().map(|i| i.1.as_str()).collect(),
        };
        let map: Map<String, Value> = keys
            .into_iter()
            .map(|k| (k.to_owned(), oracle_bucket(&w, Some((dim, k)))))
            .collect();
        out[name] = Value::Object(map);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn report_agrees_with_a_plain_recomputation(
        plans in prop::collection::vec(event_plan(), 1..4)
    ) {
        let snapshots: Vec<Value> = plans.iter().enumerate().map(|(k, p)| build(k, p)).collect();
        let out = report(&snapshots);
        let events: Vec<Value> = snapshots
            .iter()
            .map(|s| json!({"event": s["event"]["id"], "figures": oracle_figures(std::slice::from_ref(s))}))
            .collect();
        let expected = json!({"events": events, "total": oracle_figures(&snapshots)});
        prop_assert_eq!(out, reparsed(&expected));
    }
}

// ---------------------------------------------------------------------------------------------
// (c) Exit statuses

#[test]
fn every_bad_file_is_named_with_its_problems_and_exits_1() {
    let good = ulsan().to_string();
    let mut unknown = busan();
    unknown["follow_ups"][0]["startup"] = json!("nobody");
    let unknown = unknown.to_string();
    let out = report_command(&[
        ("good.json", good.as_bytes()),
        ("broken.json", b"{ not json"),
        ("unknown.json", unknown.as_bytes()),
    ]);
    assert_eq!(out.exit_code, 1);
    assert_eq!(out.stdout, "");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("broken.json: .: malformed")),
        "{}",
        out.stderr
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("unknown.json: follow_ups[0].startup: unknown_id")),
        "{}",
        out.stderr
    );
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("broken.json: ") || l.starts_with("unknown.json: ")),
        "{}",
        out.stderr
    );
}

#[test]
fn no_snapshot_is_a_usage_error() {
    let out = report_command(&[]);
    assert_eq!(out.exit_code, 2);
    assert_eq!(out.stdout, "");
}

fn temp_file(name: &str, contents: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

fn roadshow(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_roadshow"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn the_binary_reports_two_files_and_exits_0() {
    let a = temp_file("report-ulsan.json", &ulsan().to_string());
    let b = temp_file("report-busan.json", &busan().to_string());
    let out = roadshow(&["report", &a, &b]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["total"], reparsed(&total_figures()));
}

#[test]
fn the_binary_names_the_bad_and_the_missing_file_and_exits_1() {
    let good = temp_file("report-good.json", &ulsan().to_string());
    let bad = temp_file("report-bad.json", "[1, 2");
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("report-nowhere.json")
        .display()
        .to_string();
    let out = roadshow(&["report", &good, &bad, &missing]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("{bad}: .: malformed")), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot read {missing}")),
        "{stderr}"
    );
    assert!(!stderr.contains(&format!("{good}:")), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_binary_without_a_snapshot_is_a_usage_error() {
    let out = roadshow(&["report"]);
    assert_eq!(out.status.code(), Some(2));
}

/// The program page reads the server's report back into core's types: every figure comes back,
/// sums beyond 64 bits included (serde's `flatten` alone could not read 128-bit integers).
#[test]
fn the_printed_report_reads_back_whole() {
    let printed = report(&[ulsan(), busan()]);
    let read: roadshow_core::report::ProgramReport =
        serde_json::from_value(printed.clone()).expect("the report reads back");
    assert_eq!(serde_json::to_value(&read).unwrap(), printed);
    let total = printed["total"].to_string();
    let sum = format!("\"invested_krw\":{},", printed["total"]["invested_krw"]);
    assert!(total.contains(&sum), "{total}");
    let huge = total.replace(&sum, "\"invested_krw\":200000000000000000000,");
    let read: roadshow_core::report::Figures = serde_json::from_str(&huge).expect("128-bit sums");
    assert_eq!(read.overall.invested_krw, 200_000_000_000_000_000_000_i128);
}
