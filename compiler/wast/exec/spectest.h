// The "spectest" host module of the official test suite (as in the reference
// interpreter): print functions, four constant globals, a table and a memory.
//
//   print, print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64
//   global_i32 = 666, global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6
//   table: funcref 10..20          memory: 1..2 pages   shared_memory: 1..2 pages, shared
//
// Create it on the wasm thread after wasmc_host_init (it allocates runtime objects).
#pragma once

#include <string>

#include "wasmc/runtime.h"

namespace wasmc::spec {

class Spectest {
 public:
  Spectest();
  // Fills *out for export `name`; false if spectest has no such export.
  bool Resolve(const std::string& name, wasmc_extern* out) const;

 private:
  wasmc_val global_i32_{}, global_i64_{}, global_f32_{}, global_f64_{};
  wasmc_table* table_ = nullptr;
  wasmc_table* table64_ = nullptr;  // "table64": i64 indices
  wasmc_memory* memory_ = nullptr;
  wasmc_memory* shared_memory_ = nullptr;  // threads: 1..2 pages, shared
};

}  // namespace wasmc::spec
