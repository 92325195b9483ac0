#include "backend/ir/ir.h"

#include <string_view>

#include "backend/diag.h"

namespace wasmc::ir {

const char* TypeName(Type t) {
  switch (t) {
    case Type::kI32: return "i32";
    case Type::kI64: return "i64";
    case Type::kF32: return "f32";
    case Type::kF64: return "f64";
    case Type::kV128: return "v128";
  }
  return "?";
}

Cond NegateIntCond(Cond c) {
  switch (c) {
    case Cond::kEq: return Cond::kNe;
    case Cond::kNe: return Cond::kEq;
    case Cond::kLtS: return Cond::kGeS;
    case Cond::kGeS: return Cond::kLtS;
    case Cond::kLtU: return Cond::kGeU;
    case Cond::kGeU: return Cond::kLtU;
    case Cond::kGtS: return Cond::kLeS;
    case Cond::kLeS: return Cond::kGtS;
    case Cond::kGtU: return Cond::kLeU;
    case Cond::kLeU: return Cond::kGtU;
    default: WASMC_UNREACHABLE();
  }
}

Cond SwapIntCond(Cond c) {
  switch (c) {
    case Cond::kEq: case Cond::kNe: return c;
    case Cond::kLtS: return Cond::kGtS;
    case Cond::kGtS: return Cond::kLtS;
    case Cond::kLtU: return Cond::kGtU;
    case Cond::kGtU: return Cond::kLtU;
    case Cond::kLeS: return Cond::kGeS;
    case Cond::kGeS: return Cond::kLeS;
    case Cond::kLeU: return Cond::kGeU;
    case Cond::kGeU: return Cond::kLeU;
    default: WASMC_UNREACHABLE();
  }
}

const char* OpcodeName(Opcode op) {
  switch (op) {
#define V(name) case Opcode::k##name: return #name;
    WASMC_IR_OPCODES(V)
#undef V
  }
  return "?";
}

const char* RuntimeFnSymbol(RuntimeFn f) {
  switch (f) {
    case RuntimeFn::kMemoryCopy: return "wasmc_rt_memory_copy";
    case RuntimeFn::kMemoryFill: return "wasmc_rt_memory_fill";
    case RuntimeFn::kMemoryInit: return "wasmc_rt_memory_init";
    case RuntimeFn::kDataDrop: return "wasmc_rt_data_drop";
    case RuntimeFn::kTableGet: return "wasmc_rt_table_get";
    case RuntimeFn::kTableSet: return "wasmc_rt_table_set";
    case RuntimeFn::kTableGrow: return "wasmc_rt_table_grow";
    case RuntimeFn::kTableFill: return "wasmc_rt_table_fill";
    case RuntimeFn::kTableCopy: return "wasmc_rt_table_copy";
    case RuntimeFn::kTableInit: return "wasmc_rt_table_init";
    case RuntimeFn::kElemDrop: return "wasmc_rt_elem_drop";
    case RuntimeFn::kMemoryWait32: return "wasmc_rt_memory_wait32";
    case RuntimeFn::kMemoryWait64: return "wasmc_rt_memory_wait64";
    case RuntimeFn::kMemoryNotify: return "wasmc_rt_memory_notify";
    case RuntimeFn::kExnTake: return "wasmc_rt_exn_take";
    case RuntimeFn::kExnNew: return "wasmc_rt_exn_new";
    case RuntimeFn::kExnSet: return "wasmc_rt_exn_set";
    case RuntimeFn::kExnGet: return "wasmc_rt_exn_get";
    case RuntimeFn::kExnIs: return "wasmc_rt_exn_is";
    case RuntimeFn::kThrowRef: return "wasmc_rt_throw_ref";
    case RuntimeFn::kMemoryGrowN: return "wasmc_rt_memory_grow_n";
    case RuntimeFn::kMemoryCopyN: return "wasmc_rt_memory_copy_n";
    case RuntimeFn::kMemoryFillN: return "wasmc_rt_memory_fill_n";
    case RuntimeFn::kMemoryInitN: return "wasmc_rt_memory_init_n";
  }
  return "?";
}

bool IsPure(Opcode op) {
  switch (op) {
    case Opcode::kConst: case Opcode::kMov: case Opcode::kSelect:
    case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
    case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
    case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kClz:
    case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kEqz: case Opcode::kCmp:
    case Opcode::kExtend8S: case Opcode::kExtend16S: case Opcode::kExtend32S:
    case Opcode::kFAdd: case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
    case Opcode::kFMin: case Opcode::kFMax: case Opcode::kFCopysign: case Opcode::kFAbs:
    case Opcode::kFNeg: case Opcode::kFSqrt: case Opcode::kFCeil: case Opcode::kFFloor:
    case Opcode::kFTrunc: case Opcode::kFNearest: case Opcode::kFCmp: case Opcode::kWrap:
    case Opcode::kExtendS32: case Opcode::kExtendU32: case Opcode::kTruncSatS:
    case Opcode::kTruncSatU: case Opcode::kConvertS: case Opcode::kConvertU:
    case Opcode::kDemote: case Opcode::kPromote: case Opcode::kReinterpret:
    case Opcode::kGlobalGet: case Opcode::kRefFunc: case Opcode::kTableSize:
    case Opcode::kMemorySize: case Opcode::kMemoryBase: case Opcode::kVec:
    case Opcode::kAddShl: case Opcode::kOpShifted:
      return true;
    default:
      return false;
  }
}

namespace {
struct VecOpInfo {
  const char* name;
  VecKind kind;
  const char* operands;
  const char* result;
  uint8_t bytes;
};
constexpr VecOpInfo kVecOps[] = {
#define V(name, kind, operands, result, bytes) {#name, VecKind::kind, operands, result, bytes},
#include "backend/ir/vec_ops.def"
#undef V
};
const VecOpInfo& Info(VecOp op) { return kVecOps[static_cast<size_t>(op)]; }
}  // namespace

const char* VecOpName(VecOp op) { return Info(op).name; }
VecKind VecOpKind(VecOp op) { return Info(op).kind; }
const char* VecOpOperands(VecOp op) { return Info(op).operands; }
const char* VecOpResult(VecOp op) { return Info(op).result; }
uint32_t VecOpAccessBytes(VecOp op) { return Info(op).bytes; }
uint32_t VecOpLaneCount(VecOp op) {
  const std::string_view name = Info(op).name;
  const bool lane = name.find("ExtractLane") != name.npos || name.find("ReplaceLane") != name.npos ||
                    (Info(op).kind != VecKind::kVec && name.ends_with("Lane"));
  if (!lane) return 0;
  if (Info(op).kind != VecKind::kVec) return 16 / Info(op).bytes;
  return name.starts_with("I8x16") ? 16 : name.substr(1, 3) == "16x" ? 8 : name.substr(1, 3) == "32x" ? 4 : 2;
}
uint32_t NumVecOps() { return static_cast<uint32_t>(sizeof kVecOps / sizeof kVecOps[0]); }

}  // namespace wasmc::ir
