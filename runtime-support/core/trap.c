/* Traps: the report ("wasm trap: <kind>" then a backtrace from the frame-pointer
 * chain, named through the module descriptors' funcs[], with file:line from their
 * line tables when the module had DWARF), and the classification
 * of synchronous signals raised by generated code. */
#include "core/rt.h"
#include "sys/kernel.h"

const char* rt_trap_kind(uint32_t code) {
  switch (code) {
    case WASMC_TRAP_UNREACHABLE: return "unreachable";
    case WASMC_TRAP_INT_DIV_BY_ZERO: return "integer divide by zero";
    case WASMC_TRAP_INT_OVERFLOW: return "integer overflow";
    case WASMC_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WASMC_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case WASMC_TRAP_TABLE_OOB: return "out of bounds table access";
    case WASMC_TRAP_INDIRECT_CALL_NULL: return "uninitialized element";
    case WASMC_TRAP_INDIRECT_CALL_TYPE: return "indirect call type mismatch";
    case WASMC_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    case WASMC_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    /* A host (WASI) function found a guest pointer outside linear memory. */
    case WASMC_TRAP_HOST: return "out of bounds memory access";
    case WASMC_TRAP_UNALIGNED_ATOMIC: return "unaligned atomic";
    case WASMC_TRAP_WAIT_UNSHARED: return "expected shared memory";
    case WASMC_TRAP_UNCAUGHT_EXCEPTION: return "uncaught exception";
    case WASMC_TRAP_NULL_EXNREF: return "null exception reference";
    case WASMC_TRAP_NULL_REFERENCE: return "null reference";
    case WASMC_TRAP_NULL_FUNC_REF: return "null function reference";
    default: return "unknown trap";
  }
}

/* The main thread's wasm stack: [guard_lo, guard_hi) is the guard, [stack_lo, stack_hi)
 * holds its frames (on the process stack the two overlap: freestanding/start.c). */
static uintptr_t guard_lo, guard_hi, stack_lo, stack_hi;

void rt_set_stack(uintptr_t guard, uintptr_t guard_end, uintptr_t lo, uintptr_t hi) {
  guard_lo = guard;
  guard_hi = guard_end;
  stack_lo = lo;
  stack_hi = hi;
}

/* Finds the compiled function containing pc in any live instance's module. */
static const wasmc_func_desc* FindFunc(uintptr_t pc, uint32_t* index) {
  for (rt_instance* ri = rt_instances(); ri; ri = ri->next) {
    const wasmc_module* m = ri->inst->module;
    for (uint32_t i = m->num_imported_funcs; i < m->num_funcs; ++i) {
      uintptr_t code = (uintptr_t)m->funcs[i].code;
      if (pc >= code && pc - code < m->funcs[i].code_size) {
        *index = i;
        return &m->funcs[i];
      }
    }
  }
  return NULL;
}

static uint64_t Uleb(const uint8_t** p) {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    uint8_t byte = *(*p)++;
    if (shift < 64) v |= (uint64_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return v;
  }
}

/* " (file:line)" for code offset `at` from f->lines (abi.h); 0 if there is none.
 * An optional feature (rt.h, RT_OPTIONAL): linked into executables whose module has
 * line tables (compiler/lower/descriptor.cc names wasmc_feature_lines). */
int wasmc_feature_lines(rt_buf* b, const wasmc_func_desc* f, uint64_t at) {
  const uint8_t* p = f->lines;
  if (!p) return 0;
  enum { kMaxFiles = 64 };
  const char* files[kMaxFiles];
  uint64_t num_files = Uleb(&p);
  for (uint64_t i = 0; i < num_files; ++i) {
    if (i < kMaxFiles) files[i] = (const char*)p;
    while (*p) ++p;
    ++p;
  }
  uint64_t rows = Uleb(&p), offset = 0, file = 0, line = 0;
  for (uint64_t i = 0; i < rows; ++i) {
    uint64_t next = offset + Uleb(&p), next_file = Uleb(&p), next_line = Uleb(&p);
    if (i > 0 && next > at) break;
    offset = next, file = next_file, line = next_line;
  }
  if (!rows || file >= num_files || file >= kMaxFiles) return 0;
  rt_buf_str(b, " (");
  rt_buf_str(b, files[file]);
  rt_buf_str(b, ":");
  rt_buf_dec(b, line);
  rt_buf_str(b, ")");
  return 1;
}

