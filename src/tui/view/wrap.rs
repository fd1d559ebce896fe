//! Word wrapping for text drawn in narrow boxes, so a message stays whole at 60 columns.

/// Splits `text` into lines of at most `width` characters, breaking at spaces; a word longer
/// than `width` is cut into pieces.
pub fn words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let sep = usize::from(used > 0);
            if used + sep + word.len() <= width {
                if sep == 1 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::words;

    #[test]
    fn breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(words("one two three", 7), vec!["one two", "three"]);
        assert_eq!(words("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(words("short", 20), vec!["short"]);
    }
}
