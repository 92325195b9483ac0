/* Kernel ABI pieces the WASI shim needs beyond runtime-support/sys/kernel.h:
 * statx, openat2, getdents64, sockets, ppoll, Landlock, seccomp. All of these
 * have the same layout and values on x86-64 and AArch64. Prefixed SHIM_/shim_
 * so hosted builds can include libc headers too. */
#ifndef WASMC_WASI_LINUX_H_
#define WASMC_WASI_LINUX_H_

#include <stdint.h>

#include "sys/kernel.h"

/* more errno values (asm-generic) */
#define SHIM_ESRCH 3
#define SHIM_ENXIO 6
#define SHIM_E2BIG 7
#define SHIM_ENOEXEC 8
#define SHIM_ECHILD 10
#define SHIM_ENOTBLK 15
#define SHIM_EBUSY 16
#define SHIM_ENODEV 19
#define SHIM_ENFILE 23
#define SHIM_EMFILE 24
#define SHIM_ENOTTY 25
#define SHIM_ETXTBSY 26
#define SHIM_EFBIG 27
#define SHIM_EROFS 30
#define SHIM_EMLINK 31
#define SHIM_EPIPE 32
#define SHIM_EDOM 33
#define SHIM_ERANGE 34
#define SHIM_EDEADLK 35
#define SHIM_ENAMETOOLONG 36
#define SHIM_ENOLCK 37
#define SHIM_ENOTEMPTY 39

/* statx */
#define SHIM_STATX_BASIC_STATS 0x7ffu
#define SHIM_S_IFMT 0170000
#define SHIM_S_IFSOCK 0140000
#define SHIM_S_IFLNK 0120000
#define SHIM_S_IFREG 0100000
#define SHIM_S_IFBLK 0060000
#define SHIM_S_IFDIR 0040000
#define SHIM_S_IFCHR 0020000
#define SHIM_S_IFIFO 0010000
struct shim_statx_ts { int64_t tv_sec; uint32_t tv_nsec; int32_t reserved; };
struct shim_statx {
  uint32_t stx_mask, stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink, stx_uid, stx_gid;
  uint16_t stx_mode, pad1;
  uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
  struct shim_statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t spare[14];
};

/* utimensat */
#define SHIM_UTIME_NOW ((1l << 30) - 1l)
#define SHIM_UTIME_OMIT ((1l << 30) - 2l)

/* openat2 */
struct shim_open_how { uint64_t flags, mode, resolve; };
#define SHIM_RESOLVE_NO_XDEV 0x01
#define SHIM_RESOLVE_NO_MAGICLINKS 0x02
#define SHIM_RESOLVE_NO_SYMLINKS 0x04
#define SHIM_RESOLVE_BENEATH 0x08

/* getdents64 */
struct shim_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  uint16_t d_reclen;
  uint8_t d_type;
  char d_name[];
};
#define SHIM_DT_FIFO 1
#define SHIM_DT_CHR 2
#define SHIM_DT_DIR 4
#define SHIM_DT_BLK 6
#define SHIM_DT_REG 8
#define SHIM_DT_LNK 10
#define SHIM_DT_SOCK 12

/* lseek, fcntl, fallocate, renameat2 */
#define SHIM_SEEK_SET 0
#define SHIM_SEEK_CUR 1
#define SHIM_SEEK_END 2
#define SHIM_F_GETFL 3
#define SHIM_F_SETFL 4
#define SHIM_AT_SYMLINK_FOLLOW 0x400
#define SHIM_RENAME_NOREPLACE 1

