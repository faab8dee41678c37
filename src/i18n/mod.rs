//! Every visible string, in Korean and English. A typed key with one `match` per language: the
//! compiler refuses a missing translation, and it costs next to nothing in the wasm bundle.

mod feedback;
mod lang;
mod organizer;
mod outcomes;
mod people;
mod pitching;
mod privacy;
mod problems;
mod program;
mod startup;

pub use feedback::{rank_of, FeedbackKey};
pub use lang::Lang;
pub use organizer::OrgKey;
pub use outcomes::OutcomeKey;
pub use people::*;
pub use pitching::{hall_name, place_text, step_outs_text, PitchingKey};
pub use privacy::PrivacyKey;
pub use problems::problem_message;
pub use program::ProgramKey;
pub use startup::StartupKey;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    SkipToContent,
    SwitchLanguage,
    Tagline,
    TaglineDetail,
    CreateEventTitle,
    EventName,
    EventNameHint,
    Venue,
    VenueHint,
    StartsAt,
    EndsAt,
    KstNote,
    CreateEvent,
    Creating,
    FixFieldsBelow,
    NotFoundTitle,
    BackHome,
    Loading,
    OrganizerConsole,
    EventNotFound,
    LinkNotValid,
    LinkMissing,
    NetworkProblem,
    ServerProblem,
    Retry,
    Phase,
    When,
    KeepLinkWarning,
    CopyLink,
    Copied,
    FictionalDemo,
    PhaseDraft,
    PhaseRegistration,
    PhaseScoring,
    PhaseScoringClosed,
    PhaseResultsPublished,
    InvestorScoring,
    PitchList,
    ShowAll,
    ShowTodo,
    ShowDone,
    FilterLabel,
    ScoredBadge,
    NotScoredBadge,
    BackToList,
    NextPitch,
    AbstainPitch,
    ConflictOfInterest,
    WantToMeet,
    Yes,
    No,
    NotSaid,
    Comment,
    ShareComment,
    OutsideTracksBadge,
    OutsideTracksNotice,
    NotRoundJudgeNotice,
    NotInRoundNotice,
    RoundOnPhone,
    NewRoundStarted,
    OpenNewRound,
    ShareCommentHint,
    SavedOnDevice,
    Synced,
    Rejected,
    AllSynced,
    Offline,
    SyncServerTrouble,
    SyncLinkRefused,
    SyncStorageTrouble,
    ShowingSavedCopy,
    Ask,
    Stage,
    Field,
    Zone,
    ScoringNotOpen,
    Low,
    Mid,
    High,
    AgendaTitle,
    AgendaNotPublished,
    TableLabel,
    TimeKst,
    MeetingWith,
    DownloadIcs,
    InvestorNav,
    ViewPitches,
    ViewMyScores,
    ViewMyProfile,
    MyDataTitle,
    MyDataHint,
    DownloadMyData,
    MyDataWorking,
    MyDataSaved,
    MyDataFailed,
    MyScoresTitle,
    MyScoresEditable,
    OthersAverage,
    OthersHidden,
    Abstained,
    ThesisTitle,
    ThesisFields,
    ThesisStages,
    ThesisRegions,
    TicketMin,
    TicketMax,
    MeetingCapacity,
    UnavailableSlots,
    SaveThesis,
    SavedOk,
    RecommendedTitle,
    Slot,
    OrganizerLinkTitle,
    OrganizerLinkIntro,
    EmailToSelf,
    OpenConsole,
    OrganizerMailSubject,
    OrganizerMailBody,
    ImportEventLink,
    CalendarNeedsTimes,
    CalendarBadLength,
    CalendarBrowserRefused,
    PitchStory,
    FiltersButton,
    ScoringStatus,
    CopyFailed,
    CalendarUnreadable,
    ThesisFirm,
    FirmSetByOrganizer,
    FirmChangedByOrganizer,
    UnreadablePitches,
    /// The organizer console's strings (`organizer.rs`).
    Org(OrgKey),
    /// The startup's registration and profile screens (`startup.rs`).
    Startup(StartupKey),
    /// Meeting answers, attendance and follow-ups on the phones (`outcomes.rs`).
    Outcome(OutcomeKey),
    /// Retention, erasure, the audit log and the privacy notice (`privacy.rs`).
    Privacy(PrivacyKey),
    /// The running order and the pitch on now (`pitching.rs`).
    Pitching(PitchingKey),
    /// Feedback reports to startups (`feedback.rs`).
    Feedback(FeedbackKey),
    /// The program organizer's page (`program.rs`).
    Program(ProgramKey),
}

