// wasmc-spec-a64host: the AArch64 half of the AArch64 spec executor.
//
// A static AArch64 program (cross-compiled at build time; it runs under
// qemu-aarch64 on x86-64 hosts). The executor (compiler/wast/exec/a64_executor.cc)
// compiles every module with wasmc for AArch64 and sends the ObjectModule here;
// this program maps it with wasmc's in-process loader (backend/loader/, the same
// relocation code as wasmc's linker), instantiates it with the hosted runtime
// (runtime.h, built for AArch64) and the spectest module (compiler/wast/exec/
// spectest.cc), and runs invokes. The machine code is exactly what `wasmc
// --target=aarch64-linux` puts in executables.
//
//   wasmc-spec-a64host REQUEST_FD REPLY_FD
//
// Protocol: compiler/wast/exec/a64_protocol.h. All wasm code runs on one WasmThread (bounded stack with a
// guard), so runaway recursion is the trap "call stack exhausted". A fault that
// is not a wasm trap kills this process; the executor reports that.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <unordered_map>

#include "backend/codegen/symbols.h"
#include "backend/loader/loader.h"
#include "compiler/wast/exec/a64_protocol.h"
#include "compiler/wast/exec/spectest.h"
#include "compiler/wast/exec/wasm_thread.h"
#include "wasmc/runtime.h"

namespace wasmc::a64host {
namespace {

constexpr size_t kWasmStackSize = 8u << 20;
constexpr char kExhausted[] = "call stack exhausted";

// spec::Outcome::Kind, by value (the host does not include executor.h).
enum Kind : uint8_t { kOk, kTrap, kExhaustion, kLinkError, kUnsupported, kError };

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
      WASMC_HELPER(wasmc_rt_memory_grow_n), WASMC_HELPER(wasmc_rt_memory_copy_n),
      WASMC_HELPER(wasmc_rt_memory_fill_n), WASMC_HELPER(wasmc_rt_memory_init_n),
  };
#undef WASMC_HELPER
  auto it = kHelpers.find(name);
  return it == kHelpers.end() ? nullptr : it->second;
}

Reply Fail(uint8_t kind, std::string message) {
  Reply r;
  r.kind = kind;
  r.message = std::move(message);
  return r;
}

Reply Trapped(const std::string& message) {
  return Fail(message == kExhausted ? kExhaustion : kTrap, message);
}

// Script externrefs (ref.extern N) <-> distinct non-null pointers, both ways.
class ExternRefs {
 public:
  const void* ToPointer(uint64_t n) {
    auto it = by_number_.find(n);
    if (it != by_number_.end()) return it->second.get();
    auto box = std::make_unique<uint64_t>(n);
    const void* p = box.get();
    by_pointer_[p] = n;
    by_number_.emplace(n, std::move(box));
    return p;
  }
  // The N of a pointer made by ToPointer; other pointers are returned as themselves.
  uint64_t ToNumber(const void* p) const {
    auto it = by_pointer_.find(p);
    return it == by_pointer_.end() ? reinterpret_cast<uintptr_t>(p) : it->second;
  }

 private:
  std::map<uint64_t, std::unique_ptr<uint64_t>> by_number_;
  std::map<const void*, uint64_t> by_pointer_;
};

class Host {
 public:
  Host() : thread_(kWasmStackSize) {}

  // Empty, or why wasm cannot run here.
  std::string Start() {
    if (!thread_.ok()) return "cannot start the wasm thread";
    bool ok = false;
    thread_.Run([&] {
      if (wasmc_host_init() != 0) return;
      spectest_ = std::make_unique<spec::Spectest>();
      ok = true;
    });
    return ok ? "" : "wasmc_host_init failed (signal handlers or alternate stack)";
  }

