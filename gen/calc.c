
#line 1 "grammar/calc.rl"
/* The calc protocol: lines of comma-separated integers, summed or multiplied. */
#include "proto/calc.h"


#line 49 "grammar/calc.rl"



#line 7 "gen/calc.c"
static const int calc_start = 65;

static const int calc_en_main = 65;
static const int calc_en_too_long = 63;


#line 52 "grammar/calc.rl"

void calc_init(calc *c)
{
    
#line 15 "gen/calc.c"
	{
	 c->cs = calc_start;
	}

#line 56 "grammar/calc.rl"
}

size_t calc_feed(calc *c, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    /* The line's length lives in a register while the machine runs: it is
     * touched on every byte. */
    size_t len = c->h.pending, max = c->h.max_line;
    
#line 26 "gen/calc.c"
	{
	if ( p == pe )
		goto _test_eof;
	switch (  c->cs )
	{
tr1:
#line 43 "grammar/calc.rl"
	{ len = 0; }
#line 25 "grammar/calc.rl"
	{ calc_bad(c); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 65; goto _out;} }
	goto st65;
tr11:
#line 43 "grammar/calc.rl"
	{ len = 0; }
#line 21 "grammar/calc.rl"
	{ if (calc_list(c)) {p++;  c->cs = 65; goto _out;} }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 65; goto _out;} }
	goto st65;
tr37:
#line 43 "grammar/calc.rl"
	{ len = 0; }
#line 23 "grammar/calc.rl"
	{ calc_mode(c, 1); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 65; goto _out;} }
	goto st65;
tr48:
#line 43 "grammar/calc.rl"
	{ len = 0; }
#line 24 "grammar/calc.rl"
	{ calc_quit(c); {p++;  c->cs = 65; goto _out;} }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 65; goto _out;} }
	goto st65;
tr58:
#line 43 "grammar/calc.rl"
	{ len = 0; }
#line 22 "grammar/calc.rl"
	{ calc_mode(c, 0); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 65; goto _out;} }
	goto st65;
st65:
	if ( ++p == pe )
		goto _test_eof65;
case 65:
#line 60 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 32u: goto tr2;
		case 43u: goto tr3;
		case 45u: goto tr4;
		case 112u: goto tr70;
		case 113u: goto tr71;
		case 115u: goto tr72;
		case 194u: goto tr6;
		case 225u: goto tr7;
		case 226u: goto tr8;
		case 227u: goto tr9;
	}
	if ( (*p) > 13u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr5;
	} else if ( (*p) >= 9u )
		goto tr2;
	goto tr0;
tr0:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st1;
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
#line 86 "gen/calc.c"
	if ( (*p) == 10u )
		goto tr1;
	goto tr0;
tr2:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st2;
tr13:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
#line 20 "grammar/calc.rl"
	{ if (calc_field(c)) {p++;  c->cs = 2; goto _out;} }
	goto st2;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 100 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 32u: goto tr2;
		case 43u: goto tr3;
		case 45u: goto tr4;
		case 194u: goto tr6;
		case 225u: goto tr7;
		case 226u: goto tr8;
		case 227u: goto tr9;
	}
	if ( (*p) > 13u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr5;
	} else if ( (*p) >= 9u )
		goto tr2;
	goto tr0;
tr3:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st3;
tr4:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
#line 17 "grammar/calc.rl"
	{ c->neg = 1; }
	goto st3;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 127 "gen/calc.c"
	if ( (*p) == 10u )
		goto tr1;
	if ( 48u <= (*p) && (*p) <= 57u )
		goto tr5;
	goto tr0;
tr5:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
#line 16 "grammar/calc.rl"
	{ p = calc_digits(c, p, pe, &len, max); }
	goto st4;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 140 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr11;
		case 32u: goto tr10;
		case 44u: goto tr13;
		case 95u: goto tr3;
		case 194u: goto tr14;
		case 225u: goto tr15;
		case 226u: goto tr16;
		case 227u: goto tr17;
	}
	if ( (*p) < 28u ) {
		if ( 9u <= (*p) && (*p) <= 13u )
			goto tr10;
	} else if ( (*p) > 31u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr5;
	} else
		goto tr12;
	goto tr0;
