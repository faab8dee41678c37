//! Registers the service worker that keeps the app shell on the device for offline use.

pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    // The promise's failure (e.g. a private window without service workers) leaves the app
    // working online; it is reported, not hidden.
    let promise = container.register("/sw.js");
    leptos::task::spawn_local(async move {
        if let Err(error) = wasm_bindgen_futures::JsFuture::from(promise).await {
            leptos::logging::warn!("offline support unavailable: {error:?}");
        }
    });
}
