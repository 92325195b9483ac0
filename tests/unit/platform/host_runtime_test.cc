// The hosted runtime (runtime.h) with hand-assembled x86-64 code: descriptors
// are built in memory (real pointers, no relocation), code is placed in
// executable memory by asmjit's JitRuntime. Checks instantiation, linking
// errors, segment traps, trap recovery and the trap messages.
#include <asmjit/x86.h>
#include <gtest/gtest.h>

#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "wasmc/runtime.h"

namespace {

using namespace asmjit;
using namespace asmjit::x86;

// Emits a function with a frame; `body` runs with rdi = inst.
template <typename F>
void Func(Assembler& a, F body) {
  a.push(rbp);
  a.mov(rbp, rsp);
  body();
  a.pop(rbp);
  a.ret();
}

void CallAbs(Assembler& a, const void* fn) {
  a.mov(rax, reinterpret_cast<uint64_t>(fn));
  a.call(rax);
}

struct Jit {
  JitRuntime rt;
  void* base = nullptr;
  std::vector<uint64_t> offsets;

  // Assembles the functions (each gets its offset recorded).
  void Build(const std::vector<std::function<void(Assembler&)>>& fns) {
    CodeHolder code;
    code.init(rt.environment());
    Assembler a(&code);
    for (const auto& f : fns) {
      a.align(AlignMode::kCode, 16);
      offsets.push_back(a.offset());
      f(a);
    }
    offsets.push_back(a.offset());  // end of the last function
    ASSERT_EQ(rt.add(&base, &code), kErrorOk);
  }
  uint32_t Size(size_t i) const { return static_cast<uint32_t>(offsets[i + 1] - offsets[i]); }
  const void* At(size_t i) const { return static_cast<const uint8_t*>(base) + offsets[i]; }
};

const uint8_t kNoTypes[1] = {0};

// Descriptors start all zero (value-initialized), then get the fields a test sets.
wasmc_limits_desc MemoryLimits(uint64_t min, uint64_t max) {
  wasmc_limits_desc d{};
  d.min = min, d.max = max, d.has_max = 1;
  return d;
}
wasmc_type_desc NoParamsNoResults() {
  wasmc_type_desc t{};
  t.types = kNoTypes;
  return t;
}
wasmc_func_desc FuncDesc(const void* code, uint32_t size, const char* name) {
  wasmc_func_desc f{};
  f.code = code, f.code_size = size, f.name = name;
  return f;
}

// One of wasmc_module's (count, array) fields.
template <typename T>
void SetArray(uint32_t* count, const T** items, const T* first, size_t n) {
  *count = static_cast<uint32_t>(n);
  *items = first;
}

// A module with one memory (1 page, max 2) exported as "mem", a mutable i32
// global exported as "g", and the given function exports (all [] -> []).
struct TestModule {
  wasmc_type_desc type = NoParamsNoResults();
  std::vector<wasmc_func_desc> funcs;
  std::vector<wasmc_export_desc> exports;
  std::vector<std::string> names;
  wasmc_limits_desc memory = MemoryLimits(1, 2);
  wasmc_global_desc global{};
  std::vector<wasmc_import_desc> imports;
  std::vector<wasmc_data_desc> datas;
  wasmc_module m{};

  TestModule(const Jit& jit, std::vector<std::string> func_names) : names(std::move(func_names)) {
    for (size_t i = 0; i < names.size(); ++i) {
      // Each function is also its own trampoline (they ignore the slots).
      funcs.push_back(FuncDesc(jit.At(i), jit.Size(i), names[i].c_str()));
    }
    for (size_t i = 0; i < names.size(); ++i)
      exports.push_back({names[i].c_str(), WASMC_EXTERN_FUNC, static_cast<uint32_t>(i),
                         reinterpret_cast<void (*)(wasmc_instance*, wasmc_val*)>(
                             const_cast<void*>(jit.At(i))),
                         static_cast<uint32_t>(names[i].size())});
    exports.push_back({"mem", WASMC_EXTERN_MEMORY, 0, nullptr, 3});
    exports.push_back({"g", WASMC_EXTERN_GLOBAL, 0, nullptr, 1});
    global.val_type = 0x7f;
    global.mut = 1;
    global.init.kind = WASMC_CONST_I32;
    global.init.val_type = 0x7f;
    global.init.bits[0] = 42;
  }

