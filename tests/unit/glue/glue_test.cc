// Module glue (backend/codegen: descriptor, trampolines, export symbols) and the
// in-process loader (backend/loader), tested without the function code generator:
// a module that only re-exports imported functions still gets array trampolines
// (calling through inst->imports) and wasm-native export thunks, and a complete
// descriptor. The "imports" here are C functions with the wasm-native signature,
// so every argument and result crosses the real calling convention.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>

#include "backend/backend.h"
#include "compiler/lower/lower.h"
#include "compiler/lower/executable_imports.h"
#include "compiler/lower/header.h"
#include "backend/codegen/symbols.h"
#include "backend/loader/loader.h"
#include "compiler/wasmc.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc {
namespace {

constexpr ValType I32 = ValType::kI32, I64 = ValType::kI64, F32 = ValType::kF32,
                  F64 = ValType::kF64;

// Host functions with the wasm-native convention. Each records what it saw.
struct Seen {
  wasmc_instance* inst = nullptr;
  uint64_t ints[16] = {};
  double fps[16] = {};
} seen;

uint32_t Mixed(wasmc_instance* inst, uint32_t a, uint64_t b, float c, double d) {
  seen.inst = inst;
  seen.ints[0] = a;
  seen.ints[1] = b;
  seen.fps[0] = c;
  seen.fps[1] = d;
  return a * 3 + static_cast<uint32_t>(b);
}

// More parameters than registers of either class: 7 i64 then 10 f64, interleaved.
double Many(wasmc_instance* inst, uint64_t i0, double f0, uint64_t i1, double f1, uint64_t i2,
            double f2, uint64_t i3, double f3, uint64_t i4, double f4, uint64_t i5, double f5,
            uint64_t i6, double f6, double f7, double f8, double f9) {
  seen.inst = inst;
  uint64_t is[] = {i0, i1, i2, i3, i4, i5, i6};
  double fs[] = {f0, f1, f2, f3, f4, f5, f6, f7, f8, f9};
  std::memcpy(seen.ints, is, sizeof is);
  std::memcpy(seen.fps, fs, sizeof fs);
  double sum = 0;
  for (uint64_t v : is) sum += static_cast<double>(v);
  for (double v : fs) sum += v;
  return sum;
}

// Several results: hidden results pointer after inst.
void Multi(wasmc_instance* inst, wasmc_val* results, uint32_t a, double b) {
  seen.inst = inst;
  results[0].i64 = uint64_t{a} << 32;
  results[1].f32 = static_cast<float>(b) * 2;
  results[2].i32 = a + 1;
}

float ReturnsF32(wasmc_instance* inst, float x) { return x + 0.5f; }
void Nothing(wasmc_instance* inst) { seen.inst = inst; }

struct Fixture {
  Module module;
  std::unique_ptr<LoadedObject> loaded;
  const wasmc_module* desc = nullptr;
};

uint32_t AddType(Module& m, std::vector<ValType> params, std::vector<ValType> results) {
  m.types.push_back(FuncType{std::move(params), std::move(results)});
  return static_cast<uint32_t>(m.types.size() - 1);
}

void AddFuncImport(Module& m, const std::string& name, uint32_t type) {
  Import im;
  im.module = "host";
  im.name = name;
  im.kind = ExternKind::kFunc;
  im.type_index = type;
  m.imports.push_back(im);
  m.func_types.push_back(type);
  m.num_imported_funcs++;
  m.exports.push_back(Export{"re-" + name, ExternKind::kFunc, m.num_imported_funcs - 1, 0});
}

Module ReexportModule() {
  Module m;
  AddFuncImport(m, "mixed", AddType(m, {I32, I64, F32, F64}, {I32}));
  AddFuncImport(m, "many", AddType(m, {I64, F64, I64, F64, I64, F64, I64, F64, I64, F64, I64,
                                       F64, I64, F64, F64, F64, F64}, {F64}));
  AddFuncImport(m, "multi", AddType(m, {I32, F64}, {I64, F32, I32}));
  AddFuncImport(m, "f32", AddType(m, {F32}, {F32}));
  AddFuncImport(m, "nothing", AddType(m, {}, {}));
  // The same function exported twice shares one trampoline.
  m.exports.push_back(Export{"my_fn", ExternKind::kFunc, 0, 0});

  // A memory, a table, globals, segments: descriptor content.
  m.memories.push_back(MemoryType{Limits{1, 3, true}});
  m.tables.push_back(TableType{ValType::kFuncRef, Limits{4, 0, false}});
  m.globals.push_back(GlobalType{I64, true});
  Global g;
  g.type = GlobalType{I64, true};
  g.init.kind = ConstExpr::kI64;
  g.init.type = I64;
  g.init.bits[0] = 0x1122334455667788ull;
  m.defined_globals.push_back(g);
  static const uint8_t kBytes[] = {'h', 'i', '!'};
  DataSegment d;
  d.bytes = kBytes;
  d.offset_expr.kind = ConstExpr::kI32;
  d.offset_expr.bits[0] = 16;
  m.datas.push_back(d);
  ElemSegment e;
  e.func_indices = {4, 2};
  e.offset_expr.kind = ConstExpr::kI32;
  e.offset_expr.bits[0] = 1;
  m.elems.push_back(e);
  m.exports.push_back(Export{"mem", ExternKind::kMemory, 0, 0});
  m.has_start = true;
  m.start = 4;
  m.names.module = "glue-test";
  return m;
}

Fixture Load(Module m, std::vector<uint8_t> manifest = {}) {
  Fixture f;
  f.module = std::move(m);
  CompileOptions options;
  options.manifest = std::move(manifest);
  Result<CompileResult> r = CompileToObject(f.module, options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.diag().Render("test"));
  if (!r.ok()) return f;
  // Generated code references wasmc_rt_trap; these tests never trap.
  auto loaded = LoadObject(r.value().object, [](const std::string& name) -> const void* {
    return name == "wasmc_rt_trap" ? reinterpret_cast<const void*>(&std::abort) : nullptr;
  });
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.diag().Render("test"));
  if (!loaded.ok()) return f;
  f.loaded = std::move(loaded.value());
  f.desc = static_cast<const wasmc_module*>(f.loaded->GlobalSymbol(kModuleDescSymbol));
  return f;
}

