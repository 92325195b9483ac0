/* Exceptions: exception objects, the helpers generated code calls (abi.h), and the
 * unwinder (docs/runtime.md "Exceptions").
 *
 * Zero cost on the normal path: generated code registers nothing when it enters a
 * try region. Each compiled function carries a table (wasmc_func_desc::eh): the
 * callee-saved registers its frame saves, and the code ranges of its calls inside
 * try regions with their landing pads. wasmc_rt_throw_ref (an assembly entry below)
 * captures the callee-saved registers, the stack pointer and the return address;
 * Unwind then walks the frame-pointer chain: for each wasm frame it looks the
 * return address up in the frame's table, and either resumes at the landing pad
 * (with the registers that frame had at the call: the values live into a pad are
 * in callee-saved registers or stack slots, docs/backend.md) or restores the
 * registers the frame saved and steps to its caller. A return address outside
 * every compiled function (a trampoline, the host) ends the walk: the exception
 * is uncaught and ends the activation like a trap.
 *
 * The walk (frame pointer chain + per-function register masks + per-call-site
 * records keyed by return address) is what a garbage collector needs to find the
 * frames of a stack and, with per-call-site stack maps in the same table, their
 * references. */
#include "core/rt.h"

/* One exception: its tag and payload (one 64-bit word per tag param). */
typedef struct rt_exn {
  const wasmc_tag* tag;
  uint32_t count;
  uint32_t pad;
  uint64_t words[];
} rt_exn;

/* Register state of one frame, as the unwinder sees it. Offsets are fixed: the
 * assembly below reads and writes them. */
typedef struct rt_regs {
  uint64_t gpr[32]; /* 0: by ISA register number */
  uint64_t fpr[32]; /* 256: AArch64 d registers (low 64 bits) */
  uint64_t sp;      /* 512: the frame's stack pointer at the call */
  uint64_t pc;      /* 520: the return address into it */
} rt_regs;          /* 528 bytes */

#if defined(__x86_64__)
enum { kFp = 5 };
#elif defined(__aarch64__)
enum { kFp = 29 };
#endif

/* The exception being delivered to a landing pad, one slot per thread (indexed by
 * rt_thread_slot of the stack: the pad runs on the stack the throw walked), so
 * threads throwing at the same moment each catch their own. */
static rt_exn* in_flight[RT_MAX_THREAD_STACKS + 1];

__attribute__((noreturn)) void rt_resume(const rt_regs* regs);
__attribute__((noreturn)) void rt_throw(wasmc_instance* inst, rt_exn* exn, rt_regs* regs);

uint64_t wasmc_rt_exn_take(wasmc_instance* inst) {
  (void)inst;
  rt_exn** slot = &in_flight[rt_thread_slot((uintptr_t)__builtin_frame_address(0))];
  rt_exn* e = *slot;
  *slot = NULL;
  return (uint64_t)(uintptr_t)e;
}

uint64_t wasmc_rt_exn_new(wasmc_instance* inst, uint32_t tag) {
  const wasmc_tag* t = rt_instance_of(inst)->tags[tag];
  rt_exn* e = rt_alloc(sizeof(rt_exn) + 8 * (size_t)t->num_params);
  if (!e) rt_trap_at(WASMC_TRAP_STACK_EXHAUSTED, 0, (uintptr_t)__builtin_frame_address(0));
  e->tag = t;
  e->count = t->num_params;
  return (uint64_t)(uintptr_t)e;
}

void wasmc_rt_exn_set(wasmc_instance* inst, uint64_t exn, uint32_t i, uint64_t word) {
  (void)inst;
  ((rt_exn*)(uintptr_t)exn)->words[i] = word;
}

uint64_t wasmc_rt_exn_get(wasmc_instance* inst, uint64_t exn, uint32_t i) {
  (void)inst;
  return ((const rt_exn*)(uintptr_t)exn)->words[i];
}