  const wasmc_module* Get() {
    m.abi_version = WASMC_ABI_VERSION;
    m.instance_size = WASMC_INSTANCE_HEADER_SIZE + 16;
    SetArray(&m.num_types, &m.types, &type, 1);
    SetArray(&m.num_imports, &m.imports, imports.data(), imports.size());
    SetArray(&m.num_funcs, &m.funcs, funcs.data(), funcs.size());
    SetArray(&m.num_memories, &m.memories, &memory, 1);
    SetArray(&m.num_globals, &m.globals, &global, 1);
    SetArray(&m.num_exports, &m.exports, exports.data(), exports.size());
    SetArray(&m.num_datas, &m.datas, datas.data(), datas.size());
    m.start_func = -1;
    m.name = "";
    return &m;
  }
};

class HostRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(wasmc_host_init(), 0); }
  void TearDown() override { wasmc_host_reset(); }
};

void BuildBasic(Jit& jit) {
  jit.Build({
      // 0 "store": mem[0x100] = 7
      [](Assembler& a) {
        Func(a, [&] {
          a.mov(rax, qword_ptr(rdi, 0));
          a.mov(dword_ptr(rax, 0x100), 7);
        });
      },
      // 1 "oob": mem[0x10000] = 1 (one past the end of 1 page)
      [](Assembler& a) {
        Func(a, [&] {
          a.mov(rax, qword_ptr(rdi, 0));
          a.mov(dword_ptr(rax, 0x10000), 1);
        });
      },
      // 2 "trap": wasmc_rt_trap(inst, UNREACHABLE)
      [](Assembler& a) {
        Func(a, [&] {
          a.mov(esi, WASMC_TRAP_UNREACHABLE);
          CallAbs(a, reinterpret_cast<const void*>(&wasmc_rt_trap));
        });
      },
      // 3 "grow": memory.grow(1), then mem[0x10000] = 1
      [](Assembler& a) {
        Func(a, [&] {
          a.push(rdi);
          a.push(rdi);
          a.mov(esi, 1);
          CallAbs(a, reinterpret_cast<const void*>(&wasmc_rt_memory_grow));
          a.pop(rdi);
          a.pop(rdi);
          a.mov(rax, qword_ptr(rdi, 0));
          a.mov(dword_ptr(rax, 0x10000), 1);
        });
      },
      // 4 "div0": 7 / 0
      [](Assembler& a) {
        Func(a, [&] {
          a.mov(eax, 7);
          a.xor_(ecx, ecx);
          a.cdq();
          a.idiv(ecx);
        });
      },
      // 5 "fill_oob": memory.fill(0xfff0, 0xaa, 0x20): crosses the end
      [](Assembler& a) {
        Func(a, [&] {
          a.mov(esi, 0xfff0);
          a.mov(edx, 0xaa);
          a.mov(ecx, 0x20);
          CallAbs(a, reinterpret_cast<const void*>(&wasmc_rt_memory_fill));
        });
      },
      // 6 "recurse": calls itself forever
      [](Assembler& a) {
        Label self = a.newLabel();
        a.bind(self);
        Func(a, [&] {
          a.sub(rsp, 48);
          a.call(self);
        });
      },
  });
}

// The functions of BuildBasic, instantiated as a TestModule.
class BasicModuleTest : public HostRuntimeTest {
 protected:
  void SetUp() override {
    HostRuntimeTest::SetUp();
    BuildBasic(jit);
    tm.emplace(jit, std::vector<std::string>{"store", "oob", "trap", "grow", "div0", "fill_oob", "recurse"});
    ASSERT_EQ(wasmc_instantiate(tm->Get(), nullptr, nullptr, &inst), WASMC_OK) << wasmc_last_message();
  }
  Jit jit;
  std::optional<TestModule> tm;
  wasmc_instance* inst = nullptr;
};

