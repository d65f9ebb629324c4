
#line 1 "grammar/zen.rl"
/* The zen protocol: a request is the bytes up to and including '?'. */
#include "proto/zen.h"

/* ANSWER: reply with a string literal, its length known at compile time. */
#define ANSWER(s) zen_answer(z, s, sizeof(s) - 1)


#line 33 "grammar/zen.rl"



#line 10 "gen/zen.c"
static const int zen_start = 70;


#line 36 "grammar/zen.rl"

void zen_init(zen *z)
{
    
#line 15 "gen/zen.c"
	{
	 z->cs = zen_start;
	}

#line 40 "grammar/zen.rl"
}

size_t zen_feed(zen *z, const char *data, size_t n)
{
    const unsigned char *p = (const unsigned char *)data, *pe = p + n;
    /* Where this chunk's share of an unfinished question starts; the
     * question's bytes are counted, never kept. */
    const unsigned char *q = p;
    
#line 26 "gen/zen.c"
	{
	if ( p == pe )
		goto _test_eof;
	switch (  z->cs )
	{
tr1:
#line 24 "grammar/zen.rl"
	{ ANSWER("Error: unknown aphorism."); z->h.bad++; }
#line 25 "grammar/zen.rl"
	{ if (parser_spent(&z->h)) {p++;  z->cs = 70; goto _out;} }
	goto st70;
tr4:
#line 23 "grammar/zen.rl"
	{ q = p; z->in_question = 1; }
#line 24 "grammar/zen.rl"
	{ ANSWER("Error: unknown aphorism."); z->h.bad++; }
#line 25 "grammar/zen.rl"
	{ if (parser_spent(&z->h)) {p++;  z->cs = 70; goto _out;} }
	goto st70;
tr31:
#line 16 "grammar/zen.rl"
	{ ANSWER("Ugly."); }
#line 25 "grammar/zen.rl"
	{ if (parser_spent(&z->h)) {p++;  z->cs = 70; goto _out;} }
	goto st70;
tr54:
#line 17 "grammar/zen.rl"
	{ ANSWER("Implicit."); }
#line 25 "grammar/zen.rl"
	{ if (parser_spent(&z->h)) {p++;  z->cs = 70; goto _out;} }
	goto st70;
tr75:
#line 18 "grammar/zen.rl"
	{ ANSWER("Complex."); }
#line 25 "grammar/zen.rl"
	{ if (parser_spent(&z->h)) {p++;  z->cs = 70; goto _out;} }
	goto st70;
st70:
	if ( ++p == pe )
		goto _test_eof70;
case 70:
#line 56 "gen/zen.c"
	switch( (*p) ) {
		case 13u: goto st1;
		case 32u: goto st1;
		case 63u: goto tr4;
		case 66u: goto tr5;
		case 69u: goto tr6;
		case 83u: goto tr7;
	}
	if ( 9u <= (*p) && (*p) <= 10u )
		goto st1;
	goto tr2;
tr2:
#line 23 "grammar/zen.rl"
	{ q = p; z->in_question = 1; }
	goto st0;
st0:
	if ( ++p == pe )
		goto _test_eof0;
case 0:
#line 74 "gen/zen.c"
	if ( (*p) == 63u )
		goto tr1;
	goto st0;
st1:
	if ( ++p == pe )
		goto _test_eof1;
case 1:
	switch( (*p) ) {
		case 13u: goto st1;
		case 32u: goto st1;
		case 63u: goto tr4;
		case 66u: goto tr5;
		case 69u: goto tr6;
		case 83u: goto tr7;
	}
	if ( 9u <= (*p) && (*p) <= 10u )
		goto st1;
	goto tr2;
tr5:
#line 23 "grammar/zen.rl"
	{ q = p; z->in_question = 1; }
	goto st2;
st2:
	if ( ++p == pe )
		goto _test_eof2;
case 2:
#line 99 "gen/zen.c"
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st3;
	}
	goto st0;
st3:
	if ( ++p == pe )
		goto _test_eof3;
case 3:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 97u: goto st4;
	}
	goto st0;
st4:
	if ( ++p == pe )
		goto _test_eof4;
case 4:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 117u: goto st5;
	}
	goto st0;
