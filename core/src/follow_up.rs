//! Follow-up stages of a pair that held a meeting ([docs/definitions.md](../../docs/definitions.md)
//! §7.4): the rules of one record, who may move a stage where, and when check-ins are due.
//!
//! The same rules serve `roadshow check` (every `follow_ups[]` entry of a snapshot), the server
//! (each stage change a phone sends) and the phones (the form says what is wrong before sending).
//!
//! Decisions where the definitions are silent:
//! - A snapshot's follow-up for a pair without a held meeting in `meetings[]` is *valid* (the pair
//!   may have met outside the planned schedule, or the plan was replaced); the server, which
//!   records the day itself, refuses a stage change for a pair that has no held meeting
//!   (`not_held`).
//! - `invested` needs `amount_krw` (a whole number of won, 1 to [`AMOUNT_KRW_MAX`]) and `date`;
//!   other stages carry neither, and only `invested` carries `confirmed` (`not_applicable`).
//!   `reason` belongs to `passed` only.
//! - "A date before the meeting": before the day of the pair's meeting (the day of its slot when
//!   the event gives `meetings.first_slot`, otherwise the event's first day) is `before_meeting`.
//! - Forward is the order met → follow_up → due_diligence → term_sheet → invested; `passed` may
//!   follow any stage before `invested`, and nothing follows `invested` or `passed` except an
//!   organizer's correction. Staying at the same stage (correcting an amount or a date) is not a
//!   move back. Jumping forward over stages is allowed (a term sheet without recorded diligence).
//! - Check-ins fall due at the event's last day (its `ends_at`, else `starts_at`, in KST) plus
//!   14, 90 and 180 days, for every pair that held a meeting and is not `invested` or `passed`; a
//!   check-in is due from its day on, and the latest one due is the one shown.

use crate::model::{Event, FollowUp, FollowUpStage, MeetingSettings, PlannedMeeting};
use crate::problem::{Problem, ProblemCode};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

/// Largest amount one investment may record: 1조 원 (no roadshow ticket comes near it; a typo with
/// extra zeros does).
pub const AMOUNT_KRW_MAX: i64 = 1_000_000_000_000;

/// Longest reason for passing, in characters.
pub const REASON_MAX_CHARS: usize = 500;

/// Days after the event's last day when the check-ins fall due.
pub const CHECK_IN_DAYS: [i64; 3] = [14, 90, 180];

/// Korea Standard Time, in which event days are counted.
fn kst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset")
}

/// The day (KST) of a meeting in `slot`: the slot's start when the event sets the first slot's
/// time, otherwise the event's first day; `None` when the event gives no time at all.
pub fn meeting_day(event: &Event, slot: i64) -> Option<NaiveDate> {
    slot_day(&event.meetings, event.starts_at, slot)
}

/// [`meeting_day`] from the meeting settings and the event's start (what a phone holds).
pub fn slot_day(
    settings: &MeetingSettings,
    event_start: Option<DateTime<FixedOffset>>,
    slot: i64,
) -> Option<NaiveDate> {
    if let Some(first) = settings.first_slot {
        let minutes = settings.slot_minutes.unwrap_or(0).clamp(0, 24 * 60);
        let offset = Duration::minutes(minutes.saturating_mul(slot.clamp(0, 10_000)));
        return Some((first + offset).with_timezone(&kst()).date_naive());
    }
    event_start.map(|start| start.with_timezone(&kst()).date_naive())
}

/// The event's last day (KST), from which check-ins are counted.
pub fn event_last_day(event: &Event) -> Option<NaiveDate> {
    last_day(event.starts_at, event.ends_at)
}

/// The last day (KST) of an event that starts and ends at these times.
pub fn last_day(
    starts_at: Option<DateTime<FixedOffset>>,
    ends_at: Option<DateTime<FixedOffset>>,
) -> Option<NaiveDate> {
    ends_at
        .or(starts_at)
        .map(|time| time.with_timezone(&kst()).date_naive())
}

