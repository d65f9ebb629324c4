
#line 1 "grammar/echo.rl"
/* The echo protocol: each line comes back as Python's ascii() of it. */
#include "proto/echo.h"

/* Framing: find each line, keep its bytes (bounded), note its quotes. */

#line 32 "grammar/echo.rl"



#line 8 "gen/echo.c"
static const int echo_start = 16;

static const int echo_en_main = 16;
static const int echo_en_too_long = 13;
static const int echo_en_after_cr = 15;


#line 35 "grammar/echo.rl"

void echo_init(echo *e)
{
    
#line 17 "gen/echo.c"
	{
	 e->cs = echo_start;
	}

#line 39 "grammar/echo.rl"
}

size_t echo_feed(echo *e, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    
#line 25 "gen/echo.c"
	{
	if ( p == pe )
		goto _test_eof;
	switch (  e->cs )
	{
tr1:
#line 15 "grammar/echo.rl"
	{ echo_line(e); }
#line 16 "grammar/echo.rl"
	{ if (parser_spent(&e->h)) {p++;  e->cs = 16; goto _out;} }
	goto st16;
tr8:
#line 14 "grammar/echo.rl"
	{ echo_quit(e); {p++;  e->cs = 16; goto _out;} }
#line 16 "grammar/echo.rl"
	{ if (parser_spent(&e->h)) {p++;  e->cs = 16; goto _out;} }
	goto st16;
tr25:
#line 16 "grammar/echo.rl"
	{ if (parser_spent(&e->h)) {p++;  e->cs = 16; goto _out;} }
	goto st16;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
#line 45 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 113u: goto tr24;
	}
	goto tr0;
tr0:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st1;
tr3:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
#line 13 "grammar/echo.rl"
	{ e->dquote = 1; }
	goto st1;
tr4:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
#line 12 "grammar/echo.rl"
	{ e->squote = 1; }
	goto st1;
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
#line 68 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
	}
	goto tr0;
tr2:
#line 15 "grammar/echo.rl"
	{ echo_line(e); }
#line 16 "grammar/echo.rl"
	{ if (parser_spent(&e->h)) {p++;  e->cs = 17; goto _out;} }
	goto st17;
tr9:
#line 14 "grammar/echo.rl"
	{ echo_quit(e); {p++;  e->cs = 17; goto _out;} }
#line 16 "grammar/echo.rl"
	{ if (parser_spent(&e->h)) {p++;  e->cs = 17; goto _out;} }
	goto st17;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
#line 87 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr25;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 113u: goto tr24;
	}
	goto tr0;
tr24:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st2;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 102 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 117u: goto tr5;
	}
	goto tr0;
tr5:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st3;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 117 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 105u: goto tr6;
	}
	goto tr0;
tr6:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st4;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 132 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 116u: goto tr7;
	}
	goto tr0;
tr7:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st5;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 147 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr8;
		case 13u: goto tr9;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 194u: goto tr10;
		case 225u: goto tr11;
		case 226u: goto tr12;
		case 227u: goto tr13;
	}
	if ( (*p) > 12u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr7;
	} else if ( (*p) >= 9u )
		goto tr7;
	goto tr0;
tr10:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st6;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
#line 170 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 133u: goto tr7;
		case 160u: goto tr7;
	}
	goto tr0;
tr11:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st7;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
#line 186 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 154u: goto tr14;
	}
	goto tr0;
tr14:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st8;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
#line 201 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 128u: goto tr7;
	}
	goto tr0;
tr12:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st9;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
#line 216 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 128u: goto tr15;
		case 129u: goto tr16;
	}
	goto tr0;
tr15:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st10;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 232 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 175u: goto tr7;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr7;
	} else if ( (*p) >= 128u )
		goto tr7;
	goto tr0;
tr16:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st11;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
#line 252 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 159u: goto tr7;
	}
	goto tr0;
tr13:
#line 11 "grammar/echo.rl"
	{ if (echo_store(e, (*p))) { p--; {goto st13;} } }
	goto st12;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
#line 267 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 34u: goto tr3;
		case 39u: goto tr4;
		case 128u: goto tr14;
	}
	goto tr0;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
	switch( (*p) ) {
		case 10u: goto st0;
		case 13u: goto st0;
	}
	goto tr17;
tr17:
#line 28 "grammar/echo.rl"
	{ echo_too_long(e); if (parser_spent(&e->h)) {p++;  e->cs = 14; goto _out;} }
	goto st14;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
#line 291 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto tr20;
		case 13u: goto tr21;
	}
	goto st14;
tr20:
#line 29 "grammar/echo.rl"
	{ e->h.pending = 0; {goto st16;} }
	goto st18;