pub fn text(key: Key, lang: Lang) -> &'static str {
    match lang {
        Lang::Ko => korean(key),
        Lang::En => english(key),
    }
}

fn korean(key: Key) -> &'static str {
    match key {
        Key::AppName => "로드쇼",
        Key::SkipToContent => "본문으로 건너뛰기",
        Key::SwitchLanguage => "English",
        Key::Tagline => "규제자유특구 기업과 투자자를 잇는 투자유치 설명회 도구",
        Key::TaglineDetail => "투자자는 휴대폰으로 발표를 바로 평가하고, 주최자는 순위와 후속 미팅 일정을 실시간으로 확인합니다.",
        Key::CreateEventTitle => "설명회 만들기",
        Key::EventName => "설명회 이름",
        Key::EventNameHint => "예: 규제자유특구 상생이음 투자유치 설명회",
        Key::Venue => "장소",
        Key::VenueHint => "예: 서울 중앙우체국 21층 스카이홀",
        Key::StartsAt => "시작",
        Key::EndsAt => "종료",
        Key::KstNote => "시간은 한국 표준시(KST) 기준입니다.",
        Key::CreateEvent => "설명회 만들기",
        Key::Creating => "만드는 중…",
        Key::FixFieldsBelow => "아래 항목을 확인해 주세요.",
        Key::NotFoundTitle => "페이지를 찾을 수 없습니다",
        Key::BackHome => "처음으로",
        Key::Loading => "불러오는 중…",
        Key::OrganizerConsole => "주최자 화면",
        Key::EventNotFound => "설명회를 찾을 수 없습니다. 링크를 확인해 주세요.",
        Key::LinkNotValid => "이 링크는 유효하지 않거나 취소되었습니다. 주최자에게 새 링크를 요청하세요.",
        Key::LinkMissing => "링크에 비밀 키(#k=…)가 없습니다. 받은 링크 전체를 여세요.",
        Key::NetworkProblem => "서버에 연결할 수 없습니다. 연결을 확인한 뒤 다시 시도하세요.",
        Key::ServerProblem => "서버에서 문제가 발생했습니다. 잠시 후 다시 시도하세요.",
        Key::Retry => "다시 시도",
        Key::Phase => "단계",
        Key::When => "일시",
        Key::KeepLinkWarning => "이 링크가 설명회를 관리하는 유일한 열쇠입니다. 지금 복사하거나 내 이메일로 보내 두세요. 잃어버리면 다시 받을 수 없고, 링크를 가진 사람은 누구나 이 설명회를 관리할 수 있습니다.",
        Key::CopyLink => "링크 복사",
        Key::Copied => "복사했습니다",
        Key::FictionalDemo => "데모: 모든 회사·투자사·점수는 가상입니다.",
        Key::PhaseDraft => "준비 중",
        Key::PhaseRegistration => "기업 등록 중",
        Key::PhaseScoring => "평가 중",
        Key::PhaseScoringClosed => "평가 마감",
        Key::PhaseResultsPublished => "결과 발표",
        Key::InvestorScoring => "투자자 평가",
        Key::PitchList => "발표 목록",
        Key::ShowAll => "전체",
        Key::ShowTodo => "평가 전",
        Key::ShowDone => "평가 완료",
        Key::FilterLabel => "보기",
        Key::ScoredBadge => "평가함",
        Key::NotScoredBadge => "평가 전",
        Key::BackToList => "목록으로",
        Key::NextPitch => "다음 발표",
        Key::AbstainPitch => "이 발표는 평가하지 않음 (기권)",
        Key::ConflictOfInterest => "이해관계 있음 (이미 투자, 경쟁사 포트폴리오, 가족 등)",
        Key::WantToMeet => "후속 미팅을 원하십니까?",
        Key::Yes => "예",
        Key::No => "아니요",
        Key::NotSaid => "미정",
        Key::Comment => "메모 (주최자가 봅니다)",
        Key::ShareComment => "기업과 공유",
        Key::OutsideTracksBadge => "심사 대상 아님",
        Key::OutsideTracksNotice => {
            "이 기업은 내가 심사하는 트랙이 아니어서 점수를 매기지 않습니다. 만남 희망과 메모는 남길 수 있습니다."
        }
        Key::NotRoundJudgeNotice => {
            "이번 라운드의 심사위원이 아니어서 점수를 매기지 않습니다. 만남 희망과 메모는 남길 수 있습니다."
        }
        Key::NotInRoundNotice => {
            "이 기업은 이번 라운드에 진출하지 않아 점수를 매기지 않습니다. 만남 희망과 메모는 남길 수 있습니다."
        }
        Key::RoundOnPhone => "심사 라운드",
        Key::NewRoundStarted => "주최자가 다음 라운드를 시작했습니다.",
        Key::OpenNewRound => "새 라운드 열기",
        Key::ShareCommentHint => {
            "공유하면 기업이 결과 공개 후 받는 피드백 보고서에 이 메모가 이름 없이 실립니다."
        }
        Key::SavedOnDevice => "이 기기에 저장됨",
        Key::Synced => "서버에 저장됨",
        Key::Rejected => "거부됨",
        Key::AllSynced => "모두 저장됨",
        Key::Offline => "오프라인: 이 기기에 저장 중",
        Key::SyncServerTrouble => "서버 오류: 다시 시도하는 중",
        Key::SyncLinkRefused => "링크가 거부되어 전송하지 못했습니다",
        Key::SyncStorageTrouble => "이 기기에 저장할 수 없습니다",
        Key::ShowingSavedCopy => "오프라인: 마지막으로 받은 자료를 보여 줍니다.",
        Key::Ask => "투자 유치 희망액",
        Key::Stage => "투자 단계",
        Key::Field => "분야",
        Key::Zone => "특구",
        Key::ScoringNotOpen => "지금은 평가 기간이 아닙니다. 점수는 이 기기에 저장되지만 서버가 거부할 수 있습니다.",
        Key::Low => "낮음",
        Key::Mid => "보통",
        Key::High => "높음",
        Key::AgendaTitle => "미팅 일정",
        Key::AgendaNotPublished => "아직 미팅 일정이 발표되지 않았습니다. 주최자가 발표하면 여기에 나타납니다.",
        Key::TableLabel => "테이블",
        Key::TimeKst => "시간 (KST)",
        Key::MeetingWith => "상대",
        Key::DownloadIcs => "캘린더 파일(.ics) 받기",
        Key::InvestorNav => "투자자 메뉴",
        Key::ViewPitches => "발표 평가",
        Key::ViewMyScores => "내 점수",
        Key::ViewMyProfile => "관심사와 일정",
        Key::MyDataTitle => "내 정보 내려받기",
        Key::MyDataHint => "이 링크로 저장된 내 정보(프로필, 내가 남긴 평가·의견, 미팅, 후속 진행)를 JSON 파일로 받습니다.",
        Key::DownloadMyData => "내 정보 내려받기 (JSON)",
        Key::MyDataWorking => "준비하는 중…",
        Key::MyDataSaved => "내려받았습니다.",
        Key::MyDataFailed => "내려받지 못했습니다",
        Key::MyScoresTitle => "내가 준 점수",
        Key::MyScoresEditable => "평가 기간에는 발표를 눌러 점수를 고칠 수 있습니다.",
        Key::OthersAverage => "다른 투자자 평균",
        Key::OthersHidden => "다른 투자자의 점수는 주최자가 공개하면 보입니다.",
        Key::Abstained => "기권",
        Key::ThesisTitle => "투자 관심사와 미팅 가능 시간",
        Key::ThesisFields => "관심 분야",
        Key::ThesisStages => "투자 단계",
        Key::ThesisRegions => "관심 지역 (쉼표로 구분)",
        Key::TicketMin => "최소 투자 금액",
        Key::TicketMax => "최대 투자 금액",
        Key::MeetingCapacity => "후속 미팅 가능 횟수",
        Key::UnavailableSlots => "참석할 수 없는 미팅 시간",
        Key::SaveThesis => "관심사 저장",
        Key::SavedOk => "저장했습니다.",
        Key::RecommendedTitle => "추천 기업 (매칭 결과)",
        Key::Slot => "시간대",
        Key::OrganizerLinkTitle => "주최자 콘솔 링크",
        Key::OrganizerLinkIntro => "설명회를 만들었습니다. 아래 링크로 주최자 콘솔을 엽니다.",
        Key::EmailToSelf => "내 이메일로 보내기",
        Key::OpenConsole => "주최자 콘솔 열기",
        Key::OrganizerMailSubject => "로드쇼 주최자 링크",
        Key::OrganizerMailBody => "이 링크가 설명회를 관리하는 유일한 열쇠입니다. 다른 사람에게 전달하지 말고 보관하세요.",
        Key::ImportEventLink => "내보낸 설명회 파일(JSON) 가져오기",
        Key::CalendarNeedsTimes => "캘린더 파일을 만들 수 없습니다: 주최자가 첫 미팅 시작 시각과 미팅 길이를 아직 정하지 않았습니다. 위 표의 순서대로 참석하세요.",
        Key::CalendarBadLength => "캘린더 파일을 만들 수 없습니다: 미팅 길이가 1분보다 짧게 설정되어 있습니다. 주최자에게 알려 주세요.",
        Key::CalendarBrowserRefused => "캘린더 파일을 만들 수 없습니다: 이 브라우저가 파일 저장을 허용하지 않았습니다. 다른 브라우저에서 열어 보세요.",
        Key::PitchStory => "발표 자세히 보기: 문제, 해결, 실증특례, 성과, 팀",
        Key::FiltersButton => "분야·특구·단계로 거르기",
        Key::ScoringStatus => "평가 진행과 저장 상태",
        Key::CopyFailed => "복사하지 못했습니다. 링크를 직접 선택해 복사하세요.",
        Key::CalendarUnreadable => "캘린더 파일을 만들 수 없습니다: 일정 자료를 읽을 수 없습니다. 주최자에게 알려 주세요.",
        Key::ThesisFirm => "회사",
        Key::FirmSetByOrganizer => "회사 이름은 주최자가 정합니다. 바꿔야 하면 주최자에게 알려 주세요.",
        Key::FirmChangedByOrganizer => "주최자가 회사 이름을 바꿨습니다. 페이지를 새로 고친 뒤 다시 저장하세요.",
        Key::UnreadablePitches => "읽을 수 없는 발표 정보가 있어 빼고 보여 줍니다:",
        Key::Org(key) => organizer::korean(key),
        Key::Startup(key) => startup::korean(key),
        Key::Outcome(key) => outcomes::korean(key),
        Key::Privacy(key) => privacy::korean(key),
        Key::Pitching(key) => pitching::korean(key),
        Key::Feedback(key) => feedback::korean(key),
        Key::Program(key) => program::korean(key),
    }
}

