//! Feedback to startups (definitions §8.4): the founder's report and the console's release
//! controls. Used as `Key::Feedback(FeedbackKey::…)`.

use super::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackKey {
    View,
    Title,
    TableCaption,
    Intro,
    Criterion,
    Yours,
    Field,
    Judges,
    Round,
    Total,
    Interval,
    Band,
    Rank,
    Top10,
    Top25,
    Top50,
    Rest,
    NotRanked,
    Print,
    NoJudgeNamed,
    NotReleased,
    ControlTitle,
    Release,
    ExactRank,
    ReleaseHint,
    ReleaseAfterResults,
    Preview,
    SharedComments,
    NoSharedComments,
}

pub(super) fn korean(key: FeedbackKey) -> &'static str {
    use FeedbackKey as F;
    match key {
        F::View => "피드백",
        F::Title => "평가 피드백",
        F::TableCaption => "항목별 평균(정규화)",
        F::Intro => "심사위원 점수를 심사위원별 채점 경향을 보정해(정규화) 모은 결과입니다. 전체 평균은 발표한 모든 기업의 평균입니다.",
        F::Criterion => "평가 항목",
        F::Yours => "우리 기업",
        F::Field => "전체 평균",
        F::Judges => "평가한 심사위원 수",
        F::Round => "평가 라운드",
        F::Total => "종합 점수",
        F::Interval => "95% 신뢰구간",
        F::Band => "순위 구간",
        F::Rank => "순위",
        F::Top10 => "상위 10%",
        F::Top25 => "상위 25%",
        F::Top50 => "상위 50%",
        F::Rest => "하위 50%",
        F::NotRanked => "순위 없음(평가 없음)",
        F::Print => "인쇄",
        F::NoJudgeNamed => "어느 심사위원의 이름이나 소속도 담지 않습니다.",
        F::NotReleased => "주최자가 아직 피드백을 공개하지 않았습니다.",
        F::ControlTitle => "기업 피드백",
        F::Release => "기업에 피드백 공개",
        F::ExactRank => "정확한 순위도 보여 주기",
        F::ReleaseHint => "각 기업은 자기 링크로 항목별 평균(정규화)과 전체 평균, 심사위원 수, 신뢰구간, 순위 구간을 봅니다. 심사위원은 드러나지 않습니다.",
        F::ReleaseAfterResults => "결과를 발표한 뒤에 공개할 수 있습니다.",
        F::Preview => "창업자가 볼 피드백 미리보기",
        F::SharedComments => "심사위원이 공유한 의견",
        F::NoSharedComments => "공유된 의견이 없습니다.",
    }
}

pub(super) fn english(key: FeedbackKey) -> &'static str {
    use FeedbackKey as F;
    match key {
        F::View => "Feedback",
        F::Title => "Your feedback report",
        F::TableCaption => "Means by criterion (normalized)",
        F::Intro => "The judges' scores, corrected for how strictly each judge scores (normalized). The field average is the average over every company that pitched.",
        F::Criterion => "Criterion",
        F::Yours => "Your company",
        F::Field => "Field average",
        F::Judges => "Judges who scored you",
        F::Round => "Round",
        F::Total => "Overall score",
        F::Interval => "95% interval",
        F::Band => "Rank band",
        F::Rank => "Rank",
        F::Top10 => "Top 10%",
        F::Top25 => "Top 25%",
        F::Top50 => "Top 50%",
        F::Rest => "Bottom 50%",
        F::NotRanked => "Not ranked (no scores)",
        F::Print => "Print",
        F::NoJudgeNamed => "It names no judge and no judge's firm.",
        F::NotReleased => "The organizer has not released the feedback yet.",
        F::ControlTitle => "Feedback to startups",
        F::Release => "Release feedback to startups",
        F::ExactRank => "Show the exact rank too",
        F::ReleaseHint => "Each startup sees, through its own link, its criterion means (normalized) against the field, its judge count, interval and rank band. No judge is identified.",
        F::ReleaseAfterResults => "Available once the results are published.",
        F::Preview => "Preview the founder's feedback report",
        F::SharedComments => "Comments judges shared with you",
        F::NoSharedComments => "No comments were shared.",
    }
}

/// "3 / 12위" / "3rd of 12": the exact rank among the ranked startups.
pub fn rank_of(lang: Lang, rank: u32, ranked: u32) -> String {
    match lang {
        Lang::Ko => format!("{ranked}개 기업 중 {rank}위"),
        Lang::En => format!("{rank} of {ranked}"),
    }
}
