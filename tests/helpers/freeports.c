/* freeports N: print N loopback TCP ports that are free now, one per line,
 * for the programs a test cannot tell to bind port 0 (systemd-socket-
 * activate, haproxy). All N are bound at once, so they are distinct;
 * bound but never listened on, they are free again at exit. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1;
    if (n < 1 || n > 64) {
        fprintf(stderr, "usage: freeports [N]  (1 to 64)\n");
        return 2;
    }
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in sa = {.sin_family = AF_INET};
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t sl = sizeof sa;
        if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0 ||
            getsockname(fd, (struct sockaddr *)&sa, &sl) < 0) {
            perror("freeports");
            return 1;
        }
        printf("%d\n", ntohs(sa.sin_port));
    }
    return 0;
}