st5:
	if ( ++p == pe )
		goto _test_eof5;
case 5:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st6;
	}
	goto st0;
st6:
	if ( ++p == pe )
		goto _test_eof6;
case 6:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st7;
	}
	goto st0;
st7:
	if ( ++p == pe )
		goto _test_eof7;
case 7:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 102u: goto st8;
	}
	goto st0;
st8:
	if ( ++p == pe )
		goto _test_eof8;
case 8:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 117u: goto st9;
	}
	goto st0;
st9:
	if ( ++p == pe )
		goto _test_eof9;
case 9:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 108u: goto st10;
	}
	goto st0;
st10:
	if ( ++p == pe )
		goto _test_eof10;
case 10:
	switch( (*p) ) {
		case 32u: goto st11;
		case 63u: goto tr1;
	}
	goto st0;
st11:
	if ( ++p == pe )
		goto _test_eof11;
case 11:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st12;
	}
	goto st0;
st12:
	if ( ++p == pe )
		goto _test_eof12;
case 12:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 115u: goto st13;
	}
	goto st0;
st13:
	if ( ++p == pe )
		goto _test_eof13;
case 13:
	switch( (*p) ) {
		case 32u: goto st14;
		case 63u: goto tr1;
	}
	goto st0;
st14:
	if ( ++p == pe )
		goto _test_eof14;
case 14:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 98u: goto st15;
	}
	goto st0;
st15:
	if ( ++p == pe )
		goto _test_eof15;
case 15:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st16;
	}
	goto st0;
st16:
	if ( ++p == pe )
		goto _test_eof16;
case 16:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st17;
	}
	goto st0;
st17:
	if ( ++p == pe )
		goto _test_eof17;
case 17:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st18;
	}
	goto st0;
st18:
	if ( ++p == pe )
		goto _test_eof18;
case 18:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st19;
	}
	goto st0;
st19:
	if ( ++p == pe )
		goto _test_eof19;
case 19:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 114u: goto st20;
	}
	goto st0;
st20:
	if ( ++p == pe )
		goto _test_eof20;
case 20:
	switch( (*p) ) {
		case 32u: goto st21;
		case 63u: goto tr1;
	}
	goto st0;
st21:
	if ( ++p == pe )
		goto _test_eof21;
case 21:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st22;
	}
	goto st0;
st22:
	if ( ++p == pe )
		goto _test_eof22;
case 22:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 104u: goto st23;
	}
	goto st0;
st23:
	if ( ++p == pe )
		goto _test_eof23;
case 23:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 97u: goto st24;
	}
	goto st0;
st24:
	if ( ++p == pe )
		goto _test_eof24;
case 24:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 110u: goto st25;
	}
	goto st0;
st25:
	if ( ++p == pe )
		goto _test_eof25;
case 25:
	if ( (*p) == 63u )
		goto tr31;
	goto st0;
tr6:
#line 23 "grammar/zen.rl"
	{ q = p; z->in_question = 1; }
	goto st26;
st26:
	if ( ++p == pe )
		goto _test_eof26;
case 26:
#line 316 "gen/zen.c"
	switch( (*p) ) {
		case 63u: goto tr1;
		case 120u: goto st27;
	}
	goto st0;
st27:
	if ( ++p == pe )
		goto _test_eof27;
case 27:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 112u: goto st28;
	}
	goto st0;
st28:
	if ( ++p == pe )
		goto _test_eof28;
case 28:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 108u: goto st29;
	}
	goto st0;
st29:
	if ( ++p == pe )
		goto _test_eof29;
case 29:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st30;
	}
	goto st0;
st30:
	if ( ++p == pe )
		goto _test_eof30;
case 30:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 99u: goto st31;
	}
	goto st0;
st31:
	if ( ++p == pe )
		goto _test_eof31;
case 31:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st32;
	}
	goto st0;
st32:
	if ( ++p == pe )
		goto _test_eof32;
case 32:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st33;
	}
	goto st0;
