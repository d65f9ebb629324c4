
#line 1 "grammar/http.rl"
/* The metrics unit: an HTTP/1.x request head, request line to blank line
 * (docs/protocols.md §8). The reply is due at the blank line's LF, or at
 * the first byte no request can continue with (400), or at the byte past
 * HTTP_HEAD_MAX (431); then the connection closes. */
#include "proto/http.h"


#line 38 "grammar/http.rl"



#line 10 "gen/http.c"
static const int http_start = 1;
static const int http_error = 0;

static const int http_en_main = 1;


#line 41 "grammar/http.rl"

void http_init(http *z)
{
    z->method = HTTP_OTHER;
    z->metrics = 0;
    
#line 20 "gen/http.c"
	{
	 z->cs = http_start;
	}

#line 47 "grammar/http.rl"
}

size_t http_feed(http *z, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    
#line 28 "gen/http.c"
	{
	if ( p == pe )
		goto _test_eof;
	switch (  z->cs )
	{
case 1:
	switch( (*p) ) {
		case 33u: goto tr0;
		case 71u: goto tr2;
		case 72u: goto tr3;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
st0:
 z->cs = 0;
	goto _out;
tr0:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 2; goto _out;} } }
	goto st2;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 69 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto tr0;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr4:
#line 15 "grammar/http.rl"
	{ z->method = HTTP_OTHER; }
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 3; goto _out;} } }
	goto st3;
tr33:
#line 13 "grammar/http.rl"
	{ z->method = HTTP_GET; }
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 3; goto _out;} } }
	goto st3;
tr37:
#line 14 "grammar/http.rl"
	{ z->method = HTTP_HEAD; }
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 3; goto _out;} } }
	goto st3;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 109 "gen/http.c"
	if ( (*p) == 47u )
		goto tr6;
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr5:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 4; goto _out;} } }
	goto st4;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 121 "gen/http.c"
	if ( (*p) == 32u )
		goto tr7;
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr7:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 5; goto _out;} } }
	goto st5;
tr29:
#line 16 "grammar/http.rl"
	{ z->metrics = 1; }
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 5; goto _out;} } }
	goto st5;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 137 "gen/http.c"
	if ( (*p) == 72u )
		goto tr8;
	goto st0;
tr8:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 6; goto _out;} } }
	goto st6;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
#line 147 "gen/http.c"
	if ( (*p) == 84u )
		goto tr9;
	goto st0;
tr9:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 7; goto _out;} } }
	goto st7;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
#line 157 "gen/http.c"
	if ( (*p) == 84u )
		goto tr10;
	goto st0;
tr10:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 8; goto _out;} } }
	goto st8;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
#line 167 "gen/http.c"
	if ( (*p) == 80u )
		goto tr11;
	goto st0;
tr11:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 9; goto _out;} } }
	goto st9;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
#line 177 "gen/http.c"
	if ( (*p) == 47u )
		goto tr12;
	goto st0;
tr12:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 10; goto _out;} } }
	goto st10;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 187 "gen/http.c"
	if ( 48u <= (*p) && (*p) <= 57u )
		goto tr13;
	goto st0;
tr13:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 11; goto _out;} } }
	goto st11;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
#line 197 "gen/http.c"
	if ( (*p) == 46u )
		goto tr14;
	goto st0;
tr14:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 12; goto _out;} } }
	goto st12;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
#line 207 "gen/http.c"
	if ( 48u <= (*p) && (*p) <= 57u )
		goto tr15;
	goto st0;
tr15:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 13; goto _out;} } }
	goto st13;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
#line 217 "gen/http.c"
	switch( (*p) ) {
		case 10u: goto tr16;
		case 13u: goto tr17;
	}
	goto st0;
tr16:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 14; goto _out;} } }
	goto st14;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
#line 229 "gen/http.c"
	switch( (*p) ) {
		case 10u: goto tr18;
		case 13u: goto tr19;
		case 33u: goto tr20;
		case 124u: goto tr20;
		case 126u: goto tr20;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr20;
		} else if ( (*p) >= 35u )
			goto tr20;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr20;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr20;
		} else
			goto tr20;
	} else
		goto tr20;
	goto st0;
