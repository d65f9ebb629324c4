"""Model of calc and echo in Python 3, used once to write the expected replies
in tests/test_lines.c (run: python3 tests/py/rows.py). The tests never need Python."""
WS = '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680' + ''.join(chr(c) for c in range(0x2000, 0x200b)) + '\u2028\u2029\u202f\u205f\u3000'
INT_WS = set(' \t\n\x0b\x0c\r\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000' + ''.join(chr(c) for c in range(0x2000, 0x200b)))
def cstr(b):
    out = '"'
    for i, x in enumerate(b):
        if x == 0x22 or x == 0x5c: out += '\\' + chr(x)
        elif 0x20 <= x < 0x7f:
            # a hex escape must not swallow a following hex digit
            if out.endswith('"\"') is False and len(out) > 1 and out[-4:-2] == '\\x' and chr(x) in '0123456789abcdefABCDEF':
                out += '""'
            out += chr(x)
        else: out += '\\x%02x' % x
    return out + '"'
def decode(b):
    return b.decode('utf-8', 'surrogateescape')
def rep(s):
    r = ascii(s)
    # lone surrogates from surrogateescape are invalid bytes: \udcNN -> \xNN
    import re
    return re.sub(r'\\udc([89a-f][0-9a-f])', lambda m: '\\x' + m.group(1), r)
def echo_reply(line):
    s = decode(line)
    s = s.rstrip()
    return b'connection closed\r\n' if s == 'quit' else ('Echoed: ' + rep(s) + '\r\n').encode()
def calc_field(f):
    # docs/protocols.md §2: int() whitespace minus 0x1c-0x1f; ASCII digits only
    t = f
    while t and t[0] in INT_WS: t = t[1:]
    while t and t[-1] in INT_WS: t = t[:-1]
    import re
    if not re.fullmatch(r'[+-]?[0-9]+(_[0-9]+)*', t): raise ValueError
    return int(t)
def calc_replies(lines):
    out = [b'<welcome: starting in sum mode>\n']; mode = 'sum'
    for line in lines:
        try: s = decode(line); s.encode('utf-8')
        except Exception: out.append(b'ERROR. Enter only integers separated by commas\n'); continue
        c = s.rstrip()
        if c == 'quit': out.append(b'connection closed\r\n'); break
        if c in ('sum', 'product'):
            mode = c; out.append(('<switching to %s mode>\r\n' % c).encode()); continue
        try: vals = [calc_field(f) for f in c.split(',')]
        except ValueError: out.append(b'ERROR. Enter only integers separated by commas\n'); continue
        if mode == 'sum': t = sum(vals)
        else:
            t = 1
            for v in vals: t *= v
        out.append((("Sum" if mode == 'sum' else "Product") + " of input integers: '%d'\r\n" % t).encode())
    return b''.join(out)
def c(b):
    out = '"'; prev_hex = False
    for x in b:
        ch = chr(x)
        if ch == '\n': out += '\\n'; prev_hex = False
        elif ch == '\r': out += '\\r'; prev_hex = False
        elif ch == '\t': out += '\\t'; prev_hex = False
        elif ch in '"\\': out += '\\' + ch; prev_hex = False
        elif 0x20 <= x < 0x7f:
            if prev_hex and ch in '0123456789abcdefABCDEF': out += '""'
            out += ch; prev_hex = False
        else: out += '\\x%02x' % x; prev_hex = True
    return out + '"'
