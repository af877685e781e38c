/* SPDX-License-Identifier: MIT */
/* tap.h - a minimal Test Anything Protocol producer for our test programs. */
#ifndef AGT_TAP_H
#define AGT_TAP_H
#include <stddef.h>

void plan(int n);
void plan_lazy(void);           /* print the plan at exit from the count */
int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int is_int(long long want, long long got, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int is_str(const char *want, const char *got, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int is_mem(const void *want, size_t wantlen, const void *got, size_t gotlen,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void skip(const char *reason, ...) __attribute__((format(printf, 1, 2)));
void skip_all(const char *reason, ...) __attribute__((format(printf, 1, 2), noreturn));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void bail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Path of a file in the source tree (uses $top_srcdir); caller frees. */
char *test_srcpath(const char *rel);
#endif