using Trampoline = void (*)(wasmc_instance*, wasmc_val*);

Trampoline FindTrampoline(const wasmc_module* desc, const std::string& name) {
  for (uint32_t i = 0; i < desc->num_exports; ++i)
    if (name == desc->exports[i].name) return desc->exports[i].trampoline;
  return nullptr;
}

// An instance whose imports are the host functions above, bound to `callee`.
struct FakeInstance {
  wasmc_instance inst{};
  wasmc_instance callee{};
  wasmc_import_func imports[5];
  FakeInstance() {
    const void* code[] = {reinterpret_cast<const void*>(&Mixed),
                          reinterpret_cast<const void*>(&Many),
                          reinterpret_cast<const void*>(&Multi),
                          reinterpret_cast<const void*>(&ReturnsF32),
                          reinterpret_cast<const void*>(&Nothing)};
    for (int i = 0; i < 5; ++i) imports[i] = wasmc_import_func{code[i], &callee};
    inst.imports = imports;
  }
};

// The x86-64 trampolines of ReexportModule, called through a FakeInstance.
class ReexportTrampoline : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(f.desc, nullptr); }
  Fixture f = Load(ReexportModule());
  FakeInstance fake;
};

TEST(Mangle, IsInjectiveAndReadable) {
  const std::pair<const char*, const char*> cases[] = {
      {"add", "add"}, {"my_fn", "my__fn"}, {"a-b", "a_2Db"}, {"_2D", "__2D"}, {"", ""}, {"\xc3\xa9", "_C3_A9"}};
  for (const auto& [name, mangled] : cases) EXPECT_EQ(MangleExportName(name), mangled) << name;
  EXPECT_NE(MangleExportName("a_2Db"), MangleExportName("a-b"));
}

