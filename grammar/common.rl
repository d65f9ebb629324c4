# Pieces shared by the protocol grammars. Included by zen.rl, calc.rl and
# echo.rl; every machine runs over unsigned bytes.
%%{
machine common;

# A question may be preceded by the whitespace a person's terminal sends.
zen_space = [ \t\r\n];

# Line framing, as Python's universal newlines read lines: a line ends at
# LF, at CR LF, or at a lone CR; its content is every byte before its line
# end. A line's reply goes on its line end's first byte (`eol >reply`), so
# a lone CR is answered as it arrives, not when the next byte shows there
# is no LF. An LF right after a CR is no line end of its own, also when the
# two arrive in different reads: its continuation outranks (priority crlf)
# the start of a new line, which a line protocol's main marks >(crlf, 1).
eol = '\n' | '\r' ( '\n' >(crlf, 2) )?;
content = [^\r\n];

# Whitespace outside ASCII that Python's str.isspace() accepts, as UTF-8:
# U+0085 U+00A0 U+1680 U+2000-U+200A U+2028 U+2029 U+202F U+205F U+3000.
uspace = 0xc2 0x85 | 0xc2 0xa0
       | 0xe1 0x9a 0x80
       | 0xe2 0x80 ( 0x80..0x8a | 0xa8 | 0xa9 | 0xaf )
       | 0xe2 0x81 0x9f
       | 0xe3 0x80 0x80;

# Whitespace Python's int() skips around a number (a line end never reaches
# a line's content, so neither CR nor LF is here).
int_space = [ \t\v\f] | uspace;

# Whitespace str.rstrip() removes: int()'s, plus the separators 0x1c-0x1f.
strip_space = int_space | 0x1c..0x1f;

# The request word every line protocol has.
word_quit = 'quit';

# UTF-8, strictly: no overlongs, no surrogates, nothing above U+10FFFF.
cont = 0x80..0xbf;
utf8_1 = 0x00..0x7f;
utf8_2 = 0xc2..0xdf cont;
utf8_3 = 0xe0 0xa0..0xbf cont
       | ( 0xe1..0xec | 0xee..0xef ) cont cont
       | 0xed 0x80..0x9f cont;
utf8_4 = 0xf0 0x90..0xbf cont cont
       | 0xf1..0xf3 cont cont cont
       | 0xf4 0x80..0x8f cont cont;
utf8_char = utf8_1 | utf8_2 | utf8_3 | utf8_4;
# A byte that can start no UTF-8 sequence at all.
utf8_stray = 0x80..0xc1 | 0xf5..0xff;
}%%
