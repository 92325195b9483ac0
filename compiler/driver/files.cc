#include "compiler/driver/files.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasmc::driver {
namespace {

Diag IoError(const std::string& what, const std::string& step, int err) {
  return MakeDiag(DiagKind::kIo, 0, what, step + std::strerror(err));
}

bool WriteAll(int fd, std::span<const uint8_t> bytes) {
  const uint8_t* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    left -= static_cast<size_t>(n);
  }
  return true;
}

mode_t CurrentUmask() {
  mode_t m = umask(0);  // the only portable way to read it; restored at once
  umask(m);
  return m;
}

}  // namespace

Result<std::vector<uint8_t>> ReadWholeFile(const std::string& path, const char* role) {
  const std::string what = std::string("cannot read ") + role;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return IoError(what, "", errno);
  struct stat st {};
  if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    int err = S_ISDIR(st.st_mode) ? EISDIR : errno;
    close(fd);
    return IoError(what, "", err);
  }
  // Pipes and character devices report no size: read until end of file.
  std::vector<uint8_t> bytes(S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) + 1 : 65536);
  size_t got = 0;
  for (;;) {
    if (got == bytes.size()) bytes.resize(bytes.size() * 2);
    ssize_t n = read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      return IoError(what, "", err);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  bytes.resize(got);
  close(fd);
  return bytes;
}

Status WriteFileAtomically(const std::string& path, std::span<const uint8_t> bytes, mode_t mode,
                           Durability durability) {
  const std::string what = "cannot write output";
  if (path == "-") {
    if (!WriteAll(STDOUT_FILENO, bytes)) return IoError(what, "stdout: ", errno);
    return Status::Ok();
  }
  // The temporary file lives beside the output so rename() stays in one file system.
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  std::string tmp = (slash == std::string::npos ? "" : dir) + "." + base + ".tmp-XXXXXX";
  int fd = mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) return IoError(what, "creating a temporary file in " + dir + ": ", errno);
  auto fail = [&](const char* step) {
    int err = errno;
    close(fd);
    unlink(tmp.c_str());
    return Status(IoError(what, step, err));
  };
  if (!WriteAll(fd, bytes)) return fail("write: ");
  if (fchmod(fd, mode & ~CurrentUmask()) != 0) return fail("chmod: ");
  if (durability == Durability::kSynced && fsync(fd) != 0) return fail("fsync: ");
  if (close(fd) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return IoError(what, "close: ", err);
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    unlink(tmp.c_str());
    return IoError(what, "rename: ", err);
  }
  return Status::Ok();
}

}  // namespace wasmc::driver
