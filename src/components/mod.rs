pub mod agenda;
pub mod forms;
pub mod layout;
pub mod pitch;
