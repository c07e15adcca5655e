/*
 * open-loop: constant-rate HTTP load for bench/webhook-throughput.sh (what wrk2 does; wrk2 is not packaged here).
 *
 *   open-loop URL RATE SECONDS TAG [CONNECTIONS]      (environment: WEBHOOK_SECRET)
 *
 * POSTs RATE requests a second for SECONDS to URL (http://HOST:PORT/PATH, IPv4) over CONNECTIONS keep-alive
 * connections (default 64). Request i is due at start + i / RATE, whether or not earlier ones were answered; a due
 * request waits for a free connection, and its latency runs from the time it was due, not from when it was sent, so a
 * server that stalls cannot hide its queue (coordinated omission). Bodies are the Instantly-shaped events of
 * bench/webhook-throughput.lua, unique per request, with event_type bench_TAG and the secret header. Two seconds at
 * the same rate come first to warm both sides up; they are tagged bench_TAGwarm and not counted.
 *
 * It is C, not .NET, so that the load generator takes little of the two cores the server shares with it: the .NET
 * client it replaces showed a p99 of 10 ms against a server that answers 200 without doing anything.
 * Prints one line: open RATE/s for SECONDS s: sent, 2xx, non-2xx, errors, answered/s, p50, p99, p99.9, max.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define BUFFER 8192
#define WARM_UP_SECONDS 2

struct connection {
    int fd;
    long request;          /* the request in flight, or -1 */
    char out[BUFFER];
    size_t out_length, out_sent;
    char in[BUFFER + 1];   /* NUL-terminated, for the header scan */
    size_t in_length;
};

static struct sockaddr_in address;
static const char *host_header, *path, *secret, *tag;
static long total, warm_up;
static double rate;
static int64_t start;
static double *latencies;   /* ms, per request */
static int *statuses;       /* HTTP status, 0 for a connection error, -1 while not answered */

static int64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t due(long i) { return start + (int64_t)((double)i * 1e9 / rate); }

static void fail(const char *what) {
    perror(what);
    exit(2);
}

static int open_connection(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) fail("socket");
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0) fail("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    /* Non-blocking after the (loopback, immediate) connect: reads and writes must never stall the schedule. */
    if (fcntl(fd, F_SETFL, O_NONBLOCK) < 0) fail("fcntl");
    return fd;
}

static void watch(int epoll, struct connection *c, uint32_t events, int op) {
    struct epoll_event e = {.events = events, .data.ptr = c};
    if (epoll_ctl(epoll, op, c->fd, &e) < 0) fail("epoll_ctl");
}

static void record(long i, int status) {
    latencies[i] = (double)(now_ns() - due(i)) / 1e6;
    statuses[i] = status;
}

/* Writes what is left of the request; true when all of it is sent. */
static int flush(struct connection *c) {
    while (c->out_sent < c->out_length) {
        ssize_t n = send(c->fd, c->out + c->out_sent, c->out_length - c->out_sent, MSG_NOSIGNAL);
        if (n < 0) return errno == EAGAIN ? 0 : -1;
        c->out_sent += (size_t)n;
    }
    return 1;
}

