
#line 1 "grammar/calc.rl"
/* The calc protocol: lines of comma-separated integers, summed or multiplied. */
#include "proto/calc.h"


#line 52 "grammar/calc.rl"



#line 7 "gen/calc.c"
static const int calc_start = 66;

static const int calc_en_main = 66;
static const int calc_en_too_long = 63;
static const int calc_en_after_cr = 65;


#line 55 "grammar/calc.rl"

void calc_init(calc *c)
{
    
#line 16 "gen/calc.c"
	{
	 c->cs = calc_start;
	}

#line 59 "grammar/calc.rl"
}

size_t calc_feed(calc *c, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    /* The line's length lives in a register while the machine runs: it is
     * touched on every byte. */
    size_t len = c->h.pending, max = c->h.max_line;
    
#line 27 "gen/calc.c"
	{
	if ( p == pe )
		goto _test_eof;
	switch (  c->cs )
	{
tr1:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 25 "grammar/calc.rl"
	{ calc_bad(c); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 66; goto _out;} }
	goto st66;
tr12:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 21 "grammar/calc.rl"
	{ if (calc_list(c)) {p++;  c->cs = 66; goto _out;} }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 66; goto _out;} }
	goto st66;
tr39:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 23 "grammar/calc.rl"
	{ calc_mode(c, 1); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 66; goto _out;} }
	goto st66;
tr51:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 24 "grammar/calc.rl"
	{ calc_quit(c); {p++;  c->cs = 66; goto _out;} }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 66; goto _out;} }
	goto st66;
tr62:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 22 "grammar/calc.rl"
	{ calc_mode(c, 0); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 66; goto _out;} }
	goto st66;
tr81:
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 66; goto _out;} }
	goto st66;
st66:
	if ( ++p == pe )
		goto _test_eof66;
case 66:
#line 64 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 32u: goto tr3;
		case 43u: goto tr4;
		case 45u: goto tr5;
		case 112u: goto tr78;
		case 113u: goto tr79;
		case 115u: goto tr80;
		case 194u: goto tr7;
		case 225u: goto tr8;
		case 226u: goto tr9;
		case 227u: goto tr10;
	}
	if ( (*p) > 12u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr6;
	} else if ( (*p) >= 9u )
		goto tr3;
	goto tr0;
tr0:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st1;
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
#line 91 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
	}
	goto tr0;
tr2:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 25 "grammar/calc.rl"
	{ calc_bad(c); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 67; goto _out;} }
	goto st67;
tr13:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 21 "grammar/calc.rl"
	{ if (calc_list(c)) {p++;  c->cs = 67; goto _out;} }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 67; goto _out;} }
	goto st67;
tr40:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 23 "grammar/calc.rl"
	{ calc_mode(c, 1); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 67; goto _out;} }
	goto st67;
tr52:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 24 "grammar/calc.rl"
	{ calc_quit(c); {p++;  c->cs = 67; goto _out;} }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 67; goto _out;} }
	goto st67;
tr63:
#line 44 "grammar/calc.rl"
	{ len = 0; }
#line 22 "grammar/calc.rl"
	{ calc_mode(c, 0); }
#line 26 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 67; goto _out;} }
	goto st67;
st67:
	if ( ++p == pe )
		goto _test_eof67;
case 67:
#line 125 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr81;
		case 13u: goto tr2;
		case 32u: goto tr3;
		case 43u: goto tr4;
		case 45u: goto tr5;
		case 112u: goto tr78;
		case 113u: goto tr79;
		case 115u: goto tr80;
		case 194u: goto tr7;
		case 225u: goto tr8;
		case 226u: goto tr9;
		case 227u: goto tr10;
	}
	if ( (*p) > 12u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr6;
	} else if ( (*p) >= 9u )
		goto tr3;
	goto tr0;
tr3:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st2;
tr15:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
#line 20 "grammar/calc.rl"
	{ if (calc_field(c)) {p++;  c->cs = 2; goto _out;} }
	goto st2;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 156 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 32u: goto tr3;
		case 43u: goto tr4;
		case 45u: goto tr5;
		case 194u: goto tr7;
		case 225u: goto tr8;
		case 226u: goto tr9;
		case 227u: goto tr10;
	}
	if ( (*p) > 12u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr6;
	} else if ( (*p) >= 9u )
		goto tr3;
	goto tr0;
tr4:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st3;
tr5:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
#line 17 "grammar/calc.rl"
	{ c->neg = 1; }
	goto st3;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 184 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
	}
	if ( 48u <= (*p) && (*p) <= 57u )
		goto tr6;
	goto tr0;
