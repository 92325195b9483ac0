// The MacroAssembler contract: what a target ISA provides to the function code
// generator (backend/codegen/function_compiler.cc). Each ISA implements it in its own
// folder (backend/x64/, backend/a64/) with its RegisterInfo, and is reached through the
// target registries (backend/target.h, backend/codegen/target_codegen.h).
//
// Conventions for every method:
// - Operands are allocation results (regalloc::Location) plus, for constants, the
//   value bits. `dst` may alias any operand whose value dies at this instruction:
//   implementations read all operands before writing dst.
// - i32 values in integer registers and slots always have their upper 32 bits zero
//   (x64: every 32-bit operation guarantees it; params and call results are
//   zero-extended on arrival). Slots are 8 bytes; f32 uses the low 4.
// - Implementations may clobber only their scratch registers (RegisterInfo lists
//   what the allocator may hand out; everything else is theirs) and the flags.
// - Traps: an instruction that can trap jumps to an out-of-line stub that calls
//   wasmc_rt_trap(inst, code); Finish() emits the stubs.
// - Calls follow runtime-support/include/wasmc/abi.h; values live across a call were
//   allocated in callee-saved registers or slots, so a call may clobber all
//   caller-saved registers.
// - v128 (SIMD): values live in FP/vector registers (all 128 bits) or 16-byte slots
//   (slot s and s+1, s even: Location::slot); never a constant operand (v128
//   constants are kVec V128Const). Moves and ParallelMove carry Move::v128 and copy
//   all 16 bytes. Select, GlobalGet/GlobalSet (a 16-byte wasmc_val cell), Return and
//   Call handle v128 too, per abi.h: a v128 argument is passed by pointer to 16 bytes
//   (an integer argument register or stack word; the caller points it at a copy in its
//   own frame, FrameInfo::max_v128_args), a v128 result comes back in xmm0 / q0, in a
//   results area slot when there are several. A v128 param is loaded from its pointer
//   by the prologue.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/diag.h"
#include "backend/ir/ir.h"
#include "backend/object.h"
#include "backend/opt/opt.h"
#include "backend/regalloc/parallel_move.h"
#include "backend/regalloc/regalloc.h"

