// Template part of the body decoder (included by body_decoder.h; read that first).
// The typing rules follow the spec's validation algorithm (appendix "Validation
// Algorithm"): an operand stack of types with kBottom as "unknown", and a control
// stack whose frames become polymorphic after an unconditional transfer.
#pragma once

namespace wasmc {

namespace body_internal {
// One-element spans for single-type block results and typed operators.
inline constexpr ValType kSingleTypes[] = {ValType::kI32,  ValType::kI64,     ValType::kF32,
                                           ValType::kF64,  ValType::kV128,    ValType::kFuncRef,
                                           ValType::kExternRef, ValType::kExnRef};
inline std::span<const ValType> Single(ValType t) {
  switch (t) {
    case ValType::kI32: return {&kSingleTypes[0], 1};
    case ValType::kI64: return {&kSingleTypes[1], 1};
    case ValType::kF32: return {&kSingleTypes[2], 1};
    case ValType::kF64: return {&kSingleTypes[3], 1};
    case ValType::kV128: return {&kSingleTypes[4], 1};
    case ValType::kFuncRef: return {&kSingleTypes[5], 1};
    case ValType::kExternRef: return {&kSingleTypes[6], 1};
    case ValType::kExnRef: return {&kSingleTypes[7], 1};
    case ValType::kBottom: break;
    default: {
      // Typed references (3.0): interned; map nodes never move, so the span stays
      // valid as long as the thread (block types keep theirs for the module's life).
      thread_local std::unordered_map<uint32_t, ValType> interned;
      const ValType& slot = interned.emplace(static_cast<uint32_t>(t), t).first->second;
      return {&slot, 1};
    }
  }
  WASMC_UNREACHABLE();
}
}  // namespace body_internal

template <typename F>
inline bool BodyDecoder::ViaReader(F&& read) {
  Reader r(m_.bytes, pos_, end_);
  if (read(r)) {
    pos_ = r.offset();
    return true;
  }
  if (!failed_) {
    failed_ = true;
    diag_ = r.diag();
  }
  return false;
}

inline bool BodyDecoder::ReadByte(uint8_t* out) {
  if (pos_ < end_) [[likely]] {
    *out = data_[pos_++];
    return true;
  }
  return ViaReader([&](Reader& r) { return r.ReadU8(out); });
}

// (The callers' ReadLeb1 took the one-byte case.) The Reader's path, errors included,
// is out of line (ViaReaderCold), so this loop needs no frame for a Reader.
template <typename T, typename F>
inline bool BodyDecoder::ReadLeb(T* out, F&& slow) {
  // Up to the type's longest encoding but one: at most 7 * (max - 1) value bits, which
  // the type holds (sign-extended when signed), so the Reader would accept it as well.
  constexpr uint64_t kMaxBytes = (8 * sizeof(T) + 6) / 7;
  uint64_t v = 0;
  for (uint64_t k = 0; k + 1 < kMaxBytes && pos_ + k < end_; ++k) {
    const uint8_t b = data_[pos_ + k];
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * k);
    if (b < 0x80) {
      if constexpr (std::is_signed_v<T>) {
        if (b & 0x40) v |= ~uint64_t{0} << (7 * (k + 1));
      }
      *out = static_cast<T>(v);
      pos_ += k + 1;
      return true;
    }
  }
  return ViaReaderCold(slow);
}

template <typename F>
[[gnu::noinline, gnu::cold]] bool BodyDecoder::ViaReaderCold(F&& read) {
  return ViaReader(read);
}

// ReadLeb's one-byte case, inline where the reads are (most immediates: local indices,
// alignments, small constants); false: not that case (nothing read).
template <typename T>
[[gnu::always_inline]] inline bool BodyDecoder::ReadLeb1(T* out) {
  if (pos_ < end_ && data_[pos_] < 0x80) [[likely]] {
    const uint8_t b = data_[pos_++];
    if constexpr (std::is_signed_v<T>) {
      *out = static_cast<int8_t>(b << 1) >> 1;  // sign-extend 7 bits
    } else {
      *out = b;
    }
    return true;
  }
  return false;
}

[[gnu::always_inline]] inline bool BodyDecoder::ReadU32(uint32_t* out) {
  return ReadLeb1(out) || ReadLeb(out, [&](Reader& r) { return r.ReadU32(out); });
}

[[gnu::always_inline]] inline bool BodyDecoder::ReadS32(int32_t* out) {
  return ReadLeb1(out) || ReadLeb(out, [&](Reader& r) { return r.ReadS32(out); });
}

[[gnu::always_inline]] inline bool BodyDecoder::ReadS64(int64_t* out) {
  return ReadLeb1(out) || ReadLeb(out, [&](Reader& r) { return r.ReadS64(out); });
}

[[gnu::always_inline]] inline bool BodyDecoder::ReadU64(uint64_t* out) {
  return ReadLeb1(out) || ReadLeb(out, [&](Reader& r) { return r.ReadU64(out); });
}

// Requires !AtEnd() (both callers test it first). A prefix byte is no one-byte
// operator, so the table alone sends it to the slow path.
static_assert(ops_internal::kOneByte[0xfc] == ops_internal::kNoOp &&
              ops_internal::kOneByte[0xfd] == ops_internal::kNoOp &&
              ops_internal::kOneByte[0xfe] == ops_internal::kNoOp);
[[gnu::always_inline]] inline bool BodyDecoder::ReadOpcode(uint64_t at, Op* op) {
  if (LookupOp(0, data_[pos_], op)) [[likely]] {
    ++pos_;
    return true;
  }
  Op slow;  // (not `op`, whose address would then be taken on the fast path too)
  if (!ReadOpcodeSlow(at, &slow)) return false;
  *op = slow;
  return true;
}

// A prefixed opcode or an illegal one.
[[gnu::noinline]] inline bool BodyDecoder::ReadOpcodeSlow(uint64_t at, Op* op) {
  uint8_t b;
  if (!ReadByte(&b)) return false;
  if (!IsOpPrefix(b)) return IllegalOpcode(at, 0, b);
  uint32_t code;
  if (!ReadU32(&code)) return false;
  if (LookupOp(b, code, op)) return true;
  return IllegalOpcode(at, b, code);
}

// The room invariant (body_decoder.h, stack_): the check that keeps it after pushing n.
[[gnu::always_inline]] inline void BodyDecoder::EnsureRoom(uint32_t n) {
  if (uint64_t{sp_} + n + (end_ - pos_) > stack_.size()) [[unlikely]] GrowStack(n);
}

