//! Names as people type them: one rule, shared by the browser's forms and the server's checks,
//! for what a name (an event's, a startup's, an investor's firm or person) may contain.
//!
//! [`clean_name`] trims the name and puts it in Unicode Normalization Form C, so "한" typed on a
//! device that sends decomposed jamo (U+1112 U+1161 U+11AB) is stored, compared and counted as the
//! one syllable U+D55C. It refuses:
//!
//! - **control characters**: C0 (U+0000–U+001F, tab and line breaks included: a name is one line),
//!   DEL, C1 (U+0080–U+009F), and the line and paragraph separators U+2028, U+2029;
//! - **bidirectional formatting**: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069,
//!   and the marks U+200E, U+200F, U+061C. They make text display in another order than it is
//!   stored: `"Safe\u{202E}gnp.exe"` shows as "Safeexe.png";
//! - **names with nothing visible**: empty, or only whitespace and characters that draw nothing
//!   (zero-width and other default-ignorable code points such as U+200B, U+200C, U+200D, U+2060,
//!   U+FEFF, the Hangul fillers U+3164 and U+FFA0, variation selectors, the braille blank U+2800),
//!   or only combining marks with nothing to sit on.
//!
//! Invisible characters *next to* visible ones stay: the zero-width joiner inside an emoji
//! sequence or the non-joiner of Persian text are part of the name.
//!
//! [`name_field`] applies the rule to one form or snapshot field and adds the field's length limit,
//! counted in characters of the cleaned (NFC) name; event drafts, the startup profile form and
//! snapshot validation all call it, so the browser and the server refuse the same names with the
//! same field-level problem.

use crate::problem::{Problem, ProblemCode};
use thiserror::Error;
#[cfg(feature = "nfc")]
use unicode_normalization::UnicodeNormalization;

/// Why a name was refused. Positions count characters of the NFC-normalized name (before
/// trimming), from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NameError {
    /// Empty, or only whitespace and characters that draw nothing.
    #[error("the name has no visible character")]
    NoVisibleCharacter,
    /// A control character or line break (see the module documentation).
    #[error("the name contains the control character {} at position {position}", code_point(.character))]
    Control { character: char, position: usize },
    /// A bidirectional embedding, override, isolate or mark.
    #[error("the name contains the bidirectional formatting character {} at position {position}", code_point(.character))]
    Bidi { character: char, position: usize },
}

/// `U+202E`.
fn code_point(c: &char) -> String {
    format!("U+{:04X}", u32::from(*c))
}

impl NameError {
    /// The problem code a field reports: a name with nothing visible is as good as missing
    /// ([`ProblemCode::Required`]); a refused character is [`ProblemCode::InvalidFormat`].
    pub fn code(&self) -> ProblemCode {
        match self {
            NameError::NoVisibleCharacter => ProblemCode::Required,
            NameError::Control { .. } | NameError::Bidi { .. } => ProblemCode::InvalidFormat,
        }
    }
}

/// `text` in Unicode NFC (with the `nfc` feature; as given without it, see core's Cargo.toml).
pub fn nfc(text: &str) -> String {
    #[cfg(feature = "nfc")]
    {
        text.nfc().collect()
    }
    #[cfg(not(feature = "nfc"))]
    {
        text.to_owned()
    }
}

/// The name trimmed and in NFC, or why it is refused (the first refused character, if any;
/// otherwise [`NameError::NoVisibleCharacter`] when nothing in it is visible). Control characters
/// are refused wherever they are, also at the ends (`"Acme\n"`): trimming removes spaces only,
/// so a value that passes is exactly what is stored, with nothing hidden at its ends.
pub fn clean_name(text: &str) -> Result<String, NameError> {
    let normalized = nfc(text);
    for (position, character) in normalized.chars().enumerate() {
        if is_bidi_control(character) {
            return Err(NameError::Bidi {
                character,
                position,
            });
        }
        if is_line_control(character) {
            return Err(NameError::Control {
                character,
                position,
            });
        }
    }
    let cleaned = normalized.trim();
    if cleaned.chars().any(is_visible) {
        Ok(cleaned.to_owned())
    } else {
        Err(NameError::NoVisibleCharacter)
    }
}

