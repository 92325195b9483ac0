#include "compiler/lower/line_table.h"

#include <map>
#include <string>

namespace wasmc {
namespace {

void Uleb(std::vector<uint8_t>& out, uint64_t v) {
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    out.push_back(static_cast<uint8_t>(b | (v ? 0x80 : 0)));
  } while (v);
}

}  // namespace

std::vector<uint8_t> EncodeLineTable(const DebugInfo& debug, std::span<const CodePoint> points) {
  struct Row {
    uint32_t code_offset, file, line;
  };
  std::vector<Row> rows;
  std::map<uint32_t, uint32_t> local_file;  // DebugInfo file -> index in this table
  std::vector<uint32_t> files;
  size_t hint = 0;
  for (const CodePoint& p : points) {
    const SourceLine* s = debug.At(p.wasm_offset, hint);
    if (!s) continue;
    auto [it, added] = local_file.emplace(s->file, static_cast<uint32_t>(files.size()));
    if (added) files.push_back(s->file);
    if (!rows.empty() && rows.back().file == it->second && rows.back().line == s->line) continue;
    if (!rows.empty() && rows.back().code_offset == p.code_offset) rows.pop_back();  // no code between
    rows.push_back({rows.empty() ? 0 : p.code_offset, it->second, s->line});
  }
  std::vector<uint8_t> out;
  if (rows.empty()) return out;
  Uleb(out, files.size());
  for (uint32_t f : files) {
    const std::string& name = debug.files[f];
    out.insert(out.end(), name.begin(), name.end());
    out.push_back(0);
  }
  Uleb(out, rows.size());
  uint32_t at = 0;
  for (const Row& r : rows) {
    Uleb(out, r.code_offset - at);
    Uleb(out, r.file);
    Uleb(out, r.line);
    at = r.code_offset;
  }
  return out;
}

}  // namespace wasmc
