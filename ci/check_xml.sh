#!/usr/bin/env bash
# Validates every OUTDIR/*/plan.xml against schema/plan.xsd with xmllint (libxml2), and checks
# that the check can fail: broken copies of each file (a funding level set to "galactic", the
# required schemaVersion attribute dropped) must NOT validate. One line per file; exit 1 on
# any problem.
#
# Usage: ci/check_xml.sh OUTDIR        (further arguments are ignored)
set -uo pipefail

out="${1:?usage: ci/check_xml.sh OUTDIR}"
xsd="$(cd "$(dirname "$0")/.." && pwd)/schema/plan.xsd"

if ! command -v xmllint >/dev/null; then
  echo "check_xml: xmllint not found (Debian package libxml2-utils)" >&2
  exit 1
fi
[ -f "$xsd" ] || { echo "check_xml: $xsd not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Succeeds when xmllint accepts the file; its messages go to $tmp/log.
valid() { xmllint --noout --schema "$xsd" "$1" >"$tmp/log" 2>&1; }

failures=0
files=0
shopt -s nullglob
for xml in "$out"/*/plan.xml; do
  files=$((files + 1))
  if ! valid "$xml"; then
    echo "FAIL  $xml: not valid against schema/plan.xsd"
    head -n 5 "$tmp/log" | sed 's/^/      /'
    failures=$((failures + 1))
    continue
  fi
  # The same file, broken on purpose, must fail: otherwise the check proves nothing.
  sed -E '0,/<level>[a-z]+<\/level>/s//<level>galactic<\/level>/' "$xml" >"$tmp/level.xml"
  sed -E '0,/ schemaVersion="[^"]*"/s///' "$xml" >"$tmp/version.xml"
  broken_ok=""
  if ! cmp -s "$xml" "$tmp/level.xml" && valid "$tmp/level.xml"; then
    broken_ok="a funding level \"galactic\""
  fi
  if valid "$tmp/version.xml"; then
    broken_ok="${broken_ok:+$broken_ok and }no schemaVersion"
  fi
  if [ -n "$broken_ok" ]; then
    echo "FAIL  $xml: valid, but so is a copy with $broken_ok: the XSD checks too little"
    failures=$((failures + 1))
    continue
  fi
  echo "ok    $xml: valid against schema/plan.xsd; broken copies are refused"
done

if [ "$files" -eq 0 ]; then
  echo "FAIL  no $out/*/plan.xml to check"
  exit 1
fi
if [ "$failures" -gt 0 ]; then
  echo "check_xml: $failures of $files plan.xml file(s) failed" >&2
  exit 1
fi
echo "check_xml: $files plan.xml file(s) valid"
