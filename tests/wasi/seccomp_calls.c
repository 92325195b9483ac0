// Each WASI call under the seccomp filter of a module that imports it alone
// (wasi-shim/seccomp_calls.def): built once per call with -DCALL_<name>, so the
// module's filter allows the runtime's system calls and that call's only (plus
// path_open's where the call needs an opened file, and proc_exit). A system call
// missing from the call's line kills the program with SIGSYS (exit status 159 in
// the shell) instead of exiting 0. Calls whose host call is reached only on
// success are checked to succeed. The sockets: sock_accept on a listen grant
// with a pending connection, sock_send/recv/shutdown on a connect grant to a
// local peer (both made by seccomp_calls.sh).
// REQUIRES: native
// RUN: rm -rf %t.d && mkdir -p %t.d/dir/sub && printf hello > %t.d/dir/a.txt && ln -s a.txt %t.d/dir/lnk
// RUN: printf input > %t.d/in.txt
// RUN: sh %S/seccomp_calls.sh %s %t.d "%clang-wasm" "%wasmc %wasi-flags --target=%target" | FileCheck %s --implicit-check-not=FAIL
// CHECK: args_get 0
// CHECK: sock_shutdown 0
// CHECK: done
#include <stdint.h>
#include <string.h>
#include <wasi/api.h>

#define DIR 3  // the --dir grant
#define LISTENER 4  // the --listen grant
#define CONNECTION 5  // the --connect grant
#define RW (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK | \
            __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE | \
            __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | \
            __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | \
            __WASI_RIGHTS_FD_FILESTAT_SET_TIMES)

static char buf[256];

#if defined(CALL_proc_raise)  // no longer declared by wasi-libc
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
int32_t raw_proc_raise(int32_t sig);
#endif

#if defined(CALL_fd_advise) || defined(CALL_fd_allocate) || defined(CALL_fd_datasync) || \
    defined(CALL_fd_fdstat_set_flags) || defined(CALL_fd_filestat_set_size) ||           \
    defined(CALL_fd_filestat_set_times) || defined(CALL_fd_pread) || defined(CALL_fd_pwrite) || \
    defined(CALL_fd_seek) || defined(CALL_fd_sync) || defined(CALL_fd_tell) ||            \
    defined(CALL_fd_read) || defined(CALL_fd_filestat_get)
static __wasi_fd_t File(void) {
  __wasi_fd_t fd;
  if (__wasi_path_open(DIR, 0, "f.txt", __WASI_OFLAGS_CREAT, RW, 0, 0, &fd)) __wasi_proc_exit(2);
  return fd;
}
#endif

static int Call(void) {
  __wasi_size_t a, b;
  uint8_t* argv[4];
  __wasi_iovec_t iov = {(uint8_t*)buf, sizeof buf};
  __wasi_ciovec_t ciov = {(const uint8_t*)"x", 1};
  __wasi_filesize_t pos;
  __wasi_timestamp_t t;
  __wasi_fdstat_t st;
  __wasi_filestat_t fst;
  __wasi_prestat_t pre;
  __wasi_fd_t fd;
  __wasi_roflags_t ro;
  (void)a, (void)b, (void)argv, (void)iov, (void)ciov, (void)pos, (void)t, (void)st;
  (void)fst, (void)pre, (void)fd, (void)ro;
#if defined(CALL_args_get)
  return __wasi_args_sizes_get(&a, &b) || b > sizeof buf ? 1 : __wasi_args_get(argv, (uint8_t*)buf);
#elif defined(CALL_args_sizes_get)
  return __wasi_args_sizes_get(&a, &b);
#elif defined(CALL_environ_get)
  return __wasi_environ_sizes_get(&a, &b) || b > sizeof buf || a > 4 ? 1 : __wasi_environ_get(argv, (uint8_t*)buf);
#elif defined(CALL_environ_sizes_get)
  return __wasi_environ_sizes_get(&a, &b);
#elif defined(CALL_clock_res_get)
  return __wasi_clock_res_get(__WASI_CLOCKID_MONOTONIC, &t);
#elif defined(CALL_clock_time_get)
  return __wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &t);
#elif defined(CALL_fd_advise)
  return __wasi_fd_advise(File(), 0, 0, __WASI_ADVICE_SEQUENTIAL);
#elif defined(CALL_fd_allocate)
  return __wasi_fd_allocate(File(), 0, 16);
#elif defined(CALL_fd_close)
  return __wasi_fd_close(DIR);
#elif defined(CALL_fd_datasync)
  return __wasi_fd_datasync(File());
#elif defined(CALL_fd_fdstat_get)
  return __wasi_fd_fdstat_get(1, &st);
#elif defined(CALL_fd_fdstat_set_flags)
  return __wasi_fd_fdstat_set_flags(File(), __WASI_FDFLAGS_APPEND);
