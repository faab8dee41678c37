//! The write engine of sync: one (client id, sequence number) mutation checked against the stored
//! event and applied exactly once, inside a write transaction the caller holds (the group-commit
//! writer's). The HTTP route only checks the batch's shape and hands it to `group_commit`.
//!
//! Ordering rule: every score or verdict cell remembers the device (client id) and sequence
//! number that wrote it last. A mutation from the same device with a lower sequence number than
//! the cell's is acknowledged as `superseded` and changes nothing, so a batch that arrives out of
//! order can never undo a newer edit. Between two devices of one investor the later edit wins
//! (see `store::scores`).

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::group_rows::GroupRows;
use crate::permissions;
use crate::principal::Author;
use crate::store::events::StoredEvent;
use crate::store::mutations::MutationKey;
use crate::store::scores::{self, CellContent, CellKey, Pair, VerdictPart, Written};
use crate::store::{now_rfc3339, people, to_json};
use roadshow_core::model::{Criterion, Scale};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::sync::{Change, EditStamp, Mutation, MutationResult, Outcome, Rejection};
use roadshow_core::validate::COMMENT_MAX_CHARS;
use sqlx::AnyConnection;

/// One mutation's answer, and whether it was given before (a resend of a recorded (client id,
/// seq) is answered again from its first result and changes nothing).
#[derive(Debug)]
pub struct Answer {
    pub result: MutationResult,
    pub replayed: bool,
}

/// Applies one mutation together with its bookkeeping inside the caller's write transaction, or
/// replays the result recorded the first time this (client id, seq) arrived. `event` was loaded
/// in the same write transaction (so it is current). Score cells, records and the event's
/// version are kept in `rows` until the caller writes them ([`GroupRows::write`]); the caller
/// then commits and announces the new version.
pub async fn apply_one(
    transaction: &mut AnyConnection,
    rows: &mut GroupRows,
    event: &StoredEvent,
    author: &Author,
    client_id: &str,
    mutation: &Mutation,
) -> ApiResult<Answer> {
    let change_sha256 = crate::secret::sha256_hex(&to_json(&mutation.change)?);
    let event_id = event.settings.id.as_str();
    let key = MutationKey {
        event_id,
        author,
        client_id,
        seq: mutation.seq,
    };
    if let Some(recorded) = rows.recorded(transaction, &key).await? {
        if recorded
            .change_sha256
            .is_some_and(|recorded_change| recorded_change != change_sha256)
        {
            // The same device and number, another edit: answering with the first edit's result
            // would say "applied" of something that was not. Nothing is stored or recorded.
            let result = MutationResult {
                seq: mutation.seq,
                status: Outcome::Rejected,
                version: None,
                error: Some(Rejection {
                    code: ErrorCode::SequenceReused,
                    message: "this device already sent a different edit with this sequence number"
                        .into(),
                    fields: Default::default(),
                }),
            };
            return Ok(Answer {
                result,
                replayed: false,
            });
        }
        return Ok(Answer {
            result: crate::store::from_json(&recorded.result)?,
            replayed: true,
        });
    }
    let written = match check_and_write(transaction, rows, event, author, client_id, mutation).await
    {
        Ok(written) => Ok(written),
        Err(ApiError::Database(error)) => return Err(ApiError::Database(error)),
        Err(ApiError::Internal(error)) => return Err(ApiError::Internal(error)),
        Err(refused) => Err(refused.body()),
    };
    let result = match written {
        Ok(Written::Applied) => {
            let version = rows.next_version(event);
            stamp_version(transaction, rows, event, author, &mutation.change, version).await?;
            MutationResult {
                seq: mutation.seq,
                status: Outcome::Applied,
                version: Some(version),
                error: None,
            }
        }
        Ok(Written::Superseded) => MutationResult {
            seq: mutation.seq,
            status: Outcome::Superseded,
            version: None,
            error: None,
        },
        Err(error) => MutationResult {
            seq: mutation.seq,
            status: Outcome::Rejected,
            version: None,
            error: Some(error),
        },
    };
    rows.record(&key, to_json(&result)?, &change_sha256);
    Ok(Answer {
        result,
        replayed: false,
    })
}

fn field_problem(path: &str, code: ProblemCode, detail: impl Into<String>) -> ApiError {
    ApiError::Invalid(vec![Problem::new(path, code).with_detail(detail)])
}