tr10:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st5;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 166 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr11;
		case 32u: goto tr10;
		case 44u: goto tr13;
		case 194u: goto tr14;
		case 225u: goto tr15;
		case 226u: goto tr16;
		case 227u: goto tr17;
	}
	if ( (*p) > 13u ) {
		if ( 28u <= (*p) && (*p) <= 31u )
			goto tr12;
	} else if ( (*p) >= 9u )
		goto tr10;
	goto tr0;
tr12:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st6;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
#line 188 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr11;
		case 194u: goto tr18;
		case 225u: goto tr19;
		case 226u: goto tr20;
		case 227u: goto tr21;
	}
	if ( (*p) > 13u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr12;
	} else if ( (*p) >= 9u )
		goto tr12;
	goto tr0;
tr18:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st7;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
#line 208 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr12;
		case 160u: goto tr12;
	}
	goto tr0;
tr19:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st8;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
#line 221 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr22;
	}
	goto tr0;
tr22:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st9;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
#line 233 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr12;
	}
	goto tr0;
tr20:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st10;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 245 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr23;
		case 129u: goto tr24;
	}
	goto tr0;
tr23:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st11;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
#line 258 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 175u: goto tr12;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr12;
	} else if ( (*p) >= 128u )
		goto tr12;
	goto tr0;
tr24:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st12;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
#line 275 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr12;
	}
	goto tr0;
tr21:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st13;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
#line 287 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr22;
	}
	goto tr0;
tr14:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st14;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
#line 299 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr10;
		case 160u: goto tr10;
	}
	goto tr0;
tr15:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st15;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
#line 312 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr25;
	}
	goto tr0;
tr25:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st16;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
#line 324 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr10;
	}
	goto tr0;
tr16:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st17;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
#line 336 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr26;
		case 129u: goto tr27;
	}
	goto tr0;
tr26:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st18;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
#line 349 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 175u: goto tr10;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr10;
	} else if ( (*p) >= 128u )
		goto tr10;
	goto tr0;
tr27:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st19;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
#line 366 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr10;
	}
	goto tr0;
tr17:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st20;
st20:
	if ( ++p == pe )
		goto _test_eof20;
case 20:
#line 378 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr25;
	}
	goto tr0;
tr6:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st21;
st21:
	if ( ++p == pe )
		goto _test_eof21;
case 21:
#line 390 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr2;
		case 160u: goto tr2;
	}
	goto tr0;
tr7:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st22;
st22:
	if ( ++p == pe )
		goto _test_eof22;
case 22:
#line 403 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr28;
	}
	goto tr0;
tr28:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st23;
st23:
	if ( ++p == pe )
		goto _test_eof23;
case 23:
#line 415 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr2;
	}
	goto tr0;
tr8:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st24;
st24:
	if ( ++p == pe )
		goto _test_eof24;
case 24:
#line 427 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr29;
		case 129u: goto tr30;
	}
	goto tr0;
tr29:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st25;
st25:
	if ( ++p == pe )
		goto _test_eof25;
case 25:
#line 440 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 175u: goto tr2;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr2;
	} else if ( (*p) >= 128u )
		goto tr2;
	goto tr0;
tr30:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st26;
st26:
	if ( ++p == pe )
		goto _test_eof26;
case 26:
#line 457 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr2;
	}
	goto tr0;
tr9:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st27;
st27:
	if ( ++p == pe )
		goto _test_eof27;
case 27:
#line 469 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr28;
	}
	goto tr0;
tr70:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st28;
st28:
	if ( ++p == pe )
		goto _test_eof28;
case 28:
#line 481 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 114u: goto tr31;
	}
	goto tr0;
tr31:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st29;
st29:
	if ( ++p == pe )
		goto _test_eof29;
