// The back end's function IR: a flat list of instructions over virtual registers.
//
// Shape (docs/backend.md):
//   - A function is one vector of Inst in layout order. A kLabel instruction starts a
//     block; every block ends with a terminator (kJump, kBrIf, kBrCmp, kBrTable,
//     kReturn, kTrap) or falls through into the next kLabel.
//   - Values live in virtual registers (VReg). Temporaries of the wasm operand stack
//     are defined exactly once; wasm locals and block results are variables that
//     several instructions may define (so no phis are needed: a branch that carries
//     values is a kParallelMove into the target's result registers, then a jump).
//   - Constants are kConst definitions; users may read their value directly
//     (Function::IsConst) so the emitter can use immediates.
//   - Variable-length operand lists (call arguments, results, br_table targets,
//     parallel moves) live in Function::extra; an Inst holds [extra_begin, +extra_count).
//   - Vectors (SIMD): type kV128 values live in the FP/vector register class; vector
//     operations are kVec / kVecLoad / kVecStore with an ir::VecOp in `index`
//     (backend/ir/vec_ops.def, docs/backend.md "SIMD in the IR").
#pragma once

#include <cstdint>
#include <vector>

namespace wasmc::ir {

enum class Type : uint8_t { kI32, kI64, kF32, kF64, kV128 };
inline bool IsFloat(Type t) { return t == Type::kF32 || t == Type::kF64; }
inline bool IsV128(Type t) { return t == Type::kV128; }
// Register class: f32, f64 and v128 live in FP/vector registers, the rest in GPRs.
inline bool IsFpr(Type t) { return IsFloat(t) || IsV128(t); }
inline bool Is64(Type t) { return t == Type::kI64 || t == Type::kF64; }
const char* TypeName(Type t);

using VReg = uint32_t;
constexpr VReg kNoVReg = 0xffffffffu;

// Integer and float comparison conditions (a `cond` field).
enum class Cond : uint8_t {
  kEq, kNe, kLtS, kLtU, kGtS, kGtU, kLeS, kLeU, kGeS, kGeU,
  kFLt, kFGt, kFLe, kFGe,  // ordered float compares (false on NaN); kEq/kNe for floats too
};
// The integer condition that holds exactly when `c` does not (kEq <-> kNe, kLtS <-> kGeS,
// ...). Integer conditions only: a negated ordered float compare is not one.
Cond NegateIntCond(Cond c);
// The integer condition of the swapped operands: `a c b` <=> `b SwapIntCond(c) a`
// (kLtS <-> kGtS, kLeU <-> kGeU, ...; kEq and kNe stay).
Cond SwapIntCond(Cond c);

#define WASMC_IR_OPCODES(V)                                                              \
  /* structure */                                                                        \
  V(Nop) V(Label) V(Jump) V(BrIf) V(BrCmp) V(BrTable) V(Return) V(Trap)                  \
  /* values */                                                                           \
  V(Const) V(Mov) V(ParallelMove) V(Select)                                              \
  /* integer: type = operand type; kClz / kCtz: index2 = 1 when the operand is known   */ \
  /* not to be zero (backend/opt/fold.cc), so the zero input's answer is never needed  */ \
  V(Add) V(Sub) V(Mul) V(And) V(Or) V(Xor) V(Shl) V(ShrS) V(ShrU) V(Rotl) V(Rotr)         \
  V(DivS) V(DivU) V(RemS) V(RemU) V(Clz) V(Ctz) V(Popcnt) V(Eqz) V(Cmp)                  \
  V(Extend8S) V(Extend16S) V(Extend32S)                                                  \
  /* float: type = operand type */                                                       \
  V(FAdd) V(FSub) V(FMul) V(FDiv) V(FMin) V(FMax) V(FCopysign)                           \
  V(FAbs) V(FNeg) V(FSqrt) V(FCeil) V(FFloor) V(FTrunc) V(FNearest) V(FCmp)              \
  /* conversions: type = result type, src_type = operand type */                         \
  V(Wrap) V(ExtendS32) V(ExtendU32) V(TruncS) V(TruncU) V(TruncSatS) V(TruncSatU)        \
  V(ConvertS) V(ConvertU) V(Demote) V(Promote) V(Reinterpret)                            \
  /* memory: width in bytes, sign = sign-extend, imm = static offset. Load/Store:    */ \
  /* src_type = address type (i32: zero-extended, i64: memory64); index2 = 0: the     */ \
  /* address is relative to memory 0's base, 1: `a` is an absolute i64 address (the   */ \
  /* builder added another memory's kMemoryBase). MemorySize: index = memory, result  */ \
  /* in pages, or in bytes (i64) when width = 8; a = the memory's object (MemoryBase  */ \
  /* imm 1) or none. MemoryBase: index = memory, its base, or its object when imm = 1 */ \
  /* Load/Store: index = k (0..3): the address is `a << k` (i32, index2 = 0 only),    */ \
  /* made by backend/opt/scaled_index.cc where a's bound proves no 32-bit wrap      */ \
  V(Load) V(Store) V(MemorySize) V(MemoryGrow) V(MemoryBase)                             \
  /* instance state: index = function / table index; globals: index2 = 1 for an      */ \
  /* imported global (index = its import slot), 0 for a defined one (index within the */ \
  /* module's own globals, stored in the instance after its header; abi.h)           */ \
  V(GlobalGet) V(GlobalSet) V(RefFunc) V(TableSize)                                      \
  /* calls: extra = args then result vregs */                                            \
  V(Call) V(CallImport) V(CallIndirect) V(CallRuntime)                                   \
  /* tail calls (terminators): like the calls, extra = args only (the callee's results */ \
  /* are the function's); b = the function's results pointer, kept live (docs/backend.md) */ \
  V(ReturnCall) V(ReturnCallImport) V(ReturnCallIndirect)                                \
  /* atomics (threads), sequentially consistent: width in bytes (narrow forms      */ \
  /* zero-extend), imm = static offset, a = address; AtomicRmw: index = AtomicOp,  */ \
  /* b = operand; AtomicCmpxchg: b = expected, c = replacement; dst = old value.   */ \
  /* An unaligned effective address traps (after the bounds check).               */ \
  V(AtomicLoad) V(AtomicStore) V(AtomicRmw) V(AtomicCmpxchg) V(Fence)                    \
  /* exceptions: right after a call that may throw, inside a try: index = the      */ \
  /* landing pad's label. No code; a branch for liveness, the allocator and the    */ \
  /* checker (values live into the pad are live across the call), and the emitter  */ \
  /* records the call's code range -> pad in the function's exception table.       */ \
  V(EhEdge)                                                                              \
  /* vectors: index = VecOp (vec_ops.def), type = result type; see VecOp below */        \
  V(Vec) V(VecLoad) V(VecStore)                                                          \
  /* bulk memory of memory 0 with i32 operands, inline (targets whose MacroAssembler  */ \
  /* InlinesBulkMemory; others keep the kCallRuntime these replace, InlineBulkMemory  */ \
  /* in backend/codegen/function_compiler.cc): MemoryCopy a = dst, b = src, c = n     */ \
  /* (memmove); MemoryFill a = dst, b = value (its low byte), c = n. Both trap (out   */ \
  /* of bounds) before writing anything when a range ends beyond the memory's size.  */ \
  V(MemoryCopy) V(MemoryFill)                                                            \
  /* dst = a + (b << imm) + disp, imm = 0..3, disp = index as int32 (sign-extended for */ \
  /* i64), integer type: made by the mid-end's last pass (backend/opt/scaled_add.cc)    */ \
  /* from a shift read only by an add, or an add read only by an add/sub of a constant */ \
  V(AddShl)                                                                              \
  /* dst = a OP (b SHIFT imm), integer type: OP = index (the Opcode of Add, Sub, And,  */ \
  /* Or, Xor), SHIFT = index2 (the Opcode of Shl, ShrU, ShrS, or Rotr under And, Or,   */ \
  /* Xor), imm = 1..bits-1: AArch64's shifted-register operand, made for targets that  */ \
  /* have one by the mid-end's last pass (backend/opt/shifted_operand.cc) from a shift */ \
  /* by a constant read only by that operation                                         */ \
  V(OpShifted)

enum class Opcode : uint8_t {
#define V(name) k##name,
  WASMC_IR_OPCODES(V)
#undef V
};
const char* OpcodeName(Opcode op);

// Runtime helpers reached through kCallRuntime (index field); see abi.h.
enum class RuntimeFn : uint8_t {
  kMemoryCopy, kMemoryFill, kMemoryInit, kDataDrop, kTableGet, kTableSet, kTableGrow,
  kTableFill, kTableCopy, kTableInit, kElemDrop,
  kMemoryWait32, kMemoryWait64, kMemoryNotify,  // threads: (i64 ea, ...) -> i32
  // Exception handling (runtime-support/core/eh.c): a landing pad takes the exception
  // being delivered; throw builds one (new, set payload word) and throws it.
  kExnTake, kExnNew, kExnSet, kExnGet, kExnIs, kThrowRef,
  kMemoryGrowN, kMemoryCopyN, kMemoryFillN, kMemoryInitN,  // any memory, 64-bit operands
};

// The read-modify-write of a kAtomicRmw (its index field).
enum class AtomicOp : uint8_t { kAdd, kSub, kAnd, kOr, kXor, kXchg };
const char* RuntimeFnSymbol(RuntimeFn f);  // "wasmc_rt_memory_copy", ...

// Vector operations (kVec, kVecLoad, kVecStore), one per SIMD128 / relaxed-SIMD
// operator, named after it (backend/ir/vec_ops.def). Fields of such an Inst:
//   index  = the VecOp; type = result type (kV128, or the scalar of an extract_lane,
//            bitmask, all_true, any_true; kV128 for stores, which have no dst)
//   a, b, c = operands in vec_ops.def order (kVecLoad/kVecStore: a = i32 address;
//            lane loads: b = the vector whose other lanes are kept; stores: b = value)
//   index2 = lane index (extract/replace lane, lane loads/stores)
//   imm    = static memory offset (loads/stores); V128Const / I8x16Shuffle: bytes 0..7
//            of the constant / the 16 lane selectors, little-endian; imm_hi bytes 8..15
//   width  = bytes accessed (loads/stores, = VecOpAccessBytes)
//   src_type, sign (loads/stores) = the address, as kLoad's src_type / index2 (the lane
//            index takes index2 here): i32 = memory 0 with a 32-bit address; i64 and
//            !sign = memory 0, a 64-bit memory (bounds-checked in the IR); i64 and
//            sign = an absolute address (base + zext(addr) of another memory)
enum class VecOp : uint16_t {
#define V(name, kind, operands, result, bytes) k##name,
#include "backend/ir/vec_ops.def"
#undef V
};
enum class VecKind : uint8_t { kVec, kLoad, kStore };
const char* VecOpName(VecOp op);         // "I8x16AddSatS"
VecKind VecOpKind(VecOp op);
const char* VecOpOperands(VecOp op);     // vec_ops.def letters: "vv", "vi", "i", ...
const char* VecOpResult(VecOp op);       // "v", "i", "l", "f", "d" or ""
uint32_t VecOpAccessBytes(VecOp op);     // loads/stores: bytes accessed, else 0
// Lanes of the operation's lane index (Inst::index2): 16, 8, 4 or 2; 0 when it has none
// (only extract_lane, replace_lane and the lane loads/stores have one).
uint32_t VecOpLaneCount(VecOp op);
uint32_t NumVecOps();

struct Inst {
  Opcode op = Opcode::kNop;
  Type type = Type::kI32;      // operation / result type
  Type src_type = Type::kI32;  // conversions: operand type
  Cond cond = Cond::kEq;       // kCmp, kFCmp, kBrCmp
  uint8_t width = 0;           // kLoad/kStore: access size in bytes
  bool sign = false;           // kLoad: sign-extend
  uint8_t loop_depth = 0;      // loop nesting depth (spill weights)
  VReg dst = kNoVReg;
  VReg a = kNoVReg, b = kNoVReg, c = kNoVReg;
  uint32_t index = 0;          // label id / global / function / table / type / trap code / RuntimeFn
  uint32_t index2 = 0;         // call_indirect: table index; kCall*: number of args in extra
  uint64_t imm = 0;            // kConst bits, memory offset
  uint64_t imm_hi = 0;         // kVec V128Const / I8x16Shuffle: bytes 8..15 (imm = 0..7)
  uint32_t extra_begin = 0, extra_count = 0;
  uint32_t marker = 0;         // index of the wasm-operator marker that produced it
};

inline VecOp VecOpOf(const Inst& in) { return static_cast<VecOp>(in.index); }

// A `; <op> @0xOFFSET` marker: the wasm operator whose code starts at inst `first_inst`.
struct Marker {
  uint32_t first_inst = 0;
  uint64_t wasm_offset = 0;
  const char* name = "";
};

struct Function {
  uint32_t func_index = 0;
  std::vector<Inst> insts;
  std::vector<Type> vreg_types;
  std::vector<uint32_t> extra;
  std::vector<uint32_t> label_block;  // label id -> inst index of its kLabel (filled by the builder)
  std::vector<Marker> markers;
  uint32_t num_labels = 0;
  uint32_t num_params = 0;            // vregs 0..num_params-1 hold the params on entry
  VReg results_ptr = kNoVReg;         // multi-value results: the hidden pointer param
  std::vector<Type> results;
  // False: no function of the program keeps an FPR value across a call (its producer,
  // compiler/, decides for a whole program at once), so the target's wasm-internal
  // convention (regalloc::RegisterInfo::fpr_wasm_saved) is off for every function:
  // plain C-convention calls, no save-all before C calls, no callee_pops tests for it.
  bool fprs_kept_across_calls = true;
  // True: the function's module is the only wasm code of its process (compiler/'s
  // CompileOptions::sole_module), entered from C only through the entries that set the
  // target's pinned registers (regalloc::RegisterInfo::gpr_pinned; x86-64: r15 = the
  // instance, r14 = memory 0's base: the export trampolines, the runtime's start-function
  // call). Its code then keeps them as they are through every function: none saves,
  // sets or writes them (docs/backend.md, "Calls between wasm functions").
  bool pinned_registers_kept = false;
  // True: every funcref the function's call_indirect / call_ref / return_call_indirect
  // can read is one of its own module's functions, never C code (compiler/'s
  // FuncrefsAreOwnCode, for sole modules): the callee keeps the wasm convention
  // (wasmc_funcref::callee_pops is set) and, with the pinned registers, reads its
  // instance from them, so the call needs neither the callee_pops test nor the
  // funcref's instance.
  bool funcrefs_own_code = false;
  // With funcrefs_own_code: table 0's size when it can never change (a defined funcref
  // table with max == min, compiler/'s FixedTable0Size), else kNoFixedTable. The
  // runtime then keeps its elements' code at elems[size + i] for good (abi.h,
  // wasmc_table), so call_indirect through it calls that with one load, not two.
  uint32_t table0_fixed_size = kNoFixedTable;
  static constexpr uint32_t kNoFixedTable = 0xffffffffu;
  // Per type index, the signature id the runtime gives the type (abi.h,
  // wasmc_plain_type_id), or kUnknownTypeId: call_indirect then compares the funcref's
  // id with a constant, else with inst->type_ids[type] (null: every id unknown). Owned
  // by the producer (compiler/'s FunctionsCompiler), shared by the module's functions.
  const std::vector<uint32_t>* type_ids = nullptr;

