//! Serves the built app from `dist/`: pre-compressed files when the client accepts them, the SPA
//! fallback (any unknown non-API path gets `index.html`), long caching for content-hashed files,
//! and a Content-Security-Policy that allows exactly the app's own scripts.
//!
//! The app is three bundles (scripts/build-app.sh): the main app in `dist/` (home and the
//! investor's pages), the organizer console in `dist/console/` and the startup's screens in
//! `dist/startup-app/` (each one's assets under its directory's URL). [`EVENT_PAGE_DOCUMENTS`] says
//! which page paths get a bundle's own `index.html`; every other page path gets the main one. Each
//! document's CSP carries the hash of its own inline bootstrap script.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// The organizer console bundle's directory in `dist/`, served under `/console/`.
pub const CONSOLE_DIR: &str = "console";
/// The startup's screens' bundle directory in `dist/`, served under `/startup-app/` (a prefix no
/// app route uses).
pub const STARTUP_DIR: &str = "startup-app";

/// Which page paths are answered with a bundle's own document rather than the main app's: the
/// page `/events/{id}/<page>` gets `dist/<dir>/index.html`. The one table of it on the server;
/// keep in step with `bundle_for_path` in the app's `src/navigation.rs` and `OTHER_BUNDLE_PAGE`
/// in `public/sw.js`.
pub const EVENT_PAGE_DOCUMENTS: &[(&str, &str)] = &[
    ("organize", CONSOLE_DIR),
    // The import page, `/events/new/import` (any id segment; the app uses `new`).
    ("import", CONSOLE_DIR),
    ("register", STARTUP_DIR),
    ("startup", STARTUP_DIR),
];

/// The program organizer's pages (definitions §7.5), as axum routes them: the console's. Keep
/// in step with [`document_dir`].
pub const PROGRAM_PAGE_DOCUMENTS: &[(&str, &str)] = &[
    ("/programs/new", CONSOLE_DIR),
    ("/programs/{program_id}/organize", CONSOLE_DIR),
];

/// The bundle directory whose document answers `path`, or `None` for the main app's: the
/// table's `/events/{id}/<page>` exactly (a non-empty id, no trailing slash), as axum routes them,
/// and the program organizer's pages `/programs/{id}/organize` and `/programs/new`, which are
/// the console's.
pub fn document_dir(path: &str) -> Option<&'static str> {
    let mut parts = path.strip_prefix('/').unwrap_or(path).split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("events"), Some(id), Some(page), None) if !id.is_empty() => EVENT_PAGE_DOCUMENTS
            .iter()
            .find(|(name, _)| *name == page)
            .map(|(_, dir)| *dir),
        (Some("programs"), Some(id), Some("organize"), None) if !id.is_empty() => Some(CONSOLE_DIR),
        (Some("programs"), Some("new"), None, None) => Some(CONSOLE_DIR),
        _ => None,
    }
}

/// The bundle directories of [`EVENT_PAGE_DOCUMENTS`], each once, in table order.
pub fn bundle_dirs() -> impl Iterator<Item = &'static str> {
    EVENT_PAGE_DOCUMENTS
        .iter()
        .enumerate()
        .filter(|(at, (_, dir))| {
            !EVENT_PAGE_DOCUMENTS[..*at]
                .iter()
                .any(|(_, seen)| seen == dir)
        })
        .map(|(_, (_, dir))| *dir)
}

/// What the server knows about the built app at start-up.
#[derive(Debug, Clone)]
pub struct AppAssets {
    pub dist: PathBuf,
    /// The full Content-Security-Policy header value of the main app's document (and of every
    /// response that is not another bundle's document).
    pub content_security_policy: HeaderValue,
    /// The same for each other bundle's document (`dist/<dir>/index.html`), by directory.
    pub bundle_content_security_policies: Vec<(&'static str, HeaderValue)>,
}

impl AppAssets {
    /// Reads every document once to hash its inline scripts (Trunk's bootstrap) for the CSP.
    /// A missing `dist/` still gives a working API; pages then answer 404 with a hint.
    pub fn load(dist: impl Into<PathBuf>) -> Self {
        let dist = dist.into();
        let csp_of = |document: PathBuf| {
            let html = std::fs::read_to_string(document).unwrap_or_default();
            HeaderValue::from_str(&content_security_policy(&html))
                .expect("CSP is ASCII: keywords and base64 hashes only")
        };
        AppAssets {
            content_security_policy: csp_of(dist.join("index.html")),
            bundle_content_security_policies: bundle_dirs()
                .map(|dir| (dir, csp_of(dist.join(dir).join("index.html"))))
                .collect(),
            dist,
        }
    }

