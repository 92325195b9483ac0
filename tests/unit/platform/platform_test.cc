// wasmc-platform-test: builds a tiny hand-assembled module (asmjit) for x86-64
// or AArch64 without the code generator, writes it as an ELF object
// (WriteElfObject) and links it with the runtime image (LinkExecutable).
// tests/run/platform/*.test run the results (natively or under qemu-aarch64)
// and FileCheck what the runtime prints.
//
//   wasmc-platform-test <x64|a64> <scenario> <runtime.elf> <out>
//     writes <out>.o (the object) and <out> (the executable)
//
// The module: one memory (1 page, max 2), functions `work` (index 0) and
// `outer` (index 1, calls work), export `_start` whose trampoline calls outer.
// `work` depends on the scenario:
//   ok        returns                          -> exit 0
//   trap      wasmc_rt_trap(inst, UNREACHABLE) -> "wasm trap: unreachable", exit 134
//   oob       stores to linear memory at 64 KiB (one past the end)
//   grow      memory.grow(1) via the runtime helper, then stores at 64 KiB -> exit 0
//   recurse   calls itself forever             -> "call stack exhausted"
//   div0      x86-64 idiv by a zero register   -> "integer divide by zero"
//   divmem0   x86-64 idiv by a zero memory operand -> "integer divide by zero"
//   overflow  x86-64 INT_MIN / -1              -> "integer overflow"
//   far       (link error) a call to a symbol the runtime does not define
//   nostart   exports `main` instead of `_start`   -> start-up error, exit 126
//   import    imports env.missing (no WASI shim function) -> start-up error, exit 126
//   dataoob   an active data segment ends past the memory -> trap at instantiation
//   relocs    uses every relocation kind of the ISA to reach the descriptor and
//             checks what it reads; a wrong relocation traps      -> exit 0
//
//   wasmc-platform-test --run <program> [args...]
//     runs the program (stderr passes through) and then prints
//     "exit status: N" or "killed by signal: N", so lit tests can check the
//     exact status (a trap is 134) and still FileCheck the output.
#include <asmjit/arm/a64assembler.h>
#include <asmjit/x86.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "backend/backend.h"
#include "compiler/manifest/manifest.h"
#include "wasmc/abi.h"

namespace wasmc {
namespace {

struct Builder {
  ObjectModule obj;
  int text = -1, rodata = -1, relro = -1;

  int AddSection(const char* name, SectionKind kind, uint32_t align) {
    obj.sections.push_back(Section{name, kind, align, {}, {}});
    return static_cast<int>(obj.sections.size() - 1);
  }
  // Appends bytes to a section at its alignment; returns the offset.
  uint64_t Append(int sec, const void* data, size_t n, size_t align = 8) {
    std::vector<uint8_t>& b = obj.sections[sec].bytes;
    b.resize((b.size() + align - 1) / align * align, 0);
    uint64_t at = b.size();
    const uint8_t* p = static_cast<const uint8_t*>(data);
    b.insert(b.end(), p, p + n);
    return at;
  }
  uint32_t Local(const std::string& name, int sec, uint64_t value, uint64_t size = 0,
                 bool function = false) {
    return obj.AddSymbol(Symbol{name, sec, value, size, false, function});
  }
  // A pointer field at `offset` of section `sec` pointing to symbol + addend.
  void Pointer(int sec, uint64_t offset, uint32_t symbol, int64_t addend = 0) {
    obj.sections[sec].relocs.push_back(Reloc{offset, RelocKind::kAbs64, symbol, addend, false});
  }
  uint32_t String(const std::string& s) {
    uint64_t at = Append(rodata, s.c_str(), s.size() + 1, 1);
    return Local(".str." + std::to_string(at), rodata, at);
  }
};

struct Code {
  std::vector<uint8_t> bytes;
  uint64_t work = 0, work_size = 0, outer = 0, outer_size = 0, tramp = 0, tramp_size = 0;
  std::vector<Reloc> relocs;  // symbol field = index into `externs` (names)
  std::vector<std::string> externs;
  std::vector<std::pair<std::string, uint64_t>> labels;  // local text symbols
};

uint32_t ExternIndex(Code& c, const std::string& name) {
  for (size_t i = 0; i < c.externs.size(); ++i)
    if (c.externs[i] == name) return static_cast<uint32_t>(i);
  c.externs.push_back(name);
  return static_cast<uint32_t>(c.externs.size() - 1);
}

// The code of either ISA: its assembler and the labels of `work` and `outer`. Both
// lay the functions out alike: work, outer (calls work), the trampoline (calls outer).
template <typename Assembler>
struct Assembly {
  asmjit::CodeHolder holder;
  Assembler a;
  asmjit::Label work, outer;

