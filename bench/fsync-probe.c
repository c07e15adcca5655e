/* fsync-probe: how long a small synchronous write takes on this disk, and when the slow ones end.
 *
 *   fsync-probe FILE SECONDS [BYTES]
 *
 * Rewrites BYTES (default 12288, about one small SQLite commit) at one of 100 slots of FILE, then fsyncs, for
 * SECONDS. Prints the count, the rate and the latency percentiles, then how many took over 4 ms and, for those, the
 * millisecond within the wall-clock 100 ms at which each one ended, in 10 ms buckets. Slow fsyncs that all end in the
 * same bucket point at something periodic outside the process (see docs/benchmarks.md, webhook receiver). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: fsync-probe FILE SECONDS [BYTES]\n");
        return 2;
    }
    double seconds = atof(argv[2]);
    size_t bytes = argc > 3 ? (size_t)atol(argv[3]) : 12288;
    int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror(argv[1]);
        return 1;
    }
    char *buffer = malloc(bytes);
    memset(buffer, 'x', bytes);
    for (int slot = 0; slot < 100; slot++) {
        if (pwrite(fd, buffer, bytes, (off_t)slot * bytes) != (ssize_t)bytes) { perror("pwrite"); return 1; }
    }
    fsync(fd);

    size_t capacity = 1 << 16, n = 0;
    double *latency = malloc(capacity * sizeof *latency);
    int buckets[10] = {0}, slow = 0;
    double end = now(CLOCK_MONOTONIC) + seconds;
    while (now(CLOCK_MONOTONIC) < end) {
        if (pwrite(fd, buffer, bytes, (off_t)(n % 100) * bytes) != (ssize_t)bytes) { perror("pwrite"); return 1; }
        double started = now(CLOCK_MONOTONIC);
        if (fsync(fd) != 0) { perror("fsync"); return 1; }
        double ms = (now(CLOCK_MONOTONIC) - started) * 1000;
        if (ms > 4) {
            slow++;
            buckets[(long)(now(CLOCK_REALTIME) * 1000) % 100 / 10]++;
        }
        if (n == capacity) latency = realloc(latency, (capacity *= 2) * sizeof *latency);
        latency[n++] = ms;
    }
    close(fd);
    unlink(argv[1]);
    qsort(latency, n, sizeof *latency, by_value);
    printf("fsync-probe %zu bytes: %zu fsyncs in %.0f s (%.0f/s), p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d over 4 ms\n",
           bytes, n, seconds, n / seconds, latency[n / 2], latency[(size_t)(n * 0.99)], latency[n - 1], slow);
    printf("slow ones by the ms of the wall-clock 100 ms they ended in:");
    for (int b = 0; b < 10; b++) printf(" %d-%d:%d", b * 10, b * 10 + 9, buckets[b]);
    printf("\n");
    return 0;
}
