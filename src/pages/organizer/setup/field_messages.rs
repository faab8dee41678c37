//! The server's answer to a rejected form, by field: shared by the investor form and the
//! settings form.

use crate::api::ApiError;
use crate::i18n::{problem_message, Lang};
use roadshow_core::problem::ProblemCode;
use std::collections::BTreeMap;

/// The server's field messages by path (`settings.criteria[0].weight` → …), empty on success.
pub(super) fn field_errors<T>(
    result: &Option<Result<T, ApiError>>,
) -> BTreeMap<String, Vec<ProblemCode>> {
    match result {
        Some(Err(ApiError::Rejected { body, .. })) => body
            .fields
            .iter()
            .map(|(path, messages)| {
                (
                    path.clone(),
                    messages.iter().map(|message| message.code).collect(),
                )
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The message for one field path in the chosen language (from the problem code).
pub(super) fn message(
    lang: Lang,
    errors: &BTreeMap<String, Vec<ProblemCode>>,
    path: &str,
) -> Option<String> {
    let codes = errors.get(path)?;
    Some(
        codes
            .iter()
            .map(|&code| problem_message(code, lang).to_owned())
            .collect::<Vec<_>>()
            .join(" "),
    )
}
