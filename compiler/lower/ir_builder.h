// IrBuilder: builds an ir::Function from a wasm body; a Visitor of the one body
// decoder (compiler/validate/body_decoder.h).
//
// Requires: a valid body (the decoder validates before it calls the visitor).
// Provides: an ir::Function in wasm code order (see backend/ir/ir.h) with
//   - the wasm operand stack replaced by vregs: `local.get` pushes the local's own
//     vreg (no copy); a later write to that local first copies any stack entry that
//     still names it; stack entries naming locals are copied at every block entry;
//   - `local.set` of a value computed by the instruction just before retargets that
//     instruction's destination (no move);
//   - compare-and-branch fusion: br_if/if on the result of the integer compare (or
//     eqz) just before becomes one kBrIf/kBrCmp;
//   - labels only where something branches to them;
//   - vreg numbers without holes: a temporary whose definition is retargeted or fused
//     into a branch gives its number back, and a block's first branch value defined
//     just before becomes its target (the backend sizes per-vreg arrays by NumVRegs);
//   - one marker per wasm operator (`--emit=asm`).
//   - SIMD operators as kVec / kVecLoad / kVecStore (ir_builder_simd.cc);
//   - with an Inliner (-O2), direct calls to small functions translated in place
//     (docs/backend.md "Inlining"), their marker ranges in InlineRanges().
#pragma once

#include <vector>

#include "backend/ir/ir.h"
#include "backend/kept_vectors.h"
#include "compiler/lower/inline_plan.h"
#include "compiler/lower/op_lowering.h"
#include "compiler/module.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc::ir {

class IrBuilder : public NullVisitor {
  // The vectors kept per thread from one function to the next (backend/kept_vectors.h).
  auto Kept() {
    return std::tie(mem_base_, mem_object_, locals_, is_var_, stack_, frames_, loop_results_, inline_stack_,
                    inline_ranges_);
  }

 public:
  IrBuilder(const Module& module, Function& fn)
      : m_(module), fn_(fn), beyond_2_0_memory_(NeedsExtendedOps(module)) {
    TakeSpareVectors(Kept());
  }
  ~IrBuilder() { GiveBackLargerVectors(Kept()); }
  IrBuilder(const IrBuilder&) = delete;
  IrBuilder& operator=(const IrBuilder&) = delete;

  bool StartFunction(const FunctionStart& s);
  bool Instruction(const Instr& i);
  bool Block(const ControlEvent& e);
  bool Loop(const ControlEvent& e);
  bool If(const ControlEvent& e);
  bool Else(const ControlEvent& e);
  bool End(const ControlEvent& e);
  // Exception handling (docs/backend.md "Exceptions").
  bool TryTable(const ControlEvent& e, std::span<const CatchClause> catches);
  bool Try(const ControlEvent& e);
  bool Catch(const ControlEvent& e, uint32_t tag);
  bool Delegate(const ControlEvent& e, uint32_t depth);
  Diag error() const { return error_; }
  // Per vreg: 0 = temporary (defined once), else a variable (local / block result);
  // for the IR verifier (verify.h).
  const std::vector<uint8_t>& VRegKinds() const { return is_var_; }
  // The IR type of a wasm value type (references are i64 pointers). Inline: the
  // number types map by arithmetic (0x7f - t is kI32 ... kV128), the rest out of line.
  static Type TypeOf(ValType t) {
    const uint32_t k = 0x7fu - static_cast<uint32_t>(t);
    if (k <= static_cast<uint32_t>(Type::kV128)) [[likely]] return static_cast<Type>(k);
    return RefTypeOf(t);
  }
  // Inlining (-O2): direct calls to what the plan marks inlinable become the callee's
  // body, translated in place.
  void EnableInlining(Inliner* inliner) { inliner_ = inliner; }
  // One inlined body: its markers are [first_marker, end_marker) of the function's.
  // Nested bodies come after the body they are inlined into.
  struct InlineRange {
    uint32_t first_marker = 0;
    uint32_t end_marker = 0;
    uint32_t callee = 0;  // function index
  };
  const std::vector<InlineRange>& InlineRanges() const { return inline_ranges_; }

