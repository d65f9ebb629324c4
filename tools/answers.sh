#!/bin/sh
# tools/answers.sh grammar/NAME.rl: the grammar's literal answers as a C
# table, for its oracle and tools. A literal answer is a line
#
#     'request bytes' @{ ANSWER("reply"); }
#
# (a leading '|' allowed): the request is a Ragel literal ('...' or
# "..."), the reply a C string. Each becomes ANSWER_ROW("request", "reply");
# the includer defines ANSWER_ROW. The grammar stays the one place the table
# is written; make writes the result into gen/NAME_answers.h and check-gen
# compares it. A line that starts with a literal and calls ANSWER( but is
# not of that shape stops the build, so no answer is left out unnoticed;
# ANSWER( elsewhere (a machine's catch-all reply) is no table row.
set -eu
g=$1
awk -v src="$g" '
BEGIN { sq = sprintf("%c", 39) }
/ANSWER\(/ {
    line = $0
    sub(/^[ \t]*([A-Za-z_][A-Za-z_0-9]*[ \t]*=)?[ \t]*\|?[ \t]*/, "", line)
    q = substr(line, 1, 1)
    if (q != sq && q != "\"") next
    # The Ragel literal: up to the next unescaped quote.
    lit = ""; i = 2
    while (i <= length(line)) {
        c = substr(line, i, 1)
        if (c == "\\") { lit = lit c substr(line, i + 1, 1); i += 2; continue }
        if (c == q) break
        lit = lit c; i++
    }
    rest = substr(line, i + 1)
    if (!match(rest, /^[ \t]*@\{[ \t]*ANSWER\(".*"\);[ \t]*\}/)) {
        bad = 1; print src ":" NR ": not a literal answer: " $0 > "/dev/stderr"; next
    }
    reply = rest
    sub(/^[ \t]*@\{[ \t]*ANSWER\(/, "", reply)
    sub(/\);[ \t]*\}.*$/, "", reply)
    # An escaped single quote needs no escape in C; a bare double one does.
    gsub(/\\\047/, sq, lit)
    out = ""
    for (j = 1; j <= length(lit); j++) {
        c = substr(lit, j, 1)
        if (c == "\\") { out = out c substr(lit, j + 1, 1); j++; continue }
        out = out (c == "\"" ? "\\\"" : c)
    }
    rows[++n] = "ANSWER_ROW(\"" out "\", " reply ")"
}
END {
    if (bad) exit 1
    print "/* Generated from " src " by tools/answers.sh: each literal request of"
    print " * the grammar and its reply. Do not edit; edit the grammar. */"
    for (k = 1; k <= n; k++) print rows[k]
}' "$g"