    /// The CSP for a response to `path`: its document's own.
    pub fn content_security_policy_for(&self, path: &str) -> &HeaderValue {
        document_dir(path)
            .and_then(|dir| {
                self.bundle_content_security_policies
                    .iter()
                    .find(|(name, _)| *name == dir)
            })
            .map_or(&self.content_security_policy, |(_, policy)| policy)
    }

    /// A bundle's document (`dist/<dir>/index.html`), for its pages in [`EVENT_PAGE_DOCUMENTS`].
    pub fn document(&self, dir: &str) -> ServeFile {
        ServeFile::new(self.dist.join(dir).join("index.html"))
            .precompressed_br()
            .precompressed_gzip()
    }

    pub fn service(&self) -> ServeDir<ServeFile> {
        let index = self.dist.join("index.html");
        ServeDir::new(&self.dist)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(
                ServeFile::new(index)
                    .precompressed_br()
                    .precompressed_gzip(),
            )
    }
}

impl AppAssets {
    /// Whether `path` (a request path) names a file that exists in `dist`. Paths with `..` or
    /// other non-normal parts name nothing.
    pub fn has_file(&self, path: &str) -> bool {
        let relative = std::path::Path::new(path.trim_start_matches('/'));
        relative
            .components()
            .all(|part| matches!(part, std::path::Component::Normal(_)))
            && self.dist.join(relative).is_file()
    }
}

/// Unknown paths get the app's document (the app routes them), except those that name a file
/// (`/apple-touch-icon.png`, `/manifest.json`): answering those with the app's HTML and a 200
/// tells a browser or crawler the file exists and is HTML. They get a plain 404.
pub async fn missing_files_are_not_found(
    State(assets): State<Arc<AppAssets>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') && !assets.has_file(path) {
        return (
            StatusCode::NOT_FOUND,
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            "not found\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// Sets the CSP of every response: its document's own ([`AppAssets::content_security_policy_for`]).
pub async fn content_security_policy_header(
    State(assets): State<Arc<AppAssets>>,
    request: Request,
    next: Next,
) -> Response {
    let policy = assets
        .content_security_policy_for(request.uri().path())
        .clone();
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(CONTENT_SECURITY_POLICY, policy);
    response
}

/// `default-src 'self'` plus the hashes of every inline `<script>` and `<style>` in the page:
/// the documents phones load first carry their style sheets inline, so that no request blocks
/// the first paint, and a hash allows exactly those (never `'unsafe-inline'`).
pub fn content_security_policy(index_html: &str) -> String {
    let hashes = |tag: &str| -> String {
        inline_elements(index_html, tag)
            .map(|body| {
                format!(
                    " 'sha256-{}'",
                    STANDARD.encode(Sha256::digest(body.as_bytes()))
                )
            })
            .collect()
    };
    let scripts = hashes("script");
    let styles = hashes("style");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'{styles}; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The bodies of the page's `<tag>` elements that have no `src` attribute (`tag` is `script`
/// or `style`).
fn inline_elements<'h>(html: &'h str, tag: &str) -> impl Iterator<Item = &'h str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = rest.find(&open)?;
        // A comment is not markup: `<style>` written in one opens nothing.
        if let Some(comment) = rest[..start].find("<!--") {
            let after = &rest[comment + "<!--".len()..];
            rest = after
                .find("-->")
                .map_or("", |end| &after[end + "-->".len()..]);
            continue;
        }
        let after_tag_name = &rest[start + open.len()..];
        // `<styles>` or `<scripting>` is another element.
        if !after_tag_name.starts_with(['>', ' ', '\t', '\n', '\r', '/']) {
            rest = after_tag_name;
            continue;
        }
        let tag_end = after_tag_name.find('>')?;
        let attributes = &after_tag_name[..tag_end];
        let body_and_rest = &after_tag_name[tag_end + 1..];
        let body_end = body_and_rest.find(&close)?;
        rest = &body_and_rest[body_end + close.len()..];
        if !attributes.contains("src=") {
            return Some(&body_and_rest[..body_end]);
        }
    })
}

/// Content-hashed files (Trunk names them `name-<hash>.ext`, the hash a 64-bit number in hex
/// without leading zeros, so usually 16 digits, sometimes fewer) never change: cache them for a
/// year. Everything else, `index.html` above all, is revalidated on every load.
pub async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status() == StatusCode::NOT_FOUND {
        return missing_app_hint(response);
    }
    let value = if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

fn missing_app_hint(response: Response) -> Response {
    if response.headers().get(CONTENT_TYPE).is_some() {
        return response;
    }
    (
        StatusCode::NOT_FOUND,
        "The app is not built: run scripts/build-app.sh (or the README's run command).",
    )
        .into_response()
}

fn is_content_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or("");
    let stem = file.split('.').next().unwrap_or("");
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
    })
}

