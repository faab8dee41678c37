//! The outbox service of a link (an investor's scores and answers, a startup's answers, the
//! organizer's answers on someone's behalf): every edit is written to this device's storage
//! first, then sent in batches that retry with backoff until the server acknowledges them. A
//! reload or a closed tab resends what is left on the next visit; the `online` event resends at
//! once.
//!
//! Every tab of the browser shares the stored outbox (one client id, one sequence): a tab reads
//! the stored copy before each change it makes, and takes another tab's copy when that tab
//! stores one, so a score changed in one tab shows in the others at once and no tab overwrites
//! another's edits.

use crate::api::{self, ApiError};
use crate::storage::{self, OutboxOwner, StorageError};
use leptos::prelude::*;
use roadshow_core::sync::{Change, Outbox};
use std::time::Duration;

const FIRST_RETRY_MS: u64 = 1_000;
const LAST_RETRY_MS: u64 = 30_000;

/// Why edits are not reaching the server right now.
#[derive(Debug, Clone, PartialEq)]
pub enum SyncTrouble {
    /// No connection; edits wait on the device and are retried.
    Offline,
    /// The server refused the link (revoked or wrong); edits stay on the device.
    LinkRefused,
    /// The server failed; edits stay on the device and are retried.
    Server,
    /// This device could not store an edit; it was not recorded.
    Storage(StorageError),
}

#[derive(Debug, Clone, Copy)]
pub struct SyncService {
    outbox: RwSignal<Outbox>,
    trouble: RwSignal<Option<SyncTrouble>>,
    sending: RwSignal<bool>,
    retry_ms: StoredValue<u64>,
    event_id: StoredValue<String>,
    owner: OutboxOwner,
    secret: StoredValue<String>,
}

impl SyncService {
    /// Loads this device's outbox for the event (or starts one) and sends whatever is pending.
    pub fn start(event_id: String, secret: String, owner: OutboxOwner) -> SyncService {
        let (outbox, trouble) = match storage::load_outbox(&event_id, owner) {
            Ok(Some(outbox)) => (outbox, None),
            Ok(None) => (Outbox::new(storage::new_client_id()), None),
            Err(error) => (
                Outbox::new(storage::new_client_id()),
                Some(SyncTrouble::Storage(error)),
            ),
        };
        let service = SyncService {
            outbox: RwSignal::new(outbox),
            trouble: RwSignal::new(trouble),
            sending: RwSignal::new(false),
            retry_ms: StoredValue::new(FIRST_RETRY_MS),
            event_id: StoredValue::new(event_id),
            owner,
            secret: StoredValue::new(secret),
        };
        let online = window_event_listener(leptos::ev::online, move |_| service.send_now());
        on_cleanup(move || online.remove());
        storage::watch_outbox(&service.event_id.get_value(), owner, move |stored| {
            if service.outbox.with_untracked(|outbox| *outbox != stored) {
                service.outbox.set(stored);
            }
        });
        service.send_now();
        service
    }

    pub fn outbox(self) -> Signal<Outbox> {
        self.outbox.into()
    }

    pub fn trouble(self) -> Signal<Option<SyncTrouble>> {
        self.trouble.into()
    }

    /// Records an edit: stored on the device before anything else, so "saved on this device"
    /// is true when the screen says it.
    pub fn record(self, change: Change) -> Result<(), StorageError> {
        let mut next = self.latest();
        next.record(change, crate::clock::now_millis());
        let event_id = self.event_id.get_value();
        if let Err(error) = storage::save_outbox(&event_id, self.owner, &next) {
            self.trouble.set(Some(SyncTrouble::Storage(error.clone())));
            return Err(error);
        }
        self.outbox.set(next);
        self.send_now();
        Ok(())
    }

    /// The outbox as stored now (another tab may have added to it since this tab last looked),
    /// or this tab's copy when storage cannot be read.
    fn latest(self) -> Outbox {
        match storage::load_outbox(&self.event_id.get_value(), self.owner) {
            Ok(Some(stored)) => stored,
            Ok(None) => self.outbox.get_untracked(),
            Err(error) => {
                leptos::logging::warn!("stored edits not readable, using this tab's copy: {error}");
                self.outbox.get_untracked()
            }
        }
    }

    /// Starts sending unless a send is already under way.
    pub fn send_now(self) {
        if self.sending.get_untracked() {
            return;
        }
        self.sending.set(true);
        leptos::task::spawn_local(async move {
            self.drain().await;
            self.sending.set(false);
        });
    }

    async fn drain(self) {
        let event_id = self.event_id.get_value();
        let secret = self.secret.get_value();
        loop {
            let (client_id, batch) = self
                .outbox
                .with_untracked(|outbox| (outbox.client_id.clone(), outbox.pending()));
            if batch.is_empty() {
                if matches!(
                    self.trouble.get_untracked(),
                    Some(SyncTrouble::Offline | SyncTrouble::Server)
                ) {
                    self.trouble.set(None);
                }
                return;
            }
            match api::send_mutations(&event_id, &secret, &client_id, &batch).await {
                Ok(results) => {
                    self.retry_ms.set_value(FIRST_RETRY_MS);
                    let mut next = self.latest();
                    next.acknowledge(&results);
                    // Even if storing the acknowledgement fails, the server has the edits; a
                    // resend would only replay them, so the screen may show them as synced.
                    if let Err(error) = storage::save_outbox(&event_id, self.owner, &next) {
                        self.trouble.set(Some(SyncTrouble::Storage(error)));
                    } else if self.trouble.get_untracked().is_some() {
                        self.trouble.set(None);
                    }
                    self.outbox.set(next);
                }
                Err(ApiError::Rejected {
                    status: 401 | 403, ..
                }) => {
                    self.trouble.set(Some(SyncTrouble::LinkRefused));
                    return;
                }
                Err(error) => {
                    self.trouble.set(Some(if error.status().is_none() {
                        SyncTrouble::Offline
                    } else {
                        SyncTrouble::Server
                    }));
                    self.retry_later();
                    return;
                }
            }
        }
    }

    fn retry_later(self) {
        let delay = self.retry_ms.get_value();
        self.retry_ms.set_value((delay * 2).min(LAST_RETRY_MS));
        set_timeout(move || self.send_now(), Duration::from_millis(delay));
    }
}