/// Every problem of one follow-up record's own fields, with paths relative to the record
/// (`amount_krw`, `date`). `meeting_day` is the day of the pair's meeting, when known.
pub fn record_problems(entry: &FollowUp, meeting_day: Option<NaiveDate>) -> Vec<Problem> {
    let mut problems = Vec::new();
    let invested = entry.stage == FollowUpStage::Invested;
    let not_applicable = |field: &str| {
        Problem::new(field, ProblemCode::NotApplicable).with_detail(format!(
            "only an invested record has {field}; this one is {}",
            entry.stage.as_str()
        ))
    };
    match (invested, entry.amount_krw) {
        (true, None) => problems.push(
            Problem::new("amount_krw", ProblemCode::Required)
                .with_detail("an investment needs its amount in won"),
        ),
        (true, Some(amount)) if amount < 1 => problems.push(
            Problem::new("amount_krw", ProblemCode::NotPositive)
                .with_detail("an amount of won above 0"),
        ),
        (true, Some(amount)) if amount > AMOUNT_KRW_MAX => problems.push(
            Problem::new("amount_krw", ProblemCode::OutOfRange)
                .with_detail(format!("at most {AMOUNT_KRW_MAX} won")),
        ),
        (false, Some(_)) => problems.push(not_applicable("amount_krw")),
        _ => {}
    }
    match (invested, entry.date) {
        (true, None) => problems.push(
            Problem::new("date", ProblemCode::Required)
                .with_detail("an investment needs its date (YYYY-MM-DD)"),
        ),
        (true, Some(date)) => {
            if let Some(day) = meeting_day.filter(|day| date < *day) {
                problems.push(
                    Problem::new("date", ProblemCode::BeforeMeeting)
                        .with_detail(format!("the meeting was on {day}")),
                );
            }
        }
        (false, Some(_)) => problems.push(not_applicable("date")),
        (false, None) => {}
    }
    if !invested && entry.confirmed.is_some() {
        problems.push(not_applicable("confirmed"));
    }
    match (&entry.reason, entry.stage) {
        (Some(reason), FollowUpStage::Passed) if reason.chars().count() > REASON_MAX_CHARS => {
            problems.push(
                Problem::new("reason", ProblemCode::TooLong)
                    .with_detail(format!("at most {REASON_MAX_CHARS} characters")),
            );
        }
        (Some(_), stage) if stage != FollowUpStage::Passed => problems.push(
            Problem::new("reason", ProblemCode::NotApplicable)
                .with_detail("only a passed record has a reason"),
        ),
        _ => {}
    }
    problems
}

/// The position of a stage on the way forward; `passed` stands beside `invested` at the end.
fn rank(stage: FollowUpStage) -> u8 {
    match stage {
        FollowUpStage::Met => 0,
        FollowUpStage::FollowUp => 1,
        FollowUpStage::DueDiligence => 2,
        FollowUpStage::TermSheet => 3,
        FollowUpStage::Invested | FollowUpStage::Passed => 4,
    }
}

/// Whether moving a pair from `from` to `to` goes back — which only the organizer may do
/// (definitions §7.4). Staying put is not going back; between `invested` and `passed` is.
pub fn moves_back(from: FollowUpStage, to: FollowUpStage) -> bool {
    rank(to) < rank(from) || (from.is_final() && to != from)
}

/// One check-in a side should make: the pair, how many days after the event, and its day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub investor: String,
    pub startup: String,
    pub after_days: i64,
    pub due: NaiveDate,
}

