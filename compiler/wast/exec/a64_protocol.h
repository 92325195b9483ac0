// The pipe protocol between the AArch64 spec executor (compiler/wast/exec/
// a64_executor.cc, x86-64, inside a wasmc-spec worker) and the AArch64 spec host
// (compiler/wast/a64host/main.cc, a static AArch64 program under qemu-aarch64).
//
// Every message is a frame: a little-endian u32 payload length, then the payload.
// Requests start with an Op byte; every request gets exactly one reply:
//   kInstantiate  object            -> reply (kOk: instance id)
//   kRegister     id, name          -> reply
//   kInvoke       id, name, values  -> reply (kOk: results)
//   kGet          id, name          -> reply (kOk: one result)
// Reply: kind (spec::Outcome::Kind as a byte), message, instance id, values.
// The host sends one reply unasked when it starts (kOk, or kError with why it
// cannot run wasm). Values travel as raw bits (executor.h's Value, with the wasm
// value type byte). Both ends are built from this one header, so they cannot
// disagree about a field; a frame that does not parse is a bug and ends the host.
//
// Header-only and free of wasmc's compiler headers (only backend/object.h), so
// the cross-compiled host needs nothing but this file, the loader and the
// hosted runtime.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "backend/object.h"

namespace wasmc::a64host {

enum class Op : uint8_t { kInstantiate = 1, kRegister = 2, kInvoke = 3, kGet = 4 };

struct WireValue {
  uint8_t type = 0x7f;  // wasm value type byte (0x7f i32 ... 0x70 funcref, 0x6f externref)
  uint64_t lo = 0;
  uint64_t hi = 0;
  bool is_null = false;
};

struct Reply {
  uint8_t kind = 0;  // spec::Outcome::Kind
  std::string message;
  int32_t id = -1;
  std::vector<WireValue> values;
};

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U32(uint32_t v) { Raw(&v, 4); }
  void U64(uint64_t v) { Raw(&v, 8); }
  void Bytes(const void* p, size_t n) {
    U64(n);
    Raw(p, n);
  }
  void Str(const std::string& s) { Bytes(s.data(), s.size()); }
  void Value(const WireValue& v) {
    U8(v.type);
    U64(v.lo);
    U64(v.hi);
    U8(v.is_null);
  }
  void Values(const std::vector<WireValue>& vs) {
    U32(static_cast<uint32_t>(vs.size()));
    for (const WireValue& v : vs) Value(v);
  }
  // The finished frame: length prefix + payload.
  std::vector<uint8_t> Frame() const {
    std::vector<uint8_t> f(4);
    uint32_t n = static_cast<uint32_t>(out_.size());
    std::memcpy(f.data(), &n, 4);
    f.insert(f.end(), out_.begin(), out_.end());
    return f;
  }

 private:
  void Raw(const void* p, size_t n) {
    if (n == 0) return;
    const size_t at = out_.size();
    out_.resize(at + n);
    std::memcpy(out_.data() + at, p, n);
  }
  std::vector<uint8_t> out_;
};

// Reads a payload; any read past the end sets !ok() and yields zeros.
class Reader {
 public:
  explicit Reader(const std::vector<uint8_t>& in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }
  uint8_t U8() {
    uint8_t v = 0;
    Raw(&v, 1);
    return v;
  }
  uint32_t U32() {
    uint32_t v = 0;
    Raw(&v, 4);
    return v;
  }
  uint64_t U64() {
    uint64_t v = 0;
    Raw(&v, 8);
    return v;
  }
  std::vector<uint8_t> Bytes() {
    uint64_t n = U64();
    if (n > in_.size() - pos_) {
      ok_ = false;
      return {};
    }
    std::vector<uint8_t> v(in_.begin() + pos_, in_.begin() + pos_ + n);
    pos_ += n;
    return v;
  }
  std::string Str() {
    std::vector<uint8_t> b = Bytes();
    return std::string(b.begin(), b.end());
  }
  WireValue Value() {
    WireValue v;
    v.type = U8();
    v.lo = U64();
    v.hi = U64();
    v.is_null = U8() != 0;
    return v;
  }
  std::vector<WireValue> Values() {
    std::vector<WireValue> vs(U32());
    if (vs.size() > in_.size()) ok_ = false;  // a count no payload could hold
    for (size_t i = 0; ok_ && i < vs.size(); ++i) vs[i] = Value();
    return vs;
  }