/// A control character a one-line name may not hold: C0, DEL, C1 (`char::is_control`) and the
/// Unicode line and paragraph separators.
pub fn is_line_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Bidirectional formatting characters: embeddings and overrides (LRE, RLE, PDF, LRO, RLO),
/// isolates (LRI, RLI, FSI, PDI) and the implicit marks (LRM, RLM, ALM).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// Does the character draw something on its own? Whitespace, controls, combining marks and the
/// default-ignorable code points (Unicode's DerivedCoreProperties, plus the braille blank) do not.
pub fn is_visible(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || unicode_normalization::char::is_combining_mark(c)
        || is_default_ignorable(c)
        || c == '\u{2800}')
}

/// Unicode's Default_Ignorable_Code_Point property: characters that render as nothing when a
/// font has no glyph for them (zero-width spaces and joiners, word joiner, BOM, fillers,
/// variation selectors, tags, …).
fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'..='\u{1160}'
            | '\u{17B4}'..='\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// One name field of a form or snapshot at `path`: `Ok(None)` when an optional field is left
/// blank (empty or only spaces), `Ok(Some(cleaned))` for an acceptable name, else the problem.
///
/// A required field left blank, or holding nothing visible, is [`ProblemCode::Required`]; an
/// optional field holding only invisible characters is [`ProblemCode::InvalidFormat`] (it is not
/// blank, and "required" would mislead); a refused character is [`ProblemCode::InvalidFormat`];
/// more than `limit` characters (of the cleaned name) is [`ProblemCode::TooLong`].
pub fn name_field(
    path: &str,
    text: &str,
    limit: usize,
    required: bool,
) -> Result<Option<String>, Problem> {
    let blank = text
        .chars()
        .all(|c| c.is_whitespace() && !is_line_control(c));
    if blank {
        return if required {
            Err(Problem::new(path, ProblemCode::Required))
        } else {
            Ok(None)
        };
    }
    match clean_name(text) {
        Ok(name) if name.chars().count() > limit => Err(Problem::new(path, ProblemCode::TooLong)
            .with_detail(format!("at most {limit} characters"))),
        Ok(name) => Ok(Some(name)),
        Err(error) => {
            let code = match error {
                NameError::NoVisibleCharacter if !required => ProblemCode::InvalidFormat,
                _ => error.code(),
            };
            Err(Problem::new(path, code).with_detail(error.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned_or_refused() {
        use NameError::*;
        let bidi = |character, position| {
            Err(Bidi {
                character,
                position,
            })
        };
        let control = |character, position| {
            Err(Control {
                character,
                position,
            })
        };
        let cases: [(&str, Result<&str, NameError>); 28] = [
            ("Roadshow", Ok("Roadshow")),
            ("  수소모빌리티 ", Ok("수소모빌리티")),
            // NFC: decomposed Hangul jamo and e + combining acute compose.
            ("\u{1112}\u{1161}\u{11AB}빛", Ok("\u{D55C}빛")),
            ("Cafe\u{301}", Ok("Caf\u{E9}")),
            // Invisible characters inside a visible name stay.
            (
                "👨\u{200D}👩\u{200D}👧 Family",
                Ok("👨\u{200D}👩\u{200D}👧 Family"),
            ),
            ("Blue; Sky, \"Capital\"", Ok("Blue; Sky, \"Capital\"")),
            ("=HYPERLINK(\"x\")", Ok("=HYPERLINK(\"x\")")),
            ("Safe\u{202E}gnp.exe", bidi('\u{202E}', 4)),
            ("\u{202D}Acme", bidi('\u{202D}', 0)),
            ("Acme\u{2066}x\u{2069}", bidi('\u{2066}', 4)),
            ("a\u{200F}b", bidi('\u{200F}', 1)),
            ("a\u{200E}b", bidi('\u{200E}', 1)),
            ("Road\u{0}show", control('\u{0}', 4)),
            ("Road\tshow", control('\t', 4)),
            ("Road\nshow", control('\n', 4)),
            ("Road\u{7F}", control('\u{7F}', 4)),
            ("Road\u{85}show", control('\u{85}', 4)),
            ("Road\u{2028}show", control('\u{2028}', 4)),
            ("Acme\n", control('\n', 4)),
            (" \tAcme", control('\t', 1)),
            ("\u{200B}\u{200B}\u{200B}", Err(NoVisibleCharacter)),
            ("\u{200C}\u{200D}\u{2060}\u{FEFF}", Err(NoVisibleCharacter)),
            ("\u{3164}\u{3164}", Err(NoVisibleCharacter)),
            ("\u{2800}", Err(NoVisibleCharacter)),
            ("\u{301}\u{302}", Err(NoVisibleCharacter)),
            (" \u{3000}\u{A0} ", Err(NoVisibleCharacter)),
            ("", Err(NoVisibleCharacter)),
            // A refused character is named even when nothing else is visible.
            ("\u{200B}\u{202E}", bidi('\u{202E}', 1)),
        ];
        for (input, expected) in cases {
            assert_eq!(
                clean_name(input),
                expected.map(str::to_owned),
                "for {input:?}"
            );
        }
    }

    #[test]
    fn name_fields_report_codes_by_kind() {
        use ProblemCode::*;
        /// The cleaned value (`None`: left blank), or the problem's code.
        type Expected = Result<Option<&'static str>, ProblemCode>;
        // (text, limit, required, expected)
        let cases: [(&str, usize, bool, Expected); 12] = [
            ("Acme", 4, true, Ok(Some("Acme"))),
            ("Acme!", 4, true, Err(TooLong)),
            // The limit counts characters of the NFC form: four jamo + one syllable = 2 syllables.
            (
                "\u{1112}\u{1161}\u{11AB}\u{AE00}",
                2,
                true,
                Ok(Some("\u{D55C}\u{AE00}")),
            ),
            ("", 10, true, Err(Required)),
            ("  ", 10, false, Ok(None)),
            ("\u{200B}", 10, true, Err(Required)),
            ("\u{200B}", 10, false, Err(InvalidFormat)),
            ("x\u{202E}", 10, true, Err(InvalidFormat)),
            ("x\u{0}", 10, false, Err(InvalidFormat)),
            ("\n", 10, false, Err(InvalidFormat)),
            ("\u{3000} ", 10, true, Err(Required)),
            (" Acme ", 10, false, Ok(Some("Acme"))),
        ];
        for (text, limit, required, expected) in cases {
            let got = name_field("name", text, limit, required);
            match (&got, expected) {
                (Ok(value), Ok(want)) => assert_eq!(value.as_deref(), want, "{text:?}"),
                (Err(problem), Err(code)) => {
                    assert_eq!(
                        (problem.path.as_str(), problem.code),
                        ("name", code),
                        "{text:?}"
                    )
                }
                _ => panic!("{text:?}: got {got:?}, expected {expected:?}"),
            }
        }
    }

    /// Characters that make names interesting: controls, bidi formatting, invisible ones,
    /// combining marks, decomposed jamo, and ordinary letters.
    const SPECIAL: [char; 24] = [
        '\u{0}', '\t', '\n', '\r', '\u{7F}', '\u{85}', '\u{9F}', '\u{2028}', '\u{202A}',
        '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200B}', '\u{200C}', '\u{200D}',
        '\u{2060}', '\u{FEFF}', '\u{3164}', ' ', '\u{301}', '\u{1100}', '\u{1161}', 'a',
    ];

    proptest::proptest! {
        #[test]
        fn any_text_is_cleaned_or_refused_never_a_panic(
            chars in proptest::collection::vec(
                proptest::prop_oneof![proptest::arbitrary::any::<char>(), proptest::sample::select(SPECIAL.to_vec())],
                0..24,
            )
        ) {
            let text: String = chars.into_iter().collect();
            if let Ok(name) = clean_name(&text) {
                // Independent of the implementation's predicates: what the brief forbids.
                let forbidden = |c: char| {
                    c.is_control()
                        || ('\u{202A}'..='\u{202E}').contains(&c)
                        || ('\u{2066}'..='\u{2069}').contains(&c)
                        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}')
                };
                let blank = |c: char| {
                    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
                };
                proptest::prop_assert!(!name.chars().any(forbidden), "{:?}", name);
                proptest::prop_assert!(name.chars().any(|c| !blank(c)), "{:?}", name);
                proptest::prop_assert_eq!(name.trim(), name.as_str());
                proptest::prop_assert!(unicode_normalization::is_nfc(&name));
                // Cleaning is idempotent.
                proptest::prop_assert_eq!(clean_name(&name), Ok(name.clone()));
            }
        }
    }
}
