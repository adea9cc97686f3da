/*
 * ElectionJepsen: a preload that lets sleeps on the monotonic clock reach the kernel as they are.
 *
 * The clock nemesis moves a process's wall clock with libfaketime and leaves its monotonic
 * clock alone (FAKETIME_DONT_FAKE_MONOTONIC=1). libfaketime 0.9.10 still rewrites the
 * deadline of an absolute sleep on the monotonic clock, and the kernel refuses it: Python's
 * time.sleep (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, ...)) fails with EINVAL.
 * Preloaded before libfaketime, this definition wins the symbol lookup: a sleep on a clock
 * libfaketime leaves alone goes straight to the kernel, and every other sleep goes on to
 * libfaketime's own definition.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remain)
{
    static int (*next)(clockid_t, int, const struct timespec *, struct timespec *);
    if (clock == CLOCK_MONOTONIC || clock == CLOCK_MONOTONIC_RAW || clock == CLOCK_BOOTTIME) {
        /* The kernel's own answer: 0, or the error number (clock_nanosleep does not set errno). */
        return syscall(SYS_clock_nanosleep, clock, flags, request, remain) == 0 ? 0 : errno;
    }
    if (next == NULL) next = (int (*)(clockid_t, int, const struct timespec *, struct timespec *))dlsym(RTLD_NEXT, "clock_nanosleep");
    return next(clock, flags, request, remain);
}
