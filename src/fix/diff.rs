//! `gwlint check --diff`: what `--fix` would change, as a unified diff.

use similar::TextDiff;

/// A unified diff of `old` → `new` for `--diff` (which prints it and writes
/// nothing): `--- a/PATH` / `+++ b/PATH` headers, hunks with 3 lines of
/// context, and the usual `\ No newline at end of file` marker. Empty when
/// the texts are equal. An absolute path loses its leading `/` after `a/`. Line endings are compared as they are, so a CRLF
/// file shows CRLF lines.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    // `a//abs/path` would be odd; `a/abs/path` applies with `patch -p1` from `/`.
    let path = path.trim_start_matches('/');
    let diff = TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_give_no_diff() {
        assert_eq!(unified_diff("a.txt", "x\n", "x\n"), "");
    }

    #[test]
    fn headers_and_context() {
        let old = "1\n2\n3\n4\n山府发[2013]2号\n6\n7\n8\n9\n";
        let new = old.replace("[2013]", "〔2013〕");
        let d = unified_diff("dir/a.txt", old, &new);
        assert_eq!(
            d,
            "--- a/dir/a.txt\n+++ b/dir/a.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-山府发[2013]2号\n+山府发〔2013〕2号\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn absolute_paths_do_not_double_the_slash() {
        let d = unified_diff("/tmp/a.txt", "x\n", "y\n");
        assert!(d.starts_with("--- a/tmp/a.txt\n+++ b/tmp/a.txt\n"), "{d}");
    }

    #[test]
    fn missing_final_newline_is_marked() {
        let d = unified_diff("a.txt", "甲[1]", "甲〔1〕");
        assert!(d.contains("\\ No newline at end of file"), "{d}");
        assert!(d.ends_with('\n'));
    }
}
