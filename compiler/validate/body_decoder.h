// The one function-body decoder (docs/architecture.md): walks a body once, decodes every
// immediate, performs the complete WebAssembly 2.0 validation, and tells a Visitor
// what a code generator needs. The validator is the visitor that does nothing.
//
// Usage:
//   BodyDecoder decoder(module);                 // once per module (per thread)
//   MyVisitor v;
//   Status s = decoder.Decode(func_index, v);    // func_index >= num_imported_funcs
//
// Requires: the module-level rules hold (ValidateModule accepted the module, or at
// least everything it checks before bodies: type indices, limits, segments). The
// driver validates every body with the null visitor first, so a code generator's
// Decode() cannot fail on input errors; it still gets the same Diag if it does.
//
// CONTRACT (what the visitor may rely on)
// - Everything is validated before the visitor hears of it: indices exist, immediates
//   are in range, and the operand/result types passed are the checked types. The first
//   error (malformed encoding or invalid typing) stops decoding and is returned; the
//   visitor is not called for the offending operator or anything after it. So a
//   visitor can assume validity only for a body that Decode() accepted: build into
//   scratch state and discard it on error.
// - Only LIVE code is reported. Code is dead from an unconditional transfer (br,
//   br_table, return, return_call*, unreachable) to the end/else of the enclosing frame, and every
//   frame opened in dead code is dead as a whole (its block/else/end are not reported
//   either). Hence: every type the visitor sees is concrete (never ValType::kBottom),
//   and the Block/Loop/If ... Else ... End events it sees are properly nested.
//   The depth of a branch immediate (br/br_if/br_table) counts exactly the frames the
//   visitor has seen opened and not yet closed (0 = innermost, the function = last).
// - Call order for one function:
//     StartFunction
//     { Instruction | Block | Loop | If | Else | End }*   (in code order)
//     End with kind == FrameKind::kFunction              (the body's final `end`)
// - Typed function references (3.0): call_ref/return_call_ref report the callee's
//   params then the reference; ref.as_non_null [ref] -> [ref]; br_on_null and
//   br_on_non_null report the label's carried values then the reference as operands
//   and the carried values as results (br_on_null leaves the reference on the stack
//   when not taken, br_on_non_null drops it). The depth counts as for br_if.
// - Instruction(i) is called for every live operator that is not block/loop/if/else/
//   end, including br/br_if/br_table/return/unreachable/call. i.operands are the
//   popped operand types, bottom-most first (the last one was on top); i.results
//   are the pushed types. For br/br_if/br_table/return, operands are the carried
//   label values (then the i32 condition/index); for br_if, results are the label
//   values that remain when the branch is not taken. call_indirect: the callee's
//   params, then the table index (i32; i64 for table64). select: [t t i32]. Memory
//   operators: the address first (i32; i64 for memory64), as in the spec's stack order.
// - If: the i32 condition has been popped. Block/Loop/If: params are already on the
//   operand stack below the new frame.
// - Else/End: ControlEvent::end_reachable says whether control can fall through to
//   this else/end (false after br/return/unreachable in the same frame). After End,
//   the frame's results are on the stack and code is live again (the visitor may still
//   find nothing jumps to it).
// - Every callback returns bool: true to continue, false to stop. After false,
//   Decode() returns visitor.error() (a Diag the visitor recorded, e.g. kUnsupported).
// - Spans passed to the visitor are valid only during the call (except block-type and
//   function-type spans, which point into the Module and live as long as it does).
// - No heap allocation per operator (buffers are reused across functions), no
//   recursion per nesting level, memory bounded by the body size (plus a fixed cap on
//   the operand stack height). Not thread-safe: one BodyDecoder per thread.
#pragma once

#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>
#include <unordered_map>

#include "compiler/decode/reader.h"
#include "backend/diag.h"
#include "compiler/module.h"
#include "compiler/ops/ops.h"

