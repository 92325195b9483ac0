#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char** argv) {
  char* buffer = malloc(1 << 20);  /* grows linear memory */
  memset(buffer, 'x', 1 << 20);
  printf("hello from %s, %d args, %c\n", argc > 1 ? argv[1] : "?", argc, buffer[12345]);
  return 7;
}
