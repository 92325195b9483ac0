// wat-oracle: runs the text front end over every module of .wast scripts.
//
//   wat-oracle [--dump DIR] [--quiet] [--debug-names] FILE.wast...
//
// Splits each script into its top-level commands and parses every text module in
// them: `(module ...)` and the module inside assert_invalid / assert_unlinkable /
// assert_uninstantiable / assert_trap / assert_exhaustion. Binary and quoted modules
// are not compiled; quoted ones must be rejected inside assert_malformed and accepted
// elsewhere (that checks the parser's malformed-text diagnostics). With --dump, each module's
// bytes go to DIR/<file stem>.<line>.wasm (line of the command holding it), which
// tests/text/oracle.py compares with wast2json's output. Prints every parse error as
// FILE:LINE:COL: error: what, then `N modules, M errors, T ms`; exit 1 on any error.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/text/wat.h"
#include "compiler/wasmc.h"

namespace {

using wasmc::text::Token;
using wasmc::text::TokenStream;
using wasmc::text::TokKind;

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return false;
  std::stringstream ss;
  ss << f.rdbuf();
  *out = ss.str();
  return true;
}

std::string Stem(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  return dot == std::string::npos ? base : base.substr(0, dot);
}

// Skips the balanced form starting at ts.tokens[*pos] == '('.
void Skip(const TokenStream& ts, size_t* pos) {
  size_t depth = 0;
  do {
    const Token& t = ts.tokens[*pos];
    if (t.kind == TokKind::kEof) return;
    if (t.kind == TokKind::kLParen) ++depth;
    if (t.kind == TokKind::kRParen) --depth;
    ++*pos;
  } while (depth > 0);
}

bool IsKw(const TokenStream& ts, size_t i, const char* kw) {
  return ts.tokens[i].kind == TokKind::kKeyword && ts.Text(ts.tokens[i]) == kw;
}

// Is the module at `i` ('(' 'module') a binary or quoted one?
bool IsScriptModule(const TokenStream& ts, size_t i) {
  size_t k = i + 2;
  if (IsKw(ts, k, "definition") || IsKw(ts, k, "instance")) return true;
  if (ts.tokens[k].kind == TokKind::kId) ++k;
  return IsKw(ts, k, "binary") || IsKw(ts, k, "quote");
}

}  // namespace

int main(int argc, char** argv) {
  std::string dump;
  bool quiet = false;
  wasmc::text::EncodeOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--dump" && i + 1 < argc) dump = argv[++i];
    else if (a == "--quiet") quiet = true;
    else if (a == "--debug-names") options.debug_names = true;
    else files.push_back(a);
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: wat-oracle [--dump DIR] [--quiet] [--debug-names] FILE.wast...\n");
    return 2;
  }
  size_t modules = 0, quotes = 0, errors = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const std::string& file : files) {
    std::string text;
    if (!ReadFile(file, &text)) {
      std::printf("%s: error: cannot read\n", file.c_str());
      ++errors;
      continue;
    }
    auto lexed = wasmc::text::Lex(text);
    if (!lexed.ok()) {
      std::printf("%s\n", lexed.diag().Render(file).c_str());
      ++errors;
      continue;
    }
    const TokenStream& ts = lexed.value();
    size_t pos = 0;
    while (ts.tokens[pos].kind == TokKind::kLParen) {
      size_t m = std::string::npos;
      if (IsKw(ts, pos + 1, "module")) {
        m = pos;
      } else if ((IsKw(ts, pos + 1, "assert_invalid") || IsKw(ts, pos + 1, "assert_unlinkable") ||
                  IsKw(ts, pos + 1, "assert_uninstantiable") || IsKw(ts, pos + 1, "assert_trap") ||
                  IsKw(ts, pos + 1, "assert_exhaustion")) &&
                 ts.tokens[pos + 2].kind == TokKind::kLParen && IsKw(ts, pos + 3, "module")) {
        m = pos + 2;
      }
      // (module $id? quote "..."*): the text must be rejected inside assert_malformed
      // and accepted anywhere else.
      size_t q = std::string::npos;
      // assert_malformed_custom binds only engines that implement the annotation;
      // of those we implement @custom.
      const bool custom = IsKw(ts, pos + 1, "assert_malformed_custom");
      bool malformed = IsKw(ts, pos + 1, "assert_malformed");
      if (IsKw(ts, pos + 1, "module")) q = pos;
      else if (ts.tokens[pos + 2].kind == TokKind::kLParen && IsKw(ts, pos + 3, "module")) q = pos + 2;
      if (q != std::string::npos) {
        size_t k = q + 2;
        if (ts.tokens[k].kind == TokKind::kId) ++k;
        if (IsKw(ts, k, "quote")) {
          std::string quoted;
          for (++k; ts.tokens[k].kind == TokKind::kString; ++k) {
            quoted += ts.Text(ts.tokens[k]);
            quoted += ' ';
          }
          if (custom && quoted.find("@custom") != std::string::npos) malformed = true;
          auto r = wasmc::text::ParseWat(quoted);
          ++quotes;
          // Text that parses but encodes a value out of its range (an i32 memory limit
          // or a memarg offset over 2^32-1: malformed in the 2.0 suite, invalid in 3.0,
          // where memory64 made offsets u64) is rejected by the binary decoder or the
          // validator: the 2.0 script's "malformed" is met by either.
          bool rejected = !r.ok();
          if (!rejected && malformed) {
            auto m = wasmc::DecodeModule(r.value().bytes);
            if (!m.ok()) {
              rejected = m.diag().kind == wasmc::DiagKind::kMalformed;
            } else {  // bodies are decoded by the validator
              wasmc::Status v = wasmc::ValidateModule(m.value());
              rejected = !v.ok() && (v.diag().kind == wasmc::DiagKind::kMalformed ||
                                     v.diag().what == "offset out of range");
            }
          }
          if (custom && !malformed) {
            // not ours to check
          } else if (rejected != malformed) {
            const Token& at = ts.tokens[pos];
            std::printf("%s:%u:%u: error: quoted module %s\n", file.c_str(), at.line, at.col,
                        malformed ? "accepted, but the script expects it to be malformed"
                                  : ("rejected: " + r.diag().Render("quote")).c_str());
            ++errors;
          }
        }
      }
      if (m != std::string::npos && !IsScriptModule(ts, m)) {
        size_t p = m;
        auto r = wasmc::text::ParseModule(ts, &p, options);
        ++modules;
        if (!r.ok()) {
          std::printf("%s\n", r.diag().Render(file).c_str());
          ++errors;
        } else if (!dump.empty()) {
          std::string out = dump + "/" + Stem(file) + "." + std::to_string(ts.tokens[pos].line) + ".wasm";
          std::ofstream f(out, std::ios::binary);
          f.write(reinterpret_cast<const char*>(r.value().bytes.data()), r.value().bytes.size());
        }
      }
      Skip(ts, &pos);
    }
    if (ts.tokens[pos].kind != TokKind::kEof) {
      const Token& t = ts.tokens[pos];
      std::printf("%s:%u:%u: error: unexpected token %s\n", file.c_str(), t.line, t.col,
                  wasmc::text::Describe(ts, t).c_str());
      ++errors;
    }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!quiet || errors)
    std::printf("%zu modules, %zu quoted modules, %zu errors, %.0f ms\n", modules, quotes, errors, ms);
  return errors ? 1 : 0;
}