tr6:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
#line 16 "grammar/calc.rl"
	{ p = calc_digits(c, p, pe, &len, max); }
	goto st4;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 199 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr12;
		case 13u: goto tr13;
		case 32u: goto tr11;
		case 44u: goto tr15;
		case 95u: goto tr4;
		case 194u: goto tr16;
		case 225u: goto tr17;
		case 226u: goto tr18;
		case 227u: goto tr19;
	}
	if ( (*p) < 28u ) {
		if ( 9u <= (*p) && (*p) <= 12u )
			goto tr11;
	} else if ( (*p) > 31u ) {
		if ( 48u <= (*p) && (*p) <= 57u )
			goto tr6;
	} else
		goto tr14;
	goto tr0;
tr11:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st5;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 226 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr12;
		case 13u: goto tr13;
		case 32u: goto tr11;
		case 44u: goto tr15;
		case 194u: goto tr16;
		case 225u: goto tr17;
		case 226u: goto tr18;
		case 227u: goto tr19;
	}
	if ( (*p) > 12u ) {
		if ( 28u <= (*p) && (*p) <= 31u )
			goto tr14;
	} else if ( (*p) >= 9u )
		goto tr11;
	goto tr0;
tr14:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st6;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
#line 249 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr12;
		case 13u: goto tr13;
		case 194u: goto tr20;
		case 225u: goto tr21;
		case 226u: goto tr22;
		case 227u: goto tr23;
	}
	if ( (*p) > 12u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr14;
	} else if ( (*p) >= 9u )
		goto tr14;
	goto tr0;
tr20:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st7;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
#line 270 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 133u: goto tr14;
		case 160u: goto tr14;
	}
	goto tr0;
tr21:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st8;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
#line 284 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 154u: goto tr24;
	}
	goto tr0;
tr24:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st9;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
#line 297 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr14;
	}
	goto tr0;
tr22:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st10;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 310 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr25;
		case 129u: goto tr26;
	}
	goto tr0;
tr25:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st11;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
#line 324 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 175u: goto tr14;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr14;
	} else if ( (*p) >= 128u )
		goto tr14;
	goto tr0;
tr26:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st12;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
#line 342 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 159u: goto tr14;
	}
	goto tr0;
tr23:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st13;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
#line 355 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr24;
	}
	goto tr0;
tr16:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st14;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
#line 368 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 133u: goto tr11;
		case 160u: goto tr11;
	}
	goto tr0;
tr17:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st15;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
#line 382 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 154u: goto tr27;
	}
	goto tr0;
tr27:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st16;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
#line 395 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr11;
	}
	goto tr0;
tr18:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st17;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
#line 408 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr28;
		case 129u: goto tr29;
	}
	goto tr0;
tr28:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st18;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
#line 422 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 175u: goto tr11;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr11;
	} else if ( (*p) >= 128u )
		goto tr11;
	goto tr0;
tr29:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st19;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
#line 440 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 159u: goto tr11;
	}
	goto tr0;
tr19:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st20;
st20:
	if ( ++p == pe )
		goto _test_eof20;
case 20:
#line 453 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr27;
	}
	goto tr0;
tr7:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st21;
st21:
	if ( ++p == pe )
		goto _test_eof21;
case 21:
#line 466 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 133u: goto tr3;
		case 160u: goto tr3;
	}
	goto tr0;
tr8:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st22;
st22:
	if ( ++p == pe )
		goto _test_eof22;
case 22:
#line 480 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 154u: goto tr30;
	}
	goto tr0;
tr30:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st23;
st23:
	if ( ++p == pe )
		goto _test_eof23;
case 23:
#line 493 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr3;
	}
	goto tr0;
tr9:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st24;
st24:
	if ( ++p == pe )
		goto _test_eof24;
case 24:
#line 506 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr31;
		case 129u: goto tr32;
	}
	goto tr0;
tr31:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st25;
st25:
	if ( ++p == pe )
		goto _test_eof25;
case 25:
#line 520 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 175u: goto tr3;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr3;
	} else if ( (*p) >= 128u )
		goto tr3;
	goto tr0;
tr32:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st26;
st26:
	if ( ++p == pe )
		goto _test_eof26;
case 26:
#line 538 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 159u: goto tr3;
	}
	goto tr0;
tr10:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st27;
st27:
	if ( ++p == pe )
		goto _test_eof27;
case 27:
#line 551 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr30;
	}
	goto tr0;
tr78:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st28;
st28:
	if ( ++p == pe )
		goto _test_eof28;
case 28:
#line 564 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 114u: goto tr33;
	}
	goto tr0;
