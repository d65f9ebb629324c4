#!/bin/bash
# Write the hand-made seeds of fuzz/corpus/<harness>/ (run from the
# repository root). Files it does not name -- findings, inputs merged from
# campaigns -- are left alone. Each seed is a plan header (fuzz/plan.h) and
# a conversation, both in printf %b notation.
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

seed() { # harness name header conversation
    printf '%b%b' "$3" "$4" >"fuzz/corpus/$1/$2"
}

mkdir -p fuzz/corpus/zen fuzz/corpus/calc fuzz/corpus/echo fuzz/corpus/conn

# zen (SPEC 1)
z() { seed zen "$@"; }
z spec-beautiful "$WHOLE16" 'Beautiful is better than?'
z spec-explicit "$BYTES" 'Explicit is better than?'
z spec-simple "$FIXED5" 'Simple is better than?'
z spec-unknown "$WHOLE16" 'Who?'
z spec-pipelined "$WHOLE16" 'Beautiful is better than?Simple is better than?Who?'
z spec-pipelined-budget "$BUDGET1" 'Beautiful is better than?Explicit is better than?Simple is better than?Who??'
z spec-telnet-whitespace "$BYTES" ' \t\r\nBeautiful is better than?\r\nExplicit is better than?\r\n'
z spec-unfinished-at-close "$WHOLE16" 'Simple is better than?Explicit is bet'
z unfinished-no-eof "$NOEOF" 'Beautiful is better than?  Beautiful is better than'
z lone-question-mark "$BYTES" '?'
z question-marks "$WHOLE16" '???? ? ?'
z inner-space "$WHOLE16" 'Beautiful  is better than?'
z space-before-mark "$WHOLE16" 'Beautiful is better than ?'
z lowercase "$WHOLE16" 'beautiful is better than?'
z near-miss-prefix "$FIXED5" 'Beautiful is better?Explicit?Simple is?'
z near-miss-longer "$WHOLE16" 'Beautiful is better than!?Beautiful is better thanx?Simple is better than??'
z vertical-tab-not-space "$WHOLE16" '\x0bSimple is better than?\x0cExplicit is better than?'
z nul-and-binary "$BYTES" '\x00\xff?\x00\x01\x02Beautiful is better than?'
z telnet-iac "$WHOLE16" '\xff\xfb\x01\xff\xfd\x03Who?'
z lone-cr "$WHOLE16" '\rBeautiful is better than?\r'
z utf8-question "$WHOLE16" '\xc3\xa9t\xc3\xa9?\xe4\xb8\xad?'
z http-get "$WHOLE16" 'GET / HTTP/1.0\r\n\r\n'
z whitespace-only "$WHOLE16" ' \t\r\n \t\r\n'
z empty "$WHOLE16" ''
z long-unknown "$(printf '%s' '\x03\x00\x00')" "$(printf 'x%.0s' $(seq 600))?Beautiful is better than?"
z newline-inside "$WHOLE16" 'Beautiful is\nbetter than?Simple is better than?\n'
z answers-everywhere "$BUDGET2" 'Ugly.?Implicit.?Complex.?Error: unknown aphorism.?'

