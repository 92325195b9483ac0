#include "compiler/wast/exec/spectest.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace wasmc::spec {
namespace {

// Host functions use the wasm-native convention (abi.h): instance first.
void Print(wasmc_instance*) { std::printf("spectest.print\n"); }
void PrintI32(wasmc_instance*, uint32_t v) { std::printf("%" PRIi32 " : i32\n", int32_t(v)); }
void PrintI64(wasmc_instance*, uint64_t v) { std::printf("%" PRIi64 " : i64\n", int64_t(v)); }
void PrintF32(wasmc_instance*, float v) { std::printf("%g : f32\n", double(v)); }
void PrintF64(wasmc_instance*, double v) { std::printf("%g : f64\n", v); }
void PrintI32F32(wasmc_instance*, uint32_t a, float b) {
  std::printf("%" PRIi32 " : i32\n%g : f32\n", int32_t(a), double(b));
}
void PrintF64F64(wasmc_instance*, double a, double b) {
  std::printf("%g : f64\n%g : f64\n", a, b);
}

struct HostFunc {
  const char* name;
  const void* code;
  const char* params;  // value type bytes
};

const HostFunc kFuncs[] = {
    {"print", reinterpret_cast<const void*>(&Print), ""},
    {"print_i32", reinterpret_cast<const void*>(&PrintI32), "\x7f"},
    {"print_i64", reinterpret_cast<const void*>(&PrintI64), "\x7e"},
    {"print_f32", reinterpret_cast<const void*>(&PrintF32), "\x7d"},
    {"print_f64", reinterpret_cast<const void*>(&PrintF64), "\x7c"},
    {"print_i32_f32", reinterpret_cast<const void*>(&PrintI32F32), "\x7f\x7d"},
    {"print_f64_f64", reinterpret_cast<const void*>(&PrintF64F64), "\x7c\x7c"},
};

}  // namespace

Spectest::Spectest() {
  global_i32_.i32 = 666;
  global_i64_.i64 = 666;
  global_f32_.f32 = 666.6f;
  global_f64_.f64 = 666.6;
  table_ = wasmc_host_table_new(0x70, 10, 20, 1);
  table64_ = wasmc_host_table_new(0x70, 10, 20, 1);  // (table i64 10 20 funcref), 3.0
  if (table64_ != nullptr) table64_->is64 = 1;
  memory_ = wasmc_host_memory_new(1, 2, 1);
  shared_memory_ = wasmc_host_memory_new(1, 2, 1);
  if (shared_memory_ != nullptr) shared_memory_->shared = 1;
}

bool Spectest::Resolve(const std::string& name, wasmc_extern* out) const {
  std::memset(out, 0, sizeof *out);
  for (const HostFunc& f : kFuncs) {
    if (name != f.name) continue;
    const uint32_t n = static_cast<uint32_t>(std::strlen(f.params));
    out->kind = WASMC_EXTERN_FUNC;
    out->func.code = f.code;
    out->func.instance = nullptr;  // host functions get the importing instance
    out->func.type_id =
        wasmc_canonical_type_id(n, 0, reinterpret_cast<const uint8_t*>(f.params));
    return true;
  }
  struct {
    const char* name;
    const wasmc_val* cell;
    uint8_t type;
  } globals[] = {{"global_i32", &global_i32_, 0x7f}, {"global_i64", &global_i64_, 0x7e},
                 {"global_f32", &global_f32_, 0x7d}, {"global_f64", &global_f64_, 0x7c}};
  for (const auto& g : globals) {
    if (name != g.name) continue;
    out->kind = WASMC_EXTERN_GLOBAL;
    out->global = const_cast<wasmc_val*>(g.cell);  // immutable: wasm never writes it
    out->global_type = g.type;
    out->global_mut = 0;
    return true;
  }
  if ((name == "table" && table_ != nullptr) || (name == "table64" && table64_ != nullptr)) {
    out->kind = WASMC_EXTERN_TABLE;
    out->table = name == "table" ? table_ : table64_;
    out->has_max = 1;
    return true;
  }
  wasmc_memory* memory = name == "memory" ? memory_ : name == "shared_memory" ? shared_memory_ : nullptr;
  if (memory != nullptr) {
    out->kind = WASMC_EXTERN_MEMORY;
    out->memory = memory;
    out->has_max = 1;
    return true;
  }
  return false;
}

}  // namespace wasmc::spec
