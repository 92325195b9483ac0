/* Call-heavy: indirect calls through a table of function pointers (call_indirect with a
 * signature check in wasm) selected by data, like a virtual-dispatch-heavy program. */
#include "bench.h"

typedef uint32_t (*Op)(uint32_t, uint32_t);

__attribute__((noinline)) static uint32_t OpAdd(uint32_t a, uint32_t b) { return a + b; }
__attribute__((noinline)) static uint32_t OpSub(uint32_t a, uint32_t b) { return a - b; }
__attribute__((noinline)) static uint32_t OpXor(uint32_t a, uint32_t b) { return a ^ (b * 3); }
__attribute__((noinline)) static uint32_t OpMul(uint32_t a, uint32_t b) { return a * (b | 1); }
__attribute__((noinline)) static uint32_t OpRot(uint32_t a, uint32_t b) { return (a << (b & 31)) | (a >> ((32 - b) & 31)); }
__attribute__((noinline)) static uint32_t OpMix(uint32_t a, uint32_t b) { return (a ^ (a >> 15)) + b; }
__attribute__((noinline)) static uint32_t OpMin(uint32_t a, uint32_t b) { return a < b ? a + 1 : b; }
__attribute__((noinline)) static uint32_t OpAnd(uint32_t a, uint32_t b) { return (a & b) + 0x1234567; }

static Op ops[8] = {OpAdd, OpSub, OpXor, OpMul, OpRot, OpMix, OpMin, OpAnd};
static uint8_t program[4096];

int main(int argc, char **argv) {
  long reps = BenchReps(argc, argv, 16000);
  uint32_t s = bench_seed;
  for (int i = 0; i < 4096; i++) program[i] = (uint8_t)(BenchRand(&s) & 7);
  Op *volatile table_ptr = ops;  /* stop whole-program devirtualization */
  Op *table = table_ptr;
  uint32_t acc = 1;
  uint64_t h = 0;
  for (long r = 0; r < reps; r++) {
    for (int i = 0; i < 4096; i++) acc = table[program[i]](acc, (uint32_t)i);
    h = BenchMix(h, acc);
  }
  return BenchReport(h);
}