[[gnu::always_inline]] inline void BodyDecoder::PushInRoom(ValType t) { stack_[sp_++] = t; }

[[gnu::always_inline]] inline void BodyDecoder::Push(ValType t) {
  EnsureRoom(1);
  PushInRoom(t);
}

[[gnu::always_inline]] inline bool BodyDecoder::Pop(ValType expected, ValType* actual) {
  const Frame& f = ctl_.back();
  if (sp_ == f.height) [[unlikely]] {
    if (f.unreachable) {
      if (actual) *actual = ValType::kBottom;
      return true;
    }
    return EmptyStack(expected);
  }
  ValType t = stack_[--sp_];
  if (t != expected && expected != ValType::kBottom && !m_.IsSubtype(t, expected)) [[unlikely]]
    return TypeMismatch(expected, t);
  if (actual) *actual = t;
  return true;
}

inline bool BodyDecoder::PopAny(ValType* actual) {
  const Frame& f = ctl_.back();
  if (sp_ == f.height) [[unlikely]] {
    if (f.unreachable) {
      *actual = ValType::kBottom;
      return true;
    }
    return EmptyStack(ValType::kBottom);
  }
  *actual = stack_[--sp_];
  return true;
}

inline bool BodyDecoder::PopRef(ValType* actual) {
  if (!PopAny(actual)) return false;
  if (*actual == ValType::kBottom || IsRefType(*actual)) return true;
  return Invalid(op_offset_, "type mismatch",
                 std::string(OpName(op_)) + " expects a reference but found " + ValTypeName(*actual));
}

// Most frames, labels and calls carry no value or one: the empty case inline.
[[gnu::always_inline]] inline bool BodyDecoder::PopValues(std::span<const ValType> types) {
  return types.empty() || PopValuesN(types);
}

inline bool BodyDecoder::PopValuesN(std::span<const ValType> types) {
  for (size_t i = types.size(); i-- > 0;)
    if (!Pop(types[i], nullptr)) return false;
  return true;
}

inline bool BodyDecoder::PopParams(const OpSig& sig) {
  const uint32_t n = sig.num_params;
  if (sp_ - ctl_.back().height >= n) [[likely]] {
    const ValType* top = stack_.data() + sp_;  // n values below it
    bool exact = true;
    switch (n) {  // (unrolled: at most 3, ops.h)
      case 3: exact = top[-3] == sig.params[0]; [[fallthrough]];
      case 2: exact &= top[-2] == sig.params[n - 2]; [[fallthrough]];
      case 1: exact &= top[-1] == sig.params[n - 1]; break;
      default: break;
    }
    if (exact) [[likely]] {
      sp_ -= n;
      return true;
    }
  }
  return PopValues(sig.Params());
}

// (No values: the room invariant holds without the check, as for PushInRoom.)
[[gnu::always_inline]] inline void BodyDecoder::PushValues(std::span<const ValType> types) {
  if (!types.empty()) PushValuesN(types);
}

inline void BodyDecoder::PushValuesN(std::span<const ValType> types) {
  EnsureRoom(static_cast<uint32_t>(types.size()));
  for (ValType t : types) PushInRoom(t);
}

inline void BodyDecoder::SetUnreachable() {
  Frame& f = ctl_.back();
  sp_ = f.height;
  f.unreachable = true;
  live_ = false;
}

inline bool BodyDecoder::CheckMemory(uint64_t at) {
  if (!m_.memories.empty()) [[likely]] return true;
  return UnknownIndex(at, "memory", 0, 0);
}

inline bool BodyDecoder::CheckMemoryIndex(uint32_t index, uint64_t at) {
  if (index < m_.memories.size()) [[likely]] return true;
  return UnknownIndex(at, "memory", index, m_.memories.size());
}

inline const OpSig& BodyDecoder::AddressSig(Op op, const OpSig& sig) {
  const ImmKind kind = OpImm(op);
  auto set = [&](uint8_t i, bool is64) {
    if (is64) addr_sig_.params[i] = ValType::kI64;
  };
  bool a64 = false, b64 = false;
  if (NaturalAlignLog2(kind) >= 0 || kind == ImmKind::kMemory || kind == ImmKind::kMemoryCopy ||
      kind == ImmKind::kMemoryInit) {
    a64 = m_.memories[imm_.memory].limits.is64;
    b64 = m_.memories[imm_.memory2].limits.is64;
  } else if (kind == ImmKind::kTableCopy || kind == ImmKind::kTableInit) {
    const uint32_t dst = kind == ImmKind::kTableCopy ? imm_.index : imm_.index2;
    a64 = m_.tables[dst].limits.is64;
    b64 = kind == ImmKind::kTableCopy ? m_.tables[imm_.index2].limits.is64 : a64;
  }
  if (!a64 && !b64) [[likely]] return sig;
  addr_sig_ = sig;
  switch (op) {
    case Op::kMemorySize: addr_sig_.results[0] = ValType::kI64; break;
    case Op::kMemoryGrow: set(0, true), addr_sig_.results[0] = ValType::kI64; break;
    case Op::kMemoryFill: set(0, true), set(2, true); break;
    case Op::kMemoryCopy: case Op::kTableCopy:  // [dst src n]: n has the narrower type
      set(0, a64), set(1, b64), set(2, a64 && b64);
      break;
    default: set(0, true); break;  // the address (memory.init, table.init: the destination)
  }
  return addr_sig_;
}

inline bool BodyDecoder::CheckTable(uint32_t index, uint64_t at) {
  if (index < m_.tables.size()) [[likely]] return true;
  return UnknownIndex(at, "table", index, m_.tables.size());
}

// memory.init/data.drop need the data count section (a decoding rule: bodies come
// before the data section). A module without any data segment may omit it; its data
// index space is then empty and the index check below reports the operator.
inline bool BodyDecoder::CheckDataCountPresent(Op op, uint64_t at) {
  if (m_.has_data_count || m_.datas.empty()) return true;
  return Malformed(at, "data count section required",
                   std::string(OpName(op)) + " needs a data count section");
}

inline bool BodyDecoder::CheckDataIndex(uint32_t index, uint64_t at) {
  const uint64_t count = m_.has_data_count ? m_.data_count : m_.datas.size();
  if (index < count) return true;
  return UnknownIndex(at, "data segment", index, count);
}