namespace wasmc {

struct Operand {
  regalloc::Location loc;
  uint64_t imm = 0;  // loc.kind == kConst: the value bits
  ir::Type type = ir::Type::kI32;
  // The vreg this operand stands for (kNoVReg: none); read only by the
  // register-allocation checker (backend/regalloc/checker.h), never by emission.
  ir::VReg vreg = ir::kNoVReg;
  bool IsConst() const { return loc.kind == regalloc::Location::kConst; }
  bool IsReg() const { return loc.kind == regalloc::Location::kReg; }
};

// Per-function facts the prologue/epilogue need (computed before emission).
struct FrameInfo {
  uint32_t num_slots = 0;
  uint32_t gpr_callee_saved_used = 0;
  uint32_t fpr_callee_saved_used = 0;
  uint32_t max_stack_args = 0;     // outgoing stack argument words of any call
  uint32_t max_call_results = 0;   // results of a multi-value call (the results area)
  uint32_t max_v128_args = 0;      // v128 arguments of any call (16-byte copies, by pointer)
  bool uses_memory = false;
  bool makes_calls = false;        // any call or tail call (ir::IsCall): not a leaf
  bool indirect_calls = false;     // any call_indirect / return_call_indirect / call_ref
  // The function's call_indirect / call_ref are calls under the wasm-internal convention
  // (regalloc::WasmConventionCall; RegisterInfo::fpr_wasm_saved): the target tests the
  // callee's wasmc_funcref::callee_pops and keeps fpr_wasm_saved around C callees.
  bool indirect_calls_keep_wasm_saved = false;
  // Tail calls to an import or through a funcref test callee_pops for the wasm-internal
  // convention too (TailCallChecksCalleePops): false where ir::Function's
  // fprs_kept_across_calls turned the convention off.
  bool tail_calls_keep_wasm_saved = false;
  // The target's pinned registers (regalloc::RegisterInfo::gpr_pinned; x86-64: r15 =
  // instance, r14 = memory 0's base) hold on entry and are kept: the prologue neither
  // saves nor sets them, direct calls of wasm functions pass no instance
  // (ir::Function::pinned_registers_kept).
  bool pinned_registers_kept = false;
  // With pinned_registers_kept: every funcref the function calls through is its own
  // module's wasm code (ir::Function::funcrefs_own_code), so call_indirect / call_ref
  // and their tail calls pass no instance and test no callee_pops (x86-64).
  bool funcrefs_own_code = false;
  // With funcrefs_own_code: table 0's size if it never changes (ir::Function::
  // table0_fixed_size), else ir::Function::kNoFixedTable: call_indirect through it
  // compares the index with the constant and calls elems[size + index], the element's
  // code (abi.h, wasmc_table).
  uint32_t table0_fixed_size = ir::Function::kNoFixedTable;
  // Some instruction may need the instance after the prologue (instance state, a call,
  // anything that may branch to a trap stub, which passes the instance). False only
  // for bodies of plain arithmetic, branches and memory-0 accesses (InstanceFree in
  // backend/codegen/function_compiler.cc): a small leaf then leaves the instance
  // register alone, and asking for a trap stub is an internal error.
  bool uses_instance = true;
  // Nothing in the body can observe a missing frame record: a leaf (no calls) without
  // instance use, memory access, spill slots or callee-saved registers, so no trap,
  // fault or unwinder ever walks through it (FrameInfo::makes_calls, uses_instance,
  // uses_memory). An ISA then drops `push rbp; mov rbp, rsp` / `stp x29, x30` when its
  // own layout needs no frame either (no stack params, no frame area, one result at
  // most): docs/backend.md, "Frames and calls".
  bool frameless = false;
  // Bit p: i32 param p is read only by 32-bit integer operations, branches and a
  // one-value return (ReadsLow32Only in backend/codegen/function_compiler.cc), which
  // never see the upper half the C convention leaves unspecified: a param that stays
  // in its argument register is not zero-extended in place.
  uint64_t params_low32_only = 0;
};

// A leaf function (no calls, FrameInfo::makes_calls false) whose frame, return
// address and saved registers included, takes at most this many bytes skips the
// stack-limit check: its caller's check covers it, because the runtime keeps 128 KiB
// free below stack_limit (abi.h, docs/backend.md "Frames and calls").
constexpr uint32_t kLeafUncheckedFrameBytes = 4096;

// An external reference in the emitted code at `offset` (from the function start).
// x64: a 32-bit PC-relative field that must hold symbol + addend - P (kPcRel32).
// a64: the instruction at `offset`, patched per `kind` (kA64Call26 for BL, ...).
// A call of a defined wasm function names it by index (`func`, the symbol
// wasmc_func_<func>, with `symbol` empty): the object's symbol is then found by index
// where the function is added to the object, not by parsing a name per call site.
struct CodeReloc {
  static constexpr uint32_t kNoFunc = UINT32_MAX;
  uint32_t offset = 0;
  std::string symbol;  // the symbol's name, when `func` is kNoFunc
  int32_t addend = 0;
  RelocKind kind = RelocKind::kPcRel32;
  uint32_t func = kNoFunc;  // function index space (imports counted)
};

// A call, as the generic code generator sees it.
struct CallInfo {
  ir::Opcode op = ir::Opcode::kCall;   // kCall, kCallImport, kCallIndirect, kCallRuntime, kMemoryGrow
  uint32_t index = 0;                  // function index / type index (indirect)
  uint32_t table = 0;                  // indirect: table index
  uint32_t type_id = ir::kUnknownTypeId;  // indirect: the signature id, if known (ir::Function::type_ids)
  std::string symbol;                  // kCall: callee symbol; kCallRuntime: helper symbol
  Operand callee;                      // indirect: the table element index
  std::vector<Operand> args;
  std::vector<Operand> results;