  explicit Assembly(asmjit::Arch arch) {
    holder.init(asmjit::Environment(arch));
    holder.attach(&a);
    work = a.newLabel();
    outer = a.newLabel();
  }
  // After work: outer and the trampoline, each a call (`call(label)`) between
  // `prologue` and `epilogue`; records the offsets and sizes, and the bytes, in c.
  template <typename Prologue, typename Call, typename Epilogue>
  void Finish(Code& c, Prologue prologue, Call call, Epilogue epilogue) {
    c.outer = a.offset();
    c.work_size = c.outer;
    a.bind(outer);
    prologue();
    call(work);
    epilogue();
    c.tramp = a.offset();
    c.outer_size = c.tramp - c.outer;
    prologue();
    call(outer);
    epilogue();
    c.tramp_size = a.offset() - c.tramp;
    asmjit::CodeBuffer& buf = holder.textSection()->buffer();
    c.bytes.assign(buf.data(), buf.data() + buf.size());
  }
};

bool AssembleX64(const std::string& scenario, Code& c) {
  using namespace asmjit;
  using namespace asmjit::x86;
  Assembly<Assembler> code(Arch::kX64);
  Assembler& a = code.a;
  auto prologue = [&] {
    a.push(rbp);
    a.mov(rbp, rsp);
  };
  auto epilogue = [&] {
    a.pop(rbp);
    a.ret();
  };
  // A call to an external symbol: a raw rel32 field with our own relocation.
  auto call_extern = [&](const std::string& name) {
    a.db(0xe8);
    c.relocs.push_back(Reloc{a.offset(), RelocKind::kPcRel32, ExternIndex(c, name), -4, true});
    a.dd(0);
  };

  Label fail = a.newLabel();
  a.bind(code.work);  // void work(wasmc_instance* inst)   [rdi = inst]
  prologue();
  if (scenario == "relocs") {
    // lea rax, [rip + wasmc_module_desc]  (kPcRel32, not a call)
    a.db(0x48);
    a.db(0x8d);
    a.db(0x05);
    c.relocs.push_back(Reloc{a.offset(), RelocKind::kPcRel32,
                             ExternIndex(c, "wasmc_module_desc"), -4, false});
    a.dd(0);
    a.cmp(dword_ptr(rax, 0), WASMC_ABI_VERSION);
    a.jne(fail);
    a.cmp(qword_ptr(rax, offsetof(wasmc_module, instance_size)), WASMC_INSTANCE_HEADER_SIZE);
    a.jne(fail);
  } else if (scenario == "trap") {
    a.mov(esi, WASMC_TRAP_UNREACHABLE);
    call_extern("wasmc_rt_trap");
  } else if (scenario == "oob" || scenario == "grow") {
    if (scenario == "grow") {
      a.push(rdi);
      a.push(rdi);
      a.mov(esi, 1);
      call_extern("wasmc_rt_memory_grow");
      a.pop(rdi);
      a.pop(rdi);
    }
    a.mov(rax, qword_ptr(rdi, 0));  // inst->mem0_base
    a.mov(dword_ptr(rax, 0x10000), 42);
  } else if (scenario == "recurse") {
    a.sub(rsp, 64);
    a.call(code.work);
  } else if (scenario == "div0" || scenario == "overflow" || scenario == "divmem0") {
    a.mov(eax, scenario == "overflow" ? 0x80000000u : 7u);
    a.mov(ecx, scenario == "overflow" ? -1 : 0);
    a.cdq();
    if (scenario == "divmem0") {
      a.mov(dword_ptr(rsp, -8), ecx);
      a.idiv(dword_ptr(rsp, -8));
    } else {
      a.idiv(ecx);
    }
  } else if (scenario == "far") {
    call_extern("wasmc_no_such_helper");
  }
  epilogue();
  a.bind(fail);  // a relocation went wrong: trap
  a.mov(esi, WASMC_TRAP_UNREACHABLE);
  call_extern("wasmc_rt_trap");
  // void outer(wasmc_instance* inst), void tramp(wasmc_instance* inst, wasmc_val* slots)
  code.Finish(c, prologue, [&](const Label& l) { a.call(l); }, epilogue);
  return true;
}

bool AssembleA64(const std::string& scenario, Code& c) {
  using namespace asmjit;
  using namespace asmjit::a64;
  Assembly<Assembler> code(Arch::kAArch64);
  Assembler& a = code.a;
  auto call_extern = [&](const std::string& name) {
    c.relocs.push_back(Reloc{a.offset(), RelocKind::kA64Call26, ExternIndex(c, name), 0, true});
    a.embedUInt32(0x94000000u);  // bl #0, patched by the relocation
  };
  auto prologue = [&] {
    a.stp(x29, x30, ptr_pre(sp, -16));
    a.mov(x29, sp);
  };
  auto epilogue = [&] {
    a.ldp(x29, x30, ptr_post(sp, 16));
    a.ret(x30);
  };

  a.bind(code.work);
  prologue();
  auto reloc_word = [&](uint32_t insn, RelocKind kind, const std::string& sym, int64_t addend) {
    c.relocs.push_back(Reloc{a.offset(), kind, ExternIndex(c, sym), addend, false});
    a.embedUInt32(insn);
  };
  if (scenario == "relocs") {
    // Every AArch64 relocation kind, checked by running: a wrong one traps.
    reloc_word(0x90000009u, RelocKind::kA64AdrPrelPgHi21, "wasmc_module_desc", 0);  // adrp x9
    reloc_word(0x91000129u, RelocKind::kA64AddAbsLo12Nc, "wasmc_module_desc", 0);   // add x9, x9
    a.ldr(w10, ptr(x9, 0));
    a.cmp(w10, WASMC_ABI_VERSION);
    reloc_word(0x54000001u, RelocKind::kA64CondBr19, "fail", 0);                      // b.ne fail
    reloc_word(0x9000000bu, RelocKind::kA64AdrPrelPgHi21, "wasmc_module_desc",
               offsetof(wasmc_module, instance_size));                                // adrp x11
    reloc_word(0xf940016bu, RelocKind::kA64Ldst64AbsLo12Nc, "wasmc_module_desc",
               offsetof(wasmc_module, instance_size));                                // ldr x11, [x11]
    a.cmp(x11, WASMC_INSTANCE_HEADER_SIZE);
    reloc_word(0x54000001u, RelocKind::kA64CondBr19, "fail", 0);                      // b.ne fail
    reloc_word(0x14000000u, RelocKind::kA64Jump26, "done", 0);                        // b done
    c.labels.push_back({"fail", a.offset()});
    a.mov(w1, WASMC_TRAP_UNREACHABLE);
    call_extern("wasmc_rt_trap");
    c.labels.push_back({"done", a.offset()});
  } else if (scenario == "trap") {
    a.mov(w1, WASMC_TRAP_UNREACHABLE);
    call_extern("wasmc_rt_trap");
  } else if (scenario == "oob" || scenario == "grow") {
    if (scenario == "grow") {
      a.stp(x0, x19, ptr_pre(sp, -16));
      a.mov(w1, 1);
      call_extern("wasmc_rt_memory_grow");
      a.ldp(x0, x19, ptr_post(sp, 16));
    }
    a.ldr(x9, ptr(x0, 0));  // inst->mem0_base
    a.mov(w10, 42);
    a.mov(x11, 0x10000);
    a.str(w10, ptr(x9, x11));
  } else if (scenario == "recurse") {
    a.sub(sp, sp, 64);
    a.bl(code.work);
  } else if (scenario == "far") {
    call_extern("wasmc_no_such_helper");
  } else if (scenario == "div0" || scenario == "divmem0" || scenario == "overflow") {
    std::fprintf(stderr, "scenario %s is x86-64 only\n", scenario.c_str());
    return false;
  }
  epilogue();
  code.Finish(c, prologue, [&](const Label& l) { a.bl(l); }, epilogue);
  return true;
}

// The module: code in .text, strings in .rodata, the descriptor and its
// tables in .data.rel.ro (pointers relocated with kAbs64).
ObjectModule BuildModule(Target target, const Code& code, const std::string& scenario) {
  Builder b;
  b.obj.target = target;
  b.text = b.AddSection(".text", SectionKind::kText, 16);
  b.rodata = b.AddSection(".rodata", SectionKind::kRodata, 8);
  b.relro = b.AddSection(".data.rel.ro", SectionKind::kDataRelRo, 16);
  b.obj.sections[b.text].bytes = code.bytes;
  uint32_t text_sym = b.Local(".text", b.text, 0);
  uint32_t work = b.Local("work", b.text, code.work, code.work_size, true);
  uint32_t outer = b.Local("outer", b.text, code.outer, code.outer_size, true);
  uint32_t tramp = b.Local("_start.trampoline", b.text, code.tramp, code.tramp_size, true);
  (void)text_sym;
  for (const auto& [name, offset] : code.labels) b.Local(name, b.text, offset, 0, true);

  // Strings and the type [] -> [].
  uint32_t s_work = b.String("work"), s_outer = b.String("outer"), s_start = b.String(scenario == "nostart" ? "main" : "_start");
  uint32_t s_empty = b.String("");

  // The descriptor first in .data.rel.ro (offset 0), then its arrays.
  wasmc_module m{};
  uint64_t desc_off = b.Append(b.relro, &m, sizeof m, 16);
  uint32_t desc = b.obj.AddSymbol(Symbol{"wasmc_module_desc", b.relro, desc_off, sizeof m, true, false});
  (void)desc;

  wasmc_type_desc type{};  // no params, no results
  uint64_t types_off = b.Append(b.relro, &type, sizeof type);
  uint32_t types = b.Local("types", b.relro, types_off);

  // funcs[]: an imported function first in the "import" scenario, then work, outer.
  const uint32_t first = scenario == "import" ? 1 : 0;
  std::vector<wasmc_func_desc> funcs(first + 2, wasmc_func_desc{});
  funcs[first].code_size = static_cast<uint32_t>(code.work_size);
  funcs[first + 1].code_size = static_cast<uint32_t>(code.outer_size);
  uint64_t funcs_off = b.Append(b.relro, funcs.data(), funcs.size() * sizeof(wasmc_func_desc));
  uint32_t funcs_sym = b.Local("funcs", b.relro, funcs_off);
  auto func_field = [&](uint32_t i, size_t field) {
    return funcs_off + i * sizeof(wasmc_func_desc) + field;
  };
  b.Pointer(b.relro, func_field(first, offsetof(wasmc_func_desc, code)), work);
  b.Pointer(b.relro, func_field(first, offsetof(wasmc_func_desc, name)), s_work);
  b.Pointer(b.relro, func_field(first + 1, offsetof(wasmc_func_desc, code)), outer);
  b.Pointer(b.relro, func_field(first + 1, offsetof(wasmc_func_desc, name)), s_outer);

  wasmc_export_desc exp{nullptr, WASMC_EXTERN_FUNC, first + 1, nullptr,
                        scenario == "nostart" ? 4u : 6u};  // length of s_start
  uint64_t exp_off = b.Append(b.relro, &exp, sizeof exp);
  uint32_t exps = b.Local("exports", b.relro, exp_off);
  b.Pointer(b.relro, exp_off + offsetof(wasmc_export_desc, name), s_start);
  b.Pointer(b.relro, exp_off + offsetof(wasmc_export_desc, trampoline), tramp);

  wasmc_limits_desc mem{};
  mem.min = 1, mem.max = 2, mem.has_max = 1;
  uint64_t mem_off = b.Append(b.relro, &mem, sizeof mem);
  uint32_t mems = b.Local("memories", b.relro, mem_off);

  // "import": a function import nobody provides; "dataoob": a data segment
  // that ends one byte past the memory.
  uint32_t s_env = b.String("env"), s_missing = b.String("missing");
  wasmc_import_desc imp{};
  imp.kind = WASMC_EXTERN_FUNC;
  uint64_t imp_off = b.Append(b.relro, &imp, sizeof imp);
  uint32_t imps = b.Local("imports", b.relro, imp_off);
  b.Pointer(b.relro, imp_off + offsetof(wasmc_import_desc, module), s_env);
  b.Pointer(b.relro, imp_off + offsetof(wasmc_import_desc, name), s_missing);
  static const char kData[] = "abcd";
  uint32_t s_data = b.String(kData);
  wasmc_data_desc data{};
  data.size = 4;
  data.mode = WASMC_SEGMENT_ACTIVE;
  data.offset.kind = WASMC_CONST_I32;
  data.offset.val_type = 0x7f;
  data.offset.bits[0] = 0x10000 - 3;
  uint64_t data_off = b.Append(b.relro, &data, sizeof data);
  uint32_t datas = b.Local("datas", b.relro, data_off);
  b.Pointer(b.relro, data_off + offsetof(wasmc_data_desc, bytes), s_data);

  // Fill the descriptor's scalar fields and pointer relocations.
  wasmc_module* d = reinterpret_cast<wasmc_module*>(b.obj.sections[b.relro].bytes.data() + desc_off);
  d->abi_version = WASMC_ABI_VERSION;
  d->instance_size = WASMC_INSTANCE_HEADER_SIZE;
  d->num_types = 1;
  d->num_funcs = first + 2;
  d->num_imported_funcs = first;
  d->num_memories = 1;
  d->num_exports = 1;
  d->start_func = -1;
  if (scenario == "import") {
    d->num_imports = 1;
    b.Pointer(b.relro, desc_off + offsetof(wasmc_module, imports), imps);
  }
  if (scenario == "dataoob") {
    d->num_datas = 1;
    b.Pointer(b.relro, desc_off + offsetof(wasmc_module, datas), datas);
  }
  b.Pointer(b.relro, desc_off + offsetof(wasmc_module, types), types);
  b.Pointer(b.relro, desc_off + offsetof(wasmc_module, funcs), funcs_sym);
  b.Pointer(b.relro, desc_off + offsetof(wasmc_module, exports), exps);
  b.Pointer(b.relro, desc_off + offsetof(wasmc_module, memories), mems);
  b.Pointer(b.relro, desc_off + offsetof(wasmc_module, name), s_empty);
  if (target == Target::kA64) {
    // AArch64 scenarios run under qemu-user, which offers neither Landlock nor
    // seccomp: embed the least-authority grants with landlock = "best-effort", as
    // `wasmc --landlock=best-effort` does (the default, "require", refuses to start).
    Grants grants;
    grants.landlock_require = false;
    std::vector<uint8_t> blob = SerializeGrants(grants);
    uint64_t blob_off = b.Append(b.rodata, blob.data(), blob.size(), 8);
    d = reinterpret_cast<wasmc_module*>(b.obj.sections[b.relro].bytes.data() + desc_off);
    d->manifest_size = blob.size();
    b.Pointer(b.relro, desc_off + offsetof(wasmc_module, manifest),
              b.Local("manifest", b.rodata, blob_off));
  }

  // Code relocations: to the module's own symbols by name, else external.
  for (const Reloc& r : code.relocs) {
    const std::string& name = code.externs[r.symbol];
    Reloc out = r;
    out.symbol = UINT32_MAX;
    for (uint32_t i = 0; i < b.obj.symbols.size(); ++i)
      if (b.obj.symbols[i].section >= 0 && b.obj.symbols[i].name == name) out.symbol = i;
    if (out.symbol == UINT32_MAX) out.symbol = b.obj.ExternalSymbol(name);
    b.obj.sections[b.text].relocs.push_back(out);
  }
  return b.obj;
}

bool WriteFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

int Run(char** argv) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) return 3;
  if (pid == 0) {
    execvp(argv[0], argv);
    std::fprintf(stderr, "cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return 3;
  if (WIFEXITED(status)) std::printf("exit status: %d\n", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) std::printf("killed by signal: %d\n", WTERMSIG(status));
  return 0;
}

int Main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--run") == 0) return Run(argv + 2);
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <x64|a64> <scenario> <runtime.elf> <out>\n", argv[0]);
    return 2;
  }
  std::string isa = argv[1], scenario = argv[2], out = argv[4];
  Target target = isa == "a64" ? Target::kA64 : Target::kX64;
  if (isa != "a64" && isa != "x64") {
    std::fprintf(stderr, "unknown ISA %s\n", isa.c_str());
    return 2;
  }
  static const char* const kScenarios[] = {"ok", "trap", "oob", "grow", "recurse", "div0",
                                           "divmem0", "overflow", "far", "nostart", "import",
                                           "dataoob", "relocs"};
  bool known = false;
  for (const char* k : kScenarios) known |= scenario == k;
  if (!known) {
    std::fprintf(stderr, "unknown scenario %s\n", scenario.c_str());
    return 2;
  }
  Code code;
  if (!(target == Target::kX64 ? AssembleX64(scenario, code) : AssembleA64(scenario, code)))
    return 2;
  ObjectModule obj = BuildModule(target, code, scenario);
  // Code that divides names the runtime's divide classifier, as compiled modules do
  // (compiler/lower/compile_functions.cc): without it a #DE is "divide by zero".
  if (scenario == "div0" || scenario == "divmem0" || scenario == "overflow")
    obj.ExternalSymbol("wasmc_feature_divide");
  // No seccomp filter embedded in the manifest (wasmc adds one, compiler/lower/
  // descriptor.cc): the shim builds it at start, with the builder this names.
  obj.ExternalSymbol("wasmc_feature_seccomp_builder");
  if (!WriteFile(out + ".o", WriteElfObject(obj))) {
    std::fprintf(stderr, "cannot write %s.o\n", out.c_str());
    return 3;
  }
  std::ifstream in(argv[3], std::ios::binary);
  std::vector<uint8_t> image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<std::vector<uint8_t>> exe = LinkExecutable(obj, image);
  if (!exe.ok()) {
    std::fprintf(stderr, "%s\n", exe.diag().Render(out).c_str());
    return exe.diag().ExitCode();
  }
  if (!WriteFile(out, exe.value())) return 3;
  chmod(out.c_str(), 0755);
  return 0;
}

}  // namespace
}  // namespace wasmc

int main(int argc, char** argv) { return wasmc::Main(argc, argv); }