tr21:
#line 30 "grammar/echo.rl"
	{ e->h.pending = 0; {goto st15;} }
	goto st18;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
#line 306 "gen/echo.c"
	goto st0;
st0:
 e->cs = 0;
	goto _out;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
	if ( (*p) == 10u )
		goto tr23;
	goto tr22;
tr22:
#line 31 "grammar/echo.rl"
	{ p--; {goto st16;} }
	goto st19;
tr23:
#line 31 "grammar/echo.rl"
	{ {goto st16;} }
	goto st19;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
#line 327 "gen/echo.c"
	goto st0;
	}
	_test_eof16:  e->cs = 16; goto _test_eof; 
	_test_eof1:  e->cs = 1; goto _test_eof; 
	_test_eof17:  e->cs = 17; goto _test_eof; 
	_test_eof2:  e->cs = 2; goto _test_eof; 
	_test_eof3:  e->cs = 3; goto _test_eof; 
	_test_eof4:  e->cs = 4; goto _test_eof; 
	_test_eof5:  e->cs = 5; goto _test_eof; 
	_test_eof6:  e->cs = 6; goto _test_eof; 
	_test_eof7:  e->cs = 7; goto _test_eof; 
	_test_eof8:  e->cs = 8; goto _test_eof; 
	_test_eof9:  e->cs = 9; goto _test_eof; 
	_test_eof10:  e->cs = 10; goto _test_eof; 
	_test_eof11:  e->cs = 11; goto _test_eof; 
	_test_eof12:  e->cs = 12; goto _test_eof; 
	_test_eof13:  e->cs = 13; goto _test_eof; 
	_test_eof14:  e->cs = 14; goto _test_eof; 
	_test_eof18:  e->cs = 18; goto _test_eof; 
	_test_eof15:  e->cs = 15; goto _test_eof; 
	_test_eof19:  e->cs = 19; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 45 "grammar/echo.rl"
    return (size_t)(p - (const unsigned char *)data);
}

/* Rendering: decode one whole line as UTF-8 and write each character as
 * ascii() shows it. Runs over a complete line, so it need not resume; the
 * LF after the content is a sentinel that ends every unfinished sequence. */

#line 69 "grammar/echo.rl"



#line 360 "gen/echo.c"
static const int echo_ascii_start = 1;


#line 72 "grammar/echo.rl"

