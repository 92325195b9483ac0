// Arguments in order, and an environment of exactly the test's variables.
#include <stdio.h>
#include <stdlib.h>

extern char** environ;

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) printf("%s%s", i > 1 ? " " : "", argv[i]);
  printf("\n");
  for (char** e = environ; *e; ++e) printf("%s\n", *e);
  fprintf(stderr, "to stderr\n");
  return getenv("E2") ? 3 : 0;
}
