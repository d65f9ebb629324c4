# scratch_tree DIR: a copy of the tree as it stands (committed or not,
# deleted files left out) in DIR, made a git repository of its own with one
# commit, so a test can change it and ask git what changed. The normal
# build's objects come along (build/, when there is one, without its asan, libfuzzer and release builds), so a make there
# compiles only what the test changed. Sourced after lib.bash.
scratch_tree() {
    # make there is a newcomer's make, whatever make runs this test (the
    # ASan pass hands its B and CFLAGS down in MAKEFLAGS).
    unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
    local dir=$1 root
    root=$(pwd)
    mkdir -p "$dir"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
        tar -C "$root" --null -T - -cf - | tar -C "$dir" -xf -
    (cd "$dir" && git init -q && git add -A && git -c user.name=t -c user.email=t@t \
        commit -qm scratch) || fail "cannot make a scratch git tree"
    [ -d "$root/build" ] && tar -C "$root" --exclude=build/asan --exclude=build/libfuzzer \
        --exclude=build/release -cf - build | tar -C "$dir" -xf -
    # Objects whose sources are newer than they are get remade as usual.
    # From here on the test's programs are the scratch tree's.
    export B=build
    return 0
}
