// The register-allocation checker (in the manner of regalloc2's checker): replays the
// allocated code of one function symbolically and verifies that every read of a vreg
// reads a machine location that holds that vreg's current value.
//
// Input: a CheckProgram, the steps the code generator actually told the target's
// MacroAssembler to emit (recorded at that seam by backend/codegen/recording_masm.h,
// or written by hand in tests), each step naming the vreg every operand stands for.
//
// Abstract state: per machine location (GPR r, FPR r, frame slot s) the set of vregs
// whose current value it holds. Transfer per step, in order:
//   uses     each (vreg, location) must hold: the location's set contains the vreg; a
//            constant operand (Location::kConst) must carry the value of the vreg's one
//            kConst definition (constant rematerialization);
//   moves    the machine moves actually emitted are replayed location by location
//            (dst's set := src's set; a constant source: {its vreg}); afterwards each
//            requested move's dst must hold the src vreg (a sequence that lost a
//            cycle is caught here), then the dst vregs are (re)defined there;
//   clobber  a call empties every register that is not callee-saved; an instruction
//            whose lowering writes allocatable GPRs as scratch (RegisterInfo::clobbers)
//            empties those, and none of its operands or results may live in them;
//   defs     a vreg defined in location L: it leaves every other location (a new value
//            makes old copies stale), L := {vreg}. A def into Location::kNone (dead
//            value) only makes the old copies stale;
//   scratch  after every step, registers the allocator cannot hand out (the
//            MacroAssembler's scratch registers) are emptied: the contract lets every
//            operation clobber them.
// Control flow: a block starts at step 0, at a kLabel step and after a step that
// branches; successors from kJump / kBranch (+ fall-through) / kTable / kExit. At a
// join the sets are intersected (a forward must-analysis run to a fixed point); an
// unreached block is not checked.
//
// Unframed steps (CheckStep::unframed): a shrink-wrapped early exit
// (backend/codegen/early_exit.h) runs before the prologue on the incoming argument
// registers. Its record starts with a step defining each param in its ABI register
// (the function's entry) and the exit path ends in its own return. An unframed step
// may not call, write a slot, a callee-saved register (nothing saved them yet: the
// caller's values) or a register of CheckFrame::unframed_keep / unframed_keep_fpr (the
// incoming instance and the params' ABI registers, which the prologue reads: so it
// finds the incoming values there even when the path defined a param again in another
// register), neither by a definition, a move nor a lowering's scratch
// (RegisterInfo::clobbers).
// An unframed step may define a vreg as a constant (a def at Location::kConst with its
// imm: the path reads it as an immediate, no code), and only as its own instruction's
// (step.inst is `v = Const imm`): later reads of that vreg as that immediate hold until
// the vreg is defined again (a fact of the state, like a location, intersected at
// joins). Several vregs may be the same immediate at once (locals zeroed on entry).
//
// What it cannot see: the MacroAssembler's own state across steps (x64's store-to-load
// forwarding and flag reuse, see docs/backend.md) and the ABI moves inside a call or
// the prologue; those are trusted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/ir/ir.h"
#include "backend/regalloc/parallel_move.h"
#include "backend/regalloc/regalloc.h"

namespace wasmc::regalloc {

// A vreg and where an instruction reads or writes it.
struct CheckOperand {
  ir::VReg vreg = ir::kNoVReg;
  Location loc;
  uint64_t imm = 0;  // loc.kind == kConst: the value the emitter will use
  bool fp = false;   // register class of loc (FPR vs GPR)
  bool v128 = false; // a 128-bit value: in a slot it occupies slots s and s+1
};

struct CheckStep {
  enum Flow : uint8_t {
    kNext,    // falls through to the next step
    kLabel,   // binds `label`, then falls through
    kJump,    // to `label` only
    kBranch,  // to `label` or the next step
    kTable,   // to each of `labels`
    kExit,    // return / trap: no successor
  };
  Flow flow = kNext;
  uint32_t inst = ~0u;  // the IR instruction it came from (~0u: the prologue)
  uint32_t label = 0;
  std::vector<uint32_t> labels;
  std::vector<CheckOperand> uses;  // read first
  std::vector<Move> moves;         // requested (simultaneous) moves; dst_vreg / src_vreg set
  std::vector<Move> sequence;      // the machine moves emitted for them, in order
  bool sequenced = false;          // `sequence` was recorded (false: replay `moves` as is)
  bool call = false;               // clobbers caller-saved registers after the uses
  bool unframed = false;           // runs without the frame (see above)
  std::vector<CheckOperand> defs;  // written last
};

// What the prologue was told about the frame (FrameInfo): writes must stay inside it.
struct CheckFrame {
  bool known = false;               // false: not checked
  uint32_t num_slots = 0;           // slots 0..num_slots-1 exist
  uint32_t gpr_callee_saved_used = 0;  // callee-saved registers the prologue saves
  uint32_t fpr_callee_saved_used = 0;
  uint32_t unframed_keep = 0;       // GPRs unframed steps must not write
  uint32_t unframed_keep_fpr = 0;   // FPRs unframed steps must not write
};

struct CheckResult {
  bool ok = true;
  uint32_t step = 0;
  uint32_t inst = ~0u;  // IR instruction of the failing step
  std::string what;
};

// `regs`: the target's allocatable registers and callee-saved masks. With a known
// `frame`, every write must also land in the frame: a slot below num_slots, and an
// allocatable callee-saved register only if the prologue saves it (else the caller's
// value would be lost).
CheckResult CheckAllocatedCode(const ir::Function& fn, const RegisterInfo& regs,
                               const std::vector<CheckStep>& program,
                               const CheckFrame& frame = {});

// A multi-line internal-compiler-error report: function, instruction, what is wrong,
// and the IR around it.
std::string CheckReport(const ir::Function& fn, const CheckResult& r);

}  // namespace wasmc::regalloc
