#!/bin/sh
# Install the Debian packages koan builds and tests with, if any is missing.
# Used by `make run`, `make check` and .ci/run so a fresh machine needs no
# manual step. Pass extra package names to install those too.
set -e
need=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_hdr() { [ -f "/usr/include/$1" ] || [ -f "/usr/include/x86_64-linux-gnu/$1" ]; }
have_cmd cc || need="$need gcc"
have_cmd make || need="$need make"
have_cmd ragel || need="$need ragel"
have_cmd re2c || need="$need re2c"
# check-gen redraws the diagrams to compare them with docs/.
have_cmd dot || need="$need graphviz"
have_cmd pkg-config || need="$need pkg-config"
have_hdr gmp.h || need="$need libgmp-dev"
have_hdr cmocka.h || need="$need libcmocka-dev"
# tests/prometheus.sh reads --metrics with the real tools.
have_cmd prometheus || need="$need prometheus"
have_cmd curl || need="$need curl"
/usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1 || need="$need python3-prometheus-client"
for p in "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "install-deps: installing$need" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