  // The relocation of a direct call or jump to the callee (its offset for the caller
  // to set): a wasm callee (kCall, kReturnCall) by its index, a runtime helper by its
  // symbol.
  CodeReloc Reloc(int32_t addend, RelocKind kind) const {
    if (op == ir::Opcode::kCall || op == ir::Opcode::kReturnCall) return {0, {}, addend, kind, index};
    return {0, symbol, addend, kind};
  }
};

// A tail call passing a v128 argument is a call followed by a return (docs/backend.md,
// "Tail calls"): v128 arguments go by pointer to a copy in the caller's frame (abi.h),
// which a real tail call would free before the callee reads it.
inline bool TailCallIsCallThenReturn(const CallInfo& call, uint32_t stack_words) {
  for (const Operand& a : call.args)
    if (a.type == ir::Type::kV128) return true;
  return false;
}
// A tail call to an import or through a funcref with stack arguments tests the
// target's wasmc_funcref::callee_pops (abi.h) at run time: wasm code is jumped to,
// C code (which leaves its stack arguments to the caller) is called, then returned from.
// With a wasm-internal convention (`wasm_saved`: RegisterInfo::fpr_wasm_saved) every
// such tail call tests it: C code could clobber registers our wasm caller keeps there.
inline bool TailCallChecksCalleePops(const CallInfo& call, uint32_t stack_words,
                                     uint32_t wasm_saved = 0) {
  return call.op != ir::Opcode::kReturnCall && (stack_words > 0 || wasm_saved != 0);
}

class MacroAssembler {
 public:
  virtual ~MacroAssembler() = default;

  // Target data for the allocator; stable for the target's lifetime.
  virtual const regalloc::RegisterInfo& Registers() const = 0;

  // The register (GPR or FPR number by type) each param arrives in, -1 on the stack,
  // then (when hidden_results) the results pointer's register: the allocator's first
  // preference for them.
  // Optional (the default gives no preference).
  virtual std::vector<int> ParamRegisters(std::span<const ir::Type> params,
                                          bool hidden_results) const {
    return std::vector<int>(params.size() + (hidden_results ? 1 : 0), -1);
  }
  // Stack argument words a call with these argument types needs (for FrameInfo).
  virtual uint32_t StackArgWords(std::span<const ir::Type> args, bool hidden_results) const = 0;

  // Starts a function: frame set-up, stack-limit check, pinned registers, then the
  // params moved from their ABI locations to `params` (and the results pointer to
  // `results_ptr` when the function has several results).
  virtual void Prologue(const FrameInfo& frame, std::span<const Operand> params,
                        const Operand* results_ptr) = 0;
  // Before Prologue(): the function's IR and its allocation, for an ISA that plans
  // from them (x86-64: which GPRs hold zero-extended values at each label,
  // backend/x64/zext_facts_x64.cc), and `const_val`, per vreg the bits of its kConst
  // definition (0 for the rest: what Operand::imm carries). All outlive the
  // function's emission. Optional.
  virtual void PlanBody(const ir::Function& /*fn*/, const regalloc::Allocation& /*alloc*/,
                        const regalloc::RegisterInfo& /*regs*/,
                        std::span<const uint64_t> /*const_val*/) {}
  // Offset of the next instruction from the function start (for listings).
  virtual uint32_t Offset() const = 0;
  // Labels are the IR's label ids; each is bound exactly once.
  virtual void Bind(uint32_t label) = 0;
  // Called just before Bind of a loop header (a label that a branch at or after it
  // targets). The target may pad with no-ops to a better code offset, relative to the
  // function start (TargetInfo::function_align). Optional (the default pads nothing).
  virtual void AlignLoopHeader() {}

