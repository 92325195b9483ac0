// notes: prints $GREETING and notes/today.txt, the only file it may read.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char* greeting = getenv("GREETING");
  printf("%s from notes\n", greeting ? greeting : "(no GREETING)");
  FILE* f = fopen("notes/today.txt", "r");
  if (!f) {
    perror("notes/today.txt");
    return 1;
  }
  char line[256];
  while (fgets(line, sizeof line, f)) printf("note: %s", line);
  fclose(f);
  return 0;
}
