# Shared by benches/scale.sh and benches/large.sh (sourced, from the project root): runs the
# release `plandoc build` under GNU time (`/usr/bin/time -v`, Debian package `time`).

if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is missing: apt-get install -y time" >&2
    exit 2
fi

# Prints the machine and its load, for the top of a report.
machine_line() {
    echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# timed_build LOG ARGS...: runs `plandoc build ARGS --quiet`, GNU time's report going to LOG and
# plandoc's stderr to LOG.stderr; sets WALL (seconds) and RSS (peak, KB). Exits if the build fails.
timed_build() {
    local log=$1
    shift
    if ! /usr/bin/time -v -o "$log" ./target/release/plandoc build "$@" --quiet 2>"$log.stderr"; then
        cat "$log.stderr" "$log" >&2
        echo "build failed: plandoc build $*" >&2
        exit 1
    fi
    # GNU time writes wall time as [h:]m:ss.cc.
    WALL=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
    RSS=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
}
