//! Keeps a phone in step with the organizer: follows the event's version stream and, for each
//! new version, asks what changed since the last one. On an investor's phone, startups the
//! organizer removed (or that are no longer published) leave the pitch list — and this device's
//! saved copy — within a second, without a reload, and so does a new live state (the running
//! order, the pitch on now); a founder's page follows the live state (the feedback release).

use crate::api::{self, ApiError, LiveState};
use leptos::prelude::*;
use std::time::Duration;

const FIRST_RECONNECT_MS: u64 = 1_000;
const LAST_RECONNECT_MS: u64 = 30_000;

#[derive(Debug, Clone, Copy)]
struct Follower {
    event_id: StoredValue<String>,
    secret: StoredValue<String>,
    version: StoredValue<i64>,
    fetching: StoredValue<bool>,
    fetch_again: StoredValue<bool>,
    reconnect_ms: StoredValue<u64>,
    stopped: StoredValue<bool>,
    on_gone: Callback<Vec<String>>,
    on_live: Callback<LiveState>,
}

/// Follows the event's live state only (a founder's page): `on_live` receives it whenever the
/// settings or live state changed since `version`.
pub fn follow_live_state(
    event_id: String,
    secret: String,
    version: i64,
    on_live: Callback<LiveState>,
) {
    follow_pitch_list(event_id, secret, version, Callback::new(|_| ()), on_live);
}

/// Starts following for as long as the calling component lives; `on_gone` receives the ids of
/// startups that left the event (removed or unpublished) since `version`, `on_live` the event's
/// live state whenever the settings or live state changed.
pub fn follow_pitch_list(
    event_id: String,
    secret: String,
    version: i64,
    on_gone: Callback<Vec<String>>,
    on_live: Callback<LiveState>,
) {
    let Ok(controller) = web_sys::AbortController::new() else {
        leptos::logging::warn!("live updates unavailable: this browser cannot abort a request");
        return;
    };
    let follower = Follower {
        event_id: StoredValue::new(event_id),
        secret: StoredValue::new(secret),
        version: StoredValue::new(version),
        fetching: StoredValue::new(false),
        fetch_again: StoredValue::new(false),
        reconnect_ms: StoredValue::new(FIRST_RECONNECT_MS),
        stopped: StoredValue::new(false),
        on_gone,
        on_live,
    };
    let signal = send_wrapper::SendWrapper::new(controller.signal());
    let controller = send_wrapper::SendWrapper::new(controller);
    on_cleanup(move || {
        follower.stopped.set_value(true);
        controller.abort();
    });
    follower.connect(signal);
}

impl Follower {
    fn live(self) -> bool {
        !self.stopped.try_get_value().unwrap_or(true)
    }

    fn connect(self, signal: send_wrapper::SendWrapper<web_sys::AbortSignal>) {
        leptos::task::spawn_local(async move {
            let (event_id, secret) = (self.event_id.get_value(), self.secret.get_value());
            let outcome = api::follow_versions(&event_id, &secret, &signal, |version| {
                self.reconnect_ms.set_value(FIRST_RECONNECT_MS);
                if version > self.version.get_value() {
                    self.fetch();
                }
            })
            .await;
            if !self.live() {
                return;
            }
            if let Err(ApiError::Rejected {
                status: 401 | 403 | 404,
                ..
            }) = outcome
            {
                return; // A revoked link or a removed event: nothing more will come.
            }
            let delay = self.reconnect_ms.get_value();
            self.reconnect_ms
                .set_value((delay * 2).min(LAST_RECONNECT_MS));
            set_timeout(
                move || {
                    if self.live() {
                        self.fetch();
                        self.connect(signal);
                    }
                },
                Duration::from_millis(delay),
            );
        });
    }

    /// Asks what changed since the last version (now, or right after a fetch under way).
    fn fetch(self) {
        if self.fetching.get_value() {
            self.fetch_again.set_value(true);
            return;
        }
        self.fetching.set_value(true);
        leptos::task::spawn_local(async move {
            loop {
                self.fetch_again.set_value(false);
                let since = self.version.get_value();
                let answer = api::fetch_changes::<api::LiveChanges>(
                    &self.event_id.get_value(),
                    &self.secret.get_value(),
                    since,
                )
                .await;
                if !self.live() {
                    return;
                }
                match answer {
                    Ok(changes) => {
                        if let Some(event) = changes.event {
                            self.on_live.run(event.live);
                        }
                        let mut gone = changes.removed_startups;
                        gone.extend(changes.hidden_startups);
                        if !gone.is_empty() {
                            self.on_gone.run(gone);
                        }
                        self.version.set_value(changes.version.max(since));
                    }
                    Err(error) => leptos::logging::warn!("pitch list not refreshed: {error}"),
                }
                if !self.fetch_again.get_value() {
                    break;
                }
            }
            self.fetching.set_value(false);
        });
    }
}
