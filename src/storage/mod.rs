//! Browser storage, and nothing else touches it. Small preferences live in `localStorage`; the
//! organizer's secret lives in `sessionStorage`, for one browser tab only.

use crate::i18n::Lang;

const LANGUAGE_KEY: &str = "roadshow.language";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("browser storage is not available (private mode or disabled)")]
    Unavailable,
    #[error("browser storage refused the write (full or disabled)")]
    WriteRefused,
    #[error("stored data under {key} cannot be read")]
    Corrupt { key: String },
}

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

pub fn load_language() -> Result<Option<Lang>, StorageError> {
    let stored = local_storage()?
        .get_item(LANGUAGE_KEY)
        .map_err(|_| StorageError::Unavailable)?;
    Ok(stored.as_deref().and_then(Lang::from_code))
}

pub fn save_language(lang: Lang) -> Result<(), StorageError> {
    local_storage()?
        .set_item(LANGUAGE_KEY, lang.code())
        .map_err(|_| StorageError::WriteRefused)
}

use roadshow_core::sync::Outbox;
use serde::de::DeserializeOwned;
use serde::Serialize;

fn load_json<T: DeserializeOwned>(key: &str) -> Result<Option<T>, StorageError> {
    let Some(text) = local_storage()?
        .get_item(key)
        .map_err(|_| StorageError::Unavailable)?
    else {
        return Ok(None);
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|_| StorageError::Corrupt {
            key: key.to_owned(),
        })
}

fn save_json<T: Serialize>(key: &str, value: &T) -> Result<(), StorageError> {
    let text = serde_json::to_string(value).map_err(|_| StorageError::WriteRefused)?;
    local_storage()?
        .set_item(key, &text)
        .map_err(|_| StorageError::WriteRefused)
}

/// A link on this device, named by a fingerprint of its secret (64-bit FNV-1a) so that storage
/// keys do not repeat the secret. Not a safeguard against whoever holds the device (the secret
/// itself is stored beside it); it only keeps two links apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkKey(u64);

impl LinkKey {
    pub fn of(secret: &str) -> LinkKey {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        LinkKey(secret.bytes().fold(OFFSET, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(PRIME)
        }))
    }
}

/// Whose outbox and saved copy: each link on a device keeps its own (its own client id and
/// sequence). Two investors (or two startups) sharing a tablet never see or send each other's
/// edits, and an organizer testing a startup's link in the same browser never mixes theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxOwner {
    Investor(LinkKey),
    Startup(LinkKey),
    Organizer,
}

impl OutboxOwner {
    /// The investor whose link carries `secret`.
    pub fn investor(secret: &str) -> OutboxOwner {
        OutboxOwner::Investor(LinkKey::of(secret))
    }

    /// The startup whose link carries `secret`.
    pub fn startup(secret: &str) -> OutboxOwner {
        OutboxOwner::Startup(LinkKey::of(secret))
    }
}

fn outbox_key(event_id: &str, owner: OutboxOwner) -> String {
    match owner {
        OutboxOwner::Investor(link) => {
            format!("roadshow.outbox.{event_id}.investor.{:016x}", link.0)
        }
        OutboxOwner::Startup(link) => format!("roadshow.outbox.{event_id}.startup.{:016x}", link.0),
        OutboxOwner::Organizer => format!("roadshow.outbox.{event_id}.organizer"),
    }
}

/// Where a device kept an investor's or a startup's outbox and saved copy before each link kept
/// its own: one of each per event, belonging to the link opened last.
fn unkeyed_keys(event_id: &str, owner: OutboxOwner) -> Option<[String; 2]> {
    match owner {
        OutboxOwner::Investor(_) => Some([
            format!("roadshow.outbox.{event_id}"),
            format!("roadshow.event.{event_id}"),
        ]),
        OutboxOwner::Startup(_) => Some([
            format!("roadshow.outbox.{event_id}.startup"),
            format!("roadshow.event.{event_id}.startup"),
        ]),
        OutboxOwner::Organizer => None,
    }
}

/// Moves what an earlier version kept per event (see [`unkeyed_keys`]) under `owner`'s keys,
/// once: `owner` must be the link those copies belong to (for investors, the link remembered
/// last, [`load_secret`], read before this open remembers its own). Nothing is overwritten:
/// where `owner` already has a copy, the earlier one stays where it was.
pub fn adopt_unkeyed_copies(event_id: &str, owner: OutboxOwner) -> Result<(), StorageError> {
    let Some([outbox, saved]) = unkeyed_keys(event_id, owner) else {
        return Ok(());
    };
    let storage = local_storage()?;
    for (from, to) in [
        (outbox, outbox_key(event_id, owner)),
        (saved, cached_key(event_id, owner)),
    ] {
        let read = |key: &str| storage.get_item(key).map_err(|_| StorageError::Unavailable);
        let (Some(text), None) = (read(&from)?, read(&to)?) else {
            continue;
        };
        storage
            .set_item(&to, &text)
            .map_err(|_| StorageError::WriteRefused)?;
        storage
            .remove_item(&from)
            .map_err(|_| StorageError::WriteRefused)?;
    }
    Ok(())
}

/// This device's edits to the event that the server has not acknowledged yet (and recent ones
/// it has), kept across reloads and closed tabs.
pub fn load_outbox(event_id: &str, owner: OutboxOwner) -> Result<Option<Outbox>, StorageError> {
    load_json(&outbox_key(event_id, owner))
}

pub fn save_outbox(
    event_id: &str,
    owner: OutboxOwner,
    outbox: &Outbox,
) -> Result<(), StorageError> {
    save_json(&outbox_key(event_id, owner), outbox)
}

