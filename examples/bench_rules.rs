//! Time each phase and each rule of `gwlint check` on some files, single
//! threaded: where the time goes, for profiling (bench/run.sh does not use it).
//!
//! cargo run --release --example bench_rules -- FILE...

use std::collections::HashMap;
use std::time::Instant;

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    assert!(!paths.is_empty(), "usage: bench_rules FILE...");
    let set = gwlint::rules::load(&gwlint::rules::builtin_packs()).expect("built-in packs load");
    let (mut read, mut parse, mut notices) = (0.0, 0.0, 0);
    let mut per_rule: HashMap<String, (f64, &str, usize)> = HashMap::new();
    for path in &paths {
        let t = Instant::now();
        let bytes = std::fs::read(path).unwrap();
        let src = gwlint::source::SourceFile::from_bytes(path.clone(), &bytes).unwrap();
        read += ms(t);
        let t = Instant::now();
        let gazette = gwlint::document::parse(&src);
        parse += ms(t);
        notices += gazette.notices.len();
        let ctx = gwlint::checks::Ctx::new(&src, &gazette);
        for rule in &set.rules {
            let t = Instant::now();
            let mut out = Vec::new();
            rule.check.run(rule, &ctx, &mut out);
            let e = per_rule
                .entry(rule.id().to_string())
                .or_insert((0.0, rule.check.kind(), 0));
            e.0 += ms(t);
            e.2 += out.len();
        }
    }
    let mut rows: Vec<_> = per_rule.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.total_cmp(&a.1 .0));
    let total: f64 = rows.iter().map(|r| r.1 .0).sum();
    eprintln!(
        "{read:>8.1} ms  read + decode + line index ({} files)",
        paths.len()
    );
    eprintln!("{parse:>8.1} ms  parse ({notices} notices)");
    eprintln!("{total:>8.1} ms  all rules");
    for (id, (e, kind, n)) in rows {
        eprintln!("{e:>8.1} ms  {id} ({kind}, {n} findings)");
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
