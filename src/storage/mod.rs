//! Browser storage, and nothing else touches it. Small preferences live in `localStorage`.

use crate::i18n::Lang;

const LANGUAGE_KEY: &str = "roadshow.language";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    #[error("browser storage is not available (private mode or disabled)")]
    Unavailable,
    #[error("browser storage refused the write (full or disabled)")]
    WriteRefused,
}

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|window| window.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

pub fn load_language() -> Result<Option<Lang>, StorageError> {
    let stored = local_storage()?.get_item(LANGUAGE_KEY).map_err(|_| StorageError::Unavailable)?;
    Ok(stored.as_deref().and_then(Lang::from_code))
}

pub fn save_language(lang: Lang) -> Result<(), StorageError> {
    local_storage()?.set_item(LANGUAGE_KEY, lang.code()).map_err(|_| StorageError::WriteRefused)
}
