// The one parallel-move sequencer (block edges, call arguments, multi-value
// results): turns a set of simultaneous moves into an equivalent sequence.
//
// Input: moves {dst <- src}, all dsts distinct; a src may be a constant (src.kind ==
// kConst, value in `imm`). Output: an ordered list whose one-by-one execution
// gives every dst the value its src held before the first move. Cycles are broken
// through the scratch register of the move's class (`gpr_scratch` / `fpr_scratch`),
// which must not be a dst or src of any input move. A move never reads a location
// after the sequence has overwritten it (checked by CheckSequence in tests).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/regalloc/regalloc.h"

namespace wasmc::regalloc {

struct Move {
  Location dst;
  Location src;
  uint64_t imm = 0;  // src.kind == kConst
  bool fp = false;   // register class of dst/src registers (FP vs GPR)
  bool wide = true;  // 64-bit value (false: 32-bit; upper bits of GPRs are zero)
  // The vregs the move stands for (kNoVReg: none, e.g. an ABI move); read only by the
  // register-allocation checker (checker.h), never by emission.
  ir::VReg dst_vreg = ir::kNoVReg;
  ir::VReg src_vreg = ir::kNoVReg;
  bool v128 = false;  // a 128-bit vector (fp is true; a slot is the pair s, s+1)
};

// A move of a location to itself (not of a constant): SequenceMoves drops it.
inline bool MovesToItself(const Move& m) {
  if (m.src.kind == Location::kConst || m.src.kind != m.dst.kind) return false;
  if (m.src.kind == Location::kReg) return m.src.reg == m.dst.reg;
  return m.src.kind != Location::kSlot || m.src.slot == m.dst.slot;
}

std::vector<Move> SequenceMoves(std::vector<Move> moves, uint8_t gpr_scratch,
                                uint8_t fpr_scratch);
// The same sequence into `out` (cleared first; it keeps its capacity from call to call,
// so an emitter that keeps one `out` allocates nothing per parallel move). `out` must
// not be the storage `moves` views.
void SequenceMovesInto(std::span<const Move> moves, uint8_t gpr_scratch, uint8_t fpr_scratch,
                       std::vector<Move>& out);

// Replays `sequence` symbolically and checks it implements `parallel`; returns "" or
// a description of the first mismatch.
std::string CheckSequence(const std::vector<Move>& parallel, const std::vector<Move>& sequence);

}  // namespace wasmc::regalloc
