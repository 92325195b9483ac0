// The in-memory form of a decoded WebAssembly 2.0 module.
//
// Produced by DecodeModule (compiler/decode/), checked by ValidateModule
// (compiler/validate/), consumed by the backend. Function bodies are not decoded
// here: a Code entry records where the body's bytes are, and the one function-body
// decoder (compiler/validate/body_decoder.h) walks them for every consumer.
//
// Index spaces follow the spec: imported functions/tables/memories/globals come
// first, then the module's own definitions.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/debug_info.h"

namespace wasmc {

// A value type. Numeric types and the 2.0 reference types are their binary bytes;
// 3.0's typed function references are encoded in the upper bits (see MakeRefType):
// bits 0-7 the family (0x70 func, 0x6f extern), bit 8 non-nullable, bits 9-31 a type
// index + 1 (0: the abstract heap type). So (ref null func) is kFuncRef, and the low
// byte of any reference type is what its value is at run time (StorageType).
enum class ValType : uint32_t {
  kI32 = 0x7f,
  kI64 = 0x7e,
  kF32 = 0x7d,
  kF64 = 0x7c,
  kV128 = 0x7b,
  kFuncRef = 0x70,
  kExternRef = 0x6f,
  kExnRef = 0x69,  // exception handling (3.0): a reference to a caught exception
  // Not a real type: the "unknown" operand type of unreachable code in the validator.
  kBottom = 0x00,
};

inline constexpr uint32_t kRefNonNullBit = 0x100;
inline constexpr uint32_t kNoHeapIndex = 0xffffffffu;
inline ValType MakeRefType(ValType family, bool nullable, uint32_t type_index = kNoHeapIndex) {
  uint32_t v = static_cast<uint32_t>(family) | (nullable ? 0 : kRefNonNullBit);
  if (type_index != kNoHeapIndex) v |= (type_index + 1) << 9;
  return static_cast<ValType>(v);
}
// The run-time representation: i32 ... v128, funcref or externref.
inline ValType StorageType(ValType t) { return static_cast<ValType>(static_cast<uint32_t>(t) & 0xff); }
inline bool IsRefType(ValType t) {
  return StorageType(t) == ValType::kFuncRef || StorageType(t) == ValType::kExternRef ||
         StorageType(t) == ValType::kExnRef;
}
inline bool IsNullableRef(ValType t) { return (static_cast<uint32_t>(t) & kRefNonNullBit) == 0; }
inline bool HasHeapIndex(ValType t) { return (static_cast<uint32_t>(t) >> 9) != 0; }
inline uint32_t HeapIndex(ValType t) { return (static_cast<uint32_t>(t) >> 9) - 1; }
inline ValType AsNonNull(ValType t) { return static_cast<ValType>(static_cast<uint32_t>(t) | kRefNonNullBit); }
// Locals of non-defaultable types (non-nullable references) must be set before use.
inline bool IsDefaultable(ValType t) { return !IsRefType(t) || IsNullableRef(t); }
inline bool IsNumType(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 || t == ValType::kF64;
}
const char* ValTypeName(ValType t);  // "i32", "funcref", "(ref null 3)", ...

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};

struct Limits {
  uint64_t min = 0;
  uint64_t max = 0;
  bool has_max = false;
  bool shared = false;  // memories only (threads): flags 0x02 / 0x03
  bool is64 = false;  // memory64 / table64: i64 addresses and sizes (3.0)
};

struct ConstExpr;

struct TableType {
  ValType elem = ValType::kFuncRef;
  Limits limits;
  // 3.0: a table type with an initializer (0x40 0x00 prefix); index into
  // Module::table_inits, else kNoInit (elements start null).
  uint32_t init = kNoInit;
  static constexpr uint32_t kNoInit = 0xffffffffu;
};

struct MemoryType {
  Limits limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::kI32;
  bool mut = false;
};

enum class ExternKind : uint8_t { kFunc = 0, kTable = 1, kMemory = 2, kGlobal = 3, kTag = 4 };

