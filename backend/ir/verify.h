// The IR verifier: checks that an ir::Function is well formed before register
// allocation (docs/backend.md, "Checking code generation").
//
// Checks, in this order, stopping at the first problem:
//   - structure: label ids < num_labels, each bound by exactly one kLabel (and
//     Function::label_block agrees), every branch target bound; extra ranges in
//     bounds; the last reachable block ends with a terminator (no falling off the end);
//   - operands: every vreg in range, present/absent as the opcode needs, of the type
//     the opcode needs (ir.h: type = operand type, src_type for conversions); call
//     arities and types against the callee's signature (when `sigs` is given) and
//     against the runtime helper's; kReturn against Function::results; parallel moves
//     as (dst, src) pairs of equal types with distinct dsts;
//   - definedness: a forward must-be-defined dataflow over the CFG (blocks start at
//     inst 0, at a kLabel and after a branch): every use in a reachable block is
//     reached by a definition on every path from the entry (params and the results
//     pointer are defined on entry). For a temporary, defined once, this is "its
//     definition dominates its uses";
//   - temporaries (kinds[v] == 0, see below) are defined at most once. (A temporary
//     may have no definition left when the builder retargeted it into a local; its
//     uses would then be caught by definedness.)
// Code after a terminator that no label starts is unreachable: its operands are
// checked, its definedness is not.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "backend/ir/ir.h"
#include <vector>

namespace wasmc::ir {

// What calls and instance accesses are checked against (optional), in IR types: the
// lowering (compiler/lower/) builds it once per module.
struct Signature {
  std::vector<Type> params, results;
};
struct ModuleSignatures {
  std::vector<Signature> types;   // by type index (kCallIndirect)
  std::vector<Signature> funcs;   // by function index, imports first (kCall, kCallImport)
  uint32_t num_imported_funcs = 0;
  uint32_t num_tables = 0;
  uint32_t num_imported_globals = 0, num_defined_globals = 0;
};

struct VerifyResult {
  bool ok = true;
  uint32_t inst = 0;  // the offending instruction (fn.insts.size(): the function as a whole)
  std::string what;   // what is wrong, one line
};

// `sigs` (optional): checks kCall / kCallImport / kCallIndirect against signatures, and
// global and table indices against their counts.
// `kinds` (optional, per vreg): 0 = temporary (defined at most once), otherwise a
// variable (a wasm local or block result, may be defined several times); empty: no
// single-definition check. IrBuilder::VRegKinds() provides it.
VerifyResult VerifyFunction(const Function& fn, const ModuleSignatures* sigs = nullptr,
                            std::span<const uint8_t> kinds = {});

// A multi-line internal-compiler-error report: function index, instruction index,
// what is wrong, and the IR around it.
std::string VerifyReport(const Function& fn, const VerifyResult& r);

}  // namespace wasmc::ir
