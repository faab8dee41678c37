//! The console → match worker buffer (`roadshow_core::handoff`): whatever the console holds
//! comes back whole and equal, a score's value as the very JSON number it was; a buffer cut or
//! damaged anywhere is refused with an error, never a panic or a wrong event.

use chrono::{DateTime, FixedOffset, TimeZone};
use proptest::prelude::*;
use roadshow_core::demo::{with_demo_scores, DemoOptions};
use roadshow_core::handoff::{read, write_into, HandoffError};
use roadshow_core::model::{FollowUp, PlannedMeeting, ScoreEntry, Snapshot};
use roadshow_core::replica::{ConsoleChanges, Replica};
use roadshow_core::snapshot::parse_snapshot;
use serde_json::{json, Number};

const DEMO: &str = include_str!("../data/demo-roadshow.json");

/// The demo with its generated scores (a few abstentions, a few pairs left unscored).
fn demo() -> Snapshot {
    with_demo_scores(
        &parse_snapshot(DEMO).expect("the demo reads"),
        DemoOptions::default(),
    )
}

fn written(snapshot: &Snapshot) -> Vec<u8> {
    let mut out = Vec::new();
    write_into(&mut out, snapshot, &snapshot.meetings, &snapshot.follow_ups);
    out
}

#[test]
fn the_demo_comes_back_whole() {
    let demo = demo();
    assert!(demo.scores.len() > 100, "the demo has scores to carry");
    assert_eq!(read(&written(&demo)), Ok(demo));
}

#[test]
fn the_plan_and_follow_ups_given_beside_the_snapshot_replace_its_own() {
    let demo = demo();
    let meetings: Vec<PlannedMeeting> = serde_json::from_value(json!([
        {"investor": demo.investors[0].id, "startup": demo.startups[1].id, "slot": 2, "table": 0,
         "status": "held"}
    ]))
    .unwrap();
    let follow_ups: Vec<FollowUp> = serde_json::from_value(json!([
        {"investor": demo.investors[0].id, "startup": demo.startups[1].id, "stage": "due_diligence"}
    ]))
    .unwrap();
    let mut out = Vec::new();
    write_into(&mut out, &demo, &meetings, &follow_ups);
    let expected = Snapshot {
        meetings,
        follow_ups,
        ..demo
    };
    assert_eq!(read(&out), Ok(expected));
}

/// A scored event in the console: its hand-off is the snapshot with outcomes, exactly.
#[test]
fn a_replica_hands_off_its_snapshot_with_outcomes() {
    let answer: ConsoleChanges = serde_json::from_value(json!({
        "version": 4,
        "event": {
            "settings": {"id": "e1", "name": "설명회", "min_judges": 1,
                "criteria": [{"key": "a", "weight": 1.0}, {"key": "b", "weight": 2.0}],
                "scale": {"min": 1, "max": 10}},
            "live": {"phase": "scoring", "reveal_mode": "after-own-scoring", "scores_revealed": false,
                "registration_closes_at": null, "meetings_published": true, "fictional": false},
            "version": 4
        },
        "startups": [{"id": "s1", "name": "하나"}, {"id": "s2", "name": "둘"}],
        "investors": [{"id": "i1", "firm": "가"}, {"id": "i2", "firm": "나"}],
        "scores": [
            {"investor": "i1", "startup": "s1", "criterion": "a", "value": 8, "abstain": false},
            {"investor": "i1", "startup": "s1", "criterion": "b", "value": 3, "abstain": false},
            {"investor": "i2", "startup": "s2", "criterion": "", "value": null, "abstain": true}
        ],
        "verdicts": [{"investor": "i2", "startup": "s1", "want": true, "comment": "",
            "comment_shared": false}],
        "meetings": [{"investor": "i2", "startup": "s1", "slot": 0, "table": 0}],
        "follow_ups": [{"investor": "i2", "startup": "s1", "stage": "met"}]
    }))
    .expect("a feed answer");
    let mut replica = Replica::new();
    replica.apply(answer).expect("applies");
    let mut out = Vec::new();
    assert!(replica.hand_off(&mut out));
    let expected = replica.snapshot_with_outcomes().expect("loaded");
    assert_eq!(expected.scores.len(), 3);
    assert_eq!(expected.meetings.len(), 1);
    assert_eq!(expected.follow_ups.len(), 1);
    assert_eq!(read(&out), Ok(expected));

    let mut nothing = Vec::new();
    assert!(!Replica::new().hand_off(&mut nothing));
    assert!(nothing.is_empty());
}

