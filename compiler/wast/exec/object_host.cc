// The in-process half of both spec executors (object_host.h).
#include "compiler/wast/exec/object_host.h"

#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "backend/codegen/symbols.h"

namespace wasmc::spec {
namespace {

using a64host::Reply;
using a64host::WireValue;

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
      WASMC_HELPER(wasmc_rt_memory_wait32), WASMC_HELPER(wasmc_rt_memory_wait64),
      WASMC_HELPER(wasmc_rt_memory_notify),
      WASMC_HELPER(wasmc_rt_memory_grow_n), WASMC_HELPER(wasmc_rt_memory_copy_n),
      WASMC_HELPER(wasmc_rt_memory_fill_n), WASMC_HELPER(wasmc_rt_memory_init_n),
      // Exceptions (runtime-support/core/eh.c).
      WASMC_HELPER(wasmc_rt_exn_take),    WASMC_HELPER(wasmc_rt_exn_new),
      WASMC_HELPER(wasmc_rt_exn_set),     WASMC_HELPER(wasmc_rt_exn_get),
      WASMC_HELPER(wasmc_rt_exn_is),      WASMC_HELPER(wasmc_rt_throw_ref),
  };
#undef WASMC_HELPER
  auto it = kHelpers.find(name);
  return it == kHelpers.end() ? nullptr : it->second;
}

Reply Trapped(const std::string& message) {
  return FailReply(message == kExhausted ? kReplyExhaustion : kReplyTrap, message);
}

Reply NoInstance(int32_t id) { return FailReply(kReplyError, "no instance " + std::to_string(id)); }

}  // namespace

Reply FailReply(uint8_t kind, std::string message) {
  Reply r;
  r.kind = kind;
  r.message = std::move(message);
  return r;
}

const void* ExternRefs::ToPointer(uint64_t n) {
  auto it = by_number_.find(n);
  if (it != by_number_.end()) return it->second.get();
  auto box = std::make_unique<uint64_t>(n);
  const void* p = box.get();
  by_pointer_[p] = n;
  by_number_.emplace(n, std::move(box));
  return p;
}

uint64_t ExternRefs::ToNumber(const void* p) const {
  auto it = by_pointer_.find(p);
  return it == by_pointer_.end() ? reinterpret_cast<uintptr_t>(p) : it->second;
}

ObjectHost::ObjectHost() : thread_(kWasmStackSize) {}

std::string ObjectHost::Start() {
  if (!thread_.ok()) return "cannot start the wasm thread";
  bool ok = false;
  thread_.Run([&] {
    if (wasmc_host_init() != 0) return;
    spectest_ = std::make_unique<Spectest>();
    ok = true;
  });
  return ok ? "" : "wasmc_host_init failed (signal handlers or alternate stack)";
}

Reply ObjectHost::Instantiate(const ObjectModule& obj) {
  if (!spectest_) return FailReply(kReplyError, "the host has not started its wasm thread");
  Result<std::unique_ptr<LoadedObject>> loaded = LoadObject(obj, ResolveRuntimeSymbol);
  if (!loaded.ok()) return FailReply(kReplyError, loaded.diag().Render("spec host"));
  const auto* desc =
      static_cast<const wasmc_module*>(loaded.value()->GlobalSymbol(kModuleDescSymbol));
  objects_.push_back(std::move(loaded.value()));
  if (desc == nullptr) return FailReply(kReplyError, "the object has no module descriptor");

  wasmc_instance* inst = nullptr;
  wasmc_status status = WASMC_OK;
  std::string message;
  thread_.Run([&] {
    status = wasmc_instantiate(desc, &ObjectHost::ResolveImport, this, &inst);
    if (status != WASMC_OK) message = wasmc_last_message();
  });
  switch (status) {
    case WASMC_OK: break;
    case WASMC_LINK_ERROR: return FailReply(kReplyLinkError, message);
    case WASMC_TRAPPED: return Trapped(message);
    default: return FailReply(kReplyError, "instantiation failed: " + message);
  }
  instances_.push_back(inst);
  Reply ok;
  ok.id = static_cast<int32_t>(instances_.size() - 1);
  return ok;
}

Reply ObjectHost::Register(int32_t id, const std::string& as) {
  wasmc_instance* inst = Lookup(id);
  if (inst == nullptr) return NoInstance(id);
  registered_[as] = inst;
  return Reply{};
}

Reply ObjectHost::Invoke(int32_t id, const std::string& name, const std::vector<WireValue>& args) {
  wasmc_instance* inst = Lookup(id);
  if (inst == nullptr) return NoInstance(id);
  const wasmc_type_desc* type = wasmc_export_type_n(inst, name.data(), name.size());
  if (type == nullptr) return FailReply(kReplyError, "no exported function named " + name);
  if (args.size() != type->num_params)
    return FailReply(kReplyError, "export " + name + " takes " +
                                      std::to_string(type->num_params) + " arguments, got " +
                                      std::to_string(args.size()));
  std::vector<wasmc_val> slots(std::max<size_t>({1, type->num_params, type->num_results}));
  std::memset(slots.data(), 0, slots.size() * sizeof(wasmc_val));
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != type->types[i])
      return FailReply(kReplyError,
                       "argument " + std::to_string(i) + " of " + name + " has the wrong type");
    slots[i] = ToSlot(args[i]);
  }
  wasmc_status status = WASMC_OK;
  std::string message;
  thread_.Run([&] {
    status = wasmc_call_n(inst, name.data(), name.size(), slots.data());
    if (status != WASMC_OK) message = wasmc_last_message();
  });
  if (status == WASMC_TRAPPED) return Trapped(message);
  if (status != WASMC_OK) return FailReply(kReplyError, message);
  Reply ok;
  for (uint32_t r = 0; r < type->num_results; ++r)
    ok.values.push_back(FromSlot(type->types[type->num_params + r], slots[r]));
  return ok;
}

Reply ObjectHost::Get(int32_t id, const std::string& name) {
  wasmc_instance* inst = Lookup(id);
  if (inst == nullptr) return NoInstance(id);
  wasmc_extern ext;
  if (wasmc_instance_export_n(inst, name.data(), name.size(), &ext) != WASMC_OK ||
      ext.kind != WASMC_EXTERN_GLOBAL || ext.global == nullptr)
    return FailReply(kReplyError, "no exported global named " + name);
  Reply ok;
  ok.values.push_back(FromSlot(ext.global_type, *ext.global));
  return ok;
}

int ObjectHost::ResolveImport(void* user, const char* module, const char* name,
                              wasmc_extern* out) {
  auto* self = static_cast<ObjectHost*>(user);
  if (std::strcmp(module, "spectest") == 0) return self->spectest_->Resolve(name, out);
  auto it = self->registered_.find(module);
  if (it == self->registered_.end()) return 0;
  return wasmc_instance_export(it->second, name, out) == WASMC_OK;
}

wasmc_instance* ObjectHost::Lookup(int32_t id) const {
  if (id < 0 || static_cast<size_t>(id) >= instances_.size()) return nullptr;
  return instances_[id];
}

// i32/f32 bits live in the low 4 bytes of the slot, i64/f64 in 8 (abi.h's
// wasmc_val is a union); v128 lanes little-endian; references are pointers.
wasmc_val ObjectHost::ToSlot(const WireValue& v) {
  wasmc_val s;
  std::memset(&s, 0, sizeof s);
  switch (v.type) {
    case 0x7f:    // i32
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

WireValue ObjectHost::FromSlot(uint8_t type, const wasmc_val& s) const {
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

}  // namespace wasmc::spec