tr18:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 35; goto _out;} } }
#line 17 "grammar/http.rl"
	{ http_answer(z, http_status(z)); {p++;  z->cs = 35; goto _out;} }
	goto st35;
st35:
	if ( ++p == pe )
		goto _test_eof35;
case 35:
#line 262 "gen/http.c"
	goto st0;
tr19:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 15; goto _out;} } }
	goto st15;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
#line 270 "gen/http.c"
	if ( (*p) == 10u )
		goto tr18;
	goto st0;
tr20:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 16; goto _out;} } }
	goto st16;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
#line 280 "gen/http.c"
	switch( (*p) ) {
		case 33u: goto tr20;
		case 58u: goto tr21;
		case 124u: goto tr20;
		case 126u: goto tr20;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr20;
		} else if ( (*p) >= 35u )
			goto tr20;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr20;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr20;
		} else
			goto tr20;
	} else
		goto tr20;
	goto st0;
tr21:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 17; goto _out;} } }
	goto st17;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
#line 311 "gen/http.c"
	switch( (*p) ) {
		case 10u: goto tr16;
		case 13u: goto tr17;
	}
	goto tr21;
tr17:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 18; goto _out;} } }
	goto st18;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
#line 323 "gen/http.c"
	if ( (*p) == 10u )
		goto tr16;
	goto st0;
tr6:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 19; goto _out;} } }
	goto st19;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
#line 333 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 109u: goto tr22;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr22:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 20; goto _out;} } }
	goto st20;
st20:
	if ( ++p == pe )
		goto _test_eof20;
case 20:
#line 347 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 101u: goto tr23;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr23:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 21; goto _out;} } }
	goto st21;
st21:
	if ( ++p == pe )
		goto _test_eof21;
case 21:
#line 361 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 116u: goto tr24;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr24:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 22; goto _out;} } }
	goto st22;
st22:
	if ( ++p == pe )
		goto _test_eof22;
case 22:
#line 375 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 114u: goto tr25;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr25:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 23; goto _out;} } }
	goto st23;
st23:
	if ( ++p == pe )
		goto _test_eof23;
case 23:
#line 389 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 105u: goto tr26;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr26:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 24; goto _out;} } }
	goto st24;
st24:
	if ( ++p == pe )
		goto _test_eof24;
case 24:
#line 403 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 99u: goto tr27;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr27:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 25; goto _out;} } }
	goto st25;
st25:
	if ( ++p == pe )
		goto _test_eof25;
case 25:
#line 417 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr7;
		case 115u: goto tr28;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr28:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 26; goto _out;} } }
	goto st26;
st26:
	if ( ++p == pe )
		goto _test_eof26;
case 26:
#line 431 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr29;
		case 63u: goto tr30;
	}
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr5;
	goto st0;
tr30:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 27; goto _out;} } }
	goto st27;
st27:
	if ( ++p == pe )
		goto _test_eof27;
case 27:
#line 445 "gen/http.c"
	if ( (*p) == 32u )
		goto tr29;
	if ( 33u <= (*p) && (*p) <= 126u )
		goto tr30;
	goto st0;
tr2:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 28; goto _out;} } }
	goto st28;
st28:
	if ( ++p == pe )
		goto _test_eof28;
case 28:
#line 457 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto tr0;
		case 69u: goto tr31;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr31:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 29; goto _out;} } }
	goto st29;
st29:
	if ( ++p == pe )
		goto _test_eof29;
case 29:
#line 489 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto tr0;
		case 84u: goto tr32;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr32:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 30; goto _out;} } }
	goto st30;
st30:
	if ( ++p == pe )
		goto _test_eof30;
case 30:
#line 521 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr33;
		case 33u: goto tr0;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr3:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 31; goto _out;} } }
	goto st31;
st31:
	if ( ++p == pe )
		goto _test_eof31;
case 31:
#line 552 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto tr0;
		case 69u: goto tr34;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr34:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 32; goto _out;} } }
	goto st32;
