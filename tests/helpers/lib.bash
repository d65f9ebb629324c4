# Shared by the scripted tests (sourced, not run: run.sh runs tests/*.sh
# only). Every process a test starts is recorded by PID and killed at exit;
# every wait has a bound.
B=${B:-build}
tmp=$(mktemp -d)
started=()

cleanup() {
    local p
    for p in "${started[@]}"; do
        kill -KILL "$p" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# zen_questions: how many aphorisms the zen grammar holds, so how many
# lines koan prints (gen/zen_answers.h is drawn from grammar/zen.rl).
zen_questions() { grep -c '^ANSWER_ROW' gen/zen_answers.h; }
# skip WHY: this script cannot run here (an optional tool is missing): say
# so and exit 77, which tests/run.sh counts as skipped (automake's code).
skip() { echo "SKIPPED: $*"; exit 77; }
# skip_part WHY: one check of this script cannot run here; the script goes
# on, and tests/run.sh counts the check as skipped.
skip_part() { echo "SKIPPED: $*"; }

need_built() {
    local f
    for f in "$@"; do
        [ -x "$f" ] || fail "$f is not built; run make test (it builds what the scripts use)"
    done
}

# start_koand NAME NLISTEN ARGS...: run $B/koand ARGS in the background,
# logging to $tmp/NAME.log, and wait for NLISTEN "listening" lines.
# Sets koand_pid.
start_koand() {
    local name=$1 n=$2 i
    shift 2
    "$B/koand" "$@" 2>"$tmp/$name.log" &
    koand_pid=$!
    started+=("$koand_pid")
    for i in $(seq 100); do
        [ "$(grep -c 'listening' "$tmp/$name.log")" -ge "$n" ] && return 0
        kill -0 "$koand_pid" 2>/dev/null || break
        sleep 0.05
    done
    cat "$tmp/$name.log" >&2
    fail "koand $* did not start"
}

# port_of NAME PROTO: the port koand NAME logged for PROTO (first one).
port_of() {
    sed -n "s/.*listening $2 on .*[:( ]\([0-9][0-9]*\))\{0,1\}$/\1/p" "$tmp/$1.log" | head -1
}

# wait_log NAME TEXT: wait up to 5 s for TEXT in koand NAME's log.
wait_log() {
    local i
    for i in $(seq 100); do
        grep -qF -- "$2" "$tmp/$1.log" && return 0
        sleep 0.05
    done
    cat "$tmp/$1.log" >&2
    fail "koand $1 never logged: $2"
}

# stop_pid PID: SIGTERM, then its exit status within 10 s (killed: fail).
stop_pid() {
    local i
    kill -TERM "$1" 2>/dev/null
    for i in $(seq 200); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.05
    done
    kill -0 "$1" 2>/dev/null && { kill -KILL "$1"; fail "pid $1 ignored SIGTERM for 10 s"; }
    wait "$1"
}
