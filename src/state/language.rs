//! The chosen UI language: Korean unless the person switched, remembered on the device.

use crate::i18n::{text, Key, Lang};
use crate::storage;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Language(RwSignal<Lang>);

impl Language {
    pub fn get(self) -> Lang {
        self.0.get()
    }

    /// The language now, without subscribing (for event handlers and one-off reads).
    pub fn get_untracked(self) -> Lang {
        self.0.get_untracked()
    }

    /// Switches the language and remembers it. If the device cannot store it, the switch still
    /// applies to this visit; the console says why it will not be remembered.
    pub fn set(self, lang: Lang) {
        self.0.set(lang);
        if let Err(error) = storage::save_language(lang) {
            leptos::logging::warn!("language not remembered: {error}");
        }
    }
}

pub fn provide_language() {
    let initial = storage::load_language().unwrap_or_else(|error| {
        leptos::logging::warn!("stored language not readable: {error}");
        None
    });
    let language = Language(RwSignal::new(initial.unwrap_or_default()));
    // Screen readers pick their voice from <html lang>, so it must follow the switch.
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            if let Err(error) = root.set_attribute("lang", language.get().code()) {
                leptos::logging::warn!("cannot set the page language: {error:?}");
            }
        }
    });
    provide_context(language);
}

pub fn use_language() -> Language {
    expect_context::<Language>()
}

/// A lookup of a UI string in the current language, reactive where it is called.
pub fn use_text() -> impl Fn(Key) -> &'static str + Copy + Send + Sync + 'static {
    let language = use_language();
    move |key| text(key, language.get())
}