st33:
	if ( ++p == pe )
		goto _test_eof33;
case 33:
	switch( (*p) ) {
		case 32u: goto st34;
		case 63u: goto tr1;
	}
	goto st0;
st34:
	if ( ++p == pe )
		goto _test_eof34;
case 34:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st35;
	}
	goto st0;
st35:
	if ( ++p == pe )
		goto _test_eof35;
case 35:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 115u: goto st36;
	}
	goto st0;
st36:
	if ( ++p == pe )
		goto _test_eof36;
case 36:
	switch( (*p) ) {
		case 32u: goto st37;
		case 63u: goto tr1;
	}
	goto st0;
st37:
	if ( ++p == pe )
		goto _test_eof37;
case 37:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 98u: goto st38;
	}
	goto st0;
st38:
	if ( ++p == pe )
		goto _test_eof38;
case 38:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st39;
	}
	goto st0;
st39:
	if ( ++p == pe )
		goto _test_eof39;
case 39:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st40;
	}
	goto st0;
st40:
	if ( ++p == pe )
		goto _test_eof40;
case 40:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st41;
	}
	goto st0;
st41:
	if ( ++p == pe )
		goto _test_eof41;
case 41:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st42;
	}
	goto st0;
st42:
	if ( ++p == pe )
		goto _test_eof42;
case 42:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 114u: goto st43;
	}
	goto st0;
st43:
	if ( ++p == pe )
		goto _test_eof43;
case 43:
	switch( (*p) ) {
		case 32u: goto st44;
		case 63u: goto tr1;
	}
	goto st0;
st44:
	if ( ++p == pe )
		goto _test_eof44;
case 44:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st45;
	}
	goto st0;
st45:
	if ( ++p == pe )
		goto _test_eof45;
case 45:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 104u: goto st46;
	}
	goto st0;
st46:
	if ( ++p == pe )
		goto _test_eof46;
case 46:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 97u: goto st47;
	}
	goto st0;
st47:
	if ( ++p == pe )
		goto _test_eof47;
case 47:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 110u: goto st48;
	}
	goto st0;
st48:
	if ( ++p == pe )
		goto _test_eof48;
case 48:
	if ( (*p) == 63u )
		goto tr54;
	goto st0;
tr7:
#line 23 "grammar/zen.rl"
	{ q = p; z->in_question = 1; }
	goto st49;
st49:
	if ( ++p == pe )
		goto _test_eof49;
case 49:
#line 524 "gen/zen.c"
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st50;
	}
	goto st0;
st50:
	if ( ++p == pe )
		goto _test_eof50;
case 50:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 109u: goto st51;
	}
	goto st0;
st51:
	if ( ++p == pe )
		goto _test_eof51;
case 51:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 112u: goto st52;
	}
	goto st0;
st52:
	if ( ++p == pe )
		goto _test_eof52;
case 52:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 108u: goto st53;
	}
	goto st0;
st53:
	if ( ++p == pe )
		goto _test_eof53;
case 53:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st54;
	}
	goto st0;
st54:
	if ( ++p == pe )
		goto _test_eof54;
case 54:
	switch( (*p) ) {
		case 32u: goto st55;
		case 63u: goto tr1;
	}
	goto st0;
st55:
	if ( ++p == pe )
		goto _test_eof55;
case 55:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 105u: goto st56;
	}
	goto st0;
st56:
	if ( ++p == pe )
		goto _test_eof56;
case 56:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 115u: goto st57;
	}
	goto st0;
st57:
	if ( ++p == pe )
		goto _test_eof57;
case 57:
	switch( (*p) ) {
		case 32u: goto st58;
		case 63u: goto tr1;
	}
	goto st0;
st58:
	if ( ++p == pe )
		goto _test_eof58;
case 58:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 98u: goto st59;
	}
	goto st0;
st59:
	if ( ++p == pe )
		goto _test_eof59;
case 59:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st60;
	}
	goto st0;
st60:
	if ( ++p == pe )
		goto _test_eof60;
case 60:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st61;
	}
	goto st0;
st61:
	if ( ++p == pe )
		goto _test_eof61;