tr33:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st29;
st29:
	if ( ++p == pe )
		goto _test_eof29;
case 29:
#line 577 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 111u: goto tr34;
	}
	goto tr0;
tr34:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st30;
st30:
	if ( ++p == pe )
		goto _test_eof30;
case 30:
#line 590 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 100u: goto tr35;
	}
	goto tr0;
tr35:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st31;
st31:
	if ( ++p == pe )
		goto _test_eof31;
case 31:
#line 603 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 117u: goto tr36;
	}
	goto tr0;
tr36:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st32;
st32:
	if ( ++p == pe )
		goto _test_eof32;
case 32:
#line 616 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 99u: goto tr37;
	}
	goto tr0;
tr37:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st33;
st33:
	if ( ++p == pe )
		goto _test_eof33;
case 33:
#line 629 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 116u: goto tr38;
	}
	goto tr0;
tr38:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st34;
st34:
	if ( ++p == pe )
		goto _test_eof34;
case 34:
#line 642 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr39;
		case 13u: goto tr40;
		case 194u: goto tr41;
		case 225u: goto tr42;
		case 226u: goto tr43;
		case 227u: goto tr44;
	}
	if ( (*p) > 12u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr38;
	} else if ( (*p) >= 9u )
		goto tr38;
	goto tr0;
tr41:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st35;
st35:
	if ( ++p == pe )
		goto _test_eof35;
case 35:
#line 663 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 133u: goto tr38;
		case 160u: goto tr38;
	}
	goto tr0;
tr42:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st36;
st36:
	if ( ++p == pe )
		goto _test_eof36;
case 36:
#line 677 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 154u: goto tr45;
	}
	goto tr0;
tr45:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st37;
st37:
	if ( ++p == pe )
		goto _test_eof37;
case 37:
#line 690 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr38;
	}
	goto tr0;
tr43:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st38;
st38:
	if ( ++p == pe )
		goto _test_eof38;
case 38:
#line 703 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr46;
		case 129u: goto tr47;
	}
	goto tr0;
tr46:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st39;
st39:
	if ( ++p == pe )
		goto _test_eof39;
case 39:
#line 717 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 175u: goto tr38;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr38;
	} else if ( (*p) >= 128u )
		goto tr38;
	goto tr0;
tr47:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st40;
st40:
	if ( ++p == pe )
		goto _test_eof40;
case 40:
#line 735 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 159u: goto tr38;
	}
	goto tr0;
tr44:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st41;
st41:
	if ( ++p == pe )
		goto _test_eof41;
case 41:
#line 748 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr45;
	}
	goto tr0;
tr79:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st42;
st42:
	if ( ++p == pe )
		goto _test_eof42;
case 42:
#line 761 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 117u: goto tr48;
	}
	goto tr0;
tr48:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st43;
st43:
	if ( ++p == pe )
		goto _test_eof43;
case 43:
#line 774 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 105u: goto tr49;
	}
	goto tr0;
tr49:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st44;
st44:
	if ( ++p == pe )
		goto _test_eof44;
case 44:
#line 787 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 116u: goto tr50;
	}
	goto tr0;
tr50:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st45;
st45:
	if ( ++p == pe )
		goto _test_eof45;
case 45:
#line 800 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr51;
		case 13u: goto tr52;
		case 194u: goto tr53;
		case 225u: goto tr54;
		case 226u: goto tr55;
		case 227u: goto tr56;
	}
	if ( (*p) > 12u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr50;
	} else if ( (*p) >= 9u )
		goto tr50;
	goto tr0;
tr53:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st46;
st46:
	if ( ++p == pe )
		goto _test_eof46;
case 46:
#line 821 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 133u: goto tr50;
		case 160u: goto tr50;
	}
	goto tr0;
tr54:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st47;
st47:
	if ( ++p == pe )
		goto _test_eof47;
case 47:
#line 835 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 154u: goto tr57;
	}
	goto tr0;
tr57:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st48;
st48:
	if ( ++p == pe )
		goto _test_eof48;
case 48:
#line 848 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr50;
	}
	goto tr0;
tr55:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st49;
st49:
	if ( ++p == pe )
		goto _test_eof49;
case 49:
#line 861 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr58;
		case 129u: goto tr59;
	}
	goto tr0;
tr58:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st50;
st50:
	if ( ++p == pe )
		goto _test_eof50;
case 50:
#line 875 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 175u: goto tr50;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr50;
	} else if ( (*p) >= 128u )
		goto tr50;
	goto tr0;
tr59:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st51;
st51:
	if ( ++p == pe )
		goto _test_eof51;
