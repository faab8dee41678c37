//! The profile form's state, shared by the form's fields and the zone picker: what is typed,
//! which fields were visited, and what the server said last.

use crate::api::ApiError;
use crate::clock::today_kst;
use crate::i18n::{problem_message, Lang};
use leptos::prelude::*;
use roadshow_core::model::ProfileStatus;
use roadshow_core::problem::{Problem, ProblemCode};
use roadshow_core::startup_form::{StartupForm, FIELD_ORDER};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;

/// The form's state: what is typed, which fields were visited, and what the server said last.
#[derive(Debug, Clone, Copy)]
pub struct ProfileFormState {
    pub form: RwSignal<StartupForm>,
    pub(super) touched: RwSignal<BTreeSet<&'static str>>,
    server_problems: RwSignal<Vec<(String, ProblemCode)>>,
    /// Problems under the publishing rules (the goal of the form), recomputed on every keystroke.
    problems: Memo<Vec<Problem>>,
}

impl ProfileFormState {
    pub fn new(initial: StartupForm) -> Self {
        let form = RwSignal::new(initial);
        let problems = Memo::new(move |_| {
            form.with(|form| {
                form.validate(ProfileStatus::Published, today_kst())
                    .err()
                    .unwrap_or_default()
            })
        });
        ProfileFormState {
            form,
            touched: RwSignal::new(BTreeSet::new()),
            server_problems: RwSignal::new(Vec::new()),
            problems,
        }
    }

    /// Checks the form for saving with `status`: on problems every field shows its message and
    /// focus moves to the first one.
    pub fn check(&self, status: ProfileStatus) -> Result<roadshow_core::model::Startup, ()> {
        self.server_problems.set(Vec::new());
        match self
            .form
            .with_untracked(|form| form.validate(status, today_kst()))
        {
            Ok(startup) => Ok(startup),
            Err(problems) => {
                self.touched.set(FIELD_ORDER.into_iter().collect());
                focus_field(&problems[0].path);
                Err(())
            }
        }
    }

    /// Shows problems found beyond the form's own rules (registering without consent) next to
    /// their fields, as the server would.
    pub fn show_problems(&self, problems: &[Problem]) {
        if let Some(first) = problems.first() {
            self.touched.set(FIELD_ORDER.into_iter().collect());
            focus_field(&first.path);
        }
        self.server_problems.set(
            problems
                .iter()
                .map(|problem| (problem.path.clone(), problem.code))
                .collect(),
        );
    }

    /// Shows the server's field-level answer next to the fields.
    pub fn show_server_error(&self, error: &ApiError) {
        if let ApiError::Rejected { body, .. } = error {
            let problems: Vec<(String, ProblemCode)> = body
                .fields
                .iter()
                .flat_map(|(path, messages)| {
                    messages.iter().map(|message| (path.clone(), message.code))
                })
                .collect();
            if let Some((first, _)) = problems.first() {
                self.touched.set(FIELD_ORDER.into_iter().collect());
                focus_field(first);
            }
            self.server_problems.set(problems);
        }
    }

    /// The message of `field` to show now: only once the founder has visited it (or tried to
    /// save), the form's own check first, then what the server said.
    pub(super) fn message(&self, field: &'static str, lang: Lang) -> Option<&'static str> {
        if !self.touched.with(|touched| touched.contains(field)) {
            return None;
        }
        self.problems
            .with(|problems| {
                problems
                    .iter()
                    .find(|problem| problem.path == field)
                    .map(|problem| problem.code)
            })
            .or_else(|| {
                self.server_problems.with(|problems| {
                    problems
                        .iter()
                        .find(|(path, _)| path == field)
                        .map(|(_, code)| *code)
                })
            })
            .map(|code| problem_message(code, lang))
    }
}

fn focus_field(id: &str) {
    let element = document().get_element_by_id(&format!("profile-{id}"));
    if let Some(element) =
        element.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        if let Err(error) = element.focus() {
            leptos::logging::warn!("cannot focus {id}: {error:?}");
        }
    }
}
