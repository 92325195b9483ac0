#include "backend/codegen/trampolines.h"

#include <cstdio>

#include "backend/codegen/symbols.h"

namespace wasmc {

std::string MangleExportName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c == '_') {
      out += "__";
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "_%02X", c);
      out += hex;
    }
  }
  return out;
}

ArgPlan PlanArgs(const NativeSignature& type, uint32_t int_regs, uint32_t fp_regs) {
  ArgPlan plan;
  uint32_t next_int = 1;  // register 0 carries `inst`
  uint32_t next_fp = 0;
  if (type.results.size() > 1) {
    plan.results_pointer = true;
    next_int = 2;
  }
  for (NativeType t : type.params) {
    bool fp = t == NativeType::kF32 || t == NativeType::kF64;
    ArgLocation loc;
    if (fp && next_fp < fp_regs) {
      loc = {ArgLocation::kFpReg, next_fp++};
    } else if (!fp && next_int < int_regs) {
      loc = {ArgLocation::kIntReg, next_int++};
    } else {
      loc = {ArgLocation::kStack, plan.stack_slots++};
    }
    plan.params.push_back(loc);
  }
  return plan;
}

std::vector<ArgLoad> ArrayCallLoads(const NativeSignature& type, const ArgPlan& plan) {
  std::vector<ArgLoad> loads;
  for (bool stack : {true, false})
    for (uint32_t p = 0; p < plan.params.size(); ++p)
      if ((plan.params[p].kind == ArgLocation::kStack) == stack)
        loads.push_back({type.params[p], p, plan.params[p]});
  return loads;
}

}  // namespace wasmc
