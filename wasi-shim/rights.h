/* The WASI rights each kind of grant confers. This is where a manifest grant
 * (read/write/create/remove) becomes WASI rights; ShimGet enforces them. */
#ifndef WASMC_WASI_RIGHTS_H_
#define WASMC_WASI_RIGHTS_H_

#include "manifest_format.h"
#include "wasi_types.h"

#define kShimFileReadRights                                                                  \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_FILESTAT_GET | \
   WASI_RIGHT_FD_ADVISE | WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS)
#define kShimFileWriteRights                                                                   \
  (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_DATASYNC |     \
   WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE |              \
   WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE | \
   WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_ADVISE)
#define kShimStdinRights                                                                     \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE |          \
   WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_ADVISE)
#define kShimStdoutRights                                                                    \
  (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE |         \
   WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_SYNC)
/* A synthetic directory of FILE grants: open and stat its files, list it. */
#define kShimFileSetRights \
  (WASI_RIGHT_PATH_OPEN | WASI_RIGHT_PATH_FILESTAT_GET | WASI_RIGHT_FD_READDIR | WASI_RIGHT_FD_FILESTAT_GET)
#define kShimListenerRights \
  (WASI_RIGHT_SOCK_ACCEPT | WASI_RIGHT_POLL_FD_READWRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET)
#define kShimSocketRights                                                                  \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_POLL_FD_READWRITE |               \
   WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_FILESTAT_GET)

/* Rights that only make sense on a directory. */
#define kShimDirOnlyRights                                                                     \
  (WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |  \
   WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN | WASI_RIGHT_FD_READDIR |                 \
   WASI_RIGHT_PATH_READLINK | WASI_RIGHT_PATH_RENAME_SOURCE | WASI_RIGHT_PATH_RENAME_TARGET |   \
   WASI_RIGHT_PATH_FILESTAT_GET | WASI_RIGHT_PATH_FILESTAT_SET_SIZE |                           \
   WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY | \
   WASI_RIGHT_PATH_UNLINK_FILE)

/* Rights that only make sense on a file: a directory fd never holds them
 * (fd_fdstat_get shows none; fd_seek/fd_tell on it are EBADF, as in Wasmtime). */
#define kShimFileOnlyRights                                                                 \
  (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL |       \
   WASI_RIGHT_FD_ALLOCATE | WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_DATASYNC |        \
   WASI_RIGHT_FD_ADVISE)

static inline uint64_t ShimFileGrantRights(uint8_t g) {
  uint64_t r = 0;
  if (g & WASMC_RIGHT_READ) r |= kShimFileReadRights;
  if (g & WASMC_RIGHT_WRITE) r |= kShimFileWriteRights;
  return r;
}

/* Rights of a directory beneath a DIR grant (base) and of what is opened from
 * it (inheriting: the same directory rights for subdirectories, plus file rights). */
static inline void ShimDirRights(uint8_t g, uint64_t* base, uint64_t* inheriting) {
  uint64_t d = WASI_RIGHT_PATH_OPEN | WASI_RIGHT_PATH_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_GET |
               WASI_RIGHT_FD_FDSTAT_SET_FLAGS;
  if (g & WASMC_RIGHT_READ) d |= WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK;
  if (g & WASMC_RIGHT_WRITE)
    d |= WASI_RIGHT_PATH_FILESTAT_SET_TIMES | WASI_RIGHT_PATH_FILESTAT_SET_SIZE |
         WASI_RIGHT_FD_FILESTAT_SET_TIMES;
  if (g & WASMC_RIGHT_CREATE)
    d |= WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE | WASI_RIGHT_PATH_LINK_SOURCE |
         WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_SYMLINK;
  if (g & WASMC_RIGHT_REMOVE)
    d |= WASI_RIGHT_PATH_UNLINK_FILE | WASI_RIGHT_PATH_REMOVE_DIRECTORY | WASI_RIGHT_PATH_RENAME_SOURCE;
  *base = d;
  *inheriting = d | ShimFileGrantRights(g);
}

#endif /* WASMC_WASI_RIGHTS_H_ */