 private:
  struct Frame {
    FrameKind kind;
    uint32_t label = 0;        // branch target (loop: header; others: end)
    uint32_t else_label = 0;   // if
    bool branched = false;     // something branches to `label`
    bool has_else = false;     // if: an else arm was seen
    size_t height = 0;         // stack height below the params
    std::vector<Type> result_types{};
    std::vector<VReg> targets{};  // vregs a branch writes: loop params / results
    std::vector<VReg> params{};   // if: params snapshot for the else arm
    // try / try_table: the landing pad's label, and the handler around the frame.
    uint32_t pad = kNoHandler;
    uint32_t outer_handler = kNoHandler;
    std::vector<CatchClause> catches{};  // try_table
    bool in_catch = false;             // try: a catch arm has started
    bool catch_all = false;            // try: ... and it was catch_all
    VReg exn = kNoVReg;                // try, in its catch arms: the caught exception
    uint32_t next_catch = kNoHandler;  // try: where the next catch arm's test goes
  };
  static constexpr uint32_t kNoHandler = ~0u;
  // is_var_: what a vreg is.
  static constexpr uint8_t kTemp = 0, kLocal = 1, kTarget = 2;

  static Type RefTypeOf(ValType t);  // TypeOf's references
  // Instruction dispatches on a per-operator table (ir_builder.cc kFastRows): the
  // frequent operators each have a small handler that Instruction tail-calls, which
  // marks, pops, defines and pushes inline; the rest take OtherInstruction.
  // (flatten: the vectors' appends inline, where the capacity tests just made leave
  // only their fast path; growth stays in the cold functions below)
  template <int kKind>
  [[gnu::noinline, gnu::flatten]] bool FastInstruction(const Instr& i);
  [[gnu::noinline]] bool OtherInstruction(const Instr& i);
  bool VectorInstruction(const Instr& i);   // ir_builder_simd.cc
  VReg VecConst(uint64_t lo, uint64_t hi);  // a v128 constant (kVec V128Const)
  // One marker per wasm operator; the instructions it produces name it. push_back's
  // growth path is out of line (MarkGrow): inlined, it made the compiler save and
  // restore six registers on every call (SQLite: 390K calls, ~38 instructions each).
  [[gnu::noinline]] void Mark(uint64_t offset, const char* name) { MarkInline(offset, name); }
  [[gnu::noinline, gnu::cold]] void MarkGrow(uint64_t offset, const char* name) {
    fn_.markers.reserve(2 * fn_.markers.size() + 16);
    Mark(offset, name);
  }
  // Mark inline, for the fast handlers (few registers live there). The appends below
  // test the capacity first: the vector's own test is then known to pass (no growth
  // code inline), and growing is a cold call that appends too.
  [[gnu::always_inline]] void MarkInline(uint64_t offset, const char* name) {
    std::vector<Marker>& m = fn_.markers;
    if (m.size() != m.capacity()) [[likely]] {
      marker_ = static_cast<uint32_t>(m.size());
      Marker& mk = m.emplace_back();
      mk.first_inst = static_cast<uint32_t>(fn_.insts.size());
      mk.wasm_offset = offset;
      mk.name = name;
    } else {
      MarkGrow(offset, name);
    }
  }
  // A new instruction at the end, its fields the defaults but marker and loop depth.
  [[gnu::always_inline]] Inst& AppendInst() {
    std::vector<Inst>& v = fn_.insts;
    if (v.size() == v.capacity()) [[unlikely]] GrowInsts();
    Inst& out = v.emplace_back();
    out.marker = marker_;
    out.loop_depth = loop_depth_;
    return out;
  }
  [[gnu::noinline, gnu::cold]] void GrowInsts() { fn_.insts.reserve(2 * fn_.insts.size() + 16); }
  // NewTemp with the vectors' growth out of line (they grow together: one kind per vreg).
  [[gnu::always_inline]] VReg NewTempInline(Type t) {
    std::vector<Type>& types = fn_.vreg_types;
    if (types.size() == types.capacity() || is_var_.size() == is_var_.capacity()) [[unlikely]]
      GrowVRegs();
    const VReg v = static_cast<VReg>(types.size());
    types.push_back(t);
    is_var_.push_back(kTemp);  // last: a byte store may alias anything (re-reads after it)
    return v;
  }
  [[gnu::noinline, gnu::cold]] void GrowVRegs() {
    fn_.vreg_types.reserve(2 * fn_.vreg_types.size() + 16);
    is_var_.reserve(2 * is_var_.size() + 16);
  }
  Inst& Emit(const Inst& in) {  // inline: it runs for almost every operator
    Inst& out = fn_.insts.emplace_back(in);
    out.marker = marker_;
    out.loop_depth = loop_depth_;
    return out;
  }
  VReg Pop() { VReg v = stack_.back(); stack_.pop_back(); return v; }
  void Push(VReg v) { stack_.push_back(v); }
  // Push with the growth out of line (the fast handlers).
  [[gnu::always_inline]] void PushInline(VReg v) {
    if (stack_.size() != stack_.capacity()) [[likely]] stack_.push_back(v);
    else PushGrow(v);
  }
  [[gnu::noinline, gnu::cold]] void PushGrow(VReg v) { stack_.push_back(v); }
  VReg Const(Type t, uint64_t bits);
  // Instruction's operator helpers (ir_builder.cc), on the instruction being built.
  static Type ResultType(const Instr& i) { return TypeOf(i.results[0]); }
  bool Produce(Inst in);  // `in` with a new temporary of its type as dst, pushed
  bool LoadOp(const Instr& i, uint8_t width, bool sign);
  bool StoreOp(const Instr& i, uint8_t width);
  bool UnaryOp(const Instr& i, Opcode op);
  bool Lowered(const Instr& i, const OpLowering& l);  // a row of op_lowering.def
  bool ConvertOp(const Instr& i, Opcode op);
  bool CallVoid(RuntimeFn f, std::vector<VReg> args);  // a runtime call without result
  std::vector<VReg> PopArgs(size_t n);                 // the top n values, popped
  // A kGlobalGet/kGlobalSet placed as ir.h says (imported or defined, index in its kind).
  Inst GlobalAccess(Inst in, uint32_t global) const;
  VReg Unary(Opcode op, Type t, Type result);
  VReg Binary(Opcode op, Type t, Type result, Cond cond = Cond::kEq);
  void SetLocal(uint32_t index, VReg v);
  // True if the instruction just emitted defines temporary v (alone among its results).
  bool DefinedByLast(VReg v) const;
  // If the instruction just emitted defines temporary v (its only use is the caller's),
  // makes it define `to` instead (v's number is released); false if not applicable.
  bool RetargetLastDef(VReg v, VReg to);
  // v no longer occurs in the IR and nothing holds it: if it is the newest vreg, its
  // number is handed out again (the backend sizes per-vreg arrays by NumVRegs).
  void ReleaseIfLast(VReg v);
  void MaterializeLocals();
  // A new frame of `kind` for `e` (locals materialized first), pushed on frames_.
  Frame& OpenFrame(FrameKind kind, const ControlEvent& e);
  uint32_t NewLabel() { fn_.label_block.push_back(~0u); return fn_.num_labels++; }
  void BindLabel(uint32_t label);
  // Moves values (the top n of the stack) into `f`'s branch targets, creating them.
  void MovesToTarget(Frame& f, const std::vector<VReg>& values);
  void BranchTo(uint32_t depth, const std::vector<VReg>& values);  // unconditional
  void CondBranch(VReg cond, bool branch_if_nonzero, uint32_t label);
  // br_if to frame `depth` (carrying its top label values) when cond is (non)zero.
  void BranchIf(VReg cond, bool if_nonzero, uint32_t depth);
  std::vector<VReg> TopValues(size_t n) {
    return std::vector<VReg>(stack_.end() - n, stack_.end());
  }
  void EmitReturn(const std::vector<VReg>& values);
  VReg CallRuntime(RuntimeFn f, std::vector<VReg> args, bool has_result, Type rt);
  void EmitCall(Opcode op, uint32_t index, uint32_t table, const FuncType& type);
  void EmitTailCall(Opcode op, uint32_t index, uint32_t table, const FuncType& type);
  bool Atomic(const Instr& i);  // threads operators (ir_builder_atomic.cc)
  VReg NewTemp(Type t) {  // a new temporary (defined once)
    is_var_.push_back(kTemp);
    return fn_.NewVReg(t);
  }
  // Exceptions: a call that may throw gets an edge to the current handler.
  void EhEdgeTo(uint32_t handler);
  // Throws `exn` (wasmc_rt_throw_ref) to `handler`; ends the block.
  void ThrowTo(VReg exn, uint32_t handler);
  // Payloads are 64-bit words, param k of a tag at PayloadIndex (a v128 takes two:
  // its i64 lanes 0 and 1; runtime-support/core/instance.c counts the same).
  static uint32_t PayloadIndex(const FuncType& type, uint32_t k);
  void SetPayload(VReg exn, uint32_t word, VReg v);     // a value -> its payload word(s)
  VReg PayloadValue(VReg exn, uint32_t word, ValType t);  // and back
  VReg VecLane(VecOp op, Type t, VReg a, VReg b, uint32_t lane);  // a kVec lane operation
  void PushTagParams(VReg exn, uint32_t tag);
  // The handler in effect for code directly inside frames_[frame] (delegate's target).
  uint32_t InnerHandler(size_t frame) const;
  bool OpenTry(const ControlEvent& e, const char* name, std::span<const CatchClause> catches);
  // Moves the arm's results to f's targets and jumps to its end (if reachable).
  void FallToEnd(Frame& f, bool reachable);
  // Ends a try / try_table: the fall-through, the landing pad's remaining code.
  bool EndTry(const ControlEvent& e);
  VReg Konst32(uint32_t v) { return Const(Type::kI32, v); }
  void ZeroLocal(VReg local);  // a declared local's initial value
  // A direct call to `callee` as its body inlined here, if the plan and the limits
  // allow; false if not inlined (then *ok is untouched), else *ok = decoding went on.
  bool TryInline(uint32_t callee, bool* ok);
  // StartFunction of an inlined body: params from the operand stack, its own locals,
  // a block frame that return and branches to the body's label leave through.
  void StartInlined(const FunctionStart& s);
  VReg Convert(Opcode op, Type to, VReg a);  // a conversion into a new temporary

