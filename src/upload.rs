//! Files the person chooses (an exported event to import), read in the browser.

use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("the browser did not hand over the file")]
    NotReadable,
}

/// The text of the file chosen in `input` (name and contents), or `None` when none is chosen.
pub async fn chosen_text(
    input: &web_sys::HtmlInputElement,
) -> Result<Option<(String, String)>, UploadError> {
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return Ok(None);
    };
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| UploadError::NotReadable)?;
    let text = text
        .dyn_into::<js_sys::JsString>()
        .map_err(|_| UploadError::NotReadable)?;
    Ok(Some((file.name(), String::from(text))))
}
