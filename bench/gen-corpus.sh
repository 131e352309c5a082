#!/usr/bin/env bash
# Build the benchmark corpus from corpus/ (the real gazettes) into
# target/bench-corpus/ (never committed):
#   files/     N files of about 500 KB each (default 400, i.e. about 200 MB;
#              the benchmark uses the first 100 / 200 / 400 of them)
#   big-50.txt, big-100.txt, big-200.txt
#              one file of about 50 / 100 / 200 MB: the first 100 / 200 / 400
#              files of files/ concatenated
# Each small file is the corpus files concatenated in a rotating order until
# it reaches 500 KB, so that every file is a realistic gazette (masthead,
# table of contents, notices) and different files start differently.
# Deterministic: the same corpus/ gives the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/bench-corpus
count=${1:-400}
target_size=440000
mapfile -t seeds < <(ls corpus/*.txt | LC_ALL=C sort)
n=${#seeds[@]}
stamp="$out/.stamp-$count-$(cat "$0" "${seeds[@]}" | cksum | cut -d' ' -f1)"
if [ -f "$stamp" ]; then
  exit 0
fi
rm -rf "$out"
mkdir -p "$out/files"
for ((i = 0; i < count; i++)); do
  f=$(printf '%s/files/gazette-%04d.txt' "$out" "$i")
  size=0
  k=$i
  : >"$f"
  while [ "$size" -lt "$target_size" ]; do
    s=${seeds[$((k % n))]}
    cat "$s" >>"$f"
    size=$((size + $(stat -c %s "$s")))
    k=$((k + 1))
  done
done
for mb in 50 100 200; do
  files=$((mb * 2))
  [ "$files" -le "$count" ] || continue
  ls "$out"/files/*.txt | LC_ALL=C sort | head -n "$files" | xargs cat >"$out/big-$mb.txt"
done
touch "$stamp"
