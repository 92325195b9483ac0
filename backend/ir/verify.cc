#include "backend/ir/verify.h"

#include <algorithm>
#include <vector>

#include "backend/ir/printer.h"

namespace wasmc::ir {
namespace {

// Keeps the first problem; every check returns early once there is one.
class Verifier {
 public:
  Verifier(const Function& fn, const ModuleSignatures* m, std::span<const uint8_t> kinds)
      : fn_(fn), m_(m), kinds_(kinds) {}

  VerifyResult Run() {
    CheckLabels();
    for (uint32_t i = 0; i < fn_.insts.size() && r_.ok; ++i) CheckOperands(i);
    if (r_.ok) CheckSingleDefs();
    if (r_.ok) CheckDefinedness();
    return r_;
  }

 private:
  bool Fail(uint32_t i, std::string what) {
    if (r_.ok) r_ = {false, i, std::move(what)};
    return false;
  }
  uint32_t N() const { return static_cast<uint32_t>(fn_.insts.size()); }
  static std::string V(VReg v) { return "v" + std::to_string(v); }

  // ---- structure ----------------------------------------------------------------

  void CheckLabels() {
    label_inst_.assign(fn_.num_labels, ~0u);
    for (uint32_t i = 0; i < N(); ++i) {
      const Inst& in = fn_.insts[i];
      if (in.op != Opcode::kLabel) continue;
      if (in.index >= fn_.num_labels)
        return (void)Fail(i, "label L" + std::to_string(in.index) + " out of range (num_labels " +
                                 std::to_string(fn_.num_labels) + ")");
      if (label_inst_[in.index] != ~0u)
        return (void)Fail(i, "label L" + std::to_string(in.index) + " bound twice (first at inst " +
                                 std::to_string(label_inst_[in.index]) + ")");
      label_inst_[in.index] = i;
    }
    if (!fn_.label_block.empty()) {
      if (fn_.label_block.size() != fn_.num_labels)
        return (void)Fail(N(), "label_block has " + std::to_string(fn_.label_block.size()) +
                                   " entries for " + std::to_string(fn_.num_labels) + " labels");
      for (uint32_t l = 0; l < fn_.num_labels; ++l)
        if (label_inst_[l] != ~0u && fn_.label_block[l] != label_inst_[l])
          return (void)Fail(label_inst_[l], "label_block[L" + std::to_string(l) + "] says inst " +
                                                std::to_string(fn_.label_block[l]));
    }
  }

  bool Target(uint32_t i, uint32_t label) {
    if (label >= fn_.num_labels)
      return Fail(i, "branch to label L" + std::to_string(label) + " out of range (num_labels " +
                         std::to_string(fn_.num_labels) + ")");
    if (label_inst_[label] == ~0u)
      return Fail(i, "branch to label L" + std::to_string(label) + ", which is never bound");
    return true;
  }

  // ---- operands -----------------------------------------------------------------

  // `v` must be present, in range and (unless `any`) of type `t`.
  bool Want(uint32_t i, const char* what, VReg v, Type t, bool any = false) {
    if (v == kNoVReg) return Fail(i, std::string("missing operand ") + what);
    if (v >= fn_.NumVRegs())
      return Fail(i, std::string("operand ") + what + " " + V(v) + " out of range (" +
                         std::to_string(fn_.NumVRegs()) + " vregs)");
    if (!any && fn_.vreg_types[v] != t)
      return Fail(i, std::string("operand ") + what + " " + V(v) + " is " +
                         TypeName(fn_.vreg_types[v]) + ", expected " + TypeName(t));
    return true;
  }
  bool None(uint32_t i, const char* what, VReg v) {
    if (v != kNoVReg) return Fail(i, std::string("unexpected operand ") + what + " " + V(v));
    return true;
  }
  // Which of dst, a, b, c the opcode has (the rest must be kNoVReg).
  bool Shape(uint32_t i, bool dst, bool a, bool b, bool c) {
    const Inst& in = fn_.insts[i];
    return (dst || None(i, "dst", in.dst)) && (a || None(i, "a", in.a)) &&
           (b || None(i, "b", in.b)) && (c || None(i, "c", in.c));
  }
  bool ExtraInBounds(uint32_t i) {
    const Inst& in = fn_.insts[i];
    if (static_cast<uint64_t>(in.extra_begin) + in.extra_count > fn_.extra.size())
      return Fail(i, "extra range [" + std::to_string(in.extra_begin) + ", +" +
                         std::to_string(in.extra_count) + ") beyond extra (" +
                         std::to_string(fn_.extra.size()) + ")");
    return true;
  }
  uint32_t Extra(const Inst& in, uint32_t k) const { return fn_.extra[in.extra_begin + k]; }

