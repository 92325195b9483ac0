// WASI sockets end to end: a granted listener (fd 3, no directories granted)
// accepts one connection and echoes a line back in upper case.
// REQUIRES: native
// RUN: %clang-wasm %s -o %t.wasm
// A free port, chosen now (a fixed one collides when two checkouts test at once):
// RUN: python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' > %t.port
// RUN: sh -c '%wasmc %wasi-flags --target=%target %t.wasm -o %t --listen=127.0.0.1:$(cat %t.port)'
// RUN: sh -c '%t > %t.log & sleep 0.5; python3 -c "import socket, sys; s = socket.create_connection((\"127.0.0.1\", int(sys.argv[1]))); s.sendall(b\"hello\n\"); print(s.recv(64).decode().strip())" $(cat %t.port); wait; cat %t.log' | FileCheck %s
// CHECK: HELLO
// CHECK: served 6 bytes
#include <ctype.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
  int c = accept(3, NULL, NULL);
  if (c < 0) {
    perror("accept");
    return 1;
  }
  char buf[64];
  ssize_t n = recv(c, buf, sizeof buf, 0);
  if (n <= 0) {
    perror("recv");
    return 1;
  }
  for (ssize_t i = 0; i < n; ++i) buf[i] = (char)toupper((unsigned char)buf[i]);
  if (send(c, buf, (size_t)n, 0) != n) {
    perror("send");
    return 1;
  }
  shutdown(c, SHUT_RDWR);
  printf("served %zd bytes\n", n);
  return 0;
}