/// The check-ins due on `today` (the latest one reached for each open pair), for the pairs that
/// held a meeting and are not `invested` or `passed`, in (due, investor, startup) order.
pub fn due_check_ins(
    last_day: Option<NaiveDate>,
    meetings: &[PlannedMeeting],
    follow_ups: &[FollowUp],
    today: NaiveDate,
) -> Vec<CheckIn> {
    let Some(last_day) = last_day else {
        return Vec::new();
    };
    let mut due: Vec<CheckIn> = meetings
        .iter()
        .filter(|meeting| meeting.status == Some(crate::model::MeetingStatus::Held))
        .filter(|meeting| {
            !follow_ups.iter().any(|entry| {
                entry.investor == meeting.investor
                    && entry.startup == meeting.startup
                    && entry.stage.is_final()
            })
        })
        .filter_map(|meeting| {
            CHECK_IN_DAYS
                .iter()
                .rev()
                .map(|&days| (days, last_day + Duration::days(days)))
                .find(|(_, day)| *day <= today)
                .map(|(after_days, due)| CheckIn {
                    investor: meeting.investor.clone(),
                    startup: meeting.startup.clone(),
                    after_days,
                    due,
                })
        })
        .collect();
    due.sort_by(|a, b| (a.due, &a.investor, &a.startup).cmp(&(b.due, &b.investor, &b.startup)));
    due.dedup_by(|a, b| a.investor == b.investor && a.startup == b.startup);
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FollowUp as Record;
    use FollowUpStage::*;

    fn entry(stage: FollowUpStage) -> Record {
        Record {
            investor: "i1".into(),
            startup: "s1".into(),
            stage,
            amount_krw: None,
            date: None,
            confirmed: None,
            reason: None,
        }
    }

    fn codes(problems: &[Problem]) -> Vec<(String, ProblemCode)> {
        problems
            .iter()
            .map(|problem| (problem.path.clone(), problem.code))
            .collect()
    }

    #[test]
    fn an_investment_needs_a_positive_amount_and_a_date_not_before_the_meeting() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 10);
        assert_eq!(
            codes(&record_problems(&entry(Invested), day)),
            vec![
                ("amount_krw".into(), ProblemCode::Required),
                ("date".into(), ProblemCode::Required)
            ]
        );
        let mut invested = entry(Invested);
        invested.amount_krw = Some(0);
        invested.date = NaiveDate::from_ymd_opt(2026, 12, 9);
        assert_eq!(
            codes(&record_problems(&invested, day)),
            vec![
                ("amount_krw".into(), ProblemCode::NotPositive),
                ("date".into(), ProblemCode::BeforeMeeting)
            ]
        );
        invested.amount_krw = Some(AMOUNT_KRW_MAX + 1);
        invested.date = day;
        assert_eq!(
            codes(&record_problems(&invested, day)),
            vec![("amount_krw".into(), ProblemCode::OutOfRange)]
        );
        invested.amount_krw = Some(500_000_000);
        invested.confirmed = Some(true);
        assert!(record_problems(&invested, day).is_empty());
        // Without a known meeting day, any date is accepted.
        invested.date = NaiveDate::from_ymd_opt(2001, 1, 1);
        assert!(record_problems(&invested, None).is_empty());
    }

    #[test]
    fn amounts_dates_confirmations_and_reasons_belong_to_their_stages() {
        let mut record = entry(TermSheet);
        record.amount_krw = Some(1);
        record.date = NaiveDate::from_ymd_opt(2026, 12, 10);
        record.confirmed = Some(true);
        record.reason = Some("no".into());
        assert_eq!(
            codes(&record_problems(&record, None)),
            vec![
                ("amount_krw".into(), ProblemCode::NotApplicable),
                ("date".into(), ProblemCode::NotApplicable),
                ("confirmed".into(), ProblemCode::NotApplicable),
                ("reason".into(), ProblemCode::NotApplicable)
            ]
        );
        let mut passed = entry(Passed);
        passed.reason = Some("가".repeat(REASON_MAX_CHARS));
        assert!(record_problems(&passed, None).is_empty());
        passed.reason = Some("가".repeat(REASON_MAX_CHARS + 1));
        assert_eq!(
            codes(&record_problems(&passed, None)),
            vec![("reason".into(), ProblemCode::TooLong)]
        );
    }

    #[test]
    fn moving_back_is_any_step_toward_met_and_any_change_after_the_end() {
        for (from, to, back) in [
            (Met, FollowUp, false),
            (Met, TermSheet, false),
            (TermSheet, Invested, false),
            (DueDiligence, Passed, false),
            (TermSheet, TermSheet, false),
            (Invested, Invested, false),
            (FollowUp, Met, true),
            (TermSheet, DueDiligence, true),
            (Invested, Passed, true),
            (Passed, Invested, true),
            (Passed, TermSheet, true),
        ] {
            assert_eq!(moves_back(from, to), back, "{from:?} → {to:?}");
        }
    }

    #[test]
    fn check_ins_fall_due_14_90_and_180_days_after_the_last_day_for_open_pairs() {
        use crate::model::MeetingStatus;
        let meeting = |investor: &str, startup: &str, status| PlannedMeeting {
            investor: investor.into(),
            startup: startup.into(),
            slot: 0,
            table: 0,
            status: Some(status),
            attendees: Vec::new(),
        };
        let meetings = [
            meeting("i1", "s1", MeetingStatus::Held),
            meeting("i1", "s2", MeetingStatus::Held),
            meeting("i2", "s1", MeetingStatus::NoShow),
            meeting("i2", "s2", MeetingStatus::Held),
        ];
        let mut invested = entry(Invested);
        invested.startup = "s2".into();
        let mut passed = entry(Passed);
        passed.investor = "i2".into();
        passed.startup = "s2".into();
        let follow_ups = [entry(DueDiligence), invested, passed];
        // The event ended on 10 December 2026: D+14 = 24 Dec, D+90 = 10 Mar, D+180 = 8 Jun.
        let last = NaiveDate::from_ymd_opt(2026, 12, 10);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let due = |today| {
            due_check_ins(last, &meetings, &follow_ups, today)
                .into_iter()
                .map(|check_in| {
                    (
                        check_in.investor,
                        check_in.startup,
                        check_in.after_days,
                        check_in.due,
                    )
                })
                .collect::<Vec<_>>()
        };
        // Only i1–s1 is open (i1–s2 invested, i2–s2 passed, i2–s1 never held).
        assert_eq!(due(day(2026, 12, 23)), vec![]);
        assert_eq!(
            due(day(2026, 12, 24)),
            vec![("i1".into(), "s1".into(), 14, day(2026, 12, 24))]
        );
        assert_eq!(
            due(day(2027, 3, 10)),
            vec![("i1".into(), "s1".into(), 90, day(2027, 3, 10))]
        );
        assert_eq!(
            due(day(2027, 6, 8)),
            vec![("i1".into(), "s1".into(), 180, day(2027, 6, 8))]
        );
        assert_eq!(
            due_check_ins(None, &meetings, &follow_ups, day(2027, 6, 8)),
            vec![]
        );
    }
}
