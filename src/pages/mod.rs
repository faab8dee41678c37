mod home_page;
mod investor_page;
mod organizer_page;

pub use home_page::HomePage;
pub use investor_page::InvestorPage;
pub use organizer_page::OrganizerPage;
