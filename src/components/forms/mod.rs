mod event_form;
mod field;

pub use event_form::{CreateEventForm, InProgram};
pub use field::{Field, FieldWiring, NumberField, TextField};
