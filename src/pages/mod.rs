mod home_page;
mod import_page;
mod investor;
mod organizer;
mod program;
mod startup;

pub use home_page::HomePage;
pub use import_page::ImportPage;
pub use investor::InvestorPage;
pub use organizer::console::OrganizerPage;
pub use program::{CreateProgramPage, ProgramPage};
pub use startup::{StartupPage, StartupRegisterPage};