  // Multiple memories, memory64 and table64 (compiler/lower/ir_builder_memory.cc).
  VReg Temp(Type t);
  // The base of every memory but memory 0 (pinned), at the entry; unused ones are
  // deleted by the allocator's dead-code removal.
  void EmitMemoryBases();
  // Sets a load/store's address fields for memory `memory`: memory64 gets the bounds
  // check, other memories an absolute address from their base.
  void MemoryAccess(Inst& in, VReg addr, uint32_t memory);
  void BoundsCheck(VReg addr, uint32_t memory, uint64_t offset, uint8_t width);
  // memory.size/grow/fill/copy/init on a memory other than a 32-bit memory 0, and
  // table operators on table64 (call_indirect: only its index is narrowed); false
  // when `i` takes the 2.0 path.
  bool ExtendedMemoryOp(const Instr& i);
  bool Table64Op(const Instr& i);
  // Can either of them take an operator of `m`: more than one memory, or a 64-bit
  // memory or table? When not, both always return false without a change, and
  // Instruction does not ask them (compile time: two calls per operator otherwise).
  static bool NeedsExtendedOps(const Module& m);
  VReg Widen(VReg v);        // i32 -> i64 (zero-extended); i64 unchanged
  VReg NarrowIndex(VReg v);  // i64 -> i32 saturating at 0xffffffff (always out of range)
  void EmitOobTrap();        // the function's shared "out of bounds" trap block, if used

