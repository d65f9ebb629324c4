
#line 1 "grammar/calc.rl"
/* The calc protocol: lines of comma-separated integers, summed or multiplied. */
#include "proto/calc.h"


#line 40 "grammar/calc.rl"



#line 7 "gen/calc.c"
static const int calc_start = 64;

static const int calc_en_main = 64;
static const int calc_en_discard = 63;


#line 43 "grammar/calc.rl"

void calc_init(calc *c)
{
    
#line 15 "gen/calc.c"
	{
	 c->cs = calc_start;
	}

#line 47 "grammar/calc.rl"
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
	goto _resume;

_again:
	switch (  c->cs ) {
		case 64: goto st64;
		case 1: goto st1;
		case 2: goto st2;
		case 3: goto st3;
		case 4: goto st4;
		case 5: goto st5;
		case 6: goto st6;
		case 7: goto st7;
		case 8: goto st8;
		case 9: goto st9;
		case 10: goto st10;
		case 11: goto st11;
		case 12: goto st12;
		case 13: goto st13;
		case 14: goto st14;
		case 15: goto st15;
		case 16: goto st16;
		case 17: goto st17;
		case 18: goto st18;
		case 19: goto st19;
		case 20: goto st20;
		case 21: goto st21;
		case 22: goto st22;
		case 23: goto st23;
		case 24: goto st24;
		case 25: goto st25;
		case 26: goto st26;
		case 27: goto st27;
		case 28: goto st28;
		case 29: goto st29;
		case 30: goto st30;
		case 31: goto st31;
		case 32: goto st32;
		case 33: goto st33;
		case 34: goto st34;
		case 35: goto st35;
		case 36: goto st36;
		case 37: goto st37;
		case 38: goto st38;
		case 39: goto st39;
		case 40: goto st40;
		case 41: goto st41;
		case 42: goto st42;
		case 43: goto st43;
		case 44: goto st44;
		case 45: goto st45;
		case 46: goto st46;
		case 47: goto st47;
		case 48: goto st48;
		case 49: goto st49;
		case 50: goto st50;
		case 51: goto st51;
		case 52: goto st52;
		case 53: goto st53;
		case 54: goto st54;
		case 55: goto st55;
		case 56: goto st56;
		case 57: goto st57;
		case 58: goto st58;
		case 59: goto st59;
		case 60: goto st60;
		case 61: goto st61;
		case 62: goto st62;
		case 63: goto st63;
		case 65: goto st65;
		case 0: goto st0;
	default: break;
	}

	if ( ++p == pe )
		goto _test_eof;
_resume:
	switch (  c->cs )
	{
tr1:
#line 36 "grammar/calc.rl"
	{ len = 0; }
#line 18 "grammar/calc.rl"
	{ calc_bad(c); }
#line 19 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
tr11:
#line 36 "grammar/calc.rl"
	{ len = 0; }
#line 14 "grammar/calc.rl"
	{ calc_field(c); calc_result(c); }
#line 19 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
tr37:
#line 36 "grammar/calc.rl"
	{ len = 0; }
#line 16 "grammar/calc.rl"
	{ calc_mode(c, 1); }
#line 19 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
tr48:
#line 36 "grammar/calc.rl"
	{ len = 0; }
#line 17 "grammar/calc.rl"
	{ calc_quit(c); {p++;  c->cs = 64; goto _out;} }
#line 19 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
tr58:
#line 36 "grammar/calc.rl"
	{ len = 0; }
#line 15 "grammar/calc.rl"
	{ calc_mode(c, 0); }
#line 19 "grammar/calc.rl"
	{ if (parser_spent(&c->h)) {p++;  c->cs = 64; goto _out;} }
	goto st64;
st64:
	if ( ++p == pe )
		goto _test_eof64;
case 64:
#line 136 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 32u: goto tr2;
		case 43u: goto tr3;
		case 45u: goto tr4;
		case 112u: goto tr68;
		case 113u: goto tr69;
		case 115u: goto tr70;
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
	 c->cs = 1;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
#line 163 "gen/calc.c"
	if ( (*p) == 10u )
		goto tr1;
	goto tr0;
tr2:
	 c->cs = 2;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
tr13:
	 c->cs = 2;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
#line 13 "grammar/calc.rl"
	{ calc_field(c); }
	goto _again;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 179 "gen/calc.c"
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
	 c->cs = 3;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
tr4:
	 c->cs = 3;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
#line 12 "grammar/calc.rl"
	{ c->neg = 1; }
	goto _again;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
#line 208 "gen/calc.c"
	if ( (*p) == 10u )
		goto tr1;
	if ( 48u <= (*p) && (*p) <= 57u )
		goto tr5;
	goto tr0;
tr5:
	 c->cs = 4;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
#line 11 "grammar/calc.rl"
	{ calc_digit(c, (*p) - '0'); }
	goto _again;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
#line 222 "gen/calc.c"
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
	 c->cs = 5;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
#line 249 "gen/calc.c"
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
	 c->cs = 6;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
#line 272 "gen/calc.c"
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
	 c->cs = 7;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
#line 293 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr12;
		case 160u: goto tr12;
	}
	goto tr0;
tr19:
	 c->cs = 8;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
#line 307 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr22;
	}
	goto tr0;