#[test]
fn every_cut_of_the_buffer_is_refused() {
    let mut demo = demo();
    demo.scores.truncate(40);
    demo.scores[3].comment = Some("좋은 팀".into());
    demo.scores[5].round = Some("final".into());
    demo.scores[7].updated_at = Some(
        FixedOffset::east_opt(9 * 3600)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 10, 14, 3, 9)
            .unwrap(),
    );
    let whole = written(&demo);
    assert_eq!(read(&whole), Ok(demo));
    for length in 0..whole.len() {
        assert!(read(&whole[..length]).is_err(), "cut at {length}");
    }
    let mut longer = whole.clone();
    longer.push(0);
    assert_eq!(read(&longer), Err(HandoffError::TrailingBytes(1)));
}

#[test]
fn an_unknown_kind_of_value_is_named() {
    let mut demo = demo();
    demo.scores.truncate(1);
    let mut bytes = written(&demo);
    let head = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
    let record = 4 + head + 4 + 4;
    bytes[record] |= 0b111 << 5;
    assert_eq!(
        read(&bytes),
        Err(HandoffError::UnknownTag {
            score: 0,
            what: "value",
            tag: 7
        })
    );
}

#[test]
fn an_index_past_its_table_is_named() {
    let mut demo = demo();
    demo.scores.truncate(1);
    demo.scores[0].value = Some(Number::from(7));
    let mut bytes = written(&demo);
    // The one record follows the head, the count and the records' length: the flags, the
    // investor's and the startup's indices (u32 each), the criterion's, a one-byte value.
    let head = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
    let record = 4 + head + 4 + 4;
    assert_eq!(
        u32::from_le_bytes(bytes[record - 4..record].try_into().unwrap()),
        1 + 4 + 4 + 4 + 1
    );
    bytes[record + 5..record + 9].copy_from_slice(&7u32.to_le_bytes());
    assert_eq!(
        read(&bytes),
        Err(HandoffError::NoSuchEntry {
            score: 0,
            table: "startup",
            index: 7,
            len: 1
        })
    );
}

fn id() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "i1",
        "i2",
        "s1",
        "s-2",
        "가나",
        "투자사",
        "",
        "a\"b",
        "x\u{0}y",
    ])
    .prop_map(str::to_owned)
}

fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<u64>().prop_map(Number::from),
        any::<i64>().prop_map(Number::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| Number::from_f64(f).unwrap()),
    ]
}

fn edit_time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (
        -86_399i32..=86_399,
        -8_000_000_000i64..8_000_000_000,
        0u32..1_000_000_000,
    )
        .prop_map(|(offset, seconds, nanos)| {
            FixedOffset::east_opt(offset)
                .unwrap()
                .timestamp_opt(seconds, nanos)
                .unwrap()
        })
}

fn score() -> impl Strategy<Value = ScoreEntry> {
    (
        id(),
        id(),
        prop::option::of(id()),
        prop::option::of(number()),
        any::<bool>(),
        prop::option::of(id()),
        prop::option::of(edit_time()),
        prop::option::of(id()),
    )
        .prop_map(
            |(investor, startup, criterion, value, abstain, comment, updated_at, round)| {
                ScoreEntry {
                    investor,
                    startup,
                    criterion,
                    value,
                    abstain,
                    comment,
                    updated_at,
                    round,
                }
            },
        )
}

/// Many distinct ids, so that the tables pass from scanned to hashed.
fn many_ids() -> impl Strategy<Value = Vec<ScoreEntry>> {
    prop::collection::vec((0u32..60, 0u32..60, 0u32..25), 0..300).prop_map(|cells| {
        cells
            .into_iter()
            .map(|(investor, startup, criterion)| {
                ScoreEntry::score(
                    &format!("투자{investor}"),
                    &format!("s{startup}"),
                    &format!("c{criterion}"),
                    i64::from(investor) - 30,
                )
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn any_scores_come_back_exactly(scores in prop::collection::vec(score(), 0..120)) {
        let mut snapshot = demo();
        snapshot.scores = scores;
        prop_assert_eq!(read(&written(&snapshot)), Ok(snapshot));
    }

    #[test]
    fn many_distinct_ids_come_back_in_their_places(scores in many_ids()) {
        let mut snapshot = demo();
        snapshot.scores = scores;
        prop_assert_eq!(read(&written(&snapshot)), Ok(snapshot));
    }

    #[test]
    fn damaged_bytes_never_panic(
        scores in prop::collection::vec(score(), 0..20),
        damage in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
    ) {
        let mut snapshot = demo();
        snapshot.startups.truncate(2);
        snapshot.investors.truncate(2);
        snapshot.scores = scores;
        let mut bytes = written(&snapshot);
        for (at, byte) in damage {
            let at = at.index(bytes.len());
            bytes[at] = byte;
        }
        // Damage may leave a valid event or not; it must never panic.
        let _ = read(&bytes);
    }
}
