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
// either; R is the record, const when writing). Scalars travel as their own width
// except enums and bools, which travel as one byte; vectors as a u32 count and their
// elements; byte strings and std::string as a u64 length and their bytes.
template <class Io, class R>
  requires std::is_same_v<std::remove_const_t<R>, WireValue>
void Fields(Io& io, R& v) {
  io.Field(v.type);
  io.Field(v.lo);
  io.Field(v.hi);
  io.Field(v.is_null);
}
template <class Io, class R>
  requires std::is_same_v<std::remove_const_t<R>, Reply>
void Fields(Io& io, R& reply) {
  io.Field(reply.kind);
  io.Field(reply.message);
  io.Field(reply.id);
  io.Field(reply.values);
}
template <class Io, class R>
  requires std::is_same_v<std::remove_const_t<R>, Reloc>
void Fields(Io& io, R& rel) {
  io.Field(rel.offset);
  io.Field(rel.kind);
  io.Field(rel.symbol);
  io.Field(rel.addend);
  io.Field(rel.is_call);
}
template <class Io, class R>
  requires std::is_same_v<std::remove_const_t<R>, Section>
void Fields(Io& io, R& s) {
  io.Field(s.name);
  io.Field(s.kind);
  io.Field(s.align);
  io.Field(s.bytes);
  io.Field(s.relocs);
}
template <class Io, class R>
  requires std::is_same_v<std::remove_const_t<R>, Symbol>
void Fields(Io& io, R& s) {
  io.Field(s.name);
  io.Field(s.section);
  io.Field(s.value);
  io.Field(s.size);
  io.Field(s.global);
  io.Field(s.function);
}
template <class Io, class R>
  requires std::is_same_v<std::remove_const_t<R>, ObjectModule>
void Fields(Io& io, R& obj) {
  io.Field(obj.target);
  io.Field(obj.sections);
  io.Field(obj.symbols);
}

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

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
  void Values(const std::vector<WireValue>& vs) { Field(vs); }
  template <class T>
  void Field(const T& v) {
    if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::vector<uint8_t>>) {
      Bytes(v.data(), v.size());
    } else if constexpr (IsVector<T>::value) {
      U32(static_cast<uint32_t>(v.size()));
      for (const auto& e : v) Field(e);
    } else if constexpr (std::is_class_v<T>) {
      Fields(*this, v);
    } else if constexpr (std::is_enum_v<T> || std::is_same_v<T, bool> || sizeof(T) == 1) {
      U8(static_cast<uint8_t>(v));
    } else if constexpr (sizeof(T) == 4) {
      U32(static_cast<uint32_t>(v));
    } else {
      static_assert(sizeof(T) == 8);
      U64(static_cast<uint64_t>(v));
    }
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
  std::vector<WireValue> Values() {
    std::vector<WireValue> vs;
    Field(vs);
    return vs;
  }
  template <class T>
  void Field(T& v) {
    if constexpr (std::is_same_v<T, std::string>) {
      v = Str();
    } else if constexpr (std::is_same_v<T, std::vector<uint8_t>>) {
      v = Bytes();
    } else if constexpr (IsVector<T>::value) {
      const uint32_t n = U32();
      if (n > in_.size() - pos_) {  // a count no payload could hold
        ok_ = false;
        return;
      }
      v.resize(n);
      for (size_t i = 0; ok_ && i < n; ++i) Field(v[i]);
    } else if constexpr (std::is_class_v<T>) {
      Fields(*this, v);
    } else if constexpr (std::is_same_v<T, bool>) {
      v = U8() != 0;
    } else if constexpr (std::is_enum_v<T> || sizeof(T) == 1) {
      v = static_cast<T>(U8());
    } else if constexpr (sizeof(T) == 4) {
      v = static_cast<T>(U32());
    } else {
      static_assert(sizeof(T) == 8);
      v = static_cast<T>(U64());
    }
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

inline void WriteObject(Writer& w, const ObjectModule& obj) { w.Field(obj); }

// Counts are checked against the bytes left, so a damaged frame cannot make the
// host allocate without bound.
inline bool ReadObject(Reader& r, ObjectModule* obj) {
  r.Field(*obj);
  if (!r.ok()) return false;
  // What the loader indexes without checking in release builds.
  for (const Symbol& s : obj->symbols)
    if (s.section >= static_cast<int32_t>(obj->sections.size())) return false;
  for (const Section& s : obj->sections)
    for (const Reloc& rel : s.relocs)
      if (rel.symbol >= obj->symbols.size()) return false;
  return true;
}

inline void WriteReply(Writer& w, const Reply& reply) { w.Field(reply); }

inline bool ReadReply(Reader& r, Reply* reply) {
  r.Field(*reply);
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
