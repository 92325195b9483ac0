// The single-pass tier (-O0): single_pass.h has the model; docs/backend.md
// ("Optimisation levels") the design and what the next stages need.
#include "compiler/lower/single_pass.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "backend/codegen/address_check.h"
#include "backend/codegen/macro_assembler.h"
#include "backend/codegen/symbols.h"
#include "backend/codegen/target_codegen.h"
#include "backend/kept_vectors.h"
#include "compiler/lower/op_lowering.h"
#include "compiler/ops/ops.h"

namespace wasmc {
namespace {

using ir::Cond;
using ir::Opcode;
using regalloc::Location;

bool Numeric(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 || t == ValType::kF64;
}
// The tier's value types: the numeric ones and the function and extern references
// (typed ones too), which are i64s as in the IR (a funcref pointer, null 0).
bool Scalar(ValType t) { return Numeric(t) || (IsRefType(t) && StorageType(t) != ValType::kExnRef); }
bool AllScalar(std::span<const ValType> ts) { return std::all_of(ts.begin(), ts.end(), Scalar); }

ir::Type TypeOf(ValType t) {
  switch (t) {
    case ValType::kI32: return ir::Type::kI32;
    case ValType::kI64: return ir::Type::kI64;
    case ValType::kF32: return ir::Type::kF32;
    case ValType::kF64: return ir::Type::kF64;
    default: return ir::Type::kI64;  // (Scalar only: a reference)
  }
}

// How the tier lowers a wasm operator: its row of op_lowering.def, as the IR builder
// reads it. The shape picks the MacroAssembler hook, the row gives the ir::Inst fields
// that hook reads. kSpecial: handled by name in Emitter::Instruction. kNone: not in
// this tier.
using Shape = LowerShape;
using Lowering = OpLowering;

constexpr bool TypedByLocalsOrConst(Op op) {
  return op == Op::kLocalGet || op == Op::kLocalSet || op == Op::kLocalTee || op == Op::kI32Const ||
         op == Op::kI64Const || op == Op::kF32Const || op == Op::kF64Const;
}

// Module-level refusals: the tier knows memory 0 with 32-bit addresses and 32-bit
// tables only (memory64, table64 and multiple memories take the IR path).
const char* ModuleRefusal(const Module& m) {
  if (m.memories.size() > 1) return "multiple memories";
  if (!m.memories.empty() && m.memories[0].limits.is64) return "a 64-bit memory";
  for (const auto& t : m.tables)
    if (t.limits.is64) return "a 64-bit table";
  return nullptr;
}

// Per operator, what the scan records beyond the stack height (a table made from
// op_lowering.def at compile time, so most operators cost one load and a test):
// kScanRare: refused, or typed by the decoder only (its operand and result types need
// a look), or a call (its frame facts): Scan::Rare.
enum ScanFlag : uint8_t { kScanRare = 1, kScanMemory = 2, kScanDivides = 4 };
constexpr std::array<uint8_t, kNumOps> MakeScanFlags() {
  std::array<uint8_t, kNumOps> t{};
  for (size_t k = 0; k < kNumOps; ++k) {
    const Op op = static_cast<Op>(k);
    const Lowering& l = LoweringOf(op);
    uint8_t f = 0;
    if (l.shape == Shape::kNone || (l.shape == Shape::kSpecial && !TypedByLocalsOrConst(op))) f |= kScanRare;
    if (l.shape == Shape::kLoad || l.shape == Shape::kStore) f |= kScanMemory;
    if (l.op == Opcode::kDivS || l.op == Opcode::kDivU || l.op == Opcode::kRemS || l.op == Opcode::kRemU)
      f |= kScanDivides;
    t[k] = f;
  }
  return t;
}
inline constexpr std::array<uint8_t, kNumOps> kScanFlags = MakeScanFlags();

// Per operator, which way Emitter::Instruction takes it (a table made from
// op_lowering.def at compile time, one load and one jump). kEmitDeferValue: an integer
// operator, a float one but a compare (whose i32 is not deferred: it would not go to
// an i32 local's register unextended), a load; kEmitConvert: deferred when its result
// is a float; kEmitLower: the others (Emitter::Lower).
enum EmitKind : uint8_t {
  kEmitLower, kEmitLocalGet, kEmitConst, kEmitDrop, kEmitNop, kEmitLocalSet, kEmitBrIf,
  kEmitDeferCompare, kEmitDeferValue, kEmitConvert, kEmitStore,
};
constexpr std::array<uint8_t, kNumOps> MakeEmitKinds() {
  std::array<uint8_t, kNumOps> t{};
  for (size_t k = 0; k < kNumOps; ++k) {
    const Op op = static_cast<Op>(k);
    const Lowering& l = LoweringOf(op);
    EmitKind e = kEmitLower;
    switch (l.shape) {
      case Shape::kInt:
      case Shape::kFloat:
        if (l.op == Opcode::kCmp || l.op == Opcode::kEqz) e = kEmitDeferCompare;  // (kFCmp: a float's)
        else if (l.shape == Shape::kInt || l.op != Opcode::kFCmp) e = kEmitDeferValue;
        break;
      case Shape::kConvert: e = kEmitConvert; break;
      case Shape::kLoad: e = kEmitDeferValue; break;
      case Shape::kStore: e = kEmitStore; break;
      case Shape::kSpecial:
        if (op == Op::kLocalGet) e = kEmitLocalGet;
        if (op == Op::kI32Const || op == Op::kI64Const || op == Op::kF32Const || op == Op::kF64Const) e = kEmitConst;
        if (op == Op::kDrop) e = kEmitDrop;
        if (op == Op::kNop) e = kEmitNop;
        if (op == Op::kLocalSet || op == Op::kLocalTee) e = kEmitLocalSet;
        if (op == Op::kBrIf) e = kEmitBrIf;
        break;
      default: break;
    }
    t[k] = e;
  }
  return t;
}
inline constexpr std::array<uint8_t, kNumOps> kEmitKinds = MakeEmitKinds();

// The operators the tier lowers as the IR builder does, to a call of a runtime helper
// (C code): true, with its RuntimeFn in *f.
bool HelperOf(Op op, ir::RuntimeFn* f) {
  switch (op) {
    case Op::kMemoryInit: *f = ir::RuntimeFn::kMemoryInit; return true;
    case Op::kDataDrop: *f = ir::RuntimeFn::kDataDrop; return true;
    case Op::kTableGet: *f = ir::RuntimeFn::kTableGet; return true;
    case Op::kTableSet: *f = ir::RuntimeFn::kTableSet; return true;
    case Op::kTableGrow: *f = ir::RuntimeFn::kTableGrow; return true;
    case Op::kTableFill: *f = ir::RuntimeFn::kTableFill; return true;
    case Op::kTableCopy: *f = ir::RuntimeFn::kTableCopy; return true;
    case Op::kTableInit: *f = ir::RuntimeFn::kTableInit; return true;
    case Op::kElemDrop: *f = ir::RuntimeFn::kElemDrop; return true;
    default: return false;
  }
}

// What the prologue must know before any code: the scan's results.
struct Facts {
  const char* reason = nullptr;  // set: the function is not for this tier
  const char* detail = "";
  uint32_t max_height = 0;
  bool uses_memory = false, makes_calls = false, indirect_calls = false, calls_c = false;
  bool divides = false;
  uint32_t max_stack_args = 0, max_call_results = 0;
  // The frame emitted for `guess` is too small for these facts (the function is emitted
  // again: CompileSinglePass; the Scan notes it as it goes: Scan::Over).
  bool Exceed(const Facts& guess) const {
    return max_height > guess.max_height || max_stack_args > guess.max_stack_args ||
           max_call_results > guess.max_call_results || (calls_c && !guess.calls_c);
  }
};

// The scan (the Emitter runs it on each event before emitting): every operator
// supported, and the frame's facts. Heights follow
// the decoder's contract: Instruction pops its operands and pushes its results; a
// frame's params stay on the stack below it; Else and End reset the height to the
// frame's (the code after an unconditional transfer is not reported).
class Scan : public NullVisitor {
 public:
  // `guess`: the facts the code is emitted for (Over).
  Scan(const Module& m, const MacroAssembler& masm, Facts& facts, const Facts& guess)
      : m_(m), masm_(masm), f_(facts), guess_(guess) {
    TakeSpareVectors(std::tie(bases_, types_));
  }
  ~Scan() { GiveBackSpareVectors(std::tie(bases_, types_)); }
  Scan(const Scan&) = delete;
  Scan& operator=(const Scan&) = delete;
  // Counts each local's local.get / set / tee into `uses` (one per local), weighted by
  // 8 per enclosing loop (ChooseRegLocals with SinglePassOptions::opt_level 1).
  void CountUses(std::vector<uint64_t>* uses) { uses_ = uses; }