fn english(key: Key) -> &'static str {
    match key {
        Key::AppName => "Roadshow",
        Key::SkipToContent => "Skip to content",
        Key::SwitchLanguage => "한국어",
        Key::Tagline => "Investment roadshows for Korea's regulatory-free special zones",
        Key::TaglineDetail => "Investors score pitches live from their phones; organizers watch the ranking and the follow-up meeting schedule fill in.",
        Key::CreateEventTitle => "Create a roadshow event",
        Key::EventName => "Event name",
        Key::EventNameHint => "e.g. Regulatory-Free Zone Investment Roadshow",
        Key::Venue => "Venue",
        Key::VenueHint => "e.g. Seoul Central Post Office, 21F Sky Hall",
        Key::StartsAt => "Starts",
        Key::EndsAt => "Ends",
        Key::KstNote => "Times are Korea Standard Time (KST).",
        Key::CreateEvent => "Create event",
        Key::Creating => "Creating…",
        Key::FixFieldsBelow => "Please check the fields below.",
        Key::NotFoundTitle => "Page not found",
        Key::BackHome => "Back to the start",
        Key::Loading => "Loading…",
        Key::OrganizerConsole => "Organizer console",
        Key::EventNotFound => "This event does not exist. Please check the link.",
        Key::LinkNotValid => "This link is not valid or was revoked. Ask the organizer for a new one.",
        Key::LinkMissing => "The link has no secret key (#k=…). Open the whole link you received.",
        Key::NetworkProblem => "Cannot reach the server. Check the connection and try again.",
        Key::ServerProblem => "The server had a problem. Please try again shortly.",
        Key::Retry => "Try again",
        Key::Phase => "Phase",
        Key::When => "When",
        Key::KeepLinkWarning => "This link is the only key to the event. Copy it or e-mail it to yourself now: it cannot be shown again if lost, and anyone who has it can manage this event.",
        Key::CopyLink => "Copy link",
        Key::Copied => "Copied",
        Key::FictionalDemo => "Demo: every company, firm and score here is fictional.",
        Key::PhaseDraft => "Draft",
        Key::PhaseRegistration => "Registration open",
        Key::PhaseScoring => "Scoring open",
        Key::PhaseScoringClosed => "Scoring closed",
        Key::PhaseResultsPublished => "Results published",
        Key::InvestorScoring => "Investor scoring",
        Key::PitchList => "Pitches",
        Key::ShowAll => "All",
        Key::ShowTodo => "Not scored yet",
        Key::ShowDone => "Scored",
        Key::FilterLabel => "Show",
        Key::ScoredBadge => "Scored",
        Key::NotScoredBadge => "Not scored",
        Key::BackToList => "Back to the list",
        Key::NextPitch => "Next pitch",
        Key::AbstainPitch => "Abstain from this pitch",
        Key::ConflictOfInterest => "Conflict of interest (already invested, competing portfolio, family)",
        Key::WantToMeet => "Want to meet after the event?",
        Key::Yes => "Yes",
        Key::No => "No",
        Key::NotSaid => "Undecided",
        Key::Comment => "Comment (the organizer sees it)",
        Key::ShareComment => "Share with the company",
        Key::OutsideTracksBadge => "Not yours to judge",
        Key::OutsideTracksNotice => {
            "This company is outside the tracks you judge, so you do not score it. You can still say whether you want to meet and leave a comment."
        }
        Key::NotRoundJudgeNotice => {
            "You are not a judge in this round, so you do not score it. You can still say whether you want to meet and leave a comment."
        }
        Key::NotInRoundNotice => {
            "This company did not go on to this round, so you do not score it. You can still say whether you want to meet and leave a comment."
        }
        Key::RoundOnPhone => "Round",
        Key::NewRoundStarted => "The organizer has started the next round.",
        Key::OpenNewRound => "Open the new round",
        Key::ShareCommentHint => {
            "Shared, this comment appears without your name in the feedback report the company gets after the results."
        }
        Key::SavedOnDevice => "Saved on this device",
        Key::Synced => "Synced",
        Key::Rejected => "Rejected",
        Key::AllSynced => "All synced",
        Key::Offline => "Offline: saving on this device",
        Key::SyncServerTrouble => "Server trouble: retrying",
        Key::SyncLinkRefused => "The link was refused; edits are kept on this device",
        Key::SyncStorageTrouble => "This device cannot store edits",
        Key::ShowingSavedCopy => "Offline: showing the last data received.",
        Key::Ask => "Funding ask",
        Key::Stage => "Stage",
        Key::Field => "Field",
        Key::Zone => "Zone",
        Key::ScoringNotOpen => "Scoring is not open now; scores are kept on this device but the server may refuse them.",
        Key::Low => "Low",
        Key::Mid => "Middle",
        Key::High => "High",
        Key::AgendaTitle => "Meeting agenda",
        Key::AgendaNotPublished => "The meeting schedule has not been published yet. It appears here once the organizer publishes it.",
        Key::TableLabel => "Table",
        Key::TimeKst => "Time (KST)",
        Key::MeetingWith => "With",
        Key::DownloadIcs => "Download calendar (.ics)",
        Key::InvestorNav => "Investor sections",
        Key::ViewPitches => "Score pitches",
        Key::ViewMyScores => "My scores",
        Key::ViewMyProfile => "Thesis and availability",
        Key::MyDataTitle => "Download my data",
        Key::MyDataHint => "Everything stored through this link about you (profile, your scores and comments, meetings, follow-ups), as a JSON file.",
        Key::DownloadMyData => "Download my data (JSON)",
        Key::MyDataWorking => "Preparing…",
        Key::MyDataSaved => "Downloaded.",
        Key::MyDataFailed => "Not downloaded",
        Key::MyScoresTitle => "Scores I gave",
        Key::MyScoresEditable => "While scoring is open, tap a pitch to change its scores.",
        Key::OthersAverage => "Other investors' average",
        Key::OthersHidden => "Other investors' scores appear when the organizer reveals them.",
        Key::Abstained => "Abstained",
        Key::ThesisTitle => "Investment thesis and availability",
        Key::ThesisFields => "Fields of interest",
        Key::ThesisStages => "Stages",
        Key::ThesisRegions => "Regions (comma-separated)",
        Key::TicketMin => "Smallest ticket",
        Key::TicketMax => "Largest ticket",
        Key::MeetingCapacity => "Follow-up meetings you can take",
        Key::UnavailableSlots => "Meeting slots you cannot attend",
        Key::SaveThesis => "Save thesis",
        Key::SavedOk => "Saved.",
        Key::RecommendedTitle => "Recommended startups (from the match)",
        Key::Slot => "Slot",
        Key::OrganizerLinkTitle => "Organizer console link",
        Key::OrganizerLinkIntro => "The event is created. The link below opens its organizer console.",
        Key::EmailToSelf => "E-mail it to myself",
        Key::OpenConsole => "Open the organizer console",
        Key::OrganizerMailSubject => "Roadshow organizer link",
        Key::OrganizerMailBody => "This link is the only key to manage the event. Keep it, and do not forward it.",
        Key::ImportEventLink => "Import an exported event (JSON)",
        Key::CalendarNeedsTimes => "No calendar file: the organizer has not set the first meeting's start time and the meeting length yet. Follow the order in the table above.",
        Key::CalendarBadLength => "No calendar file: the meeting length is set below one minute. Please tell the organizer.",
        Key::CalendarBrowserRefused => "No calendar file: this browser did not allow saving the file. Try another browser.",
        Key::PitchStory => "Pitch details: problem, solution, exemption, results, team",
        Key::FiltersButton => "Filter by field, zone, stage",
        Key::ScoringStatus => "Scoring progress and sync state",
        Key::CopyFailed => "Could not copy. Select the link and copy it yourself.",
        Key::CalendarUnreadable => "No calendar file: the schedule data cannot be read. Please tell the organizer.",
        Key::ThesisFirm => "Firm",
        Key::FirmSetByOrganizer => "The organizer sets the firm's name. Ask the organizer if it needs to change.",
        Key::FirmChangedByOrganizer => "The organizer changed the firm's name. Reload the page, then save again.",
        Key::UnreadablePitches => "Some pitches could not be read and are left out:",
        Key::Org(key) => organizer::english(key),
        Key::Startup(key) => startup::english(key),
        Key::Outcome(key) => outcomes::english(key),
        Key::Privacy(key) => privacy::english(key),
        Key::Pitching(key) => pitching::english(key),
        Key::Feedback(key) => feedback::english(key),
        Key::Program(key) => program::english(key),
    }
}