  // Arguments extra[0, index2) and results extra[index2, extra_count) against types.
  bool CallTypes(uint32_t i, const std::vector<Type>& params, const std::vector<Type>& results) {
    const Inst& in = fn_.insts[i];
    if (in.index2 != params.size() || in.extra_count - in.index2 != results.size())
      return Fail(i, "call with " + std::to_string(in.index2) + " arguments and " +
                         std::to_string(in.extra_count - in.index2) + " results; the callee takes " +
                         std::to_string(params.size()) + " and returns " +
                         std::to_string(results.size()));
    for (uint32_t k = 0; k < in.index2; ++k)
      if (!Want(i, "argument", Extra(in, k), params[k])) return false;
    for (uint32_t k = 0; k < results.size(); ++k)
      if (!Want(i, "result", Extra(in, in.index2 + k), results[k])) return false;
    return true;
  }
  // A load/store address: src_type (i32 or i64; i64 when absolute, index2 = 1).
  bool Address(uint32_t i) {
    const Inst& in = fn_.insts[i];
    if (in.index2 > 1 || (in.index2 == 1 && in.src_type != Type::kI64) || IsFloat(in.src_type))
      return Fail(i, "bad address kind (src_type " + std::string(TypeName(in.src_type)) +
                         ", index2 " + std::to_string(in.index2) + ")");
    // A scaled index (backend/opt/scaled_index.cc): `a << index`, memory 0, i32 only.
    if ((in.op == Opcode::kLoad || in.op == Opcode::kStore) && in.index != 0 &&
        (in.index > 3 || in.index2 != 0 || in.src_type != Type::kI32))
      return Fail(i, "bad scaled address (index shift " + std::to_string(in.index) + ", src_type " +
                         std::string(TypeName(in.src_type)) + ", index2 " + std::to_string(in.index2) + ")");
    return Want(i, "address", in.a, in.src_type);
  }
  bool CallSig(uint32_t i, const Signature& s) { return CallTypes(i, s.params, s.results); }
  // A tail call: arguments only; the callee returns what the function returns.
  bool TailSig(uint32_t i, const Signature& s) {
    if (s.results != fn_.results) return Fail(i, "tail call to a callee whose results differ");
    return CallTypes(i, s.params, {});
  }
  // Runtime helpers: every argument is i32 except table values (funcref: i64).
  bool RuntimeSig(uint32_t i) {
    const Inst& in = fn_.insts[i];
    using T = Type;
    std::vector<T> p, r;
    switch (static_cast<RuntimeFn>(in.index)) {
      case RuntimeFn::kMemoryCopy: case RuntimeFn::kMemoryFill: p = {T::kI32, T::kI32, T::kI32}; break;
      case RuntimeFn::kMemoryInit: p = {T::kI32, T::kI32, T::kI32, T::kI32}; break;
      case RuntimeFn::kDataDrop: case RuntimeFn::kElemDrop: p = {T::kI32}; break;
      case RuntimeFn::kTableGet: p = {T::kI32, T::kI32}; r = {T::kI64}; break;
      case RuntimeFn::kTableSet: p = {T::kI32, T::kI32, T::kI64}; break;
      case RuntimeFn::kTableGrow: p = {T::kI32, T::kI64, T::kI32}; r = {T::kI32}; break;
      case RuntimeFn::kTableFill: p = {T::kI32, T::kI32, T::kI64, T::kI32}; break;
      case RuntimeFn::kTableCopy: case RuntimeFn::kTableInit:
        p = {T::kI32, T::kI32, T::kI32, T::kI32, T::kI32};
        break;
      case RuntimeFn::kMemoryWait32: p = {T::kI64, T::kI32, T::kI64}; r = {T::kI32}; break;
      case RuntimeFn::kMemoryWait64: p = {T::kI64, T::kI64, T::kI64}; r = {T::kI32}; break;
      case RuntimeFn::kMemoryNotify: p = {T::kI64, T::kI32}; r = {T::kI32}; break;
      // Exceptions: exnref values are i64 pointers; payload words are i64.
      case RuntimeFn::kExnTake: r = {T::kI64}; break;
      case RuntimeFn::kExnNew: p = {T::kI32}; r = {T::kI64}; break;
      case RuntimeFn::kExnSet: p = {T::kI64, T::kI32, T::kI64}; break;
      case RuntimeFn::kExnGet: p = {T::kI64, T::kI32}; r = {T::kI64}; break;
      case RuntimeFn::kExnIs: p = {T::kI64, T::kI32}; r = {T::kI32}; break;
      case RuntimeFn::kThrowRef: p = {T::kI64}; break;
      case RuntimeFn::kMemoryGrowN: p = {T::kI32, T::kI64}; r = {T::kI64}; break;
      case RuntimeFn::kMemoryCopyN: p = {T::kI32, T::kI32, T::kI64, T::kI64, T::kI64}; break;
      case RuntimeFn::kMemoryFillN: p = {T::kI32, T::kI64, T::kI32, T::kI64}; break;
      case RuntimeFn::kMemoryInitN: p = {T::kI32, T::kI32, T::kI64, T::kI32, T::kI32}; break;
      default: return Fail(i, "unknown runtime helper #" + std::to_string(in.index));
    }
    return CallTypes(i, p, r);
  }