  // ir::Inst semantics (backend/ir/ir.h); dst/a/b/c are the inst's vregs' operands.
  virtual void Move(const regalloc::Move& m) = 0;
  // The moves are read during the call only (the caller may keep their buffer).
  virtual void ParallelMove(std::span<const regalloc::Move> moves) = 0;
  virtual void IntOp(const ir::Inst& in, Operand dst, Operand a, Operand b) = 0;     // Add..Extend32S, Eqz, Cmp
  virtual void FloatOp(const ir::Inst& in, Operand dst, Operand a, Operand b) = 0;   // FAdd..FCmp
  virtual void Convert(const ir::Inst& in, Operand dst, Operand a) = 0;              // Wrap..Reinterpret
  virtual void Select(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) = 0;
  virtual void Load(const ir::Inst& in, Operand dst, Operand addr) = 0;
  // Load-op folding (docs/backend.md, "Load-op folding"): `load` (a kLoad, address
  // `addr`) whose result is read by nothing but `user`, the next instruction that
  // emits code (an integer compare, eqz, br_if / br_cmp, or float add / sub / mul /
  // div; `dst`, `a`, `b` its operands, one of a / b the load's result). Emits both as
  // one access (x64: `cmp eax, [r14 + rcx + 8]`), the load's result register untouched,
  // and returns true; returns false having emitted nothing when the target has no
  // such form (the caller then emits Load and the user). The fused access is the
  // load's: a fault in it is the load's out-of-bounds trap.
  virtual bool LoadOp(const ir::Inst& /*load*/, Operand /*addr*/, const ir::Inst& /*user*/,
                      Operand /*dst*/, Operand /*a*/, Operand /*b*/) {
    return false;
  }
  // Compare-select fusion (docs/backend.md, "Compare-select fusion"): `cmp` (an integer
  // kCmp or kEqz: result `cdst`, operands `ca`, `cb`) whose result is read by nothing
  // but `sel`, the next instruction that emits code: an integer kSelect (`dst`, `a`,
  // `b`) with that result as its condition. Emits both, the select on the compare's
  // flags and the compare's result never written, and returns true; returns false
  // having emitted nothing when the target has no such form.
  virtual bool CompareSelect(const ir::Inst& /*cmp*/, Operand /*cdst*/, Operand /*ca*/,
                             Operand /*cb*/, const ir::Inst& /*sel*/, Operand /*dst*/,
                             Operand /*a*/, Operand /*b*/) {
    return false;
  }
  // Test-branch fusion (docs/backend.md, "Test-branch fusion"): `and` (an integer kAnd:
  // result `tdst`, operands `x`, `y`) whose result is read by nothing but `br`, the next
  // instruction that emits code: a kBrIf on that result, or a kBrCmp eq / ne of it and
  // the constant 0. Emits both as a flag test of x and y and the branch, the and's
  // result never written, and returns true; returns false having emitted nothing when
  // the target has no such form.
  virtual bool TestBranch(const ir::Inst& /*and_inst*/, Operand /*tdst*/, Operand /*x*/,
                          Operand /*y*/, const ir::Inst& /*br*/, Operand /*ba*/, Operand /*bb*/) {
    return false;
  }
  virtual void Store(const ir::Inst& in, Operand addr, Operand value) = 0;
  // AtomicLoad/Store/Rmw/Cmpxchg and Fence (threads): sequentially consistent, with
  // the alignment trap; Store passes its value as b, Cmpxchg expected / replacement
  // as b / c. dst may be unallocated (kNone) when the old value is unused.
  virtual void Atomic(const ir::Inst& in, Operand dst, Operand addr, Operand b, Operand c) = 0;
  virtual void InstanceOp(const ir::Inst& in, Operand dst, Operand a) = 0;           // GlobalGet/Set, RefFunc, TableSize, MemorySize, MemoryBase
  // Whether BulkMemory lowers kMemoryCopy / kMemoryFill: only then does CompileFunction
  // turn memory 0's memory.copy / memory.fill helper calls into them (the target's
  // RegisterInfo::clobbers names the registers the lowering writes).
  virtual bool InlinesBulkMemory() const { return false; }
  // kMemoryCopy (a = dst, b = src, c = n) and kMemoryFill (a = dst, b = value, c = n)
  // of memory 0: the bounds check (dst + n, src + n against the current size in 64
  // bits; out of bounds traps before any write, n = 0 at the end is fine), then
  // memmove / memset semantics. Reached only where InlinesBulkMemory.
  virtual void BulkMemory(const ir::Inst& /*in*/, Operand /*a*/, Operand /*b*/, Operand /*c*/) {
    WASMC_CHECK(false && "BulkMemory on a target without InlinesBulkMemory");
  }
  // kVec, kVecLoad, kVecStore: the ir::VecOp in in.index (backend/ir/vec_ops.def gives
  // the operand and result types; absent operands are Operand{} with kNone). Exact
  // semantics: those of the WebAssembly SIMD128 operator of the same name, with:
  //   - lanes little-endian: lane 0 is the lowest-addressed / least significant;
  //     V128Const/I8x16Shuffle bytes: in.imm = bytes 0..7, in.imm_hi = bytes 8..15;
  //     shuffle selector k < 16 picks a's byte k, else b's byte k - 16; swizzle picks
  //     a's byte b[i] and gives 0 for b[i] >= 16;
  //   - integer lanes wrap, except the *Sat* ops (saturate to the lane's range),
  //     narrow (signed saturation of the source lane to the target's signed / unsigned
  //     range), Q15mulrSat (round((a*b) / 2^15) saturated: 0x8000 * 0x8000 = 0x7fff),
  //     AvgrU ((a + b + 1) >> 1 without overflow), TruncSat (NaN -> 0, saturate; the
  //     F64x2 *Zero forms zero lanes 2, 3), Load*Zero / DemoteF64x2Zero (upper lanes 0);
  //   - shifts take the count modulo the lane width in bits (b is an i32);
  //   - float lanes: IEEE 754 round-to-nearest-even for arithmetic, sqrt, conversions
  //     (ConvertI32x4U rounds once), DemoteF64x2Zero; Ceil/Floor/Trunc/Nearest round
  //     to integral (Nearest: ties to even); Min/Max propagate NaN and order -0 < +0;
  //     Pmin = b < a ? b : a, Pmax = a < b ? b : a (no NaN or zero special cases);
  //     compares give all-ones / all-zeros lanes (Ne true on NaN);
  //   - NaN results: canonicalisation is not required, but every NaN a float op
  //     produces must be quiet (an "arithmetic NaN"); Abs/Neg only change the sign bit;
  //   - AllTrue / AnyTrue / Bitmask / ExtractLane give i32 (ExtractLane of I64x2 i64,
  //     of F32x4 f32, of F64x2 f64; *S / *U sign- or zero-extend the lane);
  //   - relaxed ops (Relaxed*): any result the relaxed-SIMD spec allows, but fixed per
  //     target and --cpu level (deterministic), documented in docs/backend.md;
  //   - loads and stores access exactly VecOpAccessBytes bytes at zext(a) + in.imm of
  //     memory 0 under the same protection as scalar accesses: an access that crosses
  //     the end of memory traps (out of bounds) and never touches memory past it.
  virtual void Vector(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) = 0;
  // Whether Vector can lower vector operations at this CPU level (the mid-end's loop
  // vectorizer makes them only then).
  virtual bool HasVectors() const { return true; }
  // What the mid-end may make for this target (backend/opt/opt.h): its constants worth a
  // register and, at this CPU level, vectors; a target that lowers shifted operands or
  // multiply-accumulate says so in its override.
  virtual opt::TargetCapabilities OptCapabilities() const {
    return {Registers().const_in_register, HasVectors(), false, false};
  }
  virtual void Jump(uint32_t label) = 0;
  virtual void Branch(const ir::Inst& in, Operand a, Operand b) = 0;                 // BrIf, BrCmp
  virtual void BrTable(Operand index, std::span<const uint32_t> labels) = 0;         // last = default; index never a constant
  virtual void Call(const CallInfo& call) = 0;
  virtual void Return(std::span<const Operand> values, const Operand* results_ptr) = 0;
  // A tail call (call.op kReturnCall, kReturnCallImport, kReturnCallIndirect; no
  // results): the callee replaces this function's frame and returns to its caller,
  // with the function's own results pointer when it has several results. The
  // convention that makes frames of any stack-argument size replaceable is in
  // docs/backend.md ("Tail calls").
  virtual void TailCall(const CallInfo& call, const Operand* results_ptr) = 0;
  virtual void Trap(uint32_t code) = 0;

