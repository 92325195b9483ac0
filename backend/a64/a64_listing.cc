// --emit=asm for AArch64: asmjit's a64 formatter (through a Logger) gives the text
// of each instruction as it is emitted; ListRange prints it with addresses and
// resolves label names to addresses. The 2022 formatter prints conditions as
// numbers and omits `uxtw` on register offsets: fixed up here, so the listing
// reads like llvm-objdump's (which tests use as an independent cross-check).
#include <algorithm>
#include <bit>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"

namespace wasmc::a64 {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// asmjit's CondCode numbering (kAL = 0, kNA = 1, kEQ = 2, ...).
const char* const kCondNames[16] = {"al", "nv", "eq", "ne", "hs", "lo", "mi", "pl",
                                    "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"};

bool TakesCondLast(const std::string& mnemonic) {
  for (const char* m : {"csel", "csinc", "csinv", "csneg", "cset", "csetm", "cinc", "cinv",
                        "cneg", "ccmp", "ccmn", "fcsel", "fccmp", "fccmpe"})
    if (mnemonic == m) return true;
  return false;
}

// NEON (backend/a64/a64_simd.cc), as llvm-objdump prints it: the `mov` aliases of
// ins, of umov to a w (s lane) / x (d lane) register and of the scalar dup; the
// register list of tbl in braces.
std::string FixUpNeon(std::string t) {
  const size_t sp = t.find(' ');
  if (sp == std::string::npos) return t;
  const std::string mnemonic = t.substr(0, sp);
  const std::string ops = t.substr(sp + 1);
  auto scalar_first = [&](const char* kinds) {
    return ops.size() > 1 && std::strchr(kinds, ops[0]) && IsDigit(ops[1]) &&
           ops.find('.') > ops.find(',');
  };
  if (mnemonic == "ins") return "mov " + ops;
  if (mnemonic == "umov" && ((ops[0] == 'w' && ops.find(".s[") != std::string::npos) ||
                             (ops[0] == 'x' && ops.find(".d[") != std::string::npos)))
    return "mov " + ops;
  if (mnemonic == "dup" && scalar_first("bhsd")) return "mov " + ops;
  if (mnemonic == "tbl" || mnemonic == "tbx") {
    const size_t first = ops.find(", ");
    const size_t last = ops.rfind(", ");
    if (first != std::string::npos && last > first)
      return mnemonic + " " + ops.substr(0, first) + ", { " +
             ops.substr(first + 2, last - first - 2) + " }" + ops.substr(last);
  }
  return t;
}

std::string FixUp(std::string t) {
  if (t.starts_with("b.cc ")) t.replace(0, 4, "b.lo");
  else if (t.starts_with("b.cs ")) t.replace(0, 4, "b.hs");
  // "orr x1, xzr, imm" is llvm-objdump's "mov x1, imm".
  if (t.starts_with("orr ") && std::count(t.begin(), t.end(), ',') == 2) {
    size_t c1 = t.find(", ");
    if (t.compare(c1 + 2, 5, "xzr, ") == 0 || t.compare(c1 + 2, 5, "wzr, ") == 0)
      t = "mov " + t.substr(4, c1 - 4) + ", " + t.substr(c1 + 7);
  }
  t = FixUpNeon(std::move(t));
  const std::string mnemonic = t.substr(0, t.find(' '));
  // Shifted immediates: "movz x1, 0x1234, 0x10" -> "movz x1, 0x1234, lsl 16".
  const bool mov_wide = mnemonic == "movz" || mnemonic == "movk" || mnemonic == "movn";
  const bool add_sub = mnemonic == "add" || mnemonic == "sub" || mnemonic == "adds" ||
                       mnemonic == "subs";
  if (mov_wide || (add_sub && std::count(t.begin(), t.end(), ',') == 3)) {
    size_t comma = t.rfind(", ");
    std::string num = t.substr(comma + 2);
    if (!num.empty() && IsDigit(num[0])) {
      unsigned n = static_cast<unsigned>(std::stoul(num, nullptr, 0));
      t = t.substr(0, comma);
      if (n != 0) t += ", lsl " + std::to_string(n);
    }
  }
  // "subs wzr, w1, 0x10, lsl 12" is llvm-objdump's "cmp w1, 0x10, lsl 12" (adds: cmn).
  if ((mnemonic == "subs" || mnemonic == "adds") &&
      (t.compare(5, 5, "wzr, ") == 0 || t.compare(5, 5, "xzr, ") == 0))
    t = (mnemonic == "subs" ? "cmp " : "cmn ") + t.substr(10);
  // FP immediates are printed as the double's bits: "fmov s1, 0xBFF0..." -> "-1.0".
  if (mnemonic == "fmov" && t.size() > 20 && t.compare(t.size() - 18, 2, "0x") == 0) {
    uint64_t bits = std::stoull(t.substr(t.size() - 16), nullptr, 16);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%#g", std::bit_cast<double>(bits));
    t = t.substr(0, t.size() - 18) + buf;
  }
  if (TakesCondLast(mnemonic)) {
    size_t comma = t.rfind(", ");
    if (comma != std::string::npos) {
      const std::string num = t.substr(comma + 2);
      // asmjit prints the codes from 10 (hi, ls, ge, lt, gt, le) in hex: "0xC"
      const bool hex = num.size() == 3 && num.compare(0, 2, "0x") == 0;
      if (!num.empty() && (num.size() <= 2 || hex) && IsDigit(num[0])) {
        unsigned n = static_cast<unsigned>(std::stoul(num, nullptr, hex ? 16 : 10));
        if (n < 16) t = t.substr(0, comma + 2) + kCondNames[n];
      }
    }
  }
  // Register offsets: "[x1, w2]" -> "[x1, w2, uxtw]"; "w2 uxtw 3" -> "w2, uxtw #3".
  size_t lb = t.find('[');
  if (lb != std::string::npos) {
    size_t rb = t.find(']', lb);
    std::string mem = t.substr(lb, rb == std::string::npos ? std::string::npos : rb - lb);
    std::string fixed = mem;
    size_t u = fixed.find(" uxtw ");
    if (u != std::string::npos) {
      fixed.replace(u, 6, ", uxtw #");
    } else {
      size_t c = fixed.find(", w");
      if (c != std::string::npos && c + 3 < fixed.size() && IsDigit(fixed[c + 3]) &&
          fixed.find(',', c + 1) == std::string::npos)
        fixed += ", uxtw";
    }
    t.replace(lb, mem.size(), fixed);
  }
  // 64-bit two's complement immediates -> negative numbers.
  for (size_t p = t.find("0xFFFFFFFF"); p != std::string::npos; p = t.find("0xFFFFFFFF", p + 1)) {
    size_t e = p + 2;
    while (e < t.size() && std::isxdigit(static_cast<unsigned char>(t[e]))) ++e;
    if (e - p - 2 != 16) continue;
    uint64_t v = std::stoull(t.substr(p + 2, 16), nullptr, 16);
    char buf[24];
    std::snprintf(buf, sizeof buf, "-0x%" PRIX64, ~v + 1);
    t.replace(p, e - p, buf);
  }
  return t;
}

}  // namespace