uint32_t wasmc_rt_exn_is(wasmc_instance* inst, uint64_t exn, uint32_t tag) {
  return ((const rt_exn*)(uintptr_t)exn)->tag == rt_instance_of(inst)->tags[tag];
}

/* The registers frame `fp` saved in its prologue (the code generators' layouts:
 * backend/x64 and backend/a64 MacroAssembler::SavedRegisters) back into `r`: the
 * values its caller had. */
static void RestoreSaved(rt_regs* r, uint64_t mask, uintptr_t fp) {
  const uint64_t* slot;
#if defined(__x86_64__)
  /* push rbp; mov rbp, rsp; push the saved GPRs in ascending order. */
  slot = (const uint64_t*)fp;
  unsigned k = 0;
  for (unsigned reg = 0; reg < 32; ++reg)
    if (mask >> reg & 1) r->gpr[reg] = slot[-(int)++k];
#else
  /* stp x29, x30, [sp, -16]!; mov x29, sp; ...; GPRs then FPRs, ascending, at
   * x29 - saves_size, saves_size = 8 * count rounded up to 16. */
  unsigned count = (unsigned)__builtin_popcountll(mask);
  slot = (const uint64_t*)(fp - ((8u * count + 15u) & ~15u));
  unsigned k = 0;
  for (unsigned reg = 0; reg < 32; ++reg)
    if (mask >> reg & 1) r->gpr[reg] = slot[k++];
  for (unsigned v = 0; v < 32; ++v)
    if (mask >> (32 + v) & 1) r->fpr[v] = slot[k++];
#endif
}

/* The landing pad for return address `pc` in f, or 0. */
static uint32_t FindPad(const wasmc_func_desc* f, uintptr_t pc) {
  const uint32_t* t = f->eh;
  const uint32_t off = (uint32_t)(pc - (uintptr_t)f->code);
  for (uint32_t i = 0; i < t[2]; ++i) {
    const uint32_t* site = &t[3 + 3 * i];
    if (off > site[0] && off <= site[1]) return site[2];
  }
  return 0;
}

void rt_throw(wasmc_instance* inst, rt_exn* exn, rt_regs* regs) {
  (void)inst;
  const uintptr_t pc0 = regs->pc, fp0 = regs->gpr[kFp];
  if (!exn) rt_trap_at(WASMC_TRAP_NULL_EXNREF, pc0, fp0);
  for (unsigned depth = 0; depth < (1u << 22); ++depth) {
    uint32_t index;
    const wasmc_func_desc* f = rt_find_func(regs->pc - 1, &index);
    if (!f || !f->eh) break; /* left wasm code: nothing catches it */
    uint32_t pad = FindPad(f, regs->pc);
    if (pad) {
      in_flight[rt_thread_slot(regs->sp)] = exn;
      regs->pc = (uintptr_t)f->code + pad;
      rt_resume(regs);
    }
    const uintptr_t fp = regs->gpr[kFp];
    RestoreSaved(regs, f->eh[0] | (uint64_t)f->eh[1] << 32, fp);
    regs->sp = fp + 16;
    regs->pc = ((const uint64_t*)fp)[1];
    regs->gpr[kFp] = ((const uint64_t*)fp)[0];
  }
  static char detail[160];
  rt_buf b = {detail, 0, sizeof detail - 1};
  if (exn->tag->name && exn->tag->name[0]) {
    rt_buf_str(&b, " (tag ");
    rt_buf_str(&b, exn->tag->name);
    rt_buf_str(&b, ")");
  }
  detail[b.len < sizeof detail ? b.len : sizeof detail - 1] = 0;
  rt_trap_detail(WASMC_TRAP_UNCAUGHT_EXCEPTION, detail, pc0, fp0);
}

/* wasmc_rt_throw_ref(inst, exn): saves the thrower's registers into an rt_regs on
 * the stack and calls rt_throw(inst, exn, regs). rt_resume(regs): loads them and
 * jumps to regs->pc with regs->sp. Both in their own section, which executables without
 * exceptions leave out (backend/link/runtime_link.cc keeps what is referenced). */
