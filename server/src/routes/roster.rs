//! The organizer's roster: many investors in one request, all or nothing.
//!
//! Every entry is checked first (each problem at `investors[i].field`); an entry that is an
//! investor the event already has (same firm and person, see `roadshow_core::roster`) is refused
//! unless the request says what to do with such entries: `update` their profiles (keeping their
//! ids and links) or `skip` them. Two entries of the same file for one person are always refused.
//! Nothing is stored unless everything is.

use crate::auth::Bearer;
use crate::error::{ApiError, ApiResult};
use crate::json::{ApiJson, ApiPath};
use crate::principal::Role;
use crate::routes::people::{authorize_organizer, profile_problems, unknown_references};
use crate::secret::new_event_id;
use crate::state::AppState;
use crate::store::audit::{self, Actor, Record};
use crate::store::events::{bump_version, load_event};
use crate::store::links::IssuedBy;
use crate::store::people::{self, Kind};
use crate::store::{self, links, now_rfc3339};
use axum::extract::State;
use axum::Json;
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::roster::{known_entries, KnownAs};
use roadshow_core::wire::{
    AuditAction, CreatedLink, ExistingInvestors as Existing, Roster, RosterResult,
};
use std::collections::HashMap;

/// A roster of [`MAX_ENTRIES`] full profiles fits.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// Most entries in one roster.
const MAX_ENTRIES: usize = 2000;

pub async fn import_roster(
    State(state): State<AppState>,
    ApiPath(event_id): ApiPath<String>,
    bearer: Bearer,
    ApiJson(roster): ApiJson<Roster, BODY_LIMIT_BYTES>,
) -> ApiResult<Json<RosterResult>> {
    let principal = authorize_organizer(&state, &event_id, &bearer).await?;
    let by = Actor::of(&principal);
    let Roster {
        mut investors,
        existing,
    } = roster;
    if investors.is_empty() || investors.len() > MAX_ENTRIES {
        return Err(ApiError::Invalid(vec![Problem::new(
            "investors",
            ProblemCode::OutOfRange,
        )
        .with_detail(format!("from 1 to {MAX_ENTRIES} investors"))]));
    }
    let mut transaction = store::begin_write(&state.db).await?;
    let event = load_event(&mut *transaction, &event_id).await?;
    let stored = people::investors(&mut transaction, &event_id).await?;
    let startups = people::ids(&mut transaction, Kind::Startup, &event_id).await?;

    let known: HashMap<usize, KnownAs> = known_entries(&stored, &investors).into_iter().collect();
    let mut problems = Vec::new();
    let mut ids_in_file: HashMap<String, usize> = HashMap::new();
    for (index, investor) in investors.iter_mut().enumerate() {
        let at = format!("investors[{index}]");
        let given_id = !investor.id.trim().is_empty();
        if !given_id {
            investor.id = format!("i-{}", new_event_id());
        }
        match known.get(&index) {
            Some(KnownAs::Earlier(first)) => problems.push(
                Problem::new(at.clone(), ProblemCode::Duplicate)
                    .with_detail(format!("the same firm and person as investors[{first}]")),
            ),
            Some(KnownAs::Existing(id)) => match existing {
                None => problems.push(
                    Problem::new(at.clone(), ProblemCode::Duplicate).with_detail(format!(
                        "already in this event as {id}: choose update or skip"
                    )),
                ),
                // An update keeps the stored investor's id (and so its link).
                Some(_) => investor.id = id.clone(),
            },
            None => {
                if given_id && stored.iter().any(|known| known.id == investor.id) {
                    problems.push(
                        Problem::new(format!("{at}.id"), ProblemCode::Duplicate)
                            .with_detail("another investor has this id"),
                    );
                }
                if let Some(first) = ids_in_file.insert(investor.id.clone(), index) {
                    problems.push(
                        Problem::new(format!("{at}.id"), ProblemCode::Duplicate)
                            .with_detail(format!("investors[{first}] has this id")),
                    );
                }
            }
        }
        let own = profile_problems(&event, None, Some(investor))
            .into_iter()
            .chain(unknown_references(
                "conflicts",
                &investor.conflicts,
                &startups,
            ));
        problems.extend(own.map(|problem| Problem {
            path: join_path(&at, &problem.path),
            ..problem
        }));
    }
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }

    let version = bump_version(&mut transaction, &event_id).await?;
    let now = now_rfc3339();
    let mut result = RosterResult {
        created: Vec::new(),
        updated: Vec::new(),
        skipped: Vec::new(),
        version,
    };
    for (index, investor) in investors.iter().enumerate() {
        match (known.get(&index), existing) {
            (Some(_), Some(Existing::Skip)) => result.skipped.push(investor.id.clone()),
            (Some(_), _) => {
                people::update_investor(&mut transaction, &event_id, investor, version).await?;
                result.updated.push(investor.id.clone());
            }
            (None, _) => {
                let position =
                    people::next_position(&mut transaction, Kind::Investor, &event_id).await?;
                people::insert_investor(&mut transaction, &event_id, investor, position, version)
                    .await?;
                let link = links::reissue(
                    &mut transaction,
                    &event_id,
                    Role::Investor,
                    Some(&investor.id),
                    &now,
                    IssuedBy::Actor(&by),
                )
                .await?;
                result.created.push(CreatedLink {
                    id: investor.id.clone(),
                    link: link.path,
                });
            }
        }
    }
    let record = Record::new(AuditAction::PeopleImported)
        .about(Role::Investor, None)
        .with("created", result.created.len())
        .with("updated", result.updated.len())
        .with("skipped", result.skipped.len());
    audit::append(&mut transaction, &event_id, &by, record, &now).await?;
    transaction.commit().await?;
    state.live.publish(&event_id, version);
    Ok(Json(result))
}

fn join_path(prefix: &str, path: &str) -> String {
    if path.is_empty() {
        prefix.to_owned()
    } else if path.starts_with('[') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}.{path}")
    }
}
