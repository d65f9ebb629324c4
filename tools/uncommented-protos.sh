#!/bin/sh
# uncommented-protos.sh [HEADER...]: every exported prototype (a line that
# starts a declaration ending in ");" at file level, not static, not a
# typedef) whose line above is no comment. Prints FILE:LINE: TEXT for each
# and exits 1 if there is one, so a header cannot lose its documentation
# quietly. Default: runtime/*.h proto/*.h.
[ $# -gt 0 ] || set -- runtime/*.h proto/*.h
awk '
FNR == 1 { prev_kind = ""; depth = 0; incomment = 0; cont = 0 }
{
    line = $0
    # Track comment state so a block comment ending on the previous line counts.
    is_comment = (line ~ /^[ \t]*(\/\*|\*|\/\/)/) || incomment
    if (line ~ /\/\*/ && line !~ /\*\//) incomment = 1
    if (incomment && line ~ /\*\//) { incomment = 0; is_comment = 1 }
    if (cont) {
        kind = "comment"   # the continuation of a prototype: the next one may follow it
        cont = line !~ /;/
    } else if (depth == 0 && line ~ /^[A-Za-z_][A-Za-z_0-9 \t\*]*[ \t\*][a-z_][a-z_0-9]*\(/ \
        && line !~ /^(static|typedef|struct [a-z_]+ \{|enum|union|#|return)/) {
        if (prev_kind != "comment")
            { printf "%s:%d: %s\n", FILENAME, FNR, line; bad = 1 }
        kind = "proto"
        cont = line !~ /;/
    } else kind = is_comment ? "comment" : "other"
    n = gsub(/\{/, "{", line); m = gsub(/\}/, "}", line); depth += n - m
    prev_kind = kind
}
END { exit bad }
' "$@"
