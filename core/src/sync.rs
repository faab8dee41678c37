//! Sync rules shared by the app's outbox and the server: the mutations an investor's device sends,
//! the outcome the server returns for each, and how a device overlays its not-yet-acknowledged
//! edits on what the server last said.
//!
//! Ordering ([`EditStamp::replaces`]): the server remembers, per score cell and per part of a
//! verdict (interest, comment), who wrote it last: the device (client id), its sequence number,
//! and when the edit was made (`at`, milliseconds since 1970 by the device's clock, strictly
//! increasing per device). An edit replaces the stored one only if it is newer:
//! - from the same device, by sequence number, so an out-of-order batch never undoes a newer edit;
//! - from another device (one investor on a phone and a laptop), by `at`, ties broken by client
//!   id, so a delayed older batch from one device never overwrites a newer tap on the other.
//!
//! The server caps `at` at its own clock (a device whose clock runs ahead cannot claim the future)
//! and stamps edits from devices that send no `at` with the time they arrive. A device whose clock
//! runs behind loses ties it should win by that much; phones keep network time, so this is rare.

use crate::meeting_answers::{MeetingWord, Side};
use crate::model::FollowUpStage;
use serde::{Deserialize, Serialize};

/// One edit by an investor, on one startup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// A score on one criterion; `None` clears it. Kept as the JSON number sent, so the server can
    /// report `7.5` as `not_integer` rather than fail the whole batch.
    Score {
        startup: String,
        criterion: String,
        value: Option<serde_json::Number>,
        /// The round scored (definitions §8.1); absent in an event without rounds, or for its
        /// only round.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        round: Option<String>,
    },
    /// Abstain on one criterion, or on the whole pitch when `criterion` is absent.
    Abstain {
        startup: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        criterion: Option<String>,
        abstain: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        round: Option<String>,
    },
    /// "Want to meet": yes, no, or unsaid (`None`).
    Interest { startup: String, want: Option<bool> },
    /// The investor's comment on the pitch, and whether it is shared with the company (its
    /// feedback report shows it without the investor's name, definitions §8.4). One change
    /// carries both, so the text a phone shows is the text it shares.
    Comment {
        startup: String,
        text: String,
        #[serde(default)]
        shared: bool,
    },
    /// A declared conflict of interest: the pair is never matched and its scores do not count.
    Conflict { startup: String, conflict: bool },
    /// A word on the published meeting of the pair (definitions §7.1): an answer or an attendance
    /// mark from the sender's side, or the organizer's cancellation. The organizer speaking for a
    /// side names it in `on_behalf_of` (and is recorded as doing so).
    Meeting {
        investor: String,
        startup: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_behalf_of: Option<Side>,
        #[serde(flatten)]
        word: MeetingWord,
    },
    /// The pair's follow-up stage (definitions §7.4), moved by its investor (or the organizer).
    /// `amount_krw` is kept as the JSON number sent, so `1.5` is reported at its field.
    Stage {
        investor: String,
        startup: String,
        stage: FollowUpStage,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount_krw: Option<serde_json::Number>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<chrono::NaiveDate>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The startup confirms (true) or disputes (false) the pair's `invested` record.
    Investment {
        investor: String,
        startup: String,
        confirmed: bool,
    },
}

impl Change {
    pub fn startup(&self) -> &str {
        match self {
            Change::Score { startup, .. }
            | Change::Abstain { startup, .. }
            | Change::Interest { startup, .. }
            | Change::Comment { startup, .. }
            | Change::Conflict { startup, .. }
            | Change::Meeting { startup, .. }
            | Change::Stage { startup, .. }
            | Change::Investment { startup, .. } => startup,
        }
    }

    /// The investor of a change that names the pair (the meeting and follow-up changes); the
    /// scoring changes are the sending investor's own.
    pub fn pair_investor(&self) -> Option<&str> {
        match self {
            Change::Meeting { investor, .. }
            | Change::Stage { investor, .. }
            | Change::Investment { investor, .. } => Some(investor),
            _ => None,
        }
    }

