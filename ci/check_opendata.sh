#!/usr/bin/env bash
# Validates every open-data package under OUTDIR with the reference validator.
#
#   ci/check_opendata.sh OUTDIR VENV
#
# For each OUTDIR/<stem>/opendata/datapackage.json runs `VENV/bin/frictionless validate`
# (frictionless-py 5: checks the descriptor, every CSV against its Table Schema, the
# declared bytes and sha256 hashes, primary keys and foreign keys across resources).
# Exits 1 when any package is invalid or none is found, 2 on a usage error.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 OUTDIR VENV" >&2
    exit 2
fi
outdir=$1
venv=$2
frictionless="$venv/bin/frictionless"
if [ ! -x "$frictionless" ]; then
    echo "error: $frictionless not found; install it with: python3 -m venv $venv && $venv/bin/pip install 'frictionless==5.21.*'" >&2
    exit 2
fi

shopt -s nullglob
packages=("$outdir"/*/opendata/datapackage.json)
if [ "${#packages[@]}" -eq 0 ]; then
    echo "error: no $outdir/*/opendata/datapackage.json found" >&2
    exit 1
fi

failed=0
for package in "${packages[@]}"; do
    if report=$("$frictionless" validate "$package" 2>&1); then
        echo "ok: $package"
    else
        echo "INVALID: $package" >&2
        echo "$report" >&2
        failed=1
    fi
done
exit "$failed"