inline bool BodyDecoder::CheckTag(uint32_t index, uint64_t at) {
  if (index < m_.tags.size()) [[likely]] return true;
  return UnknownIndex(at, "tag", index, m_.tags.size());
}

// try_table's vec(catch clause): kind byte, tag index (catch, catch_ref), label.
inline bool BodyDecoder::DecodeCatchClauses(bool validate, uint64_t at) {
  uint32_t count;
  if (!ReadU32(&count)) return false;
  if (count > end_ - pos_)
    return Malformed(end_, "unexpected end of section or function",
                     "try_table with " + std::to_string(count) + " catch clauses");
  catches_.resize(count);
  for (CatchClause& c : catches_) {
    const uint64_t kind_at = pos_;
    uint8_t kind;
    if (!ReadByte(&kind)) return false;
    if (kind > CatchClause::kCatchAllRef)
      return Malformed(kind_at, "malformed catch clause", "catch kind " + std::to_string(kind));
    c.kind = static_cast<CatchClause::Kind>(kind);
    if (c.kind <= CatchClause::kCatchRef) {
      if (!ReadU32(&c.tag)) return false;
      if (validate && !CheckTag(c.tag, at)) return false;
    }
    if (!ReadU32(&c.label)) return false;
    if (validate && c.label >= ctl_.size()) return UnknownIndex(at, "label", c.label, ctl_.size());
  }
  imm_.catches = {catches_.data(), count};
  return true;
}

// Each clause's values (tag params, then (ref exn) for the _ref forms) must be subtypes
// of what its label takes; labels are looked up before the try_table's frame is pushed.
inline bool BodyDecoder::CheckCatchClauses(uint64_t at) {
  for (const CatchClause& c : imm_.catches) {
    catch_types_.clear();
    if (c.kind <= CatchClause::kCatchRef) {
      std::span<const ValType> p = TagParams(c.tag);
      catch_types_.assign(p.begin(), p.end());
    }
    if (c.kind == CatchClause::kCatchRef || c.kind == CatchClause::kCatchAllRef)
      catch_types_.push_back(MakeRefType(ValType::kExnRef, /*nullable=*/false));  // (ref exn)
    std::span<const ValType> want = LabelTypes(ctl_[ctl_.size() - 1 - c.label]);
    if (!std::equal(want.begin(), want.end(), catch_types_.begin(), catch_types_.end(),
                    [&](ValType w, ValType got) { return got == w || m_.IsSubtype(got, w); }))
      return Invalid(at, "type mismatch",
                     "a catch clause's values differ from its label's types (label " +
                         std::to_string(c.label) + ")");
  }
  return true;
}

// The end of a legacy try's body or catch arm (at a catch, catch_all or delegate):
// its results must be exactly what is left above the frame's height.
inline bool BodyDecoder::EndTryArm(const Frame& f, uint64_t at) {
  if (!PopValues(f.results)) return false;
  if (sp_ == f.height) return true;
  return Invalid(at, "type mismatch", "values remain on the stack at the end of the try arm");
}

inline ControlEvent BodyDecoder::TryArmEvent(const Frame& f, uint64_t at, bool has_else) const {
  return ControlEvent{f.kind, at, f.offset, f.params, f.results,
                      static_cast<uint32_t>(ctl_.size() - 1), live_, has_else};
}

[[gnu::always_inline]] inline bool BodyDecoder::ReadIndex(bool validate, uint64_t at,
                                                          const char* space, uint64_t count) {
  if (!ReadU32(&imm_.index)) return false;
  if (validate && imm_.index >= count) return UnknownIndex(at, space, imm_.index, count);
  return true;
}