case 29:
#line 493 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 111u: goto tr32;
	}
	goto tr0;
tr32:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st30;
st30:
	if ( ++p == pe )
		goto _test_eof30;
case 30:
#line 505 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 100u: goto tr33;
	}
	goto tr0;
tr33:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st31;
st31:
	if ( ++p == pe )
		goto _test_eof31;
case 31:
#line 517 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 117u: goto tr34;
	}
	goto tr0;
tr34:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st32;
st32:
	if ( ++p == pe )
		goto _test_eof32;
case 32:
#line 529 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 99u: goto tr35;
	}
	goto tr0;
tr35:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st33;
st33:
	if ( ++p == pe )
		goto _test_eof33;
case 33:
#line 541 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 116u: goto tr36;
	}
	goto tr0;
tr36:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st34;
st34:
	if ( ++p == pe )
		goto _test_eof34;
case 34:
#line 553 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr37;
		case 194u: goto tr38;
		case 225u: goto tr39;
		case 226u: goto tr40;
		case 227u: goto tr41;
	}
	if ( (*p) > 13u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr36;
	} else if ( (*p) >= 9u )
		goto tr36;
	goto tr0;
tr38:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st35;
st35:
	if ( ++p == pe )
		goto _test_eof35;
case 35:
#line 573 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr36;
		case 160u: goto tr36;
	}
	goto tr0;
tr39:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st36;
st36:
	if ( ++p == pe )
		goto _test_eof36;
case 36:
#line 586 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr42;
	}
	goto tr0;
tr42:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st37;
st37:
	if ( ++p == pe )
		goto _test_eof37;
case 37:
#line 598 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr36;
	}
	goto tr0;
tr40:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st38;
st38:
	if ( ++p == pe )
		goto _test_eof38;
case 38:
#line 610 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr43;
		case 129u: goto tr44;
	}
	goto tr0;
tr43:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st39;
st39:
	if ( ++p == pe )
		goto _test_eof39;
case 39:
#line 623 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 175u: goto tr36;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr36;
	} else if ( (*p) >= 128u )
		goto tr36;
	goto tr0;
tr44:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st40;
st40:
	if ( ++p == pe )
		goto _test_eof40;
case 40:
#line 640 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr36;
	}
	goto tr0;
tr41:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st41;
st41:
	if ( ++p == pe )
		goto _test_eof41;
case 41:
#line 652 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr42;
	}
	goto tr0;
tr71:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st42;
st42:
	if ( ++p == pe )
		goto _test_eof42;
case 42:
#line 664 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 117u: goto tr45;
	}
	goto tr0;
tr45:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st43;
st43:
	if ( ++p == pe )
		goto _test_eof43;
case 43:
#line 676 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 105u: goto tr46;
	}
	goto tr0;
tr46:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st44;
st44:
	if ( ++p == pe )
		goto _test_eof44;
case 44:
#line 688 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 116u: goto tr47;
	}
	goto tr0;
tr47:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st45;
st45:
	if ( ++p == pe )
		goto _test_eof45;
case 45:
#line 700 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr48;
		case 194u: goto tr49;
		case 225u: goto tr50;
		case 226u: goto tr51;
		case 227u: goto tr52;
	}
	if ( (*p) > 13u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr47;
	} else if ( (*p) >= 9u )
		goto tr47;
	goto tr0;
tr49:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st46;
st46:
	if ( ++p == pe )
		goto _test_eof46;
case 46:
#line 720 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr47;
		case 160u: goto tr47;
	}
	goto tr0;
tr50:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st47;
st47:
	if ( ++p == pe )
		goto _test_eof47;
case 47:
#line 733 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr53;
	}
	goto tr0;
tr53:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st48;
st48:
	if ( ++p == pe )
		goto _test_eof48;
case 48:
#line 745 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr47;
	}
	goto tr0;
tr51:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st49;
st49:
	if ( ++p == pe )
		goto _test_eof49;