  Reply Handle(const std::vector<uint8_t>& payload) {
    Reader r(payload);
    const Op op = static_cast<Op>(r.U8());
    if (op == Op::kInstantiate) {
      ObjectModule obj;
      if (!ReadObject(r, &obj) || !r.AtEnd()) return BadRequest();
      return Instantiate(obj);
    }
    const int32_t id = static_cast<int32_t>(r.U32());
    const std::string name = r.Str();
    switch (op) {
      case Op::kRegister:
        if (!r.ok() || !r.AtEnd()) return BadRequest();
        return Register(id, name);
      case Op::kInvoke: {
        std::vector<WireValue> args = r.Values();
        if (!r.ok() || !r.AtEnd()) return BadRequest();
        return Invoke(id, name, args);
      }
      case Op::kGet:
        if (!r.ok() || !r.AtEnd()) return BadRequest();
        return Get(id, name);
      default: return BadRequest();
    }
  }

 private:
  static Reply BadRequest() { return Fail(kError, "aarch64 spec host: malformed request"); }

  Reply Instantiate(const ObjectModule& obj) {
    Result<std::unique_ptr<LoadedObject>> loaded = LoadObject(obj, ResolveRuntimeSymbol);
    if (!loaded.ok()) return Fail(kError, loaded.diag().Render("aarch64 spec host"));
    const auto* desc =
        static_cast<const wasmc_module*>(loaded.value()->GlobalSymbol(kModuleDescSymbol));
    objects_.push_back(std::move(loaded.value()));
    if (desc == nullptr) return Fail(kError, "the object has no module descriptor");

    wasmc_instance* inst = nullptr;
    wasmc_status status = WASMC_OK;
    std::string message;
    thread_.Run([&] {
      status = wasmc_instantiate(desc, &Host::ResolveImport, this, &inst);
      if (status != WASMC_OK) message = wasmc_last_message();
    });
    switch (status) {
      case WASMC_OK: break;
      case WASMC_LINK_ERROR: return Fail(kLinkError, message);
      case WASMC_TRAPPED: return Trapped(message);
      default: return Fail(kError, "instantiation failed: " + message);
    }
    instances_.push_back(inst);
    Reply ok;
    ok.id = static_cast<int32_t>(instances_.size() - 1);
    return ok;
  }

  Reply Register(int32_t id, const std::string& as) {
    wasmc_instance* inst = Lookup(id);
    if (inst == nullptr) return Fail(kError, "no instance " + std::to_string(id));
    registered_[as] = inst;
    return Reply{};
  }

