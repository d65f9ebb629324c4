#!/bin/bash
# The four architectures of the teaching material, side by side on the
# same parsers. single: a second client gets nothing while the first is
# connected, and its answer as soon as the first leaves. threads --threads
# 4: four clients are served at once, and a fifth waits for a free thread.
# spawn: a thread per client, so 50 are served at once, where threads 4
# serves 4; bounded by --max-conns, past which a client is told the server
# is busy. async: every client is served at once.
set -uo pipefail
. tests/helpers/lib.bash
need_built "$B/koand"

Q='Beautiful is better than?' A='Ugly.'
# open_ask VAR PORT: connect, store the fd in VAR, send the question.
open_ask() {
    local _fd
    exec {_fd}<>"/dev/tcp/127.0.0.1/$2" || fail "cannot connect to $2"
    printf '%s' "$Q" >&"$_fd"
    printf -v "$1" %s "$_fd"
}
# answer FD SECONDS: the answer that arrived within SECONDS ("" if none).
answer() {
    local got=
    IFS= read -r -t "$2" -N ${#A} got <&"$1"
    printf %s "$got"
}

# serve_at_once MODEL N: N clients, every one answered while all stay connected.
serve_at_once() {
    local fds=() i fd
    for i in $(seq "$2"); do open_ask fd "$port"; fds+=("$fd"); done
    for fd in "${fds[@]}"; do
        [ "$(answer "$fd" 3)" = "$A" ] || fail "$1: client on fd $fd of $2 connected at once got no answer"
    done
    for fd in "${fds[@]}"; do exec {fd}>&-; done
}

# waits_for_a_free_worker MODEL N: N clients are being served (connected);
# client N+1 gets nothing until the first one leaves, then its answer.
waits_for_a_free_worker() {
    local fds=() i fd last
    for i in $(seq "$2"); do
        open_ask fd "$port"
        [ "$(answer "$fd" 3)" = "$A" ] || fail "$1: client $i got no answer"
        fds+=("$fd")
    done
    open_ask last "$port"
    [ -z "$(answer "$last" 1)" ] || fail "$1: client $(($2 + 1)) was answered while $2 were connected"
    exec {fds[0]}>&-
    [ "$(answer "$last" 3)" = "$A" ] || fail "$1: client $(($2 + 1)) not answered after one left"
    for fd in "${fds[@]:1}" "$last"; do exec {fd}>&-; done
}

run_model() { # NAME ARGS...
    local name=$1
    shift
    start_koand "$name" 1 -P zen -p 0 "$@"
    port=$(port_of "$name" zen)
}

run_model single --model single
waits_for_a_free_worker single 1
stop_pid "$koand_pid" || fail "single: exit status $?"
echo "single: the second client waited until the first left"

run_model threads --model threads --threads 4
serve_at_once threads 2
waits_for_a_free_worker threads 4
stop_pid "$koand_pid" || fail "threads: exit status $?"
echo "threads --threads 4: two served at once; a fifth waited for one of four to leave"

# busy_past MODEL N: N clients are being served; client N+1 is told so.
busy_past() {
    local fds=() i fd last got=
    for i in $(seq "$2"); do
        open_ask fd "$port"
        [ "$(answer "$fd" 3)" = "$A" ] || fail "$1: client $i got no answer"
        fds+=("$fd")
    done
    exec {last}<>"/dev/tcp/127.0.0.1/$port" || fail "cannot connect to $port"
    IFS= read -r -t 3 got <&"$last"
    [ "$got" = "Error: server busy." ] || fail "$1: client $(($2 + 1)) got '$got', not the busy line"
    for fd in "${fds[@]}" "$last"; do exec {fd}>&-; done
}

run_model spawn --model spawn
serve_at_once spawn 50
stop_pid "$koand_pid" || fail "spawn: exit status $?"
run_model spawn-bounded --model spawn --max-conns 4
busy_past "spawn --max-conns 4" 4
stop_pid "$koand_pid" || fail "spawn --max-conns 4: exit status $?"
echo "spawn: 50 clients served at once (threads 4 served 4); with --max-conns 4 the fifth was told the server is busy"

run_model async --model async
serve_at_once async 2
serve_at_once async 50
stop_pid "$koand_pid" || fail "async: exit status $?"
echo "async: 2, then 50 clients served at once"
