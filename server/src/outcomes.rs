//! The write side of what happens after the pitches (definitions §7.1, §7.4): meeting answers,
//! attendance marks, cancellations, follow-up stages and the startup's word on an investment,
//! each one a mutation applied by `sync_engine` inside the writer's transaction.
//!
//! Who may say what (checked here, per mutation, so a refusal is that item's rejection):
//! - an investor speaks for the investor side of its own meetings and moves its own pairs'
//!   stages forward; a startup speaks for the startup side of its own meetings and confirms or
//!   disputes its own `invested` records; neither can name a pair that is not theirs;
//! - the organizer speaks for either side (`on_behalf_of`, recorded as such), cancels and
//!   restores meetings, moves stages back, and confirms on a startup's behalf.
//!
//! The rules themselves are core's ([`roadshow_core::meeting_answers`],
//! [`roadshow_core::follow_up`]); this module finds the stored state, applies them, and writes.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::principal::Author;
use crate::store::events::StoredEvent;
use crate::store::scores::Written;
use crate::store::{follow_ups, meetings, to_json};
use roadshow_core::follow_up::{meeting_day, moves_back, record_problems};
use roadshow_core::meeting_answers::{MeetingWord, Side, WordRefusal};
use roadshow_core::model::{whole_number, FollowUp, FollowUpStage, MeetingStatus};
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::sync::Change;
use sqlx::AnyConnection;

fn problem(path: &str, code: ProblemCode, detail: impl Into<String>) -> ApiError {
    ApiError::Invalid(vec![Problem::new(path, code).with_detail(detail)])
}

/// The pair must be the author's own: an investor names itself, a startup itself. A pair that
/// is not theirs is reported at the field that names someone else — as an unknown id, so the
/// answer says nothing about other people's meetings.
fn own_pair(author: &Author, investor: &str, startup: &str) -> ApiResult<()> {
    match author {
        Author::Investor(id) if id != investor => Err(problem(
            "investor",
            ProblemCode::UnknownId,
            "you can only answer for your own meetings",
        )),
        Author::Startup(id) if id != startup => Err(problem(
            "startup",
            ProblemCode::UnknownId,
            "you can only answer for your own meetings",
        )),
        _ => Ok(()),
    }
}

/// Applies one meeting, stage or investment change; `Ok(Superseded)` when it changes nothing.
pub async fn apply(
    connection: &mut AnyConnection,
    event: &StoredEvent,
    author: &Author,
    change: &Change,
    now: &str,
) -> ApiResult<Written> {
    let event_id = event.settings.id.as_str();
    let (investor, startup, on_behalf_of) = match change {
        Change::Meeting {
            investor,
            startup,
            on_behalf_of,
            ..
        } => (investor, startup, *on_behalf_of),
        Change::Stage {
            investor, startup, ..
        }
        | Change::Investment {
            investor, startup, ..
        } => (investor, startup, None),
        _ => return Err(ApiError::Forbidden),
    };
    // A firm's meeting is answered by whoever of the firm attends it (definitions §8.6); stages
    // and investments stay the pair's investor's own.
    let attends = match (change, author) {
        (Change::Meeting { .. }, Author::Investor(id)) if id != investor => {
            meetings::of_pair(connection, event_id, investor, startup)
                .await?
                .is_some_and(|stored| stored.meeting.attended_by(id))
        }
        _ => false,
    };
    if !attends {
        own_pair(author, investor, startup)?;
    }
    let written = match change {
        Change::Meeting { word, .. } => {
            meeting_word(
                connection,
                event,
                author,
                (investor, startup),
                on_behalf_of,
                word,
            )
            .await?
        }
        Change::Stage {
            stage,
            amount_krw,
            date,
            reason,
            ..
        } => {
            let amount_krw = match amount_krw {
                None => None,
                Some(number) => Some(whole_number(number).ok_or_else(|| {
                    problem(
                        "amount_krw",
                        ProblemCode::NotInteger,
                        "a whole number of won, e.g. 500000000 for 5억",
                    )
                })?),
            };
            let entry = FollowUp {
                investor: investor.clone(),
                startup: startup.clone(),
                stage: *stage,
                amount_krw,
                date: *date,
                confirmed: None,
                reason: reason.clone(),
            };
            move_stage(connection, event, author, entry, now).await?
        }
        Change::Investment { confirmed, .. } => {
            confirm_investment(
                connection,
                event_id,
                author,
                (investor, startup),
                *confirmed,
                now,
            )
            .await?
        }
        _ => Written::Superseded,
    };
    if written == Written::Applied {
        follow_ups::log(
            connection,
            event_id,
            (investor, startup),
            author,
            on_behalf_of,
            &to_json(change)?,
            now,
        )
        .await?;
    }
    Ok(written)
}

