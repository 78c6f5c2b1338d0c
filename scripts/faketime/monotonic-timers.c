/* Loaded before Debian's libfaketime (scripts/at-time.sh): timers on the monotonic clocks go
   straight to the kernel. libfaketime 0.9.10 shifts their absolute deadlines by its offset even
   when told to leave those clocks real (FAKETIME_DONT_FAKE_MONOTONIC), so a Swift timer
   (timerfd_settime) is refused with EINVAL and never fires, and Python's time.sleep fails.
   Deadlines on the wall clock still go through libfaketime. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int is_monotonic(clockid_t clock) {
    return clock == CLOCK_MONOTONIC || clock == CLOCK_MONOTONIC_RAW || clock == CLOCK_MONOTONIC_COARSE || clock == CLOCK_BOOTTIME;
}

int timerfd_settime(int fd, int flags, const struct itimerspec *value, struct itimerspec *old) {
    return (int)syscall(SYS_timerfd_settime, fd, flags, value, old);
}

int timerfd_gettime(int fd, struct itimerspec *value) {
    return (int)syscall(SYS_timerfd_gettime, fd, value);
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *request, struct timespec *remain) {
    if (!is_monotonic(clock)) {
        int (*next)(clockid_t, int, const struct timespec *, struct timespec *) = dlsym(RTLD_NEXT, "clock_nanosleep");
        return next(clock, flags, request, remain);
    }
    return syscall(SYS_clock_nanosleep, clock, flags, request, remain) == 0 ? 0 : errno;
}