st32:
	if ( ++p == pe )
		goto _test_eof32;
case 32:
#line 584 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto tr0;
		case 65u: goto tr35;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 66u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr35:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 33; goto _out;} } }
	goto st33;
st33:
	if ( ++p == pe )
		goto _test_eof33;
case 33:
#line 616 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr4;
		case 33u: goto tr0;
		case 68u: goto tr36;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
tr36:
#line 12 "grammar/http.rl"
	{ if (++z->h.pending > HTTP_HEAD_MAX) { http_answer(z, 431); {p++;  z->cs = 34; goto _out;} } }
	goto st34;
st34:
	if ( ++p == pe )
		goto _test_eof34;
case 34:
#line 648 "gen/http.c"
	switch( (*p) ) {
		case 32u: goto tr37;
		case 33u: goto tr0;
		case 124u: goto tr0;
		case 126u: goto tr0;
	}
	if ( (*p) < 45u ) {
		if ( (*p) > 39u ) {
			if ( 42u <= (*p) && (*p) <= 43u )
				goto tr0;
		} else if ( (*p) >= 35u )
			goto tr0;
	} else if ( (*p) > 46u ) {
		if ( (*p) < 65u ) {
			if ( 48u <= (*p) && (*p) <= 57u )
				goto tr0;
		} else if ( (*p) > 90u ) {
			if ( 94u <= (*p) && (*p) <= 122u )
				goto tr0;
		} else
			goto tr0;
	} else
		goto tr0;
	goto st0;
	}
	_test_eof2:  z->cs = 2; goto _test_eof; 
	_test_eof3:  z->cs = 3; goto _test_eof; 
	_test_eof4:  z->cs = 4; goto _test_eof; 
	_test_eof5:  z->cs = 5; goto _test_eof; 
	_test_eof6:  z->cs = 6; goto _test_eof; 
	_test_eof7:  z->cs = 7; goto _test_eof; 
	_test_eof8:  z->cs = 8; goto _test_eof; 
	_test_eof9:  z->cs = 9; goto _test_eof; 
	_test_eof10:  z->cs = 10; goto _test_eof; 
	_test_eof11:  z->cs = 11; goto _test_eof; 
	_test_eof12:  z->cs = 12; goto _test_eof; 
	_test_eof13:  z->cs = 13; goto _test_eof; 
	_test_eof14:  z->cs = 14; goto _test_eof; 
	_test_eof35:  z->cs = 35; goto _test_eof; 
	_test_eof15:  z->cs = 15; goto _test_eof; 
	_test_eof16:  z->cs = 16; goto _test_eof; 
	_test_eof17:  z->cs = 17; goto _test_eof; 
	_test_eof18:  z->cs = 18; goto _test_eof; 
	_test_eof19:  z->cs = 19; goto _test_eof; 
	_test_eof20:  z->cs = 20; goto _test_eof; 
	_test_eof21:  z->cs = 21; goto _test_eof; 
	_test_eof22:  z->cs = 22; goto _test_eof; 
	_test_eof23:  z->cs = 23; goto _test_eof; 
	_test_eof24:  z->cs = 24; goto _test_eof; 
	_test_eof25:  z->cs = 25; goto _test_eof; 
	_test_eof26:  z->cs = 26; goto _test_eof; 
	_test_eof27:  z->cs = 27; goto _test_eof; 
	_test_eof28:  z->cs = 28; goto _test_eof; 
	_test_eof29:  z->cs = 29; goto _test_eof; 
	_test_eof30:  z->cs = 30; goto _test_eof; 
	_test_eof31:  z->cs = 31; goto _test_eof; 
	_test_eof32:  z->cs = 32; goto _test_eof; 
	_test_eof33:  z->cs = 33; goto _test_eof; 
	_test_eof34:  z->cs = 34; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 53 "grammar/http.rl"
    /* The machine fails at the byte no request can continue with: that
     * byte decides a 400, and counts as read. */
    if (z->cs == http_error && !z->h.done) {
        http_answer(z, 400);
        p++;
    }
    return (size_t)(p - (const unsigned char *)data);
}