# --- calc: each case is a conversation (list of lines) and whether the last has LF
calc_cases = [
  ('spec examples', [b'1,2', b'  +5 , -5', b'1_000,2', b'007'], True),
  ('invalid fields', [b'', b'1,,2', b'1__0', b'_1', b'1_', b'+', b'1 2', b'0x10', b'1,', b',1', b'--1', b'+-1', b'1_0_0'], True),
  ('big arithmetic', [b'99999999999999999999,1', b'-99999999999999999999,99999999999999999999', b'-0', b'-0,-0', b'0,-5', b'123456789012345678901234567890,-1'], True),
  ('modes', [b'2,3,4', b'product', b'2,3,4', b'-2,3', b'0,99', b'sum', b'2,3,4', b'product', b'99999999999,99999999999,99999999999'], True),
  ('words exact', [b'quit ', b'x'], True),
  ('word case', [b'Sum', b'PRODUCT', b' sum', b'sum x', b'sum\t', b'product\r', b'Quit'], True),
  ('crlf and whitespace', [b'1,2\r', b'3 ,\t4 \r', b'5\x1c', b'6\x1c\x1d \x1f', b'1\x1c,2', b'7\xc2\xa0', b'\xc2\xa08', b'\xe3\x80\x809\xe3\x80\x80', b'1\xe2\x80\x8b', b'\xe2\x80\x8a10'], True),
  ('non-ascii and invalid utf8', [b'\xd9\xa3', b'1\xff', b'\xc0\xa0', b'1,\xc2', b'\x00', b'1\x002'], True),
  ('last line without LF', [b'1,2', b'3,4'], False),
  ('quit then more', [b'1,1', b'quit', b'2,2', b'sum'], True),
  ('19 20 38 39 digits', [b'9'*19 + b',1', b'9'*20 + b',1', b'1' + b'0'*37 + b',-1', b'1'*39 + b',' + b'1'*39, b'product', b'9'*19 + b',' + b'9'*19, b'-' + b'9'*38 + b',' + b'9'*38], True),
  ('int64 edges', [b'9223372036854775807,1', b'-9223372036854775808,-1', b'-9223372036854775807,-1', b'9223372036854775808,0', b'product', b'3037000500,3037000500', b'-9223372036854775808,1', b'4294967296,4294967296,-1', b'18446744073709551615,18446744073709551615'], True),
  ('100-digit numbers', [b'1234567890'*10 + b',' + b'9876543210'*10, b'-' + b'1234567890'*10 + b',' + b'1234567890'*10, b'product', b'1234567890'*10 + b',' + b'9876543210'*10, b'-' + b'9'*100 + b',' + b'9'*100], True),
]
# --- echo
echo_cases = [
  ('spec examples', [b'hello', b"it's", '\u00e9\u4e2d'.encode(), b''], True),
  ('quotes and backslash', [b'say "hi"', b'it\'s "both"', b'back\\slash', b"'", b'"', b'\'"\'', b'\\\''], True),
  ('controls', [bytes(range(0, 10)) + bytes(range(11, 32)) + b'\x7f' + b'x'], True),
  ('trailing whitespace', [b'a \t\r', b'a\x0b\x0c\x1c\x1d\x1e\x1f', b'a\xc2\x85\xc2\xa0', b'a\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xa8\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80', b'   ', b'\t', b'a\xe2\x80\x8b'], True),
  ('inner whitespace kept', [b'a \tb', b'a\xc2\xa0b', b'\xe3\x80\x80a', b' a'], True),
  ('every utf8 length', [b'\x41\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf', '\u00ff\u0100\uffff\U00010000\U0010ffff'.encode()], True),
  ('invalid sequences', [b'\x80', b'\xbf\x80', b'\xc0\x80', b'\xc1\xbf', b'\xe0\x80\x80', b'\xf0\x80\x80\x80', b'\xed\xa0\x80', b'\xed\xbf\xbf', b'\xf4\x90\x80\x80', b'\xf5\x80', b'\xff\xfe', b'\xe4\xb8', b'\xe4\xb8A', b'\xe4\xe4\xb8\xad', b'\xf0\x9f\x98', b'\xf0\x9f\x98\x80', b'\xc2', b'a\xc2 '], True),
  ('quit', [b'x', b'quit\t\r', b'never'], True),
  ('not quit', [b'quit!', b' quit', b'QUIT', b'quitt'], True),
  ('last line without LF', [b'a', "\u00e9".encode()], False),
  ('unfinished utf8 at close', [b'a\xe4\xb8'], False),
]
def conv(lines, lf):
    data = b'\n'.join(lines) + (b'\n' if lf else b'')
    return data
print('/* Generated once from Python 3 (int(), ascii(), str.rstrip()); checked in as literals. */')
print('static const struct row calc_rows[] = {')
for name, lines, lf in calc_cases:
    data = conv(lines, lf)
    print('    ROW(%s,\n        %s,\n        %s),' % (c(name.encode()), c(data), c(calc_replies(lines))))
print('};')
print('static const struct row echo_rows[] = {')
for name, lines, lf in echo_cases:
    data = conv(lines, lf)
    out = []
    for l in lines:
        r = echo_reply(l); out.append(r)
        if r == b'connection closed\r\n': break
    print('    ROW(%s,\n        %s,\n        %s),' % (c(name.encode()), c(data), c(b''.join(out))))
print('};')
