// The text front end's API (wat.h) and the custom-section annotations.
#include "compiler/text/wat.h"

#include "compiler/text/parser.h"

namespace wasmc::text {

// `(@custom "name" (before|after section|first|last)? "data"*)` annotations inside
// the module's tokens become custom sections. Malformed ones are errors.
void ModuleParser::Customs(uint32_t first_token, uint32_t last_token) {
  static constexpr struct { const char* name; int id; } kSections[] = {
      {"type", 1}, {"import", 2}, {"func", 3}, {"table", 4}, {"memory", 5}, {"global", 6},
      {"export", 7}, {"start", 8}, {"elem", 9}, {"code", 10}, {"data", 11}, {"datacount", 12},
      {"tag", 13}};
  for (const Annotation& a : ts_.annotations) {
    if (a.name != "custom" || a.before_token < first_token || a.before_token > last_token) continue;
    const std::vector<Token>& at = ts_.annotation_tokens;
    uint32_t i = a.first;
    Token where;
    where.line = a.line;
    where.col = a.col;
    if (i >= a.last || at[i].kind != TokKind::kString) {
      Fail(i < a.last ? at[i] : where, "malformed custom annotation: expected a name");
      return;
    }
    CustomEntry c;
    c.name = std::string(ts_.Text(at[i++]));
    if (i < a.last && at[i].kind == TokKind::kLParen) {
      if (i + 3 >= a.last + 1 || at[i + 1].kind != TokKind::kKeyword ||
          at[i + 2].kind != TokKind::kKeyword || at[i + 3].kind != TokKind::kRParen) {
        Fail(at[i], "malformed custom annotation placement");
        return;
      }
      std::string_view where_kw = ts_.Text(at[i + 1]), sec = ts_.Text(at[i + 2]);
      if (where_kw != "before" && where_kw != "after") {
        Fail(at[i + 1], "malformed custom annotation placement");
        return;
      }
      c.after = where_kw == "after";
      if (sec == "first" || sec == "last") {
        c.anchor = -1;
        if ((sec == "first") == c.after) {
          Fail(at[i + 2], "malformed custom annotation placement");
          return;
        }
      } else {
        bool found = false;
        for (const auto& s : kSections) {
          if (sec == s.name) {
            c.anchor = s.id;
            found = true;
          }
        }
        if (!found) {
          Fail(at[i + 2], "malformed custom annotation placement");
          return;
        }
      }
      i += 4;
    }
    for (; i < a.last; ++i) {
      if (at[i].kind != TokKind::kString) {
        Fail(at[i], "malformed custom annotation: expected a string");
        return;
      }
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

bool LooksLikeText(const std::vector<uint8_t>& bytes) {
  return !(bytes.size() >= 4 && bytes[0] == 0 && bytes[1] == 'a' && bytes[2] == 's' && bytes[3] == 'm');
}

}  // namespace wasmc::text