// Reads the immediates of `op` into imm_. With kValidate, also checks that indices
// exist and that lanes/alignments are in range; without, only the encoding.
template <bool kValidate>
[[gnu::always_inline]] inline bool BodyDecoder::DecodeImmediates(Op op, uint64_t at) {
  const ImmKind kind = OpImm(op);
  switch (kind) {
    case ImmKind::kNone:
      return true;
    case ImmKind::kBlockType:
      // The two most frequent forms inline (DecodeBlockType's first cases): no value,
      // or one i32.
      if (pos_ < end_ && (data_[pos_] == 0x40 || data_[pos_] == 0x7f)) [[likely]] {
        imm_.block_params = {};
        imm_.block_results = data_[pos_] == 0x40 ? std::span<const ValType>{}
                                                 : body_internal::Single(ValType::kI32);
        imm_.type_index = Immediates::kNoTypeIndex;
        ++pos_;
        return true;
      }
      return DecodeBlockType(kValidate);
    case ImmKind::kLabel:
      return ReadIndex(kValidate, at, "label", ctl_.size());
    case ImmKind::kBrTable: {
      uint32_t count;
      if (!ReadU32(&count)) return false;
      if (count > end_ - pos_)  // each target takes at least one byte
        return Malformed(end_, "unexpected end of section or function",
                         "br_table with " + std::to_string(count) + " targets");
      br_targets_.resize(count);
      for (uint32_t i = 0; i < count; ++i) {
        if (!ReadU32(&br_targets_[i])) return false;
        if (kValidate && br_targets_[i] >= ctl_.size())
          return UnknownIndex(at, "label", br_targets_[i], ctl_.size());
      }
      if (!ReadIndex(kValidate, at, "label", ctl_.size())) return false;
      imm_.br_targets = {br_targets_.data(), count};
      return true;
    }
    case ImmKind::kFunc:
      return ReadIndex(kValidate, at, "function", m_.func_types.size());
    case ImmKind::kCallIndirect:
      if (!ReadU32(&imm_.index) || !ReadU32(&imm_.index2)) return false;
      if (kValidate) {
        if (!CheckTable(imm_.index2, at)) return false;
        if (imm_.index >= m_.types.size()) return UnknownIndex(at, "type", imm_.index, m_.types.size());
        if (!m_.IsSubtype(m_.tables[imm_.index2].elem, ValType::kFuncRef))
          return Mismatch(at, "call_indirect through a table that does not hold funcref");
      }
      return true;
    case ImmKind::kLocal: return ReadIndex(kValidate, at, "local", locals_.size());
    case ImmKind::kGlobal: return ReadIndex(kValidate, at, "global", m_.globals.size());
    case ImmKind::kTable:
      if (!ReadU32(&imm_.index)) return false;
      return !kValidate || CheckTable(imm_.index, at);
    case ImmKind::kSelectT: {
      uint32_t count;
      if (!ReadU32(&count)) return false;
      if (count > end_ - pos_)
        return Malformed(end_, "unexpected end of section or function",
                         "select with " + std::to_string(count) + " types");
      ValType t = ValType::kBottom;
      for (uint32_t i = 0; i < count; ++i)
        if (!ViaReader([&](Reader& r) { return r.ReadValType(&t); })) return false;
      if (kValidate && count != 1)
        return Invalid(at, "invalid result arity",
                       "typed select needs exactly one type, has " + std::to_string(count));
      imm_.type = t;
      return !kValidate || CheckHeapIndex(t, at);
    }
    case ImmKind::kRefType:  // ref.null: a heap type (3.0: a type index too)
      if (!ViaReader([&](Reader& r) { return r.ReadHeapType(true, &imm_.type); })) return false;
      return !kValidate || CheckHeapIndex(imm_.type, at);
    case ImmKind::kTypeIndex:  // call_ref, return_call_ref
      if (!ReadU32(&imm_.index)) return false;
      if (kValidate && imm_.index >= m_.types.size())
        return UnknownIndex(at, "type", imm_.index, m_.types.size());
      return true;
    case ImmKind::kMem8:
    case ImmKind::kMem16:
    case ImmKind::kMem32:
    case ImmKind::kMem64:
    case ImmKind::kMem128:
    case ImmKind::kMemLane8:
    case ImmKind::kMemLane16:
    case ImmKind::kMemLane32:
    case ImmKind::kMemLane64: {
      // The common form, validated: a scalar access (no lane) of memory 0, 32-bit, the
      // flags in one byte without a memory index. The same reads and checks as below,
      // in the same order, with the module's facts known (mem0_addr32_).
      static_assert(static_cast<int>(ImmKind::kMem16) == static_cast<int>(ImmKind::kMem8) + 1 &&
                    static_cast<int>(ImmKind::kMem32) == static_cast<int>(ImmKind::kMem8) + 2 &&
                    static_cast<int>(ImmKind::kMem64) == static_cast<int>(ImmKind::kMem8) + 3 &&
                    static_cast<int>(ImmKind::kMem128) == static_cast<int>(ImmKind::kMem8) + 4);
      if (kValidate && kind <= ImmKind::kMem128 && mem0_addr32_ && pos_ < end_ && data_[pos_] < 0x40)
          [[likely]] {
        const uint32_t align = data_[pos_++];
        imm_.align_log2 = align;
        imm_.memory = 0;
        imm_.memory2 = 0;
        if (!ReadU64(&imm_.offset)) return false;
        if (imm_.offset > 0xffffffffu)
          return Invalid(at, "offset out of range",
                         "offset " + std::to_string(imm_.offset) + " of a 32-bit memory");
        const uint32_t natural = static_cast<uint32_t>(kind) - static_cast<uint32_t>(ImmKind::kMem8);
        if (align != natural) [[unlikely]] {
          if (align > natural) return BadAlign(at, op, align, static_cast<int>(natural));
          if (OpIsAtomic(op))
            return Invalid(at, "atomic alignment must be natural",
                           std::string(OpName(op)) + " needs align exponent " + std::to_string(natural));
        }
        return true;
      }
      // memarg (3.0): flags (bit 6: a memory index follows; bits 0-5: alignment), u64 offset.
      const uint64_t flags_at = pos_;
      if (!ReadU32(&imm_.align_log2)) return false;
      imm_.memory = 0;
      if ((imm_.align_log2 & 0x40) && !ReadU32(&imm_.memory)) return false;
      if (imm_.align_log2 >= 0x80)
        return Malformed(flags_at, "malformed memop flags", "memarg flags " + std::to_string(imm_.align_log2));
      imm_.align_log2 &= 0x3f;
      imm_.memory2 = imm_.memory;
      if (!ReadU64(&imm_.offset)) return false;
      const int lanes = LaneCount(kind);
      if (lanes != 0 && !ReadByte(&imm_.lane)) return false;
      if (kValidate) {
        if (!CheckMemoryIndex(imm_.memory, at)) return false;
        if (!m_.memories[imm_.memory].limits.is64 && imm_.offset > 0xffffffffu)
          return Invalid(at, "offset out of range",
                         "offset " + std::to_string(imm_.offset) + " of a 32-bit memory");
        const int natural = NaturalAlignLog2(kind);
        if (imm_.align_log2 > static_cast<uint32_t>(natural))
          return BadAlign(at, op, imm_.align_log2, natural);
        if (OpIsAtomic(op) && imm_.align_log2 != static_cast<uint32_t>(natural))
          return Invalid(at, "atomic alignment must be natural",
                         std::string(OpName(op)) + " needs align exponent " + std::to_string(natural));
        if (lanes != 0 && imm_.lane >= lanes) return BadLane(at, imm_.lane, lanes);
      }
      return true;
    }
    case ImmKind::kMemory:
    case ImmKind::kMemoryCopy:
    case ImmKind::kMemoryInit: {
      if (kind == ImmKind::kMemoryInit) {
        if (!ReadU32(&imm_.index)) return false;
        if (!CheckDataCountPresent(op, at)) return false;
      }
      // Memory indices (3.0; a 0x00 byte in 2.0): memory.copy names destination, source.
      if (!ReadU32(&imm_.memory)) return false;
      imm_.memory2 = imm_.memory;
      if (kind == ImmKind::kMemoryCopy && !ReadU32(&imm_.memory2)) return false;
      if (kValidate) {
        if (!CheckMemoryIndex(imm_.memory, at) || !CheckMemoryIndex(imm_.memory2, at)) return false;
        if (kind == ImmKind::kMemoryInit && !CheckDataIndex(imm_.index, at)) return false;
      }
      return true;
    }
    case ImmKind::kDataIndex:
      if (!ReadU32(&imm_.index)) return false;
      if (!CheckDataCountPresent(op, at)) return false;
      return !kValidate || CheckDataIndex(imm_.index, at);
    case ImmKind::kElemIndex:
    case ImmKind::kTableInit:
      if (!ReadU32(&imm_.index)) return false;
      if (kind == ImmKind::kTableInit && !ReadU32(&imm_.index2)) return false;
      if (kValidate) {
        if (kind == ImmKind::kTableInit && !CheckTable(imm_.index2, at)) return false;
        if (imm_.index >= m_.elems.size()) return UnknownIndex(at, "elem segment", imm_.index, m_.elems.size());
        if (kind == ImmKind::kTableInit && !m_.IsSubtype(m_.elems[imm_.index].elem_type, m_.tables[imm_.index2].elem))
          return Mismatch(at, "table.init: the elem segment's type differs from the table's");
      }
      return true;
    case ImmKind::kTableCopy:
      if (!ReadU32(&imm_.index) || !ReadU32(&imm_.index2)) return false;
      if (kValidate) {
        if (!CheckTable(imm_.index, at) || !CheckTable(imm_.index2, at)) return false;
        if (!m_.IsSubtype(m_.tables[imm_.index2].elem, m_.tables[imm_.index].elem))
          return Mismatch(at, "table.copy between tables of different element types");
      }
      return true;
    case ImmKind::kI32Const: {
      int32_t v;
      if (!ReadS32(&v)) return false;
      imm_.bits = static_cast<uint32_t>(v);
      return true;
    }
    case ImmKind::kI64Const: {
      int64_t v;
      if (!ReadS64(&v)) return false;
      imm_.bits = static_cast<uint64_t>(v);
      return true;
    }
    case ImmKind::kF32Const:
    case ImmKind::kF64Const:
    case ImmKind::kV128Const:
    case ImmKind::kShuffle: {
      const uint64_t n = kind == ImmKind::kF32Const ? 4 : kind == ImmKind::kF64Const ? 8 : 16;
      if (end_ - pos_ < n) return ViaReader([&](Reader& r) { return r.Skip(n); });  // the EOF error
      const uint8_t* p = data_ + pos_;
      pos_ += n;
      if (n < 16) {
        uint64_t bits = 0;
        for (uint64_t i = n; i-- > 0;) bits = (bits << 8) | p[i];  // little-endian, raw bits
        imm_.bits = bits;
        return true;
      }
      for (int i = 0; i < 16; ++i) imm_.v128[i] = p[i];
      if (kValidate && kind == ImmKind::kShuffle) {
        for (int i = 0; i < 16; ++i)
          if (imm_.v128[i] >= 32) return BadLane(at, imm_.v128[i], 32);
      }
      return true;
    }
    case ImmKind::kLane2:
    case ImmKind::kLane4:
    case ImmKind::kLane8:
    case ImmKind::kLane16: {
      if (!ReadByte(&imm_.lane)) return false;
      const int lanes = LaneCount(kind);
      if (kValidate && imm_.lane >= lanes) return BadLane(at, imm_.lane, lanes);
      return true;
    }
    case ImmKind::kAtomicFence: {  // atomic.fence: one reserved 0x00 byte
      const uint64_t zat = pos_;
      uint8_t z;
      if (!ReadByte(&z)) return false;
      if (z != 0) return Malformed(zat, "zero byte expected", "reserved atomic.fence byte");
      return true;
    }
    case ImmKind::kTag:
      if (!ReadU32(&imm_.index)) return false;
      return !kValidate || CheckTag(imm_.index, at);
    case ImmKind::kTryTable:
      return DecodeBlockType(kValidate) && DecodeCatchClauses(kValidate, at);
    default:  // other post-2.0 immediates: LookupOp never yields their operators
      break;
  }
  WASMC_UNREACHABLE();
}

