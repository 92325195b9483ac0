// The README's example: a WASI program that greets and echoes its arguments.
// Built into <build>/examples/hello.wasm by CMake (clang-16 --target=wasm32-wasi);
// `bash build.sh` compiles that with wasmc and runs the result.
#include <stdio.h>

int main(int argc, char** argv) {
  printf("Hello from WebAssembly, compiled ahead of time by wasmc!\n");
  for (int i = 1; i < argc; ++i) printf("argv[%d] = %s\n", i, argv[i]);
  return 0;
}