  VReg NewVReg(Type t) {
    vreg_types.push_back(t);
    return static_cast<VReg>(vreg_types.size() - 1);
  }
  uint32_t NumVRegs() const { return static_cast<uint32_t>(vreg_types.size()); }
};

// True for instructions that end a block (no fall-through).
inline bool IsTerminator(Opcode op) {
  return op == Opcode::kJump || op == Opcode::kBrTable || op == Opcode::kReturn ||
         op == Opcode::kTrap || op == Opcode::kReturnCall || op == Opcode::kReturnCallImport ||
         op == Opcode::kReturnCallIndirect;
}
// True for instructions after which a new block starts: the terminators and the
// conditional edges (kBrIf, kBrCmp, kEhEdge).
inline bool EndsBlock(Opcode op) {
  return op == Opcode::kBrIf || op == Opcode::kBrCmp || op == Opcode::kEhEdge || IsTerminator(op);
}
// kCallIndirect / kReturnCallIndirect with imm == kCallRefTable (call_ref): `a` is
// the funcref pointer itself (i64), not a table element index; null traps with
// WASMC_TRAP_NULL_FUNC_REF and there is no signature check (the type is static).
inline constexpr uint32_t kCallRefTable = 0xffffffffu;
inline constexpr uint32_t kUnknownTypeId = 0xffffffffu;  // Function::type_ids
inline bool IsTailCall(Opcode op) {
  return op == Opcode::kReturnCall || op == Opcode::kReturnCallImport ||
         op == Opcode::kReturnCallIndirect;
}
// A kBrIf (cond kNe: branch on nonzero, kEq: on zero; an i32 reads the low 32 bits)
// on the constant `value`: is the branch taken? The one answer for the passes, the
// emitters and the address check's facts, which must agree on which edges exist.
inline bool BrIfTaken(const Inst& in, uint64_t value) {
  const uint64_t v = in.type == Type::kI64 ? value : (value & 0xffffffffu);
  return (v != 0) == (in.cond == Cond::kNe);
}
// A kBrTable on the constant index `value`: the position of its target among its
// extra_count labels (an index out of range takes the default, the last).
inline uint32_t BrTableTargetIndex(const Inst& in, uint64_t value) {
  const uint32_t last = in.extra_count - 1, index = static_cast<uint32_t>(value);
  return index < last ? index : last;
}
// True for instructions that may be deleted when their result is unused.
bool IsPure(Opcode op);
inline bool IsVecOpcode(Opcode op) {
  return op == Opcode::kVec || op == Opcode::kVecLoad || op == Opcode::kVecStore;
}
// True for instructions that call out (clobber caller-saved registers).
inline bool IsCall(Opcode op) {
  return op == Opcode::kCall || op == Opcode::kCallImport || op == Opcode::kCallIndirect ||
         op == Opcode::kCallRuntime || op == Opcode::kMemoryGrow || IsTailCall(op);
}
// True for the integer operations whose operands may be swapped.
inline bool IsCommutative(Opcode op) {
  return op == Opcode::kAdd || op == Opcode::kMul || op == Opcode::kAnd || op == Opcode::kOr ||
         op == Opcode::kXor;
}

// Calls `f(vreg)` for each vreg the instruction reads / writes; with a non-const
// function and instruction, f may take `VReg&` and rename it.
template <typename Fn, typename I, typename F>
void ForEachUse(Fn& fn, I& in, F&& f) {
  if (in.a != kNoVReg) f(in.a);
  if (in.b != kNoVReg) f(in.b);
  if (in.c != kNoVReg) f(in.c);
  switch (in.op) {
    case Opcode::kCall: case Opcode::kCallImport: case Opcode::kCallIndirect:
    case Opcode::kCallRuntime: case Opcode::kReturn: case Opcode::kReturnCall:
    case Opcode::kReturnCallImport: case Opcode::kReturnCallIndirect:
      for (uint32_t i = 0; i < in.index2; ++i) f(fn.extra[in.extra_begin + i]);
      break;
    case Opcode::kParallelMove:  // extra = (dst, src) pairs
      for (uint32_t i = 0; i < in.extra_count; i += 2) f(fn.extra[in.extra_begin + i + 1]);
      break;
    default: break;
  }
}
template <typename Fn, typename I, typename F>
void ForEachDef(Fn& fn, I& in, F&& f) {
  if (in.dst != kNoVReg) f(in.dst);
  switch (in.op) {
    case Opcode::kCall: case Opcode::kCallImport: case Opcode::kCallIndirect:
    case Opcode::kCallRuntime:
      for (uint32_t i = in.index2; i < in.extra_count; ++i) f(fn.extra[in.extra_begin + i]);
      break;
    case Opcode::kParallelMove:
      for (uint32_t i = 0; i < in.extra_count; i += 2) f(fn.extra[in.extra_begin + i]);
      break;
    default: break;
  }
}
// Label ids a terminator/branch may jump to.
template <typename F>
void ForEachTarget(const Function& fn, const Inst& in, F&& f) {
  switch (in.op) {
    case Opcode::kJump: case Opcode::kBrIf: case Opcode::kBrCmp: case Opcode::kEhEdge:
      f(in.index);
      break;
    case Opcode::kBrTable:
      for (uint32_t i = 0; i < in.extra_count; ++i) f(fn.extra[in.extra_begin + i]);
      break;
    default: break;
  }
}

}  // namespace wasmc::ir
