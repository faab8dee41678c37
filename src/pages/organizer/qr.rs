//! A role link as a QR code, drawn as one SVG path (the `qrcode` crate only encodes).

use crate::i18n::{Key, OrgKey};
use crate::state::language::use_text;
use leptos::prelude::*;

/// Modules of quiet zone around the code, as the QR standard asks.
const QUIET: usize = 4;

/// The code's width in modules (quiet zone included) and an SVG path of its dark modules.
pub fn qr_path(text: &str) -> Result<(usize, String), qrcode::types::QrError> {
    let code = qrcode::QrCode::new(text.as_bytes())?;
    let width = code.width();
    let mut path = String::new();
    for (index, color) in code.to_colors().iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let (x, y) = (index % width + QUIET, index / width + QUIET);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Ok((width + 2 * QUIET, path))
}

#[component]
pub fn QrCode(link: String) -> impl IntoView {
    let text = use_text();
    match qr_path(&link) {
        Ok((size, path)) => view! {
            <svg class="qr" width="220" height="220" viewBox=format!("0 0 {size} {size}") role="img"
                aria-label=move || text(Key::Org(OrgKey::QrOf)) shape-rendering="crispEdges">
                <rect width=size height=size fill="#fff"/>
                <path d=path fill="#000"/>
            </svg>
        }
        .into_any(),
        Err(error) => {
            leptos::logging::warn!("no QR code for the link: {error}");
            ().into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::qr_path;

    #[test]
    fn a_link_becomes_a_square_with_finder_patterns() {
        let (size, path) =
            qr_path("https://roadshow.example/events/e1/score#k=0123456789abcdef0123456789abcdef")
                .unwrap();
        assert_eq!((size - 8 - 21) % 4, 0, "versions grow by 4 modules");
        // The top-left finder pattern starts at the quiet zone's corner.
        assert!(path.starts_with("M4 4h1v1h-1z"), "{}", &path[..40]);
        assert!(path.matches('M').count() > 100);
    }
}
