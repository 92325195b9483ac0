#include "compiler/text/lexer.h"

#include "compiler/text/numbers.h"

namespace wasmc::text {
namespace {

// idchar of the text format: 0-9 A-Z a-z and ! # $ % & ' * + - . / : < = > ? @ \ ^ _ ` | ~
constexpr bool IsIdChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '/': case ':': case '<': case '=': case '>': case '?':
    case '@': case '\\': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

// Characters that may continue a reserved token besides idchars and strings.
constexpr bool IsAtomChar(unsigned char c) {
  return IsIdChar(c) || c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Length of the well-formed UTF-8 sequence at s[i], 0 if malformed.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = s[i];
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1f; }
  else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0f; }
  else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    unsigned char d = s[i + k];
    if ((d & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
      (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : s_(src) { ts_.source = src; }

  Result<TokenStream> Run() {
    std::vector<uint32_t> annot_stack;  // open annotations (indices into annotations)
    uint32_t annot_depth = 0;           // parens open inside the innermost annotation
    std::vector<uint32_t> depth_stack;
    while (true) {
      if (auto d = SkipSpace(); !d.ok()) return d.diag();
      std::vector<Token>& out = annot_stack.empty() ? ts_.tokens : ts_.annotation_tokens;
      if (i_ >= s_.size()) {
        if (!annot_stack.empty()) {
          const Annotation& a = ts_.annotations[annot_stack.back()];
          return At(a.line, a.col, "unterminated annotation");
        }
        out.push_back(Make(TokKind::kEof, i_, i_));
        return std::move(ts_);
      }
      const char c = s_[i_];
      if (c == '(' && i_ + 2 < s_.size() && s_[i_ + 1] == '@' &&
          (s_[i_ + 2] == '"' || IsIdChar(s_[i_ + 2]))) {
        // Annotation: "(@" followed by an idchar run or a string.
        const uint32_t line = line_, col = Col(i_);
        i_ += 2;
        Annotation a;
        a.line = line;
        a.col = col;
        if (i_ < s_.size() && s_[i_] == '"') {
          std::string name;
          if (auto d = LexString(&name); !d.ok()) return d.diag();
          if (name.empty()) return At(line, col, "empty annotation id");
          if (!IsValidUtf8(name)) return At(line, col, "malformed UTF-8 encoding");
          a.name = std::move(name);
        } else {
          size_t b = i_;
          while (i_ < s_.size() && IsIdChar(s_[i_])) ++i_;
          if (i_ == b) return At(line, col, "empty annotation id");
          a.name = std::string(s_.substr(b, i_ - b));
        }
        a.before_token = static_cast<uint32_t>(ts_.tokens.size());
        a.first = static_cast<uint32_t>(ts_.annotation_tokens.size());
        depth_stack.push_back(annot_depth);
        annot_depth = 0;
        annot_stack.push_back(static_cast<uint32_t>(ts_.annotations.size()));
        ts_.annotations.push_back(std::move(a));
        continue;
      }
      if (c == '(') {
        if (!annot_stack.empty()) ++annot_depth;
        out.push_back(Make(TokKind::kLParen, i_, i_ + 1));
        ++i_;
        continue;
      }
      if (c == ')') {
        if (!annot_stack.empty() && annot_depth == 0) {
          Annotation& a = ts_.annotations[annot_stack.back()];
          a.last = static_cast<uint32_t>(ts_.annotation_tokens.size());
          annot_stack.pop_back();
          annot_depth = depth_stack.back();
          depth_stack.pop_back();
          ++i_;
          continue;
        }
        if (!annot_stack.empty()) --annot_depth;
        out.push_back(Make(TokKind::kRParen, i_, i_ + 1));
        ++i_;
        continue;
      }
      if (c == '"' || IsAtomChar(c)) {
        auto t = LexAtom();
        if (!t.ok()) return t.diag();
        out.push_back(t.value());
        continue;
      }
      if (static_cast<unsigned char>(c) >= 0x80 && Utf8Length(s_, i_) == 0)
        return At(line_, Col(i_), "malformed UTF-8 encoding");
      return At(line_, Col(i_), "unexpected character");
    }
  }

 private:
  uint32_t Col(size_t at) const { return static_cast<uint32_t>(at - line_start_ + 1); }

  Token Make(TokKind k, size_t b, size_t e) const {
    Token t;
    t.kind = k;
    t.line = line_;
    t.col = Col(b);
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    return t;
  }

  static Diag At(uint32_t line, uint32_t col, std::string what) {
    Diag d = MakeDiag(DiagKind::kMalformed, 0, std::move(what));
    d.line = line;
    d.col = col;
    return d;
  }

  void NewLine(size_t at) {
    ++line_;
    line_start_ = at + 1;
  }

  // Skips one character of a comment (a whole UTF-8 sequence).
  Status SkipChar() {
    if (static_cast<unsigned char>(s_[i_]) < 0x80) {
      ++i_;
      return Status::Ok();
    }
    size_t n = Utf8Length(s_, i_);
    if (n == 0) return At(line_, Col(i_), "malformed UTF-8 encoding");
    i_ += n;
    return Status::Ok();
  }

  Status SkipSpace() {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
      } else if (c == '\n') {
        NewLine(i_);
        ++i_;
      } else if (c == ';' && i_ + 1 < s_.size() && s_[i_ + 1] == ';') {
        // A line comment ends at a newline: U+0A, U+0D or both (3.0 text format).
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != '\r')
          if (auto d = SkipChar(); !d.ok()) return d;
      } else if (c == '(' && i_ + 1 < s_.size() && s_[i_ + 1] == ';') {
        const uint32_t line = line_, col = Col(i_);
        size_t depth = 1;
        i_ += 2;
        while (depth > 0) {
          if (i_ >= s_.size()) return At(line, col, "unterminated block comment");
          if (s_[i_] == '(' && i_ + 1 < s_.size() && s_[i_ + 1] == ';') {
            ++depth;
            i_ += 2;
          } else if (s_[i_] == ';' && i_ + 1 < s_.size() && s_[i_ + 1] == ')') {
            --depth;
            i_ += 2;
          } else if (s_[i_] == '\n') {
            NewLine(i_);
            ++i_;
          } else if (auto d = SkipChar(); !d.ok()) {
            return d;
          }
        }
      } else {
        break;
      }
    }
    return Status::Ok();
  }

