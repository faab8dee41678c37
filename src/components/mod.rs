pub mod forms;
pub mod layout;
