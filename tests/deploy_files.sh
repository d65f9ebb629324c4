#!/bin/bash
# deploy/ as written: the socket units name protocols koand knows, one name
# per unit (systemd gives a unit's name to all its sockets); koand.service
# passes exactly those units; systemd and HAProxy accept the files; every
# inetd.conf line is one koand accepts, in the mode its wait/nowait says.
set -uo pipefail
. tests/helpers/lib.bash
need_built "$B/koand"

# Socket units: FileDescriptorName= once each, a protocol, no two alike.
declare -A seen
for f in deploy/*.socket; do
    u=$(basename "$f")
    mapfile -t n < <(sed -n 's/^FileDescriptorName=//p' "$f")
    [ "${#n[@]}" = 1 ] || fail "$u: want one FileDescriptorName= (it names every socket of the unit), got ${#n[@]}"
    "$B/koand" -P "${n[0]}" --version >/dev/null 2>&1 ||
        fail "$u: FileDescriptorName=${n[0]} is not a protocol koand serves"
    [ -z "${seen[${n[0]}]:-}" ] || fail "$u: ${n[0]} is named by ${seen[${n[0]}]} too"
    seen[${n[0]}]=$u
    grep -q '^ListenStream=' "$f" || fail "$u: no ListenStream="
    [ "$u" = koand.socket ] || grep -qx 'Service=koand.service' "$f" || fail "$u: no Service=koand.service"
done
[ "${#seen[@]}" -ge 2 ] || fail "want a socket unit per protocol"
listed=$(sed -n 's/^Sockets=//p' deploy/koand.service | tr ' ' '\n' | sort)
shipped=$(cd deploy && ls ./*.socket | sed 's|^\./||' | sort)
[ "$listed" = "$shipped" ] || fail "koand.service Sockets= ($listed) is not the shipped units ($shipped)"
echo "socket units: $(for p in "${!seen[@]}"; do printf '%s=%s ' "${seen[$p]}" "$p"; done)"

# A reload is a live upgrade, and systemd follows the new main process.
grep -qx 'Type=notify' deploy/koand.service || fail "koand.service is not Type=notify"
grep -qx 'NotifyAccess=all' deploy/koand.service || fail "koand.service: the new process's MAINPID= needs NotifyAccess=all"
grep -qx 'ExecReload=/bin/kill -USR2 $MAINPID' deploy/koand.service || fail "koand.service: no SIGUSR2 ExecReload="

# systemd's own reading of the units, pointed at this build of koand.
if command -v systemd-analyze >/dev/null; then
    mkdir "$tmp/units"
    cp deploy/koand.service deploy/*.socket "$tmp/units/"
    sed -i "s|^ExecStart=/usr/local/sbin/koand|ExecStart=$(realpath "$B/koand")|" "$tmp/units/koand.service"
    printf '[Service]\nExecStart=/bin/true\n' >"$tmp/probe.service"
    if systemd-analyze verify --man=no "$tmp/probe.service" >/dev/null 2>&1; then
        out=$(cd "$tmp/units" && systemd-analyze verify --man=no ./*.service ./*.socket 2>&1) ||
            fail "systemd-analyze verify: $out"
        [ -z "$out" ] || fail "systemd-analyze verify warns: $out"
        echo "systemd-analyze verify: the units are clean"
    else
        skip_part "systemd-analyze cannot verify units here; unit syntax not checked"
    fi
else
    skip_part "no systemd-analyze (Debian package: systemd); unit syntax not checked"
fi

# inetd.conf: service socket-type protocol wait/nowait user path argv...
declare -A owner=([1060]=zen [8080]=calc [8081]=echo)
lines=0
while read -r svc type proto mode user path argv0 args; do
    case $svc in '' | '#'*) continue ;; esac
    lines=$((lines + 1))
    [ "$type $proto" = "stream tcp" ] || fail "inetd.conf $svc: want stream tcp, got $type $proto"
    [ "$path" = /usr/local/sbin/koand ] && [ "$argv0" = koand ] || fail "inetd.conf $svc: runs $path $argv0"
    case $mode in
    nowait) want=--inetd ;;
    wait) want=--inetd-wait ;;
    *) fail "inetd.conf $svc: $mode is neither wait nor nowait" ;;
    esac
    # shellcheck disable=SC2086
    set -- $args
    [ "$1" = "$want" ] || fail "inetd.conf $svc: a $mode line must run koand $want, not $1"
    "$B/koand" "$@" --version >/dev/null 2>&1 || fail "inetd.conf $svc: koand rejects: $args"
    port=${svc##*:}
    p=$(sed -n 's/.*-P \([a-z]*\).*/\1/p' <<<"$args")
    [ -z "${owner[$port]:-}" ] || [ -z "$p" ] || [ "$p" = "${owner[$port]}" ] ||
        fail "inetd.conf $svc: -P $p on ${owner[$port]}'s port"
    echo "inetd.conf: $svc $mode -> koand $args"
done <deploy/inetd.conf
[ $lines -ge 2 ] || fail "inetd.conf: want a nowait and a wait line"
grep -q '[[:space:]]nowait[[:space:]]' deploy/inetd.conf && grep -q '[[:space:]]wait[[:space:]]' deploy/inetd.conf ||
    fail "inetd.conf: want both a nowait and a wait line"

if command -v haproxy >/dev/null; then
    haproxy -c -q -f deploy/haproxy.cfg || fail "haproxy -c rejects deploy/haproxy.cfg"
    echo "haproxy -c: deploy/haproxy.cfg is valid"
else
    skip_part "no haproxy (Debian package: haproxy); deploy/haproxy.cfg not checked"
fi

# prometheus.yml: promtool accepts it, and it scrapes the port the metrics
# unit's table gives (README, docs/protocols.md §8).
if command -v promtool >/dev/null; then
    out=$(promtool check config deploy/prometheus.yml 2>&1) || fail "promtool check config: $out"
    echo "promtool check config: deploy/prometheus.yml is valid"
else
    echo "no promtool (Debian package: prometheus); deploy/prometheus.yml not checked"
fi
grep -q "127.0.0.1:$(sed -n 's/^ *\.port = \([0-9]*\),$/\1/p' proto/http.c)\"" deploy/prometheus.yml ||
    fail "deploy/prometheus.yml does not scrape the metrics unit's port"