#elif defined(CALL_fd_fdstat_set_rights)
  return __wasi_fd_fdstat_set_rights(DIR, 0, 0);
#elif defined(CALL_fd_filestat_get)
  return __wasi_fd_filestat_get(File(), &fst);
#elif defined(CALL_fd_filestat_set_size)
  return __wasi_fd_filestat_set_size(File(), 3);
#elif defined(CALL_fd_filestat_set_times)
  return __wasi_fd_filestat_set_times(File(), 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW);
#elif defined(CALL_fd_pread)
  return __wasi_fd_pread(File(), &iov, 1, 0, &a);
#elif defined(CALL_fd_prestat_get)
  return __wasi_fd_prestat_get(DIR, &pre);
#elif defined(CALL_fd_prestat_dir_name)
  return __wasi_fd_prestat_dir_name(DIR, (uint8_t*)buf, sizeof buf);
#elif defined(CALL_fd_pwrite)
  return __wasi_fd_pwrite(File(), &ciov, 1, 0, &a);
#elif defined(CALL_fd_read)
  return __wasi_fd_read(0, &iov, 1, &a) || __wasi_fd_read(File(), &iov, 1, &a);
#elif defined(CALL_fd_readdir)
  return __wasi_fd_readdir(DIR, (uint8_t*)buf, sizeof buf, 0, &a);
#elif defined(CALL_fd_renumber)
  return __wasi_fd_renumber(DIR, 1);
#elif defined(CALL_fd_seek)
  return __wasi_fd_seek(File(), 1, __WASI_WHENCE_SET, &pos);
#elif defined(CALL_fd_sync)
  return __wasi_fd_sync(File());
#elif defined(CALL_fd_tell)
  return __wasi_fd_tell(File(), &pos);
#elif defined(CALL_fd_write)
  return __wasi_fd_write(1, &ciov, 1, &a);
#elif defined(CALL_path_create_directory)
  return __wasi_path_create_directory(DIR, "sub/new/");
#elif defined(CALL_path_filestat_get)
  return __wasi_path_filestat_get(DIR, 0, "sub/../a.txt", &fst);
#elif defined(CALL_path_filestat_set_times)
  return __wasi_path_filestat_set_times(DIR, 0, "lnk", 0, 0, __WASI_FSTFLAGS_MTIM_NOW) ||
         __wasi_path_filestat_set_times(DIR, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "lnk", 0, 0, __WASI_FSTFLAGS_MTIM_NOW);
#elif defined(CALL_path_link)
  return __wasi_path_link(DIR, 0, "a.txt", DIR, "sub/hard");
#elif defined(CALL_path_open)
  return __wasi_path_open(DIR, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "lnk", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd) ||
         __wasi_path_open(DIR, 0, "sub/o.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RW, 0, 0, &fd);
#elif defined(CALL_path_readlink)
  return __wasi_path_readlink(DIR, "lnk", (uint8_t*)buf, sizeof buf, &a);
#elif defined(CALL_path_remove_directory)
  return __wasi_path_remove_directory(DIR, "sub");
#elif defined(CALL_path_rename)
  return __wasi_path_rename(DIR, "a.txt", DIR, "sub/b.txt");
#elif defined(CALL_path_symlink)
  return __wasi_path_symlink("a.txt", DIR, "sub/sym");
#elif defined(CALL_path_unlink_file)
  return __wasi_path_unlink_file(DIR, "lnk");
#elif defined(CALL_poll_oneoff)
  // stdin (a file: readable at once, so the shim asks FIONREAD) and a clock.
  __wasi_subscription_t in[2];
  __wasi_event_t out[2];
  memset(in, 0, sizeof in);
  in[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  in[0].u.u.fd_read.file_descriptor = 0;
  in[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  in[1].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  in[1].u.u.clock.timeout = 1000;
  return __wasi_poll_oneoff(in, out, 2, &a);
#elif defined(CALL_proc_exit)
  __wasi_proc_exit(0);
#elif defined(CALL_proc_raise)
  return raw_proc_raise(27);  // WASI's SIGWINCH, whose default action ignores it
#elif defined(CALL_sched_yield)
  return __wasi_sched_yield();
#elif defined(CALL_random_get)
  return __wasi_random_get((uint8_t*)buf, 64);
#elif defined(CALL_sock_accept)
  return __wasi_sock_accept(LISTENER, 0, &fd);
#elif defined(CALL_sock_recv)
  return __wasi_sock_recv(CONNECTION, &iov, 1, 0, &a, &ro);
#elif defined(CALL_sock_send)
  return __wasi_sock_send(CONNECTION, &ciov, 1, 0, &a);
#elif defined(CALL_sock_shutdown)
  return __wasi_sock_shutdown(CONNECTION, __WASI_SDFLAGS_WR);
#else
#error "build with -DCALL_<a WASI call>"
#endif
}

int main(void) { return Call() ? 1 : 0; }