TEST_F(BasicModuleTest, CallsAndTraps) {
  wasmc_val slots[2] = {};

  EXPECT_EQ(wasmc_call(inst, "store", slots), WASMC_OK);
  wasmc_extern mem;
  ASSERT_EQ(wasmc_instance_export(inst, "mem", &mem), WASMC_OK);
  EXPECT_EQ(mem.kind, WASMC_EXTERN_MEMORY);
  EXPECT_EQ(mem.memory->size, 65536u);
  EXPECT_EQ(mem.memory->base[0x100], 7);

  EXPECT_EQ(wasmc_call(inst, "oob", slots), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "out of bounds memory access");
  // The handler is re-armed after a trap: the same fault traps again.
  EXPECT_EQ(wasmc_call(inst, "oob", slots), WASMC_TRAPPED);
  EXPECT_EQ(wasmc_call(inst, "trap", slots), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "unreachable");
  EXPECT_EQ(std::string(wasmc_last_trap_report()).rfind("wasm trap: unreachable\n  #0 trap (+0x", 0), 0u)
      << wasmc_last_trap_report();
  EXPECT_EQ(wasmc_call(inst, "div0", slots), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "integer divide by zero");

  EXPECT_EQ(wasmc_call(inst, "grow", slots), WASMC_OK);
  EXPECT_EQ(mem.memory->size, 2u * 65536u);
  // Beyond the declared maximum (2 pages): -1, size unchanged.
  EXPECT_EQ(wasmc_rt_memory_grow(inst, 1), 0xffffffffu);
  EXPECT_EQ(mem.memory->size, 2u * 65536u);

  EXPECT_EQ(wasmc_call(inst, "nope", slots), WASMC_NOT_FOUND);

  wasmc_extern g;
  ASSERT_EQ(wasmc_instance_export(inst, "g", &g), WASMC_OK);
  EXPECT_EQ(g.global->i32, 42u);
  EXPECT_EQ(g.global_mut, 1);
}

TEST_F(BasicModuleTest, StackOverflowTraps) {
  wasmc_val slots[2] = {};
  EXPECT_EQ(wasmc_call(inst, "recurse", slots), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "call stack exhausted");
  EXPECT_EQ(wasmc_call(inst, "store", slots), WASMC_OK);  // still usable
}

TEST_F(BasicModuleTest, BulkHelpersCheckBoundsBeforeWriting) {
  uint8_t* mem = inst->mem0_base;
  mem[10] = 1;
  mem[11] = 2;
  mem[12] = 3;
  wasmc_rt_memory_copy(inst, 11, 10, 3);  // overlapping: memmove semantics
  EXPECT_EQ(mem[11], 1);
  EXPECT_EQ(mem[12], 2);
  EXPECT_EQ(mem[13], 3);
  wasmc_rt_memory_fill(inst, 0xfff0, 0x1ff, 16);
  EXPECT_EQ(mem[0xffff], 0xff);
  wasmc_val slots[2] = {};
  EXPECT_EQ(wasmc_call(inst, "fill_oob", slots), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "out of bounds memory access");
  EXPECT_EQ(mem[0xfff0], 0xff);  // nothing written by the trapping fill
}

int ResolveNothing(void*, const char*, const char*, wasmc_extern*) { return 0; }

struct Provider {
  wasmc_extern ext{};
};
int ResolveFromProvider(void* user, const char*, const char*, wasmc_extern* out) {
  *out = static_cast<Provider*>(user)->ext;
  return 1;
}

TEST_F(HostRuntimeTest, LinkErrors) {
  Jit jit;
  BuildBasic(jit);
  TestModule tm(jit, {"store"});
  // An imported global i32 (immutable): the module then has 2 globals.
  wasmc_import_desc imp{};
  imp.module = "env";
  imp.name = "g";
  imp.kind = WASMC_EXTERN_GLOBAL;
  imp.val_type = 0x7f;
  imp.mut = 0;
  tm.imports.push_back(imp);
  wasmc_global_desc globals[2] = {{}, tm.global};
  globals[0].val_type = 0x7f, globals[0].imported = 1;
  const wasmc_module* m = tm.Get();
  tm.m.num_globals = 2;
  tm.m.globals = globals;
  tm.m.instance_size = WASMC_INSTANCE_HEADER_SIZE + 16;

  wasmc_instance* inst = nullptr;
  EXPECT_EQ(wasmc_instantiate(m, ResolveNothing, nullptr, &inst), WASMC_LINK_ERROR);
  EXPECT_STREQ(wasmc_last_message(), "unknown import: env.g");

  wasmc_val cell{};
  cell.i32 = 5;
  Provider p;
  p.ext.kind = WASMC_EXTERN_GLOBAL;
  p.ext.global = &cell;
  p.ext.global_type = 0x7e;  // i64: wrong type
  EXPECT_EQ(wasmc_instantiate(m, ResolveFromProvider, &p, &inst), WASMC_LINK_ERROR);
  EXPECT_EQ(std::string(wasmc_last_message()).rfind("incompatible import type: env.g", 0), 0u)
      << wasmc_last_message();

  p.ext.global_type = 0x7f;
  ASSERT_EQ(wasmc_instantiate(m, ResolveFromProvider, &p, &inst), WASMC_OK) << wasmc_last_message();
  EXPECT_EQ(inst->globals[0], &cell);
  EXPECT_EQ(inst->globals[1]->i32, 42u);
}

