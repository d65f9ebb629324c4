/* The protocols this build serves; the runtime finds them by name here. */
#include <string.h>

#include "proto/calc.h"
#include "proto/echo.h"
#include "proto/zen.h"

const proto *const proto_all[] = {&proto_zen, &proto_calc, &proto_echo, NULL};

const proto *proto_find(const char *name)
{
    for (const proto *const *p = proto_all; *p; p++)
        if (strcmp((*p)->name, name) == 0)
            return *p;
    return NULL;
}
