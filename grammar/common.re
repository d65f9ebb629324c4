/* Classes shared by the re2c oracles (calc.re, echo.re, lines.re), written
 * as Unicode code points from docs/protocols.md §2 and §3; re2c's UTF-8 encoder
 * turns them into byte sequences, so nothing here is a hand-made byte range.
 * Included by the files that use them; generates no code of its own. */
/*!re2c
    // Every Unicode scalar value: well-formed UTF-8 is a run of these, and
    // re2c encodes them in shortest form only (no overlongs, no surrogates).
    scalar = [\x00-\uD7FF\uE000-\U0010FFFF];

    // Python's str.isspace(), which str.rstrip() strips.
    strip_space = [\t\n\x0B\x0C\r\x1C-\x1F \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000];

    // The whitespace docs/protocols.md §2 lets surround an int() field: the above without
    // the separators 0x1C-0x1F.
    int_space = [\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000];
*/
