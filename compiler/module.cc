#include "compiler/module.h"

namespace wasmc {

const char* ValTypeName(ValType t) {
  switch (t) {
    case ValType::kI32: return "i32";
    case ValType::kI64: return "i64";
    case ValType::kF32: return "f32";
    case ValType::kF64: return "f64";
    case ValType::kV128: return "v128";
    case ValType::kFuncRef: return "funcref";
    case ValType::kExternRef: return "externref";
    case ValType::kExnRef: return "exnref";
    case ValType::kBottom: return "unknown";
  }
  return "?";
}

std::string Module::FunctionName(uint32_t func_index) const {
  if (auto it = names.functions.find(func_index); it != names.functions.end()) return it->second;
  for (const Export& e : exports)
    if (e.kind == ExternKind::kFunc && e.index == func_index) return e.name;
  if (func_index < num_imported_funcs) {
    uint32_t n = 0;
    for (const Import& im : imports)
      if (im.kind == ExternKind::kFunc && n++ == func_index) return im.module + "." + im.name;
  }
  return "func[" + std::to_string(func_index) + "]";
}

}  // namespace wasmc