namespace wasmc {

// One catch clause of a try_table (exception handling). `label` is a depth relative
// to the try_table's enclosing frames (the try_table's own label does not count).
struct CatchClause {
  enum Kind : uint8_t { kCatch = 0, kCatchRef = 1, kCatchAll = 2, kCatchAllRef = 3 };
  Kind kind = kCatch;
  uint32_t tag = 0;    // kCatch, kCatchRef
  uint32_t label = 0;
};

// Immediates of one operator. Which fields are meaningful depends on OpImm(op):
struct Immediates {
  // kLabel: label depth. kFunc: function index. kCallIndirect: type index.
  // kLocal/kGlobal/kTable: the index. kBrTable: default depth. kDataIndex/kMemoryInit:
  // data index. kElemIndex/kTableInit: elem index. kTableCopy: destination table.
  uint32_t index = 0;
  // kCallIndirect / kTableInit: table index. kTableCopy: source table.
  uint32_t index2 = 0;
  // Memory access (kMemN, kMemLaneN): alignment exponent (log2 bytes) and static offset.
  uint32_t align_log2 = 0;
  uint64_t offset = 0;
  // Memory operators: the memory index (memory.copy: the destination), and
  // memory.copy's source memory. 0 unless the encoding names another (3.0).
  uint32_t memory = 0;
  uint32_t memory2 = 0;
  // kLaneN, kMemLaneN: the lane.
  uint8_t lane = 0;
  // kSelectT: the selected type. kRefType: the reference type.
  ValType type = ValType::kBottom;
  // kI32Const: the u32 bits (zero-extended). kI64Const: the u64 bits.
  // kF32Const/kF64Const: raw IEEE bits (NaN payloads preserved).
  uint64_t bits = 0;
  // kV128Const: the 16 bytes (little-endian lane order). kShuffle: the 16 lane indices.
  std::array<uint8_t, 16> v128{};
  // kBlockType: the block's params and results; type_index is the function type
  // index for the multi-value form, else kNoTypeIndex.
  std::span<const ValType> block_params;
  std::span<const ValType> block_results;
  uint32_t type_index = kNoTypeIndex;
  // kBrTable: targets excluding the default (which is `index`).
  std::span<const uint32_t> br_targets;
  // kTag: the tag index is `index`. kTryTable: the catch clauses, in order.
  std::span<const CatchClause> catches;

  static constexpr uint32_t kNoTypeIndex = 0xffffffffu;
};

// One live operator (not a control-structure event).
struct Instr {
  Op op;
  uint64_t offset;                     // file offset of the opcode (its prefix byte if any)
  const Immediates& imm;
  std::span<const ValType> operands;   // popped, bottom-most first
  std::span<const ValType> results;    // pushed
};

// kTry: the legacy `try` (its catch arms are like else arms); kTryTable: try_table.
enum class FrameKind : uint8_t { kFunction, kBlock, kLoop, kIf, kTry, kTryTable };

// A control-structure event: Block, Loop, If, Else or End.
struct ControlEvent {
  FrameKind kind;
  uint64_t offset;                     // file offset of this block/loop/if/else/end opcode
  uint64_t start_offset;               // file offset of the frame's block/loop/if (body start for kFunction)
  std::span<const ValType> params;     // frame parameters (branch type of a loop)
  std::span<const ValType> results;    // frame results (branch type of everything else)
  uint32_t depth;                      // open frames outside this one (function frame: 0)
  bool end_reachable;                  // Else/End: control falls through to here
  bool has_else;                       // End of an if: an else arm was seen
};

struct FunctionStart {
  uint32_t func_index;
  const FuncType& type;
  std::span<const ValType> locals;     // parameters first, then declared locals
  uint64_t body_offset;                // file offset of the first instruction
};

// The validator: a visitor that does nothing. Other visitors may derive from it and
// hide only the callbacks they need (static dispatch; nothing is virtual).
struct NullVisitor {
  bool StartFunction(const FunctionStart&) { return true; }
  bool Instruction(const Instr&) { return true; }
  bool Block(const ControlEvent&) { return true; }
  bool Loop(const ControlEvent&) { return true; }
  bool If(const ControlEvent&) { return true; }
  bool Else(const ControlEvent&) { return true; }
  bool End(const ControlEvent&) { return true; }
  // Exception handling. TryTable: like Block, with the validated catch clauses.
  // Try (legacy): like Block. Catch: a catch (tag) / catch_all (tag == kCatchAllTag)
  // arm of the innermost try starts (end_reachable: the previous arm falls through);
  // the tag's params are then on the stack. Delegate: ends the innermost try like
  // End, its exceptions going to the frame `depth` labels out (counted without the
  // try's own frame).
  static constexpr uint32_t kCatchAllTag = 0xffffffffu;
  bool TryTable(const ControlEvent&, std::span<const CatchClause>) { return true; }
  bool Try(const ControlEvent&) { return true; }
  bool Catch(const ControlEvent&, uint32_t) { return true; }
  bool Delegate(const ControlEvent&, uint32_t) { return true; }
  Diag error() const { return MakeDiag(DiagKind::kInvalid, 0, "internal: visitor stopped"); }
};

// Implementation limits (a valid module beyond them gets kUnsupported, naming the limit).
inline constexpr uint64_t kMaxFunctionLocals = 50000;      // as V8
// Operators push at most one value per body byte, except calls and blocks, which push
// a whole function type's results: those may add at most this many values beyond
// the body's length (else quadratic memory from a small input).
inline constexpr uint32_t kMaxOperandStackHeight = 1u << 20;

class BodyDecoder {
 public:
  // Precomputes module-wide facts (the declared function references, C.refs).
  explicit BodyDecoder(const Module& module);