  // Ends the function: trap stubs and constant data. Then the code is final.
  virtual void Finish() = 0;
  // Offset where constant data (jump tables, constants) starts: not instructions.
  virtual uint32_t DataStart() const = 0;
  virtual std::vector<uint8_t> Code() = 0;
  // After Finish(): the code offset of every bound label, the MacroAssembler's own
  // included (every branch target; the address check's block starts).
  virtual std::vector<uint32_t> LabelOffsets() = 0;
  virtual const std::vector<CodeReloc>& Relocs() const = 0;

  // After Finish(): why this function's code could not be emitted (e.g. a branch
  // beyond its ISA's range), or "" when it is fine. The caller reports it as a
  // kUnsupported diagnostic.
  virtual std::string Error() const { return {}; }
  // After Prologue(): the callee-saved registers this function's frame saves, for the
  // exception unwinder (runtime-support/core/eh.c): bit r = GPR r, bit 32 + v = FPR v
  // (the ISA's register numbers). Where they are saved is the ISA's frame layout,
  // which the runtime's unwinder for that ISA mirrors (docs/runtime.md).
  virtual uint64_t SavedRegisters() const { return 0; }
  // Shrink-wrapping (backend/codegen/early_exit.h): whether this ISA can emit code
  // that runs without the function's frame, and then in *keep_gprs the GPRs such code
  // must leave alone (the incoming instance, which the prologue reads).
  virtual bool SupportsUnframed(uint32_t* /*keep_gprs*/) const { return false; }
  // While on: the code runs without the frame (before the prologue, or on a path that
  // branched off before it): Return emits only the return instruction. Such code
  // never uses the instance, a trap stub, a slot or a callee-saved register.
  virtual void SetUnframed(bool /*on*/) {}
  // Before Prologue(): the driver's -O level. Below 2 (the fast tier) an ISA may trade
  // a little code quality for compile time (x86-64: every 32-bit memory index gets its
  // zero-extending move instead of the emitted code being read back to prove it is
  // not needed; backend/x64/x64_int.cc ZeroExtendedIndex).
  virtual void SetOptLevel(int /*level*/) {}
  // Before Prologue(): GPRs (bit r) whose every write in this function is a zero-extending
  // one of an i32 (the single-pass tier's i32 locals in registers: the prologue's
  // 32-bit param moves, 32-bit moves and constants): a 32-bit memory index read from one
  // needs no extension. The address check (WASMC_VERIFY=1) proves each such use in live
  // code; a dead region is checked from this promise (AddressChecker's zero_extended).
  virtual void SetZeroExtendedGprs(uint32_t /*mask*/) {}
  // --emit=asm: appends one `  <address>:  <instruction>` line per instruction of
  // `code` (this function's final code) in [from, to), addresses from `base`.
  virtual void ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to,
                         uint64_t base, std::string& out) const = 0;