# calc (SPEC 2, 4)
c() { seed calc "$@"; }
c spec-valid "$WHOLE16" '1,2\n  +5 , -5\n1_000,2\n007\n'
c spec-invalid "$BYTES" '\n1,,2\n1__0\n_1\n1_\n+\n1 2\n0x10\n'
c spec-big-sum "$WHOLE16" '99999999999999999999,1\n'
c spec-modes "$FIXED5" 'product\n2,3,4\n-2,3\nsum\n2,3,4\n'
c spec-quit "$WHOLE16" '1,1\nquit\n2,2\n'
c spec-quit-trailing-space "$BYTES" 'quit \r\nnever\n'
c spec-words-case "$WHOLE16" 'Sum\nPRODUCT\n sum\nsum x\nsum\t\nproduct\r\nQuit\n'
c spec-last-line-at-close "$WHOLE16" '1,2\n3,4'
c last-line-no-eof "$NOEOF" '1,2\n3,4'
c quit-at-close "$WHOLE16" '5\nquit'
c spec-invalid-utf8 "$WHOLE16" '\xff\n1\xc0\xa0\n1,\xc2\n\xed\xa0\x80\n'
c spec-non-ascii-digit "$WHOLE16" '\xd9\xa3\n\xef\xbc\x91\n'
c unicode-space-around-fields "$BYTES" '\xe3\x80\x809\xe3\x80\x80\n7\xc2\xa0\n\xc2\xa0''8\n\xe2\x80\x8a10, \xc2\x85-3\n'
c separators-strip-not-int "$WHOLE16" '5\x1c\n6\x1c\x1d \x1f\n1\x1c,2\n\x1f1\n'
c zero-width-space-not-space "$WHOLE16" '1\xe2\x80\x8b\n'
c crlf "$FIXED5" '1,2\r\n3 ,\t4 \r\n\r\n'
c vt-ff-around "$WHOLE16" '\x0b1\x0c,\x0c2\x0b\n'
c negative-zero "$WHOLE16" '-0\n-0,-0\n0,-5\nproduct\n-0\n-1,0\n'
c int64-edges "$BUDGET2" '9223372036854775807,1\n-9223372036854775808,-1\nproduct\n3037000500,3037000500\n-9223372036854775808,-1\n4294967296,4294967296,-1\n'
c hundred-digits "$WHOLE16" '1234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890,9876543210987654321098765432109876543210987654321098765432109876543210987654321098765432109876543210\nproduct\n-99999999999999999999,99999999999999999999,1_0\n'
c digit-runs-19-20 "$BYTES" '9999999999999999999,1\n99999999999999999999,1\n0000000000000000000000000001\n'
c underscores "$WHOLE16" '1_0_0\n1__0\n_1\n1_\n+_1\n1_,2\n'
c signs "$WHOLE16" '+1\n-1\n--1\n+-1\n- 1\n1-\n+\n-\n'
c max-line-exact "$MAX8" '12345678\n123456789\n1,2\n'
c max-line-crlf-counts "$MAX8" '1234567\r\n12345678\r\n5\n'
c max-line-at-close "$MAX8" '123456789012'
c max-line-quit-too-long "$MAX8" 'quit    x\nquit\n'
c max-line-one "$MAX1" '1\n12\n\n3'
c max-line-budget "$MAX3B1" '1\n1234\n2\n3\n45678\n4\n'
c budget-one "$BUDGET1" '1\n2\nsum\nproduct\nx\n3,4\n'
c nul-bytes "$WHOLE16" '\x00\n1\x002\n\x00'
c http-post "$WHOLE16" 'POST / HTTP/1.1\r\nHost: x\r\n\r\n1,2\n'
c many-empty-lines "$BUDGET2" '\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n1\n'
c product-growth "$WHOLE16" 'product\n99999999999,99999999999,99999999999\n9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9,9\n'

