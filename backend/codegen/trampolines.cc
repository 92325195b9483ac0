#include "backend/codegen/trampolines.h"

#include <cstdio>

#include "backend/codegen/symbols.h"

namespace wasmc {

uint64_t EmitArrayTrampoline(TrampolineEmitter& e, const NativeSignature& type,
                             const TrampolineCallee& callee, Section& text) {
  const ArgPlan plan = PlanArgs(type, e.int_regs, e.fp_regs);
  e.Enter(plan);
  if (plan.results_pointer) e.PassResultsPointer();
  for (const ArgLoad& l : ArrayCallLoads(type, plan)) e.LoadArg(l);
  if (callee.imported) e.CallImport(callee.import_index);
  else e.CallSymbol(callee.code_symbol);
  if (type.results.size() == 1) e.StoreResult(type.results[0]);
  e.Leave();
  return e.Finish(text);
}

uint64_t EmitImportThunk(TrampolineEmitter& e, uint32_t import_index, Section& text) {
  // Arguments stay where the caller put them; only `inst` changes.
  e.JumpToImport(import_index);
  return e.Finish(text);
}

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