    pub fn score(startup: &str, criterion: &str, value: Option<i64>) -> Change {
        Change::Score {
            startup: startup.to_owned(),
            criterion: criterion.to_owned(),
            value: value.map(serde_json::Number::from),
            round: None,
        }
    }

    /// The round a scoring change names (`""`: none).
    pub fn round(&self) -> &str {
        match self {
            Change::Score { round, .. } | Change::Abstain { round, .. } => {
                round.as_deref().unwrap_or_default()
            }
            _ => "",
        }
    }
}

/// A change with its place in the device's sequence and when it was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    pub seq: i64,
    /// When the edit was made, in milliseconds since 1970 (the device's clock, strictly
    /// increasing per device); absent from older devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    #[serde(flatten)]
    pub change: Change,
}

/// Who wrote a stored cell, and when: compared to decide whether an edit replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditStamp {
    pub client_id: String,
    pub seq: i64,
    pub at: i64,
}

impl EditStamp {
    /// True when an edit stamped `self` replaces a cell stamped `stored` (see the module docs).
    pub fn replaces(&self, stored: &EditStamp) -> bool {
        if self.client_id == stored.client_id {
            self.seq > stored.seq
        } else {
            (self.at, &self.client_id) > (stored.at, &stored.client_id)
        }
    }

    /// The stamp the server records for a mutation received at `server_now` (ms).
    pub fn of(client_id: &str, mutation: &Mutation, server_now: i64) -> EditStamp {
        EditStamp {
            client_id: client_id.to_owned(),
            seq: mutation.seq,
            at: mutation.at.map_or(server_now, |at| at.min(server_now)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Applied,
    /// A newer mutation from the same device already set this cell; nothing changed.
    Superseded,
    Rejected,
}

/// What the server says went wrong with one mutation: the API's one error body.
pub type Rejection = crate::wire::ErrorBody;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MutationResult {
    pub seq: i64,
    pub status: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Rejection>,
}

/// `POST /events/{id}/mutations`: a device's pending edits, sent in order (at most 200 at once).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub client_id: String,
    pub mutations: Vec<Mutation>,
}

/// One result per mutation, in the batch's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchResult {
    pub results: Vec<MutationResult>,
}

/// Where one of the device's edits stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Delivery {
    /// Written to this device's storage, not yet acknowledged by the server.
    SavedOnDevice,
    /// Acknowledged by the server (applied, or already superseded by a newer edit).
    Synced,
    /// Refused by the server, with its reason; kept visible until the person changes the value.
    Rejected { reason: Rejection },
}

/// One entry of a device's outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    pub delivery: Delivery,
}

/// The device's record of its edits to one event: its client id, the next sequence number,
/// and every edit that is not yet known to be superseded locally.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub client_id: String,
    pub next_seq: i64,
    pub entries: Vec<OutboxEntry>,
    /// The `at` of the last recorded edit, so the next is later even if the clock stepped back.
    #[serde(default)]
    pub last_at: i64,
}

/// Which cell an edit writes: edits to the same cell replace each other.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cell {
    /// `round` is `""` when the change names none.
    Score {
        round: String,
        startup: String,
        criterion: String,
    },
    Abstain {
        round: String,
        startup: String,
        criterion: Option<String>,
    },
    Interest {
        startup: String,
    },
    Comment {
        startup: String,
    },
    Conflict {
        startup: String,
    },
    /// One side's answer to a meeting (or its attendance mark): a later answer replaces an
    /// earlier one, a mark replaces a mark.
    MeetingAnswer {
        investor: String,
        startup: String,
        side: Option<Side>,
    },
    MeetingAttendance {
        investor: String,
        startup: String,
        side: Option<Side>,
    },
    MeetingCancel {
        investor: String,
        startup: String,
    },
    Stage {
        investor: String,
        startup: String,
    },
    Investment {
        investor: String,
        startup: String,
    },
}