template <typename Visitor>
Status BodyDecoder::Decode(uint32_t func_index, Visitor& v) {
  using body_internal::Single;
  WASMC_CHECK(func_index >= m_.num_imported_funcs && func_index < m_.func_types.size());
  const Code& code = m_.codes[func_index - m_.num_imported_funcs];
  const FuncType& type = m_.FuncTypeOf(func_index);
  data_ = m_.bytes.data();
  pos_ = code.body_offset;
  end_ = code.end_offset;
  failed_ = false;
  live_ = true;
  sp_ = 0;
  ctl_.clear();
  op_ = Op::kBlock;
  op_offset_ = code.body_offset;
  stack_limit_ = kMaxOperandStackHeight + (code.end_offset - code.body_offset);
  if (!LoadLocals(func_index)) return diag_;
  ctl_.push_back(Frame{FrameKind::kFunction, false, true, false, 0, code.body_offset,
                       type.params, type.results, 0});
  init_undo_.clear();
  EnsureRoom(0);
  if (!v.StartFunction(FunctionStart{func_index, type, locals_, code.body_offset})) return v.error();

// Bails out of Decode with the recorded error.
#define WASMC_TRY(cond) \
  do {                  \
    if (!(cond)) [[unlikely]] return diag_; \
  } while (0)
#define WASMC_VISIT(call) \
  do {                    \
    if (live_ && !(call)) [[unlikely]] return v.error(); \
  } while (0)

  for (;;) {
    const uint64_t at = pos_;
    if (AtEnd()) [[unlikely]]
      return Malformed(at, "unexpected end of section or function", "the body ends inside a block"), diag_;
    Op op = Op::kNop;
    WASMC_TRY(ReadOpcode(at, &op));
    op_ = op;
    op_offset_ = at;
    // The local operators (a third of the operators in compiled C), before the
    // generic path's table lookups. local.get and local.tee push one value for at
    // least two bytes: the room invariant holds without a check.
    static_assert(static_cast<int>(Op::kLocalSet) == static_cast<int>(Op::kLocalGet) + 1 &&
                  static_cast<int>(Op::kLocalTee) == static_cast<int>(Op::kLocalGet) + 2);
    if (op >= Op::kLocalGet && op <= Op::kLocalTee) {
      WASMC_TRY(ReadIndex(true, at, "local", num_locals_));
      const uint32_t index = imm_.index;
      std::span<const ValType> one = {&locals_[index], 1};
      const ValType t = one[0];
      if (op != Op::kLocalGet) WASMC_TRY(Pop(t, nullptr));
      if (!local_set_[index]) [[unlikely]] {  // a non-defaultable local (3.0)
        if (op == Op::kLocalGet)
          return Invalid(at, "uninitialized local",
                         "local " + std::to_string(index) + " of type " + ValTypeName(t) +
                             " is read before it is set"), diag_;
        local_set_[index] = 1;
        init_undo_.push_back(index);
      }
      WASMC_VISIT(v.Instruction(Instr{op, at, imm_, op == Op::kLocalGet ? std::span<const ValType>{} : one,
                                      op == Op::kLocalSet ? std::span<const ValType>{} : one}));
      if (op != Op::kLocalSet) PushInRoom(t);
      continue;
    }
    // i32.const (a seventh of the operators in compiled C), before the generic path's
    // immediate-kind switch and signature: what that path does for it (OpSignature:
    // no operand, one i32; two bytes at least, so the room invariant holds).
    static_assert(OpImm(Op::kI32Const) == ImmKind::kI32Const && OpSignature(Op::kI32Const).simple &&
                  OpSignature(Op::kI32Const).num_params == 0 &&
                  OpSignature(Op::kI32Const).num_results == 1 &&
                  OpSignature(Op::kI32Const).results[0] == ValType::kI32);
    if (op == Op::kI32Const) {
      int32_t c;
      WASMC_TRY(ReadS32(&c));
      imm_.bits = static_cast<uint32_t>(c);
      WASMC_VISIT(v.Instruction(
          Instr{op, at, imm_, StackSlice(sp_, 0), OpSignature(Op::kI32Const).Results()}));
      PushInRoom(ValType::kI32);
      continue;
    }
    if (OpImm(op) != ImmKind::kNone) WASMC_TRY(DecodeImmediates<true>(op, at));

    const OpSig& sig = any_address64_ ? AddressSig(op, OpSignature(op)) : OpSignature(op);
    if (sig.simple) {
      WASMC_TRY(PopParams(sig));
      WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, sig.num_params), sig.Results()}));
      // (ops.def: at most one result.) A simple operator pushes at most one value and
      // takes at least one byte, so the room invariant holds without a check.
      if (sig.num_results != 0) PushInRoom(sig.results[0]);
      continue;
    }

    switch (op) {
      case Op::kUnreachable:
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, {}, {}}));
        SetUnreachable();
        break;
      case Op::kBlock:
      case Op::kLoop:
      case Op::kIf:
      case Op::kTry:
      case Op::kTryTable: {
        if (op == Op::kIf) WASMC_TRY(Pop(ValType::kI32, nullptr));
        WASMC_TRY(PopValues(imm_.block_params));
        if (op == Op::kTryTable) WASMC_TRY(CheckCatchClauses(at));
        const FrameKind kind = op == Op::kBlock  ? FrameKind::kBlock
                               : op == Op::kLoop ? FrameKind::kLoop
                               : op == Op::kIf   ? FrameKind::kIf
                               : op == Op::kTry  ? FrameKind::kTry
                                                 : FrameKind::kTryTable;
        ControlEvent e;  // (field by field: an aggregate here was a 64-byte rep stos first)
        e.kind = kind;
        e.offset = at;
        e.start_offset = at;
        e.params = imm_.block_params;
        e.results = imm_.block_results;
        e.depth = static_cast<uint32_t>(ctl_.size());
        e.end_reachable = true;
        e.has_else = false;
        switch (op) {
          case Op::kBlock: WASMC_VISIT(v.Block(e)); break;
          case Op::kLoop: WASMC_VISIT(v.Loop(e)); break;
          case Op::kIf: WASMC_VISIT(v.If(e)); break;
          case Op::kTry: WASMC_VISIT(v.Try(e)); break;
          default: WASMC_VISIT(v.TryTable(e, imm_.catches)); break;
        }
        ctl_.push_back(Frame{kind, false, live_, false, sp_, at, imm_.block_params, imm_.block_results, 0,
                             static_cast<uint32_t>(init_undo_.size())});
        PushValues(imm_.block_params);
        break;
      }
      case Op::kCatch:
      case Op::kCatchAll: {
        Frame& f = ctl_.back();
        if (f.kind != FrameKind::kTry || f.catch_all)
          return Malformed(at, "unexpected token", std::string(OpName(op)) + " without a matching try"), diag_;
        WASMC_TRY(EndTryArm(f, at));
        if (f.live && !v.Catch(TryArmEvent(f, at, true), op == Op::kCatch ? imm_.index : NullVisitor::kCatchAllTag))
          return v.error();
        f.has_else = true;
        f.catch_all = op == Op::kCatchAll;
        f.unreachable = false;
        live_ = f.live;
        if (op == Op::kCatch) PushValues(TagParams(imm_.index));
        break;
      }
      case Op::kDelegate: {
        Frame& f = ctl_.back();
        if (f.kind != FrameKind::kTry || f.has_else)
          return Malformed(at, "unexpected token", "delegate without a matching try"), diag_;
        if (imm_.index >= ctl_.size() - 1)
          return UnknownIndex(at, "label", imm_.index, ctl_.size() - 1), diag_;
        WASMC_TRY(EndTryArm(f, at));
        if (f.live && !v.Delegate(TryArmEvent(f, at, false), imm_.index)) return v.error();
        live_ = f.live;
        std::span<const ValType> results = f.results;
        ctl_.pop_back();
        PushValues(results);
        break;
      }
      case Op::kThrow: {
        std::span<const ValType> params = TagParams(imm_.index);
        WASMC_TRY(PopValues(params));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, params.size()), {}}));
        SetUnreachable();
        break;
      }
      case Op::kThrowRef:
        WASMC_TRY(Pop(ValType::kExnRef, nullptr));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, 1), {}}));
        SetUnreachable();
        break;
      case Op::kRethrow: {
        const Frame& target = ctl_[ctl_.size() - 1 - imm_.index];
        if (target.kind != FrameKind::kTry || !target.has_else)
          return Invalid(at, "invalid rethrow label",
                         "label " + std::to_string(imm_.index) + " is not a catch block"), diag_;
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, {}, {}}));
        SetUnreachable();
        break;
      }
      case Op::kElse: {
        Frame& f = ctl_.back();
        if (f.kind != FrameKind::kIf || f.has_else)
          return Malformed(at, "END opcode expected", "else without a matching if"), diag_;
        WASMC_TRY(PopValues(f.results));
        if (sp_ != f.height)
          return Invalid(at, "type mismatch", "values remain on the stack at the end of the then arm"), diag_;
        if (f.live) {
          ControlEvent e{f.kind, at, f.offset, f.params, f.results,
                         static_cast<uint32_t>(ctl_.size() - 1), live_, true};
          if (!v.Else(e)) return v.error();
        }
        ResetLocalInits(f.init_height);
        f.has_else = true;
        f.unreachable = false;
        live_ = f.live;
        PushValues(f.params);
        break;
      }
      case Op::kEnd: {
        Frame& f = ctl_.back();
        WASMC_TRY(PopValues(f.results));
        if (sp_ != f.height)
          return Invalid(at, "type mismatch", "values remain on the stack at the end of the block"), diag_;
        if (f.kind == FrameKind::kIf && !f.has_else &&
            !std::equal(f.params.begin(), f.params.end(), f.results.begin(), f.results.end(),
                        [&](ValType a, ValType b) { return m_.IsSubtype(a, b); }))
          return Invalid(at, "type mismatch", "an if without else must have equal params and results"), diag_;
        if (f.live) {
          ControlEvent e{f.kind, at, f.offset, f.params, f.results,
                         static_cast<uint32_t>(ctl_.size() - 1), live_, f.has_else};
          if (!v.End(e)) return v.error();
        }
        live_ = f.live;
        std::span<const ValType> results = f.results;
        ResetLocalInits(f.init_height);
        ctl_.pop_back();
        if (ctl_.empty()) {
          if (!AtEnd())
            return Malformed(pos_, "section size mismatch",
                             "bytes after the final end of the function body"), diag_;
          return Status::Ok();
        }
        PushValues(results);
        break;
      }
      case Op::kBr: {
        const Frame& target = ctl_[ctl_.size() - 1 - imm_.index];
        std::span<const ValType> types = LabelTypes(target);
        WASMC_TRY(PopValues(types));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, types.size()), {}}));
        SetUnreachable();
        break;
      }
      case Op::kBrIf: {
        const Frame& target = ctl_[ctl_.size() - 1 - imm_.index];
        std::span<const ValType> types = LabelTypes(target);
        WASMC_TRY(Pop(ValType::kI32, nullptr));
        WASMC_TRY(PopValues(types));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, types.size() + 1), types}));
        PushValues(types);
        break;
      }
      case Op::kBrTable: {
        WASMC_TRY(Pop(ValType::kI32, nullptr));
        const Frame& dflt = ctl_[ctl_.size() - 1 - imm_.index];
        std::span<const ValType> types = LabelTypes(dflt);
        const Frame& cur = ctl_.back();
        // Each distinct target is checked once (a frame remembers the last br_table
        // that checked it), so a long br_table costs O(targets + labels * arity).
        ++br_table_serial_;
        for (uint32_t d : imm_.br_targets) {
          Frame& target = ctl_[ctl_.size() - 1 - d];
          if (target.br_table_serial == br_table_serial_) continue;
          target.br_table_serial = br_table_serial_;
          std::span<const ValType> t = LabelTypes(target);
          if (t.size() != types.size())
            return Invalid(at, "type mismatch",
                           "br_table targets carry " + std::to_string(t.size()) + " and " +
                               std::to_string(types.size()) + " values"), diag_;
          // Check without popping: value i from the top must match t[size-1-i].
          for (size_t i = 0; i < t.size(); ++i) {
            const ValType want = t[t.size() - 1 - i];
            if (sp_ - cur.height <= i) {
              if (cur.unreachable) break;
              return Invalid(at, "type mismatch", "br_table expects " + std::string(ValTypeName(want)) +
                                                      " but the stack is empty"), diag_;
            }
            const ValType have = stack_[sp_ - 1 - i];
            if (!m_.IsSubtype(have, want)) {
              TypeMismatch(want, have);
              return diag_;
            }
          }
        }
        WASMC_TRY(PopValues(types));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, types.size() + 1), {}}));
        SetUnreachable();
        break;
      }
      case Op::kReturn:
        WASMC_TRY(PopValues(type.results));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, type.results.size()), {}}));
        SetUnreachable();
        break;
      case Op::kCall:
      case Op::kCallIndirect: {
        const FuncType& callee = op == Op::kCall ? m_.FuncTypeOf(imm_.index) : m_.types[imm_.index];
        if (op == Op::kCallIndirect)
          WASMC_TRY(Pop(m_.tables[imm_.index2].limits.is64 ? ValType::kI64 : ValType::kI32, nullptr));
        WASMC_TRY(PopValues(callee.params));
        const uint32_t n = static_cast<uint32_t>(callee.params.size()) + (op == Op::kCallIndirect);
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, n), callee.results}));
        PushValues(callee.results);
        break;
      }
      case Op::kReturnCall:
      case Op::kReturnCallIndirect: {
        // Tail calls (3.0): the callee's results must be the function's results.
        const bool indirect = op == Op::kReturnCallIndirect;
        const FuncType& callee = indirect ? m_.types[imm_.index] : m_.FuncTypeOf(imm_.index);
        if (!ResultsMatch(callee.results, type.results))
          return Mismatch(at, "tail call: the callee's results differ from the function's"), diag_;
        if (indirect) WASMC_TRY(Pop(ValType::kI32, nullptr));
        WASMC_TRY(PopValues(callee.params));
        const uint32_t n = static_cast<uint32_t>(callee.params.size()) + (indirect ? 1 : 0);
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, n), {}}));
        SetUnreachable();
        break;
      }
      case Op::kDrop: {
        ValType t = ValType::kBottom;
        WASMC_TRY(PopAny(&t));
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, 1), {}}));
        break;
      }
      case Op::kSelect:
      case Op::kSelectT: {
        WASMC_TRY(Pop(ValType::kI32, nullptr));
        ValType t1 = ValType::kBottom, t2 = ValType::kBottom;
        if (op == Op::kSelectT) {
          WASMC_TRY(Pop(imm_.type, &t1));
          WASMC_TRY(Pop(imm_.type, &t2));
          t1 = imm_.type;
        } else {
          WASMC_TRY(PopAny(&t1));
          WASMC_TRY(PopAny(&t2));
          auto selectable = [](ValType t) {
            return IsNumType(t) || t == ValType::kV128 || t == ValType::kBottom;
          };
          if (!selectable(t1) || !selectable(t2))
            return Invalid(at, "type mismatch",
                           std::string("select without a type cannot select ") +
                               ValTypeName(selectable(t1) ? t2 : t1)), diag_;
          if (t1 != t2 && t1 != ValType::kBottom && t2 != ValType::kBottom)
            return Invalid(at, "type mismatch",
                           std::string("select of ") + ValTypeName(t2) + " and " + ValTypeName(t1)), diag_;
          if (t1 == ValType::kBottom) t1 = t2;
        }
        if (t1 == ValType::kBottom) {
          // Only in unreachable code: nothing to report, result stays unknown.
          Push(ValType::kBottom);
          break;
        }
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, 3), Single(t1)}));
        Push(t1);
        break;
      }
      case Op::kGlobalGet:
      case Op::kGlobalSet: {
        const GlobalType& g = m_.globals[imm_.index];
        if (op == Op::kGlobalGet) {
          WASMC_VISIT(v.Instruction(Instr{op, at, imm_, {}, Single(g.type)}));
          Push(g.type);
        } else {
          if (!g.mut)
            return Invalid(at, "global is immutable",
                           "global.set of immutable global " + std::to_string(imm_.index)), diag_;
          WASMC_TRY(Pop(g.type, nullptr));
          WASMC_VISIT(v.Instruction(Instr{op, at, imm_, Single(g.type), {}}));
        }
        break;
      }
      case Op::kTableGet:
      case Op::kTableSet:
      case Op::kTableSize:
      case Op::kTableGrow:
      case Op::kTableFill: {
        const ValType t = m_.tables[imm_.index].elem;
        // The table's address type: i64 for table64 (3.0), else i32.
        const ValType it = m_.tables[imm_.index].limits.is64 ? ValType::kI64 : ValType::kI32;
        // Operand layouts: get (it) -> t; set (it t); size () -> it;
        // grow (t it) -> it; fill (it t it).
        std::span<const ValType> results;
        uint32_t n = 0;
        switch (op) {
          case Op::kTableGet:
            WASMC_TRY(Pop(it, nullptr));
            n = 1, results = Single(t);
            break;
          case Op::kTableSet:
            WASMC_TRY(Pop(t, nullptr));
            WASMC_TRY(Pop(it, nullptr));
            n = 2;
            break;
          case Op::kTableSize:
            results = Single(it);
            break;
          case Op::kTableGrow:
            WASMC_TRY(Pop(it, nullptr));
            WASMC_TRY(Pop(t, nullptr));
            n = 2, results = Single(it);
            break;
          default:  // kTableFill
            WASMC_TRY(Pop(it, nullptr));
            WASMC_TRY(Pop(t, nullptr));
            WASMC_TRY(Pop(it, nullptr));
            n = 3;
            break;
        }
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, n), results}));
        PushValues(results);
        break;
      }
      case Op::kRefNull:
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, {}, Single(imm_.type)}));
        Push(imm_.type);
        break;
      case Op::kRefIsNull: {
        ValType t = ValType::kBottom;
        WASMC_TRY(PopAny(&t));
        if (t != ValType::kBottom && !IsRefType(t))
          return Invalid(at, "type mismatch",
                         std::string("ref.is_null of ") + ValTypeName(t)), diag_;
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, 1), Single(ValType::kI32)}));
        Push(ValType::kI32);
        break;
      }
      case Op::kRefFunc:
        if (!IsDeclaredRef(imm_.index))
          return Invalid(at, "undeclared function reference",
                         "function " + std::to_string(imm_.index) +
                             " is not referenced by an elem segment, export or global"), diag_;
        {
          const ValType t = MakeRefType(ValType::kFuncRef, false, m_.func_types[imm_.index]);
          WASMC_VISIT(v.Instruction(Instr{op, at, imm_, {}, Single(t)}));
          Push(t);
        }
        break;
      case Op::kCallRef:
      case Op::kReturnCallRef: {
        // Typed function references (3.0): the callee is a (ref null $t) on top.
        const FuncType& callee = m_.types[imm_.index];
        const bool tail = op == Op::kReturnCallRef;
        if (tail && !ResultsMatch(callee.results, type.results))
          return Mismatch(at, "tail call: the callee's results differ from the function's"), diag_;
        WASMC_TRY(Pop(MakeRefType(ValType::kFuncRef, true, imm_.index), nullptr));
        WASMC_TRY(PopValues(callee.params));
        const uint32_t n = static_cast<uint32_t>(callee.params.size()) + 1;
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, n),
                                        tail ? std::span<const ValType>{} : std::span<const ValType>(callee.results)}));
        if (tail) SetUnreachable();
        else PushValues(callee.results);
        break;
      }
      case Op::kRefAsNonNull: {
        ValType t = ValType::kBottom;
        WASMC_TRY(PopRef(&t));
        if (t == ValType::kBottom) {
          Push(t);
          break;
        }
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, 1), Single(AsNonNull(t))}));
        Push(AsNonNull(t));
        break;
      }
      case Op::kBrOnNull:
      case Op::kBrOnNonNull: {
        // br_on_null l: [t* (ref null ht)] -> [t* (ref ht)], l carries t*.
        // br_on_non_null l: [t* (ref null ht)] -> [t*], l carries t* (ref ht).
        const Frame& target = ctl_[ctl_.size() - 1 - imm_.index];
        std::span<const ValType> types = LabelTypes(target);
        ValType t = ValType::kBottom;
        WASMC_TRY(PopRef(&t));
        std::span<const ValType> carried = types;
        if (op == Op::kBrOnNonNull) {
          if (types.empty() || !IsRefType(types.back()))
            return Mismatch(at, "br_on_non_null needs a label whose last value is a reference"), diag_;
          if (t != ValType::kBottom && !m_.IsSubtype(AsNonNull(t), types.back()))
            return TypeMismatch(types.back(), AsNonNull(t)), diag_;
          carried = types.first(types.size() - 1);
        }
        WASMC_TRY(PopValues(carried));
        // Operands: the carried values then the reference (still in its slot).
        WASMC_VISIT(v.Instruction(Instr{op, at, imm_, StackSlice(sp_, carried.size() + 1), carried}));
        PushValues(carried);
        if (op == Op::kBrOnNull) Push(t == ValType::kBottom ? t : AsNonNull(t));
        break;
      }
      default:
        // Every non-simple operator of ops.def is handled above.
        WASMC_UNREACHABLE();
    }
    // Calls and blocks (even in unreachable code) push a whole type's worth of values.
    if (sp_ > stack_limit_)
      return Unsupported(at, "operand stack too deep",
                         "more than " + std::to_string(stack_limit_) + " values"), diag_;
  }
#undef WASMC_TRY
#undef WASMC_VISIT
}

}  // namespace wasmc
