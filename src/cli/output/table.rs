//! Plain-text tables for people: a header and rows, columns padded to their widest cell, the
//! last column left unpadded (it is often a free-text name). Every cell is made printable first
//! (names and statuses come from the server), so no cell can drive the terminal.

use crate::format;

/// The table as lines, each ending in a newline.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| format::printable(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let last = cells.len().saturating_sub(1);
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i == last {
                s.push_str(cell);
            } else {
                s.push_str(&format!("{cell:<w$}  "));
            }
        }
        s.push('\n');
        s
    };
    let mut out = line(header.to_vec());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_whatever_the_cell_widths() {
        let t = render(
            &["NAME", "ID", "NOTE"],
            &[
                vec!["harbor".into(), "a1".into(), "x".into()],
                vec!["h".into(), "b22222".into(), "long note".into()],
            ],
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "NAME    ID      NOTE");
        assert_eq!(lines[1].find("a1"), lines[0].find("ID"));
        assert_eq!(lines[2], "h       b22222  long note");
    }
}