impl Change {
    pub fn cell(&self) -> Cell {
        match self {
            Change::Score {
                startup,
                criterion,
                round,
                ..
            } => Cell::Score {
                round: round.clone().unwrap_or_default(),
                startup: startup.clone(),
                criterion: criterion.clone(),
            },
            Change::Abstain {
                startup,
                criterion,
                round,
                ..
            } => Cell::Abstain {
                round: round.clone().unwrap_or_default(),
                startup: startup.clone(),
                criterion: criterion.clone(),
            },
            Change::Interest { startup, .. } => Cell::Interest {
                startup: startup.clone(),
            },
            Change::Comment { startup, .. } => Cell::Comment {
                startup: startup.clone(),
            },
            Change::Conflict { startup, .. } => Cell::Conflict {
                startup: startup.clone(),
            },
            Change::Meeting {
                investor,
                startup,
                on_behalf_of,
                word,
            } => {
                let (investor, startup, side) = (investor.clone(), startup.clone(), *on_behalf_of);
                match word {
                    MeetingWord::Answer { .. } => Cell::MeetingAnswer {
                        investor,
                        startup,
                        side,
                    },
                    MeetingWord::Attendance { .. } => Cell::MeetingAttendance {
                        investor,
                        startup,
                        side,
                    },
                    MeetingWord::Cancel { .. } => Cell::MeetingCancel { investor, startup },
                }
            }
            Change::Stage {
                investor, startup, ..
            } => Cell::Stage {
                investor: investor.clone(),
                startup: startup.clone(),
            },
            Change::Investment {
                investor, startup, ..
            } => Cell::Investment {
                investor: investor.clone(),
                startup: startup.clone(),
            },
        }
    }
}

/// Largest number of mutations the server accepts in one batch.
pub const MAX_BATCH: usize = 200;

impl Outbox {
    pub fn new(client_id: impl Into<String>) -> Outbox {
        Outbox {
            client_id: client_id.into(),
            next_seq: 1,
            entries: Vec::new(),
            last_at: 0,
        }
    }