  void CheckOperands(uint32_t i) {
    const Inst& in = fn_.insts[i];
    const Type t = in.type;
    const bool fp = IsFloat(t);
    auto int_type = [&]() {
      return t == Type::kI32 || t == Type::kI64 || Fail(i, std::string("integer op on ") + TypeName(t));
    };
    auto fp_type = [&]() { return fp || Fail(i, std::string("float op on ") + TypeName(t)); };
    // An arithmetic op: dst, a (and b when binary) all of the op's type, in the class type_ok checks.
    auto arith = [&](bool binary, auto type_ok) {
      return Shape(i, true, true, binary, false) && type_ok() && Want(i, "dst", in.dst, t) &&
             Want(i, "a", in.a, t) && (!binary || Want(i, "b", in.b, t));
    };
    switch (in.op) {
      case Opcode::kNop:
      case Opcode::kLabel:  // (checked by CheckLabels)
      case Opcode::kTrap:
        Shape(i, false, false, false, false);
        return;
      case Opcode::kJump:
        Shape(i, false, false, false, false) && Target(i, in.index);
        return;
      case Opcode::kEhEdge:  // right after the call it stands for
        Shape(i, false, false, false, false) &&
            ((i > 0 && IsCall(fn_.insts[i - 1].op)) || Fail(i, "EhEdge does not follow a call")) &&
            Target(i, in.index);
        return;
      case Opcode::kBrIf:
        Shape(i, false, true, false, false) && int_type() && Want(i, "a", in.a, t) &&
            ((in.cond == Cond::kEq || in.cond == Cond::kNe) ||
             Fail(i, "br_if condition must be Eq or Ne")) &&
            Target(i, in.index);
        return;
      case Opcode::kBrCmp:
        Shape(i, false, true, true, false) && int_type() && Want(i, "a", in.a, t) &&
            Want(i, "b", in.b, t) &&
            (in.cond <= Cond::kGeU || Fail(i, "float condition on an integer compare")) &&
            Target(i, in.index);
        return;
      case Opcode::kBrTable:
        if (!Shape(i, false, true, false, false) || !Want(i, "index", in.a, Type::kI32) ||
            !ExtraInBounds(i))
          return;
        if (in.extra_count == 0) return (void)Fail(i, "br_table without a default target");
        for (uint32_t k = 0; k < in.extra_count; ++k)
          if (!Target(i, Extra(in, k))) return;
        return;
      case Opcode::kReturn: {
        if (!Shape(i, false, true, false, false) || !ExtraInBounds(i)) return;
        if (in.a != fn_.results_ptr)
          return (void)Fail(i, "return must read the results pointer (" +
                                   (fn_.results_ptr == kNoVReg ? std::string("none")
                                                               : V(fn_.results_ptr)) + ")");
        if (in.a != kNoVReg && !Want(i, "results pointer", in.a, Type::kI64)) return;
        if (in.index2 != in.extra_count || in.index2 != fn_.results.size())
          return (void)Fail(i, "return of " + std::to_string(in.index2) + " values (extra " +
                                   std::to_string(in.extra_count) + "); the function returns " +
                                   std::to_string(fn_.results.size()));
        for (uint32_t k = 0; k < in.index2; ++k)
          if (!Want(i, "result", Extra(in, k), fn_.results[k])) return;
        return;
      }
      case Opcode::kConst:
        Shape(i, true, false, false, false) && Want(i, "dst", in.dst, t) &&
            (!IsV128(t) || Fail(i, "v128 constant as kConst (use kVec V128Const)"));
        return;
      case Opcode::kVec: case Opcode::kVecLoad: case Opcode::kVecStore:
        VecOperands(i);
        return;
      case Opcode::kMov:
        Shape(i, true, true, false, false) && Want(i, "dst", in.dst, t) && Want(i, "a", in.a, t);
        return;
      case Opcode::kParallelMove: {
        if (!Shape(i, false, false, false, false) || !ExtraInBounds(i)) return;
        if (in.extra_count == 0 || in.extra_count % 2)
          return (void)Fail(i, "parallel move with " + std::to_string(in.extra_count) +
                                   " extra words (want (dst, src) pairs)");
        std::vector<VReg> dsts;
        for (uint32_t k = 0; k < in.extra_count; k += 2) {
          VReg d = Extra(in, k), s = Extra(in, k + 1);
          if (!Want(i, "move dst", d, t, true) || !Want(i, "move src", s, t, true)) return;
          if (fn_.vreg_types[d] != fn_.vreg_types[s])
            return (void)Fail(i, "parallel move " + V(d) + " <- " + V(s) + " between " +
                                     TypeName(fn_.vreg_types[d]) + " and " +
                                     TypeName(fn_.vreg_types[s]));
          dsts.push_back(d);
        }
        std::sort(dsts.begin(), dsts.end());
        auto dup = std::adjacent_find(dsts.begin(), dsts.end());
        if (dup != dsts.end()) Fail(i, "parallel move writes " + V(*dup) + " twice");
        return;
      }
      case Opcode::kSelect:
        Shape(i, true, true, true, true) && Want(i, "dst", in.dst, t) && Want(i, "a", in.a, t) &&
            Want(i, "b", in.b, t) && Want(i, "condition", in.c, Type::kI32);
        return;
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
      case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
      case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kDivS:
      case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU:
        arith(true, int_type);
        return;
      case Opcode::kAddShl:
        arith(true, int_type) && (in.imm <= 3 || Fail(i, "AddShl shift not 0..3"));
        return;
      case Opcode::kOpShifted: {
        const auto op = static_cast<Opcode>(in.index), shift = static_cast<Opcode>(in.index2);
        const bool logical = op == Opcode::kAnd || op == Opcode::kOr || op == Opcode::kXor;
        const uint64_t bits = t == Type::kI64 ? 64 : 32;
        arith(true, int_type) &&
            ((logical || op == Opcode::kAdd || op == Opcode::kSub) || Fail(i, "OpShifted operation not add/sub/and/or/xor")) &&
            (shift == Opcode::kShl || shift == Opcode::kShrU || shift == Opcode::kShrS ||
             (logical && shift == Opcode::kRotr) || Fail(i, "OpShifted shift not shl/shr_u/shr_s (or rotr under and/or/xor)")) &&
            ((in.imm >= 1 && in.imm < bits) || Fail(i, "OpShifted amount not 1..bits-1"));
        return;
      }
      case Opcode::kClz: case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kExtend8S:
      case Opcode::kExtend16S: case Opcode::kExtend32S:
        arith(false, int_type);
        return;
      case Opcode::kEqz:
        Shape(i, true, true, false, false) && int_type() && Want(i, "dst", in.dst, Type::kI32) &&
            Want(i, "a", in.a, t);
        return;
      case Opcode::kCmp:
        Shape(i, true, true, true, false) && int_type() && Want(i, "dst", in.dst, Type::kI32) &&
            Want(i, "a", in.a, t) && Want(i, "b", in.b, t) &&
            (in.cond <= Cond::kGeU || Fail(i, "float condition on an integer compare"));
        return;
      case Opcode::kFAdd: case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
      case Opcode::kFMin: case Opcode::kFMax: case Opcode::kFCopysign:
        arith(true, fp_type);
        return;
      case Opcode::kFAbs: case Opcode::kFNeg: case Opcode::kFSqrt: case Opcode::kFCeil:
      case Opcode::kFFloor: case Opcode::kFTrunc: case Opcode::kFNearest:
        arith(false, fp_type);
        return;
      case Opcode::kFCmp:
        Shape(i, true, true, true, false) && fp_type() && Want(i, "dst", in.dst, Type::kI32) &&
            Want(i, "a", in.a, t) && Want(i, "b", in.b, t) &&
            ((in.cond == Cond::kEq || in.cond == Cond::kNe || in.cond >= Cond::kFLt) ||
             Fail(i, "integer ordering condition on a float compare"));
        return;
      case Opcode::kWrap: case Opcode::kExtendS32: case Opcode::kExtendU32:
      case Opcode::kTruncS: case Opcode::kTruncU: case Opcode::kTruncSatS:
      case Opcode::kTruncSatU: case Opcode::kConvertS: case Opcode::kConvertU:
      case Opcode::kDemote: case Opcode::kPromote: case Opcode::kReinterpret:
        Shape(i, true, true, false, false) && Want(i, "dst", in.dst, t) &&
            Want(i, "a", in.a, in.src_type);
        return;
      case Opcode::kLoad:
        Shape(i, true, true, false, false) && Want(i, "dst", in.dst, t) &&
            Address(i) && Width(i);
        return;
      case Opcode::kStore:
        Shape(i, false, true, true, false) && Address(i) &&
            Want(i, "value", in.b, t) && Width(i);
        return;
      case Opcode::kMemorySize:
        Shape(i, true, in.a != kNoVReg, false, false) &&
            (in.a == kNoVReg || Want(i, "memory object", in.a, Type::kI64)) &&
            Want(i, "dst", in.dst, in.width == 8 ? Type::kI64 : t) &&
            (t == Type::kI32 || t == Type::kI64 || Fail(i, "memory.size of a float type"));
        return;
      case Opcode::kMemoryBase:
        Shape(i, true, false, false, false) && Want(i, "dst", in.dst, Type::kI64);
        return;
      case Opcode::kAtomicLoad:
        Shape(i, true, true, false, false) && int_type() && Want(i, "dst", in.dst, t) &&
            Want(i, "address", in.a, Type::kI32) && Width(i);
        return;
      case Opcode::kAtomicStore:
        Shape(i, false, true, true, false) && int_type() && Want(i, "address", in.a, Type::kI32) &&
            Want(i, "value", in.b, t) && Width(i);
        return;
      case Opcode::kAtomicRmw:
        Shape(i, true, true, true, false) && int_type() && Want(i, "dst", in.dst, t) &&
            Want(i, "address", in.a, Type::kI32) && Want(i, "operand", in.b, t) && Width(i) &&
            (in.index <= static_cast<uint32_t>(AtomicOp::kXchg) || Fail(i, "unknown atomic rmw op"));
        return;
      case Opcode::kAtomicCmpxchg:
        Shape(i, true, true, true, true) && int_type() && Want(i, "dst", in.dst, t) &&
            Want(i, "address", in.a, Type::kI32) && Want(i, "expected", in.b, t) &&
            Want(i, "replacement", in.c, t) && Width(i);
        return;
      case Opcode::kFence:
        Shape(i, false, false, false, false);
        return;
      case Opcode::kMemoryCopy: case Opcode::kMemoryFill:
        Shape(i, false, true, true, true) && Want(i, "dst", in.a, Type::kI32) &&
            Want(i, in.op == Opcode::kMemoryCopy ? "src" : "value", in.b, Type::kI32) &&
            Want(i, "n", in.c, Type::kI32);
        return;
      case Opcode::kMemoryGrow:
        Shape(i, true, true, false, false) && Want(i, "dst", in.dst, Type::kI32) &&
            Want(i, "a", in.a, Type::kI32);
        return;
      case Opcode::kGlobalGet:
        Shape(i, true, false, false, false) && Want(i, "dst", in.dst, t) && Global(i);
        return;
      case Opcode::kGlobalSet:
        Shape(i, false, true, false, false) && Want(i, "a", in.a, t) && Global(i);
        return;
      case Opcode::kRefFunc:
        Shape(i, true, false, false, false) && Want(i, "dst", in.dst, Type::kI64);
        return;
      case Opcode::kTableSize:
        Shape(i, true, false, false, false) && Want(i, "dst", in.dst, Type::kI32);
        return;
      case Opcode::kReturnCall: case Opcode::kReturnCallImport: case Opcode::kReturnCallIndirect:
      case Opcode::kCall: case Opcode::kCallImport: case Opcode::kCallIndirect:
      case Opcode::kCallRuntime: {
        const bool tail = IsTailCall(in.op);
        const bool indirect = in.op == Opcode::kCallIndirect || in.op == Opcode::kReturnCallIndirect;
        if (!Shape(i, false, indirect, tail, false) || !ExtraInBounds(i)) return;
        if (tail && in.b != fn_.results_ptr)
          return (void)Fail(i, "tail call must read the results pointer");
        if (in.index2 > in.extra_count)
          return (void)Fail(i, "call with " + std::to_string(in.index2) + " arguments but " +
                                   std::to_string(in.extra_count) + " extra words");
        const bool by_ref = indirect && in.imm == kCallRefTable;
        if (indirect && !Want(i, by_ref ? "callee funcref" : "callee index", in.a,
                              by_ref ? Type::kI64 : Type::kI32)) return;
        if (in.op == Opcode::kCallRuntime) return (void)RuntimeSig(i);
        if (!m_) {  // no signatures: operands in range at least
          for (uint32_t k = 0; k < in.extra_count; ++k)
            if (!Want(i, "call operand", Extra(in, k), Type::kI32, true)) return;
          return;
        }
        if (indirect) {
          if (in.index >= m_->types.size())
            return (void)Fail(i, "call_indirect type #" + std::to_string(in.index) + " out of range");
          if (!by_ref && in.imm >= m_->num_tables)
            return (void)Fail(i, "call_indirect table #" + std::to_string(in.imm) + " out of range");
          tail ? TailSig(i, m_->types[in.index]) : CallSig(i, m_->types[in.index]);
          return;
        }
        const bool import = in.op == Opcode::kCallImport || in.op == Opcode::kReturnCallImport;
        if (in.index >= m_->funcs.size() || import != (in.index < m_->num_imported_funcs))
          return (void)Fail(i, std::string(import ? "import" : "function") + " #" +
                                   std::to_string(in.index) + " is not a" +
                                   (import ? "n imported" : " defined") + " function");
        tail ? TailSig(i, m_->funcs[in.index]) : CallSig(i, m_->funcs[in.index]);
        return;
      }
    }
    Fail(i, "unknown opcode " + std::to_string(static_cast<int>(in.op)));
  }