case 51:
#line 893 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 159u: goto tr50;
	}
	goto tr0;
tr56:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st52;
st52:
	if ( ++p == pe )
		goto _test_eof52;
case 52:
#line 906 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr57;
	}
	goto tr0;
tr80:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st53;
st53:
	if ( ++p == pe )
		goto _test_eof53;
case 53:
#line 919 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 117u: goto tr60;
	}
	goto tr0;
tr60:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st54;
st54:
	if ( ++p == pe )
		goto _test_eof54;
case 54:
#line 932 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 109u: goto tr61;
	}
	goto tr0;
tr61:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st55;
st55:
	if ( ++p == pe )
		goto _test_eof55;
case 55:
#line 945 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr62;
		case 13u: goto tr63;
		case 194u: goto tr64;
		case 225u: goto tr65;
		case 226u: goto tr66;
		case 227u: goto tr67;
	}
	if ( (*p) > 12u ) {
		if ( 28u <= (*p) && (*p) <= 32u )
			goto tr61;
	} else if ( (*p) >= 9u )
		goto tr61;
	goto tr0;
tr64:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st56;
st56:
	if ( ++p == pe )
		goto _test_eof56;
case 56:
#line 966 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 133u: goto tr61;
		case 160u: goto tr61;
	}
	goto tr0;
tr65:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st57;
st57:
	if ( ++p == pe )
		goto _test_eof57;
case 57:
#line 980 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 154u: goto tr68;
	}
	goto tr0;
tr68:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st58;
st58:
	if ( ++p == pe )
		goto _test_eof58;
case 58:
#line 993 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr61;
	}
	goto tr0;
tr66:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st59;
st59:
	if ( ++p == pe )
		goto _test_eof59;
case 59:
#line 1006 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr69;
		case 129u: goto tr70;
	}
	goto tr0;
tr69:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st60;
st60:
	if ( ++p == pe )
		goto _test_eof60;
case 60:
#line 1020 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 175u: goto tr61;
	}
	if ( (*p) > 138u ) {
		if ( 168u <= (*p) && (*p) <= 169u )
			goto tr61;
	} else if ( (*p) >= 128u )
		goto tr61;
	goto tr0;
tr70:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st61;
st61:
	if ( ++p == pe )
		goto _test_eof61;
case 61:
#line 1038 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 159u: goto tr61;
	}
	goto tr0;
tr67:
#line 10 "grammar/calc.rl"
	{ if (++len > max) { p--; {goto st63;} } }
	goto st62;
st62:
	if ( ++p == pe )
		goto _test_eof62;
case 62:
#line 1051 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 13u: goto tr2;
		case 128u: goto tr68;
	}
	goto tr0;
st63:
	if ( ++p == pe )
		goto _test_eof63;
case 63:
	switch( (*p) ) {
		case 10u: goto st0;
		case 13u: goto st0;
	}
	goto tr71;
tr71:
#line 49 "grammar/calc.rl"
	{ calc_too_long(c); if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
st64:
	if ( ++p == pe )
		goto _test_eof64;
case 64:
#line 1073 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr74;
		case 13u: goto tr75;
	}
	goto st64;
tr74:
#line 50 "grammar/calc.rl"
	{ len = 0; {goto st66;} }
	goto st68;
tr75:
#line 50 "grammar/calc.rl"
	{ len = 0; {goto st65;} }
	goto st68;
st68:
	if ( ++p == pe )
		goto _test_eof68;
case 68:
#line 1088 "gen/calc.c"
	goto st0;
st0:
 c->cs = 0;
	goto _out;
st65:
	if ( ++p == pe )
		goto _test_eof65;
case 65:
	if ( (*p) == 10u )
		goto tr77;
	goto tr76;
tr76:
#line 51 "grammar/calc.rl"
	{ p--; {goto st66;} }
	goto st69;
tr77:
#line 51 "grammar/calc.rl"
	{ {goto st66;} }
	goto st69;
st69:
	if ( ++p == pe )
		goto _test_eof69;
case 69:
#line 1109 "gen/calc.c"
	goto st0;
	}
	_test_eof66:  c->cs = 66; goto _test_eof; 
	_test_eof1:  c->cs = 1; goto _test_eof; 
	_test_eof67:  c->cs = 67; goto _test_eof; 
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
	_test_eof68:  c->cs = 68; goto _test_eof; 
	_test_eof65:  c->cs = 65; goto _test_eof; 
	_test_eof69:  c->cs = 69; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 68 "grammar/calc.rl"
    c->h.pending = len;
    return (size_t)(p - (const unsigned char *)data);
}
