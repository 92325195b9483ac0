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
#include <type_traits>
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

// One field list per record, in wire order, used by both Writer and Reader (Io is
// either; R is the record, const when writing). On the wire, enums and bools are one
// byte and other scalars their own width; vectors are a u32 count and their
// elements; byte strings and std::string a u64 length and their bytes.
template <class R, class T>
concept Record = std::is_same_v<std::remove_const_t<R>, T>;
template <class Io, Record<WireValue> R> void Fields(Io& io, R& v) { io(v.type, v.lo, v.hi, v.is_null); }
template <class Io, Record<Reply> R> void Fields(Io& io, R& r) { io(r.kind, r.message, r.id, r.values); }
template <class Io, Record<Reloc> R>
void Fields(Io& io, R& rel) { io(rel.offset, rel.kind, rel.symbol, rel.addend, rel.is_call); }
template <class Io, Record<Section> R>
void Fields(Io& io, R& s) { io(s.name, s.kind, s.align, s.bytes, s.relocs); }
template <class Io, Record<Symbol> R>
void Fields(Io& io, R& s) { io(s.name, s.section, s.value, s.size, s.global, s.function); }
template <class Io, Record<ObjectModule> R>
void Fields(Io& io, R& obj) { io(obj.target, obj.sections, obj.symbols); }

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};
template <class T>
constexpr bool kIsByteString = std::is_same_v<T, std::string> || std::is_same_v<T, std::vector<uint8_t>>;
// The bytes a scalar takes on the wire.
template <class T>
constexpr size_t kWireSize = std::is_enum_v<T> || std::is_same_v<T, bool> ? 1 : sizeof(T);

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
  void Values(const std::vector<WireValue>& vs) { (*this)(vs); }
  // Writes each field (see Fields).
  template <class... T>
  void operator()(const T&... fields) {
    (Field(fields), ...);
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
  template <class T>
  void Field(const T& v) {
    if constexpr (kIsByteString<T>) {
      Bytes(v.data(), v.size());
    } else if constexpr (IsVector<T>::value) {
      U32(static_cast<uint32_t>(v.size()));
      for (const auto& e : v) Field(e);
    } else if constexpr (std::is_class_v<T>) {
      Fields(*this, v);
    } else {
      const uint64_t bits = static_cast<uint64_t>(v);  // little-endian: the low bytes first
      Raw(&bits, kWireSize<T>);
    }
  }
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
  std::vector<WireValue> Values() {
    std::vector<WireValue> vs;
    (*this)(vs);
    return vs;
  }
  // Reads each field (see Fields).
  template <class... T>
  void operator()(T&... fields) {
    (Field(fields), ...);
  }

 private:
  template <class T>
  void Field(T& v) {
    if constexpr (kIsByteString<T>) {
      const std::vector<uint8_t> b = Bytes();
      v.assign(b.begin(), b.end());
    } else if constexpr (IsVector<T>::value) {
      const uint32_t n = U32();
      if (n > in_.size() - pos_) ok_ = false;  // a count no payload could hold
      v.resize(ok_ ? n : 0);
      for (size_t i = 0; ok_ && i < n; ++i) Field(v[i]);
    } else if constexpr (std::is_class_v<T>) {
      Fields(*this, v);
    } else {
      uint64_t bits = 0;  // little-endian: the low bytes first
      Raw(&bits, kWireSize<T>);
      v = static_cast<T>(bits);
    }
  }
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

inline void WriteObject(Writer& w, const ObjectModule& obj) { Fields(w, obj); }

// Counts are checked against the bytes left, so a damaged frame cannot make the
// host allocate without bound.
inline bool ReadObject(Reader& r, ObjectModule* obj) {
  Fields(r, *obj);
  if (!r.ok()) return false;
  // What the loader indexes without checking in release builds.
  for (const Symbol& s : obj->symbols)
    if (s.section >= static_cast<int32_t>(obj->sections.size())) return false;
  for (const Section& s : obj->sections)
    for (const Reloc& rel : s.relocs)
      if (rel.symbol >= obj->symbols.size()) return false;
  return true;
}

inline void WriteReply(Writer& w, const Reply& reply) { Fields(w, reply); }

inline bool ReadReply(Reader& r, Reply* reply) {
  Fields(r, *reply);
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
