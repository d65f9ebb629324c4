/* protocols: every protocol unit of this build -- grammar/NAME.rl with its
 * hooks proto/NAME.c, whose table is proto_NAME -- NULL-terminated. make
 * writes the list ($(B)/gen/protocols.c) from the files it finds; nothing
 * else lists protocols. main.c hands it to the runtime (registry_use). */
#ifndef KOAN_PROTOCOLS_H
#define KOAN_PROTOCOLS_H
#include "runtime/proto.h"

extern const proto *const protocols[];

#endif