  // Debug hook for the register-allocation checker (backend/codegen/recording_masm.h):
  // while set, ParallelMove appends every move it emits, in emission order (after
  // sequencing, cycle-breaking moves through the scratch register included).
  void set_move_log(std::vector<regalloc::Move>* log) { move_log_ = log; }

 protected:
  std::vector<regalloc::Move>* move_log_ = nullptr;
};

// The lowering hooks that every MacroAssembler implements out of line, declared
// at once in each implementation's class (backend/x64, backend/a64,
// backend/codegen/recording_masm.h), so the lists cannot drift apart. (IntOp, Branch,
// Return and TailCall are done once, in backend/codegen/asmjit_masm.h, over the ISAs'
// leaf emitters.)
#define WASMC_MASM_LOWERING_OVERRIDES                                                  \
  void Move(const regalloc::Move& m) override;                                         \
  void ParallelMove(std::span<const regalloc::Move> moves) override;                   \
  void FloatOp(const ir::Inst& in, Operand dst, Operand a, Operand b) override;         \
  void Convert(const ir::Inst& in, Operand dst, Operand a) override;                    \
  void Select(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) override; \
  void Load(const ir::Inst& in, Operand dst, Operand addr) override;                    \
  void Store(const ir::Inst& in, Operand addr, Operand value) override;                  \
  void Atomic(const ir::Inst& in, Operand dst, Operand addr, Operand b, Operand c) override; \
  void InstanceOp(const ir::Inst& in, Operand dst, Operand a) override;                 \
  void BrTable(Operand index, std::span<const uint32_t> labels) override;               \
  void Call(const CallInfo& call) override;                                             \
  void Vector(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) override;

}  // namespace wasmc