// Export names may contain NUL bytes (spec names.wast:637): lookups compare the
// descriptor's name_len bytes, so neither a prefix nor another tail matches.
TEST_F(HostRuntimeTest, ExportNamesWithNulBytes) {
  Jit jit;
  BuildBasic(jit);
  const std::string oob("oob\0x", 5);
  TestModule tm(jit, {"store", oob});
  wasmc_instance* inst = nullptr;
  ASSERT_EQ(wasmc_instantiate(tm.Get(), nullptr, nullptr, &inst), WASMC_OK) << wasmc_last_message();
  wasmc_val slots[2] = {};
  EXPECT_EQ(wasmc_call(inst, "oob", slots), WASMC_NOT_FOUND);
  EXPECT_EQ(wasmc_call_n(inst, "oob\0y", 5, slots), WASMC_NOT_FOUND);
  EXPECT_EQ(wasmc_call_n(inst, oob.data(), oob.size(), slots), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "out of bounds memory access");
  EXPECT_NE(wasmc_export_type_n(inst, oob.data(), oob.size()), nullptr);
  EXPECT_EQ(wasmc_export_type(inst, "oob"), nullptr);
  wasmc_extern ext;
  ASSERT_EQ(wasmc_instance_export_n(inst, oob.data(), oob.size(), &ext), WASMC_OK);
  EXPECT_EQ(ext.kind, WASMC_EXTERN_FUNC);
  EXPECT_EQ(wasmc_instance_export_n(inst, "mem\0", 4, &ext), WASMC_NOT_FOUND);
  EXPECT_EQ(wasmc_instance_export_n(inst, "mem", 3, &ext), WASMC_OK);
}

TEST_F(HostRuntimeTest, DataSegmentOutOfRangeTrapsAfterEarlierOnesApplied) {
  Jit jit;
  BuildBasic(jit);
  TestModule tm(jit, {"store"});
  static const uint8_t kBytes[4] = {1, 2, 3, 4};
  wasmc_data_desc ok{kBytes, 4, WASMC_SEGMENT_ACTIVE, 0, {}};
  ok.offset.kind = WASMC_CONST_I32;
  ok.offset.bits[0] = 0x20;
  wasmc_data_desc bad = ok;
  bad.offset.bits[0] = 0xfffe;  // 0xfffe + 4 > 65536
  tm.datas = {ok, bad};
  wasmc_instance* inst = nullptr;
  EXPECT_EQ(wasmc_instantiate(tm.Get(), nullptr, nullptr, &inst), WASMC_TRAPPED);
  EXPECT_STREQ(wasmc_last_message(), "out of bounds memory access");
  ASSERT_NE(inst, nullptr);
  EXPECT_EQ(inst->mem0_base[0x20], 1);  // the first segment stays applied
  EXPECT_EQ(inst->mem0_base[0xfffe], 0);  // nothing of the failing one
}

TEST_F(HostRuntimeTest, CanonicalTypeIdsAreStructural) {
  const uint8_t a[] = {0x7f, 0x7e};
  const uint8_t b[] = {0x7f, 0x7e};
  const uint8_t c[] = {0x7e, 0x7f};
  EXPECT_EQ(wasmc_canonical_type_id(1, 1, a), wasmc_canonical_type_id(1, 1, b));
  EXPECT_NE(wasmc_canonical_type_id(1, 1, a), wasmc_canonical_type_id(1, 1, c));
  EXPECT_NE(wasmc_canonical_type_id(1, 1, a), wasmc_canonical_type_id(2, 0, a));
}