static int start_request(int epoll, struct connection *c, long i) {
    char body[512];
    int body_length = snprintf(body, sizeof body,
        "{\"event_type\":\"bench_%s%s\",\"timestamp\":\"2026-11-30T12:00:00Z\",\"workspace\":\"ws-bench\","
        "\"campaign_id\":\"c-1\",\"lead_email\":\"lead-open-%ld@example.com\"}",
        tag, i < warm_up ? "warm" : "", i);
    int length = snprintf(c->out, sizeof c->out,
        "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-Keyward-Webhook-Secret: %s\r\n"
        "Content-Length: %d\r\n\r\n%s",
        path, host_header, secret, body_length, body);
    if (length <= 0 || (size_t)length >= sizeof c->out) {
        fprintf(stderr, "open-loop: the request does not fit in %d bytes\n", BUFFER);
        exit(2);
    }
    c->out_length = (size_t)length;
    c->out_sent = 0;
    c->request = i;
    int sent = flush(c);
    if (sent < 0) return -1;
    watch(epoll, c, sent ? EPOLLIN : EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
    return 0;
}

/* The length of one complete response at the start of in (headers and body), 0 if incomplete, -1 if malformed. */
static long complete_response(const char *in, size_t length, int *status) {
    const char *end = memmem(in, length, "\r\n\r\n", 4);
    if (end == NULL) return 0;
    if (length < 12 || strncmp(in, "HTTP/1.", 7) != 0) return -1;
    *status = atoi(in + 9);
    size_t headers = (size_t)(end - in) + 4;
    long content_length = 0;
    int chunked = 0;
    for (const char *line = strstr(in, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) content_length = atol(line + 15);
        if (strncasecmp(line, "Transfer-Encoding:", 18) == 0) {
            const char *value = strcasestr(line, "chunked");
            chunked = value != NULL && value < strstr(line, "\r\n");
        }
    }
    if (!chunked) return headers + (size_t)content_length <= length ? (long)(headers + (size_t)content_length) : 0;
    /* Chunked: sizes in hex, each chunk followed by CRLF; a zero-size chunk and an empty line end the body. */
    size_t at = headers;
    while (1) {
        const char *line_end = memmem(in + at, length - at, "\r\n", 2);
        if (line_end == NULL) return 0;
        long size = strtol(in + at, NULL, 16);
        at = (size_t)(line_end - in) + 2;
        if (size == 0) return at + 2 <= length ? (long)(at + 2) : 0;
        at += (size_t)size + 2;
        if (at > length) return 0;
    }
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: open-loop URL RATE SECONDS TAG [CONNECTIONS]   (environment: WEBHOOK_SECRET)\n");
        return 2;
    }
    static char host[256], target[1024];
    int port = 80;
    if (sscanf(argv[1], "http://%255[^:/]:%d%1023s", host, &port, target) < 2) {
        fprintf(stderr, "open-loop: URL must be http://IPV4:PORT/PATH, not %s\n", argv[1]);
        return 2;
    }
    path = target[0] ? target : "/";
    static char host_port[300];
    snprintf(host_port, sizeof host_port, "%s:%d", host, port);
    host_header = host_port;
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        fprintf(stderr, "open-loop: %s is not an IPv4 address\n", host);
        return 2;
    }
    rate = atof(argv[2]);
    int seconds = atoi(argv[3]);
    tag = argv[4];
    int count = argc > 5 ? atoi(argv[5]) : 64;
    secret = getenv("WEBHOOK_SECRET") ? getenv("WEBHOOK_SECRET") : "";
    if (rate <= 0 || seconds <= 0 || count <= 0) {
        fprintf(stderr, "open-loop: RATE, SECONDS and CONNECTIONS must be positive\n");
        return 2;
    }

    warm_up = (long)(rate * WARM_UP_SECONDS);
    total = warm_up + (long)(rate * seconds);
    latencies = calloc((size_t)total, sizeof *latencies);
    statuses = malloc((size_t)total * sizeof *statuses);
    long *waiting = malloc((size_t)total * sizeof *waiting);   /* due, not yet sent: a FIFO */
    struct connection **idle = malloc((size_t)count * sizeof *idle);
    struct connection *connections = calloc((size_t)count, sizeof *connections);
    if (!latencies || !statuses || !waiting || !idle || !connections) fail("malloc");
    for (long i = 0; i < total; i++) statuses[i] = -1;

    int epoll = epoll_create1(0);
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (epoll < 0 || timer < 0) fail("epoll/timerfd");
    struct epoll_event timer_event = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epoll, EPOLL_CTL_ADD, timer, &timer_event);
    int idle_count = 0;
    for (int k = 0; k < count; k++) {
        connections[k].fd = open_connection();
        connections[k].request = -1;
        watch(epoll, &connections[k], EPOLLIN, EPOLL_CTL_ADD);
        idle[idle_count++] = &connections[k];
    }

    start = now_ns();
    long next = 0, head = 0, tail = 0, answered = 0;
    int64_t give_up = due(total) + (int64_t)30 * 1000000000;
    struct epoll_event events[256];
    while (answered < total && now_ns() < give_up) {
        for (int64_t now = now_ns(); next < total && due(next) <= now; next++) waiting[tail++] = next;
        while (head < tail && idle_count > 0) {
            struct connection *c = idle[--idle_count];
            long i = waiting[head++];
            if (start_request(epoll, c, i) < 0) {
                record(i, 0);
                answered++;
                close(c->fd);
                c->fd = open_connection();
                c->request = -1;
                watch(epoll, c, EPOLLIN, EPOLL_CTL_ADD);
                idle[idle_count++] = c;
            }
        }
        if (next < total) {
            int64_t at = due(next);
            struct itimerspec when = {.it_value = {.tv_sec = at / 1000000000, .tv_nsec = at % 1000000000}};
            timerfd_settime(timer, TFD_TIMER_ABSTIME, &when, NULL);
        }
        int ready = epoll_wait(epoll, events, 256, next < total ? -1 : 100);
        for (int e = 0; e < ready; e++) {
            struct connection *c = events[e].data.ptr;
            if (c == NULL) {
                uint64_t expirations;
                while (read(timer, &expirations, sizeof expirations) > 0) {
                }
                continue;
            }
            if ((events[e].events & EPOLLOUT) && flush(c) == 1) watch(epoll, c, EPOLLIN, EPOLL_CTL_MOD);
            if (!(events[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP))) continue;
            ssize_t n = recv(c->fd, c->in + c->in_length, BUFFER - c->in_length, 0);
            if (n < 0 && errno == EAGAIN) continue;
            if (n > 0) c->in_length += (size_t)n;
            c->in[c->in_length] = '\0';
            int status = 0;
            long used = n > 0 ? complete_response(c->in, c->in_length, &status) : -1;
            if (used == 0 && c->in_length < BUFFER) continue;
            int busy = c->request >= 0;
            if (busy) {
                record(c->request, used > 0 ? status : 0);
                answered++;
                c->request = -1;
            }
            if (used > 0) {
                memmove(c->in, c->in + used, c->in_length - (size_t)used);
                c->in_length -= (size_t)used;
            } else {
                /* Closed, failed or unparsable: a new connection takes its place. */
                epoll_ctl(epoll, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->fd = open_connection();
                c->in_length = 0;
                watch(epoll, c, EPOLLIN, EPOLL_CTL_ADD);
            }
            if (busy) idle[idle_count++] = c;
        }
    }

    double elapsed = (double)(now_ns() - start) / 1e9 - WARM_UP_SECONDS;
    long ok = 0, rejected = 0, errors = 0, measured = 0;
    double *sorted = malloc((size_t)(total - warm_up) * sizeof *sorted);
    if (!sorted) fail("malloc");
    for (long i = warm_up; i < total; i++) {
        if (statuses[i] >= 200 && statuses[i] < 300) ok++;
        else if (statuses[i] >= 300) rejected++;
        else errors++;
        if (statuses[i] > 0) sorted[measured++] = latencies[i];
    }
    qsort(sorted, (size_t)measured, sizeof *sorted, by_value);
#define AT(q) (measured ? sorted[(long)((double)measured * (q)) < measured ? (long)((double)measured * (q)) : measured - 1] : 0.0 / 0.0)
    printf("open %.0f/s for %d s: sent %ld, 2xx %ld, non-2xx %ld, errors %ld, answered %.0f/s, p50 %.2f ms, "
           "p99 %.2f ms, p99.9 %.2f ms, max %.1f ms\n",
        rate, seconds, total - warm_up, ok, rejected, errors, (double)measured / elapsed, AT(0.5), AT(0.99), AT(0.999),
        measured ? sorted[measured - 1] : 0.0 / 0.0);
    return errors == 0 ? 0 : 1;
}