  // Decodes and validates the body of defined function `func_index`, calling `v`.
  template <typename Visitor>
  Status Decode(uint32_t func_index, Visitor& v);

  // Decodes without validating (encoding only: opcodes, immediates, nesting). The
  // module validator uses it to prefer a later malformed error over an earlier
  // invalid one, as the spec's decode-then-validate order does.
  Status CheckEncoding(uint32_t func_index);

  // True if `func_index` is in C.refs (referenced by an elem segment, an export or a
  // global initializer), so ref.func may name it.
  bool IsDeclaredRef(uint32_t func_index) const {
    return func_index < declared_refs_.size() && declared_refs_[func_index];
  }

 private:
  struct Frame {
    FrameKind kind;
    bool unreachable;  // the spec's flag: operand stack is polymorphic
    bool live;         // opened in live code (reported to the visitor)
    bool has_else;
    uint32_t height;   // operand stack height at entry (after params were popped)
    uint64_t offset;
    std::span<const ValType> params;
    std::span<const ValType> results;
    uint64_t br_table_serial;  // the last br_table that type-checked this label
    uint32_t init_height = 0;  // init_undo_ size at entry (locals set inside are reset at end)
    bool catch_all = false;    // kTry: a catch_all arm was seen (has_else: any catch)
  };

  template <bool kValidate>
  bool DecodeImmediates(Op op, uint64_t at);
  bool DecodeBlockType(bool validate);
  bool CheckMemory(uint64_t at);
  bool CheckMemoryIndex(uint32_t index, uint64_t at);
  // The signature of a simple memory/table operator whose memories or tables have
  // i64 addresses (memory64, table64); `sig` itself when none has.
  const OpSig& AddressSig(Op op, const OpSig& sig);
  bool CheckTable(uint32_t index, uint64_t at);
  bool CheckDataCountPresent(Op op, uint64_t at);
  bool CheckDataIndex(uint32_t index, uint64_t at);
  bool CheckTag(uint32_t index, uint64_t at);
  bool DecodeCatchClauses(bool validate, uint64_t at);
  bool CheckCatchClauses(uint64_t at);
  bool EndTryArm(const Frame& f, uint64_t at);
  ControlEvent TryArmEvent(const Frame& f, uint64_t at, bool has_else) const;
  std::span<const ValType> TagParams(uint32_t tag) const { return m_.types[m_.tags[tag]].params; }
  bool ReadOpcode(uint64_t at, Op* op);
  bool ReadOpcodeSlow(uint64_t at, Op* op);

  // The body's bytes: [pos_, end_) of m_.bytes. Raw bytes and LEBs shorter than their
  // type's longest encoding are read inline (such an encoding is always valid: it
  // cannot overflow); everything else, errors included, goes through the shared Reader
  // (compiler/decode/reader.h), so the encoding rules and messages are the module
  // decoder's.
  bool ReadByte(uint8_t* out);
  bool ReadU32(uint32_t* out);
  bool ReadS32(int32_t* out);
  bool ReadS64(int64_t* out);
  bool ReadU64(uint64_t* out);
  // A LEB128 of fewer than the type's most bytes in place; any other through `slow`
  // (ViaReader), which reads it again from the start.
  template <typename T, typename F>
  bool ReadLeb(T* out, F&& slow);
  template <typename T>
  bool ReadLeb1(T* out);
  template <typename F>
  bool ViaReader(F&& read);
  template <typename F>
  bool ViaReaderCold(F&& read);
  bool AtEnd() const { return pos_ == end_; }