TEST(Descriptor, DescribesTheModule) {
  Fixture f = Load(ReexportModule(), {1, 2, 3});
  ASSERT_NE(f.desc, nullptr);
  const wasmc_module& d = *f.desc;
  EXPECT_EQ(d.abi_version, WASMC_ABI_VERSION);
  EXPECT_EQ(d.instance_size, WASMC_INSTANCE_HEADER_SIZE + 16u);
  EXPECT_STREQ(d.name, "glue-test");
  ASSERT_EQ(d.num_types, 5u);
  EXPECT_EQ(d.types[2].num_params, 2u);
  EXPECT_EQ(d.types[2].num_results, 3u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(d.types[2].types), 5),
            std::string("\x7f\x7c\x7e\x7d\x7f", 5));
  EXPECT_EQ(d.types[4].types, nullptr);
  ASSERT_EQ(d.num_imports, 5u);
  EXPECT_STREQ(d.imports[1].module, "host");
  EXPECT_STREQ(d.imports[1].name, "many");
  EXPECT_EQ(d.imports[1].index, 1u);
  ASSERT_EQ(d.num_funcs, 5u);
  EXPECT_EQ(d.num_imported_funcs, 5u);
  EXPECT_EQ(d.funcs[3].code, nullptr);
  EXPECT_STREQ(d.funcs[0].name, "re-mixed");
  ASSERT_EQ(d.num_memories, 1u);
  EXPECT_EQ(d.memories[0].min, 1u);
  EXPECT_EQ(d.memories[0].max, 3u);
  EXPECT_TRUE(d.memories[0].has_max);
  ASSERT_EQ(d.num_tables, 1u);
  EXPECT_EQ(d.tables[0].elem_type, 0x70);
  EXPECT_FALSE(d.tables[0].has_max);
  ASSERT_EQ(d.num_globals, 1u);
  EXPECT_EQ(d.globals[0].init.kind, WASMC_CONST_I64);
  EXPECT_EQ(d.globals[0].init.bits[0], 0x1122334455667788ull);
  ASSERT_EQ(d.num_datas, 1u);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(d.datas[0].bytes), d.datas[0].size), "hi!");
  EXPECT_EQ(d.datas[0].offset.bits[0], 16u);
  ASSERT_EQ(d.num_elems, 1u);
  ASSERT_EQ(d.elems[0].count, 2u);
  EXPECT_EQ(d.elems[0].items[0].kind, WASMC_CONST_REF_FUNC);
  EXPECT_EQ(d.elems[0].items[1].index, 2u);
  EXPECT_EQ(d.start_func, 4);
  ASSERT_EQ(d.manifest_size, 3u);
  EXPECT_EQ(static_cast<const uint8_t*>(d.manifest)[2], 3);
  ASSERT_EQ(d.num_exports, 7u);
  EXPECT_STREQ(d.exports[6].name, "mem");
  EXPECT_EQ(d.exports[6].trampoline, nullptr);
  EXPECT_EQ(d.exports[5].trampoline, d.exports[0].trampoline);
}

TEST(Descriptor, EmptyModule) {
  Fixture f = Load(Module{});
  ASSERT_NE(f.desc, nullptr);
  EXPECT_EQ(f.desc->num_funcs, 0u);
  EXPECT_EQ(f.desc->exports, nullptr);
  EXPECT_EQ(f.desc->start_func, -1);
  EXPECT_STREQ(f.desc->name, "");
  EXPECT_EQ(f.desc->manifest, nullptr);
}

TEST_F(ReexportTrampoline, PassesMixedArgumentsAndTheCalleeInstance) {
  wasmc_val slots[4] = {};
  slots[0].i32 = 7;
  slots[1].i64 = 0x100000005ull;
  slots[2].f32 = 1.5f;
  slots[3].f64 = -2.25;
  FindTrampoline(f.desc, "re-mixed")(&fake.inst, slots);
  EXPECT_EQ(seen.inst, &fake.callee);
  EXPECT_EQ(seen.ints[0], 7u);
  EXPECT_EQ(seen.ints[1], 0x100000005ull);
  EXPECT_EQ(seen.fps[0], 1.5);
  EXPECT_EQ(seen.fps[1], -2.25);
  EXPECT_EQ(slots[0].i32, 7u * 3 + 5);
}

TEST_F(ReexportTrampoline, PassesStackArguments) {
  wasmc_val slots[17] = {};
  const uint8_t* types = f.desc->types[1].types;  // value type bytes (abi.h)
  double expected = 0;
  for (int i = 0; i < 17; ++i) {
    if (static_cast<ValType>(types[i]) == I64) slots[i].i64 = 1000 + i, expected += 1000 + i;
    else slots[i].f64 = 0.25 * i, expected += 0.25 * i;
  }
  FindTrampoline(f.desc, "re-many")(&fake.inst, slots);
  EXPECT_EQ(seen.ints[6], 1012u);
  EXPECT_EQ(seen.fps[9], 0.25 * 16);
  EXPECT_EQ(slots[0].f64, expected);
}