/* sockets */
#define SHIM_AF_INET 2
#define SHIM_AF_INET6 10
#define SHIM_SOCK_STREAM 1
#define SHIM_SOCK_NONBLOCK 04000
#define SHIM_SOCK_CLOEXEC 02000000
#define SHIM_SOL_SOCKET 1
#define SHIM_SO_REUSEADDR 2
#define SHIM_SO_TYPE 3
#define SHIM_SHUT_RD 0
#define SHIM_SHUT_WR 1
#define SHIM_SHUT_RDWR 2
#define SHIM_MSG_PEEK 2
#define SHIM_MSG_TRUNC 0x20
#define SHIM_MSG_WAITALL 0x100
#define SHIM_MSG_NOSIGNAL 0x4000
struct shim_sockaddr_in { uint16_t family; uint16_t port_be; uint8_t addr[4]; uint8_t zero[8]; };
struct shim_sockaddr_in6 {
  uint16_t family; uint16_t port_be; uint32_t flowinfo; uint8_t addr[16]; uint32_t scope_id;
};
struct shim_msghdr {
  void* name; uint32_t namelen; uint32_t pad0;
  struct wasmc_kiovec* iov; uint64_t iovlen;
  void* control; uint64_t controllen;
  int32_t flags; uint32_t pad1;
};

/* ppoll */
struct shim_pollfd { int32_t fd; int16_t events; int16_t revents; };
#define SHIM_POLLIN 0x001
#define SHIM_POLLOUT 0x004
#define SHIM_POLLERR 0x008
#define SHIM_POLLHUP 0x010
#define SHIM_POLLNVAL 0x020
#define SHIM_POLLRDHUP 0x2000 /* the peer shut down its writing side (same value on x86-64 and AArch64) */

/* Landlock (uapi/linux/landlock.h) */
struct shim_landlock_ruleset_attr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;   /* ABI >= 4 */
  uint64_t scoped;               /* ABI >= 6 */
};
struct shim_landlock_path_beneath_attr {
  uint64_t allowed_access;
  int32_t parent_fd;
} __attribute__((packed));
struct shim_landlock_net_port_attr { uint64_t allowed_access; uint64_t port; };
#define SHIM_LANDLOCK_CREATE_RULESET_VERSION 1u
#define SHIM_LANDLOCK_RULE_PATH_BENEATH 1
#define SHIM_LANDLOCK_RULE_NET_PORT 2
#define SHIM_LL_FS_EXECUTE (1ull << 0)
#define SHIM_LL_FS_WRITE_FILE (1ull << 1)
#define SHIM_LL_FS_READ_FILE (1ull << 2)
#define SHIM_LL_FS_READ_DIR (1ull << 3)
#define SHIM_LL_FS_REMOVE_DIR (1ull << 4)
#define SHIM_LL_FS_REMOVE_FILE (1ull << 5)
#define SHIM_LL_FS_MAKE_CHAR (1ull << 6)
#define SHIM_LL_FS_MAKE_DIR (1ull << 7)
#define SHIM_LL_FS_MAKE_REG (1ull << 8)
#define SHIM_LL_FS_MAKE_SOCK (1ull << 9)
#define SHIM_LL_FS_MAKE_FIFO (1ull << 10)
#define SHIM_LL_FS_MAKE_BLOCK (1ull << 11)
#define SHIM_LL_FS_MAKE_SYM (1ull << 12)
#define SHIM_LL_FS_REFER (1ull << 13)      /* ABI 2 */
#define SHIM_LL_FS_TRUNCATE (1ull << 14)   /* ABI 3 */
#define SHIM_LL_FS_IOCTL_DEV (1ull << 15)  /* ABI 5 */
#define SHIM_LL_NET_BIND_TCP (1ull << 0)   /* ABI 4 */
#define SHIM_LL_NET_CONNECT_TCP (1ull << 1)
#define SHIM_LL_SCOPE_ABSTRACT_UNIX (1ull << 0)  /* ABI 6 */
#define SHIM_LL_SCOPE_SIGNAL (1ull << 1)

/* prctl / seccomp */
#define SHIM_PR_SET_NO_NEW_PRIVS 38
#define SHIM_SECCOMP_SET_MODE_FILTER 1
#include "seccomp_filter.h"

#endif /* WASMC_WASI_LINUX_H_ */
