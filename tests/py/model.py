"""Python 3's reading of calc and echo (docs/protocols.md §2-§4), to check a
table test kept as data (tests/rows/NAME.rows) against Python itself:

    python3 tests/py/model.py tests/rows/calc.rows tests/rows/echo.rows

It frames lines with universal newlines (LF, CR LF, lone CR), measures them
against --max-line, and answers each as the reference servers did, with
koan's documented differences: int() skips no 0x1c-0x1f and takes only
ASCII digits; a line that is not UTF-8 is an ERROR (calc) or its bad bytes
are shown as \\xNN one by one (echo). Every row whose replies differ from
the model's is printed; the exit status is 1 if any does. make check never
needs Python: the rows hold the replies as literals."""
import re
import sys
WS = set('\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680' + ''.join(chr(c) for c in range(0x2000, 0x200b)) + '\u2028\u2029\u202f\u205f\u3000')
INT_WS = WS - set('\x1c\x1d\x1e\x1f')
W = b'<welcome: starting in sum mode>\n'
ERR = b'ERROR. Enter only integers separated by commas\n'
def cunescape(tok):
    s = tok[1:-1]; out = bytearray(); i = 0
    while i < len(s):
        c = s[i]
        if c != '\\': out += c.encode('latin-1'); i += 1; continue
        n = s[i+1]
        if n == 'x':
            j = i + 2; h = ''
            while j < len(s) and len(h) < 2 and s[j] in '0123456789abcdefABCDEF': h += s[j]; j += 1
            out.append(int(h, 16)); i = j; continue
        if n in '01234567':
            j = i + 1; o = ''
            while j < len(s) and len(o) < 3 and s[j] in '01234567': o += s[j]; j += 1
            out.append(int(o, 8)); i = j; continue
        out += {'n': b'\n', 'r': b'\r', 't': b'\t', '\\': b'\\', '"': b'"', "'": b"'", 'v': b'\x0b', 'f': b'\x0c', 'a': b'\x07', 'b': b'\x08', '0': b'\0', '?': b'?'}[n]
        i += 2
    return bytes(out)
def frame(data, universal):
    """[(content, terminated)] as koan frames data (universal: CR too)."""
    lines = []; i = 0; start = 0
    while i < len(data):
        c = data[i]
        if c == 0x0a or (universal and c == 0x0d):
            lines.append((data[start:i], True))
            i += 1
            if universal and c == 0x0d and i < len(data) and data[i] == 0x0a: i += 1
            start = i
        else:
            i += 1
    if start < len(data): lines.append((data[start:], False))
    return lines
def strict(b):
    try: return b.decode('utf-8')
    except UnicodeDecodeError: return None
def rstrip(s):
    while s and s[-1] in WS: s = s[:-1]
    return s
def field(f):
    t = f
    while t and t[0] in INT_WS: t = t[1:]
    while t and t[-1] in INT_WS: t = t[:-1]
    if not re.fullmatch(r'[+-]?[0-9]+(_[0-9]+)*', t): raise ValueError
    return int(t)
def calc(data, universal, max_line, eof=True):
    out = [W]; mode = 'sum'
    for content, term in frame(data, universal):
        if len(content) > max_line: out.append(b'ERROR. Line too long\n'); continue
        if not term and not eof: break
        s = strict(content)
        if s is None: out.append(ERR); continue
        c = rstrip(s)
        if c == 'quit': out.append(b'connection closed\r\n'); break
        if c in ('sum', 'product'): mode = c; out.append(('<switching to %s mode>\r\n' % c).encode()); continue
        try: vals = [field(f) for f in c.split(',')]
        except ValueError: out.append(ERR); continue
        t = 0 if mode == 'sum' else 1
        for v in vals: t = t + v if mode == 'sum' else t * v
        out.append((("Sum" if mode == 'sum' else "Product") + " of input integers: '%d'\r\n" % t).encode())
    return b''.join(out)
def rep(s):
    # ascii(), with the bytes surrogateescape kept as \xNN, one per byte
    q = '"' if ("'" in s and '"' not in s) else "'"
    out = q
    for ch in s:
        o = ord(ch)
        if 0xdc80 <= o <= 0xdcff: out += '\\x%02x' % (o - 0xdc00)
        elif ch == q or ch == '\\': out += '\\' + ch
        elif ch == '\t': out += '\\t'
        elif ch == '\n': out += '\\n'
        elif ch == '\r': out += '\\r'
        elif o < 0x20 or o == 0x7f or 0x80 <= o <= 0xff: out += '\\x%02x' % o
        elif o < 0x80: out += ch
        elif o <= 0xffff: out += '\\u%04x' % o
        else: out += '\\U%08x' % o
    return out + q
def echo(data, universal, max_line, eof=True):
    out = []
    for content, term in frame(data, universal):
        if len(content) > max_line: out.append(b'ERROR. Line too long\r\n'); continue
        if not term and not eof: break
        s = rstrip(content.decode('utf-8', 'surrogateescape'))
        if s == 'quit': out.append(b'connection closed\r\n'); break
        out.append(('Echoed: ' + rep(s) + '\r\n').encode())
    return b''.join(out)

def words(line):
    """A rows line's C strings and names, in order."""
    return re.findall(r'"(?:[^"\\]|\\.)*"|[A-Za-z_]\w*', line)


def read_rows(path):
    """(line number, group, input, replies, max_line) for every row."""
    defs, rows, group, cur, mx = {}, [], None, None, 65536

    def value(toks):
        return b''.join(cunescape(t) if t.startswith('"') else defs[t] for t in toks)
    for n, raw in enumerate(open(path, encoding='utf-8'), 1):
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('['):
            group = line.strip('[]')
        elif line.startswith('def '):
            name, rest = line[4:].split(None, 1)
            defs[name] = value(words(rest))
        elif line.startswith('max '):
            mx = int(line[4:])
        elif line.startswith('in '):
            cur = (n, value(words(line[3:])))
        elif line.startswith('want '):
            rows.append((cur[0], group, cur[1], value(words(line[5:])), mx))
            mx = 65536
    return rows


if __name__ == '__main__':
    bad = 0
    for path in sys.argv[1:]:
        fn = calc if 'calc' in path else echo
        rows = read_rows(path)
        for n, group, data, want, mx in rows:
            got = fn(data, True, mx)
            if got != want:
                bad += 1
                print('%s:%d [%s] %r\n  rows  %r\n  model %r' % (path, n, group, data[:100], want[:160], got[:160]))
        print('%s: %d rows checked' % (path, len(rows)))
    sys.exit(1 if bad else 0)