case 61:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st62;
	}
	goto st0;
st62:
	if ( ++p == pe )
		goto _test_eof62;
case 62:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 101u: goto st63;
	}
	goto st0;
st63:
	if ( ++p == pe )
		goto _test_eof63;
case 63:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 114u: goto st64;
	}
	goto st0;
st64:
	if ( ++p == pe )
		goto _test_eof64;
case 64:
	switch( (*p) ) {
		case 32u: goto st65;
		case 63u: goto tr1;
	}
	goto st0;
st65:
	if ( ++p == pe )
		goto _test_eof65;
case 65:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 116u: goto st66;
	}
	goto st0;
st66:
	if ( ++p == pe )
		goto _test_eof66;
case 66:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 104u: goto st67;
	}
	goto st0;
st67:
	if ( ++p == pe )
		goto _test_eof67;
case 67:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 97u: goto st68;
	}
	goto st0;
st68:
	if ( ++p == pe )
		goto _test_eof68;
case 68:
	switch( (*p) ) {
		case 63u: goto tr1;
		case 110u: goto st69;
	}
	goto st0;
st69:
	if ( ++p == pe )
		goto _test_eof69;
case 69:
	if ( (*p) == 63u )
		goto tr75;
	goto st0;
	}
	_test_eof70:  z->cs = 70; goto _test_eof; 
	_test_eof0:  z->cs = 0; goto _test_eof; 
	_test_eof1:  z->cs = 1; goto _test_eof; 
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
	_test_eof35:  z->cs = 35; goto _test_eof; 
	_test_eof36:  z->cs = 36; goto _test_eof; 
	_test_eof37:  z->cs = 37; goto _test_eof; 
	_test_eof38:  z->cs = 38; goto _test_eof; 
	_test_eof39:  z->cs = 39; goto _test_eof; 
	_test_eof40:  z->cs = 40; goto _test_eof; 
	_test_eof41:  z->cs = 41; goto _test_eof; 
	_test_eof42:  z->cs = 42; goto _test_eof; 
	_test_eof43:  z->cs = 43; goto _test_eof; 
	_test_eof44:  z->cs = 44; goto _test_eof; 
	_test_eof45:  z->cs = 45; goto _test_eof; 
	_test_eof46:  z->cs = 46; goto _test_eof; 
	_test_eof47:  z->cs = 47; goto _test_eof; 
	_test_eof48:  z->cs = 48; goto _test_eof; 
	_test_eof49:  z->cs = 49; goto _test_eof; 
	_test_eof50:  z->cs = 50; goto _test_eof; 
	_test_eof51:  z->cs = 51; goto _test_eof; 
	_test_eof52:  z->cs = 52; goto _test_eof; 
	_test_eof53:  z->cs = 53; goto _test_eof; 
	_test_eof54:  z->cs = 54; goto _test_eof; 
	_test_eof55:  z->cs = 55; goto _test_eof; 
	_test_eof56:  z->cs = 56; goto _test_eof; 
	_test_eof57:  z->cs = 57; goto _test_eof; 
	_test_eof58:  z->cs = 58; goto _test_eof; 
	_test_eof59:  z->cs = 59; goto _test_eof; 
	_test_eof60:  z->cs = 60; goto _test_eof; 
	_test_eof61:  z->cs = 61; goto _test_eof; 
	_test_eof62:  z->cs = 62; goto _test_eof; 
	_test_eof63:  z->cs = 63; goto _test_eof; 
	_test_eof64:  z->cs = 64; goto _test_eof; 
	_test_eof65:  z->cs = 65; goto _test_eof; 
	_test_eof66:  z->cs = 66; goto _test_eof; 
	_test_eof67:  z->cs = 67; goto _test_eof; 
	_test_eof68:  z->cs = 68; goto _test_eof; 
	_test_eof69:  z->cs = 69; goto _test_eof; 

	_test_eof: {}
	_out: {}
	}

#line 49 "grammar/zen.rl"
    if (z->in_question)
        z->h.pending += (size_t)(p - q);
    return (size_t)(p - (const unsigned char *)data);
}
