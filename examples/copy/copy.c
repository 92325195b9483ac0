// copy: copies input.txt to output.txt, and can touch nothing else.
//
//   clang-16 --target=wasm32-wasi --sysroot=/usr -O2 copy.c -o copy.wasm
//   wasmc --manifest=copy.toml copy.wasm -o copy
//   ./copy            (in a directory holding input.txt)
//
// copy.toml grants exactly two files: input.txt (read) and output.txt (write).
// Any other path fails, both in the WASI layer and, underneath it, in the
// kernel (Landlock). `./copy --try-escape` shows it.
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int TryEscape(void) {
  const char* paths[] = {"/etc/passwd", "../input.txt", "copy.toml", "copy.c"};
  for (unsigned i = 0; i < sizeof paths / sizeof paths[0]; ++i) {
    FILE* f = fopen(paths[i], "r");
    printf("open %s: %s\n", paths[i], f ? "OPENED (bug!)" : strerror(errno));
    if (f) return 1;
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "--try-escape") == 0) return TryEscape();
  FILE* in = fopen("input.txt", "rb");
  if (!in) {
    fprintf(stderr, "copy: cannot open input.txt: %s\n", strerror(errno));
    return 1;
  }
  FILE* out = fopen("output.txt", "wb");
  if (!out) {
    fprintf(stderr, "copy: cannot open output.txt: %s\n", strerror(errno));
    return 1;
  }
  char buf[65536];
  size_t n, total = 0;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (fwrite(buf, 1, n, out) != n) {
      fprintf(stderr, "copy: write failed: %s\n", strerror(errno));
      return 1;
    }
    total += n;
  }
  if (ferror(in) || fclose(out) != 0) {
    fprintf(stderr, "copy: %s\n", strerror(errno));
    return 1;
  }
  fclose(in);
  printf("copied %zu bytes\n", total);
  return 0;
}