// A constant expression: one instruction then `end` (WebAssembly 2.0), or, with 3.0's
// extended constant expressions, kProgram: `ops` in order (constants, global.get and
// the i32/i64 add/sub/mul kinds below), evaluated on a stack; `type` is its result.
struct ConstExpr {
  enum Kind : uint8_t { kI32, kI64, kF32, kF64, kV128, kRefNull, kRefFunc, kGlobalGet,
                        kI32Add, kI32Sub, kI32Mul, kI64Add, kI64Sub, kI64Mul, kProgram };
  Kind kind = kI32;
  ValType type = ValType::kI32;      // result type (for kRefNull: the ref type)
  std::array<uint64_t, 2> bits{};    // numeric payload; f32/f64 as raw bits, v128 as lo/hi
  uint32_t index = 0;                // kRefFunc: function index; kGlobalGet: global index
  uint64_t offset = 0;               // file offset of the expression's first byte
  std::vector<ConstExpr> ops;        // kProgram only
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t type_index = 0;  // kFunc, kTag
  TableType table;          // kTable
  MemoryType memory;        // kMemory
  GlobalType global;        // kGlobal
  uint64_t offset = 0;
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::kFunc;
  uint32_t index = 0;
  uint64_t offset = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct ElemSegment {
  enum Mode : uint8_t { kActive, kPassive, kDeclarative };
  Mode mode = kActive;
  uint32_t table_index = 0;
  ConstExpr offset_expr;             // kActive only
  ValType elem_type = ValType::kFuncRef;
  // Either function indices (the elemkind/funcidx forms) or expressions.
  bool uses_exprs = false;
  std::vector<uint32_t> func_indices;
  std::vector<ConstExpr> exprs;
  uint64_t offset = 0;
  size_t size() const { return uses_exprs ? exprs.size() : func_indices.size(); }
};

struct DataSegment {
  enum Mode : uint8_t { kActive, kPassive };
  Mode mode = kActive;
  uint32_t memory_index = 0;
  ConstExpr offset_expr;             // kActive only
  std::span<const uint8_t> bytes;    // points into Module::bytes
  uint64_t offset = 0;
};

struct LocalRun {
  uint32_t count = 0;
  ValType type = ValType::kI32;
};

struct Code {
  std::vector<LocalRun> locals;  // compressed, as in the binary
  uint64_t num_locals = 0;       // sum of counts (params not included)
  uint64_t body_offset = 0;      // file offset of the first instruction
  uint64_t end_offset = 0;       // file offset one past the final `end`
  uint64_t offset = 0;           // file offset of the entry's size field
};

// The `name` custom section (best effort: a malformed name section is ignored,
// as the spec requires for custom sections).
struct Names {
  std::string module;
  std::unordered_map<uint32_t, std::string> functions;
  std::unordered_map<uint32_t, std::unordered_map<uint32_t, std::string>> locals;
};

struct CustomSection {
  std::string name;
  std::span<const uint8_t> payload;
  uint64_t offset = 0;
};

struct Module {
  std::vector<uint8_t> bytes;  // the whole input; spans above point into it

  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> func_types;   // type index of every function (imports first)
  std::vector<TableType> tables;      // imports first
  std::vector<MemoryType> memories;   // imports first
  std::vector<GlobalType> globals;    // imports first
  std::vector<uint32_t> tags;         // type index of every tag (imports first)
  std::vector<Global> defined_globals;
  std::vector<Export> exports;
  bool has_start = false;
  uint32_t start = 0;
  std::vector<ElemSegment> elems;
  std::vector<DataSegment> datas;
  bool has_data_count = false;
  uint32_t data_count = 0;
  std::vector<Code> codes;            // one per defined function
  uint64_t code_section_offset = 0;   // file offset of the code section's payload
  Names names;
  std::vector<CustomSection> customs;
  DebugInfo debug;                    // from DWARF custom sections (compiler/debuginfo/)

  std::vector<ConstExpr> table_inits;  // TableType::init expressions
  // Type equivalence (3.0): types[i] and types[j] are equivalent iff type_canon[i] ==
  // type_canon[j] (structural, a reference to the type itself compares as "self").
  std::vector<uint32_t> type_canon;
  // Subtyping of value types as 3.0 defines it without GC: numeric types only match
  // themselves; (ref $t) <: (ref null $t) <: (ref null func), (ref $t) <: (ref func);
  // kBottom (unreachable code's unknown type) matches everything.
  bool IsSubtype(ValType a, ValType b) const;
  bool IsSubtype(const FuncType& a, const FuncType& b) const;  // function subtyping

  uint32_t num_imported_funcs = 0;
  uint32_t num_imported_tables = 0;
  uint32_t num_imported_memories = 0;
  uint32_t num_imported_globals = 0;
  uint32_t num_imported_tags = 0;

  const FuncType& FuncTypeOf(uint32_t func_index) const { return types[func_types[func_index]]; }
  std::span<const uint8_t> Body(const Code& c) const {
    return {bytes.data() + c.body_offset, bytes.data() + c.end_offset};
  }
  // A readable name for backtraces, --emit=asm and diagnostics: the name section's
  // name, else the export name, else "func[N]".
  std::string FunctionName(uint32_t func_index) const;
};

// Fills m.type_canon from m.types (the decoder calls it after the type section).
void CanonicalizeTypes(Module& m);

// The structural key of function type `root`, equal across modules exactly for
// equivalent types (3.0 without GC): the types it reaches through typed references,
// depth first (dependencies before their users, each once), each entry being
// np, nr, then per value its low 9 bits (family, non-null) and the entry its heap
// type names (kKeySelf, kKeyNone or an earlier entry). Empty when no value of `root`
// is a typed or non-null reference. False when more than `cap` types are reachable.
inline constexpr uint32_t kKeySelf = 0xfffffffeu, kKeyNone = 0xffffffffu;
bool FuncTypeKey(const Module& m, uint32_t root, size_t cap, std::vector<uint32_t>* out);
inline constexpr size_t kMaxTypeKeyTypes = 4096;  // an implementation limit (kUnsupported)

}  // namespace wasmc
