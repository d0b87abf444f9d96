#!/usr/bin/env bash
# Peak memory and time of plandoc on the worst inputs within its bounds (issue 15).
#
#   benches/peak_memory.sh            # uses target/release/plandoc (cargo build --release first)
#   PLANDOC=target/debug/plandoc benches/peak_memory.sh
#
# Prints one row per case: input size, exit code, wall time, peak resident memory (GNU time's
# %M) and that peak as a multiple of the input's size. Not asserted anywhere: the figures go
# into the README. Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
PLANDOC=${PLANDOC:-target/release/plandoc}
[ -x "$PLANDOC" ] || { echo "no $PLANDOC: cargo build --release first" >&2; exit 2; }
PLANDOC=$(realpath "$PLANDOC")
EXAMPLE=$(realpath out/wangcang-public-services-2021-2025/plan.json)
SOURCE=$(realpath source/wangcang-public-services-2021-2025.txt)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

python3 - "$EXAMPLE" <<'PY'
import json, sys
example = open(sys.argv[1]).read()
plan = json.loads(example)
def write(name, text):
    with open(name, "w") as f:
        f.write(text)
# The issue's cases, and the worst each bound still lets through.
write("glossary-5m.json", '{"schemaVersion":"1.0.0","glossary":[' + ",".join(["{}"] * 5_000_000) + "]}")
bad = dict(plan)
bad["glossary"] = [{}] * 200_000                   # the longest array allowed, every item bad
write("glossary-200k.json", json.dumps(bad, separators=(",", ":")))
many = dict(plan)
for key in ["preface", "chapters", "tables", "indicators", "standards", "boxes", "projects",
            "glossary", "domains"]:
    many[key] = [{}] * 200_000                     # nine arrays at the bound: 1.8M bad items
write("nine-arrays-200k.json", json.dumps(many, separators=(",", ":")))
write("flat-60mb.json", '{"schemaVersion":"1.0.0","x":[' + ",".join(["0"] * 30_000_000) + "]}")
write("values-4m.json", '{"schemaVersion":"1.0.0","x":[' +
      ",".join(["[" + ",".join(["0"] * 199_999) + "]"] * 20) + "]}")
write("empty-elements-40mb.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<plan xmlns="urn:plandoc:xml:plan:1" schemaVersion="1.0.0">' + "<x/>" * 10_000_000 + "</plan>\n")
write("elements-4m.xml", '<?xml version="1.0" encoding="UTF-8"?>\n<plan xmlns="urn:plandoc:xml:plan:1" schemaVersion="1.0.0">' + ("<a>" + "<x/>" * 199_999 + "</a>") * 20 + "</plan>\n")
PY
cp "$EXAMPLE" example.json
cp "$SOURCE" example.txt
cp "${SOURCE%.txt}.toml" example.toml

printf '%-28s %12s %5s %8s %10s %8s\n' case input_bytes exit seconds peak_kb peak/input
measure() {
    local name=$1 input=$2; shift 2
    local bytes code
    bytes=$(stat -c %s "$input")
    set +e
    /usr/bin/time -f '%e %M' -o time.txt "$PLANDOC" "$@" >/dev/null 2>stderr.txt
    code=$?
    set -e
    read -r secs kb < <(tail -n 1 time.txt)
    printf '%-28s %12d %5d %8.2f %10d %8.1f\n' "$name" "$bytes" "$code" "$secs" "$kb" \
        "$(echo "$kb * 1024 / $bytes" | bc -l)"
}
measure "example plan.json" example.json validate example.json
measure "glossary 5M bad items" glossary-5m.json validate glossary-5m.json
measure "glossary 200k bad items" glossary-200k.json validate glossary-200k.json
measure "9 arrays of 200k bad items" nine-arrays-200k.json validate nine-arrays-200k.json
measure "60 MB [0,0,...]" flat-60mb.json validate flat-60mb.json
measure "4M values" values-4m.json validate values-4m.json
measure "40 MB of <x/>" empty-elements-40mb.xml validate empty-elements-40mb.xml
measure "4M elements" elements-4m.xml validate elements-4m.xml
measure "build -j 5000, one plan" example.txt build example.txt --out out -j 5000 -q