#if defined(__x86_64__)
__asm__(
    ".pushsection .text.wasmc_rt_throw_ref, \"ax\", @progbits\n"
    ".globl wasmc_rt_throw_ref\n"
    ".type wasmc_rt_throw_ref, @function\n"
    "wasmc_rt_throw_ref:\n"
    "  sub $536, %rsp\n"
    "  mov %rbx, 24(%rsp)\n"
    "  mov %rbp, 40(%rsp)\n"
    "  mov %r12, 96(%rsp)\n"
    "  mov %r13, 104(%rsp)\n"
    "  mov %r14, 112(%rsp)\n"
    "  mov %r15, 120(%rsp)\n"
    "  lea 544(%rsp), %rax\n"
    "  mov %rax, 512(%rsp)\n"
    "  mov 536(%rsp), %rax\n"
    "  mov %rax, 520(%rsp)\n"
    "  mov %rsp, %rdx\n"
    "  call rt_throw@PLT\n"
    "  ud2\n"
    ".size wasmc_rt_throw_ref, .-wasmc_rt_throw_ref\n"
    ".globl rt_resume\n"
    ".type rt_resume, @function\n"
    "rt_resume:\n"
    "  mov 24(%rdi), %rbx\n"
    "  mov 40(%rdi), %rbp\n"
    "  mov 96(%rdi), %r12\n"
    "  mov 104(%rdi), %r13\n"
    "  mov 112(%rdi), %r14\n"
    "  mov 120(%rdi), %r15\n"
    "  mov 512(%rdi), %rsp\n"
    "  jmp *520(%rdi)\n"
    ".size rt_resume, .-rt_resume\n"
    ".popsection\n");
#elif defined(__aarch64__)
__asm__(
    ".pushsection .text.wasmc_rt_throw_ref, \"ax\", %progbits\n"
    ".globl wasmc_rt_throw_ref\n"
    ".type wasmc_rt_throw_ref, %function\n"
    "wasmc_rt_throw_ref:\n"
    "  sub sp, sp, #544\n"
    "  stp x19, x20, [sp, #152]\n"
    "  stp x21, x22, [sp, #168]\n"
    "  stp x23, x24, [sp, #184]\n"
    "  stp x25, x26, [sp, #200]\n"
    "  stp x27, x28, [sp, #216]\n"
    "  str x29, [sp, #232]\n"
    "  stp d8, d9, [sp, #320]\n"
    "  stp d10, d11, [sp, #336]\n"
    "  stp d12, d13, [sp, #352]\n"
    "  stp d14, d15, [sp, #368]\n"
    "  add x9, sp, #544\n"
    "  str x9, [sp, #512]\n"
    "  str x30, [sp, #520]\n"
    "  mov x2, sp\n"
    "  bl rt_throw\n"
    "  brk #1\n"
    ".size wasmc_rt_throw_ref, .-wasmc_rt_throw_ref\n"
    ".globl rt_resume\n"
    ".type rt_resume, %function\n"
    "rt_resume:\n"
    "  ldp x19, x20, [x0, #152]\n"
    "  ldp x21, x22, [x0, #168]\n"
    "  ldp x23, x24, [x0, #184]\n"
    "  ldp x25, x26, [x0, #200]\n"
    "  ldp x27, x28, [x0, #216]\n"
    "  ldr x29, [x0, #232]\n"
    "  ldp d8, d9, [x0, #320]\n"
    "  ldp d10, d11, [x0, #336]\n"
    "  ldp d12, d13, [x0, #352]\n"
    "  ldp d14, d15, [x0, #368]\n"
    "  ldr x9, [x0, #512]\n"
    "  mov sp, x9\n"
    "  ldr x9, [x0, #520]\n"
    "  br x9\n"
    ".size rt_resume, .-rt_resume\n"
    ".popsection\n");
#endif