TEST_F(ReexportTrampoline, MultiValueGoesThroughTheResultsPointer) {
  wasmc_val slots[3] = {};
  slots[0].i32 = 9;
  slots[1].f64 = 1.25;
  FindTrampoline(f.desc, "re-multi")(&fake.inst, slots);
  EXPECT_EQ(slots[0].i64, uint64_t{9} << 32);
  EXPECT_EQ(slots[1].f32, 2.5f);
  EXPECT_EQ(slots[2].i32, 10u);
}

TEST_F(ReexportTrampoline, F32ResultAndNoResult) {
  wasmc_val slots[1] = {};
  slots[0].f32 = 2.0f;
  FindTrampoline(f.desc, "re-f32")(&fake.inst, slots);
  EXPECT_EQ(slots[0].f32, 2.5f);
  seen.inst = nullptr;
  FindTrampoline(f.desc, "re-nothing")(&fake.inst, nullptr);
  EXPECT_EQ(seen.inst, &fake.callee);
}

TEST(ExportSymbol, ReexportedImportIsAWasmNativeThunk) {
  Fixture f = Load(ReexportModule());
  ASSERT_NE(f.loaded, nullptr);
  auto entry = reinterpret_cast<uint32_t (*)(wasmc_instance*, uint32_t, uint64_t, float, double)>(
      f.loaded->GlobalSymbol(ExportSymbolName("re-mixed")));
  ASSERT_NE(entry, nullptr);
  FakeInstance fake;
  EXPECT_EQ(entry(&fake.inst, 2, 10, 0.f, 0.0), 16u);
  EXPECT_EQ(seen.inst, &fake.callee);
  EXPECT_EQ(f.loaded->GlobalSymbol(ExportSymbolName("my_fn")),
            f.loaded->GlobalSymbol("wasmc_export_re_2Dmixed"));
}

TEST(Loader, ResolvesExternalCallsThroughStubs) {
  // A hand-made object: `f` calls the external `twice` with rel32 and returns.
  ObjectModule obj;
  obj.sections.push_back(Section{".text", SectionKind::kText, 16,
                                 {0x48, 0x83, 0xec, 0x08,        // sub rsp, 8
                                  0xe8, 0, 0, 0, 0,              // call twice
                                  0x48, 0x83, 0xc4, 0x08,        // add rsp, 8
                                  0xc3},                         // ret
                                 {}});
  uint32_t twice = obj.ExternalSymbol("twice");
  obj.sections[0].relocs.push_back(Reloc{5, RelocKind::kPcRel32, twice, -4, true});
  obj.AddSymbol(Symbol{"f", 0, 0, 14, true, true});
  auto loaded = LoadObject(obj, [](const std::string& name) -> const void* {
    if (name != "twice") return nullptr;
    return reinterpret_cast<const void*>(+[](int x) { return 2 * x; });
  });
  ASSERT_TRUE(loaded.ok());
  auto f = reinterpret_cast<int (*)(int)>(loaded.value()->GlobalSymbol("f"));
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f(21), 42);
}

TEST(Loader, UnresolvedSymbolIsADiagnostic) {
  ObjectModule obj;
  obj.sections.push_back(Section{".data", SectionKind::kData, 8, std::vector<uint8_t>(8), {}});
  obj.sections[0].relocs.push_back(Reloc{0, RelocKind::kAbs64, obj.ExternalSymbol("nope"), 0});
  auto loaded = LoadObject(obj, [](const std::string&) { return nullptr; });
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.diag().why, "nope");
}

