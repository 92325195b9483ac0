#include "compiler/lower/executable_imports.h"

#include <string>
#include <string_view>

namespace wasmc {
namespace {

constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";

struct WasiCall {
  std::string_view name;
  std::string_view params;   // 'i' = i32, 'I' = i64
  std::string_view results;
};

constexpr WasiCall kWasiCalls[] = {
#define WASI_CALL(name, params, results, c_return, c_params) {#name, params, results},
#include "wasi-shim/calls.def"
#undef WASI_CALL
};

std::string Letters(const std::vector<ValType>& types) {
  std::string out;
  for (ValType t : types) {
    switch (t) {
      case ValType::kI32: out += 'i'; break;
      case ValType::kI64: out += 'I'; break;
      default: out += '?'; break;  // never matches calls.def
    }
  }
  return out;
}

std::string TypeText(std::string_view letters) {
  std::string out = "(";
  for (size_t i = 0; i < letters.size(); ++i)
    out += std::string(i ? ", " : "") + (letters[i] == 'I' ? "i64" : "i32");
  return out + ")";
}

std::string TypeText(const std::vector<ValType>& types) {
  std::string out = "(";
  for (size_t i = 0; i < types.size(); ++i) out += std::string(i ? ", " : "") + ValTypeName(types[i]);
  return out + ")";
}

}  // namespace

Status CheckExecutableImports(const Module& module) {
  static const char kKinds[][8] = {"func", "table", "memory", "global", "tag"};
  // wasi-threads: `wasi`.`thread-spawn` (runtime-support/freestanding/threads.c) and
  // the memory every thread's instance imports (created by the runtime as declared).
  static constexpr WasiCall kThreadSpawn = {"thread-spawn", "i", "i"};
  for (const Import& im : module.imports) {
    const std::string what = im.module + "." + im.name;
    if (im.kind == ExternKind::kMemory) continue;
    const WasiCall* call = nullptr;
    if (im.module == kWasiModule)
      for (const WasiCall& c : kWasiCalls)
        if (c.name == im.name) call = &c;
    if (im.module == "wasi" && im.name == kThreadSpawn.name) call = &kThreadSpawn;
    if (call == nullptr || im.kind != ExternKind::kFunc) {
      std::string why = what + " is not a WASI preview1 function";
      if (im.kind != ExternKind::kFunc)
        why = what + " is a " + kKinds[static_cast<int>(im.kind)] +
              " import; executables can import only WASI preview1 functions, wasi.thread-spawn and a memory";
      return MakeDiag(DiagKind::kUnsupported, im.offset, "unknown import",
                      why + " (compile with -c to provide imports yourself)");
    }
    const FuncType& type = module.types[im.type_index];
    if (Letters(type.params) != call->params || Letters(type.results) != call->results)
      return MakeDiag(DiagKind::kUnsupported, im.offset, "incompatible import type",
                      what + " has type " + TypeText(type.params) + " -> " +
                          TypeText(type.results) + ", WASI preview1 defines " +
                          TypeText(call->params) + " -> " + TypeText(call->results));
  }
  return Status::Ok();
}

}  // namespace wasmc