// A plain type's id is its fixed one (abi.h, wasmc_plain_type_id), which compiled
// call_indirects compare with as a constant; a longer type's comes from the registry,
// above every fixed id, and is the same each time it is asked for.
TEST_F(HostRuntimeTest, PlainTypeIdsAreFixedOthersRegistered) {
  const uint8_t ii_i[] = {0x7f, 0x7f, 0x7f};
  EXPECT_EQ(wasmc_canonical_type_id(2, 1, ii_i), 1233u);  // 1 + 16 + 192 + 2 * 512
  EXPECT_EQ(wasmc_canonical_type_id(2, 1, ii_i), wasmc_plain_type_id(2, 1, ii_i));
  EXPECT_EQ(wasmc_canonical_type_id(0, 0, kNoTypes), 0u);
  const uint8_t seven[] = {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f};
  const uint32_t long_id = wasmc_canonical_type_id(7, 0, seven);
  EXPECT_GE(long_id, WASMC_REGISTERED_TYPE_ID_BASE);
  EXPECT_LT(long_id, WASMC_TYPE_ID_LIMIT);
  EXPECT_EQ(wasmc_canonical_type_id(7, 0, seven), long_id);
  EXPECT_NE(wasmc_canonical_type_id(6, 1, seven), long_id);
  const uint8_t unknown[] = {0x64};  // not one of the eight plain bytes
  EXPECT_GE(wasmc_canonical_type_id(1, 0, unknown), WASMC_REGISTERED_TYPE_ID_BASE);
}

// Every plain type of up to WASMC_PLAIN_TYPE_MAX_VALUES values has its own fixed id,
// below the registry's.
TEST_F(HostRuntimeTest, PlainTypeIdsAreDistinct) {
  const uint8_t bytes[8] = {0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x69};
  std::vector<bool> seen(WASMC_REGISTERED_TYPE_ID_BASE);
  uint32_t count = 0;
  for (uint32_t n = 0; n <= WASMC_PLAIN_TYPE_MAX_VALUES; ++n) {
    uint32_t combos = 1;
    for (uint32_t k = 0; k < n; ++k) combos *= 8;
    uint8_t types[WASMC_PLAIN_TYPE_MAX_VALUES];
    for (uint32_t c = 0; c < combos; ++c) {
      for (uint32_t k = 0, v = c; k < n; ++k, v /= 8) types[k] = bytes[v % 8];
      for (uint32_t np = 0; np <= n; ++np) {
        const uint32_t id = wasmc_plain_type_id(np, n - np, types);
        ASSERT_LT(id, WASMC_REGISTERED_TYPE_ID_BASE);
        ASSERT_FALSE(seen[id]) << "n " << n << " np " << np << " combo " << c;
        seen[id] = true;
        ++count;
      }
    }
  }
  EXPECT_EQ(count, 2054353u);  // sum over n <= 6 of (n + 1) * 8^n
  const uint8_t seven[7] = {0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f};
  EXPECT_EQ(wasmc_plain_type_id(7, 0, seven), UINT32_MAX);
  EXPECT_EQ(wasmc_plain_type_id(0x80000000u, 0x80000000u, seven), UINT32_MAX);  // no overflow
}

}  // namespace

// A host function with a missing bounds check (as a buggy WASI call would
// have): it writes one byte past the end of memory, inside the reservation.
extern "C" void BuggyHostWrite(wasmc_instance* inst) { inst->mem0_base[0x10000] = 1; }

// The same fault address is a wasm trap from generated code ("oob" above) but
// a runtime bug from runtime code: reported as such, never as the guest's trap
// (issue 15).
TEST_F(HostRuntimeTest, FaultOutsideGeneratedCodeIsARuntimeBug) {
  Jit jit;
  jit.Build({[](Assembler& a) {
    Func(a, [&] { CallAbs(a, reinterpret_cast<const void*>(&BuggyHostWrite)); });
  }});
  TestModule tm(jit, {"buggy"});
  wasmc_instance* inst = nullptr;
  ASSERT_EQ(wasmc_instantiate(tm.Get(), nullptr, nullptr, &inst), WASMC_OK) << wasmc_last_message();
  wasmc_val slots[2] = {};
  EXPECT_DEATH(wasmc_call(inst, "buggy", slots),
               "wasmc runtime: internal error: memory fault at 0x[0-9a-f]+ inside linear memory from pc "
               "0x[0-9a-f]+, outside generated code");
}