  bool Width(uint32_t i) {
    const Inst& in = fn_.insts[i];
    const uint8_t w = in.width;
    const uint8_t max = Is64(in.type) ? 8 : 4;
    if ((w == 1 || w == 2 || w == 4 || w == 8) && w <= max) return true;
    return Fail(i, "access width " + std::to_string(w) + " for " + TypeName(in.type));
  }
  // kVec / kVecLoad / kVecStore against vec_ops.def: opcode kind, operand and result
  // types, access width, lane index.
  bool VecOperands(uint32_t i) {
    const Inst& in = fn_.insts[i];
    if (in.index >= NumVecOps()) return Fail(i, "VecOp #" + std::to_string(in.index) + " out of range");
    const VecOp op = VecOpOf(in);
    const VecKind kind = VecOpKind(op);
    const Opcode want = kind == VecKind::kVec ? Opcode::kVec
                        : kind == VecKind::kLoad ? Opcode::kVecLoad : Opcode::kVecStore;
    if (in.op != want)
      return Fail(i, std::string(VecOpName(op)) + " under " + OpcodeName(in.op) + ", expected " +
                         OpcodeName(want));
    auto type_of = [](char c) {
      switch (c) {
        case 'i': return Type::kI32;
        case 'l': return Type::kI64;
        case 'f': return Type::kF32;
        case 'd': return Type::kF64;
        default: return Type::kV128;
      }
    };
    const std::string operands = VecOpOperands(op), result = VecOpResult(op);
    const Type rt = result.empty() ? Type::kV128 : type_of(result[0]);
    if (in.type != rt)
      return Fail(i, std::string(VecOpName(op)) + " with type " + TypeName(in.type) + ", expected " +
                         TypeName(rt));
    if (kind != VecKind::kVec && in.src_type != Type::kI32 && in.src_type != Type::kI64)
      return Fail(i, "vector access address of type " + std::string(TypeName(in.src_type)));
    if (kind != VecKind::kVec && in.sign && in.src_type != Type::kI64)
      return Fail(i, "absolute vector access with a " + std::string(TypeName(in.src_type)) + " address");
    const VReg ops[3] = {in.a, in.b, in.c};
    static const char* const kNames[3] = {"a", "b", "c"};
    for (size_t k = 0; k < 3; ++k) {
      if (k >= operands.size()) {
        if (!None(i, kNames[k], ops[k])) return false;
      } else if (!Want(i, kNames[k], ops[k],
                       // a vector access's address: i64 for memory64 or an absolute address
                       k == 0 && kind != VecKind::kVec ? in.src_type : type_of(operands[k]))) {
        return false;
      }
    }
    if (result.empty() ? !None(i, "dst", in.dst) : !Want(i, "dst", in.dst, rt)) return false;
    if (in.width != VecOpAccessBytes(op))
      return Fail(i, "access width " + std::to_string(in.width) + " for " + VecOpName(op) +
                         ", expected " + std::to_string(VecOpAccessBytes(op)));
    const uint32_t lanes = VecOpLaneCount(op);
    if (lanes != 0 && in.index2 >= lanes)
      return Fail(i, "lane " + std::to_string(in.index2) + " of " + std::to_string(lanes) + " in " +
                         VecOpName(op));
    return true;
  }
  bool Global(uint32_t i) {
    const Inst& in = fn_.insts[i];
    const bool imported = in.index2 != 0;  // ir.h: index within the global's kind
    if (m_ && in.index >= (imported ? m_->num_imported_globals : m_->num_defined_globals))
      return Fail(i, std::string(imported ? "imported" : "defined") + " global #" +
                         std::to_string(in.index) + " out of range");
    return true;
  }