tr22:
	 c->cs = 9;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
#line 320 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr12;
	}
	goto tr0;
tr20:
	 c->cs = 10;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
#line 333 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr23;
		case 129u: goto tr24;
	}
	goto tr0;
tr23:
	 c->cs = 11;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
#line 347 "gen/calc.c"
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
	 c->cs = 12;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
#line 365 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr12;
	}
	goto tr0;
tr21:
	 c->cs = 13;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
#line 378 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr22;
	}
	goto tr0;
tr14:
	 c->cs = 14;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
#line 391 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr10;
		case 160u: goto tr10;
	}
	goto tr0;
tr15:
	 c->cs = 15;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
#line 405 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr25;
	}
	goto tr0;
tr25:
	 c->cs = 16;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
#line 418 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr10;
	}
	goto tr0;
tr16:
	 c->cs = 17;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
#line 431 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr26;
		case 129u: goto tr27;
	}
	goto tr0;
tr26:
	 c->cs = 18;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
#line 445 "gen/calc.c"
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
	 c->cs = 19;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
#line 463 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr10;
	}
	goto tr0;
tr17:
	 c->cs = 20;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st20:
	if ( ++p == pe )
		goto _test_eof20;
case 20:
#line 476 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr25;
	}
	goto tr0;
tr6:
	 c->cs = 21;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st21:
	if ( ++p == pe )
		goto _test_eof21;
case 21:
#line 489 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr2;
		case 160u: goto tr2;
	}
	goto tr0;
tr7:
	 c->cs = 22;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st22:
	if ( ++p == pe )
		goto _test_eof22;
case 22:
#line 503 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr28;
	}
	goto tr0;
tr28:
	 c->cs = 23;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st23:
	if ( ++p == pe )
		goto _test_eof23;
case 23:
#line 516 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr2;
	}
	goto tr0;
tr8:
	 c->cs = 24;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st24:
	if ( ++p == pe )
		goto _test_eof24;
case 24:
#line 529 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr29;
		case 129u: goto tr30;
	}
	goto tr0;
tr29:
	 c->cs = 25;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st25:
	if ( ++p == pe )
		goto _test_eof25;
case 25:
#line 543 "gen/calc.c"
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
	 c->cs = 26;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st26:
	if ( ++p == pe )
		goto _test_eof26;
case 26:
#line 561 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr2;
	}
	goto tr0;
tr9:
	 c->cs = 27;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st27:
	if ( ++p == pe )
		goto _test_eof27;
case 27:
#line 574 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr28;
	}
	goto tr0;
tr68:
	 c->cs = 28;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st28:
	if ( ++p == pe )
		goto _test_eof28;
case 28:
#line 587 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 114u: goto tr31;
	}
	goto tr0;
tr31:
	 c->cs = 29;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st29:
	if ( ++p == pe )
		goto _test_eof29;
case 29:
#line 600 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 111u: goto tr32;
	}
	goto tr0;
tr32:
	 c->cs = 30;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st30:
	if ( ++p == pe )
		goto _test_eof30;
case 30:
#line 613 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 100u: goto tr33;
	}
	goto tr0;
tr33:
	 c->cs = 31;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st31:
	if ( ++p == pe )
		goto _test_eof31;
case 31:
#line 626 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 117u: goto tr34;
	}
	goto tr0;
tr34:
	 c->cs = 32;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st32:
	if ( ++p == pe )
		goto _test_eof32;
case 32:
#line 639 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 99u: goto tr35;
	}
	goto tr0;
tr35:
	 c->cs = 33;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st33:
	if ( ++p == pe )
		goto _test_eof33;
case 33:
#line 652 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 116u: goto tr36;
	}
	goto tr0;
tr36:
	 c->cs = 34;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st34:
	if ( ++p == pe )
		goto _test_eof34;
case 34:
#line 665 "gen/calc.c"
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
	 c->cs = 35;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st35:
	if ( ++p == pe )
		goto _test_eof35;
case 35:
#line 686 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr36;
		case 160u: goto tr36;
	}
	goto tr0;
tr39:
	 c->cs = 36;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st36:
	if ( ++p == pe )
		goto _test_eof36;
case 36:
#line 700 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr42;
	}
	goto tr0;
tr42:
	 c->cs = 37;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st37:
	if ( ++p == pe )
		goto _test_eof37;
case 37:
#line 713 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr36;
	}
	goto tr0;
tr40:
	 c->cs = 38;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st38:
	if ( ++p == pe )
		goto _test_eof38;
case 38:
#line 726 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr43;
		case 129u: goto tr44;
	}
	goto tr0;
tr43:
	 c->cs = 39;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st39:
	if ( ++p == pe )
		goto _test_eof39;
case 39:
#line 740 "gen/calc.c"
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
	 c->cs = 40;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st40:
	if ( ++p == pe )
		goto _test_eof40;
