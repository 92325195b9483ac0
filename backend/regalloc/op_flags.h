// What register allocation's walks ask of an opcode, one table lookup instead of
// ir::IsPure / ir::IsCall calls and the operand walkers' switch per instruction
// (issue 14, compile speed); and the operand walkers with the common case (no
// operands in Function::extra) inline.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

enum : uint8_t {
  kOpPure = 1,    // ir::IsPure
  kOpBranch = 2,  // ir::EndsBlock: ends a region
  kOpCall = 4,    // ir::IsCall
  kOpExtra = 8,   // ir::ForEachUse / ForEachDef visit operands in Function::extra
};
using OpFlags = std::array<uint8_t, 256>;  // by Opcode (a uint8_t)

// Built once, from ir::IsPure, ir::EndsBlock, ir::IsCall and the operand walkers.
const OpFlags& OpcodeFlags();

// ir::ForEachUse / ForEachDef, with the common case (no extra operands: `flags` of the
// instruction's opcode without kOpExtra) inline and without the opcode switch.
template <typename I, typename F>
inline __attribute__((always_inline)) void Uses(const ir::Function& fn, I& in, uint8_t flags, F&& f) {
  if (flags & kOpExtra) return ir::ForEachUse(fn, in, f);
  if (in.a != ir::kNoVReg) f(in.a);
  if (in.b != ir::kNoVReg) f(in.b);
  if (in.c != ir::kNoVReg) f(in.c);
}
template <typename I, typename F>
inline __attribute__((always_inline)) void Defs(const ir::Function& fn, I& in, uint8_t flags, F&& f) {
  if (flags & kOpExtra) return ir::ForEachDef(fn, in, f);
  if (in.dst != ir::kNoVReg) f(in.dst);
}

// For an instruction whose opcode has kOpExtra: pointers to its operands, ForEachUse's
// then ForEachDef's, in `ops` (a vector the caller keeps); returns ForEachUse's count.
// The walks call their own closures on them inline: a closure handed to the out-of-line
// walkers escapes, and then every store through a pointer in the walk made the compiler
// reload all that closure captured (the walk's counters, its array pointers).
template <typename Fn, typename I, typename P>
__attribute__((noinline)) size_t GatherOperands(Fn& fn, I& in, std::vector<P*>& ops) {
  ops.clear();
  ir::ForEachUse(fn, in, [&ops](auto& v) { ops.push_back(&v); });
  const size_t uses = ops.size();
  ir::ForEachDef(fn, in, [&ops](auto& v) { ops.push_back(&v); });
  return uses;
}

}  // namespace wasmc::regalloc