static int (*const volatile source_line)(rt_buf*, const wasmc_func_desc*, uint64_t)
    RT_OPTIONAL(lines) = wasmc_feature_lines;

/* The bodies inlined into f whose code contains offset `at`, outermost first (at
 * most kMaxInlined): pointers to their {begin, end, callee} words after the call
 * sites of f->eh (abi.h); their number. */
enum { kMaxInlined = 8 };
static int InlinedAt(const wasmc_func_desc* f, uint64_t at, const uint32_t** out) {
  const uint32_t* t = f->eh;
  if (!t) return 0;
  t += 3 + 3 * (uint64_t)t[2];
  uint32_t n = *t++;
  int k = 0;
  for (uint32_t i = 0; i < n && k < kMaxInlined; ++i, t += 3)
    if (at >= t[0] && at < t[1]) out[k++] = t;
  return k;
}

/* One frame line: function `index` (its descriptor g), at code offset `line_at` of
 * f's code for the source line, else `shown` as the offset. */
static void FrameLine(rt_buf* b, int n, const wasmc_func_desc* f, const wasmc_func_desc* g,
                      uint32_t index, uint64_t line_at, uint64_t shown, int inlined) {
  rt_buf_str(b, "  #");
  rt_buf_dec(b, (uint64_t)n);
  rt_buf_str(b, " ");
  if (g->name && g->name[0]) {
    rt_buf_str(b, g->name);
  } else {
    rt_buf_str(b, "func[");
    rt_buf_dec(b, index);
    rt_buf_str(b, "]");
  }
  int (*line)(rt_buf*, const wasmc_func_desc*, uint64_t) = source_line;
  if (!(f->lines && line && line(b, f, line_at))) {
    rt_buf_str(b, " (+");
    rt_buf_hex(b, shown);
    rt_buf_str(b, ")");
  }
  rt_buf_str(b, inlined ? " (inlined)\n" : "\n");
}

/* The frames of the code at `lookup`: the bodies inlined there (innermost first,
 * each shown at the place it was inlined into the next one out), then the
 * function; their number. */
static int Frame(rt_buf* b, int n, uintptr_t pc, uintptr_t lookup) {
  uint32_t index = 0;
  const wasmc_func_desc* f = FindFunc(lookup, &index);
  /* Source lines where the module has DWARF: `lookup` is the faulting pc or a
   * return address minus one, inside the call instruction. */
  const uint64_t at = lookup - (uintptr_t)f->code;
  const uint32_t* inlined[kMaxInlined];
  const int k = InlinedAt(f, at, inlined);
  for (int i = k; i >= 0; --i) {
    const uint32_t fi = i ? inlined[i - 1][2] : index;
    /* An outer frame's place: the start of the body inlined into it. */
    const uint64_t site = i < k ? inlined[i][0] : 0;
    FrameLine(b, n + (k - i), f, f - index + fi, fi, i == k ? at : site - (site > 0),
              i == k ? pc - (uintptr_t)f->code : site, i > 0);
  }
  return k + 1;
}

/* Stacks of wasi-threads threads (freestanding/threads.c): [guard, lo) guard,
 * [lo, hi) usable. Appended under the spawn lock, read by signal handlers. */
enum { kMaxThreadStacks = RT_MAX_THREAD_STACKS };
static struct { uintptr_t guard, lo, hi; } thread_stacks[kMaxThreadStacks];
static uint32_t num_thread_stacks;

int rt_add_thread_stack(uintptr_t guard, uintptr_t lo, uintptr_t hi) {
  uint32_t n = __atomic_load_n(&num_thread_stacks, __ATOMIC_ACQUIRE);
  if (n == kMaxThreadStacks) return 0;
  thread_stacks[n].guard = guard;
  thread_stacks[n].lo = lo;
  thread_stacks[n].hi = hi;
  __atomic_store_n(&num_thread_stacks, n + 1, __ATOMIC_RELEASE);
  return 1;
}

