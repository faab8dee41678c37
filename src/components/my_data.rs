//! "Download my data" (definitions §10): everything the server stores about the holder of this
//! investor's or startup's link, saved as the server's JSON, byte for byte.

use crate::api::{self, ApiError};
use crate::download::{save_text_file, DownloadError};
use crate::i18n::Key;
use crate::state::language::use_text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Why the download did not happen.
#[derive(Debug, Clone, PartialEq)]
enum MyDataTrouble {
    Fetch(ApiError),
    Save(DownloadError),
}

#[derive(Debug, Clone, PartialEq)]
enum MyDataState {
    Idle,
    Working,
    Saved,
    Failed(MyDataTrouble),
}

#[component]
pub fn MyDataDownload(event_id: String, secret: String) -> impl IntoView {
    let text = use_text();
    let state = RwSignal::new(MyDataState::Idle);
    let link = StoredValue::new((event_id, secret));
    let download = move |_| {
        state.set(MyDataState::Working);
        let (event_id, secret) = link.get_value();
        spawn_local(async move {
            let outcome = match api::fetch_my_data_text(&event_id, &secret).await {
                Ok(json) => save_text_file(
                    &format!("roadshow-my-data-{event_id}.json"),
                    "application/json",
                    &json,
                )
                .map(|()| MyDataState::Saved)
                .unwrap_or_else(|error| MyDataState::Failed(MyDataTrouble::Save(error))),
                Err(error) => MyDataState::Failed(MyDataTrouble::Fetch(error)),
            };
            state.set(outcome);
        });
    };
    let status = move || match state.get() {
        MyDataState::Idle => String::new(),
        MyDataState::Working => text(Key::MyDataWorking).to_owned(),
        MyDataState::Saved => text(Key::MyDataSaved).to_owned(),
        MyDataState::Failed(MyDataTrouble::Fetch(error)) => {
            format!("{}: {error}", text(Key::MyDataFailed))
        }
        MyDataState::Failed(MyDataTrouble::Save(error)) => {
            format!("{}: {error}", text(Key::MyDataFailed))
        }
    };
    view! {
        <section class="card my-data" aria-labelledby="my-data-title">
            <h2 id="my-data-title">{move || text(Key::MyDataTitle)}</h2>
            <p class="hint">{move || text(Key::MyDataHint)}</p>
            <button type="button" class="secondary download-my-data" on:click=download
                disabled=move || state.get() == MyDataState::Working>
                {move || text(Key::DownloadMyData)}
            </button>
            <p class="status" role="status">{status}</p>
        </section>
    }
}
