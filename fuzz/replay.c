/* Corpus replay: run every file of a harness's corpus (or the files and
 * directories named on the command line) through the same checks the
 * fuzzer makes, without libFuzzer, as a regression test. Prints cmocka's
 * summary lines, which tests/run.sh counts: one test per file. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz/harness.h"

#ifndef FUZZ_CORPUS
#define FUZZ_CORPUS "fuzz/corpus"
#endif

/* The file's bytes in a block of their exact size, as libFuzzer gives them. */
static uint8_t *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct stat st;
    uint8_t *d = NULL;
    if (fstat(fileno(f), &st) == 0 && (d = malloc(st.st_size ? (size_t)st.st_size : 1))) {
        *n = fread(d, 1, (size_t)st.st_size, f);
        if (*n != (size_t)st.st_size) {
            free(d);
            d = NULL;
        }
    }
    fclose(f);
    return d;
}

static int is_file(const struct dirent *e) { return e->d_name[0] != '.'; }

/* Replay one file; returns 1 if it failed, after noting it in failed. */
static int replay_file(const char *path, int *passed, char *failed, size_t flen)
{
    size_t n = 0;
    uint8_t *d = read_file(path, &n);
    int bad = !d || fuzz_one(d, n) < 0;
    free(d);
    if (!bad) {
        ++*passed;
        return 0;
    }
    size_t used = strlen(failed);
    snprintf(failed + used, flen - used, "[  FAILED  ] %s\n", path);
    return 1;
}

/* Replay a file, or every file of a directory; returns the number of
 * failures, counting one for a path that cannot be read. */
static int replay_path(const char *path, int *passed, char *failed, size_t flen)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
        return replay_file(path, passed, failed, flen);
    struct dirent **names;
    int k = scandir(path, &names, is_file, alphasort);
    if (k < 0) {
        perror(path);
        return 1;
    }
    int fails = 0;
    for (int i = 0; i < k; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
        fails += replay_file(file, passed, failed, flen);
        free(names[i]);
    }
    free(names);
    return fails;
}

int main(int argc, char **argv)
{
    static char failed[1 << 16];
    int passed = 0, fails = 0;
    if (argc < 2)
        fails += replay_path(FUZZ_CORPUS, &passed, failed, sizeof failed);
    for (int i = 1; i < argc; i++)
        fails += replay_path(argv[i], &passed, failed, sizeof failed);
    printf("[==========] corpus replay (%s): %d files\n", argc < 2 ? FUZZ_CORPUS : argv[1],
           passed + fails);
    printf("[  PASSED  ] %d tests.\n", passed);
    if (fails) {
        printf("[  FAILED  ] %d tests, listed below:\n%s", fails, failed);
        return 1;
    }
    return 0;
}
