//! What a phone shows for its own answers (an investor's scores, either side's meeting answers
//! and follow-ups): what the server last said, with the device's edits that the server has not
//! refused laid over it. A tap shows at once, before it syncs, and a refused edit falls back to
//! the server's answer (its reason stays visible in the outbox until the person changes the
//! value).

use crate::meeting_answers::{MeetingSides, Side};
use crate::model::{Criterion, FollowUp, FollowUpStage};
use crate::sync::{Cell, Change, Delivery, Outbox};
use std::collections::{BTreeMap, BTreeSet};

/// One investor's own answers as the server last reported them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerAnswers {
    /// The round the phone scores (definitions §8.1; `""` in an event without rounds): the
    /// scores below are that round's, and the device's edits are read for it.
    pub round: String,
    /// (startup, criterion) → the score, `None` when cleared.
    pub scores: BTreeMap<(String, String), Option<i64>>,
    /// startup → whether the investor abstained on the whole pitch.
    pub whole_pitch_abstained: BTreeMap<String, bool>,
    /// startup → "want to meet": yes, no, or unsaid.
    pub want: BTreeMap<String, Option<bool>>,
    /// startup → the investor's comment.
    pub comments: BTreeMap<String, String>,
    /// Startups whose comment the investor shares with the company.
    pub shared_comments: BTreeSet<String>,
    /// Startups the investor declared a conflict of interest with.
    pub conflicts: Vec<String>,
}

/// The server's answers with the device's outbox laid over them.
#[derive(Debug, Clone, Copy)]
pub struct Overlay<'a> {
    outbox: &'a Outbox,
    server: &'a ServerAnswers,
}