 private:
  void Raw(void* p, size_t n) {
    if (n > in_.size() - pos_) {
      ok_ = false;
      return;
    }
    std::memcpy(p, in_.data() + pos_, n);
    pos_ += n;
  }
  const std::vector<uint8_t>& in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

inline void WriteObject(Writer& w, const ObjectModule& obj) {
  w.U8(static_cast<uint8_t>(obj.target));
  w.U32(static_cast<uint32_t>(obj.sections.size()));
  for (const Section& s : obj.sections) {
    w.Str(s.name);
    w.U8(static_cast<uint8_t>(s.kind));
    w.U32(s.align);
    w.Bytes(s.bytes.data(), s.bytes.size());
    w.U32(static_cast<uint32_t>(s.relocs.size()));
    for (const Reloc& r : s.relocs) {
      w.U64(r.offset);
      w.U8(static_cast<uint8_t>(r.kind));
      w.U32(r.symbol);
      w.U64(static_cast<uint64_t>(r.addend));
      w.U8(r.is_call);
    }
  }
  w.U32(static_cast<uint32_t>(obj.symbols.size()));
  for (const Symbol& s : obj.symbols) {
    w.Str(s.name);
    w.U32(static_cast<uint32_t>(s.section));
    w.U64(s.value);
    w.U64(s.size);
    w.U8(s.global);
    w.U8(s.function);
  }
}

// Counts are checked against the bytes left, so a damaged frame cannot make the
// host allocate without bound.
inline bool ReadObject(Reader& r, ObjectModule* obj) {
  obj->target = static_cast<Target>(r.U8());
  uint32_t num_sections = r.U32();
  for (uint32_t i = 0; r.ok() && i < num_sections; ++i) {
    Section s;
    s.name = r.Str();
    s.kind = static_cast<SectionKind>(r.U8());
    s.align = r.U32();
    s.bytes = r.Bytes();
    uint32_t num_relocs = r.U32();
    for (uint32_t j = 0; r.ok() && j < num_relocs; ++j) {
      Reloc rel;
      rel.offset = r.U64();
      rel.kind = static_cast<RelocKind>(r.U8());
      rel.symbol = r.U32();
      rel.addend = static_cast<int64_t>(r.U64());
      rel.is_call = r.U8() != 0;
      s.relocs.push_back(rel);
    }
    obj->sections.push_back(std::move(s));
  }
  uint32_t num_symbols = r.U32();
  for (uint32_t i = 0; r.ok() && i < num_symbols; ++i) {
    Symbol s;
    s.name = r.Str();
    s.section = static_cast<int32_t>(r.U32());
    s.value = r.U64();
    s.size = r.U64();
    s.global = r.U8() != 0;
    s.function = r.U8() != 0;
    obj->symbols.push_back(std::move(s));
  }
  if (!r.ok()) return false;
  // What the loader indexes without checking in release builds.
  for (const Symbol& s : obj->symbols)
    if (s.section >= static_cast<int32_t>(obj->sections.size())) return false;
  for (const Section& s : obj->sections)
    for (const Reloc& rel : s.relocs)
      if (rel.symbol >= obj->symbols.size()) return false;
  return true;
}

inline void WriteReply(Writer& w, const Reply& reply) {
  w.U8(reply.kind);
  w.Str(reply.message);
  w.U32(static_cast<uint32_t>(reply.id));
  w.Values(reply.values);
}

inline bool ReadReply(Reader& r, Reply* reply) {
  reply->kind = r.U8();
  reply->message = r.Str();
  reply->id = static_cast<int32_t>(r.U32());
  reply->values = r.Values();
  return r.ok() && r.AtEnd();
}

// Blocking frame I/O on pipes. False on EOF or error (the peer is gone).
inline bool WriteAll(int fd, const std::vector<uint8_t>& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

inline bool ReadExactly(int fd, void* p, size_t size) {
  uint8_t* b = static_cast<uint8_t*>(p);
  size_t done = 0;
  while (done < size) {
    ssize_t n = read(fd, b + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

inline bool ReadFrame(int fd, std::vector<uint8_t>* payload) {
  uint32_t n;
  if (!ReadExactly(fd, &n, 4)) return false;
  payload->resize(n);
  return ReadExactly(fd, payload->data(), n);
}

}  // namespace wasmc::a64host
