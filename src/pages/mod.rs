mod home_page;
mod investor_page;
mod organizer;
mod startup;

pub use home_page::HomePage;
pub use investor_page::InvestorPage;
pub use organizer::OrganizerPage;
pub use startup::{StartupPage, StartupRegisterPage};