/// Validates the mutation against the stored event and writes it (version 0 for now; the caller
/// stamps the new version once it knows the write happened). A refusal is an error.
async fn check_and_write(
    connection: &mut AnyConnection,
    rows: &mut GroupRows,
    event: &StoredEvent,
    author: &Author,
    client_id: &str,
    mutation: &Mutation,
) -> ApiResult<Written> {
    if mutation.change.pair_investor().is_some() {
        return crate::outcomes::apply(connection, event, author, &mutation.change, &now_rfc3339())
            .await;
    }
    // Scores, abstentions, interest, comments and conflicts are an investor's own.
    let Author::Investor(investor_id) = author else {
        return Err(ApiError::Forbidden);
    };
    let investor_id = investor_id.as_str();
    if !permissions::scoring_open(event) {
        return Err(ApiError::NotNow {
            code: ErrorCode::ScoringClosed,
            message: "scoring is not open for this event",
        });
    }
    let event_id = event.settings.id.as_str();
    let startup_id = mutation.change.startup();
    if rows
        .startup_published(connection, event_id, startup_id)
        .await?
        != Some(true)
    {
        return Err(field_problem(
            "startup",
            ProblemCode::UnknownId,
            format!("no published startup {startup_id}"),
        ));
    }
    // The round scored (definitions §8.1): its criteria, scale and judges apply.
    let round = match &mutation.change {
        Change::Score { round, .. } | Change::Abstain { round, .. } => {
            may_judge_startup(connection, rows, event_id, investor_id, startup_id).await?;
            let settings = &event.settings;
            let index = roadshow_core::rounds::change_round(settings, round.as_deref())
                .map_err(|problem| ApiError::Invalid(vec![problem]))?;
            let round = index.map(|index| &settings.rounds[index]);
            if round.is_some_and(|round| !round.is_judge(investor_id)) {
                return Err(ApiError::Forbidden);
            }
            round
        }
        _ => None,
    };
    let round_id = round.map_or("", |round| round.id.as_str());
    let criteria = round.map_or(event.settings.criteria.as_slice(), |round| {
        round.criteria(&event.settings)
    });
    let scale = round.map_or(event.settings.scale, |round| round.scale(&event.settings));
    let now = now_rfc3339();
    let stamp = EditStamp::of(client_id, mutation, chrono::Utc::now().timestamp_millis());
    let pair = Pair {
        event_id,
        investor_id,
        startup_id,
    };
    match &mutation.change {
        Change::Score {
            criterion, value, ..
        } => {
            let value = match value {
                None => None,
                Some(number) => Some(checked_score(scale, number)?),
            };
            known_criterion(criteria, criterion)?;
            let cell = CellKey::of(&pair, round_id, criterion);
            write_cell(connection, rows, cell, value, false, stamp, now).await
        }
        Change::Abstain {
            criterion, abstain, ..
        } => {
            let criterion = criterion.as_deref().unwrap_or_default();
            if !criterion.is_empty() {
                known_criterion(criteria, criterion)?;
            }
            let cell = CellKey::of(&pair, round_id, criterion);
            write_cell(connection, rows, cell, None, *abstain, stamp, now).await
        }
        Change::Interest { want, .. } => {
            scores::write_verdict(connection, &pair, VerdictPart::Want(*want), &stamp, &now).await
        }
        Change::Comment { text, shared, .. } => {
            if text.chars().count() > COMMENT_MAX_CHARS {
                return Err(field_problem(
                    "text",
                    ProblemCode::TooLong,
                    format!("at most {COMMENT_MAX_CHARS} characters"),
                ));
            }
            let part = VerdictPart::Comment {
                text,
                shared: *shared,
            };
            scores::write_verdict(connection, &pair, part, &stamp, &now).await
        }
        Change::Conflict { conflict, .. } => {
            // Removed since its link was checked: refused like any act of a removed investor.
            let mut investor = rows
                .investor(connection, event_id, investor_id)
                .await?
                .ok_or(ApiError::Forbidden)?;
            let declared = investor.conflicts.iter().any(|id| id == startup_id);
            match (declared, *conflict) {
                (false, true) => investor.conflicts.push(startup_id.to_owned()),
                (true, false) => investor.conflicts.retain(|id| id != startup_id),
                _ => return Ok(Written::Superseded),
            }
            rows.write_investor_profile(connection, event_id, investor)
                .await?;
            Ok(Written::Applied)
        }
        Change::Meeting { .. } | Change::Stage { .. } | Change::Investment { .. } => {
            crate::outcomes::apply(connection, event, author, &mutation.change, &now).await
        }
    }
}

