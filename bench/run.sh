#!/usr/bin/env bash
# gwlint benchmark: gwlint check / gwlint parse against ripgrep searching the
# same text for the regular expressions of the pattern and dictionary rules
# (bench/patterns.txt), on a corpus built from corpus/ (bench/gen-corpus.sh).
#
#   bench/run.sh            # 3 runs of each command, medians
#   RUNS=5 bench/run.sh     # more runs when the machine is noisy
#   JOBS=4 bench/run.sh     # --jobs / -j for gwlint and rg (default 2)
#
# Prints medians, the ratio gwlint / ripgrep, peak memory (max RSS), the
# throughput of many files against one large file, and the time as the
# corpus doubles. Not run by .ci/run; nothing here is asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
B=target/bench-corpus
R=target/bench-results
mkdir -p "$R"

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "安装 $1 …" >&2
  if command -v apt-get >/dev/null 2>&1; then
    (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 ||
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null)) && return 0
  fi
  cargo install --locked "$2"
}
need rg ripgrep
need hyperfine hyperfine
[ -x /usr/bin/time ] || need /usr/bin/time time

cargo build --release --quiet --bin gwlint --example bench_patterns
GW=target/release/gwlint
bench/gen-corpus.sh 400

# The patterns must be those of the packs the binary embeds.
target/release/examples/bench_patterns >"$R/patterns.txt"
if ! cmp -s "$R/patterns.txt" bench/patterns.txt; then
  echo "注意：bench/patterns.txt 与规则包不一致，本次使用重新生成的版本（cargo run --release --example bench_patterns > bench/patterns.txt 可更新）" >&2
fi
PAT="$R/patterns.txt"

# sed, not head: with pipefail, head closing the pipe early would fail the run.
files() { printf "%s\n" "$B"/files/*.txt | LC_ALL=C sort | sed -n "1,${1}p"; }
mb() { du -cb "$@" | tail -1 | awk '{printf "%.1f", $1 / 1e6}'; }
F200=$(files 200 | tr '\n' ' ')
BIG=$B/big-100.txt

# name|command; every command writes its whole output into a pipe (ripgrep
# would stop at the first match if it saw /dev/null).
cmds=(
  "gwlint check, 200 files|$GW check --format json --jobs $JOBS $F200"
  "gwlint check, 1 file|$GW check --format json --jobs $JOBS $BIG"
  "gwlint parse, 200 files|$GW parse --format json --jobs $JOBS $F200"
  "gwlint parse, 1 file|$GW parse --format json --jobs $JOBS $BIG"
  "rg, 200 files|rg -j $JOBS --no-heading --line-number --column -f $PAT $F200"
  "rg, 1 file|rg -j $JOBS --no-heading --line-number --column -f $PAT $BIG"
  "gwlint check, 1 file 50 MB|$GW check --format json --jobs $JOBS $B/big-50.txt"
  "gwlint check, 1 file 200 MB|$GW check --format json --jobs $JOBS $B/big-200.txt"
  "gwlint check, 100 files 50 MB|$GW check --format json --jobs $JOBS $(files 100 | tr '\n' ' ')"
  "gwlint check, 400 files 200 MB|$GW check --format json --jobs $JOBS $(files 400 | tr '\n' ' ')"
)
args=()
for c in "${cmds[@]}"; do
  args+=(-n "${c%%|*}" "${c#*|}")
done
# gwlint exits 1 when it finds errors: that is the expected outcome here.
hyperfine --runs "$RUNS" --warmup 0 --output=pipe -i --style basic \
  --export-json "$R/times.json" "${args[@]}" >"$R/hyperfine.txt"

# Peak memory: one run each under /usr/bin/time -v.
: >"$R/rss.txt"
for c in "${cmds[@]:0:6}"; do
  rss=$( { /usr/bin/time -v sh -c "${c#*|} | cat >/dev/null" ; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}')
  echo "${c%%|*}|$rss" >>"$R/rss.txt"
done

python3 - "$R" "$(mb $F200)" "$(mb $BIG)" "$(mb $B/big-50.txt)" "$(mb $B/big-200.txt)" \
  "$(mb $(files 100))" "$(mb $(files 400))" "$RUNS" "$JOBS" "$(nproc)" \
  "$(stat -c %s $F200 | sort -n | tail -1)" <<'PY'
import json, sys
r, m200, mbig, m50, mbig200, m100f, m400f, runs, jobs, cores, largest = sys.argv[1:]
largest = int(largest) / 1e6
m = {x["command"]: x for x in json.load(open(f"{r}/times.json"))["results"]}
rss = dict(l.strip().split("|") for l in open(f"{r}/rss.txt"))
med = lambda n: m[n]["median"]
size = {"200 files": float(m200), "1 file": float(mbig)}
print(f"gwlint 基准测试（{cores} 核，--jobs {jobs}，每项 {runs} 次取中位数）")
print(f"语料：200 个文件共 {m200} MB；单个文件 {mbig} MB")
print()
print(f"{'命令':<24}{'中位数 s':>10}{'最小 s':>9}{'最大 s':>9}{'MB/s':>9}{'峰值内存 MB':>14}")
for name in ["gwlint check, 200 files", "gwlint check, 1 file", "gwlint parse, 200 files",
             "gwlint parse, 1 file", "rg, 200 files", "rg, 1 file"]:
    x = m[name]
    mbs = size[name.split(", ")[1]] / x["median"]
    print(f"{name:<24}{x['median']:>10.2f}{x['min']:>9.2f}{x['max']:>9.2f}{mbs:>9.1f}"
          f"{int(rss[name]) / 1024:>14.0f}")
print()
for what in ["200 files", "1 file"]:
    print(f"gwlint check / rg（{what}）：{med('gwlint check, ' + what) / med('rg, ' + what):.1f} 倍"
          f"（目标 ≤ 3 倍）")
t_files = float(m200) / med("gwlint check, 200 files")
t_big = float(mbig) / med("gwlint check, 1 file")
print(f"吞吐量：200 个文件 {t_files:.1f} MB/s，单个文件 {t_big:.1f} MB/s，"
      f"相差 {abs(t_files - t_big) / max(t_files, t_big) * 100:.0f}%（目标 ≤ 20%）")
biggest = float(mbig)
limit = 4 * biggest + 50
print(f"峰值内存：单个 {mbig} MB 文件 {int(rss['gwlint check, 1 file']) / 1024:.0f} MB"
      f"（目标 < 4 × {mbig} + 50 = {limit:.0f} MB）；"
      f"200 个文件（最大 {largest:.1f} MB）{int(rss['gwlint check, 200 files']) / 1024:.0f} MB"
      f"（目标 < {4 * largest + 50:.0f} MB）")
print()
print("语料加倍（gwlint check）：")
for label, rows in [("单个文件", [("1 file 50 MB", m50), ("1 file", mbig), ("1 file 200 MB", mbig200)]),
                    ("多个文件", [("100 files 50 MB", m100f), ("200 files", m200), ("400 files 200 MB", m400f)])]:
    base = None
    for key, mbx in rows:
        t = med("gwlint check, " + key)
        per = t / float(mbx)
        base = base or per
        print(f"  {label} {float(mbx):>6.1f} MB：{t:>7.2f} s，{per * 1000:>6.1f} ms/MB（{per / base:.2f} × 50 MB 时）")
PY
echo
echo "原始数据：$R/times.json（hyperfine）、$R/rss.txt（max RSS, KB）"
