// Size/start-up benchmark: a hello that formats with printf.
#include <stdio.h>
int main(int argc, char** argv) {
  printf("hello, %s: %d args\n", argc > 0 ? "world" : "nobody", argc);
  return 0;
}