  bool StartFunction(const FunctionStart& s) {
    if (!AllScalar(s.locals)) return Refuse("a local of a vector or exception type");
    if (!AllScalar(s.type.results)) return Refuse("a result of a vector or exception type");
    bases_.assign(1, 0);
    return true;
  }
  bool Instruction(const Instr& i) {
    last_ = &LoweringOf(i.op);
    if (uses_ && (i.op == Op::kLocalGet || i.op == Op::kLocalSet || i.op == Op::kLocalTee)) [[unlikely]]
      (*uses_)[i.imm.index] += uint64_t{1} << 3 * std::min<uint32_t>(loops_, 16);
    const uint8_t flags = kScanFlags[static_cast<size_t>(i.op)];
    if (flags & kScanRare) [[unlikely]] {
      if (!Rare(i)) return false;
    } else {
      // (Only a load, a store or an integer operator can set one.)
      if (flags & kScanMemory) f_.uses_memory = true;
      if (flags & kScanDivides) f_.divides = true;
    }
    height_ -= static_cast<uint32_t>(i.operands.size());
    Push(static_cast<uint32_t>(i.results.size()));
    return true;
  }
  bool Block(const ControlEvent& e) { return Open(e); }
  bool Loop(const ControlEvent& e) { return Open(e); }
  bool If(const ControlEvent& e) {
    --height_;  // the condition
    return Open(e);
  }
  bool Else(const ControlEvent& e) {
    height_ = bases_.back() + static_cast<uint32_t>(e.params.size());
    return true;
  }
  bool End(const ControlEvent& e) {
    if (e.kind == FrameKind::kFunction) return true;
    loops_ -= e.kind == FrameKind::kLoop;
    height_ = bases_.back();
    bases_.pop_back();
    Push(static_cast<uint32_t>(e.results.size()));
    return true;
  }
  bool TryTable(const ControlEvent&, std::span<const CatchClause>) { return Refuse("exception handling"); }
  bool Try(const ControlEvent&) { return Refuse("exception handling"); }
  Diag error() const { return MakeDiag(DiagKind::kUnsupported, 0, "single-pass tier", f_.reason); }
  // The lowering of the operator Instruction accepted last.
  const Lowering& last() const { return *last_; }
  // The facts found so far exceed the guess: the code will be thrown away and the
  // function emitted again for the scan's facts (CompileSinglePass), so the Emitter
  // only scans from here on.
  bool Over() const { return over_; }

 private:
  // The operators kScanFlags marks kScanRare: refused ones, those the decoder types
  // (their types may be references or vectors) and the calls (the frame's facts).
  [[gnu::noinline]] bool Rare(const Instr& i) {
    const Lowering& l = *last_;
    if (l.shape == Shape::kNone) return Refuse("operator", OpName(i.op));
    // (The table's other operators have numeric operands and results by their types;
    // so do the constants and the locals' operators: StartFunction checked the locals.)
    if (l.shape == Shape::kSpecial && !TypedByLocalsOrConst(i.op) &&
        (!AllScalar(i.operands) || !AllScalar(i.results)))
      return Refuse("an operand of a vector or exception type", OpName(i.op));
    if (i.op == Op::kCall || i.op == Op::kCallIndirect) {
      f_.makes_calls = true;
      const FuncType& t = i.op == Op::kCall ? m_.FuncTypeOf(i.imm.index) : m_.types[i.imm.index];
      if (i.op == Op::kCallIndirect) f_.indirect_calls = true;
      if (i.op == Op::kCall && i.imm.index < m_.num_imported_funcs) f_.calls_c = true;
      types_.clear();
      for (ValType v : t.params) types_.push_back(TypeOf(v));
      const bool hidden = t.results.size() > 1;
      f_.max_stack_args = std::max(f_.max_stack_args, masm_.StackArgWords(types_, hidden));
      if (hidden) f_.max_call_results = std::max<uint32_t>(f_.max_call_results, t.results.size());
    }
    if (i.op == Op::kMemoryGrow) f_.makes_calls = f_.calls_c = true;
    if (l.shape == Shape::kSpecial && !SpecialFacts(i)) return false;
    // (The call areas and calls of C code only change here; the height in Push.)
    if (f_.Exceed(guess_)) over_ = true;
    return true;
  }
  // The facts of the bulk-memory, table and tail-call operators (kSpecial ones only:
  // most operators skip this).
  bool SpecialFacts(const Instr& i) {
    switch (i.op) {
      case Op::kReturnCall: case Op::kReturnCallIndirect: {
        // The arguments go to this frame's outgoing area first; a tail call that may
        // reach C code (an import, a funcref) calls it and returns when it does
        // (CallsCCode).
        const bool indirect = i.op == Op::kReturnCallIndirect;
        const FuncType& t = indirect ? m_.types[i.imm.index] : m_.FuncTypeOf(i.imm.index);
        f_.makes_calls = true;
        if (indirect || i.imm.index < m_.num_imported_funcs) f_.calls_c = true;
        types_.clear();
        for (ValType v : t.params) types_.push_back(TypeOf(v));
        f_.max_stack_args = std::max(f_.max_stack_args, masm_.StackArgWords(types_, t.results.size() > 1));
        return true;
      }
      // memory.copy / memory.fill: the MacroAssembler's inline sequence (BulkMemory), on
      // a target that has one; the others' helpers are C code.
      case Op::kMemoryCopy: case Op::kMemoryFill:
        return masm_.InlinesBulkMemory() || Refuse("operator", OpName(i.op));
      default:
        if (ir::RuntimeFn f; HelperOf(i.op, &f)) f_.makes_calls = f_.calls_c = true;
        return true;
    }
  }
  bool Refuse(const char* reason, const char* detail = "") {
    f_.reason = reason;
    f_.detail = detail;
    return false;
  }
  bool Open(const ControlEvent& e) {
    if (!AllScalar(e.params) || !AllScalar(e.results)) return Refuse("a block of a vector or exception type");
    bases_.push_back(height_ - static_cast<uint32_t>(e.params.size()));
    loops_ += e.kind == FrameKind::kLoop;
    return true;
  }
  void Push(uint32_t n) {
    height_ += n;
    if (height_ > f_.max_height) [[unlikely]] {
      f_.max_height = height_;
      if (height_ > guess_.max_height) over_ = true;
    }
  }

  const Module& m_;
  const MacroAssembler& masm_;
  Facts& f_;
  const Facts& guess_;
  bool over_ = false;  // Over
  uint32_t height_ = 0;
  uint32_t loops_ = 0;  // open loops
  std::vector<uint64_t>* uses_ = nullptr;
  const Lowering* last_ = nullptr;
  std::vector<uint32_t> bases_;  // per open frame: the height below its params
  std::vector<ir::Type> types_;
};

// The Emitter's operand stack: the few vector operations it uses, inline (a std::vector's
// resize is a call, and the Emitter truncates the stack at nearly every operator), over
// a buffer that only grows (`size_` is the height) and is kept per thread from one
// function to the next (kept_vectors.h). T: trivially copyable.
template <typename T>
class ValueStack {
 public:
  ValueStack() {
    TakeSpareVectors(std::tie(buf_));
    data_ = buf_.data();
    cap_ = buf_.size();
  }
  ~ValueStack() { GiveBackSpareVectors(std::tie(buf_)); }
  ValueStack(const ValueStack&) = delete;
  ValueStack& operator=(const ValueStack&) = delete;

