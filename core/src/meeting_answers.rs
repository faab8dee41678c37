//! A published meeting's lifecycle ([docs/definitions.md](../../docs/definitions.md) §7.1): each
//! side's answer and attendance mark, and the status they add up to.
//!
//! The status is never set directly: it is [`MeetingSides::status`] of what each side said (and
//! whether the organizer cancelled), so the server, the console's board and the phones agree on
//! it whatever order the answers arrive in.
//!
//! Decisions where the definitions are silent:
//! - A snapshot carries only a status; reading it back, [`MeetingSides::agreeing_on`] takes it
//!   as both sides' word (confirmed = both accepted, no-show = both marked no-show, …), so a
//!   re-imported event keeps every status, and a later word from one side combines with it by the
//!   rules below.
//! - Attendance outranks answers: a meeting marked held or no-show by either side is that, even if
//!   someone had declined (people do meet anyway); "did not happen" wins a disagreement.
//! - Either side may change its own answer or mark; a later word replaces its earlier one. Marking
//!   needs the meeting not to be cancelled; answering does not need anything.
//! - Cancelling is the organizer's alone, and reversible (un-cancel restores what the sides said).

use crate::model::MeetingStatus;
use serde::{Deserialize, Serialize};

/// Which side of a meeting spoke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Investor,
    Startup,
}

/// Why a side declined (the reason chips).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeclineReason {
    Schedule,
    NotRelevant,
    AlreadyInContact,
    Other,
}

impl DeclineReason {
    pub const ALL: [DeclineReason; 4] = [
        DeclineReason::Schedule,
        DeclineReason::NotRelevant,
        DeclineReason::AlreadyInContact,
        DeclineReason::Other,
    ];
}

/// Longest free text beside a decline reason, in characters.
pub const DECLINE_TEXT_MAX_CHARS: usize = 300;

/// A side's answer to a proposed meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "answer", rename_all = "snake_case")]
pub enum Answer {
    Accept,
    Decline {
        reason: DeclineReason,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        text: Option<String>,
    },
}

/// Whether the meeting happened, as one side saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Held,
    NoShow,
}

/// What one side said about a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideWord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attendance: Option<Attendance>,
}

/// Everything said about one meeting: the two sides' words and the organizer's cancellation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSides {
    #[serde(default)]
    pub investor: SideWord,
    #[serde(default)]
    pub startup: SideWord,
    #[serde(default)]
    pub cancelled: bool,
}

impl MeetingSides {
    /// Both sides agreeing on `status` (how a snapshot's status is read back).
    pub fn agreeing_on(status: MeetingStatus) -> MeetingSides {
        let both = |answer: Option<Answer>, attendance: Option<Attendance>| SideWord {
            answer,
            attendance,
        };
        let decline = || Answer::Decline {
            reason: DeclineReason::Other,
            text: None,
        };
        let (word, cancelled) = match status {
            MeetingStatus::Proposed => (both(None, None), false),
            MeetingStatus::Confirmed => (both(Some(Answer::Accept), None), false),
            MeetingStatus::Declined => (both(Some(decline()), None), false),
            MeetingStatus::Held => (both(Some(Answer::Accept), Some(Attendance::Held)), false),
            MeetingStatus::NoShow => (both(Some(Answer::Accept), Some(Attendance::NoShow)), false),
            MeetingStatus::Cancelled => (both(None, None), true),
        };
        MeetingSides {
            investor: word.clone(),
            startup: word,
            cancelled,
        }
    }

    pub fn side(&self, side: Side) -> &SideWord {
        match side {
            Side::Investor => &self.investor,
            Side::Startup => &self.startup,
        }
    }

    pub fn side_mut(&mut self, side: Side) -> &mut SideWord {
        match side {
            Side::Investor => &mut self.investor,
            Side::Startup => &mut self.startup,
        }
    }

    /// The status these words add up to (definitions §7.1).
    pub fn status(&self) -> MeetingStatus {
        let sides = [&self.investor, &self.startup];
        let marked = |mark: Attendance| sides.iter().any(|side| side.attendance == Some(mark));
        let declined = sides
            .iter()
            .any(|side| matches!(side.answer, Some(Answer::Decline { .. })));
        let accepted = sides
            .iter()
            .all(|side| matches!(side.answer, Some(Answer::Accept)));
        if self.cancelled {
            MeetingStatus::Cancelled
        } else if marked(Attendance::NoShow) {
            MeetingStatus::NoShow
        } else if marked(Attendance::Held) {
            MeetingStatus::Held
        } else if declined {
            MeetingStatus::Declined
        } else if accepted {
            MeetingStatus::Confirmed
        } else {
            MeetingStatus::Proposed
        }
    }
}

/// One thing someone says about a meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "word", rename_all = "snake_case")]
pub enum MeetingWord {
    /// A side answers (accept, or decline with a reason).
    Answer {
        #[serde(flatten)]
        answer: Answer,
    },
    /// A side marks attendance; `None` takes the mark back.
    Attendance { attendance: Option<Attendance> },
    /// The organizer cancels (true) or restores (false) the meeting.
    Cancel { cancelled: bool },
}

/// Why a word cannot be applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordRefusal {
    /// Attendance on a cancelled meeting.
    Cancelled,
    /// A decline's free text is longer than [`DECLINE_TEXT_MAX_CHARS`].
    TextTooLong,
}

