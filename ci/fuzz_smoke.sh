#!/usr/bin/env bash
# Fuzz smoke run: builds the cargo-fuzz targets in fuzz/ and runs each one for a short time on
# its seeds (fuzz/seeds/<target>/ plus the project's own sources and fixtures). Exits non-zero
# when any target crashes, hangs (-timeout) or runs out of memory (-rss_limit_mb); the input
# that did it is left in fuzz/artifacts/<target>/.
#
#   ci/fuzz_smoke.sh                    every target, 20 s each
#   FUZZ_SECONDS=600 ci/fuzz_smoke.sh   the long run the README reports (10 min each)
#   ci/fuzz_smoke.sh source plan_xml    only these targets
#
# cargo-fuzz needs libFuzzer's sanitizer flags, which are nightly-only; on a stable toolchain
# RUSTC_BOOTSTRAP=1 unlocks them. Without cargo-fuzz the script installs it (under a minute
# here) when FUZZ_INSTALL=1 (and fails if that fails), and otherwise skips with a message and
# exit 0.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-20}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  if [ "${FUZZ_INSTALL:-0}" = 1 ]; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked || { echo "fuzz smoke: cargo-fuzz was asked for but failed to install" >&2; exit 1; }
  else
    echo "fuzz smoke: cargo-fuzz is not installed (cargo install cargo-fuzz --locked, or FUZZ_INSTALL=1); skipped"
    exit 0
  fi
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(source plan_json plan_xml sidecar docx)
fi

echo "== building fuzz targets"
cargo fuzz build || { echo "fuzz smoke: the fuzz targets do not build"; exit 1; }

# Extra read-only seed folders per target (the first corpus folder is where libFuzzer writes).
extra_seeds() {
  case "$1" in
    source) echo "source tests/fixtures/variants tests/fixtures/bad" ;;
    docx) echo "tests/fixtures/docx" ;;
    *) echo "" ;;
  esac
}
# Longest input per target: the source target must see whole plans (the example is 152 KB).
max_len() {
  case "$1" in
    source | docx) echo 200000 ;;
    *) echo 65536 ;;
  esac
}

failed=()
summary=()
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=("-dict=fuzz/dict/$t.dict")
  log="fuzz/artifacts/$t/last-run.log"
  echo "== fuzzing $t for ${seconds}s (log: $log)"
  # shellcheck disable=SC2046
  cargo fuzz run "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" $(extra_seeds "$t") -- \
    "${dict[@]}" -max_len="$(max_len "$t")" -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=5 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  # The last status line: execs, coverage, features, corpus size.
  stats=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  if [ $rc -ne 0 ]; then
    failed+=("$t")
    echo "!! $t failed (exit $rc):"
    grep -E 'ERROR: libFuzzer|panicked at|SUMMARY|Test unit written to' "$log" | head -n 10
    summary+=("$t: FAILED (exit $rc) $stats")
  else
    summary+=("$t: ok, ${execs:-?} execs; $stats")
  fi
done

echo "== fuzz smoke summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz smoke: FAILED: ${failed[*]}"
  exit 1
fi