  size_t size() const { return size_; }
  T& operator[](size_t k) { return data_[k]; }
  const T& operator[](size_t k) const { return data_[k]; }
  T& back() { return data_[size_ - 1]; }
  void pop_back() { --size_; }
  void push_back(const T& v) {
    if (size_ == cap_) [[unlikely]] Grow(size_ + 1);
    data_[size_++] = v;
  }
  // As std::vector's: new values are `v`.
  void resize(size_t n, const T& v = T{}) {
    if (n > cap_) [[unlikely]] Grow(n);
    for (size_t k = size_; k < n; ++k) data_[k] = v;
    size_ = n;
  }
  // resize(n) where n <= size() (no growth, no new values).
  void truncate(size_t n) { size_ = n; }

 private:
  void Grow(size_t n) {
    buf_.resize(std::max(n, 2 * buf_.size() + 16));
    data_ = buf_.data();
    cap_ = buf_.size();
  }

  std::vector<T> buf_;
  T* data_ = nullptr;  // buf_'s storage and size, read without the vector's
  size_t cap_ = 0;
  size_t size_ = 0;
};

// The locals that live in callee-saved registers instead of their slots (ChooseRegLocals).
struct RegLocals {
  static constexpr uint32_t kMaxGprs = 3;
  static constexpr uint8_t kInSlot = 0xff;
  std::vector<uint8_t> reg;  // per local: its register (a GPR or, for f32/f64, an FPR) or kInSlot
  uint32_t used_mask = 0;      // FrameInfo::gpr_callee_saved_used
  uint32_t fpr_used_mask = 0;  // the FPRs (FrameInfo::fpr_callee_saved_used)
  uint32_t i32_mask = 0;       // those of i32 locals (every write 32-bit: SetZeroExtendedGprs)
  // The FPR locals whose registers C code may clobber (x86-64's xmm8-xmm14: kept by
  // wasm code only): stored to their slots before a call of C code, loaded after
  // (Emitter::CallC).
  std::vector<uint32_t> fprs_c_clobbers;
};

// The emission, in the same decode as the scan. The value at stack depth d has slot
// num_locals + d, but is not always there: a constant or a local.get is a lazy entry
// (the constant, or the local's register or slot, read in place as the operand) and
// an operator's result is in a register (ResultReg); either is written to its depth
// slot only where something needs it there (Materialize): every frame start, else and
// end (Sync: all of the stack, so below any open frame's base nothing is lazy or in a
// register and branches out of it find their targets' values in place), a branch's
// carried values, br_table's index, the values below a call's arguments, a register
// class running out, and before a local.set / local.tee of a local that a lazy entry
// reads (SyncLocal).
class Emitter : public NullVisitor {
 public:
  // `frame`: the frame the code is emitted for (its facts guessed, at least those of
  // `fits`, whose deepest stack gives the results pointer's slot); the scan gathers
  // the exact facts on the way (`scan`), for the caller to check the guess against.
  Emitter(const Module& m, MacroAssembler& masm, const FrameInfo& frame, const Facts& fits,
          Scan& scan, const SinglePassOptions& o, SinglePassResult& out, bool marks, const RegLocals& reg_locals)
      : m_(m), masm_(masm), frame_(frame), facts_(fits), scan_(scan), o_(o), out_(out), marks_(marks),
        reg_locals_(reg_locals) {
    TakeSpareVectors(std::tie(frames_, values_, edges_, labels_, call_.args, call_.results));
  }
  ~Emitter() { GiveBackSpareVectors(std::tie(frames_, values_, edges_, labels_, call_.args, call_.results)); }
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  bool StartFunction(const FunctionStart& s) {
    if (!scan_.StartFunction(s)) return false;
    num_locals_ = static_cast<uint32_t>(s.locals.size());
    num_results_ = static_cast<uint32_t>(s.type.results.size());
    results_ = s.type.results;
    locals_ = s.locals;
    std::vector<Operand> params;
    for (size_t p = 0; p < s.type.params.size(); ++p)
      params.push_back(Local(static_cast<uint32_t>(p), s.locals[p]));
    // The multi-value results pointer: the slot after the stack's deepest value.
    results_ptr_ = Operand{Location::Slot(num_locals_ + facts_.max_height), 0, ir::Type::kI64};
    masm_.Prologue(frame_, params, num_results_ > 1 ? &results_ptr_ : nullptr);
    Mark(s.body_offset, "entry");
    for (uint32_t l = static_cast<uint32_t>(s.type.params.size()); l < num_locals_; ++l)
      masm_.Move(regalloc::Move{LocalLoc(l), Location{Location::kConst}, 0, IsFprLocal(l),
                                !IsRegLocal(l) || locals_[l] == ValType::kF64});
    frames_.push_back(Frame{FrameKind::kFunction, 0, 0, 0, num_results_});
    return true;
  }

  bool Block(const ControlEvent& e) {
    if (!scan_.Block(e)) return false;
    if (scan_.Over()) [[unlikely]] return true;
    Flush();
    Mark(e.offset, "block");
    Sync();
    Open(e, NewLabel());
    return true;
  }
  bool Loop(const ControlEvent& e) {
    if (!scan_.Loop(e)) return false;
    if (scan_.Over()) [[unlikely]] return true;
    Flush();
    Mark(e.offset, "loop");
    Sync();
    const uint32_t label = NewLabel();
    masm_.Bind(label);
    Open(e, label);
    frames_.back().arity = static_cast<uint32_t>(e.params.size());  // a branch carries the params
    return true;
  }
  bool If(const ControlEvent& e) {
    if (!scan_.If(e)) return false;
    if (scan_.Over()) [[unlikely]] return true;
    if (!pending_.compare) Flush();  // (if branches on a pending compare's flags)
    Mark(e.offset, "if");
    const Entry cond = stack_.back();
    stack_.pop_back();
    Sync();  // (writes only depth slots below the condition's)
    Frame& f = Open(e, NewLabel());
    f.else_label = NewLabel();
    BranchIf(cond, Height(), /*if_nonzero=*/false, f.else_label);
    return true;
  }
  bool Else(const ControlEvent& e) {
    scan_.Else(e);
    if (scan_.Over()) [[unlikely]] return true;
    Flush();
    Mark(e.offset, "else");
    Frame& f = frames_.back();
    if (e.end_reachable) {
      Sync();  // its results, at the frame's base
      masm_.Jump(f.label);
    }
    masm_.Bind(f.else_label);
    f.has_else = true;
    // The params, in their slots since the if (Sync): the then arm's code is not on
    // the path that reaches the else.
    stack_.resize(f.base);
    stack_.resize(f.base + e.params.size(), Entry{});
    return true;
  }
  bool End(const ControlEvent& e) {
    scan_.End(e);
    if (scan_.Over()) [[unlikely]] return true;
    Flush();
    Mark(e.offset, "end");
    Frame f = frames_.back();
    frames_.pop_back();
    if (f.kind == FrameKind::kFunction) {
      if (e.end_reachable) Return(Height() - num_results_);
      return true;
    }
    if (e.end_reachable) Sync();
    if (f.kind == FrameKind::kIf && !f.has_else) masm_.Bind(f.else_label);
    if (f.kind != FrameKind::kLoop) masm_.Bind(f.label);
    stack_.resize(f.base);
    stack_.resize(f.base + e.results.size(), Entry{});  // in their slots
    return true;
  }

  // The operators that only move entries (most of a body: local.get and the
  // constants are a third of SQLite's) and those that are deferred (Defer: most
  // integer operators, loads) take the short way here, with no frame to set up; the
  // others are lowered by Lower.
  bool Instruction(const Instr& i) {
    if (!scan_.Instruction(i)) return false;
    if (scan_.Over()) [[unlikely]] return true;
    if (!Consumes(i)) Flush();
    Mark(i.offset, OpName(i.op));
    const Lowering& l = scan_.last();
    switch (kEmitKinds[static_cast<size_t>(i.op)]) {
      case kEmitLocalGet:
        stack_.push_back(Entry{Entry::kLocal, IsFprLocal(i.imm.index), i.imm.index, 0});
        return true;
      case kEmitConst: stack_.push_back(Entry{Entry::kConst, false, 0, i.imm.bits}); return true;
      case kEmitDrop: stack_.pop_back(); return true;
      case kEmitNop: return true;
      case kEmitLocalSet: return SetLocal(i);
      case kEmitBrIf: return BrIf(i);
      case kEmitDeferCompare: return Defer(i, l, Shape::kInt, true, ValType::kI32);
      // (a local.set / local.tee may take its result: Consumes)
      case kEmitDeferValue: return Defer(i, l, l.shape, false, i.results[0]);
      case kEmitConvert:
        if (ir::IsFloat(TypeOf(i.results[0]))) return Defer(i, l, Shape::kConvert, false, i.results[0]);
        break;
      case kEmitStore: return Store(i, l);
      case kEmitLower: break;
    }
    return Lower(i, l);
  }

