//! Field-level messages for the validation problems core and the server report by code.

use super::lang::Lang;
use roadshow_core::problem::ProblemCode;

/// A field-level message for a validation problem, phrased from its stable code.
pub fn problem_message(code: ProblemCode, lang: Lang) -> &'static str {
    match (lang, code) {
        (Lang::Ko, ProblemCode::Required) => "필수 항목입니다.",
        (Lang::Ko, ProblemCode::TooLong) => "너무 깁니다.",
        (Lang::Ko, ProblemCode::InvalidFormat) => "형식이 올바르지 않습니다.",
        (Lang::Ko, ProblemCode::EndBeforeStart) => "종료 시각은 시작 시각보다 뒤여야 합니다.",
        (Lang::Ko, ProblemCode::UnknownId) => "존재하지 않는 항목을 가리킵니다.",
        (Lang::Ko, ProblemCode::Duplicate) => "중복되었습니다.",
        (Lang::Ko, ProblemCode::OutOfScale) => "점수 범위를 벗어났습니다.",
        (Lang::Ko, ProblemCode::NotInteger) => "정수여야 합니다.",
        (Lang::Ko, ProblemCode::NotPositive) => "0보다 커야 합니다.",
        (Lang::Ko, ProblemCode::Negative) => "음수일 수 없습니다.",
        (Lang::Ko, ProblemCode::MinOverMax) => "최솟값이 최댓값보다 큽니다.",
        (Lang::Ko, ProblemCode::UnsupportedFormat) => "지원하지 않는 형식입니다.",
        (Lang::Ko, ProblemCode::Malformed) => "읽을 수 없는 값입니다.",
        (Lang::Ko, ProblemCode::OutOfRange) => "허용 범위를 벗어났습니다.",
        (Lang::Ko, ProblemCode::BreaksStoredData) => {
            "이미 저장된 점수나 미팅과 맞지 않아 바꿀 수 없습니다."
        }
        (Lang::Ko, ProblemCode::NotApplicable) => "이 단계에는 입력할 수 없는 값입니다.",
        (Lang::Ko, ProblemCode::BeforeMeeting) => "미팅 날짜보다 앞설 수 없습니다.",
        (Lang::Ko, ProblemCode::StageBackwards) => {
            "단계를 되돌릴 수 없습니다. 주최 측에 요청하세요."
        }
        (Lang::Ko, ProblemCode::NotHeld) => "진행된(참석 완료) 미팅이 있어야 합니다.",
        (Lang::En, ProblemCode::Required) => "This field is required.",
        (Lang::En, ProblemCode::TooLong) => "This is too long.",
        (Lang::En, ProblemCode::InvalidFormat) => "This is not in a valid format.",
        (Lang::En, ProblemCode::EndBeforeStart) => "The end must be after the start.",
        (Lang::En, ProblemCode::UnknownId) => "This refers to something that does not exist.",
        (Lang::En, ProblemCode::Duplicate) => "This is a duplicate.",
        (Lang::En, ProblemCode::OutOfScale) => "This is outside the scoring scale.",
        (Lang::En, ProblemCode::NotInteger) => "This must be a whole number.",
        (Lang::En, ProblemCode::NotPositive) => "This must be greater than zero.",
        (Lang::En, ProblemCode::Negative) => "This cannot be negative.",
        (Lang::En, ProblemCode::MinOverMax) => "The minimum is above the maximum.",
        (Lang::En, ProblemCode::UnsupportedFormat) => "This format is not supported.",
        (Lang::En, ProblemCode::Malformed) => "This value cannot be read.",
        (Lang::En, ProblemCode::OutOfRange) => "This is outside the allowed range.",
        (Lang::En, ProblemCode::BreaksStoredData) => {
            "This cannot change: scores or meetings already stored would no longer fit."
        }
        (Lang::En, ProblemCode::NotApplicable) => "This value does not belong to this stage.",
        (Lang::En, ProblemCode::BeforeMeeting) => "This cannot be before the meeting.",
        (Lang::En, ProblemCode::StageBackwards) => "A stage cannot move back; ask the organizer.",
        (Lang::En, ProblemCode::NotHeld) => "This needs a meeting that was held.",
    }
}
