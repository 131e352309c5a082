//! Time each phase and each rule of `gwlint check` on one file, single
//! threaded: where the time goes, for profiling (bench/run.sh does not use it).
//!
//! cargo run --release --example bench_rules -- FILE

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: bench_rules FILE");
    let set = gwlint::rules::load(&gwlint::rules::builtin_packs()).expect("built-in packs load");
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap();
    let src = gwlint::source::SourceFile::from_bytes(path.clone(), &bytes).unwrap();
    eprintln!("{:>8.1} ms  read + decode + line index", ms(t));
    let t = Instant::now();
    let gazette = gwlint::document::parse(&src);
    eprintln!(
        "{:>8.1} ms  parse ({} notices)",
        ms(t),
        gazette.notices.len()
    );
    let ctx = gwlint::checks::Ctx {
        src: &src,
        gazette: &gazette,
    };
    let mut rows = Vec::new();
    let mut total = 0.0;
    for rule in &set.rules {
        let t = Instant::now();
        let mut out = Vec::new();
        rule.check.run(rule, &ctx, &mut out);
        let e = ms(t);
        total += e;
        rows.push((e, rule.id().to_string(), rule.check.kind(), out.len()));
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    eprintln!("{total:>8.1} ms  all rules");
    for (e, id, kind, n) in rows {
        eprintln!("{e:>8.1} ms  {id} ({kind}, {n} findings)");
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