 private:
  [[gnu::noinline]] bool Store(const Instr& i, const Lowering& l) {
    const uint32_t base = Height() - 2;
    ir::Inst in{.op = l.op, .type = TypeOf(i.operands[1]), .cond = l.cond, .width = l.width, .sign = l.sign};
    in.imm = i.imm.offset;
    masm_.Store(in, Opnd(base, i.operands[0]), Opnd(base + 1, i.operands[1]));
    stack_.truncate(base);
    return true;
  }
  [[gnu::noinline]] bool SetLocal(const Instr& i) {
    const uint32_t local = i.imm.index;
    const uint32_t base = Height() - 1;
    SyncLocal(local, base);  // (the value itself may read the local: it is read first)
    if (stack_.back().kind == Entry::kPending) {  // its result straight to the local
      pending_.active = false;
      EmitPending(pending_, Local(local, i.operands[0]));
      if (i.op == Op::kLocalSet) stack_.pop_back();
      else stack_.back() = Entry{Entry::kLocal, IsFprLocal(local), local, 0};
      return true;
    }
    const Operand v = Opnd(base, i.operands[0]);
    if (!(v.loc == LocalLoc(local))) {
      const ir::Type t = TypeOf(i.operands[0]);
      masm_.Move(regalloc::Move{LocalLoc(local), v.loc, v.imm, ir::IsFloat(t), ir::Is64(t)});
    }
    if (i.op == Op::kLocalSet) stack_.pop_back();
    return true;
  }
  [[gnu::noinline]] bool BrIf(const Instr& i) {
    const uint32_t h = Height();
    const uint32_t n = static_cast<uint32_t>(i.operands.size()) - 1;  // carried values below the condition
    const uint32_t base = h - 1 - n;
    const Entry cond = stack_.back();
    stack_.pop_back();
    const Frame& t = Target(i.imm.index);
    if (t.kind != FrameKind::kFunction && (n == 0 || t.base == base)) {
      MaterializeRange(base, base + n);  // in place: the target's slots
      BranchIf(cond, h - 1, /*if_nonzero=*/true, t.label);
      return true;
    }
    const uint32_t skip = NewLabel();
    BranchIf(cond, h - 1, /*if_nonzero=*/false, skip);
    Branch(i.imm.index, base, n);
    masm_.Bind(skip);
    return true;
  }

  // The operators Instruction does not take itself (nor Defer, Store, SetLocal, BrIf).
  [[gnu::noinline]] bool Lower(const Instr& i, const Lowering& l) {
    const uint32_t h = Height();
    const uint32_t nops = static_cast<uint32_t>(i.operands.size());
    const uint32_t base = h - nops;  // the first operand's depth (where results go)
    auto op = [&](uint32_t k) { return Opnd(base + k, i.operands[k]); };
    auto res = [&]() { return ResultReg(base, i.results[0]); };
    // Most operators: operands read where they are, the one result in a register (res).
    auto done = [&]() {
      stack_.truncate(base);
      if (!i.results.empty()) stack_.push_back(result_);
    };
    ir::Inst in{.op = l.op, .cond = l.cond, .width = l.width, .sign = l.sign};
    switch (l.shape) {
      case Shape::kFloat:  // a float compare (Instruction defers the others)
        in.type = TypeOf(i.operands[0]);
        masm_.FloatOp(in, res(), op(0), op(1));
        done();
        return true;
      case Shape::kConvert:  // to an integer (Instruction defers the others)
        in.type = TypeOf(i.results[0]);
        in.src_type = TypeOf(i.operands[0]);
        masm_.Convert(in, res(), op(0));
        done();
        return true;
      case Shape::kSpecial: break;
      case Shape::kInt: case Shape::kLoad: case Shape::kStore:  // (Instruction's)
      case Shape::kNone: WASMC_UNREACHABLE();  // (the scan refused it)
    }
    switch (i.op) {
      case Op::kUnreachable: masm_.Trap(1 /* WASMC_TRAP_UNREACHABLE */); return true;
      case Op::kGlobalGet: case Op::kGlobalSet: {
        const bool get = i.op == Op::kGlobalGet;
        const bool imported = i.imm.index < m_.num_imported_globals;
        in.op = get ? Opcode::kGlobalGet : Opcode::kGlobalSet;
        in.type = TypeOf(get ? i.results[0] : i.operands[0]);
        in.index = imported ? i.imm.index : i.imm.index - m_.num_imported_globals;
        in.index2 = imported ? 1 : 0;
        if (get) masm_.InstanceOp(in, res(), Operand{});
        else masm_.InstanceOp(in, Operand{}, op(0));
        done();
        return true;
      }
      case Op::kSelect: case Op::kSelectT:
        in.op = Opcode::kSelect;
        in.type = TypeOf(i.results[0]);
        masm_.Select(in, res(), op(0), op(1), op(2));
        done();
        return true;
      case Op::kMemorySize:
        in.op = Opcode::kMemorySize;
        in.type = ir::Type::kI32;
        masm_.InstanceOp(in, res(), Operand{});
        done();
        return true;
      case Op::kMemoryGrow: {
        SpillRegisters(base);
        CallInfo& c = call_;
        c = CallInfo{};
        c.op = Opcode::kMemoryGrow;
        c.symbol = "wasmc_rt_memory_grow";
        c.args.assign(1, op(0));
        c.results.assign(1, res());
        CallC(c);
        done();
        return true;
      }
      case Op::kMemoryCopy: case Op::kMemoryFill:
        in.op = i.op == Op::kMemoryCopy ? Opcode::kMemoryCopy : Opcode::kMemoryFill;
        in.type = ir::Type::kI32;
        SpillClobbered(in, base, h);
        masm_.BulkMemory(in, op(0), op(1), op(2));
        done();
        return true;
      case Op::kMemoryInit: case Op::kDataDrop: case Op::kTableGet: case Op::kTableSet:
      case Op::kTableGrow: case Op::kTableFill: case Op::kTableCopy: case Op::kTableInit:
      case Op::kElemDrop: {  // as the IR builder's helper calls: the indexes first
        ir::RuntimeFn f{};
        WASMC_CHECK(HelperOf(i.op, &f));
        SpillRegisters(base);
        CallInfo& c = call_;
        c = CallInfo{};
        c.op = Opcode::kCallRuntime;
        c.symbol = ir::RuntimeFnSymbol(f);
        auto index = [&](uint32_t k) {
          c.args.push_back(Operand{Location{Location::kConst}, k, ir::Type::kI32});
        };
        if (i.op == Op::kTableInit) index(i.imm.index2);  // (table, segment)
        index(i.imm.index);
        if (i.op == Op::kTableCopy) index(i.imm.index2);  // (destination, source)
        for (uint32_t k = 0; k < nops; ++k) c.args.push_back(op(k));
        if (!i.results.empty()) c.results.push_back(res());
        CallC(c);  // the helpers are C code (Scan: calls_c)
        done();
        return true;
      }
      case Op::kRefNull: stack_.push_back(Entry{Entry::kConst, false, 0, 0}); return true;
      case Op::kRefIsNull:  // i64.eqz of the reference (an i64 in the IR: TypeOf)
        return Defer(i, LoweringOf(Op::kI64Eqz), Shape::kInt, true, ValType::kI32);
      case Op::kRefFunc: case Op::kTableSize:
        in.op = i.op == Op::kRefFunc ? Opcode::kRefFunc : Opcode::kTableSize;
        in.type = i.op == Op::kRefFunc ? ir::Type::kI64 : ir::Type::kI32;
        in.index = i.imm.index;
        masm_.InstanceOp(in, res(), Operand{});
        done();
        return true;
      case Op::kCall: case Op::kCallIndirect:
        Call(i, base);
        stack_.resize(base);
        if (i.results.size() == 1) stack_.push_back(result_);
        else stack_.resize(base + i.results.size(), Entry{});  // (in their slots)
        return true;
      case Op::kReturn: Return(base); return true;
      case Op::kReturnCall: case Op::kReturnCallIndirect: TailCall(i, base); return true;
      case Op::kBr: Branch(i.imm.index, base, static_cast<uint32_t>(i.operands.size())); return true;
      case Op::kBrTable: return BrTable(i, base);
      default: break;
    }
    WASMC_UNREACHABLE();  // (the scan refused it)
  }