/// The words for a request that failed: the network, a refused link, a missing event, or the
/// server's own trouble.
pub fn request_problem(error: &crate::api::ApiError) -> Key {
    match error.status() {
        None => Key::NetworkProblem,
        Some(401 | 403) => Key::LinkNotValid,
        Some(404) => Key::EventNotFound,
        Some(_) => Key::ServerProblem,
    }
}

/// A 상생이음 network field's name (`hydrogen` → 수소), or `None` for an id outside the six.
pub fn network_field_label(id: &str, lang: Lang) -> Option<&'static str> {
    let (ko, en) = match id {
        "telemedicine" => ("비대면 진료", "Telemedicine"),
        "autonomous-driving" => ("자율주행", "Autonomous driving"),
        "hydrogen" => ("수소", "Hydrogen"),
        "electric-energy" => ("전기에너지", "Electric energy"),
        "human-derived-materials" => ("인체유래물 (바이오)", "Human-derived materials (bio)"),
        "co2-utilization" => ("이산화탄소 자원화", "CO2 utilization"),
        _ => return None,
    };
    Some(if lang == Lang::Ko { ko } else { en })
}

/// An investment stage's name (`series-a` → 시리즈 A).
pub fn stage_label(id: &str, lang: Lang) -> Option<&'static str> {
    let (ko, en) = match id {
        "pre-seed" => ("프리시드", "Pre-seed"),
        "seed" => ("시드", "Seed"),
        "pre-a" => ("프리 A", "Pre-Series A"),
        "series-a" => ("시리즈 A", "Series A"),
        "series-b" => ("시리즈 B", "Series B"),
        "series-c+" | "series-c-plus" => ("시리즈 C 이상", "Series C+"),
        _ => return None,
    };
    Some(if lang == Lang::Ko { ko } else { en })
}