pub fn dist_exists(dist: &Path) -> bool {
    dist.join("index.html").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<head><script src="/a.js"></script><script type="module">boot()</script>
            <script>second()</script></head>"#;
        let scripts: Vec<&str> = inline_elements(html, "script").collect();
        assert_eq!(scripts, vec!["boot()", "second()"]);
        let csp = content_security_policy(html);
        let expected = STANDARD.encode(Sha256::digest(b"boot()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert!(csp.contains("object-src 'none'"));
    }

    #[test]
    fn hashes_inline_style_sheets_into_style_src_only() {
        let html = "<head><!-- sheets are inline (<style>, hashed) --><style>\n:root { --a: 1; }\n\
                    </style><style media=\"print\">p{}</style><script>boot()</script>\
                    <link rel=\"stylesheet\" href=\"/x.css\"></head>";
        let styles: Vec<&str> = inline_elements(html, "style").collect();
        assert_eq!(styles, vec!["\n:root { --a: 1; }\n", "p{}"]);
        let csp = content_security_policy(html);
        let style_src = csp
            .split("; ")
            .find(|directive| directive.starts_with("style-src "))
            .expect("a style-src directive");
        let hash = |body: &[u8]| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(body)));
        assert_eq!(
            style_src,
            format!(
                "style-src 'self' {} {}",
                hash(b"\n:root { --a: 1; }\n"),
                hash(b"p{}")
            )
        );
        assert!(!style_src.contains("unsafe-inline"));
        let script_src = csp
            .split("; ")
            .find(|directive| directive.starts_with("script-src "))
            .expect("a script-src directive");
        assert!(script_src.contains(&hash(b"boot()")));
        assert!(!script_src.contains(&hash(b"p{}")), "{csp}");
    }

    #[test]
    fn recognises_trunk_hashed_names() {
        assert!(is_content_hashed("/roadshow-app-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_content_hashed("/roadshow-app-1a2b3c4d5e6f7a8b.js"));
        assert!(is_content_hashed("/style-0123456789abcdef.css"));
        assert!(is_content_hashed("/scoring-162861f79cce2b7.css"));
        assert!(!is_content_hashed("/index.html"));
        assert!(!is_content_hashed("/events/abc/organize"));
        assert!(!is_content_hashed("/zones.csv"));
        assert!(is_content_hashed(
            "/console/roadshow-console-1a2b3c4d5e6f7a8b_bg.wasm"
        ));
        assert!(!is_content_hashed("/console/match-worker_loader.js"));
        assert!(is_content_hashed(
            "/startup-app/roadshow-startup-1a2b3c4d5e6f7a8b_bg.wasm"
        ));
    }

    #[test]
    fn each_page_path_gets_its_bundles_document() {
        assert_eq!(document_dir("/events/e1/organize"), Some(CONSOLE_DIR));
        assert_eq!(document_dir("/programs/p1/organize"), Some(CONSOLE_DIR));
        assert_eq!(document_dir("/programs//organize"), None);
        assert_eq!(document_dir("/programs/p1/score"), None);
        assert_eq!(document_dir("/programs/new"), Some(CONSOLE_DIR));
        assert_eq!(document_dir("/events/new/import"), Some(CONSOLE_DIR));
        assert_eq!(document_dir("/events/e1/register"), Some(STARTUP_DIR));
        assert_eq!(document_dir("/events/e1/startup"), Some(STARTUP_DIR));
        for main in [
            "/",
            "/events/e1/score",
            "/events/e1/organize/",
            "/events//organize",
            "/events//register",
            "/events/e1/startup/x",
            "/console/index.html",
            "/startup-app/index.html",
        ] {
            assert_eq!(document_dir(main), None, "{main}");
        }
        assert_eq!(
            bundle_dirs().collect::<Vec<_>>(),
            vec![CONSOLE_DIR, STARTUP_DIR]
        );
    }
}