uint32_t rt_thread_slot(uintptr_t sp) {
  uint32_t n = __atomic_load_n(&num_thread_stacks, __ATOMIC_ACQUIRE);
  for (uint32_t i = 0; i < n; ++i)
    if (sp >= thread_stacks[i].lo && sp < thread_stacks[i].hi) return i + 1;
  return 0;
}

/* Is `a` inside a thread stack's guard (guard=1) or usable part (guard=0)? */
static int InThreadStack(uintptr_t a, int guard) {
  uint32_t n = __atomic_load_n(&num_thread_stacks, __ATOMIC_ACQUIRE);
  for (uint32_t i = 0; i < n; ++i) {
    if (guard ? (a >= thread_stacks[i].guard && a < thread_stacks[i].lo)
              : (a >= thread_stacks[i].lo && a + 16 <= thread_stacks[i].hi))
      return 1;
  }
  return 0;
}

static int FrameOk(uintptr_t fp, uintptr_t prev) {
  if (!fp || (fp & 7) || fp <= prev) return 0;
  if (stack_hi && (fp < stack_lo || fp + 16 > stack_hi) && !InThreadStack(fp, 0)) return 0;
  return 1;
}

/* Walks the frame-pointer chain (x86-64 rbp and AArch64 x29 frames are both
 * {saved fp, return address}). Leading runtime frames are skipped; the walk
 * stops at the first non-wasm frame after a wasm one (host code need not keep
 * frame pointers). */
enum { kMaxWalk = 1 << 20 };  /* frames walked at most (each is two loads) */
enum { kShownFrames = 64, kMaxRanges = 64 };

/* Code ranges of the live modules, so frames past the shown ones are counted
 * in O(1) each: deep recursion can have a million frames. */
typedef struct CodeRange { uintptr_t lo, hi; } CodeRange;

static int CodeRanges(CodeRange* out) {
  int n = 0;
  for (rt_instance* ri = rt_instances(); ri; ri = ri->next) {
    if (n == kMaxRanges) return -1;  /* too many: fall back to FindFunc */
    const wasmc_module* m = ri->inst->module;
    CodeRange r = {UINTPTR_MAX, 0};
    for (uint32_t i = m->num_imported_funcs; i < m->num_funcs; ++i) {
      uintptr_t code = (uintptr_t)m->funcs[i].code;
      if (code < r.lo) r.lo = code;
      if (code + m->funcs[i].code_size > r.hi) r.hi = code + m->funcs[i].code_size;
    }
    if (r.lo < r.hi) out[n++] = r;
  }
  return n;
}

static int InWasmCode(uintptr_t pc, const CodeRange* ranges, int num_ranges) {
  uint32_t index;
  if (num_ranges < 0) return FindFunc(pc, &index) != NULL;
  for (int i = 0; i < num_ranges; ++i)
    if (pc >= ranges[i].lo && pc < ranges[i].hi) return 1;
  return 0;
}

static void Backtrace(rt_buf* b, uintptr_t pc, uintptr_t fp) {
  static CodeRange ranges[kMaxRanges] RT_COLD;
  int num_ranges = CodeRanges(ranges);
  int n = 0, seen_wasm = 0, depth = 0;
  uint32_t index;
  if (pc && FindFunc(pc, &index)) {
    n += Frame(b, n, pc, pc);
    seen_wasm = 1;
  }
  uintptr_t prev = 0;
  for (; depth < kMaxWalk && FrameOk(fp, prev); ++depth) {
    uintptr_t ret = ((const uintptr_t*)fp)[1];
    if (n < kShownFrames ? FindFunc(ret - 1, &index) != NULL
                         : InWasmCode(ret - 1, ranges, num_ranges)) {
      n += n < kShownFrames ? Frame(b, n, ret, ret - 1) : 1;
      seen_wasm = 1;
    } else if (seen_wasm) {
      break;
    }
    prev = fp;
    fp = ((const uintptr_t*)fp)[0];
  }
  if (n > kShownFrames) {
    rt_buf_str(b, "  ... ");
    rt_buf_dec(b, (uint64_t)(n - kShownFrames));
    rt_buf_str(b, depth >= kMaxWalk ? " or more further frames\n" : " more frames\n");
  }
}

