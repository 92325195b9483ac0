// Symbol names shared by the code generator, the module glue, the loader and the
// generated C header. One place, so the scheme is documented once (docs/embedding.md).
//
//   wasmc_func_<i>         local, STT_FUNC: wasm-native code of defined function i
//                          (function index space, imports included in the count);
//                          defined by CompileFunctions (compiler/lower/compile_functions.h).
//   wasmc_lines_<i>        local, STT_OBJECT in .rodata: function i's source line table
//                          (abi.h, wasmc_func_desc::lines), only when the module has DWARF.
//   <name>                 local, STT_FUNC: an alias of wasmc_func_<i> named after the
//                          function (name section or DWARF), for debuggers; not with --strip.
//   wasmc_tramp_<i>        local, STT_FUNC: array-call trampoline of exported function i.
//   wasmc_import_thunk_<i> local, STT_FUNC: wasm-native entry of imported function i
//                          when it is re-exported (jumps through inst->imports[i]).
//   wasmc_export_<m>       global, STT_FUNC: wasm-native entry of the export named n,
//                          m = MangleExportName(n); an alias of wasmc_func_<i> or
//                          wasmc_import_thunk_<i>.
//   wasmc_module_desc      global, STT_OBJECT: the module descriptor (abi.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wasmc {

inline constexpr char kModuleDescSymbol[] = "wasmc_module_desc";

inline std::string FuncSymbolName(uint32_t func_index) {
  return "wasmc_func_" + std::to_string(func_index);
}
// A function's unwind and exception table in ".rodata" (abi.h wasmc_func_desc::eh).
inline std::string EhTableSymbolName(uint32_t func_index) {
  return "wasmc_eh_" + std::to_string(func_index);
}
inline std::string LineTableSymbolName(uint32_t func_index) {
  return "wasmc_lines_" + std::to_string(func_index);
}
inline std::string TrampolineSymbolName(uint32_t func_index) {
  return "wasmc_tramp_" + std::to_string(func_index);
}

// Turns an export name (any UTF-8 string) into C identifier characters, injectively:
// ASCII letters and digits stay, '_' becomes "__", every other byte becomes '_'
// followed by two upper-case hex digits ("a-b" -> "a_2Db", "my_fn" -> "my__fn").
std::string MangleExportName(std::string_view name);

inline std::string ExportSymbolName(std::string_view export_name) {
  return "wasmc_export_" + MangleExportName(export_name);
}

}  // namespace wasmc
