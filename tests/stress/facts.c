#include "tests/stress/facts.h"

const char *const proto_name[NPROTO] = {"zen", "calc", "echo"};
const char *const req_text[NPROTO] = {"Beautiful is better than?", "1,2\n", "hello\n"};
const char *const rep_text[NPROTO] = {"Ugly.", CALC_WELCOME "Sum of input integers: '3'\r\n",
                                      "Echoed: 'hello'\r\n"};
const char *const busy_text[NPROTO] = {"Error: server busy.", "ERROR. Server busy\r\n",
                                       "ERROR. Server busy\r\n"};
