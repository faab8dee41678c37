pub mod agenda;
pub mod forms;
pub mod layout;
pub mod organizer_link;
pub mod pitch;