/// A meeting slot's parts: its label ("3번째" / "Slot 3") and, when the event has slot times,
/// the date and the times of day ("2026-12-10", "14:20 – 14:40", KST).
pub fn slot_parts(
    settings: &roadshow_core::model::MeetingSettings,
    slot: i64,
    lang: Lang,
) -> (String, Option<(String, String)>) {
    let number = slot + 1;
    let label = match lang {
        Lang::Ko => format!("{number}번째"),
        Lang::En => format!("Slot {number}"),
    };
    let when = match (settings.first_slot, settings.slot_minutes) {
        (Some(first), Some(minutes)) if minutes > 0 && slot >= 0 => {
            let start = first + chrono::TimeDelta::minutes(minutes * slot);
            let end = start + chrono::TimeDelta::minutes(minutes);
            let start = roadshow_core::event_draft::display_kst(&start);
            let end = roadshow_core::event_draft::display_kst(&end);
            // "2026-12-10 14:20 KST": the date, then the times of day.
            let mut start_parts = start.trim_end_matches(" KST").splitn(2, ' ');
            let date = start_parts.next().unwrap_or_default().to_owned();
            let start_time = start_parts.next().unwrap_or_default();
            let end_time = end.split(' ').nth(1).unwrap_or(&end).to_owned();
            Some((date, format!("{start_time} – {end_time}")))
        }
        _ => None,
    };
    (label, when)
}

