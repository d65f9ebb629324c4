#!/bin/bash
# fuzz/seeds.sh [HARNESS...]: write the hand-made seeds of
# fuzz/corpus/<harness>/ (run from anywhere in the tree) from each harness's
# fuzz/<harness>.seeds (all of them by default): a protocol unit's seeds
# live with the unit, and this knows none of them. Files a .seeds does not
# name -- findings, inputs merged from campaigns -- are left alone. Each seed
# is a plan header (fuzz/plan.h) and a conversation, both in printf %b
# notation, written by the line `s NAME HEADER CONVERSATION`; a unit's
# seeds for the conn harness, by `conn_seed NAME HEADER CONVERSATION`.
set -e
cd "$(dirname "$0")/.."

# Plan headers: split mode, chunk parameter, max_line parameter.
WHOLE16='\x00\x00\x00'    # random chunks 1..16, EOF, default max_line, no budget
BYTES='\x02\x00\x00'      # one byte at a time
FIXED5='\x01\x04\x00'     # chunks of 5
NOEOF='\x04\x07\x00'      # random chunks, the peer never closes
BUDGET1='\x20\x03\x00'    # one reply per feed, as the runtime's budget
BUDGET2='\x43\x09\x00'    # two replies per feed, chunks 1..256
MAX8='\x10\x05\x07'       # max_line 8
MAX1='\x12\x00\x00'       # max_line 1, one byte at a time
MAX3B1='\x30\x02\x02'     # max_line 3, budget 1
export WHOLE16 BYTES FIXED5 NOEOF BUDGET1 BUDGET2 MAX8 MAX1 MAX3B1

units=("$@")
[ ${#units[@]} -gt 0 ] || units=($(for f in fuzz/*.seeds; do basename "$f" .seeds; done))
for unit in "${units[@]}"; do
    f=fuzz/$unit.seeds
    [ -f "$f" ] || { echo "seeds: no $f" >&2; exit 2; }
    mkdir -p "fuzz/corpus/$unit" fuzz/corpus/conn
    s() { # name header conversation
        printf '%b%b' "$2" "$3" >"fuzz/corpus/$unit/$1"
    }
    conn_seed() { # name header conversation
        printf '%b%b' "$2" "$3" >"fuzz/corpus/conn/$1"
    }
    # shellcheck disable=SC1090 # one per harness
    . "$f"
done
