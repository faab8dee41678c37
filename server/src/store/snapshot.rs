//! The whole event read at one moment, in the `roadshow-event/1` format: the organizer's export,
//! and what settings changes are checked against.

use super::events::load_event;
use super::people::Kind;
use super::{follow_ups, from_json, meetings, people, programs, scores};
use crate::error::ApiResult;
use roadshow_core::model::{
    Comment, Interest, Investor, ScoreEntry, Snapshot, Startup, SNAPSHOT_FORMAT,
};
use sqlx::{AnyConnection, AnyPool};
use std::collections::BTreeSet;

/// The event's startups and investors, read from their stored profiles, in their order.
async fn read_people(
    connection: &mut AnyConnection,
    event_id: &str,
) -> ApiResult<(Vec<Startup>, Vec<Investor>)> {
    let startups = people::profiles(&mut *connection, Kind::Startup, event_id).await?;
    let investors = people::profiles(&mut *connection, Kind::Investor, event_id).await?;
    Ok((
        startups
            .iter()
            .map(|text| from_json(text))
            .collect::<ApiResult<_>>()?,
        investors
            .iter()
            .map(|text| from_json(text))
            .collect::<ApiResult<_>>()?,
    ))
}

/// The whole event in the `roadshow-event/1` format, for the organizer's export.
pub async fn organizer_snapshot(db: &AnyPool, event_id: &str) -> ApiResult<Snapshot> {
    let mut transaction = super::begin_read(db).await?;
    let event = load_event(&mut *transaction, event_id).await?;
    let (startups, investors) = read_people(&mut transaction, event_id).await?;
    let rows = scores::given(&mut transaction, event_id).await?;
    let verdicts = scores::verdicts(&mut transaction, event_id).await?;
    let meetings = meetings::all(&mut transaction, event_id).await?;
    let follow_ups = follow_ups::all(&mut transaction, event_id).await?;
    // Meetings held at the program's earlier events (definitions §7.6), read at the same moment.
    let (held_before, aliases) = match (&event.settings.program, event.settings.starts_at) {
        (Some(program), Some(starts_at)) => {
            let aliases = programs::firm_aliases(&mut transaction, program).await?;
            let held =
                programs::held_before(&mut transaction, program, starts_at, &aliases).await?;
            (held, aliases)
        }
        _ => Default::default(),
    };
    transaction.commit().await?;

    // Per round (definitions §8.1): an abstention on the screening pitch is not one on the final.
    let whole_pitch_abstentions: BTreeSet<(String, String, String)> = rows
        .iter()
        .filter(|row| row.criterion.is_empty() && row.abstain)
        .map(|row| (row.round.clone(), row.investor.clone(), row.startup.clone()))
        .collect();
    let scores = rows
        .into_iter()
        .filter(|row| {
            // A whole-pitch abstention stands alone: per-criterion rows under it do not count.
            row.criterion.is_empty()
                || !whole_pitch_abstentions.contains(&(
                    row.round.clone(),
                    row.investor.clone(),
                    row.startup.clone(),
                ))
        })
        .map(|row| {
            let criterion = (!row.criterion.is_empty()).then_some(row.criterion.as_str());
            let mut entry = match (row.abstain, row.value) {
                (false, Some(value)) => {
                    ScoreEntry::score(&row.investor, &row.startup, &row.criterion, value)
                }
                _ => ScoreEntry::abstention(&row.investor, &row.startup, criterion),
            };
            entry.updated_at = chrono::DateTime::parse_from_rfc3339(&row.updated_at).ok();
            entry.round = (!row.round.is_empty()).then_some(row.round);
            entry
        })
        .collect();
    let interest = verdicts
        .iter()
        .filter_map(|verdict| {
            verdict.want.map(|want| Interest {
                investor: verdict.investor.clone(),
                startup: verdict.startup.clone(),
                want,
            })
        })
        .collect();
    let comments = verdicts
        .iter()
        .filter(|verdict| !verdict.comment.is_empty())
        .map(|verdict| Comment {
            investor: verdict.investor.clone(),
            startup: verdict.startup.clone(),
            text: verdict.comment.clone(),
            shared: verdict.comment_shared,
        })
        .collect();
    let mut settings = event.settings.clone();
    settings.phase = Some(event.phase);
    settings.reveal = Some(event.reveal_mode);
    settings.scores_revealed = event.scores_revealed.then_some(true);
    settings.meetings_published = event.meetings_published.then_some(true);
    settings.registration_closes_at = event
        .registration_closes_at
        .as_deref()
        .and_then(|time| chrono::DateTime::parse_from_rfc3339(time).ok());
    let mut snapshot = Snapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        fictional: event.fictional.then_some(true),
        event: settings,
        startups,
        investors,
        scores,
        interest,
        meetings,
        comments,
        follow_ups,
        met_before: Vec::new(),
        extra: Default::default(),
    };
    snapshot.met_before = roadshow_core::program::met_before(&snapshot, &held_before, &aliases);
    Ok(snapshot)
}

/// What a program's figures read of an event (definitions §7.5): the export without what the
/// figures never look at (values, comments, "want to meet", pairs met before). Each pair that
/// gave a score or an abstention is one entry, as "pitched" and a firm's presence in a
/// startup's bucket only ask whether it scored; `program_report` on this and on the export
/// agree (tested in `server/tests/programs.rs`).
pub async fn report_snapshot(db: &AnyPool, event_id: &str) -> ApiResult<Snapshot> {
    let mut transaction = super::begin_read(db).await?;
    let event = load_event(&mut *transaction, event_id).await?;
    let (startups, investors) = read_people(&mut transaction, event_id).await?;
    let scored = scores::scored_pairs(&mut transaction, event_id).await?;
    let meetings = meetings::all(&mut transaction, event_id).await?;
    let follow_ups = follow_ups::all(&mut transaction, event_id).await?;
    transaction.commit().await?;
    Ok(Snapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        fictional: event.fictional.then_some(true),
        event: event.settings,
        startups,
        investors,
        scores: scored
            .iter()
            .map(|(investor, startup)| ScoreEntry::abstention(investor, startup, None))
            .collect(),
        interest: Vec::new(),
        meetings,
        comments: Vec::new(),
        follow_ups,
        met_before: Vec::new(),
        extra: Default::default(),
    })
}
