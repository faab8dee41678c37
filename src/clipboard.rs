//! Copying a link to the clipboard, for the "copy" buttons next to role links.

/// Why the clipboard did not take the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    #[error("the page has no window")]
    NoWindow,
    #[error("the browser refused to write to the clipboard")]
    Refused,
}

/// Writes `text` to the clipboard; `Ok` only once the browser has done it.
pub async fn copy_text(text: &str) -> Result<(), ClipboardError> {
    let window = web_sys::window().ok_or(ClipboardError::NoWindow)?;
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| ClipboardError::Refused)
}
