// The text front end's API (wat.h) and the custom-section annotations.
#include "compiler/text/wat.h"

#include <algorithm>

#include "compiler/text/parser.h"

namespace wasmc::text {

// `(@custom "name" (before|after section|first|last)? "data"*)` annotations between
// the module's fields become custom sections (messages as the reference interpreter's).
void ModuleParser::Customs(uint32_t first_token, uint32_t last_token) {
  static constexpr struct { const char* name; int id; } kSections[] = {
      {"type", 1}, {"import", 2}, {"func", 3}, {"table", 4}, {"memory", 5}, {"global", 6},
      {"export", 7}, {"start", 8}, {"elem", 9}, {"code", 10}, {"data", 11}, {"datacount", 12},
      {"tag", 13}};
  const std::vector<Token>& at = ts_.annotation_tokens;
  for (const Annotation& a : ts_.annotations) {
    if (a.name != "custom" || a.before_token < first_token || a.before_token > last_token) continue;
    Token where;
    where.line = a.line;
    where.col = a.col;
    const bool between_fields =
        a.before_token == first_token || a.before_token == last_token ||
        std::find(field_starts_.begin(), field_starts_.end(), a.before_token) != field_starts_.end();
    if (!between_fields) return (void)Fail(where, "misplaced @custom annotation");
    uint32_t i = a.first;
    auto kw = [&](uint32_t k) { return k < a.last && at[k].kind == TokKind::kKeyword; };
    if (i >= a.last || at[i].kind != TokKind::kString)
      return (void)Fail(i < a.last ? at[i] : where, "@custom annotation: missing section name");
    CustomEntry c;
    c.name = std::string(ts_.Text(at[i]));
    if (!IsValidUtf8(c.name)) return (void)Fail(at[i], "@custom annotation: malformed UTF-8 encoding");
    ++i;
    if (i < a.last && at[i].kind == TokKind::kLParen) {
      const std::string_view place = kw(i + 1) ? ts_.Text(at[i + 1]) : std::string_view();
      if (place != "before" && place != "after")
        return (void)Fail(at[i], "@custom annotation: malformed placement");
      c.after = place == "after";
      const std::string_view sec = kw(i + 2) ? ts_.Text(at[i + 2]) : std::string_view();
      c.anchor = 0;
      if (sec == (c.after ? "last" : "first")) c.anchor = -1;
      for (const auto& s : kSections)
        if (sec == s.name) c.anchor = s.id;
      if (c.anchor == 0) return (void)Fail(at[i], "@custom annotation: malformed section kind");
      if (i + 3 >= a.last || at[i + 3].kind != TokKind::kRParen)
        return (void)Fail(at[i], "@custom annotation: unexpected token");
      i += 4;
    }
    for (; i < a.last; ++i) {
      if (at[i].kind != TokKind::kString) return (void)Fail(at[i], "@custom annotation: unexpected token");
      c.data += ts_.Text(at[i]);
    }
    m_.customs.push_back(std::move(c));
  }
}

Result<ParsedModule> ParseModule(const TokenStream& ts, size_t* pos, const EncodeOptions& options) {
  ModuleParser p(ts, *pos, options);
  ParsedModule out;
  if (!p.ParseModule(false, &out)) return p.diag();
  *pos = p.pos();
  return out;
}

Result<ParsedModule> ParseWat(std::string_view text, const EncodeOptions& options) {
  auto lexed = Lex(text);
  if (!lexed.ok()) return lexed.diag();
  const TokenStream& ts = lexed.value();
  const bool wrapped = ts.tokens.size() > 2 && ts.tokens[0].kind == TokKind::kLParen &&
                       ts.tokens[1].kind == TokKind::kKeyword && ts.Text(ts.tokens[1]) == "module";
  ModuleParser p(ts, 0, options);
  ParsedModule out;
  if (!p.ParseModule(!wrapped, &out)) return p.diag();
  if (wrapped && ts.tokens[p.pos()].kind != TokKind::kEof)
    return TokenDiag(ts.tokens[p.pos()], "unexpected token " + Describe(ts, ts.tokens[p.pos()]));
  return out;
}

void AddTextPosition(const ParsedModule& m, Diag* d) {
  auto it = std::upper_bound(m.positions.begin(), m.positions.end(), d->offset,
                             [](uint64_t off, const SourcePos& p) { return off < p.offset; });
  if (it == m.positions.begin()) return;
  --it;
  if (it->line == 0) return;  // past the end of a body: not an instruction
  d->line = it->line;
  d->col = it->col;
}

bool LooksLikeText(const std::vector<uint8_t>& bytes) {
  size_t i = 0;
  if (bytes.size() >= 3 && bytes[0] == 0xef && bytes[1] == 0xbb && bytes[2] == 0xbf) i = 3;  // BOM
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r'))
    ++i;
  if (i >= bytes.size()) return false;
  if (bytes[i] == '(') return true;
  return bytes[i] == ';' && i + 1 < bytes.size() && bytes[i + 1] == ';';
}

}  // namespace wasmc::text