const wasmc_func_desc* rt_find_func(uintptr_t pc, uint32_t* index) { return FindFunc(pc, index); }

void rt_trap_at(uint32_t code, uintptr_t pc, uintptr_t fp) { rt_trap_detail(code, "", pc, fp); }

void rt_trap_detail(uint32_t code, const char* detail, uintptr_t pc, uintptr_t fp) {
  static char report[8192] RT_COLD;
  rt_buf b = {report, 0, sizeof report};
  rt_buf_str(&b, "wasm trap: ");
  rt_buf_str(&b, rt_trap_kind(code));
  rt_buf_str(&b, detail);
  rt_buf_str(&b, "\n");
  Backtrace(&b, pc, fp);
  rt_deliver_trap(code, report);
}

void wasmc_rt_trap(wasmc_instance* inst, uint32_t code) {
  (void)inst;
  rt_trap_at(code, 0, (uintptr_t)__builtin_frame_address(0));
}

#if defined(__x86_64__)
/* x86 raises #DE for both x/0 and INT_MIN/-1. Decode the faulting div/idiv
 * (F6/F7 /6 or /7) to read its divisor: 0 means divide by zero, anything else
 * overflow. Returns 0 if the instruction is not one we understand. */
static uint64_t Reg(const struct wasmc_ksigcontext* c, unsigned r) {
  switch (r) {
    case 0: return c->rax;  case 1: return c->rcx;  case 2: return c->rdx;
    case 3: return c->rbx;  case 4: return c->rsp;  case 5: return c->rbp;
    case 6: return c->rsi;  case 7: return c->rdi;  case 8: return c->r8;
    case 9: return c->r9;   case 10: return c->r10; case 11: return c->r11;
    case 12: return c->r12; case 13: return c->r13; case 14: return c->r14;
    default: return c->r15;
  }
}

/* An optional feature (rt.h, RT_OPTIONAL): linked into executables whose module has
 * an integer division or remainder (compiler/lower/compile_functions.cc names
 * wasmc_feature_divide), the only code that raises #DE. */
uint32_t wasmc_feature_divide(const struct wasmc_ksigcontext* c) {
  const uint8_t* p = (const uint8_t*)c->rip;
  unsigned size = 4, rex = 0;
  for (;; ++p) {
    if (*p == 0x66) size = 2;
    else if (*p == 0x2e || *p == 0x3e || *p == 0xf2 || *p == 0xf3) continue;
    else break;
  }
  if ((*p & 0xf0) == 0x40) rex = *p++;
  if (rex & 8) size = 8;
  if (*p == 0xf6) size = 1;
  else if (*p != 0xf7) return 0;
  uint8_t modrm = *++p;
  ++p;
  unsigned mod = modrm >> 6, reg = (modrm >> 3) & 7, rm = modrm & 7;
  if (reg != 6 && reg != 7) return 0;
  uint64_t divisor;
  if (mod == 3) {
    divisor = Reg(c, rm | ((rex & 1) << 3));
  } else {
    uint64_t ea = 0;
    if (rm == 4) {
      uint8_t sib = *p++;
      unsigned scale = sib >> 6, index = ((sib >> 3) & 7) | ((rex & 2) << 2), base = sib & 7;
      if (index != 4) ea += Reg(c, index) << scale;
      if (base == 5 && mod == 0) {
        int32_t d;
        memcpy(&d, p, 4);
        p += 4;
        ea += (uint64_t)(int64_t)d;
      } else {
        ea += Reg(c, base | ((rex & 1) << 3));
      }
    } else if (rm == 5 && mod == 0) {
      int32_t d;
      memcpy(&d, p, 4);
      p += 4;
      ea = (uint64_t)p + (uint64_t)(int64_t)d;  /* rip-relative: no immediate follows */
    } else {
      ea = Reg(c, rm | ((rex & 1) << 3));
    }
    if (mod == 1) ea += (uint64_t)(int64_t)(int8_t)*p;
    if (mod == 2) {
      int32_t d;
      memcpy(&d, p, 4);
      ea += (uint64_t)(int64_t)d;
    }
    divisor = 0;
    memcpy(&divisor, (const void*)ea, size);
  }
  if (size < 8) divisor &= (1ull << (size * 8)) - 1;
  return divisor == 0 ? WASMC_TRAP_INT_DIV_BY_ZERO : WASMC_TRAP_INT_OVERFLOW;
}