# echo (SPEC 3, 4)
e() { seed echo "$@"; }
e spec-examples "$WHOLE16" 'hello\nit'"'"'s\n\xc3\xa9\xe4\xb8\xad\n\n'
e spec-quotes "$BYTES" 'say "hi"\nit'"'"'s "both"\nback\\slash\n'"'"'\n"\n'"'"'"'"'"'\n\\'"'"'\n'
e spec-controls "$WHOLE16" '\x00\x01\x02\x07\x08\t\x0b\x0c\r\x0e\x1b\x1c\x1f\x7fx\n'
e spec-trailing-whitespace "$WHOLE16" 'a \t\r\na\x0b\x0c\x1c\x1d\x1e\x1f\na\xc2\x85\xc2\xa0\na\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80\n   \n\t\na\xe2\x80\x8b\n'
e spec-inner-whitespace "$FIXED5" 'a \tb\na\xc2\xa0b\n\xe3\x80\x80a\n a\n'
e spec-utf8-lengths "$BYTES" 'A\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\n\xc3\xbf\xc4\x80\n'
e spec-invalid-sequences "$WHOLE16" '\x80\n\xbf\x80\n\xc0\x80\n\xc1\xbf\n\xe0\x80\x80\n\xf0\x80\x80\x80\n\xed\xa0\x80\n\xed\xbf\xbf\n\xf4\x90\x80\x80\n\xf5\x80\n\xff\xfe\n\xe4\xb8\n\xe4\xb8A\n\xe4\xe4\xb8\xad\n\xf0\x9f\x98\n\xf0\x9f\x98\x80\n\xc2\na\xc2 \n'
e invalid-then-space "$WHOLE16" '\xe2\x80 \n\xe2\xe2\x80\x80\nx\xe3\x80\n'
e spec-quit "$WHOLE16" 'x\nquit\t\r\nnever\n'
e spec-not-quit "$BYTES" 'quit!\n quit\nQUIT\nquitt\nquit\xc2\n'
e quit-unicode-space "$WHOLE16" 'quit\xe3\x80\x80\xc2\xa0\nafter\n'
e spec-last-line-at-close "$WHOLE16" 'a\n\xc3\xa9'
e spec-unfinished-utf8-at-close "$BYTES" 'a\xe4\xb8'
e last-line-no-eof "$NOEOF" 'a\nbcd'
e quit-at-close "$WHOLE16" 'x\nquit'
e max-line-exact "$MAX8" 'abcdefgh\nabcdefghi\nquit\n'
e max-line-invalid-bytes "$MAX8" '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\nx\n'
e max-line-twice "$MAX8" 'abcdefghijklmnopqrstuvwxyz\nabcdefghijklmnopqrstuvwxyz\n'
e max-line-one "$MAX1" 'a\nab\n\n\xc3\xa9\nb'
e max-line-budget "$MAX3B1" 'a\nabcd\nb\nc\ndefgh\nd\n'
e budget-one "$BUDGET1" 'a\nb\nc\nd\ne\n'
e budget-two "$BUDGET2" 'a\nb\nc\nd\ne\nquit\nf\n'
e backslashes "$WHOLE16" '\\\\\n\\x41\n\\u1234\n'
e high-planes "$WHOLE16" '\xf0\x9f\x98\x80\xf3\xa0\x80\x81\xf4\x8f\xbf\xbf\xef\xbf\xbe\xee\x80\x80\n'
e c1-controls "$WHOLE16" '\xc2\x80\xc2\x9f\xc2\xad\xc2\xa0x\n'
e telnet-iac "$WHOLE16" '\xff\xfb\x01hi\n'
e http-get "$WHOLE16" 'GET / HTTP/1.0\r\n\r\n'
e empty-lines "$WHOLE16" '\n\n\r\n \n'

