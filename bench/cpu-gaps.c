/* cpu-gaps: whether the whole machine pauses, and when.
 *
 *   cpu-gaps THREADS SECONDS
 *
 * Spins THREADS threads that each read the monotonic clock in a loop for SECONDS, and counts the gaps of over 1 ms
 * between two reads: times the thread did not run. On an otherwise idle machine with one thread per core, a gap means
 * the virtual CPU itself was not running. Prints, per thread, the gaps, their total, and the millisecond within the
 * wall-clock 100 ms at which each one ended, in 10 ms buckets. Gaps on every thread at once, ending in the same
 * bucket, point at a budget of the host (docs/benchmarks.md, webhook receiver). Run it beside fsync-probe to see
 * whether disk writes cost the guest its CPU. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds;

static double now_ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *spin(void *arg) {
    long id = (long)arg;
    double start = now_ms(CLOCK_MONOTONIC), last = start, paused = 0;
    int gaps = 0, buckets[10] = {0};
    for (;;) {
        double t = now_ms(CLOCK_MONOTONIC);
        if (t - start > seconds * 1e3) break;
        if (t - last > 1.0) {
            gaps++;
            paused += t - last;
            buckets[(long)now_ms(CLOCK_REALTIME) % 100 / 10]++;
        }
        last = t;
    }
    printf("cpu-gaps thread %ld: %d gaps over 1 ms, %.0f ms paused of %.0f ms (%.1f%%); ended in ms", id, gaps, paused,
           seconds * 1e3, paused / (seconds * 10));
    for (int b = 0; b < 10; b++) printf(" %d-%d:%d", b * 10, b * 10 + 9, buckets[b]);
    printf("\n");
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: cpu-gaps THREADS SECONDS\n");
        return 2;
    }
    int threads = atoi(argv[1]);
    seconds = atof(argv[2]);
    if (threads < 1 || threads > 64 || seconds <= 0) {
        fprintf(stderr, "cpu-gaps: THREADS must be 1 to 64 and SECONDS above 0\n");
        return 2;
    }
    pthread_t spinners[64];
    for (long i = 0; i < threads; i++) pthread_create(&spinners[i], NULL, spin, (void *)i);
    for (int i = 0; i < threads; i++) pthread_join(spinners[i], NULL);
    return 0;
}