static uint32_t (*const volatile classify_divide)(const struct wasmc_ksigcontext*)
    RT_OPTIONAL(divide) = wasmc_feature_divide;
#endif

uint32_t rt_classify_fault(int sig, const void* siginfo, const void* ucv) {
  const struct wasmc_ksiginfo* si = siginfo;
  const struct wasmc_kucontext* uc = ucv;
  uintptr_t addr = (uintptr_t)si->si_addr;
  uint32_t index;
  switch (sig) {
    case WASMC_SIGSEGV:
    case WASMC_SIGBUS: {
      /* Security: a guard-page fault is a wasm trap only when generated code
       * made it; anywhere else it means a missing bounds check in the runtime
       * or the shim, which must not pass for the program's own trap. */
      if (rt_address_in_memory(addr))
        return FindFunc((uintptr_t)WASMC_UC_PC(uc), &index) ? WASMC_TRAP_MEMORY_OOB : RT_FAULT_RUNTIME_BUG;
      /* call_indirect reads a null table element's fields without testing it first
       * (abi.h WASMC_NULL_FAULT_LIMIT); no other read of generated code goes through
       * a pointer that can be null. */
      if (addr < WASMC_NULL_FAULT_LIMIT && FindFunc((uintptr_t)WASMC_UC_PC(uc), &index))
        return WASMC_TRAP_INDIRECT_CALL_NULL;
      uintptr_t sp = (uintptr_t)WASMC_UC_SP(uc);
      if (guard_hi && ((addr >= guard_lo && addr < guard_hi) || (sp >= guard_lo && sp < guard_hi)))
        return WASMC_TRAP_STACK_EXHAUSTED;
      if (InThreadStack(addr, 1) || InThreadStack(sp, 1)) return WASMC_TRAP_STACK_EXHAUSTED;
      return 0;
    }
    case WASMC_SIGFPE:
#if defined(__x86_64__)
      if (!FindFunc((uintptr_t)WASMC_UC_PC(uc), &index)) return 0;
      {
        uint32_t (*divide)(const struct wasmc_ksigcontext*) = classify_divide;
        uint32_t code = divide ? divide(&uc->uc_mcontext) : 0;
        if (code) return code;
      }
#endif
      if (si->si_code == WASMC_FPE_INTDIV) return WASMC_TRAP_INT_DIV_BY_ZERO;
      if (si->si_code == WASMC_FPE_INTOVF) return WASMC_TRAP_INT_OVERFLOW;
      return 0;
    case WASMC_SIGILL:
    case WASMC_SIGTRAP:
      /* ud2 / brk in generated code: the code generator's unreachable. */
      return FindFunc((uintptr_t)WASMC_UC_PC(uc), &index) ? WASMC_TRAP_UNREACHABLE : 0;
    default:
      return 0;
  }
}

static void RuntimeBug(const struct wasmc_ksiginfo* si, const struct wasmc_kucontext* uc) {
  static char report[256] RT_COLD;
  rt_buf b = {report, 0, sizeof report};
  rt_buf_str(&b, "wasmc runtime: internal error: memory fault at ");
  rt_buf_hex(&b, (uint64_t)(uintptr_t)si->si_addr);
  rt_buf_str(&b, " inside linear memory from pc ");
  rt_buf_hex(&b, (uint64_t)WASMC_UC_PC(uc));
  rt_buf_str(&b, ", outside generated code (a bug in the wasmc runtime or WASI layer, "
                 "not a wasm trap; please report it)\n");
  rt_deliver_runtime_bug(report);
}

void rt_handle_fault(int sig, void* siginfo, void* ucv) {
  uint32_t code = rt_classify_fault(sig, siginfo, ucv);
  if (!code) return;
  struct wasmc_kucontext* uc = ucv;
  if (code == RT_FAULT_RUNTIME_BUG) RuntimeBug(siginfo, uc);
  rt_trap_at(code, (uintptr_t)WASMC_UC_PC(uc), (uintptr_t)WASMC_UC_FP(uc));
}