TEST(Header, DeclaresExportsAndCompilesAsC) {
  Module m = ReexportModule();
  m.imports[0].module = "we*/ird";
  std::string h = EmitCHeader(m, HeaderOptions{"dir/glue.wasm", "glue-test"});
  EXPECT_NE(h.find("#ifndef WASMC_MODULE_GLUE_TEST_H_"), std::string::npos);
  EXPECT_NE(h.find("uint32_t wasmc_export_re_2Dmixed(wasmc_instance* inst, uint32_t p0, "
                   "uint64_t p1, float p2, double p3);"),
            std::string::npos);
  EXPECT_NE(h.find("void wasmc_export_re_2Dmulti(wasmc_instance* inst, wasmc_val* results "
                   "/* [3] */, uint32_t p0, double p1);"),
            std::string::npos);
  EXPECT_NE(h.find("\"we*\\x2Fird\" \"mixed\": func (i32, i64, f32, f64) -> (i32)"),
            std::string::npos);
  EXPECT_NE(h.find("\"mem\": memory 0"), std::string::npos);

  // The header must be valid C and C++ (and its prototypes consistent with abi.h).
  const std::string dir = ::testing::TempDir();
  std::ofstream(dir + "/glue_test.h") << h;
  std::ofstream(dir + "/glue_test.c") << "#include \"glue_test.h\"\n#include \"glue_test.h\"\n";
  const std::string cmd = std::string(WASMC_CLANG) + " -fsyntax-only -Wall -Werror -I" +
                          WASMC_ABI_INCLUDE + " " + dir + "/glue_test.c";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string cxx = std::string(WASMC_CLANG) + " -x c++ -fsyntax-only -Wall -Werror -I" +
                          WASMC_ABI_INCLUDE + " " + dir + "/glue_test.c";
  EXPECT_EQ(std::system(cxx.c_str()), 0) << cxx;
}

// A module with code (through the real decoder and CompileFunctions): function
// descriptors point at the code with its size and the name section's names, and
// trampolines call defined functions (one and several results).
TEST(Descriptor, DefinedFunctions) {
  // (func $answer (result i32) (i32.const 42))
  // (func $twice (export "twice") (param i64) (result i64 i64) (local.get 0) (local.get 0))
  // (export "answer-too" (func $answer)), with wat2wasm --debug-names.
  const std::vector<uint8_t> bytes = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0b, 0x02, 0x60, 0x00, 0x01, 0x7f,
      0x60, 0x01, 0x7e, 0x02, 0x7e, 0x7e, 0x03, 0x03, 0x02, 0x00, 0x01, 0x07, 0x16, 0x02, 0x05,
      0x74, 0x77, 0x69, 0x63, 0x65, 0x00, 0x01, 0x0a, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x2d,
      0x74, 0x6f, 0x6f, 0x00, 0x00, 0x0a, 0x0d, 0x02, 0x04, 0x00, 0x41, 0x2a, 0x0b, 0x06, 0x00,
      0x20, 0x00, 0x20, 0x00, 0x0b, 0x00, 0x1e, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x10, 0x02,
      0x00, 0x06, 0x61, 0x6e, 0x73, 0x77, 0x65, 0x72, 0x01, 0x05, 0x74, 0x77, 0x69, 0x63, 0x65,
      0x02, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00};
  Result<Module> m = DecodeModule(bytes);
  ASSERT_TRUE(m.ok()) << m.diag().Render("small.wasm");
  ASSERT_TRUE(ValidateModule(m.value()).ok());
  Fixture f = Load(std::move(m.value()));
  ASSERT_NE(f.desc, nullptr);
  ASSERT_EQ(f.desc->num_funcs, 2u);
  EXPECT_STREQ(f.desc->funcs[0].name, "answer");
  EXPECT_STREQ(f.desc->funcs[1].name, "twice");
  EXPECT_NE(f.desc->funcs[0].code, nullptr);
  EXPECT_GT(f.desc->funcs[0].code_size, 0u);
  EXPECT_EQ(f.desc->funcs[1].type_index, 1u);
  auto answer = reinterpret_cast<uint32_t (*)(wasmc_instance*)>(
      f.loaded->GlobalSymbol(ExportSymbolName("answer-too")));
  ASSERT_EQ(reinterpret_cast<const void*>(answer), f.desc->funcs[0].code);

  // Neither function touches the instance beyond the stack limit check.
  wasmc_instance inst{};
  EXPECT_EQ(answer(&inst), 42u);
  wasmc_val slots[2] = {};
  slots[0].i64 = 0x123456789abcdefull;
  FindTrampoline(f.desc, "twice")(&inst, slots);
  EXPECT_EQ(slots[0].i64, 0x123456789abcdefull);
  EXPECT_EQ(slots[1].i64, 0x123456789abcdefull);
  slots[0].i32 = 0;
  FindTrampoline(f.desc, "answer-too")(&inst, slots);
  EXPECT_EQ(slots[0].i32, 42u);
}

