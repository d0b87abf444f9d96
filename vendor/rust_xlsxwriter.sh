#!/usr/bin/env bash
# Rebuilds vendor/rust_xlsxwriter from the published crate and plandoc's one patch, or checks that
# the committed copy is exactly that (CI runs `--check`). See vendor/README.md for why.
#
#   bash vendor/rust_xlsxwriter.sh           # rewrite vendor/rust_xlsxwriter
#   bash vendor/rust_xlsxwriter.sh --check   # exit 1 if vendor/rust_xlsxwriter differs
set -euo pipefail
cd "$(dirname "$0")"

version=0.102.0
# The checksum Cargo.lock recorded for rust_xlsxwriter 0.102.0 from crates.io.
sha256=6ca3d0e879a578c1313c2800ab0c6c029d38eed18098675e50341a30d32372ed
url=https://static.crates.io/crates/rust_xlsxwriter/rust_xlsxwriter-$version.crate

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

crate=$work/rust_xlsxwriter.crate
cached=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/rust_xlsxwriter-$version.crate 2>/dev/null | head -n1 || true)
if [[ -n "$cached" ]]; then
    cp "$cached" "$crate"
else
    curl -sSfL --retry 3 -o "$crate" "$url"
fi
echo "$sha256  $crate" | sha256sum --check --quiet

tar -xzf "$crate" -C "$work"
unpacked=$work/rust_xlsxwriter-$version
fresh=$work/rust_xlsxwriter
mkdir "$fresh"
# Only what the library build reads: sources, manifest, licences, README and CHANGELOG (the
# crate's docs include both). Examples, benches and their 500-odd manifest targets are left out.
cp -r "$unpacked/src" "$unpacked/Cargo.toml" "$unpacked/LICENSE_Apache2.0" "$unpacked/LICENSE_MIT" \
    "$unpacked/README.md" "$unpacked/CHANGELOG.md" "$fresh/"
python3 - "$fresh/Cargo.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
blocks = re.split(r"\n(?=\[)", text)
targets = ("[[example]]", "[[bench]]", "[[test]]")
kept = [b for b in blocks if not b.startswith(targets)]
open(path, "w", encoding="utf-8").write("\n".join(kept))
PY
patch --quiet -d "$fresh" -p1 < rust_xlsxwriter.patch

if [[ "${1:-}" == "--check" ]]; then
    if ! diff -r "$fresh" rust_xlsxwriter; then
        echo "vendor/rust_xlsxwriter is not rust_xlsxwriter $version plus vendor/rust_xlsxwriter.patch;" \
            "run: bash vendor/rust_xlsxwriter.sh" >&2
        exit 1
    fi
    echo "vendor/rust_xlsxwriter is rust_xlsxwriter $version plus vendor/rust_xlsxwriter.patch"
else
    rm -rf rust_xlsxwriter
    mv "$fresh" rust_xlsxwriter
    echo "wrote vendor/rust_xlsxwriter ($version plus vendor/rust_xlsxwriter.patch)"
fi
