#include "tests/unit/codegen/harness.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "backend/backend.h"
#include "compiler/lower/lower.h"
#include "compiler/lower/compile_functions.h"
#include "compiler/lower/descriptor.h"
#include "compiler/wasmc.h"

namespace wasmc::test {
namespace {

wasmc_instance* g_inst = nullptr;

extern "C" void StubTrap(wasmc_instance*, uint32_t code) {
  std::longjmp(*Harness::TrapBuffer(), static_cast<int>(code));
}

extern "C" uint32_t StubMemoryGrow(wasmc_instance* inst, uint32_t delta) {
  wasmc_memory* m = inst->mem0;
  uint64_t old_pages = m->size / WASMC_PAGE_SIZE;
  if (old_pages + delta > m->max_pages) return 0xffffffffu;
  uint64_t new_size = (old_pages + delta) * WASMC_PAGE_SIZE;
  if (new_size > m->size && mprotect(m->base + m->size, new_size - m->size, PROT_READ | PROT_WRITE) != 0)
    return 0xffffffffu;
  m->size = new_size;
  return static_cast<uint32_t>(old_pages);
}

extern "C" void StubMemoryFill(wasmc_instance* inst, uint32_t d, uint32_t v, uint32_t n) {
  if (uint64_t{d} + n > inst->mem0->size) StubTrap(inst, WASMC_TRAP_MEMORY_OOB);
  std::memset(inst->mem0_base + d, static_cast<int>(v), n);
}

extern "C" void StubMemoryCopy(wasmc_instance* inst, uint32_t d, uint32_t s, uint32_t n) {
  if (uint64_t{d} + n > inst->mem0->size || uint64_t{s} + n > inst->mem0->size)
    StubTrap(inst, WASMC_TRAP_MEMORY_OOB);
  std::memmove(inst->mem0_base + d, inst->mem0_base + s, n);
}

extern "C" const void* StubTableGet(wasmc_instance* inst, uint32_t t, uint32_t i) {
  wasmc_table* tab = inst->tables[t];
  if (i >= tab->size) StubTrap(inst, WASMC_TRAP_TABLE_OOB);
  return tab->elems[i];
}

extern "C" void StubTableSet(wasmc_instance* inst, uint32_t t, uint32_t i, const void* r) {
  wasmc_table* tab = inst->tables[t];
  if (i >= tab->size) StubTrap(inst, WASMC_TRAP_TABLE_OOB);
  tab->elems[i] = r;
}

std::string RunWat2Wasm(const std::string& wat, std::vector<uint8_t>* out) {
  char dir[] = "/tmp/wasmc-cg-XXXXXX";
  if (!mkdtemp(dir)) return "mkdtemp failed";
  std::string in = std::string(dir) + "/t.wat", wasm = std::string(dir) + "/t.wasm";
  { std::ofstream f(in); f << wat; }
  std::string cmd = std::string(WASMC_WAT2WASM) + " " + in + " -o " + wasm + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string msg;
  char buf[256];
  while (p && fgets(buf, sizeof buf, p)) msg += buf;
  int rc = p ? pclose(p) : -1;
  if (rc == 0) {
    std::ifstream f(wasm, std::ios::binary);
    out->assign(std::istreambuf_iterator<char>(f), {});
  }
  unlink(in.c_str());
  unlink(wasm.c_str());
  rmdir(dir);
  return rc == 0 ? "" : "wat2wasm: " + msg;
}

// The runtime's rule for call_indirect's null element (abi.h WASMC_NULL_FAULT_LIMIT,
// runtime-support/core/trap.c): a fault below the limit is "uninitialized element".
// Any other fault takes the default action again and kills the test.
void NullFault(int, siginfo_t* si, void*) {
  if (reinterpret_cast<uintptr_t>(si->si_addr) < WASMC_NULL_FAULT_LIMIT)
    std::longjmp(*Harness::TrapBuffer(), static_cast<int>(WASMC_TRAP_INDIRECT_CALL_NULL));
  signal(SIGSEGV, SIG_DFL);
}

void InstallNullFaultHandler() {
  static const bool installed = [] {
    struct sigaction sa {};
    sa.sa_sigaction = NullFault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;  // NODEFER: the longjmp leaves no mask behind
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGSEGV, &sa, nullptr) == 0;
  }();
  (void)installed;
}

}  // namespace

std::jmp_buf* Harness::TrapBuffer() {
  static thread_local std::jmp_buf buf;
  return &buf;
}

