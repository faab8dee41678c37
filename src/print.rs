//! The browser's print dialog, for the pages meant to be printed (a schedule, a feedback
//! report): each is laid out for A4 by its print stylesheet.

/// Opens the print dialog; a browser that refuses is noted in the console, nothing else.
pub fn print_page() {
    if let Some(window) = web_sys::window() {
        if let Err(error) = window.print() {
            leptos::logging::warn!("print dialog not opened: {error:?}");
        }
    }
}
