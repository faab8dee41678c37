mod event_form;
mod field;

pub use event_form::CreateEventForm;
pub use field::{Field, FieldWiring, NumberField, TextField};