  struct Frame {
    FrameKind kind;
    uint32_t label = 0;       // a branch's target (a loop's header, else the end)
    uint32_t else_label = 0;  // if
    uint32_t base = 0;        // depth of the frame's first param / result
    uint32_t arity = 0;       // values a branch to it carries
    bool has_else = false;
  };
  // One operand-stack value: in its depth slot, in a register, or lazy (a constant, a
  // local's value).
  struct Entry {
    enum Kind : uint8_t { kInSlot, kConst, kLocal, kReg, kPending };  // kPending: pending_
    Kind kind = kInSlot;
    bool fp = false;     // kReg: an FPR
    uint32_t local = 0;  // kLocal: the local; kReg: the register
    uint64_t imm = 0;    // kConst: the bits
  };

  uint32_t Height() const { return static_cast<uint32_t>(stack_.size()); }

  // An operator (an integer one; a float one or a conversion with a float result) or
  // a load not emitted yet: its operands as they were read, its entry (kPending) on
  // top of the stack at `depth`. The next event either consumes it
  // (a compare: br_if or if branches on it, BranchIf; a value: a local.set / local.tee
  // of a local in a register writes it there, Consumes) or emits it first into a
  // register (Flush), before it changes anything its operands read (a local, a
  // register, a slot above the entry).
  struct Pending {
    bool active = false;
    bool compare = false;  // kCmp / kEqz
    Shape shape = Shape::kInt;  // kInt, kFloat or kConvert (a float result), kLoad
    ir::Inst in;
    Operand a, b;
    uint32_t depth = 0;
    ValType type = ValType::kI32;  // the result's
  };
  // The operator `i` (lowering `l`, by the hook of `shape`; its result of type `t`) to
  // pending_, in place: of pending_.in, only the fields an operator's lowering sets
  // are written (the others keep their defaults for good; BranchIf edits a copy).
  bool Defer(const Instr& i, const Lowering& l, Shape shape, bool compare, ValType t) {
    const uint32_t nops = static_cast<uint32_t>(i.operands.size());
    const uint32_t depth = Height() - nops;
    Pending& p = pending_;
    p.active = true;
    p.compare = compare;
    p.shape = shape;
    ir::Inst& in = p.in;
    in.op = l.op;
    in.cond = l.cond;
    in.width = l.width;
    in.sign = l.sign;
    const bool by_result = shape == Shape::kLoad || shape == Shape::kConvert;
    in.type = TypeOf(by_result ? i.results[0] : i.operands[0]);
    in.src_type = shape == Shape::kConvert ? TypeOf(i.operands[0]) : ir::Type::kI32;
    in.imm = shape == Shape::kLoad ? i.imm.offset : 0;
    p.a = Opnd(depth, i.operands[0]);
    p.b = nops > 1 ? Opnd(depth + 1, i.operands[1]) : Operand{};
    p.depth = depth;
    p.type = t;
    stack_.truncate(depth);
    stack_.push_back(Entry{Entry::kPending});
    return true;
  }
  void EmitPending(const Pending& p, Operand dst) {
    if (p.shape == Shape::kLoad) masm_.Load(p.in, dst, p.a);
    else if (p.shape == Shape::kFloat) masm_.FloatOp(p.in, dst, p.a, p.b);
    else if (p.shape == Shape::kConvert) masm_.Convert(p.in, dst, p.a);
    else masm_.IntOp(p.in, dst, p.a, p.b);
  }
  bool Consumes(const Instr& i) const {
    if (!pending_.active) return true;
    if (pending_.compare) return i.op == Op::kBrIf;
    return (i.op == Op::kLocalSet || i.op == Op::kLocalTee) && IsRegLocal(i.imm.index);
  }
  void Flush() {
    if (!pending_.active) return;
    Pending& p = pending_;
    p.active = false;
    EmitPending(p, ResultReg(p.depth, p.type));
    stack_[p.depth] = result_;
  }
 public:
  bool TryTable(const ControlEvent& e, std::span<const CatchClause> c) { return scan_.TryTable(e, c); }
  bool Try(const ControlEvent& e) { return scan_.Try(e); }
  Diag error() const { return scan_.error(); }
 private:
  Operand Slot(uint32_t s, ValType t) const { return Operand{Location::Slot(s), 0, TypeOf(t)}; }
  // Local l's place: its register (RegLocals) or its slot.
  Location LocalLoc(uint32_t l) const {
    const uint8_t r = reg_locals_.reg[l];
    return r == RegLocals::kInSlot ? Location::Slot(l) : Location::Reg(r);
  }
  bool IsRegLocal(uint32_t l) const { return reg_locals_.reg[l] != RegLocals::kInSlot; }
  // In an FPR (an f32 / f64 local in a register): moves of its value are FPR moves.
  bool IsFprLocal(uint32_t l) const {
    return IsRegLocal(l) && (locals_[l] == ValType::kF32 || locals_[l] == ValType::kF64);
  }
  Operand Local(uint32_t l, ValType t) const { return Operand{LocalLoc(l), 0, TypeOf(t)}; }
  Operand Stack(uint32_t depth, ValType t) const { return Slot(num_locals_ + depth, t); }
  // Where the value at `depth` is read from.
  Operand Opnd(uint32_t depth, ValType t) const { return OpndOf(stack_[depth], depth, t); }
  Operand OpndOf(const Entry& e, uint32_t depth, ValType t) const {
    switch (e.kind) {
      case Entry::kConst: return Operand{Location{Location::kConst}, e.imm, TypeOf(t)};
      case Entry::kLocal: return Local(e.local, t);
      case Entry::kReg: return Operand{Location::Reg(static_cast<uint8_t>(e.local)), 0, TypeOf(t)};
      case Entry::kInSlot: break;
      case Entry::kPending: WASMC_UNREACHABLE();  // (read by BranchIf only, else flushed)
    }
    return Stack(depth, t);
  }
  // The lazy value at `depth` to its depth slot (8 bytes: the type does not matter).
  void Materialize(uint32_t depth) {
    Entry& e = stack_[depth];
    if (e.kind == Entry::kInSlot) return;
    masm_.Move(regalloc::Move{Location::Slot(num_locals_ + depth), SourceOf(e), e.imm, e.fp, true});
    e = Entry{};
  }
  Location SourceOf(const Entry& e) const {
    switch (e.kind) {
      case Entry::kConst: return Location{Location::kConst};
      case Entry::kLocal: return LocalLoc(e.local);
      case Entry::kReg: return Location::Reg(static_cast<uint8_t>(e.local));
      case Entry::kInSlot: case Entry::kPending: break;
    }
    WASMC_UNREACHABLE();
  }
  // The register entries below depth `below` to their slots (before a call: the
  // registers of gprs_ / fprs_ are caller-saved).
  void SpillRegisters(uint32_t below) {
    for (uint32_t d = 0; d < below; ++d)
      if (stack_[d].kind == Entry::kReg) Materialize(d);
  }
  // A register for the result of an operator whose operands start at depth `base` (their
  // registers die there: the result may take one): a free one of its class, else the
  // deepest register entry's, spilled. Returns the result operand; the entry at `base`
  // becomes it (Result).
  Operand ResultReg(uint32_t base, ValType t) {
    const bool fp = t == ValType::kF32 || t == ValType::kF64;
    const std::span<const uint8_t> pool = fp ? fprs_ : gprs_;
    uint32_t used = 0;
    for (uint32_t d = 0; d < base; ++d)
      if (stack_[d].kind == Entry::kReg && stack_[d].fp == fp) used |= 1u << stack_[d].local;
    uint8_t reg = pool[0];
    bool found = false;
    for (uint8_t r : pool)
      if (!(used >> r & 1)) {
        reg = r, found = true;
        break;
      }
    if (!found) {
      for (uint32_t d = 0; d < base; ++d)
        if (stack_[d].kind == Entry::kReg && stack_[d].fp == fp) {
          reg = static_cast<uint8_t>(stack_[d].local);
          Materialize(d);
          break;
        }
    }
    result_ = Entry{Entry::kReg, fp, reg, 0};
    return Operand{Location::Reg(reg), 0, TypeOf(t)};
  }
  // Before an operator whose lowering writes some of the value registers as scratch
  // (RegisterInfo::clobbers; x86-64's bulk memory: rsi, rdi): the values in those, its
  // operands (depths base..top) included, to their slots.
  void SpillClobbered(const ir::Inst& in, uint32_t base, uint32_t top) {
    const regalloc::RegisterInfo& regs = masm_.Registers();
    const bool b_const = base + 1 < top && stack_[base + 1].kind == Entry::kConst;
    const uint32_t clobbers = regs.clobbers ? regs.clobbers(in, b_const) : 0;
    WASMC_CHECK((clobbers & reg_locals_.used_mask) == 0);
    for (uint32_t d = 0; d < top; ++d)
      if (stack_[d].kind == Entry::kReg && !stack_[d].fp && (clobbers >> stack_[d].local & 1)) Materialize(d);
  }
  void MaterializeRange(uint32_t from, uint32_t to) {
    for (uint32_t d = from; d < to; ++d) Materialize(d);
  }
  void Sync() { MaterializeRange(0, Height()); }
  // Before `local` is written: the lazy entries below depth `below` that read it.
  void SyncLocal(uint32_t local, uint32_t below) {
    for (uint32_t d = 0; d < below; ++d)
      if (stack_[d].kind == Entry::kLocal && stack_[d].local == local) Materialize(d);
  }

