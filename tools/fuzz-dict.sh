#!/bin/sh
# tools/fuzz-dict.sh NAME: protocol NAME's libFuzzer dictionary on standard
# output: fuzz/NAME.dict as written, then every request and reply of the
# grammar's literal answers (gen/NAME_answers.h), each as a dictionary entry.
# The answers are C string literals; the escapes they may hold that a
# dictionary spells otherwise become \xNN.
set -eu
name=$1
[ -f "fuzz/$name.dict" ] && cat "fuzz/$name.dict"
if [ -f "gen/${name}_answers.h" ]; then
    echo "# The grammar's literal answers (gen/${name}_answers.h), added by make."
    sed -n 's/^ANSWER_ROW(\(".*"\), \(".*"\))$/\1\n\2/p' "gen/${name}_answers.h" |
        sed -e 's/\\n/\\x0a/g' -e 's/\\r/\\x0d/g' -e 's/\\t/\\x09/g' \
            -e 's/\\v/\\x0b/g' -e 's/\\f/\\x0c/g' -e "s/\\\\'/'/g"
fi
exit 0
