//! Roadshow's browser app: pages per role, computed views from `roadshow-core`, and the only
//! code that talks to the network (`api`) or to browser storage (`storage`).

pub mod api;
pub mod app;
pub mod clipboard;
pub mod clock;
pub mod components;
pub mod console_app;
pub mod download;
pub mod i18n;
pub mod link;
pub mod names;
pub mod navigation;
pub mod offline;
pub mod pages;
pub mod print;
pub mod solver;
pub mod startup_app;
pub mod state;
pub mod storage;
pub mod upload;

pub use app::App;
pub use console_app::ConsoleApp;
pub use startup_app::StartupApp;