/// Writes one score cell (a value, a cleared value, or an abstention) unless a newer edit is
/// already stored there. Version 0: the caller stamps the new one ([`stamp_version`]).
async fn write_cell(
    connection: &mut AnyConnection,
    rows: &mut GroupRows,
    cell: CellKey,
    value: Option<i64>,
    abstain: bool,
    stamp: EditStamp,
    now: String,
) -> ApiResult<Written> {
    if let Some(stored) = rows.cell_writer(connection, &cell).await? {
        if !stamp.replaces(&stored) {
            return Ok(Written::Superseded);
        }
    }
    let content = CellContent {
        value,
        abstain,
        writer: stamp,
        updated_at: now,
        version: 0,
    };
    rows.write_cell(cell, content);
    Ok(Written::Applied)
}

/// A judge limited to tracks scores only the startups in them (definitions §8.2).
async fn may_judge_startup(
    connection: &mut AnyConnection,
    rows: &mut GroupRows,
    event_id: &str,
    investor_id: &str,
    startup_id: &str,
) -> ApiResult<()> {
    let investor = rows
        .investor(connection, event_id, investor_id)
        .await?
        .ok_or(ApiError::Forbidden)?;
    if investor.tracks.is_empty() {
        return Ok(());
    }
    let startup = rows
        .startup(connection, event_id, startup_id)
        .await?
        .ok_or(ApiError::NotFound("startup"))?;
    if roadshow_core::tracks::may_judge(&investor.tracks, startup.track.as_deref()) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The score's criterion must be one of the round's (core's rule for a score entry).
fn known_criterion(criteria: &[Criterion], criterion: &str) -> ApiResult<()> {
    roadshow_core::validate::score_criterion(Some(criterion), false, criteria)
        .map_err(|problem| ApiError::Invalid(vec![problem]))
}

/// The score as a whole number on the round's scale (core's rule for a score entry), its
/// problem reported at `value`.
fn checked_score(scale: Scale, number: &serde_json::Number) -> ApiResult<i64> {
    match roadshow_core::validate::score_value(Some(number), false, scale) {
        Ok(Some(value)) => Ok(value),
        // Only an abstention passes without a value, and this is a score.
        Ok(None) => Err(field_problem(
            "value",
            ProblemCode::Required,
            "a score needs a value",
        )),
        Err(problem) => Err(ApiError::Invalid(vec![Problem {
            detail: format!("a whole number from {} to {}", scale.min, scale.max),
            ..problem
        }])),
    }
}

/// Marks the rows the mutation changed with the event's new version.
async fn stamp_version(
    connection: &mut AnyConnection,
    rows: &mut GroupRows,
    event: &StoredEvent,
    author: &Author,
    change: &Change,
    version: i64,
) -> ApiResult<()> {
    let event_id = event.settings.id.as_str();
    // The round the score was stored under (checked when it was written).
    let round = match change {
        Change::Score { round, .. } | Change::Abstain { round, .. } => {
            let settings = &event.settings;
            roadshow_core::rounds::change_round(settings, round.as_deref())
                .ok()
                .flatten()
                .map_or("", |index| settings.rounds[index].id.as_str())
        }
        _ => "",
    };
    let investor_id = change.pair_investor().unwrap_or(author.id());
    let pair = Pair {
        event_id,
        investor_id,
        startup_id: change.startup(),
    };
    match change {
        Change::Score { criterion, .. } => {
            rows.stamp_cell(&CellKey::of(&pair, round, criterion), version);
            Ok(())
        }
        Change::Abstain { criterion, .. } => {
            let criterion = criterion.as_deref().unwrap_or_default();
            rows.stamp_cell(&CellKey::of(&pair, round, criterion), version);
            Ok(())
        }
        Change::Interest { .. } | Change::Comment { .. } => {
            scores::stamp_verdict(connection, &pair, version).await
        }
        Change::Conflict { .. } => {
            people::stamp_investor(connection, event_id, investor_id, version).await
        }
        // Meetings travel whole in every feed: the version bump alone tells clients to look.
        Change::Meeting { .. } => Ok(()),
        Change::Stage { .. } | Change::Investment { .. } => {
            crate::store::follow_ups::stamp(connection, &pair, version).await
        }
    }
}
