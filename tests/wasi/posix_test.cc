// WASI calls against POSIX and Wasmtime on the edge cases (issue 15): trailing
// slashes, "..", empty paths, symlink loops, rights inheritance, fd reuse after
// close, seeking directories, sock_* on descriptors that are not sockets. Each
// expectation is what Wasmtime answers on Linux (the wasi-testsuite's cases)
// or, where Wasmtime has no opinion, what POSIX says. Wall 1 only (hosted).
#include "fixture.h"

namespace wasi_test {
namespace {

uint32_t Mkdir(const std::string& p) { return PathCall2(wasi_path_create_directory, kSandboxFd, p); }
uint32_t Unlink(const std::string& p) { return PathCall2(wasi_path_unlink_file, kSandboxFd, p); }
uint32_t Rmdir(const std::string& p) { return PathCall2(wasi_path_remove_directory, kSandboxFd, p); }
uint64_t RightsOf(uint32_t fd) {
  uint32_t st = guest.Alloc(24);
  if (wasi_fd_fdstat_get(Inst(), fd, st) != 0) return ~0ull;
  return guest.U64(st + 8);
}

// The four behaviours named in the issue.
void TestIssueFour(const Fixture& fx) {
  // sock_shutdown (and every sock_*) on a non-socket: notsock, not notcapable.
  uint32_t fd;
  CHECK_EQ(Open(kSandboxFd, "a.txt", 0, kRead, &fd), 0);
  CHECK_EQ(wasi_sock_shutdown(Inst(), fd, WASI_SDFLAG_WR), WASI_ENOTSOCK);
  CHECK_EQ(wasi_sock_shutdown(Inst(), kSandboxFd, WASI_SDFLAG_RD), WASI_ENOTSOCK);
  CHECK_EQ(wasi_sock_shutdown(Inst(), 1, WASI_SDFLAG_RD), WASI_ENOTSOCK);
  CHECK_EQ(wasi_sock_shutdown(Inst(), 900, WASI_SDFLAG_RD), WASI_EBADF);
  uint32_t out = guest.Alloc(4), buf = guest.Alloc(8), iov = guest.Iov(buf, 8), fl = guest.Alloc(4);
  CHECK_EQ(wasi_sock_accept(Inst(), kSandboxFd, 0, out), WASI_ENOTSOCK);
  CHECK_EQ(wasi_sock_recv(Inst(), fd, iov, 1, 0, out, fl), WASI_ENOTSOCK);
  CHECK_EQ(wasi_sock_send(Inst(), 1, iov, 1, 0, out), WASI_ENOTSOCK);
  CHECK_EQ(wasi_sock_recv(Inst(), 900, iov, 1, 0, out, fl), WASI_EBADF);
  wasi_fd_close(Inst(), fd);

  // Trailing slashes on a non-directory: path_symlink, path_unlink_file, path_link.
  CHECK_EQ(Symlink("source", kSandboxFd, "target/"), WASI_ENOENT);
  CHECK(!Fixture::Exists(fx.P("sandbox/target")));
  CHECK_EQ(Symlink("source", kSandboxFd, "a.txt/"), WASI_EEXIST);
  CHECK_EQ(Mkdir("tdir"), 0);
  CHECK_EQ(Symlink("source", kSandboxFd, "tdir/"), WASI_EEXIST);
  CHECK_EQ(Unlink("a.txt/"), WASI_ENOTDIR);
  CHECK(Fixture::Exists(fx.P("sandbox/a.txt")));
  CHECK_EQ(Unlink("tdir/"), WASI_EISDIR);
  CHECK_EQ(Unlink("tdir"), WASI_EISDIR);
  CHECK_EQ(Unlink("nothing/"), WASI_ENOENT);
  CHECK_EQ(Link(kSandboxFd, "a.txt/", kSandboxFd, "l1"), WASI_ENOTDIR);
  CHECK_EQ(Link(kSandboxFd, "a.txt", kSandboxFd, "l1/"), WASI_ENOENT);
  CHECK_EQ(Link(kSandboxFd, "a.txt", kSandboxFd, "link_in/"), WASI_EEXIST);
  CHECK(!Fixture::Exists(fx.P("sandbox/l1")));
  CHECK_EQ(Link(kSandboxFd, "tdir/", kSandboxFd, "l2"), WASI_EPERM);  // no hard links to directories
  CHECK_EQ(Rmdir("tdir/"), 0);

  // A directory carries no seek/tell rights, and seeking it fails.
  CHECK_EQ(Mkdir("sd"), 0);
  uint32_t dfd;
  CHECK_EQ(Open(kSandboxFd, "sd", WASI_O_DIRECTORY, WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL |
                WASI_RIGHT_FD_READDIR, &dfd), 0);
  CHECK_EQ(RightsOf(dfd) & (WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL), 0);
  CHECK(RightsOf(dfd) & WASI_RIGHT_FD_READDIR);
  CHECK_EQ(RightsOf(kSandboxFd) & (WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL), 0);
  CHECK_EQ(wasi_fd_seek(Inst(), dfd, 0, WASI_WHENCE_CUR, out), WASI_EBADF);
  CHECK_EQ(wasi_fd_seek(Inst(), kSandboxFd, 5, WASI_WHENCE_SET, out), WASI_EBADF);
  CHECK_EQ(wasi_fd_tell(Inst(), kSandboxFd, out), WASI_EBADF);
  CHECK_EQ(wasi_fd_tell(Inst(), kFilesFd, out), WASI_EBADF);
  CHECK_EQ(wasi_fd_seek(Inst(), 901, 0, WASI_WHENCE_CUR, out), WASI_EBADF);
  wasi_fd_close(Inst(), dfd);
  CHECK_EQ(Rmdir("sd"), 0);

  // path_open(".", O_DIRECTORY, read|write) on a preopen: isdir.
  CHECK_EQ(Open(kSandboxFd, ".", WASI_O_DIRECTORY, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE, &fd), WASI_EISDIR);
  CHECK_EQ(Open(kSandboxFd, "sub", 0, WASI_RIGHT_FD_WRITE, &fd), WASI_EISDIR);
  CHECK_EQ(Open(kSandboxFd, ".", WASI_O_DIRECTORY, WASI_RIGHT_FD_READDIR, &fd), 0);  // opendir()
  wasi_fd_close(Inst(), fd);
  Group("issue 15: the four behaviours");
}

// The rest of the family.
void TestFamily(const Fixture& fx) {
  uint32_t fd, out = guest.Alloc(8);
  // Trailing slashes elsewhere.
  CHECK_EQ(Open(kSandboxFd, "a.txt/", 0, kRead, &fd), WASI_ENOTDIR);
  CHECK_EQ(Open(kSandboxFd, "sub/", 0, WASI_RIGHT_FD_READDIR, &fd), 0);
  wasi_fd_close(Inst(), fd);
  CHECK_EQ(Mkdir("nd/"), 0);  // mkdir accepts "name/"
  CHECK_EQ(Mkdir("nd/"), WASI_EEXIST);
  CHECK_EQ(Mkdir("a.txt/"), WASI_EEXIST);
  CHECK_EQ(Rmdir("a.txt/"), WASI_ENOTDIR);
  CHECK_EQ(Rmdir("a.txt"), WASI_ENOTDIR);
  CHECK_EQ(Rename(kSandboxFd, "a.txt", kSandboxFd, "moved/"), WASI_ENOTDIR);
  CHECK(!Fixture::Exists(fx.P("sandbox/moved")));
  CHECK_EQ(Rename(kSandboxFd, "a.txt/", kSandboxFd, "moved"), WASI_ENOTDIR);
  CHECK_EQ(Rename(kSandboxFd, "nd/", kSandboxFd, "nd2/"), 0);  // a directory may move with slashes
  CHECK(Fixture::Exists(fx.P("sandbox/nd2")));
  CHECK_EQ(Rename(kSandboxFd, "nd2", kSandboxFd, "a.txt/"), WASI_ENOTDIR);
  CHECK_EQ(wasi_path_filestat_set_times(Inst(), kSandboxFd, 0, guest.Str("a.txt/"), 6, 0, 0, WASI_FSTFLAG_MTIM_NOW),
           WASI_ENOTDIR);
  uint32_t lb = guest.Alloc(64), lu = guest.Alloc(4);
  CHECK_EQ(wasi_path_readlink(Inst(), kSandboxFd, guest.Str("link_in/"), 8, lb, 64, lu), WASI_ENOTDIR);
  CHECK_EQ(Rmdir("nd2"), 0);

  // Empty paths name nothing.
  CHECK_EQ(Open(kSandboxFd, "", 0, kRead, &fd), WASI_ENOENT);
  CHECK_EQ(Mkdir(""), WASI_ENOENT);
  CHECK_EQ(Unlink(""), WASI_ENOENT);
  CHECK_EQ(Rmdir(""), WASI_ENOENT);
  CHECK_EQ(Symlink("a.txt", kSandboxFd, ""), WASI_ENOENT);
  CHECK_EQ(Symlink("", kSandboxFd, "empty_target"), WASI_ENOENT);
  CHECK_EQ(Link(kSandboxFd, "", kSandboxFd, "x"), WASI_ENOENT);
  CHECK_EQ(Rename(kSandboxFd, "a.txt", kSandboxFd, ""), WASI_ENOENT);
  CHECK_EQ(wasi_path_filestat_get(Inst(), kSandboxFd, 0, guest.Str(""), 0, guest.Alloc(64)), WASI_ENOENT);

  // "." and ".." inside the preopen.
  CHECK_EQ(Mkdir("."), WASI_EEXIST);
  CHECK_EQ(Rmdir("."), WASI_EINVAL);
  CHECK_EQ(Rmdir("sub/.."), WASI_ENOTEMPTY);  // the preopen itself, which is not empty
  CHECK_EQ(Unlink("sub/../a.txt"), 0);
  CHECK(!Fixture::Exists(fx.P("sandbox/a.txt")));
  Fixture::Write(fx.P("sandbox/a.txt"), "hello");
  CHECK_EQ(Open(kSandboxFd, "sub/..", WASI_O_DIRECTORY, WASI_RIGHT_FD_READDIR, &fd), 0);
  wasi_fd_close(Inst(), fd);
  CHECK_EQ(Open(kSandboxFd, "sub/../..", WASI_O_DIRECTORY, WASI_RIGHT_FD_READDIR, &fd), WASI_ENOTCAPABLE);

  // Symlink loops: eloop through both resolvers, never a hang.
  CHECK_EQ(Symlink("loop2", kSandboxFd, "loop1"), 0);
  CHECK_EQ(Symlink("loop1", kSandboxFd, "loop2"), 0);
  CHECK_EQ(Symlink("self/x", kSandboxFd, "self"), 0);
  for (int walk = 0; walk < 2; ++walk) {
    shim_state.use_openat2 = !walk;
    CHECK_EQ(Open(kSandboxFd, "loop1", 0, kRead, &fd), WASI_ELOOP);
    CHECK_EQ(Open(kSandboxFd, "loop1/x", 0, kRead, &fd), WASI_ELOOP);
    CHECK_EQ(Open(kSandboxFd, "self", 0, kRead, &fd), WASI_ELOOP);
    CHECK_EQ(wasi_path_filestat_get(Inst(), kSandboxFd, WASI_LOOKUP_SYMLINK_FOLLOW, guest.Str("loop2"), 5,
                                    guest.Alloc(64)), WASI_ELOOP);
    CHECK_EQ(Mkdir("loop1/d"), WASI_ELOOP);
  }
  shim_state.use_openat2 = 1;
  CHECK_EQ(Unlink("loop1"), 0);  // the link itself can go
  CHECK_EQ(Unlink("loop2"), 0);
  CHECK_EQ(Unlink("self"), 0);

  // creat + directory is invalid (an old kernel would create a file).
  CHECK_EQ(Open(kSandboxFd, "cd", WASI_O_CREAT | WASI_O_DIRECTORY, WASI_RIGHT_FD_READDIR, &fd), WASI_EINVAL);
  CHECK(!Fixture::Exists(fx.P("sandbox/cd")));
  CHECK_EQ(Open(kSandboxFd, "sub", WASI_O_TRUNC, kRead, &fd), WASI_EISDIR);

  // Rights inheritance: a directory whose inheriting rights lack write passes
  // no write on, to files or to subdirectories, and rights never grow back.
  uint32_t sub;
  const uint64_t kNoWrite = WASI_RIGHTS_ALL & ~(WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE |
                                                WASI_RIGHT_FD_FILESTAT_SET_SIZE);
  CHECK_EQ(Open(kSandboxFd, "sub", WASI_O_DIRECTORY, kNoWrite, &sub), 0);
  uint64_t dir_only = WASI_RIGHT_PATH_OPEN | WASI_RIGHT_FD_READDIR;
  CHECK_EQ(wasi_fd_fdstat_set_rights(Inst(), sub, dir_only, dir_only | kRead), 0);
  CHECK_EQ(Open(sub, "b.txt", 0, kWrite, &fd), WASI_ENOTCAPABLE);
  CHECK_EQ(Open(sub, "b.txt", 0, WASI_RIGHTS_ALL & ~WASI_RIGHT_FD_WRITE, &fd), 0);
  CHECK_EQ(RightsOf(fd) & ~kRead, 0);  // no more than the directory passes on
  wasi_fd_close(Inst(), fd);
  CHECK_EQ(Open(sub, "new", WASI_O_CREAT, kRead, &fd), WASI_ENOTCAPABLE);  // no create right
  CHECK_EQ(wasi_fd_fdstat_set_rights(Inst(), sub, WASI_RIGHTS_ALL, 0), WASI_ENOTCAPABLE);
  CHECK_EQ(Open(sub, ".", WASI_O_DIRECTORY, WASI_RIGHTS_ALL, &fd), WASI_ENOTCAPABLE);  // write not passed on
  CHECK_EQ(Open(sub, ".", WASI_O_DIRECTORY, kNoWrite, &fd), 0);
  CHECK_EQ(RightsOf(fd) & ~(dir_only | kRead), 0);  // a subdirectory inherits no more either
  wasi_fd_close(Inst(), fd);
  wasi_fd_close(Inst(), sub);
  // Read-only grant: nothing opened from it can write, even asking for all rights.
  CHECK_EQ(Open(kRoFd, "r.txt", 0, WASI_RIGHTS_ALL & ~WASI_RIGHT_FD_WRITE, &fd), 0);
  CHECK_EQ(RightsOf(fd) & (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FILESTAT_SET_SIZE | WASI_RIGHT_FD_ALLOCATE), 0);
  wasi_fd_close(Inst(), fd);

  // File operations on a directory are badf (Wasmtime's dir_fd_op_failures),
  // path operations on a file notdir (path_open_dirfd_not_dir), before rights.
  uint32_t buf = guest.Alloc(8), iov = guest.Iov(buf, 8), n = guest.Alloc(8);
  for (uint32_t dir : {kSandboxFd + 0u, kFilesFd + 0u}) {
    CHECK_EQ(wasi_fd_read(Inst(), dir, iov, 1, n), WASI_EBADF);
    CHECK_EQ(wasi_fd_pread(Inst(), dir, iov, 1, 0, n), WASI_EBADF);
    CHECK_EQ(wasi_fd_write(Inst(), dir, iov, 1, n), WASI_EBADF);
    CHECK_EQ(wasi_fd_pwrite(Inst(), dir, iov, 1, 0, n), WASI_EBADF);
    CHECK_EQ(wasi_fd_allocate(Inst(), dir, 0, 1), WASI_EBADF);
    CHECK_EQ(wasi_fd_advise(Inst(), dir, 0, 0, WASI_ADVICE_NORMAL), WASI_EBADF);
    CHECK_EQ(wasi_fd_filestat_set_size(Inst(), dir, 0), WASI_EBADF);
  }
  uint32_t a;
  CHECK_EQ(Open(kRoFd, "r.txt", 0, kRead, &a), 0);
  CHECK_EQ(Open(a, "foo", WASI_O_CREAT, 0, &fd), WASI_ENOTDIR);
  CHECK_EQ(PathCall2(wasi_path_create_directory, a, "d"), WASI_ENOTDIR);
  CHECK_EQ(PathCall2(wasi_path_unlink_file, 1, "x"), WASI_ENOTDIR);
  CHECK_EQ(PathCall2(wasi_path_unlink_file, 901, "x"), WASI_EBADF);
  CHECK_EQ(PathCall2(wasi_path_unlink_file, kFilesFd, "input.txt"), WASI_ENOTCAPABLE);  // a file set
  wasi_fd_close(Inst(), a);
  // fd reuse after close: the lowest number comes back, with nothing of the
  // old entry (a closed preopen's number is no preopen any more).
  uint32_t b, c;
  CHECK_EQ(Open(kSandboxFd, "a.txt", 0, kRead, &a), 0);
  CHECK_EQ(Open(kSandboxFd, "sub/b.txt", 0, kRead, &b), 0);
  CHECK_EQ(wasi_fd_close(Inst(), a), 0);
  CHECK_EQ(Open(kRoFd, "r.txt", 0, kRead, &c), 0);
  CHECK_EQ(c, a);
  std::string s;
  CHECK_EQ(ReadStr(c, &s), 0);
  CHECK(s == "read only");
  CHECK_EQ(wasi_fd_close(Inst(), kSandboxFd), 0);
  CHECK_EQ(Open(kRoFd, "r.txt", 0, kRead, &fd), 0);
  CHECK_EQ(fd, kSandboxFd);
  CHECK_EQ(wasi_fd_prestat_get(Inst(), fd, guest.Alloc(8)), WASI_EBADF);
  CHECK_EQ(Open(fd, "a.txt", 0, kRead, &a), WASI_ENOTDIR);  // a file now, not the old directory
  CHECK_EQ(wasi_fd_close(Inst(), kFilesFd), 0);
  CHECK_EQ(Open(kFilesFd, "input.txt", 0, kRead, &a), WASI_EBADF);  // a closed file set grants nothing
  // renumber onto itself, and onto a closed number.
  CHECK_EQ(wasi_fd_renumber(Inst(), b, b), 0);
  CHECK_EQ(wasi_fd_renumber(Inst(), b, 500), WASI_EBADF);
  CHECK_EQ(ReadStr(b, &s), 0);
  CHECK(s == "bee");
  (void)out;
  Group("posix edge cases");
}

}  // namespace

void TestPosix(const Fixture& fx) {
  CHECK_EQ(Init(fx.DefaultGrants()), 0);
  TestIssueFour(fx);
  CHECK_EQ(Init(fx.DefaultGrants()), 0);
  TestFamily(fx);
}

}  // namespace wasi_test