/// Calls `on_change` whenever another tab or window of this browser stores a new outbox for the
/// event (the browser's `storage` event, which never fires in the tab that wrote). Removed with
/// the calling component.
pub fn watch_outbox(event_id: &str, owner: OutboxOwner, on_change: impl Fn(Outbox) + 'static) {
    let key = outbox_key(event_id, owner);
    let handle = leptos::prelude::window_event_listener(
        leptos::ev::storage,
        move |event: web_sys::StorageEvent| {
            if event.key().as_deref() != Some(key.as_str()) {
                return;
            }
            let Some(text) = event.new_value() else {
                return;
            };
            match serde_json::from_str::<Outbox>(&text) {
                Ok(outbox) => on_change(outbox),
                Err(error) => leptos::logging::warn!("another tab's edits cannot be read: {error}"),
            }
        },
    );
    leptos::prelude::on_cleanup(move || handle.remove());
}

/// The last copy of the event a link saw, so its page opens offline (each link keeps its own: a
/// startup's copy is not an investor's, nor one investor's another's).
pub fn load_cached_for<T: DeserializeOwned>(
    event_id: &str,
    owner: OutboxOwner,
) -> Result<Option<T>, StorageError> {
    load_json(&cached_key(event_id, owner))
}

pub fn save_cached_for<T: Serialize>(
    event_id: &str,
    owner: OutboxOwner,
    value: &T,
) -> Result<(), StorageError> {
    save_json(&cached_key(event_id, owner), value)
}

fn cached_key(event_id: &str, owner: OutboxOwner) -> String {
    match owner {
        OutboxOwner::Investor(link) => {
            format!("roadshow.event.{event_id}.investor.{:016x}", link.0)
        }
        OutboxOwner::Startup(link) => format!("roadshow.event.{event_id}.startup.{:016x}", link.0),
        OutboxOwner::Organizer => format!("roadshow.event.{event_id}.organizer"),
    }
}

/// The link secret, remembered so a reopened tab (whose URL may have lost the fragment) still
/// works offline.
pub fn load_secret(event_id: &str) -> Result<Option<String>, StorageError> {
    local_storage()?
        .get_item(&format!("roadshow.secret.{event_id}"))
        .map_err(|_| StorageError::Unavailable)
}

pub fn save_secret(event_id: &str, secret: &str) -> Result<(), StorageError> {
    local_storage()?
        .set_item(&format!("roadshow.secret.{event_id}"), secret)
        .map_err(|_| StorageError::WriteRefused)
}

fn session_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|window| window.session_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

fn tab_secret_key(event_id: &str) -> String {
    format!("roadshow.organizer-secret.{event_id}")
}

/// The organizer's secret for the event, kept for this browser tab only (`sessionStorage`): a
/// reload of the tab still opens the console, while the address bar, tab links and any other
/// tab or browser do not carry it.
pub fn load_tab_secret(event_id: &str) -> Result<Option<String>, StorageError> {
    session_storage()?
        .get_item(&tab_secret_key(event_id))
        .map_err(|_| StorageError::Unavailable)
}

pub fn save_tab_secret(event_id: &str, secret: &str) -> Result<(), StorageError> {
    session_storage()?
        .set_item(&tab_secret_key(event_id), secret)
        .map_err(|_| StorageError::WriteRefused)
}

/// The cached investor data without the given startups (removed by the organizer, or hidden),
/// so the scoring screen opened offline does not show them again.
pub fn drop_cached_startups(
    event_id: &str,
    owner: OutboxOwner,
    startups: &[String],
) -> Result<(), StorageError> {
    let Some(mut cached) = load_cached_for::<crate::api::Changes>(event_id, owner)? else {
        return Ok(());
    };
    let before = cached.startups.items.len();
    cached
        .startups
        .items
        .retain(|startup| !startups.contains(&startup.id));
    if cached.startups.items.len() == before {
        return Ok(());
    }
    save_cached_for(event_id, owner, &cached)
}

/// The cached investor data with the event's new live state (the running order and the pitch
/// on now), so the scoring screen opened offline shows the last known.
pub fn save_cached_live(
    event_id: &str,
    owner: OutboxOwner,
    live: &crate::api::LiveState,
) -> Result<(), StorageError> {
    let Some(mut cached) = load_cached_for::<crate::api::Changes>(event_id, owner)? else {
        return Ok(());
    };
    match cached.event.as_mut() {
        Some(event) if event.live != *live => event.live = live.clone(),
        _ => return Ok(()),
    }
    save_cached_for(event_id, owner, &cached)
}

/// A new random id for this device's outbox.
pub fn new_client_id() -> String {
    web_sys::window()
        .and_then(|window| window.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| format!("device-{}", js_sys_random()))
}

fn js_sys_random() -> u64 {
    // Only reached where crypto.randomUUID is missing (very old browsers).
    (leptos::prelude::window()
        .performance()
        .map(|p| p.now())
        .unwrap_or_default()
        * 1000.0) as u64
}

/// The startup's profile form as typed, autosaved so a closed tab or a crash loses nothing.
/// `owner` is `register` before the profile exists, then the startup's id.
pub fn load_profile_draft(
    event_id: &str,
    owner: &str,
) -> Result<Option<roadshow_core::startup_form::StartupForm>, StorageError> {
    load_json(&format!("roadshow.profile-draft.{event_id}.{owner}"))
}

pub fn save_profile_draft(
    event_id: &str,
    owner: &str,
    form: &roadshow_core::startup_form::StartupForm,
) -> Result<(), StorageError> {
    save_json(&format!("roadshow.profile-draft.{event_id}.{owner}"), form)
}

pub fn clear_profile_draft(event_id: &str, owner: &str) -> Result<(), StorageError> {
    local_storage()?
        .remove_item(&format!("roadshow.profile-draft.{event_id}.{owner}"))
        .map_err(|_| StorageError::WriteRefused)
}