impl MeetingSides {
    /// The words after `side` says `word` (`side` is ignored for a cancellation).
    pub fn with_word(&self, side: Side, word: &MeetingWord) -> Result<MeetingSides, WordRefusal> {
        let mut next = self.clone();
        match word {
            MeetingWord::Answer { answer } => {
                if let Answer::Decline {
                    text: Some(text), ..
                } = answer
                {
                    if text.chars().count() > DECLINE_TEXT_MAX_CHARS {
                        return Err(WordRefusal::TextTooLong);
                    }
                }
                next.side_mut(side).answer = Some(answer.clone());
            }
            MeetingWord::Attendance { attendance } => {
                if self.cancelled {
                    return Err(WordRefusal::Cancelled);
                }
                next.side_mut(side).attendance = *attendance;
            }
            MeetingWord::Cancel { cancelled } => next.cancelled = *cancelled,
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MeetingStatus::*;

    fn said(answer: Option<Answer>, attendance: Option<Attendance>) -> SideWord {
        SideWord { answer, attendance }
    }

    fn decline() -> Option<Answer> {
        Some(Answer::Decline {
            reason: DeclineReason::Schedule,
            text: None,
        })
    }

    #[test]
    fn status_follows_the_definition_for_every_combination_of_words() {
        let answers = [None, Some(Answer::Accept), decline()];
        let marks = [None, Some(Attendance::Held), Some(Attendance::NoShow)];
        for cancelled in [false, true] {
            for ia in &answers {
                for sa in &answers {
                    for im in marks {
                        for sm in marks {
                            let sides = MeetingSides {
                                investor: said(ia.clone(), im),
                                startup: said(sa.clone(), sm),
                                cancelled,
                            };
                            // Written from §7.1 directly, case by case.
                            let expected = if cancelled {
                                Cancelled
                            } else if im == Some(Attendance::NoShow)
                                || sm == Some(Attendance::NoShow)
                            {
                                NoShow
                            } else if im.is_some() || sm.is_some() {
                                Held
                            } else if *ia == decline() || *sa == decline() {
                                Declined
                            } else if *ia == Some(Answer::Accept) && *sa == Some(Answer::Accept) {
                                Confirmed
                            } else {
                                Proposed
                            };
                            assert_eq!(sides.status(), expected, "{sides:?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_snapshot_status_read_back_is_the_same_status() {
        for status in MeetingStatus::ALL {
            assert_eq!(MeetingSides::agreeing_on(status).status(), status);
        }
    }

    #[test]
    fn words_combine_one_side_at_a_time() {
        let accept = MeetingWord::Answer {
            answer: Answer::Accept,
        };
        let sides = MeetingSides::default()
            .with_word(Side::Investor, &accept)
            .unwrap();
        assert_eq!(sides.status(), Proposed);
        let sides = sides.with_word(Side::Startup, &accept).unwrap();
        assert_eq!(sides.status(), Confirmed);
        let held = MeetingWord::Attendance {
            attendance: Some(Attendance::Held),
        };
        let no_show = MeetingWord::Attendance {
            attendance: Some(Attendance::NoShow),
        };
        let sides = sides.with_word(Side::Investor, &held).unwrap();
        assert_eq!(sides.status(), Held);
        // The sides disagree: "did not happen" wins.
        let disputed = sides.with_word(Side::Startup, &no_show).unwrap();
        assert_eq!(disputed.status(), NoShow);
        // The startup takes its mark back: held again.
        let settled = disputed
            .with_word(Side::Startup, &MeetingWord::Attendance { attendance: None })
            .unwrap();
        assert_eq!(settled.status(), Held);
        let cancelled = settled
            .with_word(Side::Investor, &MeetingWord::Cancel { cancelled: true })
            .unwrap();
        assert_eq!(cancelled.status(), Cancelled);
        assert_eq!(
            cancelled.with_word(Side::Startup, &held),
            Err(WordRefusal::Cancelled)
        );
        let restored = cancelled
            .with_word(Side::Investor, &MeetingWord::Cancel { cancelled: false })
            .unwrap();
        assert_eq!(restored.status(), Held);
        let long = MeetingWord::Answer {
            answer: Answer::Decline {
                reason: DeclineReason::Other,
                text: Some("x".repeat(DECLINE_TEXT_MAX_CHARS + 1)),
            },
        };
        assert_eq!(
            restored.with_word(Side::Startup, &long),
            Err(WordRefusal::TextTooLong)
        );
    }

    #[test]
    fn words_travel_as_tagged_json() {
        let word: MeetingWord = serde_json::from_value(serde_json::json!({
            "word": "answer", "answer": "decline", "reason": "already_in_contact", "text": "이미 투자 검토 중"
        }))
        .unwrap();
        assert_eq!(
            word,
            MeetingWord::Answer {
                answer: Answer::Decline {
                    reason: DeclineReason::AlreadyInContact,
                    text: Some("이미 투자 검토 중".into())
                }
            }
        );
        let mark: MeetingWord = serde_json::from_value(
            serde_json::json!({"word": "attendance", "attendance": "no_show"}),
        )
        .unwrap();
        assert_eq!(
            mark,
            MeetingWord::Attendance {
                attendance: Some(Attendance::NoShow)
            }
        );
    }
}
