// The WASI preview1 call list (calls.def) as data for the compiler: it checks
// each import from "wasi_snapshot_preview1" against these signatures, so a
// mistyped import is a compile-time diagnostic instead of a run-time crash.
// Header-only, no dependencies beyond the standard library.
#pragma once

#include <string_view>

namespace wasmc {

struct WasiCallSig {
  std::string_view name;
  std::string_view params;   // one letter per parameter: 'i' i32, 'I' i64
  std::string_view results;  // same letters; "" for none (proc_exit)
};

inline constexpr std::string_view kWasiModule = "wasi_snapshot_preview1";

inline constexpr WasiCallSig kWasiCalls[] = {
#define WASI_CALL(name, params, results, c_ret, c_params) {#name, params, results},
#include "wasi-shim/calls.def"
#undef WASI_CALL
};

// The signature of a preview1 call, or nullptr if there is no such call.
inline const WasiCallSig* FindWasiCall(std::string_view name) {
  for (const WasiCallSig& c : kWasiCalls)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace wasmc