  // s_[i_] == '"'. Decodes into *out; i_ ends after the closing quote.
  Status LexString(std::string* out) {
    const uint32_t line = line_, col = Col(i_);
    ++i_;
    while (true) {
      if (i_ >= s_.size() || s_[i_] == '\n') return At(line, col, "unterminated string");
      const unsigned char c = s_[i_];
      if (c == '"') {
        ++i_;
        return Status::Ok();
      }
      if (c < 0x20 || c == 0x7f) return At(line_, Col(i_), "control character in string");
      if (c >= 0x80) {
        size_t n = Utf8Length(s_, i_);
        if (n == 0) return At(line_, Col(i_), "malformed UTF-8 encoding");
        out->append(s_.substr(i_, n));
        i_ += n;
        continue;
      }
      if (c != '\\') {
        out->push_back(static_cast<char>(c));
        ++i_;
        continue;
      }
      const uint32_t ecol = Col(i_);
      if (i_ + 1 >= s_.size()) return At(line, col, "unterminated string");
      const char e = s_[i_ + 1];
      i_ += 2;
      switch (e) {
        case 't': out->push_back('\t'); break;
        case 'n': out->push_back('\n'); break;
        case 'r': out->push_back('\r'); break;
        case '"': out->push_back('"'); break;
        case '\'': out->push_back('\''); break;
        case '\\': out->push_back('\\'); break;
        case 'u': {
          if (i_ >= s_.size() || s_[i_] != '{') return At(line_, ecol, "malformed unicode escape");
          ++i_;
          uint32_t cp = 0;
          size_t digits = 0;
          while (i_ < s_.size() && s_[i_] != '}') {
            if (s_[i_] == '_' && digits > 0 && i_ + 1 < s_.size() && HexValue(s_[i_ + 1]) >= 0) {
              ++i_;
              continue;
            }
            int h = HexValue(s_[i_]);
            if (h < 0) return At(line_, ecol, "malformed unicode escape");
            cp = cp * 16 + h;
            if (cp > 0x10ffff) return At(line_, ecol, "malformed unicode escape");
            ++digits;
            ++i_;
          }
          if (i_ >= s_.size() || digits == 0 || (cp >= 0xd800 && cp < 0xe000))
            return At(line_, ecol, "malformed unicode escape");
          ++i_;
          AppendUtf8(out, cp);
          break;
        }
        default: {
          int h1 = HexValue(e);
          int h2 = i_ < s_.size() ? HexValue(s_[i_]) : -1;
          if (h1 < 0 || h2 < 0) return At(line_, ecol, "illegal escape");
          ++i_;
          out->push_back(static_cast<char>(h1 * 16 + h2));
        }
      }
    }
  }