async fn meeting_word(
    connection: &mut AnyConnection,
    event: &StoredEvent,
    author: &Author,
    (investor, startup): (&str, &str),
    on_behalf_of: Option<Side>,
    word: &MeetingWord,
) -> ApiResult<Written> {
    let event_id = event.settings.id.as_str();
    let side = match (author, on_behalf_of) {
        (Author::Investor(_), None) => Side::Investor,
        (Author::Startup(_), None) => Side::Startup,
        (Author::Organizer, Some(side)) => side,
        (Author::Organizer, None) if matches!(word, MeetingWord::Cancel { .. }) => Side::Investor,
        (Author::Organizer, None) => {
            return Err(problem(
                "on_behalf_of",
                ProblemCode::Required,
                "say for which side the organizer answers",
            ))
        }
        (_, Some(_)) => {
            return Err(problem(
                "on_behalf_of",
                ProblemCode::NotApplicable,
                "only the organizer answers on someone's behalf",
            ))
        }
    };
    if matches!(word, MeetingWord::Cancel { .. }) && *author != Author::Organizer {
        return Err(ApiError::Forbidden);
    }
    if !event.meetings_published && *author != Author::Organizer {
        return Err(ApiError::NotNow {
            code: ErrorCode::MeetingsNotPublished,
            message: "the meetings are not published yet",
        });
    }
    let Some(mut stored) = meetings::of_pair(connection, event_id, investor, startup).await? else {
        let field = match author {
            Author::Startup(_) => "investor",
            _ => "startup",
        };
        return Err(problem(
            field,
            ProblemCode::UnknownId,
            "there is no meeting for this pair",
        ));
    };
    let next = stored
        .sides
        .with_word(side, word)
        .map_err(|refusal| match refusal {
            WordRefusal::Cancelled => ApiError::NotNow {
                code: ErrorCode::MeetingsNotPublished,
                message: "the meeting was cancelled",
            },
            WordRefusal::TextTooLong => problem(
                "text",
                ProblemCode::TooLong,
                format!(
                    "at most {} characters",
                    roadshow_core::meeting_answers::DECLINE_TEXT_MAX_CHARS
                ),
            ),
        })?;
    if next == stored.sides {
        return Ok(Written::Superseded);
    }
    let was_cancelled = stored.sides.status() == MeetingStatus::Cancelled;
    let is_cancelled = next.status() == MeetingStatus::Cancelled;
    if was_cancelled != is_cancelled {
        // Calendars must replace the event: cancelled, or back on.
        stored.sequence += 1;
    }
    stored.sides = next;
    meetings::write_sides(connection, event_id, &stored).await?;
    Ok(Written::Applied)
}

async fn move_stage(
    connection: &mut AnyConnection,
    event: &StoredEvent,
    author: &Author,
    mut entry: FollowUp,
    now: &str,
) -> ApiResult<Written> {
    let event_id = event.settings.id.as_str();
    if matches!(author, Author::Startup(_)) {
        return Err(ApiError::Forbidden);
    }
    let meeting = meetings::of_pair(connection, event_id, &entry.investor, &entry.startup).await?;
    let held = meeting
        .as_ref()
        .is_some_and(|stored| stored.sides.status() == MeetingStatus::Held);
    if !held {
        return Err(problem(
            "stage",
            ProblemCode::NotHeld,
            "a follow-up starts from a meeting marked held",
        ));
    }
    let day = meeting.and_then(|stored| meeting_day(&event.settings, stored.meeting.slot));
    let before = follow_ups::of_pair(connection, event_id, &entry.investor, &entry.startup).await?;
    let from = before
        .as_ref()
        .map_or(FollowUpStage::Met, |stored| stored.stage);
    if moves_back(from, entry.stage) && *author != Author::Organizer {
        return Err(problem(
            "stage",
            ProblemCode::StageBackwards,
            format!(
                "the pair is at {}; only the organizer moves a stage back",
                from.as_str()
            ),
        ));
    }
    // The startup's word stays with the investment it was about.
    if let Some(stored) = &before {
        if stored.stage == entry.stage
            && stored.amount_krw == entry.amount_krw
            && stored.date == entry.date
        {
            entry.confirmed = stored.confirmed;
        }
    }
    let problems = record_problems(&entry, day);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    if before.as_ref() == Some(&entry) {
        return Ok(Written::Superseded);
    }
    // Version 0 for now: the caller stamps the new version with the others.
    follow_ups::write(connection, event_id, &entry, now, 0).await?;
    Ok(Written::Applied)
}

async fn confirm_investment(
    connection: &mut AnyConnection,
    event_id: &str,
    author: &Author,
    (investor, startup): (&str, &str),
    confirmed: bool,
    now: &str,
) -> ApiResult<Written> {
    if matches!(author, Author::Investor(_)) {
        return Err(ApiError::Forbidden);
    }
    let stored = follow_ups::of_pair(connection, event_id, investor, startup).await?;
    let Some(mut entry) = stored.filter(|entry| entry.stage == FollowUpStage::Invested) else {
        return Err(problem(
            "confirmed",
            ProblemCode::NotApplicable,
            "there is no investment recorded for this pair",
        ));
    };
    if entry.confirmed == Some(confirmed) {
        return Ok(Written::Superseded);
    }
    entry.confirmed = Some(confirmed);
    follow_ups::write(connection, event_id, &entry, now, 0).await?;
    Ok(Written::Applied)
}