case 49:
#line 757 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr54;
		case 129u: goto tr55;
	}
	goto tr0;
tr54:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st50;
st50:
	if ( ++p == pe )
		goto _test_eof50;
case 50:
#line 770 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 175u: goto tr47;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr47;
	} else if ( (*p) >= 128u )
		goto tr47;
	goto tr0;
tr55:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st51;
st51:
	if ( ++p == pe )
		goto _test_eof51;
case 51:
#line 787 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr47;
	}
	goto tr0;
tr52:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st52;
st52:
	if ( ++p == pe )
		goto _test_eof52;
case 52:
#line 799 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr53;
	}
	goto tr0;
tr72:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st53;
st53:
	if ( ++p == pe )
		goto _test_eof53;
case 53:
#line 811 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 117u: goto tr56;
	}
	goto tr0;
tr56:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st54;
st54:
	if ( ++p == pe )
		goto _test_eof54;
case 54:
#line 823 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 109u: goto tr57;
	}
	goto tr0;
tr57:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st55;
st55:
	if ( ++p == pe )
		goto _test_eof55;
case 55:
#line 835 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr58;
		case 194u: goto tr59;
		case 225u: goto tr60;
		case 226u: goto tr61;
		case 227u: goto tr62;
	}
	if ( (*p) > 13u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr57;
	} else if ( (*p) >= 9u )
		goto tr57;
	goto tr0;
tr59:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st56;
st56:
	if ( ++p == pe )
		goto _test_eof56;
case 56:
#line 855 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr57;
		case 160u: goto tr57;
	}
	goto tr0;
tr60:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st57;
st57:
	if ( ++p == pe )
		goto _test_eof57;
case 57:
#line 868 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr63;
	}
	goto tr0;
tr63:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st58;
st58:
	if ( ++p == pe )
		goto _test_eof58;
case 58:
#line 880 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr57;
	}
	goto tr0;
tr61:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st59;
st59:
	if ( ++p == pe )
		goto _test_eof59;
case 59:
#line 892 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr64;
		case 129u: goto tr65;
	}
	goto tr0;
tr64:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st60;
st60:
	if ( ++p == pe )
		goto _test_eof60;
case 60:
#line 905 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 175u: goto tr57;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr57;
	} else if ( (*p) >= 128u )
		goto tr57;
	goto tr0;
tr65:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st61;
st61:
	if ( ++p == pe )
		goto _test_eof61;
case 61:
#line 922 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr57;
	}
	goto tr0;
tr62:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st62;
st62:
	if ( ++p == pe )
		goto _test_eof62;
case 62:
#line 934 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr63;
	}
	goto tr0;
st63:
	if ( ++p == pe )
		goto _test_eof63;
case 63:
	if ( (*p) == 10u )
		goto st0;
	goto tr66;