  // ---- definitions -----------------------------------------------------------------

  bool IsEntryDefined(VReg v) const { return v < fn_.num_params || v == fn_.results_ptr; }

  void CheckSingleDefs() {
    if (kinds_.empty()) return;
    if (kinds_.size() != fn_.NumVRegs())
      return (void)Fail(N(), "vreg kinds for " + std::to_string(kinds_.size()) + " vregs, the function has " +
                                 std::to_string(fn_.NumVRegs()));
    std::vector<uint32_t> first(fn_.NumVRegs(), ~0u);
    for (VReg v = 0; v < fn_.NumVRegs(); ++v)
      if (IsEntryDefined(v)) first[v] = N();
    for (uint32_t i = 0; i < N() && r_.ok; ++i)
      ForEachDef(fn_, fn_.insts[i], [&](VReg v) {
        if (kinds_[v] != 0 || !r_.ok) return;
        if (first[v] != ~0u)
          Fail(i, "temporary " + V(v) + " defined again (first " +
                      (first[v] == N() ? std::string("on entry") : "at inst " + std::to_string(first[v])) +
                      ")");
        first[v] = i;
      });
  }

  // Forward must-be-defined dataflow; one bit per vreg.
  void CheckDefinedness() {
    const uint32_t n = N();
    // Blocks: starts at 0, at labels, after branches.
    std::vector<uint32_t> block_of(n + 1, 0), starts;
    for (uint32_t i = 0; i < n; ++i) {
      const Inst& in = fn_.insts[i];
      bool after_branch = i > 0 && EndsBlock(fn_.insts[i - 1].op);
      if (i == 0 || in.op == Opcode::kLabel || after_branch) starts.push_back(i);
      block_of[i] = static_cast<uint32_t>(starts.size() - 1);
    }
    const uint32_t nb = static_cast<uint32_t>(starts.size());
    auto block_end = [&](uint32_t b) { return b + 1 < nb ? starts[b + 1] : n; };
    // Only "global" vregs need the dataflow: those read in some block before (or
    // without) a definition earlier in that block. The others are defined before
    // every use in their own block, which is all definedness asks of them.
    std::vector<uint32_t> global(fn_.NumVRegs(), ~0u), stamp(fn_.NumVRegs(), ~0u);
    uint32_t num_global = 0;
    for (uint32_t b = 0; b < nb; ++b)
      for (uint32_t i = starts[b]; i < block_end(b); ++i) {
        ForEachUse(fn_, fn_.insts[i], [&](VReg v) {
          if (stamp[v] != b && global[v] == ~0u) global[v] = num_global++;
        });
        ForEachDef(fn_, fn_.insts[i], [&](VReg v) { stamp[v] = b; });
      }
    const size_t words = (num_global + 63) / 64;
    std::vector<std::vector<uint64_t>> in_state(nb);
    std::vector<uint8_t> reached(nb, 0);
    std::vector<uint64_t> cur(words);
    std::vector<uint8_t> queued(nb, 0);
    std::vector<uint32_t> work;
    if (nb == 0) return;
    in_state[0].assign(words, 0);
    reached[0] = 1;
    for (VReg v = 0; v < fn_.NumVRegs(); ++v)
      if (IsEntryDefined(v) && global[v] != ~0u) in_state[0][global[v] >> 6] |= 1ull << (global[v] & 63);
    work.push_back(0);
    queued[0] = 1;
    auto flow = [&](uint32_t from_inst, uint32_t b) {
      if (!reached[b]) {
        reached[b] = 1;
        in_state[b] = cur;
      } else {
        bool changed = false;
        for (size_t w = 0; w < words; ++w) {
          uint64_t x = in_state[b][w] & cur[w];
          changed |= x != in_state[b][w];
          in_state[b][w] = x;
        }
        if (!changed) return;
      }
      (void)from_inst;
      if (!queued[b]) { queued[b] = 1; work.push_back(b); }
    };
    while (!work.empty() && r_.ok) {
      // Lowest block first: forward code converges in few passes.
      auto it = std::min_element(work.begin(), work.end());
      uint32_t b = *it;
      *it = work.back();
      work.pop_back();
      queued[b] = 0;
      cur = in_state[b];
      const uint32_t end = block_end(b);
      for (uint32_t i = starts[b]; i < end && r_.ok; ++i) {
        const Inst& in = fn_.insts[i];
        ForEachUse(fn_, in, [&](VReg v) {
          const uint32_t g = global[v];
          if (r_.ok && g != ~0u && !((cur[g >> 6] >> (g & 63)) & 1))
            Fail(i, "use of " + V(v) + " (" + TypeName(fn_.vreg_types[v]) + ", " +
                        (kinds_.empty() ? std::string("")
                                        : kinds_[v] ? std::string("variable, ") : std::string("temporary, ")) +
                        "" + "not defined on every path to it)");
        });
        ForEachDef(fn_, in, [&](VReg v) {
          if (const uint32_t g = global[v]; g != ~0u) cur[g >> 6] |= 1ull << (g & 63);
        });
      }
      if (!r_.ok) return;
      const Inst& last = fn_.insts[end - 1];
      if (!IsTerminator(last.op)) {
        if (end == n) return (void)Fail(end - 1, "control falls off the end of the function");
        flow(end - 1, block_of[end]);
      }
      ForEachTarget(fn_, last, [&](uint32_t l) { flow(end - 1, block_of[label_inst_[l]]); });
    }
  }

  const Function& fn_;
  const ModuleSignatures* m_;
  std::span<const uint8_t> kinds_;
  std::vector<uint32_t> label_inst_;
  VerifyResult r_;
};

}  // namespace

VerifyResult VerifyFunction(const Function& fn, const ModuleSignatures* module,
                            std::span<const uint8_t> kinds) {
  if (fn.vreg_types.size() < fn.num_params)
    return {false, 0, "fewer vregs than params"};
  if (fn.insts.empty()) return {false, 0, "no instructions (not even a return)"};
  return Verifier(fn, module, kinds).Run();
}

std::string VerifyReport(const Function& fn, const VerifyResult& r) {
  std::string s = "IR verifier: func " + std::to_string(fn.func_index) + ", inst " +
                  std::to_string(r.inst) + ": " + r.what + "\n";
  return s + PrintAround(fn, r.inst);
}

}  // namespace wasmc::ir