  uint32_t NewLabel() { return num_labels_++; }
  const Frame& Target(uint32_t depth) const { return frames_[frames_.size() - 1 - depth]; }

  // Only for a listing (names) or a line table (points): most compiles read neither
  // (the test inline, at every event; the recording out of line).
  [[gnu::always_inline]] void Mark(uint64_t offset, const char* name) {
    if (marks_) [[unlikely]] MarkAt(offset, name);
  }
  [[gnu::noinline]] void MarkAt(uint64_t offset, const char* name) {
    out_.points.push_back({masm_.Offset(), offset});
    out_.names.push_back(name);
  }

  Frame& Open(const ControlEvent& e, uint32_t label) {
    Frame f{e.kind, label};
    f.base = Height() - static_cast<uint32_t>(e.params.size());
    f.arity = static_cast<uint32_t>(e.results.size());
    frames_.push_back(f);
    return frames_.back();
  }

  // A branch on the i32 `cond` (an entry popped from depth `depth`).
  // A pending compare's (kFlags) is the compare and the jump (kBrCmp; an eqz's, kBrIf
  // on its operand), as the IR builder's fusion (ir_builder.cc, CondBranch).
  void BranchIf(const Entry& cond, uint32_t depth, bool if_nonzero, uint32_t label) {
    if (cond.kind == Entry::kPending) {
      Pending& p = pending_;
      WASMC_CHECK(p.active && p.compare && p.depth == depth);
      p.active = false;
      ir::Inst in = p.in;
      if (in.op == Opcode::kEqz) {
        in.op = Opcode::kBrIf;
        in.cond = if_nonzero ? Cond::kEq : Cond::kNe;
      } else {
        in.op = Opcode::kBrCmp;
        in.cond = if_nonzero ? in.cond : ir::NegateIntCond(in.cond);
      }
      in.index = label;
      masm_.Branch(in, p.a, p.b);
      return;
    }
    ir::Inst in{.op = Opcode::kBrIf, .type = ir::Type::kI32, .cond = if_nonzero ? Cond::kNe : Cond::kEq};
    in.index = label;
    masm_.Branch(in, OpndOf(cond, depth, ValType::kI32), Operand{});
  }

  // The function's results: the top num_results_ values, from depth `from`.
  void Return(uint32_t from) {
    values_.clear();
    for (uint32_t k = 0; k < num_results_; ++k) values_.push_back(Opnd(from + k, results_[k]));
    masm_.Return(values_, num_results_ > 1 ? &results_ptr_ : nullptr);
  }

  // An unconditional branch `depth` frames out carrying the n values from depth `from`
  // to the target's slots (upwards: the target's are never above them, and lazy
  // values are read where they are). The stack is left as it was.
  void Branch(uint32_t depth, uint32_t from, uint32_t n) {
    const Frame& t = Target(depth);
    if (t.kind == FrameKind::kFunction) return Return(from + n - num_results_);
    const uint32_t src = from + n - t.arity;
    for (uint32_t k = 0; k < t.arity; ++k) {
      const Entry& e = stack_[src + k];
      if (e.kind == Entry::kInSlot && src == t.base) continue;
      const Location s = e.kind == Entry::kInSlot ? Location::Slot(num_locals_ + src + k) : SourceOf(e);
      masm_.Move(regalloc::Move{Location::Slot(num_locals_ + t.base + k), s, e.imm, e.fp, true});
    }
    masm_.Jump(t.label);
  }

  bool BrTable(const Instr& i, uint32_t base) {
    const uint32_t n = static_cast<uint32_t>(i.operands.size()) - 1;
    const uint32_t index_depth = base + n;
    if (stack_[index_depth].kind != Entry::kReg) Materialize(index_depth);  // never a constant
    MaterializeRange(base, base + n);  // the carried values, for the targets in place
    // Per target depth: its frame's label, or an edge that copies and jumps (or returns).
    edges_.clear();
    labels_.clear();
    auto target = [&](uint32_t depth) {
      const Frame& t = Target(depth);
      if (t.kind != FrameKind::kFunction && (t.arity == 0 || t.base == base + n - t.arity)) return t.label;
      for (const auto& [d, l] : edges_)
        if (d == depth) return l;
      edges_.push_back({depth, NewLabel()});
      return edges_.back().second;
    };
    for (uint32_t d : i.imm.br_targets) labels_.push_back(target(d));
    labels_.push_back(target(i.imm.index));
    if (labels_.size() == 1) masm_.Jump(labels_[0]);
    else masm_.BrTable(Opnd(index_depth, ValType::kI32), labels_);
    for (const auto& [d, l] : edges_) {
      masm_.Bind(l);
      Branch(d, base, n);
    }
    return true;
  }

  void Call(const Instr& i, uint32_t base) {
    const bool indirect = i.op == Op::kCallIndirect;
    const FuncType& t = indirect ? m_.types[i.imm.index] : m_.FuncTypeOf(i.imm.index);
    CallInfo& c = call_;
    c.op = indirect ? Opcode::kCallIndirect
                    : i.imm.index < m_.num_imported_funcs ? Opcode::kCallImport : Opcode::kCall;
    c.index = i.imm.index;
    c.table = indirect ? i.imm.index2 : 0;
    c.type_id = ir::kUnknownTypeId;
    if (indirect && o_.type_ids && i.imm.index < o_.type_ids->size()) c.type_id = (*o_.type_ids)[i.imm.index];
    // A direct call's relocation names the callee by its index (CallInfo::Reloc); its
    // symbol is read only for a listing's text (AArch64's `bl`): built only then
    // (marks_: a listing or a line table).
    c.symbol.clear();
    if (c.op == Opcode::kCall && marks_) c.symbol = FuncSymbolName(i.imm.index);
    c.callee = indirect ? Opnd(base + static_cast<uint32_t>(t.params.size()), ValType::kI32) : Operand{};
    c.args.clear();
    c.results.clear();
    SpillRegisters(base);
    for (uint32_t k = 0; k < t.params.size(); ++k) c.args.push_back(Opnd(base + k, t.params[k]));
    if (t.results.size() == 1) c.results.push_back(ResultReg(base, t.results[0]));
    else
      for (uint32_t k = 0; k < t.results.size(); ++k) c.results.push_back(Stack(base + k, t.results[k]));
    if (c.op == Opcode::kCallImport) CallC(c);
    else masm_.Call(c);
  }

