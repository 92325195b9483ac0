// The x86-64 spec executor (compiler/wast/executor.h): every module is compiled with
// CompileToObject, mapped into this process by the in-process loader
// (backend/loader/) and instantiated by the hosted runtime (runtime.h). No files
// are written and no processes started: a .wast file with hundreds of modules
// costs hundreds of compiles, not hundreds of links.
//
// All wasm code runs on one WasmThread with a bounded stack, so runaway recursion
// ends as the trap "call stack exhausted" (assert_exhaustion) rather than a crash.
// Loaded code and instances live as long as the executor: a failed instantiation
// may already have put its functions into a shared table (spec: linking.wast).
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <unordered_map>

#include "backend/backend.h"
#include "compiler/lower/lower.h"
#include "backend/codegen/symbols.h"
#include "backend/loader/loader.h"
#include "compiler/wasmc.h"
#include "compiler/wast/exec/a64_executor.h"
#include "compiler/wast/exec/spectest.h"
#include "compiler/wast/exec/wasm_thread.h"
#include "compiler/wast/executor.h"
#include "wasmc/runtime.h"

namespace wasmc::spec {
namespace {

constexpr size_t kWasmStackSize = 8u << 20;
constexpr char kExhausted[] = "call stack exhausted";

// The runtime helpers generated code may call, by symbol name (abi.h).
const void* ResolveRuntimeSymbol(const std::string& name) {
#define WASMC_HELPER(fn) {#fn, reinterpret_cast<const void*>(&fn)}
  static const std::unordered_map<std::string, const void*> kHelpers = {
      WASMC_HELPER(wasmc_rt_trap),        WASMC_HELPER(wasmc_rt_memory_grow),
      WASMC_HELPER(wasmc_rt_memory_copy), WASMC_HELPER(wasmc_rt_memory_fill),
      WASMC_HELPER(wasmc_rt_memory_init), WASMC_HELPER(wasmc_rt_data_drop),
      WASMC_HELPER(wasmc_rt_table_get),   WASMC_HELPER(wasmc_rt_table_set),
      WASMC_HELPER(wasmc_rt_table_grow),  WASMC_HELPER(wasmc_rt_table_fill),
      WASMC_HELPER(wasmc_rt_table_copy),  WASMC_HELPER(wasmc_rt_table_init),
      WASMC_HELPER(wasmc_rt_elem_drop),
  };
#undef WASMC_HELPER
  auto it = kHelpers.find(name);
  return it == kHelpers.end() ? nullptr : it->second;
}

Outcome Fail(Outcome::Kind kind, std::string message) {
  Outcome o;
  o.kind = kind;
  o.message = std::move(message);
  return o;
}

// Script externrefs (ref.extern N) <-> distinct non-null pointers, both ways.
class ExternRefs {
 public:
  const void* ToPointer(uint64_t n) {
    auto it = by_number_.find(n);
    if (it != by_number_.end()) return it->second.get();
    auto box = std::make_unique<uint64_t>(n);
    const void* p = box.get();
    by_number_.emplace(n, std::move(box));
    return p;
  }
  // The N of a pointer made by ToPointer; other pointers are returned as themselves.
  uint64_t ToNumber(const void* p) const {
    for (const auto& [n, box] : by_number_)
      if (box.get() == p) return n;
    return reinterpret_cast<uintptr_t>(p);
  }

 private:
  std::map<uint64_t, std::unique_ptr<uint64_t>> by_number_;
};

class X64Executor : public Executor {
 public:
  explicit X64Executor(int cpu_level) : cpu_level_(cpu_level), thread_(kWasmStackSize) {
    if (!thread_.ok()) return;
    thread_.Run([this] {
      if (wasmc_host_init() != 0) return;
      spectest_ = std::make_unique<Spectest>();
    });
  }

