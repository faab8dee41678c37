//! The investor's scoring screen, opened by its link `/events/{id}/score#k=…`: the pitches in
//! running order with progress, and one pitch at a time with large targets for each score.
//! Every tap is stored on the device first and synced by [`SyncService`]; the screen shows which.
//!
//! This module loads the event (or this device's saved copy, offline); [`scoring`] lays out the
//! screen and its views: [`pitch_list`], [`scorecard`], [`my_scores`], [`thesis_form`],
//! [`follow_ups`] (and the agenda with its meeting answers, a shared component).

mod follow_ups;
mod judging;
mod labels;
mod my_scores;
mod pitch_list;
mod scorecard;
mod scoring;
mod thesis_form;

use crate::api::{self, ApiError, Changes};
use crate::i18n::{request_problem, Key};
use crate::link::secret_from_fragment;
use crate::state::language::use_text;
use crate::state::sync::SyncService;
use crate::storage;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use scoring::{Loaded, ScoringScreen};

/// Why the scoring screen cannot open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
enum ScoringPageError {
    #[error("the link has no secret")]
    MissingSecret,
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl ScoringPageError {
    fn explanation(&self) -> Key {
        match self {
            ScoringPageError::MissingSecret => Key::LinkMissing,
            ScoringPageError::Api(error) => request_problem(error),
        }
    }
}

async fn load(event_id: String, secret: String) -> Result<Loaded, ScoringPageError> {
    let owner = storage::OutboxOwner::investor(&secret);
    match api::fetch_changes::<api::Changes>(&event_id, &secret, 0).await {
        Ok(changes) => {
            if let Err(error) = storage::save_cached_for(&event_id, owner, &changes) {
                leptos::logging::warn!("event data not saved for offline use: {error}");
            }
            Ok(Loaded {
                changes,
                from_saved_copy: false,
            })
        }
        Err(ApiError::Network) => match storage::load_cached_for::<Changes>(&event_id, owner) {
            Ok(Some(changes)) => Ok(Loaded {
                changes,
                from_saved_copy: true,
            }),
            _ => Err(ApiError::Network.into()),
        },
        Err(error) => Err(error.into()),
    }
}

#[component]
pub fn InvestorPage() -> impl IntoView {
    let text = use_text();
    let params = use_params_map();
    let location = use_location();
    let event_id = params.with_untracked(|params| params.get("event_id").unwrap_or_default());
    let remembered = storage::load_secret(&event_id).unwrap_or_else(|error| {
        leptos::logging::warn!("stored link not readable: {error}");
        None
    });
    let secret = secret_from_fragment(&location.hash.get_untracked()).or(remembered.clone());
    let Some(secret) = secret else {
        return view! { <Problem error=ScoringPageError::MissingSecret/> }.into_any();
    };
    // What an earlier version kept for the event belongs to the link remembered last.
    let last_link = storage::OutboxOwner::investor(remembered.as_deref().unwrap_or(&secret));
    if let Err(error) = storage::adopt_unkeyed_copies(&event_id, last_link) {
        leptos::logging::warn!("earlier edits on this device not moved: {error}");
    }
    if let Err(error) = storage::save_secret(&event_id, &secret) {
        leptos::logging::warn!("link not remembered on this device: {error}");
    }
    let sync = SyncService::start(
        event_id.clone(),
        secret.clone(),
        storage::OutboxOwner::investor(&secret),
    );
    let screen_secret = secret.clone();
    let data = LocalResource::new(move || load(event_id.clone(), secret.clone()));
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{move || text(Key::Loading)}</p> }>
            {move || data.get().map(|result| match result {
                Ok(loaded) => view! { <ScoringScreen loaded sync secret=screen_secret.clone()/> }.into_any(),
                Err(error) => view! { <Problem error/> }.into_any(),
            })}
        </Transition>
    }
    .into_any()
}

#[component]
fn Problem(error: ScoringPageError) -> impl IntoView {
    let text = use_text();
    let key = error.explanation();
    view! {
        <section class="card problem" role="alert">
            <h1>{move || text(Key::InvestorScoring)}</h1>
            <p>{move || text(key)}</p>
        </section>
    }
}