impl<'a> Overlay<'a> {
    pub fn new(outbox: &'a Outbox, server: &'a ServerAnswers) -> Overlay<'a> {
        Overlay { outbox, server }
    }

    /// The newest edit of the cell on the device, unless the server refused it.
    fn device_change(&self, cell: &Cell) -> Option<&'a Change> {
        self.outbox
            .latest(cell)
            .filter(|entry| !matches!(entry.delivery, Delivery::Rejected { .. }))
            .map(|entry| &entry.mutation.change)
    }

    /// The score shown for one criterion of one pitch.
    pub fn score(&self, startup: &str, criterion: &str) -> Option<i64> {
        let cell = Cell::Score {
            round: self.server.round.clone(),
            startup: startup.to_owned(),
            criterion: criterion.to_owned(),
        };
        match self.device_change(&cell) {
            Some(Change::Score { value, .. }) => {
                value.as_ref().and_then(serde_json::Number::as_i64)
            }
            _ => self
                .server
                .scores
                .get(&(startup.to_owned(), criterion.to_owned()))
                .copied()
                .flatten(),
        }
    }

    /// Whether the investor abstained on the whole pitch.
    pub fn abstained(&self, startup: &str) -> bool {
        let cell = Cell::Abstain {
            round: self.server.round.clone(),
            startup: startup.to_owned(),
            criterion: None,
        };
        match self.device_change(&cell) {
            Some(Change::Abstain { abstain, .. }) => *abstain,
            _ => self
                .server
                .whole_pitch_abstained
                .get(startup)
                .copied()
                .unwrap_or(false),
        }
    }

    /// Whether the investor declared a conflict of interest with the startup.
    pub fn conflict(&self, startup: &str) -> bool {
        let cell = Cell::Conflict {
            startup: startup.to_owned(),
        };
        match self.device_change(&cell) {
            Some(Change::Conflict { conflict, .. }) => *conflict,
            _ => self.server.conflicts.iter().any(|id| id == startup),
        }
    }

    /// "Want to meet": yes, no, or unsaid.
    pub fn want(&self, startup: &str) -> Option<bool> {
        let cell = Cell::Interest {
            startup: startup.to_owned(),
        };
        match self.device_change(&cell) {
            Some(Change::Interest { want, .. }) => *want,
            _ => self.server.want.get(startup).copied().flatten(),
        }
    }

    /// The investor's comment on the pitch (empty when none).
    pub fn comment(&self, startup: &str) -> String {
        let cell = Cell::Comment {
            startup: startup.to_owned(),
        };
        match self.device_change(&cell) {
            Some(Change::Comment { text, .. }) => text.clone(),
            _ => self
                .server
                .comments
                .get(startup)
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// Whether the investor shares its comment on the pitch with the company.
    pub fn comment_shared(&self, startup: &str) -> bool {
        let cell = Cell::Comment {
            startup: startup.to_owned(),
        };
        match self.device_change(&cell) {
            Some(Change::Comment { shared, .. }) => *shared,
            _ => self.server.shared_comments.contains(startup),
        }
    }

    /// Scored: every criterion has a value, or the investor abstained or declared a conflict.
    pub fn is_scored(&self, startup: &str, criteria: &[Criterion]) -> bool {
        self.abstained(startup)
            || self.conflict(startup)
            || criteria
                .iter()
                .all(|criterion| self.score(startup, &criterion.key).is_some())
    }
}

/// A meeting's sides as this device shows them (definitions §7.1): the server's, with this
/// device's answer and attendance for `side` laid over them unless the server refused them.
/// `on_behalf_of` is what the device sent (`None` from a phone, the side from the console).
pub fn meeting_sides(
    outbox: &Outbox,
    server: &MeetingSides,
    (investor, startup): (&str, &str),
    side: Side,
    on_behalf_of: Option<Side>,
) -> MeetingSides {
    let mut shown = server.clone();
    let cells = [
        Cell::MeetingAnswer {
            investor: investor.to_owned(),
            startup: startup.to_owned(),
            side: on_behalf_of,
        },
        Cell::MeetingAttendance {
            investor: investor.to_owned(),
            startup: startup.to_owned(),
            side: on_behalf_of,
        },
    ];
    for cell in cells {
        let word = outbox
            .latest(&cell)
            .filter(|entry| !matches!(entry.delivery, Delivery::Rejected { .. }));
        if let Some(Change::Meeting { word, .. }) = word.map(|entry| &entry.mutation.change) {
            if let Ok(next) = shown.with_word(side, word) {
                shown = next;
            }
        }
    }
    shown
}

/// A pair's follow-up as this device shows it: the server's record with this device's stage
/// change and confirmation laid over it unless the server refused them.
pub fn follow_up(
    outbox: &Outbox,
    server: Option<&FollowUp>,
    (investor, startup): (&str, &str),
) -> Option<FollowUp> {
    let mut shown = server.cloned();
    let pair = (investor.to_owned(), startup.to_owned());
    let device = |cell: Cell| {
        outbox
            .latest(&cell)
            .filter(|entry| !matches!(entry.delivery, Delivery::Rejected { .. }))
            .map(|entry| entry.mutation.change.clone())
    };
    if let Some(Change::Stage {
        stage,
        amount_krw,
        date,
        reason,
        ..
    }) = device(Cell::Stage {
        investor: pair.0.clone(),
        startup: pair.1.clone(),
    }) {
        let same_investment = shown.as_ref().is_some_and(|entry| {
            entry.stage == stage
                && entry.amount_krw == amount_krw.as_ref().and_then(serde_json::Number::as_i64)
                && entry.date == date
        });
        shown = Some(FollowUp {
            investor: pair.0.clone(),
            startup: pair.1.clone(),
            stage,
            amount_krw: amount_krw.as_ref().and_then(serde_json::Number::as_i64),
            date,
            confirmed: shown
                .as_ref()
                .filter(|_| same_investment)
                .and_then(|entry| entry.confirmed),
            reason,
        });
    }
    if let Some(Change::Investment { confirmed, .. }) = device(Cell::Investment {
        investor: pair.0,
        startup: pair.1,
    }) {
        if let Some(entry) = shown
            .as_mut()
            .filter(|entry| entry.stage == FollowUpStage::Invested)
        {
            entry.confirmed = Some(confirmed);
        }
    }
    shown
}

/// Where the device's latest word of this kind on the pair stands (saved on the device, synced,
/// or refused with the reason); `None` when the device has said nothing.
pub fn delivery<'a>(outbox: &'a Outbox, cell: &Cell) -> Option<&'a Delivery> {
    outbox.latest(cell).map(|entry| &entry.delivery)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::{MutationResult, Outcome, Rejection};

    fn criterion(key: &str) -> Criterion {
        Criterion {
            key: key.to_owned(),
            weight: 1.0,
            label_ko: None,
            label_en: None,
            anchors: None,
        }
    }

    /// The server said: s1 market 6, innovation cleared; abstained on s2; wants to meet s1 with
    /// a comment; a conflict with s3.
    fn server() -> ServerAnswers {
        let mut answers = ServerAnswers::default();
        answers
            .scores
            .insert(("s1".into(), "market".into()), Some(6));
        answers
            .scores
            .insert(("s1".into(), "innovation".into()), None);
        answers.whole_pitch_abstained.insert("s2".into(), true);
        answers.want.insert("s1".into(), Some(true));
        answers.comments.insert("s1".into(), "good team".into());
        answers.conflicts.push("s3".into());
        answers
    }

    fn refuse(outbox: &mut Outbox, seq: i64) {
        outbox.acknowledge(&[MutationResult {
            seq,
            status: Outcome::Rejected,
            version: None,
            error: Some(
                serde_json::from_value::<Rejection>(serde_json::json!({
                    "code": "invalid", "message": "out of scale", "fields": {}
                }))
                .unwrap(),
            ),
        }]);
    }

    /// Definitions §8.1: the phone scores one round; an edit made in another round (the
    /// screening, before the organizer moved on) is that round's and never shows in this one.
    #[test]
    fn a_phone_shows_the_edits_of_the_round_it_scores_only() {
        let mut outbox = Outbox::new("phone");
        let in_round = |round: &str, value: i64| Change::Score {
            startup: "s1".into(),
            criterion: "market".into(),
            value: Some(value.into()),
            round: Some(round.into()),
        };
        outbox.record(in_round("screening", 3), 1_000);
        outbox.record(
            Change::Abstain {
                startup: "s2".into(),
                criterion: None,
                abstain: true,
                round: Some("screening".into()),
            },
            1_001,
        );
        let final_round = ServerAnswers {
            round: "final".into(),
            ..server()
        };
        let shown = Overlay::new(&outbox, &final_round);
        assert_eq!(
            shown.score("s1", "market"),
            Some(6),
            "the server's final score"
        );
        assert!(
            shown.abstained("s2"),
            "the server's final abstention stands"
        );
        outbox.record(in_round("final", 9), 1_002);
        let shown = Overlay::new(&outbox, &final_round);
        assert_eq!(shown.score("s1", "market"), Some(9));
        let screening = ServerAnswers {
            round: "screening".into(),
            ..ServerAnswers::default()
        };
        let shown = Overlay::new(&outbox, &screening);
        assert_eq!(shown.score("s1", "market"), Some(3));
        assert!(shown.abstained("s2"));
        // Both rounds' edits wait to be sent: neither replaced the other.
        assert_eq!(outbox.pending_count(), 3);
    }

    #[test]
    fn without_edits_the_server_answers_show() {
        let (outbox, server) = (Outbox::new("phone"), server());
        let shown = Overlay::new(&outbox, &server);
        assert_eq!(shown.score("s1", "market"), Some(6));
        assert_eq!(
            shown.score("s1", "innovation"),
            None,
            "cleared on the server"
        );
        assert_eq!(shown.score("s9", "market"), None, "never scored");
        assert!(shown.abstained("s2"));
        assert!(!shown.abstained("s1"));
        assert!(shown.conflict("s3"));
        assert!(!shown.conflict("s1"));
        assert_eq!(shown.want("s1"), Some(true));
        assert_eq!(shown.want("s2"), None);
        assert_eq!(shown.comment("s1"), "good team");
        assert_eq!(shown.comment("s2"), "");
        assert!(!shown.comment_shared("s1"));
    }

    #[test]
    fn the_device_edits_show_over_the_server_answers_before_they_sync() {
        let server = server();
        let mut outbox = Outbox::new("phone");
        outbox.record(Change::score("s1", "market", Some(9)), 1_000);
        outbox.record(Change::score("s1", "innovation", Some(4)), 1_001);
        outbox.record(
            Change::Abstain {
                startup: "s2".into(),
                criterion: None,
                abstain: false,
                round: None,
            },
            1_002,
        );
        outbox.record(
            Change::Conflict {
                startup: "s3".into(),
                conflict: false,
            },
            1_003,
        );
        outbox.record(
            Change::Interest {
                startup: "s1".into(),
                want: None,
            },
            1_004,
        );
        outbox.record(
            Change::Comment {
                startup: "s1".into(),
                text: "met them".into(),
                shared: true,
            },
            1_005,
        );
        let shown = Overlay::new(&outbox, &server);
        assert_eq!(shown.score("s1", "market"), Some(9));
        assert_eq!(shown.score("s1", "innovation"), Some(4));
        assert!(!shown.abstained("s2"));
        assert!(!shown.conflict("s3"));
        assert_eq!(
            shown.want("s1"),
            None,
            "unsaid on the device beats yes on the server"
        );
        assert_eq!(shown.comment("s1"), "met them");
        assert!(
            shown.comment_shared("s1"),
            "shared on the device, not yet on the server"
        );
        // A score cleared on the device shows as none, though the server still has 6.
        outbox.record(Change::score("s1", "market", None), 1_006);
        assert_eq!(Overlay::new(&outbox, &server).score("s1", "market"), None);
    }

    #[test]
    fn a_shared_comment_follows_the_newest_comment_change() {
        let mut server = server();
        server.shared_comments.insert("s1".into());
        let mut outbox = Outbox::new("phone");
        assert!(Overlay::new(&outbox, &server).comment_shared("s1"));
        // Editing the text on the device while keeping it shared, then withdrawing the share.
        for (at, shared) in [(1_000, true), (1_001, false)] {
            outbox.record(
                Change::Comment {
                    startup: "s1".into(),
                    text: "strong pilot customers".into(),
                    shared,
                },
                at,
            );
            let shown = Overlay::new(&outbox, &server);
            assert_eq!(shown.comment_shared("s1"), shared);
            assert_eq!(shown.comment("s1"), "strong pilot customers");
        }
        // A refused withdrawal falls back to the server's share.
        refuse(&mut outbox, 2);
        assert!(Overlay::new(&outbox, &server).comment_shared("s1"));
        assert!(!Overlay::new(&outbox, &server).comment_shared("s2"));
    }

    #[test]
    fn an_abstention_on_one_criterion_is_not_one_on_the_whole_pitch() {
        let server = ServerAnswers::default();
        let mut outbox = Outbox::new("phone");
        outbox.record(
            Change::Abstain {
                startup: "s1".into(),
                criterion: Some("market".into()),
                abstain: true,
                round: None,
            },
            1_000,
        );
        assert!(!Overlay::new(&outbox, &server).abstained("s1"));
    }

    #[test]
    fn a_refused_edit_falls_back_to_the_server_answer() {
        let server = server();
        let mut outbox = Outbox::new("phone");
        outbox.record(Change::score("s1", "market", Some(70)), 1_000);
        refuse(&mut outbox, 1);
        assert_eq!(
            Overlay::new(&outbox, &server).score("s1", "market"),
            Some(6)
        );
        // A synced edit still shows (the server's copy may not have been fetched again yet).
        outbox.record(Change::score("s1", "market", Some(8)), 1_001);
        outbox.acknowledge(&[MutationResult {
            seq: 2,
            status: Outcome::Applied,
            version: Some(5),
            error: None,
        }]);
        assert_eq!(
            Overlay::new(&outbox, &server).score("s1", "market"),
            Some(8)
        );
    }

    #[test]
    fn a_pitch_is_scored_when_every_criterion_has_a_value_or_it_is_set_aside() {
        let criteria = [criterion("innovation"), criterion("market")];
        let server = server();
        let mut outbox = Outbox::new("phone");
        let scored = |outbox: &Outbox, startup: &str| {
            Overlay::new(outbox, &server).is_scored(startup, &criteria)
        };
        assert!(!scored(&outbox, "s1"), "innovation is cleared");
        outbox.record(Change::score("s1", "innovation", Some(5)), 1_000);
        assert!(scored(&outbox, "s1"));
        assert!(scored(&outbox, "s2"), "abstained on the whole pitch");
        assert!(scored(&outbox, "s3"), "a declared conflict");
        assert!(!scored(&outbox, "s4"), "nothing yet");
        outbox.record(
            Change::Conflict {
                startup: "s4".into(),
                conflict: true,
            },
            1_001,
        );
        assert!(scored(&outbox, "s4"));
        assert!(
            Overlay::new(&outbox, &server).is_scored("s5", &[]),
            "no criteria: nothing left to score"
        );
    }

    #[test]
    fn a_meeting_answer_and_mark_show_before_they_sync_and_fall_back_when_refused() {
        use crate::meeting_answers::{Answer, Attendance, MeetingWord};
        use crate::model::MeetingStatus;
        let mut outbox = Outbox::new("phone");
        let server = MeetingSides::agreeing_on(MeetingStatus::Proposed);
        let pair = ("i1", "s1");
        let word = |word| Change::Meeting {
            investor: "i1".into(),
            startup: "s1".into(),
            on_behalf_of: None,
            word,
        };
        outbox.record(
            word(MeetingWord::Answer {
                answer: Answer::Accept,
            }),
            1,
        );
        let shown = meeting_sides(&outbox, &server, pair, Side::Startup, None);
        assert_eq!(shown.startup.answer, Some(Answer::Accept));
        assert_eq!(shown.investor.answer, None);
        outbox.record(
            word(MeetingWord::Attendance {
                attendance: Some(Attendance::NoShow),
            }),
            2,
        );
        let shown = meeting_sides(&outbox, &server, pair, Side::Startup, None);
        assert_eq!(shown.status(), MeetingStatus::NoShow);
        // Another pair's words do not show here.
        let other = meeting_sides(&outbox, &server, ("i2", "s1"), Side::Startup, None);
        assert_eq!(other, server);
        // The server refuses the mark: the screen falls back to what the server says.
        outbox.acknowledge(&[crate::sync::MutationResult {
            seq: 2,
            status: crate::sync::Outcome::Rejected,
            version: None,
            error: None,
        }]);
        let shown = meeting_sides(&outbox, &server, pair, Side::Startup, None);
        assert_eq!(shown.startup.attendance, None);
        assert_eq!(shown.startup.answer, Some(Answer::Accept));
    }

    #[test]
    fn a_stage_and_a_confirmation_show_over_the_servers_record() {
        let mut outbox = Outbox::new("phone");
        let pair = ("i1", "s1");
        assert_eq!(follow_up(&outbox, None, pair), None);
        outbox.record(
            Change::Stage {
                investor: "i1".into(),
                startup: "s1".into(),
                stage: FollowUpStage::Invested,
                amount_krw: Some(500_000_000.into()),
                date: chrono::NaiveDate::from_ymd_opt(2027, 3, 2),
                reason: None,
            },
            1,
        );
        let shown = follow_up(&outbox, None, pair).unwrap();
        assert_eq!(
            (shown.stage, shown.amount_krw, shown.confirmed),
            (FollowUpStage::Invested, Some(500_000_000), None)
        );
        outbox.record(
            Change::Investment {
                investor: "i1".into(),
                startup: "s1".into(),
                confirmed: true,
            },
            2,
        );
        assert_eq!(
            follow_up(&outbox, None, pair).unwrap().confirmed,
            Some(true)
        );
    }
}