/// "Slot 3 · 2026-12-10 14:20 – 14:40" style times for a meeting slot, or just the slot number
/// when the event has no slot times.
pub fn slot_time(
    settings: &roadshow_core::model::MeetingSettings,
    slot: i64,
    lang: Lang,
) -> String {
    match slot_parts(settings, slot, lang) {
        (label, Some((date, times))) => format!("{label} · {date} {times}"),
        (label, None) => label,
    }
}

/// "Scored 5 of 8" in the chosen language.
pub fn scored_progress(lang: Lang, scored: usize, total: usize) -> String {
    match lang {
        Lang::Ko => format!("{total}개 중 {scored}개 평가"),
        Lang::En => format!("Scored {scored} of {total}"),
    }
}

/// "3 waiting to sync" in the chosen language.
pub fn waiting_to_sync(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Ko => format!("전송 대기 {count}건"),
        Lang::En => format!("{count} waiting to sync"),
    }
}

/// Won in the units Korean readers count in: 15억 원, 3억 5,000만 원, 8,000만 원.
pub fn format_krw(amount: i64, lang: Lang) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let amount = amount.unsigned_abs();
    let eok = amount / 100_000_000;
    let man = (amount % 100_000_000) / 10_000;
    let won = amount % 10_000;
    let mut parts = Vec::new();
    if eok > 0 {
        parts.push(format!("{}억", group_thousands(eok)));
    }
    if man > 0 {
        parts.push(format!("{}만", group_thousands(man)));
    }
    if won > 0 || parts.is_empty() {
        parts.push(group_thousands(won));
    }
    let korean = format!("{sign}{} 원", parts.join(" "));
    match lang {
        Lang::Ko => korean,
        Lang::En => format!("KRW {sign}{} ({korean})", group_thousands(amount)),
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn won_amounts_read_in_eok_and_man() {
        let cases = [
            (1_500_000_000, "15억 원"),
            (350_000_000, "3억 5,000만 원"),
            (80_000_000, "8,000만 원"),
            (12_345, "1만 2,345 원"),
            (0, "0 원"),
            (300_000_000_000, "3,000억 원"),
        ];
        for (amount, expected) in cases {
            assert_eq!(format_krw(amount, Lang::Ko), expected);
        }
        assert_eq!(
            format_krw(1_500_000_000, Lang::En),
            "KRW 1,500,000,000 (15억 원)"
        );
    }

    #[test]
    fn slot_times_in_kst() {
        let mut settings = roadshow_core::model::MeetingSettings::default();
        assert_eq!(slot_time(&settings, 1, Lang::Ko), "2번째");
        settings.first_slot = roadshow_core::event_draft::parse_kst("2026-12-10T14:00");
        settings.slot_minutes = Some(20);
        assert_eq!(
            slot_time(&settings, 2, Lang::Ko),
            "3번째 · 2026-12-10 14:40 – 15:00"
        );
        assert_eq!(
            slot_parts(&settings, 0, Lang::En),
            (
                "Slot 1".to_owned(),
                Some(("2026-12-10".to_owned(), "14:00 – 14:20".to_owned()))
            )
        );
    }
}
