// WASI end to end with grants: a read-only dir, a read-write dir, one file and
// environment grants; what is granted works, everything else is refused.
// RUN: rm -rf %t.d && mkdir -p %t.d/data/sub %t.d/out %t.d/one
// RUN: echo hello > %t.d/data/in.txt && echo secret > %t.d/secret.txt
// RUN: echo single > %t.d/one/file.txt && echo sibling > %t.d/one/other.txt
// RUN: ln -s ../secret.txt %t.d/data/link_out
// RUN: %clang-wasm %s -o %t.wasm
// RUN: %wasmc %wasi-flags --target=%target %t.wasm -o %t --dir-ro=%t.d/data::/data --dir=%t.d/out::/out \
// RUN:   --file=%t.d/one/file.txt::/one/file.txt:R --env=MODE=fast --env-pass=HOME
// RUN: env HOME=/home/x SECRET=s %run %t | FileCheck %s
// RUN: cat %t.d/out/sub/y.txt | FileCheck %s --check-prefix=OUT
// RUN: cat %t.d/secret.txt | FileCheck %s --check-prefix=SECRET
// CHECK: read /data/in.txt: hello
// CHECK-NEXT: read /one/file.txt: single
// CHECK-NEXT: env MODE=fast HOME=/home/x SECRET=(unset)
// CHECK-NEXT: list /data: in.txt link_out sub
// CHECK-NEXT: write /out/x.txt: ok
// CHECK-NEXT: mkdir /out/sub: ok
// CHECK-NEXT: rename to /out/sub/y.txt: ok
// CHECK-NEXT: write /data/new.txt: denied
// CHECK-NEXT: mkdir /data/d: denied
// CHECK-NEXT: unlink /data/in.txt: denied
// CHECK-NEXT: read /data/../secret.txt: denied
// CHECK-NEXT: read /data/link_out: denied
// CHECK-NEXT: read /one/other.txt: denied
// CHECK-NEXT: rename /out/sub/y.txt to /data/y.txt: denied
// CHECK-NEXT: symlink /out/abs -> /etc/passwd: denied
// OUT: written
// SECRET: secret
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void ReadFile(const char* path) {
  FILE* f = fopen(path, "r");
  char buf[64] = {0};
  if (f && fgets(buf, sizeof buf, f)) {
    buf[strcspn(buf, "\n")] = 0;
    printf("read %s: %s\n", path, buf);
  } else {
    printf("read %s: denied\n", path);
  }
  if (f) fclose(f);
}

static void Result(const char* what, int ok) { printf("%s: %s\n", what, ok ? "ok" : "denied"); }

static int Cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }

int main(void) {
  ReadFile("/data/in.txt");
  ReadFile("/one/file.txt");
  const char* home = getenv("HOME");
  const char* secret = getenv("SECRET");
  printf("env MODE=%s HOME=%s SECRET=%s\n", getenv("MODE"), home ? home : "(unset)",
         secret ? secret : "(unset)");
  DIR* d = opendir("/data");
  char* names[16];
  int n = 0;
  struct dirent* e;
  while (d && (e = readdir(d)) && n < 16)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  qsort(names, n, sizeof names[0], Cmp);
  printf("list /data:");
  for (int i = 0; i < n; ++i) printf(" %s", names[i]);
  printf("\n");
  FILE* f = fopen("/out/x.txt", "w");
  Result("write /out/x.txt", f && fputs("written\n", f) >= 0 && fclose(f) == 0);
  Result("mkdir /out/sub", mkdir("/out/sub", 0755) == 0);
  Result("rename to /out/sub/y.txt", rename("/out/x.txt", "/out/sub/y.txt") == 0);
  Result("write /data/new.txt", fopen("/data/new.txt", "w") != NULL);
  Result("mkdir /data/d", mkdir("/data/d", 0755) == 0);
  Result("unlink /data/in.txt", unlink("/data/in.txt") == 0);
  ReadFile("/data/../secret.txt");
  ReadFile("/data/link_out");
  ReadFile("/one/other.txt");
  Result("rename /out/sub/y.txt to /data/y.txt", rename("/out/sub/y.txt", "/data/y.txt") == 0);
  Result("symlink /out/abs -> /etc/passwd", symlink("/etc/passwd", "/out/abs") == 0);
  return 0;
}
