#!/usr/bin/env bash
# Wall time and peak memory of `plandoc build` (release) on one large plan: the shipped example
# with 25k, 50k, 100k and 190k body paragraphs added after its first section heading (the
# source limit is 200k lines). Measured by GNU time (`/usr/bin/time -v`, Debian package `time`).
#
#   bash benches/large.sh            # from the project root; work files go to target/large/
set -euo pipefail

cd "$(dirname "$0")/.."
source benches/timed.sh

work=target/large
example=source/wangcang-public-services-2021-2025.txt

cargo build --release --quiet --bin plandoc
rm -rf "$work"
mkdir -p "$work"

machine_line
printf '%-10s %10s %10s %12s\n' added text wall "peak RSS"
for n in 25000 50000 100000 190000; do
    src=$work/large-$n.txt
    # After the first line that opens with 第一节 (a section heading), n paragraphs of body text.
    awk -v n="$n" '{ print } !done && /^第一节/ {
        for (k = 0; k < n; k++) printf "——第%d条补充说明，全县公共服务持续改善，人民群众获得感不断增强。\n", k
        done = 1 }' "$example" >"$src"
    timed_build "$work/time-$n.txt" "$src" --out "$work/out-$n"
    printf '%-10s %8.1f MB %8.2f s %9d KB\n' "$n" "$(stat -c %s "$src" | awk '{ print $1 / 1e6 }')" "$WALL" "$RSS"
done
