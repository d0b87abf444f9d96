#!/usr/bin/env bash
# Wall time and peak memory of `plandoc build` (release) on one large plan: the shipped example
# with 25k, 50k, 100k and 190k body paragraphs added after its first section heading (the
# source limit is 200k lines). Measured by GNU time (`/usr/bin/time -v`, Debian package `time`).
#
#   bash benches/large.sh            # from the project root; work files go to target/large/
set -euo pipefail

cd "$(dirname "$0")/.."
if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is missing: apt-get install -y time" >&2
    exit 2
fi

work=target/large
example=source/wangcang-public-services-2021-2025.txt

cargo build --release --quiet --bin plandoc
rm -rf "$work"
mkdir -p "$work"

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %10s %10s %12s\n' added text wall "peak RSS"
for n in 25000 50000 100000 190000; do
    src=$work/large-$n.txt
    # After the first line that opens with 第一节 (a section heading), n paragraphs of body text.
    awk -v n="$n" '{ print } !done && /^第一节/ {
        for (k = 0; k < n; k++) printf "——第%d条补充说明，全县公共服务持续改善，人民群众获得感不断增强。\n", k
        done = 1 }' "$example" >"$src"
    log=$work/time-$n.txt
    if ! /usr/bin/time -v -o "$log" ./target/release/plandoc build "$src" --out "$work/out-$n" \
        --quiet 2>"$log.stderr"; then
        cat "$log.stderr" "$log" >&2
        echo "build failed: $n paragraphs" >&2
        exit 1
    fi
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    printf '%-10s %8.1f MB %8.2f s %9d KB\n' "$n" "$(stat -c %s "$src" | awk '{ print $1 / 1e6 }')" "$wall" "$rss"
done
