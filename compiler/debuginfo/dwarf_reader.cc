#include "compiler/debuginfo/dwarf_reader.h"

namespace wasmc::dwarf {

uint64_t Cursor::Fixed(unsigned size) {
  if (size > 8 || bytes_.size() - pos_ < size) {
    Fail();
    return 0;
  }
  uint64_t v = 0;
  for (unsigned i = 0; i < size; ++i) v |= static_cast<uint64_t>(bytes_[pos_ + i]) << (8 * i);
  pos_ += size;
  return v;
}

uint64_t Cursor::Uleb() {
  uint64_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    if (pos_ >= bytes_.size()) {
      Fail();
      return 0;
    }
    uint8_t b = bytes_[pos_++];
    if (shift < 64) v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
}

int64_t Cursor::Sleb() {
  int64_t v = 0;
  unsigned shift = 0;
  uint8_t b = 0x80;
  while (b & 0x80) {
    if (pos_ >= bytes_.size()) {
      Fail();
      return 0;
    }
    b = bytes_[pos_++];
    if (shift < 64) v |= static_cast<int64_t>(static_cast<uint64_t>(b & 0x7f) << shift);
    shift += 7;
  }
  if (shift < 64 && (b & 0x40)) v |= -(int64_t{1} << shift);
  return v;
}

std::string_view Cursor::CString() {
  size_t end = pos_;
  while (end < bytes_.size() && bytes_[end] != 0) ++end;
  if (end >= bytes_.size()) {
    Fail();
    return "";
  }
  std::string_view s(reinterpret_cast<const char*>(bytes_.data() + pos_), end - pos_);
  pos_ = end + 1;
  return s;
}

std::string_view Cursor::StringAt(uint64_t offset) const {
  if (offset >= bytes_.size()) return "";
  Cursor c(bytes_);
  c.Seek(offset);
  std::string_view s = c.CString();
  return c.ok() ? s : "";
}

Cursor Cursor::Take(uint64_t n) {
  if (n > bytes_.size() - pos_) {
    Fail();
    return Cursor();
  }
  Cursor sub(bytes_.subspan(pos_, n));
  pos_ += n;
  return sub;
}

bool ReadForm(Cursor& c, uint64_t form, int64_t implicit, unsigned addr_size, const Sections& s, Value* out) {
  *out = Value();
  auto number = [&](uint64_t v) { out->number = v; return c.ok(); };
  auto block = [&](uint64_t n) { c.Skip(n); return c.ok(); };
  auto unresolved = [&](uint64_t v) { out->resolved = false; return number(v); };
  switch (form) {
    case 0x01: out->is_address = true; return number(c.Fixed(addr_size));  // addr
    case 0x03: return block(c.U16());                                      // block2
    case 0x04: return block(c.U32());                                      // block4
    case 0x05: return number(c.U16());                                     // data2
    case 0x06: return number(c.U32());                                     // data4
    case 0x07: return number(c.Fixed(8));                                  // data8
    case 0x08: out->is_string = true; out->string = c.CString(); return c.ok();  // string
    case 0x09: return block(c.Uleb());                                     // block
    case 0x0a: return block(c.U8());                                       // block1
    case 0x0b: return number(c.U8());                                      // data1
    case 0x0c: return number(c.U8());                                      // flag
    case 0x0d: return number(static_cast<uint64_t>(c.Sleb()));             // sdata
    case 0x0e:                                                             // strp
      out->is_string = true;
      out->string = s.str.StringAt(c.U32());
      return c.ok();
    case 0x0f: return number(c.Uleb());                                    // udata
    case 0x10: return number(c.U32());                                     // ref_addr
    case 0x11: return number(c.U8());                                      // ref1
    case 0x12: return number(c.U16());                                     // ref2
    case 0x13: return number(c.U32());                                     // ref4
    case 0x14: return number(c.Fixed(8));                                  // ref8
    case 0x15: return number(c.Uleb());                                    // ref_udata
    case 0x16: return ReadForm(c, c.Uleb(), implicit, addr_size, s, out);  // indirect
    case 0x17: return number(c.U32());                                     // sec_offset
    case 0x18: return block(c.Uleb());                                     // exprloc
    case 0x19: return number(1);                                           // flag_present
    case 0x1a: out->is_string = true; return unresolved(c.Uleb());         // strx
    case 0x1b: return unresolved(c.Uleb());                                // addrx
    case 0x1c: return number(c.U32());                                     // ref_sup4
    case 0x1d: return number(c.U32());                                     // strp_sup
    case 0x1e: return block(16);                                           // data16
    case 0x1f:                                                             // line_strp
      out->is_string = true;
      out->string = s.line_str.StringAt(c.U32());
      return c.ok();
    case 0x20: return number(c.Fixed(8));                                  // ref_sig8
    case 0x21: return number(static_cast<uint64_t>(implicit));             // implicit_const
    case 0x22: case 0x23: return number(c.Uleb());                         // loclistx, rnglistx
    case 0x24: return number(c.Fixed(8));                                  // ref_sup8
    case 0x25: case 0x26: case 0x27: case 0x28:                            // strx1..4
      out->is_string = true;
      return unresolved(c.Fixed(static_cast<unsigned>(form - 0x24)));
    case 0x29: case 0x2a: case 0x2b: case 0x2c:                            // addrx1..4
      return unresolved(c.Fixed(static_cast<unsigned>(form - 0x28)));
    default: return false;
  }
}

}  // namespace wasmc::dwarf