Harness::Harness(const std::string& wat) {
  InstallNullFaultHandler();
  std::vector<uint8_t> bytes;
  if (error_ = RunWat2Wasm(wat, &bytes); !error_.empty()) return;
  Result<Module> m = DecodeModule(std::move(bytes));
  if (!m.ok()) { error_ = m.diag().Render("t.wasm"); return; }
  module_ = std::move(m.value());
  if (Status s = ValidateModule(module_); !s.ok()) { error_ = s.diag().Render("t.wasm"); return; }
  CompileOptions opts;
  if (Status s = CompileFunctions(module_, opts, obj_, &listing_); !s.ok()) {
    error_ = s.diag().Render("t.wasm");
    return;
  }
  if (std::getenv("WASMC_TEST_LISTING")) std::fprintf(stderr, "%s", listing_.c_str());
  auto resolve = [](const std::string& name) -> const void* {
    if (name == "wasmc_rt_trap") return reinterpret_cast<const void*>(&StubTrap);
    if (name == "wasmc_rt_memory_grow") return reinterpret_cast<const void*>(&StubMemoryGrow);
    if (name == "wasmc_rt_memory_fill") return reinterpret_cast<const void*>(&StubMemoryFill);
    if (name == "wasmc_rt_memory_copy") return reinterpret_cast<const void*>(&StubMemoryCopy);
    if (name == "wasmc_rt_table_get") return reinterpret_cast<const void*>(&StubTableGet);
    if (name == "wasmc_rt_table_set") return reinterpret_cast<const void*>(&StubTableSet);
    return nullptr;
  };
  Result<std::unique_ptr<LoadedObject>> lo = LoadObject(obj_, resolve);
  if (!lo.ok()) { error_ = lo.diag().Render("t.wasm"); return; }
  loaded_ = std::move(lo.value());

  // The instance: header + defined global cells, zeroed.
  const size_t nglob = module_.defined_globals.size();
  instance_block_.assign(WASMC_INSTANCE_HEADER_SIZE + 16 * nglob + 16, 0);
  // (inst_ is the header; the cells must follow it contiguously.)
  static_assert(sizeof(wasmc_instance) == WASMC_INSTANCE_HEADER_SIZE);
  inst_ = reinterpret_cast<wasmc_instance*>(instance_block_.data());
  for (size_t d = 0; d < nglob; ++d) {
    const ConstExpr& init = module_.defined_globals[d].init;
    std::memcpy(instance_block_.data() + WASMC_INSTANCE_HEADER_SIZE + 16 * d, &init.bits[0], 8);
  }
  // Memory 0.
  uint64_t pages = module_.memories.empty() ? 0 : module_.memories[0].limits.min;
  void* base = mmap(nullptr, WASMC_MEMORY_RESERVATION, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  mem_.base = static_cast<uint8_t*>(base);
  mem_.size = pages * WASMC_PAGE_SIZE;
  mem_.max_pages = module_.memories.empty() || !module_.memories[0].limits.has_max
                       ? 65536 : module_.memories[0].limits.max;
  if (mem_.size) mprotect(base, mem_.size, PROT_READ | PROT_WRITE);
  for (const DataSegment& d : module_.datas)
    if (d.mode == DataSegment::kActive && d.offset_expr.kind == ConstExpr::kI32)
      std::memcpy(mem_.base + d.offset_expr.bits[0], d.bytes.data(), d.bytes.size());
  // Function references and one funcref table (from active elem segments).
  const uint32_t nfuncs = static_cast<uint32_t>(module_.func_types.size());
  funcrefs_.resize(nfuncs);
  // Signature ids as the runtime gives them (abi.h): a plain type's fixed id (the code
  // may compare with it as a constant), else a registry entry: the first structurally
  // equal type's.
  const std::vector<uint32_t> known = KnownTypeIds(module_);
  for (uint32_t t = 0; t < module_.types.size(); ++t) {
    uint32_t id = WASMC_REGISTERED_TYPE_ID_BASE + t;
    for (uint32_t u = 0; u < t; ++u)
      if (module_.types[u] == module_.types[t]) { id = WASMC_REGISTERED_TYPE_ID_BASE + u; break; }
    type_ids_.push_back(known[t] != kUnknownTypeId ? known[t] : id);
  }
  for (uint32_t f = 0; f < nfuncs; ++f) {
    funcrefs_[f].instance = inst_;
    funcrefs_[f].type_id = type_ids_[module_.func_types[f]];
    funcrefs_[f].func_index = f;
    for (size_t s = 0; s < obj_.symbols.size(); ++s)
      if (obj_.symbols[s].name == "wasmc_func_" + std::to_string(f))
        funcrefs_[f].code = reinterpret_cast<const void*>(loaded_->SymbolAddress(static_cast<uint32_t>(s)));
  }
  if (!module_.tables.empty()) {
    table0_elems_.assign(module_.tables[0].limits.min, nullptr);
    for (const ElemSegment& e : module_.elems) {
      if (e.mode != ElemSegment::kActive || e.uses_exprs) continue;
      for (size_t k = 0; k < e.func_indices.size(); ++k)
        table0_elems_[e.offset_expr.bits[0] + k] = &funcrefs_[e.func_indices[k]];
    }
    table0_.elems = table0_elems_.data();
    table0_.size = static_cast<uint32_t>(table0_elems_.size());
    table0_.capacity = table0_.size;
    table0_.max = 0xffffffffu;
    table0_.elem_type = 0x70;
  }
  inst_->mem0_base = mem_.base;
  inst_->mem0 = &mem_;
  inst_->tables = tables_;
  inst_->table0 = tables_[0];
  inst_->funcrefs = funcrefs_.data();
  inst_->type_ids = type_ids_.data();
  inst_->stack_limit = 0;
  g_inst = inst_;
}

Harness::~Harness() {
  if (mem_.base) munmap(mem_.base, WASMC_MEMORY_RESERVATION);
}

void* Harness::Func(const std::string& export_name) const {
  for (const Export& e : module_.exports) {
    if (e.kind != ExternKind::kFunc || e.name != export_name) continue;
    return const_cast<void*>(funcrefs_[e.index].code);
  }
  std::fprintf(stderr, "no export %s\n", export_name.c_str());
  std::abort();
}

}  // namespace wasmc::test