  // A call of C code (an import, memory.grow's and the bulk-memory and table operators'
  // runtime helpers): the FPR locals it may clobber to their slots before, back after
  // (the call's results are in other registers or slots). (A call_indirect keeps them:
  // the target saves them around a C callee, FrameInfo::indirect_calls_keep_wasm_saved.)
  void CallC(const CallInfo& c) {
    for (uint32_t l : reg_locals_.fprs_c_clobbers)
      masm_.Move(regalloc::Move{Location::Slot(l), LocalLoc(l), 0, true, true});
    masm_.Call(c);
    for (uint32_t l : reg_locals_.fprs_c_clobbers)
      masm_.Move(regalloc::Move{LocalLoc(l), Location::Slot(l), 0, true, true});
  }

  // return_call / return_call_indirect (docs/backend.md "Tail calls"): nothing of this
  // frame lives after it, so no register is spilled.
  void TailCall(const Instr& i, uint32_t base) {
    const bool indirect = i.op == Op::kReturnCallIndirect;
    const FuncType& t = indirect ? m_.types[i.imm.index] : m_.FuncTypeOf(i.imm.index);
    CallInfo& c = call_;
    c = CallInfo{};
    c.op = indirect ? Opcode::kReturnCallIndirect
                    : i.imm.index < m_.num_imported_funcs ? Opcode::kReturnCallImport : Opcode::kReturnCall;
    c.index = i.imm.index;
    c.table = indirect ? i.imm.index2 : 0;
    if (indirect && o_.type_ids && i.imm.index < o_.type_ids->size()) c.type_id = (*o_.type_ids)[i.imm.index];
    if (c.op == Opcode::kReturnCall) c.symbol = FuncSymbolName(i.imm.index);
    if (indirect) c.callee = Opnd(base + static_cast<uint32_t>(t.params.size()), ValType::kI32);
    for (uint32_t k = 0; k < t.params.size(); ++k) c.args.push_back(Opnd(base + k, t.params[k]));
    masm_.TailCall(c, num_results_ > 1 ? &results_ptr_ : nullptr);
  }

  const Module& m_;
  MacroAssembler& masm_;
  const FrameInfo& frame_;
  const Facts& facts_;
  Scan& scan_;
  const SinglePassOptions& o_;
  // The registers values live in between operators: the target's
  // (TargetCodegen::single_pass_gprs / single_pass_fprs: caller-saved, written by no
  // lowering but calls; numbered below 32). (After o_: initialized from it.)
  const std::span<const uint8_t> gprs_ = GetCodegen(o_.target).single_pass_gprs;
  const std::span<const uint8_t> fprs_ = GetCodegen(o_.target).single_pass_fprs;
  SinglePassResult& out_;
  const bool marks_;  // record points and names (Mark)
  const RegLocals& reg_locals_;
  uint32_t num_locals_ = 0;
  uint32_t num_results_ = 0;
  std::span<const ValType> results_;
  std::span<const ValType> locals_;
  Operand results_ptr_;
  uint32_t num_labels_ = 0;
  ValueStack<Entry> stack_;   // the operand stack, bottom first
  Entry result_;              // ResultReg's: the entry of the result it chose
  Pending pending_;           // an operator not emitted yet (Flush)
  std::vector<Frame> frames_;
  std::vector<Operand> values_;
  std::vector<std::pair<uint32_t, uint32_t>> edges_;  // BrTable's: (depth, edge label)
  std::vector<uint32_t> labels_;
  CallInfo call_;
};

// --emit=asm: a `; <op> @0xOFFSET` marker per operator (after the note's source line),
// then its code (as function_compiler.cc's AppendListing for the IR path).
void AppendListing(const SinglePassResult& r, const MacroAssembler& masm, uint64_t base,
                   const SinglePassNote& note, std::string& out) {
  out += "; tier: single-pass\n";
  const std::vector<uint8_t>& code = r.code.code;
  char line[256];
  uint32_t pos = 0;
  for (size_t k = 0; k < r.points.size(); ++k) {
    const uint32_t start = std::max(pos, r.points[k].code_offset);
    masm.ListRange(code, pos, start, base, out);
    pos = start;
    if (note) out += note(r.points[k].wasm_offset);
    std::snprintf(line, sizeof line, "; %s @0x%llx\n", r.names[k],
                  static_cast<unsigned long long>(r.points[k].wasm_offset));
    out += line;
    const uint32_t end = k + 1 < r.points.size() ? r.points[k + 1].code_offset : r.data_start;
    if (end > pos) masm.ListRange(code, pos, end, base, out), pos = end;
  }
  if (pos < r.data_start) {
    out += "; out-of-line\n";
    masm.ListRange(code, pos, r.data_start, base, out);
  }
  if (r.data_start < code.size()) {
    std::snprintf(line, sizeof line, "; data: %zu bytes\n", code.size() - r.data_start);
    out += line;
  }
}

// Locals in registers: the first i32/i64 locals (params last), one per callee-saved
// GPR of the target that calls keep and nothing pins (x86-64: rbx, r12, r13, at most
// kMaxGprs), and the first f32/f64 locals (params last), one per FPR calls of wasm code
// keep (`fprs`: AArch64 v8-v15, AAPCS64's; x86-64 xmm8-xmm14, the wasm convention's,
// which a call of C code needs saved around it: RegLocals::fprs_c_clobbers), so merges
// and wasm calls never move them. The prologue saves those it takes (FrameInfo's
// *_callee_saved_used). With `uses` (Scan::CountUses, -O1): the locals used most
// instead, in that order, ties in the first order, none unused.
void ChooseRegLocals(const Module& m, uint32_t func_index, const Code& code, uint32_t num_locals,
                     const regalloc::RegisterInfo& regs, uint32_t fprs, const std::vector<uint64_t>* uses,
                     RegLocals& r) {
  r = RegLocals{};
  r.reg.assign(num_locals, RegLocals::kInSlot);
  uint32_t free = regs.gpr_callee_saved & ~regs.gpr_pinned;
  uint32_t gprs = 0;
  auto take = [&](uint32_t l, ValType t) {
    if (t == ValType::kF32 || t == ValType::kF64) {
      if (fprs == 0) return;
      const uint8_t reg = static_cast<uint8_t>(__builtin_ctz(fprs));
      fprs &= fprs - 1;
      r.reg[l] = reg;
      r.fpr_used_mask |= 1u << reg;
      if (!(regs.fpr_callee_saved >> reg & 1)) r.fprs_c_clobbers.push_back(l);
      return;
    }
    if (gprs == RegLocals::kMaxGprs || free == 0) return;  // (i32 / i64: Numeric)
    const uint8_t reg = static_cast<uint8_t>(__builtin_ctz(free));
    free &= free - 1;
    ++gprs;
    r.reg[l] = reg;
    r.used_mask |= 1u << reg;
    if (t == ValType::kI32) r.i32_mask |= 1u << reg;
  };
  const auto& params = m.FuncTypeOf(func_index).params;
  if (uses) {
    std::vector<uint32_t> order;
    for (uint32_t l = static_cast<uint32_t>(params.size()); l < num_locals; ++l)
      if ((*uses)[l]) order.push_back(l);
    for (uint32_t l = 0; l < params.size(); ++l)
      if ((*uses)[l]) order.push_back(l);
    std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return (*uses)[a] > (*uses)[b]; });
    std::vector<ValType> types(params.begin(), params.end());
    for (const LocalRun& run : code.locals) types.insert(types.end(), run.count, run.type);
    for (uint32_t l : order) take(l, types[l]);
    return;
  }
  uint32_t l = static_cast<uint32_t>(params.size());
  for (const LocalRun& run : code.locals) {
    for (uint32_t k = 0; k < run.count && (fprs != 0 || (gprs < RegLocals::kMaxGprs && free != 0)); ++k)
      take(l + k, run.type);
    l += run.count;
  }
  l = 0;
  for (ValType t : params) take(l++, t);
}

}  // namespace

