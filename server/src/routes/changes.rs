//! Reading sync: `GET /events/{id}/changes?since=v` — what changed since version `v`, filtered by
//! what the caller may see — and `GET /events/{id}/stream`, a Server-Sent Events stream of new
//! versions (clients then ask for the changes).

use crate::auth::{caller_in_event, principal_in_event, Bearer};
use crate::error::{ApiError, ApiResult};
use crate::json::ApiPath;
use crate::live::Notice;
use crate::permissions::{self, InvestorVisibility, ScoringView};
use crate::principal::Principal;
use crate::state::AppState;
use crate::store;
use crate::store::events::{load_event, StoredEvent};
use crate::store::people::{self, Kind};
use crate::store::scores::{self, ScoreRow};
use crate::store::{follow_ups, meetings};
use crate::store::{from_json, removals};
use axum::extract::{Query, State};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use axum::{Json, Router};
use roadshow_core::model::Investor;
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::wire::{EventView, PublicInvestor};
use serde::Deserialize;
use sqlx::AnyConnection;
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::time::Duration;
use tokio_stream::{Stream, StreamExt};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/events/{event_id}/changes", get(changes_since))
        .route("/events/{event_id}/stream", get(version_stream))
}

#[derive(Debug, Deserialize)]
struct Since {
    #[serde(default)]
    since: i64,
}

/// The feed as the server writes it: each profile as JSON with what the caller may not see
/// already removed.
type Changes =
    roadshow_core::wire::Changes<EventView, Vec<serde_json::Value>, Vec<serde_json::Value>>;