  Outcome Instantiate(const std::string& wasm_path, InstanceId* id) override {
    if (!spectest_) return Fail(Outcome::kError, "the executor could not start its wasm thread");
    std::ifstream in(wasm_path, std::ios::binary);
    if (!in) return Fail(Outcome::kError, "cannot read " + wasm_path);
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    Result<Module> module = DecodeModule(std::move(bytes));
    if (!module.ok()) return Fail(Outcome::kError, module.diag().Render(wasm_path));

    CompileOptions options;
    options.target = Target::kX64;
    options.cpu_level = cpu_level_;
    options.file_name = wasm_path;
    Result<CompileResult> compiled = CompileToObject(module.value(), options);
    if (!compiled.ok()) {
      const Diag& d = compiled.diag();
      return Fail(d.kind == DiagKind::kUnsupported ? Outcome::kUnsupported : Outcome::kError,
                  d.Render(wasm_path));
    }
    Result<std::unique_ptr<LoadedObject>> loaded =
        LoadObject(compiled.value().object, ResolveRuntimeSymbol);
    if (!loaded.ok()) return Fail(Outcome::kError, loaded.diag().Render(wasm_path));
    const auto* desc =
        static_cast<const wasmc_module*>(loaded.value()->GlobalSymbol(kModuleDescSymbol));
    objects_.push_back(std::move(loaded.value()));
    if (desc == nullptr) return Fail(Outcome::kError, "the object has no module descriptor");

    wasmc_instance* inst = nullptr;
    wasmc_status status = WASMC_OK;
    std::string message;
    thread_.Run([&] {
      status = wasmc_instantiate(desc, &X64Executor::ResolveImport, this, &inst);
      if (status != WASMC_OK) message = wasmc_last_message();
    });
    switch (status) {
      case WASMC_OK: break;
      case WASMC_LINK_ERROR: return Fail(Outcome::kLinkError, message);
      case WASMC_TRAPPED:
        return Fail(message == kExhausted ? Outcome::kExhaustion : Outcome::kTrap, message);
      default: return Fail(Outcome::kError, "instantiation failed: " + message);
    }
    instances_.push_back(inst);
    *id = static_cast<InstanceId>(instances_.size() - 1);
    return Outcome{};
  }

  Outcome Register(InstanceId id, const std::string& as) override {
    wasmc_instance* inst = Lookup(id);
    if (inst == nullptr) return Fail(Outcome::kError, "no instance " + std::to_string(id));
    registered_[as] = inst;
    return Outcome{};
  }

  Outcome Invoke(InstanceId id, const std::string& name, const std::vector<Value>& args) override {
    wasmc_instance* inst = Lookup(id);
    if (inst == nullptr) return Fail(Outcome::kError, "no instance " + std::to_string(id));
    const wasmc_type_desc* type = wasmc_export_type(inst, name.c_str());
    if (type == nullptr) return Fail(Outcome::kError, "no exported function named " + name);
    if (args.size() != type->num_params)
      return Fail(Outcome::kError, "export " + name + " takes " +
                                       std::to_string(type->num_params) + " arguments, got " +
                                       std::to_string(args.size()));
    std::vector<wasmc_val> slots(std::max<size_t>({1, type->num_params, type->num_results}));
    std::memset(slots.data(), 0, slots.size() * sizeof(wasmc_val));
    for (size_t i = 0; i < args.size(); ++i) {
      if (static_cast<uint8_t>(args[i].type) != type->types[i])
        return Fail(Outcome::kError, "argument " + std::to_string(i) + " of " + name +
                                         " has the wrong type");
      slots[i] = ToSlot(args[i]);
    }
    wasmc_status status = WASMC_OK;
    std::string message;
    thread_.Run([&] {
      status = wasmc_call(inst, name.c_str(), slots.data());
      if (status != WASMC_OK) message = wasmc_last_message();
    });
    if (status == WASMC_TRAPPED)
      return Fail(message == kExhausted ? Outcome::kExhaustion : Outcome::kTrap, message);
    if (status != WASMC_OK) return Fail(Outcome::kError, message);
    Outcome o;
    for (uint32_t r = 0; r < type->num_results; ++r)
      o.results.push_back(FromSlot(static_cast<ValType>(type->types[type->num_params + r]),
                                   slots[r]));
    return o;
  }

