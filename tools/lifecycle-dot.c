/* lifecycle-dot: print the connection lifecycle as Graphviz dot, read from
 * the transition table itself (runtime/conn.c's conn_next), so the picture
 * in docs/ cannot drift from the code. Self-loops are left out: in the
 * table they mean "this event changes nothing here". */
#include <stdio.h>

#include "runtime/conn.h"

/* In enum conn_event order; the assert catches an event added there only. */
static const char *const event_names[] = {
    "backlog", "drained", "peer EOF", "quit", "flushed", "fail", "timeout", "abort",
    "costly request", "computed",
};
_Static_assert(sizeof event_names / sizeof event_names[0] == CONN_NEVENTS,
               "name every enum conn_event here");

int main(void)
{
    puts("digraph lifecycle {\n"
         "\trankdir=LR;\n"
         "\tnode [shape=circle, fontname=\"Helvetica\", fontsize=11, width=1.1, fixedsize=true];\n"
         "\tedge [fontname=\"Helvetica\", fontsize=10];\n"
         "\taccept [shape=point, width=0.1];");
    printf("\t%s [shape=doublecircle];\n", conn_state_name(CONN_CLOSED));
    printf("\taccept -> %s [label=\"accept\"];\n", conn_state_name(CONN_READING));
    for (int from = 0; from < CONN_NSTATES; from++) {
        for (int to = 0; to < CONN_NSTATES; to++) {
            if (to == from)
                continue;
            /* One edge per pair of states, labelled with every event on it. */
            char label[256];
            int len = 0;
            for (int ev = 0; ev < CONN_NEVENTS; ev++)
                if (conn_next[from][ev] == to)
                    len += snprintf(label + len, sizeof label - (size_t)len, "%s%s",
                                    len ? "\\n" : "", event_names[ev]);
            if (len)
                printf("\t%s -> %s [label=\"%s\"];\n", conn_state_name(from),
                       conn_state_name(to), label);
        }
    }
    puts("}");
    return 0;
}