tr66:
#line 47 "grammar/calc.rl"
	{ calc_too_long(c); if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
st64:
	if ( ++p == pe )
		goto _test_eof64;
case 64:
#line 953 "gen/calc.c"
	if ( (*p) == 10u )
		goto tr69;
	goto st64;
tr69:
#line 48 "grammar/calc.rl"
	{ len = 0; {goto st65;} }
	goto st66;
st66:
	if ( ++p == pe )
		goto _test_eof66;
case 66:
#line 963 "gen/calc.c"
	goto st0;
st0:
 c->cs = 0;
	goto _out;
	}
	_test_eof65:  c->cs = 65; goto _test_eof; 
	_test_eof1:  c->cs = 1; goto _test_eof; 
	_test_eof2:  c->cs = 2; goto _test_eof; 
	_test_eof3:  c->cs = 3; goto _test_eof; 
	_test_eof4:  c->cs = 4; goto _test_eof; 
	_test_eof5:  c->cs = 5; goto _test_eof; 
	_test_eof6:  c->cs = 6; goto _test_eof; 
	_test_eof7:  c->cs = 7; goto _test_eof; 
	_test_eof8:  c->cs = 8; goto _test_eof; 
	_test_eof9:  c->cs = 9; goto _test_eof; 
	_test_eof10:  c->cs = 10; goto _test_eof; 
	_test_eof11:  c->cs = 11; goto _test_eof; 
	_test_eof12:  c->cs = 12; goto _test_eof; 
	_test_eof13:  c->cs = 13; goto _test_eof; 
	_test_eof14:  c->cs = 14; goto _test_eof; 
	_test_eof15:  c->cs = 15; goto _test_eof; 
	_test_eof16:  c->cs = 16; goto _test_eof; 
	_test_eof17:  c->cs = 17; goto _test_eof; 
	_test_eof18:  c->cs = 18; goto _test_eof; 
	_test_eof19:  c->cs = 19; goto _test_eof; 
	_test_eof20:  c->cs = 20; goto _test_eof; 
	_test_eof21:  c->cs = 21; goto _test_eof; 
	_test_eof22:  c->cs = 22; goto _test_eof; 
	_test_eof23:  c->cs = 23; goto _test_eof; 
	_test_eof24:  c->cs = 24; goto _test_eof; 
	_test_eof25:  c->cs = 25; goto _test_eof; 
	_test_eof26:  c->cs = 26; goto _test_eof; 
	_test_eof27:  c->cs = 27; goto _test_eof; 
	_test_eof28:  c->cs = 28; goto _test_eof; 
	_test_eof29:  c->cs = 29; goto _test_eof; 
	_test_eof30:  c->cs = 30; goto _test_eof; 
	_test_eof31:  c->cs = 31; goto _test_eof; 
	_test_eof32:  c->cs = 32; goto _test_eof; 
	_test_eof33:  c->cs = 33; goto _test_eof; 
	_test_eof34:  c->cs = 34; goto _test_eof; 
	_test_eof35:  c->cs = 35; goto _test_eof; 
	_test_eof36:  c->cs = 36; goto _test_eof; 
	_test_eof37:  c->cs = 37; goto _test_eof; 
	_test_eof38:  c->cs = 38; goto _test_eof; 
	_test_eof39:  c->cs = 39; goto _test_eof; 
	_test_eof40:  c->cs = 40; goto _test_eof; 
	_test_eof41:  c->cs = 41; goto _test_eof; 
	_test_eof42:  c->cs = 42; goto _test_eof; 
	_test_eof43:  c->cs = 43; goto _test_eof; 
	_test_eof44:  c->cs = 44; goto _test_eof; 
	_test_eof45:  c->cs = 45; goto _test_eof; 
	_test_eof46:  c->cs = 46; goto _test_eof; 
	_test_eof47:  c->cs = 47; goto _test_eof; 
	_test_eof48:  c->cs = 48; goto _test_eof; 
	_test_eof49:  c->cs = 49; goto _test_eof; 
	_test_eof50:  c->cs = 50; goto _test_eof; 
	_test_eof51:  c->cs = 51; goto _test_eof; 
	_test_eof52:  c->cs = 52; goto _test_eof; 
	_test_eof53:  c->cs = 53; goto _test_eof; 
	_test_eof54:  c->cs = 54; goto _test_eof; 
	_test_eof55:  c->cs = 55; goto _test_eof; 
	_test_eof56:  c->cs = 56; goto _test_eof; 
	_test_eof57:  c->cs = 57; goto _test_eof; 
	_test_eof58:  c->cs = 58; goto _test_eof; 
	_test_eof59:  c->cs = 59; goto _test_eof; 
	_test_eof60:  c->cs = 60; goto _test_eof; 
	_test_eof61:  c->cs = 61; goto _test_eof; 
	_test_eof62:  c->cs = 62; goto _test_eof; 
	_test_eof63:  c->cs = 63; goto _test_eof; 
	_test_eof64:  c->cs = 64; goto _test_eof; 
	_test_eof66:  c->cs = 66; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 65 "grammar/calc.rl"
    c->h.pending = len;
    return (size_t)(p - (const unsigned char *)data);
}