asmjit::Error ListingLogger::_log(const char* data, size_t size) noexcept {
  std::string text(data, size);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  if (text.empty() || text.back() == ':') return asmjit::kErrorOk;  // labels
  // asmjit logs an instruction before it advances the buffer, embedded data after.
  uint32_t start = static_cast<uint32_t>(a_.offset());
  if (!next_text_.empty()) {
    text = std::move(next_text_);
    next_text_.clear();
    start -= 4;
  } else if (text.front() == '.') {
    return asmjit::kErrorOk;  // directives (alignment, data)
  }
  entries_.push_back({start, std::move(text)});
  return asmjit::kErrorOk;
}

std::unique_ptr<ListingLogger> NewListingLogger(const asmjit::a64::Assembler& a) {
  return std::make_unique<ListingLogger>(a);
}

namespace {

// The formatter also drops the extend of `add xD, xN, wM, uxtw` (it prints "add xD,
// xN, xM"): restored from the instruction word (ADD, 64-bit, extended register, UXTW).
std::string FixUpExtendedAdd(std::string t, std::span<const uint8_t> code, uint32_t at) {
  if (at + 4 > code.size()) return t;
  uint32_t w;
  std::memcpy(&w, code.data() + at, 4);
  if ((w & 0xFFE0E000) != 0x8B204000) return t;
  const size_t c = t.rfind(", x");
  if (c == std::string::npos) return t;
  t[c + 2] = 'w';
  const unsigned imm3 = (w >> 10) & 7;
  return t + (imm3 ? ", uxtw #" + std::to_string(imm3) : ", uxtw");
}

// The formatter prints a shifted register operand's amount without its kind ("eor w1,
// w2, w3, 8"; FixUp makes an add/sub's "lsl 8" of it): the kind restored from the
// instruction word (logical or add/sub, shifted register: shift in bits 23-22, amount
// in bits 15-10).
std::string FixUpShiftedRegister(std::string t, std::span<const uint8_t> code, uint32_t at) {
  if (at + 4 > code.size()) return t;
  uint32_t w;
  std::memcpy(&w, code.data() + at, 4);
  const bool logical = (w & 0x1F000000) == 0x0A000000;
  const bool add_sub = (w & 0x1F200000) == 0x0B000000;
  const unsigned amount = (w >> 10) & 63;
  if ((!logical && !add_sub) || amount == 0) return t;
  const size_t c = t.rfind(", ");
  if (c == std::string::npos) return t;
  static const char* const kKinds[4] = {"lsl", "lsr", "asr", "ror"};
  return t.substr(0, c) + ", " + kKinds[(w >> 22) & 3] + " " + std::to_string(amount);
}

}  // namespace

void A64MacroAssembler::ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to,
                                  uint64_t base, std::string& out) const {
  WASMC_CHECK(logger_ && "ListRange needs a MacroAssembler made with want_listing");
  const auto& entries = logger_->entries();
  // Entries are in offset order; find the first one starting at or after `from`.
  size_t lo = 0, hi = entries.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (entries[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  char line[320];
  for (size_t k = lo; k < entries.size() && entries[k].start < to; ++k) {
    std::string text = FixUpShiftedRegister(
        FixUpExtendedAdd(FixUp(entries[k].text), code, entries[k].start), code, entries[k].start);
    // Label names (L<id>) -> addresses.
    for (size_t p = 0; p < text.size(); ++p) {
      if (text[p] != 'L' || (p > 0 && std::isalnum(static_cast<unsigned char>(text[p - 1]))) ||
          p + 1 >= text.size() || !IsDigit(text[p + 1]))
        continue;
      size_t e = p + 1;
      while (e < text.size() && IsDigit(text[e])) ++e;
      uint32_t id = static_cast<uint32_t>(std::stoul(text.substr(p + 1, e - p - 1)));
      if (!code_.isLabelValid(id) || !code_.isLabelBound(id)) continue;
      char addr[32];
      std::snprintf(addr, sizeof addr, "0x%" PRIx64,
                    base + code_.labelOffset(id));
      text.replace(p, e - p, addr);
      p += std::strlen(addr) - 1;
    }
    std::snprintf(line, sizeof line, "  %06" PRIx64 ":  %s\n", base + entries[k].start,
                  text.c_str());
    out += line;
  }
}

}  // namespace wasmc::a64