  Outcome Get(InstanceId id, const std::string& name) override {
    wasmc_instance* inst = Lookup(id);
    if (inst == nullptr) return Fail(Outcome::kError, "no instance " + std::to_string(id));
    wasmc_extern ext;
    if (wasmc_instance_export(inst, name.c_str(), &ext) != WASMC_OK ||
        ext.kind != WASMC_EXTERN_GLOBAL || ext.global == nullptr)
      return Fail(Outcome::kError, "no exported global named " + name);
    Outcome o;
    o.results.push_back(FromSlot(static_cast<ValType>(ext.global_type), *ext.global));
    return o;
  }

 private:
  static int ResolveImport(void* user, const char* module, const char* name, wasmc_extern* out) {
    auto* self = static_cast<X64Executor*>(user);
    if (std::strcmp(module, "spectest") == 0) return self->spectest_->Resolve(name, out);
    auto it = self->registered_.find(module);
    if (it == self->registered_.end()) return 0;
    return wasmc_instance_export(it->second, name, out) == WASMC_OK;
  }

  wasmc_instance* Lookup(InstanceId id) const {
    if (id < 0 || static_cast<size_t>(id) >= instances_.size()) return nullptr;
    return instances_[id];
  }

  wasmc_val ToSlot(const Value& v) {
    wasmc_val s;
    std::memset(&s, 0, sizeof s);
    switch (v.type) {
      case ValType::kI32: s.i32 = static_cast<uint32_t>(v.lo); break;
      case ValType::kF32: {
        uint32_t bits = static_cast<uint32_t>(v.lo);
        std::memcpy(&s.f32, &bits, 4);
        break;
      }
      case ValType::kV128:
        std::memcpy(s.v128, &v.lo, 8);
        std::memcpy(s.v128 + 8, &v.hi, 8);
        break;
      case ValType::kExternRef: s.ref = v.is_null ? nullptr : externs_.ToPointer(v.lo); break;
      case ValType::kFuncRef:
        s.ref = v.is_null ? nullptr : reinterpret_cast<const void*>(v.lo);
        break;
      default: s.i64 = v.lo; break;  // i64, f64 bits
    }
    return s;
  }

  Value FromSlot(ValType type, const wasmc_val& s) const {
    Value v;
    v.type = type;
    switch (type) {
      case ValType::kI32: v.lo = s.i32; break;
      case ValType::kF32: {
        uint32_t bits;
        std::memcpy(&bits, &s.f32, 4);
        v.lo = bits;
        break;
      }
      case ValType::kV128:
        std::memcpy(&v.lo, s.v128, 8);
        std::memcpy(&v.hi, s.v128 + 8, 8);
        break;
      case ValType::kExternRef:
        v.is_null = s.ref == nullptr;
        if (!v.is_null) v.lo = externs_.ToNumber(s.ref);
        break;
      case ValType::kFuncRef:
        v.is_null = s.ref == nullptr;
        if (!v.is_null) v.lo = reinterpret_cast<uintptr_t>(s.ref);
        break;
      default: v.lo = s.i64; break;
    }
    return v;
  }

  int cpu_level_;  // --cpu (declared before thread_: initialised first)
  WasmThread thread_;
  std::unique_ptr<Spectest> spectest_;
  std::vector<std::unique_ptr<LoadedObject>> objects_;
  std::vector<wasmc_instance*> instances_;
  std::map<std::string, wasmc_instance*> registered_;
  ExternRefs externs_;
};

}  // namespace

std::unique_ptr<Executor> MakeExecutor(Target target, int cpu_level) {
  if (target == Target::kA64) return MakeA64Executor();  // a64_executor.cc
  return std::make_unique<X64Executor>(cpu_level);
}

}  // namespace wasmc::spec