  const Module& m_;
  Function& fn_;
  const bool beyond_2_0_memory_;  // NeedsExtendedOps(m_)
  Diag error_;
  std::vector<VReg> mem_base_;   // per memory index (kNoVReg for memory 0)
  std::vector<VReg> mem_object_; // per 64-bit memory: its wasmc_memory (kMemoryBase imm 1)
  uint32_t oob_label_ = ~0u;     // BoundsCheck's branch target
  std::vector<VReg> locals_;
  std::vector<uint8_t> is_var_;  // per vreg: 1 if locals/targets (multi-def)
  std::vector<VReg> stack_;
  std::vector<Frame> frames_;
  std::vector<std::vector<Type>> loop_results_;  // result types of the open loops
  uint8_t loop_depth_ = 0;
  uint32_t marker_ = 0;
  uint32_t handler_ = kNoHandler;  // landing pad label of the innermost try region
  // Inlining.
  Inliner* inliner_ = nullptr;
  std::vector<uint32_t> inline_stack_;  // callees being inlined, outermost first
  size_t inline_frame_ = 0;             // frames_ index of the innermost inlined body
  uint64_t inline_budget_ = 0;          // body bytes the function may still inline
  bool start_inlined_ = false;          // the next StartFunction is an inlined body's
  std::vector<InlineRange> inline_ranges_;
};

}  // namespace wasmc::ir
