// Size/start-up benchmark: the smallest useful hello (no formatting code).
#include <stdio.h>
int main(void) {
  puts("hello, world");
  return 0;
}