  // A maximal run of idchars and strings, classified.
  Result<Token> LexAtom() {
    const size_t b = i_;
    const uint32_t line = line_, col = Col(i_);
    size_t strings = 0;
    bool reserved_chars = false;  // , ; [ ] { }: only in reserved tokens
    std::string decoded;
    while (i_ < s_.size()) {
      if (s_[i_] == '"') {
        ++strings;
        decoded.clear();
        if (auto d = LexString(&decoded); !d.ok()) return d.diag();
      } else if (IsAtomChar(s_[i_]) && !(s_[i_] == ';' && i_ + 1 < s_.size() && s_[i_ + 1] == ';')) {
        if (!IsIdChar(s_[i_])) reserved_chars = true;
        ++i_;
      } else {
        break;
      }
    }
    Token t;
    t.line = line;
    t.col = col;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(i_);
    std::string_view text = s_.substr(b, i_ - b);
    if (reserved_chars) {
      t.kind = TokKind::kReserved;
      return t;
    }
    if (strings == 1 && text.front() == '"' && text.back() == '"' && s_[b] == '"' &&
        StringSpans(text)) {
      t.kind = TokKind::kString;
      t.str = static_cast<int32_t>(ts_.strings.size());
      ts_.strings.push_back(std::move(decoded));
      return t;
    }
    if (text.size() > 1 && text[0] == '$') {
      if (strings == 0) {
        t.kind = TokKind::kId;
        return t;
      }
      if (strings == 1 && text[1] == '"' && text.back() == '"' && StringSpans(text.substr(1))) {
        if (decoded.empty()) return At(line, col, "empty identifier");
        if (!IsValidUtf8(decoded)) return At(line, col, "malformed UTF-8 encoding");
        t.kind = TokKind::kId;
        t.str = static_cast<int32_t>(ts_.strings.size());
        ts_.strings.push_back(std::move(decoded));
        return t;
      }
      t.kind = TokKind::kReserved;
      return t;
    }
    if (strings > 0) {
      t.kind = TokKind::kReserved;
      return t;
    }
    if (text[0] >= 'a' && text[0] <= 'z') {
      // inf / nan / nan:0x.. are numbers, not keywords.
      t.kind = ClassifyNumber(text) == NumClass::kFloat ? TokKind::kFloat : TokKind::kKeyword;
      return t;
    }
    switch (ClassifyNumber(text)) {
      case NumClass::kNat: t.kind = TokKind::kNat; break;
      case NumClass::kInt: t.kind = TokKind::kInt; break;
      case NumClass::kFloat: t.kind = TokKind::kFloat; break;
      case NumClass::kNone: t.kind = TokKind::kReserved; break;
    }
    return t;
  }

  // Does `text` (starting and ending with '"', containing one string) form exactly
  // one string literal? (Rules out `"a"b"` style runs, which have more quotes.)
  static bool StringSpans(std::string_view text) {
    // The run contained exactly one string and starts with a quote; it is one
    // string literal iff the closing quote is the last character.
    size_t k = 1;
    while (k < text.size()) {
      if (text[k] == '\\') {
        k += 2;
        continue;
      }
      if (text[k] == '"') return k == text.size() - 1;
      ++k;
    }
    return false;
  }

  std::string_view s_;
  size_t i_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  TokenStream ts_;
};

}  // namespace

std::string_view TokenStream::Text(const Token& t) const {
  if (t.str >= 0) return strings[t.str];
  if (t.kind == TokKind::kId) return source.substr(t.begin + 1, t.end - t.begin - 1);
  return source.substr(t.begin, t.end - t.begin);
}

Result<TokenStream> Lex(std::string_view source) { return Lexer(source).Run(); }

bool IsValidUtf8(std::string_view s) {  // NOLINT: declared in lexer.h
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Diag TokenDiag(const Token& t, std::string what) {
  Diag d = MakeDiag(DiagKind::kMalformed, 0, std::move(what));
  d.line = t.line;
  d.col = t.col;
  return d;
}

std::string Describe(const TokenStream& ts, const Token& t) {
  switch (t.kind) {
    case TokKind::kLParen: return "\"(\"";
    case TokKind::kRParen: return "\")\"";
    case TokKind::kEof: return "end of file";
    case TokKind::kString: return "string";
    case TokKind::kId: return "identifier $" + std::string(ts.Text(t));
    default: break;
  }
  std::string_view text = ts.source.substr(t.begin, t.end - t.begin);
  if (text.size() > 40) text = text.substr(0, 40);
  return "\"" + std::string(text) + "\"";
}

}  // namespace wasmc::text