# conn: the runtime over a socketpair. Header byte 3: protocol (0 zen,
# 1 calc, 2 echo), bit 2 poll backend, bit 3 small socket buffers, bits 4-7
# --max-output as a power of two (0 = default). Byte 4: the compute pool
# (fuzz/fuzz_conn.c): bits 0-1 when jobs run (0 every turn, 1 now and
# then, 2 once the client has sent all, 3 when nothing else moves), bits
# 2-3 calc's costly threshold (0 1024 digits, 1 one, 2 eight, 3 forty),
# bit 4 the client leaves once all is sent, bit 5 the shutdown deadline.
n() { seed conn "$@"; }
n zen-pipelined '\x00\x00\x00\x00\x00' 'Beautiful is better than?Simple is better than?Who?'
n zen-bytes-poll '\x02\x00\x00\x04\x00' ' Explicit is better than?\r\nWho?Simple'
n zen-tiny-output '\x01\x07\x00\x18\x00' 'Beautiful is better than?Explicit is better than?Simple is better than?????????????????????'
n zen-lazy-reader '\x04\x00\x00\x28\x00' '????????????????????????????????????????????????????????????'
n calc-spec '\x00\x00\x00\x01\x00' '1,2\n  +5 , -5\n1_000,2\n007\nproduct\n2,3\n'
n calc-quit-midway '\x00\x03\x00\x05\x00' '1\nquit\n2\n3\n'
n calc-last-line-at-close '\x02\x00\x00\x01\x00' '1,2\n3,4'
n calc-max-line '\x10\x05\x07\x09\x00' '123456789\n1,2\n12345678\n'
n calc-many-lines-budget '\x03\x11\x00\x01\x00' '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n31\n32\n33\n34\n'
n calc-backpressure '\x04\x00\x00\x19\x00' '\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n'
n calc-http-guard '\x00\x00\x00\x01\x00' 'GET / HTTP/1.0\r\n\r\n'
n calc-host-guard-split '\x02\x00\x00\x01\x00' 'Host: example\r\n'
n calc-get-too-short '\x00\x00\x00\x01\x00' 'GET'
n echo-spec '\x00\x00\x00\x02\x00' 'hello\nit'"'"'s\n\xc3\xa9\xe4\xb8\xad\n\n'
n echo-quit '\x01\x02\x00\x06\x00' 'a\nquit\nb\n'
n echo-tls-guard '\x00\x00\x00\x02\x00' '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'
n echo-post-guard '\x01\x01\x00\x0a\x00' 'POST /x HTTP/1.1\r\n'
n echo-head-not-guard '\x00\x00\x00\x02\x00' 'HEAD\n'
n echo-max-line-poll '\x10\x00\x03\x06\x00' 'abcdefgh\nab\n\xff\xff\xff\xff\xff\n'
n zen-unfinished-at-close '\x00\x00\x00\x00\x00' 'Simple is better than?Explicit is bet'
n zen-long-question-bytes '\x02\x00\x00\x08\x00' "$(printf 'y%.0s' $(seq 300))?Simple is better than?"
n calc-unicode-spaces '\x01\x02\x00\x05\x00' '\xe3\x80\x809\xe3\x80\x80\n7\xc2\xa0\n1\x1c,2\n\xff\n'
n calc-quit-at-close '\x00\x00\x00\x09\x00' '5\nquit'
n calc-big-product-tiny-output '\x03\x00\x00\x21\x00' 'product\n99999999999999999999,99999999999999999999,99999999999999999999\n'
n echo-invalid-utf8-small-bufs '\x02\x00\x00\x0e\x00' '\xe4\xb8\n\xf0\x9f\x98\x80\n\xed\xa0\x80\n\xc2 \n'
n echo-quit-at-close-lazy '\x04\x00\x00\x12\x00' 'a\nb\nquit'
n echo-budget-leftover '\x03\x20\x00\x02\x00' "$(printf 'l%d\\n' $(seq 60))"
n echo-small-bufs '\x03\x00\x00\x1a\x00' "$(printf 'line %d\\n' $(seq 200))"
# The WAITING state: lines past 64 bits are costly at a low threshold.
BIG='product\n12345678901234567890123,98765432109876543210,-3\n1,2\n'
n calc-costly-at-once '\x00\x00\x00\x01\x04' "$BIG"'sum\n99999999999999999999,1\n5\n'
n calc-costly-bytes-late '\x02\x00\x00\x01\x06' "$BIG"
n calc-costly-idle-small-bufs '\x03\x05\x00\x28\x07' "$BIG$BIG$BIG"
n calc-costly-sometimes-poll '\x01\x03\x00\x04\x05' "$BIG"'9999999999999999999999,x\n7\n'
n calc-costly-last-line-at-close '\x00\x00\x00\x01\x0a' 'product\n11111111111111111111111,22222222222222222222'
n calc-costly-too-long '\x18\x05\x27\x01\x04' '12345678901234567890123,45,99999999999999999999999999999\n3,4\n'
n calc-costly-client-leaves '\x00\x00\x00\x19\x16' "$BIG$BIG"
n calc-costly-deadline '\x00\x00\x00\x0a\x26' "$BIG$BIG"
n calc-costly-maximal '\x03\x00\x00\x01\x00' "product\n$(printf '123456789012345678901234567890123456789012345678901234567890,%.0s' $(seq 1069))1\n2,3\n"
