//! The rules for names people give: no control characters anywhere (every name alike), and a
//! length. A filename is 1 to `max` characters (docs/contract.md §9); an index, collection or
//! entity name may be empty, since the published schema sets no minimum (up to `max`). Each
//! failure says which rule, so a stray newline is not reported as a length problem.

use crate::platform::error::ErrorAnswer;

/// Checks `value` of the parameter `param`: 1 to `max` characters, no control characters.
pub(crate) fn check_name(param: &str, value: &str, max: usize) -> Result<(), ErrorAnswer> {
    check_text(param, value, 1, max)
}

/// Checks `value` of the parameter `param`: `min` to `max` characters, no control characters.
pub(crate) fn check_text(param: &str, value: &str, min: usize, max: usize) -> Result<(), ErrorAnswer> {
    if let Some((at, c)) = value.chars().enumerate().find(|(_, c)| c.is_control()) {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!(
                "The {param} parameter is invalid. It contains the control character U+{:04X} at \
                 position {}; remove it.",
                u32::from(c),
                at + 1
            ),
        ));
    }
    let n = value.chars().count();
    if n < min || n > max {
        return Err(ErrorAnswer::bad_request(
            "parameter_invalid",
            format!("The {param} parameter is invalid. It must be {min} to {max} characters (it has {n})."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_named_not_blamed_on_length() {
        let e = check_name("filename", "a\nb.mp4", 255).unwrap_err();
        assert!(e.message.contains("U+000A at position 2"), "{}", e.message);
        assert!(!e.message.contains("1 to 255"), "{}", e.message);
        let e = check_name("filename", "", 255).unwrap_err();
        assert!(e.message.contains("1 to 255"), "{}", e.message);
        assert!(check_name("filename", &"x".repeat(256), 255).is_err());
        assert!(check_name("filename", "ok.mp4", 255).is_ok());
        assert!(check_text("name", "", 0, 255).is_ok());
        assert!(check_text("name", "\u{85}", 0, 255).is_err());
    }
}