async fn changes_since(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    since: Result<Query<Since>, axum::extract::rejection::QueryRejection>,
    bearer: Bearer,
) -> ApiResult<Json<Changes>> {
    // axum's own rejection is plain text; every error here is `{code, message, fields}`.
    let Query(Since { since }) = since.map_err(|_| {
        ApiError::Invalid(vec![
            Problem::new("since", ProblemCode::InvalidFormat).with_detail("a whole number from 0")
        ])
    })?;
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    // One read transaction: everything below is from the same moment.
    let mut transaction = store::begin_read(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let changes = visible_changes(&mut transaction, &principal, &event, since).await?;
    transaction.commit().await?;
    Ok(Json(changes))
}

async fn visible_changes(
    connection: &mut AnyConnection,
    principal: &Principal,
    event: &StoredEvent,
    since: i64,
) -> ApiResult<Changes> {
    let event_id = event.settings.id.as_str();
    let mut startups = Vec::new();
    let mut hidden_startups = Vec::new();
    for row in people::startups_changed_since(connection, event_id, since).await? {
        if permissions::may_see_startup(principal, &row.id, row.published) {
            let mut profile: serde_json::Value = from_json(&row.profile)?;
            permissions::startup_as_seen_by(principal, &mut profile);
            startups.push(profile);
        } else if since > 0 && permissions::told_of_hidden_startups(principal) {
            hidden_startups.push(row.id);
        }
    }

    let mut investors: Vec<serde_json::Value> = Vec::new();
    for (id, profile) in people::investors_changed_since(connection, event_id, since).await? {
        match permissions::investor_visibility(principal, &id) {
            InvestorVisibility::Hidden => {}
            InvestorVisibility::Full => investors.push(from_json(&profile)?),
            InvestorVisibility::Public => {
                let investor: Investor = from_json(&profile)?;
                let public = PublicInvestor {
                    id: investor.id,
                    firm: investor.firm,
                    firm_en: investor.firm_en,
                    kind: investor.kind,
                    fields: investor.fields,
                    stages: investor.stages,
                    regions: investor.regions,
                };
                investors.push(
                    serde_json::to_value(public)
                        .map_err(|error| ApiError::Internal(error.into()))?,
                );
            }
        }
    }

    let scores = visible_scores(connection, principal, event, since).await?;

    let verdicts = match permissions::scoring_view(principal) {
        ScoringView::Everyone => {
            scores::verdicts_changed_since(connection, event_id, since, None).await?
        }
        ScoringView::Investor(investor_id) => {
            scores::verdicts_changed_since(connection, event_id, since, Some(investor_id)).await?
        }
        ScoringView::Nobody => Vec::new(),
    };

    let stored_meetings: Vec<_> = meetings::all_stored(connection, event_id)
        .await?
        .into_iter()
        .filter(|stored| permissions::may_see_meeting(principal, event, &stored.meeting))
        .collect();
    let meeting_states = stored_meetings
        .iter()
        .map(|stored| {
            let mut state = stored.state();
            permissions::meeting_state_as_seen_by(principal, &mut state);
            state
        })
        .collect();
    let meetings = stored_meetings
        .into_iter()
        .map(|stored| stored.meeting)
        .collect();
    let follow_ups = follow_ups::all(connection, event_id)
        .await?
        .into_iter()
        .filter(|entry| permissions::may_see_follow_up(principal, &entry.investor, &entry.startup))
        .collect();

    let removed_startups = removed(connection, principal, event_id, Kind::Startup, since).await?;
    let removed_investors = removed(connection, principal, event_id, Kind::Investor, since).await?;
    Ok(Changes {
        version: event.version,
        removed_startups,
        removed_investors,
        event: (since == 0 || event.settings_version > since)
            .then(|| permissions::event_view(principal, event)),
        startups,
        hidden_startups,
        investors,
        scores,
        verdicts,
        meetings,
        meeting_states,
        follow_ups,
    })
}

/// Startups or investors the organizer removed since `since`, if the caller hears of them (none
/// on a first read: there is nothing to drop yet).
async fn removed(
    connection: &mut AnyConnection,
    principal: &Principal,
    event_id: &str,
    kind: Kind,
    since: i64,
) -> ApiResult<Vec<String>> {
    if since == 0 || !permissions::hears_of_removals(principal, kind) {
        return Ok(Vec::new());
    }
    removals::removed_since(connection, event_id, kind, since).await
}

/// Scores the caller may see that changed since `since`. For an investor this is its own, plus
/// others' as the reveal mode allows; scores that became visible because the investor just
/// scored a startup, or because the organizer revealed them, are sent even if they are older.
async fn visible_scores(
    connection: &mut AnyConnection,
    principal: &Principal,
    event: &StoredEvent,
    since: i64,
) -> ApiResult<Vec<ScoreRow>> {
    let event_id = event.settings.id.as_str();
    let viewer = match permissions::scoring_view(principal) {
        ScoringView::Everyone => return scores::changed_since(connection, event_id, since).await,
        ScoringView::Investor(viewer) => viewer,
        ScoringView::Nobody => return Ok(Vec::new()),
    };
    // The viewer's own rows, once: what it has scored decides what it may see of others.
    let own = scores::of_investor(connection, event_id, viewer).await?;
    // "After own scoring" means a score given: abstaining (on the pitch or a criterion)
    // judges nothing, so it reveals nothing; a whole-pitch abstention voids the scores.
    let abstained_pitch: BTreeSet<(&str, &str)> = own
        .iter()
        .filter(|(row, _)| row.abstain && row.criterion.is_empty())
        .map(|(row, _)| (row.round.as_str(), row.startup.as_str()))
        .collect();
    // By round (definitions §8.1): scoring a startup in the screening reveals nothing of the
    // final, and each round may have its own reveal mode.
    let scored: BTreeSet<(&str, &str)> = own
        .iter()
        .filter(|(row, _)| row.value.is_some() && !row.abstain)
        .filter(|(row, _)| !abstained_pitch.contains(&(row.round.as_str(), row.startup.as_str())))
        .map(|(row, _)| (row.round.as_str(), row.startup.as_str()))
        .collect();
    let newly_scored: BTreeSet<(&str, &str)> = own
        .iter()
        .filter(|(_, version)| *version > since)
        .map(|(row, _)| (row.round.as_str(), row.startup.as_str()))
        .collect();
    let reveal_changed = event.settings_version > since;
    let rounds: Vec<&str> = if event.settings.rounds.is_empty() {
        vec![""]
    } else {
        event
            .settings
            .rounds
            .iter()
            .map(|round| round.id.as_str())
            .collect()
    };
    let any_revealed = rounds
        .iter()
        .any(|round| permissions::may_see_score(principal, event, "", round, true));
    let others = if any_revealed {
        scores::of_others(connection, event_id, viewer).await?
    } else {
        Vec::new()
    };
    let mut visible: Vec<ScoreRow> = Vec::new();
    for (row, version) in others {
        let cell = (row.round.as_str(), row.startup.as_str());
        let viewer_scored = scored.contains(&cell);
        if !permissions::may_see_score(principal, event, &row.investor, &row.round, viewer_scored) {
            continue;
        }
        if version > since || reveal_changed || newly_scored.contains(&cell) {
            visible.push(row);
        }
    }
    let mut result: Vec<ScoreRow> = own
        .into_iter()
        .filter(|(_, version)| *version > since)
        .map(|(row, _)| row)
        .collect();
    result.extend(visible);
    Ok(result)
}

async fn version_stream(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let principal = caller_in_event(&state, &event_id, &bearer).await?;
    permissions::may_follow_stream(&principal)?;
    // Subscribe before reading the current version so no change can fall in between.
    let mut notices = state.live.subscribe(&event_id);
    let current = load_event(&state.db, &event_id).await?.version;
    let (sender, receiver) = tokio::sync::mpsc::channel::<i64>(16);
    let secret = bearer.secret.unwrap_or_default();
    let open = state.metrics.live_stream_opened();
    let draining = state.lifecycle.draining();
    tokio::spawn(async move {
        let mut draining = std::pin::pin!(draining);
        if sender.send(current).await.is_err() {
            return;
        }
        loop {
            let notice = tokio::select! {
                notice = notices.recv() => notice,
                // Shutting down: end the stream so the phone reconnects to a process that stays.
                () = &mut draining => return,
                () = sender.closed() => return, // The client went away.
            };
            match notice {
                Ok(Notice::Version(version)) => {
                    if sender.send(version).await.is_err() {
                        return; // The client went away.
                    }
                }
                Ok(Notice::LinksRevoked) => {
                    let still_open = principal_in_event(
                        &state,
                        &event_id,
                        &Bearer {
                            secret: Some(secret.clone()),
                            client: None,
                        },
                    )
                    .await;
                    if still_open.is_err() {
                        return; // Ends the stream: a revoked link hears nothing more.
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    // The stream counts as open for as long as its body exists (dropped when the client goes).
    let events = tokio_stream::wrappers::ReceiverStream::new(receiver).map(move |version| {
        let _counted = &open;
        Ok(SseEvent::default()
            .event("version")
            .data(version.to_string()))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}