bool SinglePassSupportsTarget(Target target) {
  const TargetCodegen& codegen = GetCodegen(target);
  return !codegen.single_pass_gprs.empty() && !codegen.single_pass_fprs.empty();
}

void SinglePassCallAreas(const Module& module, SinglePassOptions* o) {
  const TargetCodegen& codegen = GetCodegen(o->target);
  const std::unique_ptr<MacroAssembler> masm = codegen.new_macro_assembler(false);
  std::vector<ir::Type> types;
  for (const FuncType& t : module.types) {
    if (!AllScalar(t.params) || !AllScalar(t.results)) continue;  // (refused where called)
    types.clear();
    for (ValType v : t.params) types.push_back(TypeOf(v));
    const bool hidden = t.results.size() > 1;
    o->max_stack_args = std::max(o->max_stack_args, masm->StackArgWords(types, hidden));
    if (hidden) o->max_call_results = std::max<uint32_t>(o->max_call_results, t.results.size());
  }
}

SinglePassResult CompileSinglePass(const Module& module, BodyDecoder& decoder, uint32_t func_index,
                                   const SinglePassOptions& o, std::string* listing, uint64_t base,
                                   const SinglePassNote& note) {
  const bool want_listing = listing != nullptr;
  SinglePassResult out;
  if (!SinglePassSupportsTarget(o.target)) {
    out.reason = "a target without the tier";
    return out;
  }
  if (const char* why = ModuleRefusal(module)) {
    out.reason = why;
    return out;
  }
  const TargetCodegen& codegen = GetCodegen(o.target);
  const Code& code = module.codes[func_index - module.num_imported_funcs];
  // The points and names are read by the listing and the line table (DWARF) only.
  const bool marks = want_listing || !module.debug.empty();
  uint32_t num_locals = static_cast<uint32_t>(module.FuncTypeOf(func_index).params.size());
  for (const LocalRun& r : code.locals) num_locals += r.count;
  // One decode that emits as it scans, for a frame guessed to fit: most functions' stack
  // stays within kGuessedHeight values and they call no import (which would make the
  // prologue save the wasm-kept FPRs); the call areas are the module's largest. Where
  // the scan finds the guess too small, the code is thrown away and the function
  // emitted again, for the frame the scan found.
  constexpr uint32_t kGuessedHeight = 16;
  Facts fits;
  fits.max_height = kGuessedHeight;
  fits.max_stack_args = o.max_stack_args;
  fits.max_call_results = o.max_call_results;
  std::unique_ptr<MacroAssembler> masm;
  Facts facts;
  RegLocals reg_locals;
  std::vector<uint64_t> uses;  // -O1: per local, its uses weighted by loop depth (Scan::CountUses)
  for (int attempt = 0;; ++attempt) {
    masm = codegen.new_macro_assembler_at ? codegen.new_macro_assembler_at(want_listing, o.cpu_level)
                                          : codegen.new_macro_assembler(want_listing);
    const regalloc::RegisterInfo& regs = masm->Registers();
    const uint32_t wasm_saved = o.fprs_kept_across_calls ? regs.fpr_wasm_saved : 0;
    const uint32_t local_fprs = regs.fpr_callee_saved | wasm_saved;
    if (attempt == 0) ChooseRegLocals(module, func_index, code, num_locals, regs, local_fprs, nullptr, reg_locals);
    FrameInfo frame;
    frame.num_slots = num_locals + fits.max_height + 1;  // + the results pointer's
    // The locals' callee-saved registers, and all the FPRs our wasm callers keep when C
    // code reached from here may clobber them (regalloc.h, CallsCCode).
    frame.fpr_callee_saved_used = (fits.calls_c ? wasm_saved : 0) | reg_locals.fpr_used_mask;
    frame.gpr_callee_saved_used = reg_locals.used_mask;
    frame.max_stack_args = fits.max_stack_args;
    frame.max_call_results = fits.max_call_results;
    // Taken as true whatever the body (the scan's exact facts come too late): the
    // memory base, the stack check, the call-target temporary.
    frame.uses_memory = frame.makes_calls = frame.indirect_calls = true;
    frame.indirect_calls_keep_wasm_saved = wasm_saved != 0;  // (no exception edges)
    frame.tail_calls_keep_wasm_saved = wasm_saved != 0;
    frame.pinned_registers_kept = o.pinned_registers_kept && (regs.gpr_pinned | regs.gpr_pinned_lent) != 0;
    frame.funcrefs_own_code = o.funcrefs_own_code && frame.pinned_registers_kept;
    if (frame.funcrefs_own_code) frame.table0_fixed_size = o.table0_fixed_size;
    frame.uses_instance = true;
    masm->SetOptLevel(0);
    masm->SetZeroExtendedGprs(reg_locals.i32_mask);
    facts = Facts{};
    out.points.clear();
    out.names.clear();
    if (marks) {
      // About one operator per 2 body bytes (SQLite, clang -O2).
      out.points.reserve((code.end_offset - code.body_offset) / 2 + 4);
      out.names.reserve((code.end_offset - code.body_offset) / 2 + 4);
    }
    Scan scan(module, *masm, facts, fits);
    if (attempt == 0 && o.opt_level >= 1) {
      uses.assign(num_locals, 0);
      scan.CountUses(&uses);
    }
    Emitter emit(module, *masm, frame, fits, scan, o, out, marks, reg_locals);
    if (!decoder.Decode(func_index, emit).ok() || facts.reason) {
      out.reason = facts.reason ? facts.reason : "a body the decoder refused";
      out.detail = facts.detail;
      out.points.clear();
      out.names.clear();
      return out;
    }
    const bool fit = !facts.Exceed(fits);
    WASMC_CHECK(fit == !scan.Over());  // (the Emitter stopped emitting where the guess failed)
    // -O1: the locals used most, if they have more uses (weighted) than those of the
    // first guess (a quarter more lost mandelbrot's gain: docs/performance.md).
    RegLocals by_uses;
    bool rechoose = false;
    if (attempt == 0 && o.opt_level >= 1) {
      ChooseRegLocals(module, func_index, code, num_locals, regs, local_fprs, &uses, by_uses);
      uint64_t guessed = 0, best = 0;
      for (uint32_t l = 0; l < num_locals; ++l) {
        if (reg_locals.reg[l] != RegLocals::kInSlot) guessed += uses[l];
        if (by_uses.reg[l] != RegLocals::kInSlot) best += uses[l];
      }
      rechoose = best > guessed;
    }
    if (fit && !rechoose) break;
    WASMC_CHECK(attempt == 0 && "single-pass: the scan's own frame did not fit");
    fits = facts;  // (the exact frame, also when only the locals changed)
    if (rechoose) reg_locals = std::move(by_uses);
  }
  masm->Finish();
  out.compiled = true;
  out.divides = facts.divides;
  out.data_start = masm->DataStart();
  out.code.code = masm->Code();
  out.code.relocs = masm->Relocs();
  out.code.saved_registers = masm->SavedRegisters();
  out.code.error = masm->Error();
  if (listing) AppendListing(out, *masm, base, note, *listing);
  if (!out.code.error.empty() || !o.verify) return out;
  // The address check (docs/backend.md "The address rule and its check").
  const std::vector<uint32_t> labels = masm->LabelOffsets();
  std::vector<uint32_t> exits;
  for (const CodeReloc& r : out.code.relocs) exits.push_back(r.offset);
  // (Dead code, which the tier emits after an `end` nothing jumps to or a jump on a
  // constant, is checked knowing the i32 locals' registers extended: SetZeroExtendedGprs.)
  const AddressCheck a =
      codegen.check_addresses(out.code.code, out.data_start, labels, {}, exits, reg_locals.i32_mask);
  if (!a.ok) {
    out.code.check_failed = true;
    out.code.check_name = "the address check";
    char head[96];
    std::snprintf(head, sizeof head, "address check: func %u (single-pass), code offset 0x%x: ", func_index,
                  a.offset);
    out.code.check_report = head + a.what + "\n  (--emit=asm lists the function's code)\n";
  }
  return out;
}

}  // namespace wasmc
