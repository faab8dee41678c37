//! The outcomes funnel and the outcome CSVs on a small event worked by hand.

use chrono::NaiveDate;
use roadshow_core::export::{Directory, SlotClock};
use roadshow_core::funnel::{funnel, FunnelStep, NoShow};
use roadshow_core::model::{FollowUp, FollowUpStage, MeetingStatus, PlannedMeeting, Snapshot};
use roadshow_core::outcome_csv::{follow_ups_csv, meetings_status_csv};

const DEMO: &str = include_str!("../data/demo-roadshow.json");

fn meeting(
    investor: &str,
    startup: &str,
    slot: i64,
    table: i64,
    status: Option<MeetingStatus>,
) -> PlannedMeeting {
    PlannedMeeting {
        investor: investor.into(),
        startup: startup.into(),
        slot,
        table,
        status,
        attendees: Vec::new(),
    }
}

fn record(investor: &str, startup: &str, stage: FollowUpStage) -> FollowUp {
    FollowUp {
        investor: investor.into(),
        startup: startup.into(),
        stage,
        amount_krw: None,
        date: None,
        confirmed: None,
        reason: None,
    }
}

fn invested(investor: &str, startup: &str, amount: i64, confirmed: Option<bool>) -> FollowUp {
    FollowUp {
        amount_krw: Some(amount),
        date: NaiveDate::from_ymd_opt(2027, 1, 5),
        confirmed,
        ..record(investor, startup, FollowUpStage::Invested)
    }
}

/// Ten meetings, one pair twice (cancelled, then re-added), and follow-ups:
///
/// | pair | meeting(s) | record | furthest step |
/// |---|---|---|---|
/// | i01·s01 | held | invested 5억, confirmed | invested |
/// | i02·s02 | held | invested 2억, not answered | invested |
/// | i03·s03 | held | term_sheet | term sheet |
/// | i04·s04 | held | due_diligence | due diligence |
/// | i05·s05 | held | follow_up | follow-up |
/// | i06·s06 | held | passed | held |
/// | i07·s07 | held | — | held |
/// | i08·s08 | confirmed | — | confirmed |
/// | i09·s01 | no_show (slot 2) | — | proposed |
/// | i10·s02 | cancelled, then proposed | — | proposed |
/// | i11·s03 | declined | — | proposed |
/// | i12·s04 | (none) | met | held (a record means a held meeting) |
fn event() -> Snapshot {
    let mut snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
    use MeetingStatus::*;
    snapshot.meetings = vec![
        meeting("i01", "s01", 0, 0, Some(Held)),
        meeting("i02", "s02", 0, 1, Some(Held)),
        meeting("i03", "s03", 0, 2, Some(Held)),
        meeting("i04", "s04", 1, 0, Some(Held)),
        meeting("i05", "s05", 1, 1, Some(Held)),
        meeting("i06", "s06", 1, 2, Some(Held)),
        meeting("i07", "s07", 1, 3, Some(Held)),
        meeting("i08", "s08", 3, 0, Some(Confirmed)),
        meeting("i09", "s01", 2, 1, Some(NoShow)),
        meeting("i10", "s02", 2, 2, Some(Cancelled)),
        meeting("i10", "s02", 4, 2, None),
        meeting("i11", "s03", 3, 1, Some(Declined)),
    ];
    snapshot.follow_ups = vec![
        invested("i01", "s01", 500_000_000, Some(true)),
        invested("i02", "s02", 200_000_000, None),
        record("i03", "s03", FollowUpStage::TermSheet),
        record("i04", "s04", FollowUpStage::DueDiligence),
        record("i05", "s05", FollowUpStage::FollowUp),
        FollowUp {
            reason: Some("too early".into()),
            ..record("i06", "s06", FollowUpStage::Passed)
        },
        record("i12", "s04", FollowUpStage::Met),
    ];
    snapshot
}

#[test]
fn the_funnel_counts_pairs_that_reached_at_least_each_step() {
    let f = funnel(&event());
    let counts: Vec<(FunnelStep, u64)> = f.steps.iter().map(|c| (c.step, c.pairs)).collect();
    assert_eq!(
        counts,
        vec![
            // 11 pairs with meetings (i10·s02 once) + i12·s04 with a record only.
            (FunnelStep::Proposed, 12),
            // held 7 + confirmed i08 + i12 (record).
            (FunnelStep::Confirmed, 9),
            (FunnelStep::Held, 8),
            // follow_up, due_diligence, term_sheet, invested × 2.
            (FunnelStep::FollowUp, 5),
            (FunnelStep::DueDiligence, 4),
            (FunnelStep::TermSheet, 3),
            (FunnelStep::Invested, 2),
        ]
    );
    assert_eq!(f.passed, 1);
    assert_eq!(f.invested_krw, 700_000_000);
    assert_eq!(f.invested_krw_confirmed, 500_000_000);
    assert_eq!(f.invested_confirmed_pairs, 1);
    assert_eq!(f.meetings(MeetingStatus::Held), 7);
    assert_eq!(f.meetings(MeetingStatus::Proposed), 1);
    assert_eq!(f.meetings(MeetingStatus::Cancelled), 1);
    assert_eq!(f.meetings(MeetingStatus::NoShow), 1);
    assert_eq!(f.meetings(MeetingStatus::Declined), 1);
    assert_eq!(f.meetings(MeetingStatus::Confirmed), 1);
    assert_eq!(
        f.no_shows,
        vec![NoShow {
            investor: "i09".into(),
            startup: "s01".into(),
            slot: 2,
            table: 1
        }]
    );
    // Never rises along the funnel.
    assert!(f.steps.windows(2).all(|w| w[0].pairs >= w[1].pairs));
}

#[test]
fn an_event_without_meetings_has_an_empty_funnel() {
    let snapshot = roadshow_core::snapshot::parse_snapshot(DEMO).unwrap();
    let f = funnel(&snapshot);
    assert!(f.steps.iter().all(|c| c.pairs == 0));
    assert_eq!((f.invested_krw, f.passed), (0, 0));
    assert!(f.no_shows.is_empty());
}

#[test]
fn outcome_csvs_list_every_meeting_with_status_and_every_record() {
    let snapshot = event();
    let directory = Directory::from_snapshot(&snapshot);
    let clock = SlotClock::from_settings(&snapshot.event.meetings).ok();
    let meetings = meetings_status_csv(&snapshot, clock.as_ref(), &directory).unwrap();
    let lines: Vec<&str> = meetings.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}slot,starts_at,ends_at,table,investor,investor_name,startup,startup_name,status"
    );
    assert_eq!(lines.len(), 1 + 12);
    let no_show = lines.iter().find(|l| l.contains(",i09,")).unwrap();
    assert!(no_show.starts_with("2,2026-12-10T13:40:00+09:00,2026-12-10T14:00:00+09:00,1,i09,"));
    assert!(no_show.ends_with(",no_show"));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("4,") && l.ends_with(",proposed")));

    let records = follow_ups_csv(&snapshot, &directory).unwrap();
    let lines: Vec<&str> = records.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}investor,investor_name,startup,startup_name,stage,amount_krw,date,confirmed,reason"
    );
    assert_eq!(lines.len(), 1 + 7);
    assert!(lines[1].starts_with("i01,"));
    assert!(lines[1].ends_with(",invested,500000000,2027-01-05,true,"));
    assert!(lines[2].ends_with(",invested,200000000,2027-01-05,,"));
    assert!(lines.iter().any(|l| l.ends_with(",passed,,,,too early")));
}
