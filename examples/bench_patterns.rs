//! Print the regular expressions equivalent to the pattern and dictionary
//! rules of the default packs, one per line, for `rg -f` (bench/run.sh).
//! Capture-group names are dropped: ripgrep joins the lines into one
//! alternation, where the same name twice is an error.
//!
//! cargo run --release --example bench_patterns > bench/patterns.txt

use gwlint::checks::Check;

fn main() {
    let set = gwlint::rules::load(&gwlint::rules::builtin_packs()).expect("built-in packs load");
    for rule in &set.rules {
        match &rule.check {
            Check::Pattern(p) => println!("{}", unname(p.regex.as_str())),
            Check::Dictionary(d) => {
                for (wrong, _) in &d.words {
                    println!("{}", regex::escape(wrong));
                }
            }
            _ => {}
        }
    }
}

/// `(?P<name>` / `(?<name>` → `(`.
fn unname(re: &str) -> String {
    let mut out = String::with_capacity(re.len());
    let mut rest = re;
    while let Some(i) = rest.find("(?") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let named = after.strip_prefix("P<").or_else(|| {
            after
                .strip_prefix('<')
                .filter(|a| !a.starts_with(['=', '!']))
        });
        match named.and_then(|n| n.find('>').map(|e| &n[e + 1..])) {
            Some(tail) => {
                out.push('(');
                rest = tail;
            }
            None => {
                out.push_str("(?");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
