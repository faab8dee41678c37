pub mod agenda;
pub mod check_ins;
pub mod forms;
pub mod layout;
pub mod meeting_answers;
pub mod my_data;
pub mod organizer_link;
pub mod pitch;