case 40:
#line 758 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr36;
	}
	goto tr0;
tr41:
	 c->cs = 41;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st41:
	if ( ++p == pe )
		goto _test_eof41;
case 41:
#line 771 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr42;
	}
	goto tr0;
tr69:
	 c->cs = 42;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st42:
	if ( ++p == pe )
		goto _test_eof42;
case 42:
#line 784 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 117u: goto tr45;
	}
	goto tr0;
tr45:
	 c->cs = 43;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st43:
	if ( ++p == pe )
		goto _test_eof43;
case 43:
#line 797 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 105u: goto tr46;
	}
	goto tr0;
tr46:
	 c->cs = 44;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st44:
	if ( ++p == pe )
		goto _test_eof44;
case 44:
#line 810 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 116u: goto tr47;
	}
	goto tr0;
tr47:
	 c->cs = 45;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st45:
	if ( ++p == pe )
		goto _test_eof45;
case 45:
#line 823 "gen/calc.c"
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
	 c->cs = 46;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st46:
	if ( ++p == pe )
		goto _test_eof46;
case 46:
#line 844 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr47;
		case 160u: goto tr47;
	}
	goto tr0;
tr50:
	 c->cs = 47;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st47:
	if ( ++p == pe )
		goto _test_eof47;
case 47:
#line 858 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr53;
	}
	goto tr0;
tr53:
	 c->cs = 48;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st48:
	if ( ++p == pe )
		goto _test_eof48;
case 48:
#line 871 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr47;
	}
	goto tr0;
tr51:
	 c->cs = 49;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st49:
	if ( ++p == pe )
		goto _test_eof49;
case 49:
#line 884 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr54;
		case 129u: goto tr55;
	}
	goto tr0;
tr54:
	 c->cs = 50;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st50:
	if ( ++p == pe )
		goto _test_eof50;
case 50:
#line 898 "gen/calc.c"
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
	 c->cs = 51;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st51:
	if ( ++p == pe )
		goto _test_eof51;
case 51:
#line 916 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr47;
	}
	goto tr0;
tr52:
	 c->cs = 52;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st52:
	if ( ++p == pe )
		goto _test_eof52;
case 52:
#line 929 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr53;
	}
	goto tr0;
tr70:
	 c->cs = 53;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st53:
	if ( ++p == pe )
		goto _test_eof53;
case 53:
#line 942 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 117u: goto tr56;
	}
	goto tr0;
tr56:
	 c->cs = 54;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st54:
	if ( ++p == pe )
		goto _test_eof54;
case 54:
#line 955 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 109u: goto tr57;
	}
	goto tr0;
tr57:
	 c->cs = 55;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st55:
	if ( ++p == pe )
		goto _test_eof55;
case 55:
#line 968 "gen/calc.c"
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
	 c->cs = 56;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st56:
	if ( ++p == pe )
		goto _test_eof56;
case 56:
#line 989 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 133u: goto tr57;
		case 160u: goto tr57;
	}
	goto tr0;
tr60:
	 c->cs = 57;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st57:
	if ( ++p == pe )
		goto _test_eof57;
case 57:
#line 1003 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 154u: goto tr63;
	}
	goto tr0;
tr63:
	 c->cs = 58;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st58:
	if ( ++p == pe )
		goto _test_eof58;
case 58:
#line 1016 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr57;
	}
	goto tr0;
tr61:
	 c->cs = 59;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st59:
	if ( ++p == pe )
		goto _test_eof59;
case 59:
#line 1029 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 128u: goto tr64;
		case 129u: goto tr65;
	}
	goto tr0;
tr64:
	 c->cs = 60;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st60:
	if ( ++p == pe )
		goto _test_eof60;
case 60:
#line 1043 "gen/calc.c"
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
	 c->cs = 61;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st61:
	if ( ++p == pe )
		goto _test_eof61;
case 61:
#line 1061 "gen/calc.c"
	switch( (*p) ) {
		case 10u: goto tr1;
		case 159u: goto tr57;
	}
	goto tr0;
tr62:
	 c->cs = 62;
#line 10 "grammar/calc.rl"
	{ if (++len > max) { calc_too_long(c); if (parser_spent(&c->h)) {  c->cs = 63; {p++; goto _out;} } {goto st63;} } }
	goto _again;
st62:
	if ( ++p == pe )
		goto _test_eof62;
case 62:
#line 1074 "gen/calc.c"
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
		goto tr67;
	goto st63;
tr67:
#line 39 "grammar/calc.rl"
	{ len = 0; {goto st64;} }
	goto st65;
st65:
	if ( ++p == pe )
		goto _test_eof65;
case 65:
#line 1093 "gen/calc.c"
	goto st0;
st0:
 c->cs = 0;
	goto _out;
	}
	_test_eof64:  c->cs = 64; goto _test_eof; 
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
	_test_eof65:  c->cs = 65; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 56 "grammar/calc.rl"
    c->h.pending = len;
    return (size_t)(p - (const unsigned char *)data);
}
