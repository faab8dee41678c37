//! Files the person saves (calendars, exports): built in the browser and handed over as a
//! download, never fetched again from the server.

use wasm_bindgen::JsCast;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DownloadError {
    #[error("the browser refused to build the file")]
    NotBuilt,
    #[error("the page has no document to start the download from")]
    NoDocument,
}

/// Offers `contents` as a file named `file_name` of type `mime` (e.g. `text/calendar`).
pub fn save_text_file(file_name: &str, mime: &str, contents: &str) -> Result<(), DownloadError> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(contents));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&format!("{mime};charset=utf-8"));
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| DownloadError::NotBuilt)?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| DownloadError::NotBuilt)?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or(DownloadError::NoDocument)?;
    let anchor = document
        .create_element("a")
        .map_err(|_| DownloadError::NotBuilt)?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| DownloadError::NotBuilt)?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // The click has started the download; the URL is no longer needed.
    if let Err(error) = web_sys::Url::revoke_object_url(&url) {
        leptos::logging::warn!("download URL not released: {error:?}");
    }
    Ok(())
}
