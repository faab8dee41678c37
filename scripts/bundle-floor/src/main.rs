//! One route, one heading, one reactive counter: what every Leptos CSR bundle carries before
//! any of its own pages.
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[component]
fn Home() -> impl IntoView {
    let count = RwSignal::new(0);
    view! {
        <h1>"Roadshow"</h1>
        <button on:click=move |_| count.update(|n| *n += 1)>{move || count.get()}</button>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "404">
                    <Route path=path!("/") view=Home/>
                </Routes>
            </Router>
        }
    });
}
