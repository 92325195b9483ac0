// A preopened folder named as the test gives it (Wasmtime's --dir): create,
// read back, the trailing-slash and directory-seek rules, then clean up.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXPECT(c) do { if (!(c)) { printf("failed: %s (errno %d)\n", #c, errno); return 1; } } while (0)

int main(int argc, char** argv) {
  EXPECT(argc == 2);
  char path[256];
  snprintf(path, sizeof path, "%s/file", argv[1]);
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  EXPECT(fd >= 0);
  EXPECT(write(fd, "data", 4) == 4);
  close(fd);
  char slash[260];
  snprintf(slash, sizeof slash, "%s/", path);
  EXPECT(unlink(slash) == -1 && errno == ENOTDIR);
  char buf[8] = {0};
  fd = open(path, O_RDONLY);
  EXPECT(fd >= 0 && read(fd, buf, 8) == 4 && memcmp(buf, "data", 4) == 0);
  close(fd);
  DIR* d = opendir(argv[1]);
  EXPECT(d != NULL);
  closedir(d);
  EXPECT(unlink(path) == 0);
  puts("ok");
  return 0;
}
