//! The pitches on the day (definitions §8.3): the console's running order and "now pitching"
//! controls, and what the investor's phone shows of them. Used as `Key::Pitching(PitchingKey::…)`.

use super::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PitchingKey {
    Tab,
    Title,
    Hint,
    NowPitching,
    NothingOn,
    Next,
    Previous,
    Stop,
    SetNow,
    Publish,
    Publishing,
    PublishHint,
    Published,
    NotPublished,
    DiffersFromComputed,
    SameAsComputed,
    Computed,
    Exact,
    Heuristic,
    Pinned,
    StepsOut,
    NoPitches,
    PinProblem,
    Hall,
}

pub(super) fn korean(key: PitchingKey) -> &'static str {
    use PitchingKey as P;
    match key {
        P::Tab => "발표 진행",
        P::Title => "발표 순서와 지금 발표",
        P::Hint => "홀마다 심사위원이 자리를 비우는 횟수가 가장 적은 순서를 계산합니다(고정한 순서는 지킵니다). 게시하면 투자자 휴대폰의 발표 목록이 이 순서를 따르고, '다음'을 누르면 지금 발표가 1초 안에 모든 휴대폰에 바뀝니다.",
        P::NowPitching => "지금 발표 중",
        P::NothingOn => "지금 발표 없음",
        P::Next => "다음 발표",
        P::Previous => "이전 발표",
        P::Stop => "발표 끝",
        P::SetNow => "지금 발표로",
        P::Publish => "계산한 순서 게시",
        P::Publishing => "게시 중…",
        P::PublishHint => "모든 홀의 계산한 순서를 한 번에 게시합니다.",
        P::Published => "게시한 순서",
        P::NotPublished => "아직 게시하지 않았습니다. 투자자에게는 등록 순서로 보입니다.",
        P::DiffersFromComputed => "게시한 순서가 지금 계산한 순서와 다릅니다(등록·충돌·고정이 바뀌었습니다). 다시 게시할 수 있습니다.",
        P::SameAsComputed => "게시한 순서가 계산한 순서와 같습니다.",
        P::Computed => "계산한 순서",
        P::Exact => "최적",
        P::Heuristic => "근사(12개 초과)",
        P::Pinned => "고정",
        P::StepsOut => "자리 비움",
        P::NoPitches => "게시된 기업이 없습니다.",
        P::PinProblem => "고정한 발표 순서에 문제가 있어 이 홀의 순서를 계산할 수 없습니다:",
        P::Hall => "홀",
    }
}

pub(super) fn english(key: PitchingKey) -> &'static str {
    use PitchingKey as P;
    match key {
        P::Tab => "Pitches",
        P::Title => "Running order and pitch on now",
        P::Hint => "For each hall, the order in which judges step out the fewest times (pinned places are kept). Once published, investors' pitch lists follow it, and 'Next' moves the pitch on now on every phone within a second.",
        P::NowPitching => "Pitching now",
        P::NothingOn => "Nothing on now",
        P::Next => "Next pitch",
        P::Previous => "Previous pitch",
        P::Stop => "Pitches over",
        P::SetNow => "Make current",
        P::Publish => "Publish the computed order",
        P::Publishing => "Publishing…",
        P::PublishHint => "Publishes every hall's computed order at once.",
        P::Published => "Published order",
        P::NotPublished => "Not published yet: investors see the pitches in registration order.",
        P::DiffersFromComputed => "The published order differs from the one computed now (registrations, conflicts or pins changed). You can publish again.",
        P::SameAsComputed => "The published order is the computed one.",
        P::Computed => "Computed order",
        P::Exact => "optimal",
        P::Heuristic => "approximate (more than 12)",
        P::Pinned => "pinned",
        P::StepsOut => "Steps out",
        P::NoPitches => "No published startups.",
        P::PinProblem => "The pinned places have a problem, so this hall's order cannot be computed:",
        P::Hall => "Hall",
    }
}

/// "홀 2" / "Hall 2": halls are numbered from 0 in the data and from 1 on screen.
pub fn hall_name(lang: Lang, hall: u32) -> String {
    let shown = u64::from(hall) + 1;
    match lang {
        Lang::Ko => format!("{} {shown}", korean(PitchingKey::Hall)),
        Lang::En => format!("{} {shown}", english(PitchingKey::Hall)),
    }
}

/// "심사위원 자리 비움 3회 (최적)" / "3 judge step-outs (optimal)".
pub fn step_outs_text(lang: Lang, step_outs: u32, exact: bool) -> String {
    let how = match lang {
        Lang::Ko => korean(if exact {
            PitchingKey::Exact
        } else {
            PitchingKey::Heuristic
        }),
        Lang::En => english(if exact {
            PitchingKey::Exact
        } else {
            PitchingKey::Heuristic
        }),
    };
    match lang {
        Lang::Ko => format!("심사위원 자리 비움 {step_outs}회 ({how})"),
        Lang::En if step_outs == 1 => format!("1 judge step-out ({how})"),
        Lang::En => format!("{step_outs} judge step-outs ({how})"),
    }
}

/// "3 / 8": the pitch on now's place in its hall.
pub fn place_text(lang: Lang, place: usize, of: usize) -> String {
    match lang {
        Lang::Ko => format!("{of}개 중 {place}번째"),
        Lang::En => format!("{place} of {of}"),
    }
}
