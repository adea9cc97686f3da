/*
 * ElectionJepsen: a preload that makes a process use glibc's allocator.
 *
 * redis-server links jemalloc, which initialises inside libfaketime's own initialisation
 * and deadlocks. Preloaded before libfaketime, these definitions win the symbol lookup,
 * so every allocation goes straight to glibc and jemalloc is never started.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void __libc_free(void *ptr);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);

void *malloc(size_t size) { return __libc_malloc(size); }
void free(void *ptr) { __libc_free(ptr); }
void *calloc(size_t n, size_t size) { return __libc_calloc(n, size); }
void *realloc(void *ptr, size_t size) { return __libc_realloc(ptr, size); }
void *memalign(size_t alignment, size_t size) { return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { return __libc_memalign(alignment, size); }
void *valloc(size_t size) { return __libc_valloc(size); }

int posix_memalign(void **out, size_t alignment, size_t size)
{
    void *p;
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
    p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}

/* glibc's own, looked up in libc itself: the next definition in line may be jemalloc's. */
size_t malloc_usable_size(void *ptr)
{
    static size_t (*libc_usable)(void *);
    if (libc_usable == NULL) {
        void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
        libc_usable = (size_t (*)(void *))dlsym(libc, "malloc_usable_size");
    }
    return libc_usable(ptr);
}