  // Operand stack (the spec's validation algorithm, with kBottom as "unknown").
  // Push and PushValues keep the room invariant (stack_); PushInRoom relies on it:
  // for an operator that takes at least one byte and pushes at most one value.
  void Push(ValType t);
  void PushInRoom(ValType t);
  void EnsureRoom(uint32_t n);
  void GrowStack(uint32_t n);
  bool Pop(ValType expected, ValType* actual);  // actual may be null
  bool PopAny(ValType* actual);
  bool PopValues(std::span<const ValType> types);
  bool PopValuesN(std::span<const ValType> types);
  // A simple operator's params (at most 3): the top values when they have exactly those
  // types, else PopValues (subtypes, an empty or polymorphic stack, the error).
  bool PopParams(const OpSig& sig);
  bool PopRef(ValType* actual);  // any reference type (or kBottom)
  // Results of a tail call's callee against the function's (subtyping, 3.0).
  bool ResultsMatch(std::span<const ValType> callee, std::span<const ValType> caller) const;
  // A type index inside a reference type must name a type (else "unknown type").
  bool CheckHeapIndex(ValType t, uint64_t at);
  // Local initialization (3.0): locals set since `height` become unset again.
  void ResetLocalInits(uint32_t height) {
    if (init_undo_.size() > height) [[unlikely]] ResetLocalInitsN(height);
  }
  void ResetLocalInitsN(uint32_t height);
  void PushValues(std::span<const ValType> types);
  void PushValuesN(std::span<const ValType> types);
  void SetUnreachable();
  std::span<const ValType> LabelTypes(const Frame& f) const {
    return f.kind == FrameKind::kLoop ? f.params : f.results;
  }
  std::span<const ValType> StackSlice(uint32_t from, uint32_t n) const {
    return {stack_.data() + from, n};
  }

  // Error paths (out of line, cold): record the first Diag and return false.
  bool Invalid(uint64_t at, std::string what, std::string why = {});
  bool Malformed(uint64_t at, std::string what, std::string why = {});
  bool Unsupported(uint64_t at, std::string what, std::string why = {});
  bool TypeMismatch(ValType expected, ValType actual);
  bool EmptyStack(ValType expected);  // kBottom: any operand
  bool Mismatch(uint64_t at, const char* why);
  bool UnknownIndex(uint64_t at, const char* space, uint64_t index, uint64_t count);
  // Reads imm_.index; if `validate`, it must be below `count` (of `space`).
  bool ReadIndex(bool validate, uint64_t at, const char* space, uint64_t count);
  bool BadLane(uint64_t at, unsigned lane, unsigned count);
  bool BadAlign(uint64_t at, Op op, uint32_t align_log2, int natural_log2);
  bool IllegalOpcode(uint64_t at, uint8_t prefix, uint32_t code);
  bool LoadLocals(uint32_t func_index);

  const Module& m_;
  std::vector<bool> declared_refs_;

  // Per-function state, reused across functions.
  const uint8_t* data_ = nullptr;
  uint64_t pos_ = 0;
  uint64_t end_ = 0;
  Diag diag_;
  bool failed_ = false;
  Op op_ = Op::kNop;          // operator being decoded (for messages)
  uint64_t op_offset_ = 0;
  bool live_ = true;
  Immediates imm_;
  std::vector<ValType> locals_;
  uint32_t num_locals_ = 0;            // locals_.size() (one load in the local operators)
  std::vector<uint8_t> local_set_;     // per local: initialized (always, if defaultable)
  std::vector<uint32_t> init_undo_;    // non-defaultable locals set, innermost last
  // Only grows; sp_ is the height. The room invariant: at each operator's start,
  // stack_.size() >= sp_ + the body's bytes left, so an operator that pushes at most
  // one value per byte it takes needs no check (PushInRoom).
  std::vector<ValType> stack_;
  uint32_t sp_ = 0;
  uint64_t stack_limit_ = 0;  // one value per body byte, plus kMaxOperandStackHeight
  std::vector<Frame> ctl_;
  std::vector<uint32_t> br_targets_;
  std::vector<CatchClause> catches_;
  std::vector<ValType> catch_types_;  // a catch clause's label types (params [+ exnref])
  uint64_t br_table_serial_ = 0;
  OpSig addr_sig_;  // AddressSig's result
  // Some memory or table has i64 addresses (memory64, table64): AddressSig can differ
  // from the table's signature. Without, the per-operator call is skipped.
  bool any_address64_ = false;
  // Memory 0 exists and has i32 addresses: a memarg naming it needs no lookup.
  bool mem0_addr32_ = false;
};

}  // namespace wasmc

#include "compiler/validate/body_decoder_impl.h"