  Reply Invoke(int32_t id, const std::string& name, const std::vector<WireValue>& args) {
    wasmc_instance* inst = Lookup(id);
    if (inst == nullptr) return Fail(kError, "no instance " + std::to_string(id));
    const wasmc_type_desc* type = wasmc_export_type(inst, name.c_str());
    if (type == nullptr) return Fail(kError, "no exported function named " + name);
    if (args.size() != type->num_params)
      return Fail(kError, "export " + name + " takes " + std::to_string(type->num_params) +
                              " arguments, got " + std::to_string(args.size()));
    std::vector<wasmc_val> slots(std::max<size_t>({1, type->num_params, type->num_results}));
    std::memset(slots.data(), 0, slots.size() * sizeof(wasmc_val));
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].type != type->types[i])
        return Fail(kError, "argument " + std::to_string(i) + " of " + name + " has the wrong type");
      slots[i] = ToSlot(args[i]);
    }
    // Fault injection for a64-executor.test: the host dies as it would on a
    // fault in wasm code that is not a trap.
    if (const char* crash = std::getenv("WASMC_SPEC_A64HOST_TEST_CRASH"); crash && name == crash)
      std::abort();
    wasmc_status status = WASMC_OK;
    std::string message;
    thread_.Run([&] {
      status = wasmc_call(inst, name.c_str(), slots.data());
      if (status != WASMC_OK) message = wasmc_last_message();
    });
    if (status == WASMC_TRAPPED) return Trapped(message);
    if (status != WASMC_OK) return Fail(kError, message);
    Reply ok;
    for (uint32_t r = 0; r < type->num_results; ++r)
      ok.values.push_back(FromSlot(type->types[type->num_params + r], slots[r]));
    return ok;
  }

  Reply Get(int32_t id, const std::string& name) {
    wasmc_instance* inst = Lookup(id);
    if (inst == nullptr) return Fail(kError, "no instance " + std::to_string(id));
    wasmc_extern ext;
    if (wasmc_instance_export(inst, name.c_str(), &ext) != WASMC_OK ||
        ext.kind != WASMC_EXTERN_GLOBAL || ext.global == nullptr)
      return Fail(kError, "no exported global named " + name);
    Reply ok;
    ok.values.push_back(FromSlot(ext.global_type, *ext.global));
    return ok;
  }

  static int ResolveImport(void* user, const char* module, const char* name, wasmc_extern* out) {
    auto* self = static_cast<Host*>(user);
    if (std::strcmp(module, "spectest") == 0) return self->spectest_->Resolve(name, out);
    auto it = self->registered_.find(module);
    if (it == self->registered_.end()) return 0;
    return wasmc_instance_export(it->second, name, out) == WASMC_OK;
  }

  wasmc_instance* Lookup(int32_t id) const {
    if (id < 0 || static_cast<size_t>(id) >= instances_.size()) return nullptr;
    return instances_[id];
  }

  // i32/f32 bits live in the low 4 bytes of the slot, i64/f64 in 8 (abi.h's
  // wasmc_val is a union); v128 lanes little-endian; references are pointers.
  wasmc_val ToSlot(const WireValue& v) {
    wasmc_val s;
    std::memset(&s, 0, sizeof s);
    switch (v.type) {
      case 0x7f:  // i32
      case 0x7d: {  // f32
        uint32_t bits = static_cast<uint32_t>(v.lo);
        std::memcpy(&s, &bits, 4);
        break;
      }
      case 0x7b:  // v128
        std::memcpy(s.v128, &v.lo, 8);
        std::memcpy(s.v128 + 8, &v.hi, 8);
        break;
      case 0x6f: s.ref = v.is_null ? nullptr : externs_.ToPointer(v.lo); break;
      case 0x70: s.ref = v.is_null ? nullptr : reinterpret_cast<const void*>(v.lo); break;
      default: s.i64 = v.lo; break;  // i64, f64 bits
    }
    return s;
  }

  WireValue FromSlot(uint8_t type, const wasmc_val& s) const {
    WireValue v;
    v.type = type;
    switch (type) {
      case 0x7f:
      case 0x7d: {
        uint32_t bits;
        std::memcpy(&bits, &s, 4);
        v.lo = bits;
        break;
      }
      case 0x7b:
        std::memcpy(&v.lo, s.v128, 8);
        std::memcpy(&v.hi, s.v128 + 8, 8);
        break;
      case 0x6f:
        v.is_null = s.ref == nullptr;
        if (!v.is_null) v.lo = externs_.ToNumber(s.ref);
        break;
      case 0x70:
        v.is_null = s.ref == nullptr;
        if (!v.is_null) v.lo = reinterpret_cast<uintptr_t>(s.ref);
        break;
      default: v.lo = s.i64; break;
    }
    return v;
  }

  spec::WasmThread thread_;
  std::unique_ptr<spec::Spectest> spectest_;
  std::vector<std::unique_ptr<LoadedObject>> objects_;
  std::vector<wasmc_instance*> instances_;
  std::map<std::string, wasmc_instance*> registered_;
  ExternRefs externs_;
};

bool Send(int fd, const Reply& reply) {
  Writer w;
  WriteReply(w, reply);
  return WriteAll(fd, w.Frame());
}

int Main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: wasmc-spec-a64host REQUEST_FD REPLY_FD (run by wasmc-spec)\n");
    return 2;
  }
  const int in = std::atoi(argv[1]);
  const int out = std::atoi(argv[2]);
  Host host;
  std::string why = host.Start();
  if (!Send(out, why.empty() ? Reply{} : Fail(kError, "aarch64 spec host: " + why))) return 1;
  if (!why.empty()) return 1;
  std::vector<uint8_t> request;
  while (ReadFrame(in, &request)) {
    Reply reply = host.Handle(request);
    std::fflush(stdout);  // spectest.print output, in order with the replies
    if (!Send(out, reply)) return 1;
  }
  return 0;  // the executor closed the pipe: its .wast file is done
}

}  // namespace
}  // namespace wasmc::a64host

int main(int argc, char** argv) { return wasmc::a64host::Main(argc, argv); }