    /// Records a new edit as saved on this device and returns its sequence number. Earlier
    /// entries for the same cell that are already synced or rejected are dropped: the new edit
    /// replaces them, and a rejection stays visible only until the person changes the value.
    /// `now` is the device's clock in milliseconds since 1970.
    pub fn record(&mut self, change: Change, now: i64) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        let at = now.max(self.last_at + 1);
        self.last_at = at;
        let cell = change.cell();
        self.entries.retain(|entry| {
            entry.delivery == Delivery::SavedOnDevice || entry.mutation.change.cell() != cell
        });
        self.entries.push(OutboxEntry {
            mutation: Mutation {
                seq,
                at: Some(at),
                change,
            },
            delivery: Delivery::SavedOnDevice,
        });
        seq
    }

    /// The next batch to send: every edit saved on the device and not yet acknowledged, oldest
    /// first, at most [`MAX_BATCH`].
    pub fn pending(&self) -> Vec<Mutation> {
        self.entries
            .iter()
            .filter(|entry| entry.delivery == Delivery::SavedOnDevice)
            .take(MAX_BATCH)
            .map(|entry| entry.mutation.clone())
            .collect()
    }

    pub fn pending_count(&self) -> usize {
        self.entries
            .iter()
            .filter(|entry| entry.delivery == Delivery::SavedOnDevice)
            .count()
    }

    pub fn rejected_count(&self) -> usize {
        self.entries
            .iter()
            .filter(|entry| matches!(entry.delivery, Delivery::Rejected { .. }))
            .count()
    }

    /// Applies the server's answers. Results for unknown sequence numbers are ignored (they can
    /// only be replays of entries already dropped).
    pub fn acknowledge(&mut self, results: &[MutationResult]) {
        for result in results {
            if let Some(entry) = self
                .entries
                .iter_mut()
                .find(|entry| entry.mutation.seq == result.seq)
            {
                entry.delivery = match (&result.status, &result.error) {
                    (Outcome::Rejected, Some(reason)) => Delivery::Rejected {
                        reason: reason.clone(),
                    },
                    (Outcome::Rejected, None) => Delivery::Rejected {
                        reason: Rejection {
                            code: crate::wire::ErrorCode::Unrecognized,
                            message: String::new(),
                            fields: Default::default(),
                        },
                    },
                    (Outcome::Applied | Outcome::Superseded, _) => Delivery::Synced,
                };
            }
        }
    }

    /// The newest edit of this cell on the device, and how far it got.
    pub fn latest(&self, cell: &Cell) -> Option<&OutboxEntry> {
        self.entries
            .iter()
            .rev()
            .find(|entry| &entry.mutation.change.cell() == cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(seq: i64) -> MutationResult {
        MutationResult {
            seq,
            status: Outcome::Applied,
            version: Some(seq),
            error: None,
        }
    }

    #[test]
    fn edits_are_numbered_and_wait_until_acknowledged() {
        let mut outbox = Outbox::new("phone");
        assert_eq!(
            outbox.record(Change::score("s1", "market", Some(7)), 1_000),
            1
        );
        assert_eq!(
            outbox.record(Change::score("s1", "innovation", Some(5)), 1_000),
            2
        );
        assert_eq!(
            outbox.pending().iter().map(|m| m.seq).collect::<Vec<_>>(),
            vec![1, 2]
        );
        outbox.acknowledge(&[applied(1)]);
        assert_eq!(
            outbox.pending().iter().map(|m| m.seq).collect::<Vec<_>>(),
            vec![2]
        );
        assert_eq!(outbox.pending_count(), 1);
    }

    #[test]
    fn a_new_edit_replaces_settled_ones_of_the_same_cell_but_never_unsent_ones() {
        let mut outbox = Outbox::new("phone");
        outbox.record(Change::score("s1", "market", Some(7)), 1_000);
        outbox.record(Change::score("s1", "market", Some(8)), 1_000);
        assert_eq!(
            outbox.pending().len(),
            2,
            "both unsent edits are kept: nothing is dropped silently"
        );
        outbox.acknowledge(&[applied(1), applied(2)]);
        outbox.record(Change::score("s1", "market", Some(9)), 1_000);
        assert_eq!(outbox.entries.len(), 1);
        let latest = outbox
            .latest(&Change::score("s1", "market", None).cell())
            .unwrap();
        assert_eq!(latest.mutation.seq, 3);
    }

    #[test]
    fn a_rejection_stays_visible_with_its_reason() {
        let mut outbox = Outbox::new("phone");
        outbox.record(Change::score("s1", "market", Some(70)), 1_000);
        let reason = Rejection {
            code: crate::wire::ErrorCode::Invalid,
            message: "out of scale".into(),
            fields: Default::default(),
        };
        outbox.acknowledge(&[MutationResult {
            seq: 1,
            status: Outcome::Rejected,
            version: None,
            error: Some(reason.clone()),
        }]);
        assert_eq!(outbox.rejected_count(), 1);
        assert_eq!(outbox.pending_count(), 0);
        let cell = Change::score("s1", "market", None).cell();
        assert_eq!(
            outbox.latest(&cell).unwrap().delivery,
            Delivery::Rejected { reason }
        );
    }

    #[test]
    fn the_wire_format_matches_the_server() {
        let mutation = Mutation {
            seq: 4,
            at: Some(1_764_547_200_000),
            change: Change::score("s1", "market", Some(7)),
        };
        assert_eq!(
            serde_json::to_value(&mutation).unwrap(),
            serde_json::json!({"seq": 4, "at": 1_764_547_200_000_i64, "type": "score", "startup": "s1", "criterion": "market", "value": 7})
        );
        let abstain: Mutation = serde_json::from_str(
            r#"{"seq": 1, "type": "abstain", "startup": "s1", "abstain": true}"#,
        )
        .unwrap();
        assert_eq!(
            abstain.change,
            Change::Abstain {
                startup: "s1".into(),
                criterion: None,
                abstain: true,
                round: None,
            }
        );
    }

    #[test]
    fn batches_are_capped() {
        let mut outbox = Outbox::new("phone");
        for index in 0..(MAX_BATCH + 5) {
            outbox.record(
                Change::Comment {
                    startup: format!("s{index}"),
                    text: "ok".into(),
                    shared: false,
                },
                1_000,
            );
        }
        assert_eq!(outbox.pending().len(), MAX_BATCH);
        assert_eq!(outbox.pending()[0].seq, 1);
    }

    #[test]
    fn edits_are_stamped_later_than_the_last_even_when_the_clock_steps_back() {
        let mut outbox = Outbox::new("phone");
        outbox.record(Change::score("s1", "market", Some(7)), 5_000);
        outbox.record(Change::score("s1", "innovation", Some(7)), 5_000);
        outbox.record(Change::score("s1", "viability", Some(7)), 4_000);
        outbox.record(Change::score("s2", "market", Some(7)), 9_000);
        let stamps: Vec<Option<i64>> = outbox
            .pending()
            .iter()
            .map(|mutation| mutation.at)
            .collect();
        assert_eq!(
            stamps,
            vec![Some(5_000), Some(5_001), Some(5_002), Some(9_000)]
        );
    }

    fn stamp(client_id: &str, seq: i64, at: i64) -> EditStamp {
        EditStamp {
            client_id: client_id.into(),
            seq,
            at,
        }
    }

    #[test]
    fn which_edit_replaces_which() {
        // (incoming, stored, replaces?)
        let cases = [
            // Same device: by sequence number, whatever the clock says.
            (stamp("phone", 5, 100), stamp("phone", 4, 200), true),
            (stamp("phone", 4, 300), stamp("phone", 5, 100), false),
            // Another device: by when the edit was made.
            (stamp("laptop", 1, 200), stamp("phone", 9, 100), true),
            (stamp("phone", 10, 100), stamp("laptop", 1, 200), false),
            // The same moment: the client id decides, the same way on every server.
            (stamp("b", 1, 100), stamp("a", 1, 100), true),
            (stamp("a", 1, 100), stamp("b", 1, 100), false),
        ];
        for (incoming, stored, expected) in cases {
            assert_eq!(
                incoming.replaces(&stored),
                expected,
                "{incoming:?} over {stored:?}"
            );
        }
    }

    #[test]
    fn the_server_caps_the_device_clock_and_stamps_old_devices_on_arrival() {
        let mutation = |at| Mutation {
            seq: 1,
            at,
            change: Change::score("s1", "market", Some(7)),
        };
        assert_eq!(EditStamp::of("phone", &mutation(Some(900)), 1_000).at, 900);
        assert_eq!(
            EditStamp::of("phone", &mutation(Some(5_000)), 1_000).at,
            1_000,
            "no future"
        );
        assert_eq!(EditStamp::of("phone", &mutation(None), 1_000).at, 1_000);
    }

    proptest::proptest! {
        /// Whatever order the edits of several devices arrive in, the cell ends at the newest.
        #[test]
        fn the_newest_edit_wins_in_any_arrival_order(
            edits in proptest::collection::vec((0_usize..3, 0_i64..50), 1..12),
            seed in proptest::prelude::any::<u64>(),
        ) {
            // Devices number their edits in order of `at` (as the outbox does).
            let mut next_seq = [0_i64; 3];
            let mut last_at = [-1_i64; 3];
            let stamps: Vec<EditStamp> = edits.iter().map(|&(device, at)| {
                next_seq[device] += 1;
                last_at[device] = at.max(last_at[device] + 1);
                stamp(&format!("d{device}"), next_seq[device], last_at[device])
            }).collect();
            let newest = stamps.iter().max_by(|a, b| (a.at, &a.client_id).cmp(&(b.at, &b.client_id))).unwrap().clone();
            let mut order: Vec<usize> = (0..stamps.len()).collect();
            let mut state = seed;
            for index in (1..order.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(index, (state >> 33) as usize % (index + 1));
            }
            let mut stored: Option<EditStamp> = None;
            for index in order {
                let incoming = &stamps[index];
                if stored.as_ref().is_none_or(|stored| incoming.replaces(stored)) {
                    stored = Some(incoming.clone());
                }
            }
            proptest::prop_assert_eq!(stored.unwrap(), newest);
        }
    }
}
