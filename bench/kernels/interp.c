/* Real-program style: a small stack-based bytecode interpreter (switch dispatch, an operand
 * stack in memory, calls/returns with frames) running a program that computes primes by
 * trial division and an iterative Collatz sum. Branch-heavy, unpredictable dispatch. */
#include "bench.h"

enum {
  kPush, kLoad, kStore, kAdd, kSub, kMul, kDiv, kMod, kLt, kEq, kJmp, kJz, kCall, kRet,
  kDup, kPop, kHalt, kShr, kAnd
};

typedef struct { int32_t op, arg; } Insn;

/* Tiny assembler state. */
static Insn code[256];
static int pc_emit;
static int Emit(int op, int arg) { code[pc_emit].op = op; code[pc_emit].arg = arg; return pc_emit++; }

static int64_t Run(const Insn *prog, int entry, int64_t *vars) {
  int64_t stack[256];
  int ret_stack[64];
  int sp = 0, rsp = 0, pc = entry;
  for (;;) {
    Insn in = prog[pc++];
    switch (in.op) {
      case kPush: stack[sp++] = in.arg; break;
      case kLoad: stack[sp++] = vars[in.arg]; break;
      case kStore: vars[in.arg] = stack[--sp]; break;
      case kAdd: sp--; stack[sp - 1] += stack[sp]; break;
      case kSub: sp--; stack[sp - 1] -= stack[sp]; break;
      case kMul: sp--; stack[sp - 1] *= stack[sp]; break;
      case kDiv: sp--; stack[sp - 1] /= stack[sp]; break;
      case kMod: sp--; stack[sp - 1] %= stack[sp]; break;
      case kLt: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
      case kEq: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
      case kShr: sp--; stack[sp - 1] >>= stack[sp]; break;
      case kAnd: sp--; stack[sp - 1] &= stack[sp]; break;
      case kJmp: pc = in.arg; break;
      case kJz: if (stack[--sp] == 0) pc = in.arg; break;
      case kCall: ret_stack[rsp++] = pc; pc = in.arg; break;
      case kRet: pc = ret_stack[--rsp]; break;
      case kDup: stack[sp] = stack[sp - 1]; sp++; break;
      case kPop: sp--; break;
      case kHalt: return stack[sp - 1];
    }
  }
}

/* vars: 0=n 1=count 2=d 3=isprime 4=x 5=steps 6=limit */
static int Assemble(void) {
  pc_emit = 0;
  int entry = Emit(kPush, 2);
  Emit(kStore, 0);                  /* n = 2 */
  int loop = Emit(kLoad, 0);        /* while n < limit */
  Emit(kLoad, 6); Emit(kLt, 0);
  int jz_end = Emit(kJz, 0);
  int call_prime = Emit(kCall, 0);  /* isprime(n) */
  Emit(kLoad, 3); Emit(kLoad, 1); Emit(kAdd, 0); Emit(kStore, 1);
  int call_collatz = Emit(kCall, 0);
  Emit(kLoad, 0); Emit(kPush, 1); Emit(kAdd, 0); Emit(kStore, 0);
  Emit(kJmp, loop);
  int end = Emit(kLoad, 1); Emit(kLoad, 5); Emit(kMul, 0); Emit(kHalt, 0);
  code[jz_end].arg = end;
  /* isprime: trial division by d while d*d <= n */
  int prime = Emit(kPush, 1); Emit(kStore, 3); Emit(kPush, 2); Emit(kStore, 2);
  int ploop = Emit(kLoad, 0); Emit(kLoad, 2); Emit(kDup, 0); Emit(kMul, 0); Emit(kLt, 0);
  int pjz = Emit(kJz, 0); int pret1 = Emit(kRet, 0);
  int pbody = Emit(kLoad, 0); Emit(kLoad, 2); Emit(kMod, 0);
  int pjz2 = Emit(kJz, 0);
  Emit(kLoad, 2); Emit(kPush, 1); Emit(kAdd, 0); Emit(kStore, 2); Emit(kJmp, ploop);
  int notprime = Emit(kPush, 0); Emit(kStore, 3); Emit(kRet, 0);
  code[pjz].arg = pbody; code[pjz2].arg = notprime; (void)pret1;
  code[call_prime].arg = prime;
  /* collatz: x = n; while x != 1: x = x&1 ? 3x+1 : x/2; steps++ */
  int coll = Emit(kLoad, 0); Emit(kStore, 4);
  int cloop = Emit(kLoad, 4); Emit(kPush, 1); Emit(kEq, 0);
  int cjz = Emit(kJz, 0); Emit(kRet, 0);
  int cbody = Emit(kLoad, 5); Emit(kPush, 1); Emit(kAdd, 0); Emit(kStore, 5);
  Emit(kLoad, 4); Emit(kPush, 1); Emit(kAnd, 0);
  int codd = Emit(kJz, 0);
  Emit(kLoad, 4); Emit(kPush, 3); Emit(kMul, 0); Emit(kPush, 1); Emit(kAdd, 0); Emit(kStore, 4);
  Emit(kJmp, cloop);
  int ceven = Emit(kLoad, 4); Emit(kPush, 1); Emit(kShr, 0); Emit(kStore, 4); Emit(kJmp, cloop);
  code[cjz].arg = cbody; code[codd].arg = ceven;
  code[call_collatz].arg = coll;
  return entry;
}

int main(int argc, char **argv) {
  long limit = BenchReps(argc, argv, 60000);
  int entry = Assemble();
  int64_t vars[8] = {0};
  vars[6] = limit + (bench_seed & 0);
  int64_t result = Run(code, entry, vars);
  printf("primes: %lld collatz steps: %lld\n", (long long)vars[1], (long long)vars[5]);
  return BenchReport(BenchMix(BenchMix((uint64_t)result, (uint64_t)vars[1]), (uint64_t)vars[5]));
}
