//! The startup's screens' entry point (`startup.html`); the main app's is `src/main.rs`.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(roadshow_app::StartupApp);
}