// The AArch64 trampolines and import thunks, run for real: the object is linked
// with a freestanding harness (a64_harness.c) and run under qemu-aarch64.
TEST(Trampoline, A64UnderQemu) {
  CompileOptions options;
  options.target = Target::kA64;
  Module m = ReexportModule();
  Result<CompileResult> r = CompileToObject(m, options);
  ASSERT_TRUE(r.ok());
  const std::string dir = ::testing::TempDir();
  const std::vector<uint8_t> elf = WriteElfObject(r.value().object);
  std::ofstream(dir + "/glue_a64.o", std::ios::binary)
      .write(reinterpret_cast<const char*>(elf.data()), static_cast<std::streamsize>(elf.size()));
  const std::string link = std::string(WASMC_CLANG) +
                           " --target=aarch64-linux-gnu -O1 -ffreestanding -fno-builtin"
                           " -fno-stack-protector -nostdlib -static -fuse-ld=lld -I" +
                           WASMC_ABI_INCLUDE + " " + WASMC_A64_HARNESS + " " + dir +
                           "/glue_a64.o -o " + dir + "/glue_a64";
  ASSERT_EQ(std::system(link.c_str()), 0) << link;
  const std::string run = std::string(WASMC_QEMU_AARCH64) + " " + dir + "/glue_a64";
  const int status = std::system(run.c_str());
  ASSERT_TRUE(WIFEXITED(status)) << run;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "failed checks in a64_harness.c (255: export missing)";
}

Module ImportOnly(const std::string& module, const std::string& name, FuncType type) {
  Module m;
  m.types.push_back(std::move(type));
  Import im;
  im.module = module;
  im.name = name;
  im.offset = 0x42;
  m.imports.push_back(im);
  m.func_types.push_back(0);
  m.num_imported_funcs = 1;
  return m;
}

TEST(ExecutableImports, AcceptsWasiCallsWithTheirSignature) {
  EXPECT_TRUE(CheckExecutableImports(
                  ImportOnly("wasi_snapshot_preview1", "fd_write", {{I32, I32, I32, I32}, {I32}}))
                  .ok());
  EXPECT_TRUE(
      CheckExecutableImports(ImportOnly("wasi_snapshot_preview1", "proc_exit", {{I32}, {}})).ok());
  EXPECT_TRUE(CheckExecutableImports(Module{}).ok());
}

TEST(ExecutableImports, RejectsOthersNamingThem) {
  Status s = CheckExecutableImports(ImportOnly("env", "foo", {{}, {}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().Render("a.wasm"),
            "a.wasm:0x42: error: unknown import (env.foo is not a WASI preview1 function "
            "(compile with -c to provide imports yourself))");
  s = CheckExecutableImports(ImportOnly("wasi_snapshot_preview1", "fd_writ", {{}, {}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().what, "unknown import");
  s = CheckExecutableImports(
      ImportOnly("wasi_snapshot_preview1", "fd_write", {{I32, I32, I32, I64}, {I32}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().what, "incompatible import type");
  EXPECT_EQ(s.diag().why,
            "wasi_snapshot_preview1.fd_write has type (i32, i32, i32, i64) -> (i32), WASI "
            "preview1 defines (i32, i32, i32, i32) -> (i32)");
  Module table = ImportOnly("wasi_snapshot_preview1", "table", {{}, {}});
  table.imports[0].kind = ExternKind::kTable;
  s = CheckExecutableImports(table);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().what, "unknown import");
  // wasi-threads: a memory (the runtime creates it) and wasi.thread-spawn (i32) -> (i32).
  Module mem = ImportOnly("env", "memory", {{}, {}});
  mem.imports[0].kind = ExternKind::kMemory;
  EXPECT_TRUE(CheckExecutableImports(mem).ok());
  EXPECT_TRUE(CheckExecutableImports(ImportOnly("wasi", "thread-spawn", {{I32}, {I32}})).ok());
  s = CheckExecutableImports(ImportOnly("wasi", "thread-spawn", {{I64}, {I32}}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().what, "incompatible import type");
}

}  // namespace
}  // namespace wasmc
