mod home_page;
mod organizer_page;

pub use home_page::HomePage;
pub use organizer_page::OrganizerPage;
