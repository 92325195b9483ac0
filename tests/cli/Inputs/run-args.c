// For the `wasmc run` tests: prints its argv, or does what argv[1] says.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  if (argc > 2 && strcmp(argv[1], "--exit") == 0) exit(atoi(argv[2]));
  if (argc > 1 && strcmp(argv[1], "--trap") == 0) __builtin_trap();
  if (argc > 2 && strcmp(argv[1], "--cat") == 0) {
    FILE* f = fopen(argv[2], "r");
    if (!f) {
      perror(argv[2]);
      return 1;
    }
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf, f);
    fwrite(buf, 1, n, stdout);
    return 0;
  }
  for (int i = 0; i < argc; ++i) printf("argv[%d]=%s\n", i, argv[i]);
  return 0;
}