void echo_render_line(echo_render *r, const unsigned char *line, size_t n)
{
    const unsigned char *p = line, *pe = line + n + 1, *s = p;
    /* The sentinel LF leaves the machine final, so no EOF action runs. */
    const unsigned char *eof = pe;
    int cs;
    
#line 369 "gen/echo.c"
	{
	cs = echo_ascii_start;
	}

#line 80 "grammar/echo.rl"
    
#line 372 "gen/echo.c"
	{
	if ( p == pe )
		goto _test_eof;
	switch ( cs )
	{
tr0:
#line 56 "grammar/echo.rl"
	{ s = p; }
#line 57 "grammar/echo.rl"
	{ echo_text(r, s, p + 1); }
	goto st1;
tr1:
#line 56 "grammar/echo.rl"
	{ s = p; }
#line 58 "grammar/echo.rl"
	{ echo_space(r, s, p + 1); }
	goto st1;
tr3:
#line 56 "grammar/echo.rl"
	{ s = p; }
#line 59 "grammar/echo.rl"
	{ echo_bytes(r, p, p + 1); }
	goto st1;
tr16:
#line 57 "grammar/echo.rl"
	{ echo_text(r, s, p + 1); }
	goto st1;
tr17:
#line 58 "grammar/echo.rl"
	{ echo_space(r, s, p + 1); }
	goto st1;
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
#line 399 "gen/echo.c"
	switch( (*p) ) {
		case 10u: goto st16;
		case 194u: goto tr4;
		case 224u: goto tr6;
		case 225u: goto tr7;
		case 226u: goto tr8;
		case 227u: goto tr9;
		case 237u: goto tr11;
		case 240u: goto tr12;
		case 244u: goto tr14;
	}
	if ( (*p) < 195u ) {
		if ( (*p) < 28u ) {
			if ( 9u <= (*p) && (*p) <= 12u )
				goto tr1;
		} else if ( (*p) > 32u ) {
			if ( 128u <= (*p) && (*p) <= 193u )
				goto tr3;
		} else
			goto tr1;
	} else if ( (*p) > 223u ) {
		if ( (*p) < 241u ) {
			if ( 228u <= (*p) && (*p) <= 239u )
				goto tr10;
		} else if ( (*p) > 243u ) {
			if ( 245u <= (*p) )
				goto tr3;
		} else
			goto tr13;
	} else
		goto tr5;
	goto tr0;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
	goto tr15;
tr15:
#line 61 "grammar/echo.rl"
	{ echo_bytes(r, s, p); p--; {goto st1;} }
	goto st0;
#line 439 "gen/echo.c"
st0:
cs = 0;
	goto _out;
tr4:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st2;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 449 "gen/echo.c"
	switch( (*p) ) {
		case 133u: goto tr17;
		case 160u: goto tr17;
	}
	if ( 128u <= (*p) && (*p) <= 191u )
		goto tr16;
	goto tr15;
tr5:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st3;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 463 "gen/echo.c"
	if ( 128u <= (*p) && (*p) <= 191u )
		goto tr16;
	goto tr15;
tr6:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st4;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 473 "gen/echo.c"
	if ( 160u <= (*p) && (*p) <= 191u )
		goto st3;
	goto tr15;
tr7:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st5;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 483 "gen/echo.c"
	if ( (*p) == 154u )
		goto st6;
	if ( 128u <= (*p) && (*p) <= 191u )
		goto st3;
	goto tr15;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
	if ( (*p) == 128u )
		goto tr17;
	if ( 129u <= (*p) && (*p) <= 191u )
		goto tr16;
	goto tr15;
tr8:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st7;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
#line 504 "gen/echo.c"
	switch( (*p) ) {
		case 128u: goto st8;
		case 129u: goto st9;
	}
	if ( 130u <= (*p) && (*p) <= 191u )
		goto st3;
	goto tr15;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
	if ( (*p) == 175u )
		goto tr17;
	if ( (*p) < 139u ) {
		if ( 128u <= (*p) && (*p) <= 138u )
			goto tr17;
	} else if ( (*p) > 167u ) {
		if ( (*p) > 169u ) {
			if ( 170u <= (*p) && (*p) <= 191u )
				goto tr16;
		} else if ( (*p) >= 168u )
			goto tr17;
	} else
		goto tr16;
	goto tr15;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
	if ( (*p) == 159u )
		goto tr17;
	if ( 128u <= (*p) && (*p) <= 191u )
		goto tr16;
	goto tr15;
tr9:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st10;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 545 "gen/echo.c"
	if ( (*p) == 128u )
		goto st6;
	if ( 129u <= (*p) && (*p) <= 191u )
		goto st3;
	goto tr15;
tr10:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st11;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
#line 557 "gen/echo.c"
	if ( 128u <= (*p) && (*p) <= 191u )
		goto st3;
	goto tr15;
tr11:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st12;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
#line 567 "gen/echo.c"
	if ( 128u <= (*p) && (*p) <= 159u )
		goto st3;
	goto tr15;
tr12:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st13;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
#line 577 "gen/echo.c"
	if ( 144u <= (*p) && (*p) <= 191u )
		goto st11;
	goto tr15;
tr13:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st14;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
#line 587 "gen/echo.c"
	if ( 128u <= (*p) && (*p) <= 191u )
		goto st11;
	goto tr15;
tr14:
#line 56 "grammar/echo.rl"
	{ s = p; }
	goto st15;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
#line 597 "gen/echo.c"
	if ( 128u <= (*p) && (*p) <= 143u )
		goto st11;
	goto tr15;
	}
	_test_eof1: cs = 1; goto _test_eof; 
	_test_eof16: cs = 16; goto _test_eof; 
	_test_eof2: cs = 2; goto _test_eof; 
	_test_eof3: cs = 3; goto _test_eof; 
	_test_eof4: cs = 4; goto _test_eof; 
	_test_eof5: cs = 5; goto _test_eof; 
	_test_eof6: cs = 6; goto _test_eof; 
	_test_eof7: cs = 7; goto _test_eof; 
	_test_eof8: cs = 8; goto _test_eof; 
	_test_eof9: cs = 9; goto _test_eof; 
	_test_eof10: cs = 10; goto _test_eof; 
	_test_eof11: cs = 11; goto _test_eof; 
	_test_eof12: cs = 12; goto _test_eof; 
	_test_eof13: cs = 13; goto _test_eof; 
	_test_eof14: cs = 14; goto _test_eof; 
	_test_eof15: cs = 15; goto _test_eof; 

	_test_eof: {}
	if ( p == eof )
	{
	switch ( cs ) {
	case 1: 
	case 2: 
	case 3: 
	case 4: 
	case 5: 
	case 6: 
	case 7: 
	case 8: 
	case 9: 
	case 10: 
	case 11: 
	case 12: 
	case 13: 
	case 14: 
	case 15: 
#line 61 "grammar/echo.rl"
	{ echo_bytes(r, s, p); p--; {       if ( p == pe )
               goto _test_eof1;
goto st1;} }
	break;
#line 641 "gen/echo.c"
	}
	}

	_out: {}
	}

#line 81 "grammar/echo.rl"
}
