// The body decoder's visitor contract (compiler/validate/body_decoder.h): what the
// code generators may rely on. Bodies are built byte by byte; a recording visitor
// turns the callbacks into one line per event.
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "compiler/validate/body_decoder.h"
#include "compiler/wasmc.h"
#include "tests/unit/wasm_bytes.h"

namespace wasmc {
namespace {

using test::Append;
using test::Bytes;
using test::Section;
using test::U32;

// A module with the given function types (each a "params:results" string of type
// letters i l f d v), one defined function of type 0 per body, a memory, a funcref
// table, and an export of every function (so ref.func may name them).
Module Build(std::initializer_list<const char*> types, std::initializer_list<Bytes> bodies) {
  auto letter = [](char c) -> uint8_t {
    switch (c) {
      case 'i': return 0x7f;
      case 'l': return 0x7e;
      case 'f': return 0x7d;
      case 'd': return 0x7c;
      default: return 0x7b;
    }
  };
  Bytes type_sec = U32(types.size());
  for (std::string t : types) {
    const size_t colon = t.find(':');
    std::string params = t.substr(0, colon), results = t.substr(colon + 1);
    type_sec.push_back(0x60);
    Append(type_sec, U32(params.size()));
    for (char c : params) type_sec.push_back(letter(c));
    Append(type_sec, U32(results.size()));
    for (char c : results) type_sec.push_back(letter(c));
  }
  Bytes func_sec = U32(bodies.size()), export_sec = U32(bodies.size()), code_sec = U32(bodies.size());
  uint32_t i = 0;
  for (const Bytes& body : bodies) {
    func_sec.push_back(0);
    const std::string name = "f" + std::to_string(i);
    Append(export_sec, U32(name.size()));
    export_sec.insert(export_sec.end(), name.begin(), name.end());
    export_sec.push_back(0x00);
    Append(export_sec, U32(i++));
    Bytes entry = {0x01, 0x02, 0x7f};  // two i32 locals
    Append(entry, body);
    Append(code_sec, U32(entry.size()));
    Append(code_sec, entry);
  }
  Bytes bytes = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Append(bytes, Section(1, type_sec));
  Append(bytes, Section(3, func_sec));
  Append(bytes, Section(4, {0x01, 0x70, 0x00, 0x01}));
  Append(bytes, Section(5, {0x01, 0x00, 0x01}));
  Append(bytes, Section(7, export_sec));
  Append(bytes, Section(10, code_sec));
  Result<Module> m = DecodeModule(std::move(bytes));
  EXPECT_TRUE(m.ok()) << (m.ok() ? "" : m.diag().Render("test"));
  return m.ok() ? std::move(m.value()) : Module{};
}

std::string Types(std::span<const ValType> ts) {
  std::string s = "[";
  for (size_t i = 0; i < ts.size(); ++i) s += std::string(i ? " " : "") + ValTypeName(ts[i]);
  return s + "]";
}

const char* KindName(FrameKind k) {
  switch (k) {
    case FrameKind::kFunction: return "function";
    case FrameKind::kBlock: return "block";
    case FrameKind::kLoop: return "loop";
    case FrameKind::kIf: return "if";
    case FrameKind::kTry: return "try";
    case FrameKind::kTryTable: return "try_table";
  }
  return "?";
}

struct Recorder : NullVisitor {
  std::vector<std::string> log;
  int stop_after = -1;  // stop (return false) at this event index

  bool Note(std::string s) {
    log.push_back(std::move(s));
    return stop_after < 0 || static_cast<int>(log.size()) <= stop_after;
  }
  bool StartFunction(const FunctionStart& s) {
    return Note("start " + std::to_string(s.func_index) + " locals " + Types(s.locals));
  }
  bool Instruction(const Instr& i) {
    std::string s = std::string(OpName(i.op)) + " " + Types(i.operands) + "->" + Types(i.results);
    if (OpImm(i.op) == ImmKind::kBrTable) {
      s += " targets";
      for (uint32_t t : i.imm.br_targets) s += " " + std::to_string(t);
      s += " default " + std::to_string(i.imm.index);
    }
    return Note(s);
  }
  bool Control(const char* what, const ControlEvent& e) {
    return Note(std::string(what) + " " + KindName(e.kind) + " depth " + std::to_string(e.depth) +
                " " + Types(e.params) + "->" + Types(e.results) +
                (e.end_reachable ? "" : " end-unreachable") + (e.has_else ? " has-else" : ""));
  }
  bool Block(const ControlEvent& e) { return Control("block", e); }
  bool Loop(const ControlEvent& e) { return Control("loop", e); }
  bool If(const ControlEvent& e) { return Control("if", e); }
  bool Else(const ControlEvent& e) { return Control("else", e); }
  bool End(const ControlEvent& e) { return Control("end", e); }
  Diag error() const { return MakeDiag(DiagKind::kUnsupported, 0, "recorder stopped"); }
};

std::vector<std::string> Record(const Module& m, uint32_t func = 0) {
  BodyDecoder d(m);
  Recorder r;
  Status s = d.Decode(func, r);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.diag().Render("test"));
  return r.log;
}

TEST(BodyDecoder, ReportsTypesOfSimpleOperatorsAndLocals) {
  // local.get 0, i32.const 7, i32.add, local.set 1, end
  Module m = Build({":"}, {{0x20, 0x00, 0x41, 0x07, 0x6a, 0x21, 0x01, 0x0b}});
  EXPECT_EQ(Record(m), (std::vector<std::string>{
                           "start 0 locals [i32 i32]",
                           "local.get []->[i32]",
                           "i32.const []->[i32]",
                           "i32.add [i32 i32]->[i32]",
                           "local.set [i32]->[]",
                           "end function depth 0 []->[]",
                       }));
}

TEST(BodyDecoder, DeadCodeAndFramesOpenedInItAreNotReported) {
  // block; br 0; i32.const 1; drop; loop; nop; end; end; nop; end
  Module m = Build({":"}, {{0x02, 0x40, 0x0c, 0x00, 0x41, 0x01, 0x1a, 0x03, 0x40, 0x01, 0x0b,
                            0x0b, 0x01, 0x0b}});
  EXPECT_EQ(Record(m), (std::vector<std::string>{
                           "start 0 locals [i32 i32]",
                           "block block depth 1 []->[]",
                           "br []->[]",
                           "end block depth 1 []->[] end-unreachable",
                           "nop []->[]",
                           "end function depth 0 []->[]",
                       }));
}

TEST(BodyDecoder, PolymorphicStackIsValidatedButNotReported) {
  // unreachable; i32.add; drop; end: typed against the unknown type, reported never.
  Module m = Build({":"}, {{0x00, 0x6a, 0x1a, 0x0b}});
  EXPECT_EQ(Record(m), (std::vector<std::string>{
                           "start 0 locals [i32 i32]",
                           "unreachable []->[]",
                           "end function depth 0 []->[] end-unreachable",
                       }));
}

TEST(BodyDecoder, BranchOperandsAreTheCarriedValues) {
  // type 1 = [i32] -> [i32]. i32.const 1; block (type 1); local.get 0; br_if 0; end;
  // local.get 0; br_table 0 0 ... with a [i32] label; end
  Module m = Build({":i", "i:i"}, {{0x41, 0x01, 0x02, 0x01, 0x20, 0x00, 0x0d, 0x00, 0x0b,
                                    0x20, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x0b}});
  EXPECT_EQ(Record(m), (std::vector<std::string>{
                           "start 0 locals [i32 i32]",
                           "i32.const []->[i32]",
                           "block block depth 1 [i32]->[i32]",
                           "local.get []->[i32]",
                           "br_if [i32 i32]->[i32]",
                           "end block depth 1 [i32]->[i32]",
                           "local.get []->[i32]",
                           "br_table [i32 i32]->[] targets 0 default 0",
                           "end function depth 0 []->[i32] end-unreachable",
                       }));
}

TEST(BodyDecoder, IfElseEvents) {
  // local.get 0; if (result i32); i32.const 1; else; unreachable; end; drop; end
  Module m = Build({":"}, {{0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x00, 0x0b, 0x1a, 0x0b}});
  EXPECT_EQ(Record(m), (std::vector<std::string>{
                           "start 0 locals [i32 i32]",
                           "local.get []->[i32]",
                           "if if depth 1 []->[i32]",
                           "i32.const []->[i32]",
                           "else if depth 1 []->[i32] has-else",
                           "unreachable []->[]",
                           "end if depth 1 []->[i32] end-unreachable has-else",
                           "drop [i32]->[]",
                           "end function depth 0 []->[]",
                       }));
}

TEST(BodyDecoder, SelectCallAndReferences) {
  // i32.const 0; f32.const 0; f32.const 1; local.get 0; select; drop; call 0;
  // ref.func 0; ref.is_null; drop; end
  Module m = Build({":"}, {{0x41, 0x00, 0x43, 0, 0, 0, 0, 0x43, 0, 0, 0x80, 0x3f, 0x20, 0x00,
                            0x1b, 0x1a, 0x1a, 0x10, 0x00, 0xd2, 0x00, 0xd1, 0x1a, 0x0b}});
  std::vector<std::string> log = Record(m);
  ASSERT_EQ(log.size(), 13u);
  EXPECT_EQ(log[5], "select [f32 f32 i32]->[f32]");
  EXPECT_EQ(log[8], "call []->[]");
  EXPECT_EQ(log[9], "ref.func []->[(ref 0)]");  // 3.0: the function's typed reference
  EXPECT_EQ(log[10], "ref.is_null [(ref 0)]->[i32]");
}

TEST(BodyDecoder, VisitorCanStopDecoding) {
  Module m = Build({":"}, {{0x01, 0x01, 0x01, 0x0b}});
  BodyDecoder d(m);
  Recorder r;
  r.stop_after = 2;  // start, nop: then the second nop returns false
  Status s = d.Decode(0, r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().what, "recorder stopped");
  EXPECT_EQ(r.log.size(), 3u);
}

TEST(BodyDecoder, ErrorStopsBeforeTheVisitorSeesTheOperator) {
  // i32.const 0; i64.const 0; i32.add: invalid at i32.add.
  Module m = Build({":"}, {{0x41, 0x00, 0x42, 0x00, 0x6a, 0x1a, 0x0b}});
  BodyDecoder d(m);
  Recorder r;
  Status s = d.Decode(0, r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diag().kind, DiagKind::kInvalid);
  EXPECT_EQ(s.diag().what, "type mismatch");
  EXPECT_EQ(r.log.back(), "i64.const []->[i64]");
}

TEST(BodyDecoder, ImmediatesAreDecoded) {
  struct ImmRecorder : NullVisitor {
    Immediates last;
    bool Instruction(const Instr& i) {
      if (i.op == Op::kI64Store32 || i.op == Op::kV128Const || i.op == Op::kI32Const) last = i.imm;
      if (i.op == Op::kI32Const) {
        EXPECT_EQ(i.imm.bits, 0xffffff85u);  // -123 as u32 bits
      }
      if (i.op == Op::kI64Store32) {
        EXPECT_EQ(i.imm.align_log2, 1u);
        EXPECT_EQ(i.imm.offset, 300u);
      }
      if (i.op == Op::kV128Const) {
        EXPECT_EQ(i.imm.v128[15], 0xabu);
      }
      return true;
    }
  };
  // i32.const -123; i64.const 5; i64.store32 align=2 offset=300;
  // v128.const 0..0xab; drop; end
  Bytes body = {0x41, 0x85, 0x7f, 0x42, 0x05, 0x3e, 0x01, 0xac, 0x02, 0xfd, 0x0c};
  for (int i = 0; i < 15; ++i) body.push_back(0);
  body.insert(body.end(), {0xab, 0x1a, 0x0b});
  Module m = Build({":"}, {body});
  BodyDecoder d(m);
  ImmRecorder r;
  Status s = d.Decode(0, r);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.diag().Render("test"));
}

TEST(BodyDecoder, DeepNestingUsesNoRecursion) {
  constexpr int kDepth = 300000;
  Bytes body;
  for (int i = 0; i < kDepth; ++i) body.insert(body.end(), {0x02, 0x40});
  body.insert(body.end(), kDepth + 1, 0x0b);
  Module m = Build({":"}, {body});
  BodyDecoder d(m);
  NullVisitor v;
  EXPECT_TRUE(d.Decode(0, v).ok());
  EXPECT_TRUE(ValidateModule(m).ok());
}

// The operand stack keeps room for one value per body byte left (body_decoder.h,
// stack_); operators that push more than that (calls, block params) grow it. Here two
// 4-byte call_indirects push 300 results each, far beyond a 20-byte body's room, and
// the callee taking all 600 (then its i32 index) sees each one's type in order.
TEST(BodyDecoder, OperandStackGrowsPastTheBodysRoom) {
  std::string results;
  for (int i = 0; i < 75; ++i) results += "ilfd";
  const std::string produce = ":" + results, consume = results + results + ":";
  // i32.const 0; call_indirect 1 0; i32.const 0; call_indirect 1 0;
  // i32.const 0; call_indirect 2 0; end
  Module m = Build({":", produce.c_str(), consume.c_str()},
                   {{0x41, 0x00, 0x11, 0x01, 0x00, 0x41, 0x00, 0x11, 0x01, 0x00, 0x41, 0x00, 0x11,
                     0x02, 0x00, 0x0b}});
  std::vector<std::string> log = Record(m);
  ASSERT_EQ(log.size(), 8u);
  std::string operands = "[";
  for (int i = 0; i < 150; ++i) operands += std::string(i ? " " : "") + "i32 i64 f32 f64";
  EXPECT_EQ(log[6], "call_indirect " + operands + " i32]->[]");
}

TEST(BodyDecoder, DecoderIsReusableAcrossFunctions) {
  Module m = Build({":"}, {{0x00, 0x0b}, {0x01, 0x0b}});
  BodyDecoder d(m);
  Recorder a, b;
  EXPECT_TRUE(d.Decode(0, a).ok());
  EXPECT_TRUE(d.Decode(1, b).ok());
  EXPECT_EQ(a.log[1], "unreachable []->[]");
  EXPECT_EQ(b.log[1], "nop []->[]");
  EXPECT_EQ(b.log[2], "end function depth 0 []->[]");
}

// `value` as a LEB128 of exactly `bytes` bytes (padded as the spec allows: sign or zero
// groups with the continuation bit).
Bytes Leb(int64_t value, bool is_signed, int bytes) {
  Bytes out;
  uint64_t u = static_cast<uint64_t>(value);
  for (int k = 0; k < bytes; ++k) {
    out.push_back(static_cast<uint8_t>((u & 0x7f) | (k + 1 < bytes ? 0x80 : 0)));
    u = is_signed ? static_cast<uint64_t>(static_cast<int64_t>(u) >> 7) : u >> 7;
  }
  return out;
}

// LEB128 immediates: shorter than their type's longest encoding they are read in
// place, the longest ones and every error through the module decoder's Reader; both
// give the values the spec says, at and around that boundary, minimal or not.
TEST(BodyDecoder, LebImmediatesOfEveryLength) {
  struct ValueRecorder : NullVisitor {
    std::vector<uint64_t> values;  // i32/i64.const bits, store offsets
    bool Instruction(const Instr& i) {
      if (i.op == Op::kI32Const || i.op == Op::kI64Const) values.push_back(i.imm.bits);
      if (i.op == Op::kI32Store) values.push_back(i.imm.offset);
      return true;
    }
  };
  Bytes body;
  std::vector<uint64_t> want;
  const std::pair<int64_t, int> i32s[] = {{5, 1},  {128, 2},       {0, 4},          {-1, 4},
                                          {-123456, 3}, {INT32_MAX, 5}, {INT32_MIN, 5}, {-1, 5}};
  for (auto [v, n] : i32s) {
    body.push_back(0x41);  // i32.const; drop
    Append(body, Leb(v, true, n));
    body.push_back(0x1a);
    want.push_back(static_cast<uint32_t>(v));
  }
  const std::pair<int64_t, int> i64s[] = {
      {(int64_t{1} << 62) - 1, 9}, {-(int64_t{1} << 62), 9}, {-2, 9}, {INT64_MIN, 10}, {INT64_MAX, 10}, {7, 10}};
  for (auto [v, n] : i64s) {
    body.push_back(0x42);  // i64.const; drop
    Append(body, Leb(v, true, n));
    body.push_back(0x1a);
    want.push_back(static_cast<uint64_t>(v));
  }
  const std::pair<int64_t, int> offsets[] = {{0xf0000000, 5}, {300, 9}, {1, 10}, {0xffffffff, 10}};
  for (auto [v, n] : offsets) {
    body.insert(body.end(), {0x41, 0x00, 0x41, 0x00, 0x36, 0x02});  // i32.store align=4
    Append(body, Leb(v, false, n));
    want.insert(want.end(), {0, 0, static_cast<uint64_t>(v)});
  }
  body.push_back(0x0b);
  Module m = Build({":"}, {body});
  BodyDecoder d(m);
  ValueRecorder r;
  Status s = d.Decode(0, r);
  ASSERT_TRUE(s.ok()) << s.diag().Render("test");
  EXPECT_EQ(r.values, want);

  // Errors are the Reader's: too many bytes, inconsistent sign bits in the last byte
  // of an s32, a LEB that the body's final `end` byte ends (the body then has none).
  auto error = [](std::initializer_list<Bytes> bodies) {
    Module m = Build({":"}, bodies);
    BodyDecoder d(m);
    NullVisitor v;
    Status s = d.Decode(0, v);
    return s.ok() ? std::string("ok") : s.diag().what;
  };
  EXPECT_EQ(error({{0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b}}),
            "integer representation too long");
  EXPECT_EQ(error({{0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x1a, 0x0b}}), "integer too large");
  EXPECT_EQ(error({{0x41, 0x80, 0x80, 0x0b}}), "unexpected end of section or function");
}

// A memarg of memory 0 (32-bit here) with one-byte flags is checked inline, the rest
// (a memory index in the flags, longer flags) by the general path: both give the same
// immediates and the same first error, in the spec's order.
TEST(BodyDecoder, MemargsOfEveryFormAndTheirErrors) {
  struct MemRecorder : NullVisitor {
    std::vector<std::string> seen;
    bool Instruction(const Instr& i) {
      if (NaturalAlignLog2(OpImm(i.op)) >= 0)
        seen.push_back(std::string(OpName(i.op)) + " align " + std::to_string(i.imm.align_log2) +
                       " offset " + std::to_string(i.imm.offset) + " memory " +
                       std::to_string(i.imm.memory) + "/" + std::to_string(i.imm.memory2));
      return true;
    }
  };
  // i32.load align=4 offset=0; i64.load8_u align=1 offset=2^32-1; i32.load with the
  // memory index in the flags (0x42 0x00) offset=7; i32.load with two-byte flags
  // (0x82 0x00) offset=1; v128.load align=16 offset=3; each dropped.
  Bytes body = {0x41, 0x00, 0x28, 0x02, 0x00, 0x1a,
                0x41, 0x00, 0x31, 0x00, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x1a,
                0x41, 0x00, 0x28, 0x42, 0x00, 0x07, 0x1a,
                0x41, 0x00, 0x28, 0x82, 0x00, 0x01, 0x1a,
                0x41, 0x00, 0xfd, 0x00, 0x04, 0x03, 0x1a, 0x0b};
  Module m = Build({":"}, {body});
  BodyDecoder d(m);
  MemRecorder r;
  Status s = d.Decode(0, r);
  ASSERT_TRUE(s.ok()) << s.diag().Render("test");
  EXPECT_EQ(r.seen, (std::vector<std::string>{
                        "i32.load align 2 offset 0 memory 0/0",
                        "i64.load8_u align 0 offset 4294967295 memory 0/0",
                        "i32.load align 2 offset 7 memory 0/0",
                        "i32.load align 2 offset 1 memory 0/0",
                        "v128.load align 4 offset 3 memory 0/0",
                    }));

  auto error = [](Bytes memop) {
    Bytes body = {0x41, 0x00};
    Append(body, memop);
    body.insert(body.end(), {0x1a, 0x0b});
    Module m = Build({":"}, {body});
    BodyDecoder d(m);
    NullVisitor v;
    Status s = d.Decode(0, v);
    return s.ok() ? std::string("ok") : s.diag().what + ": " + s.diag().why;
  };
  EXPECT_EQ(error({0x28, 0x03, 0x00}),
            "alignment must not be larger than natural: i32.load has natural alignment 4, align exponent is 3");
  EXPECT_EQ(error({0x28, 0x43, 0x00, 0x00}),
            "alignment must not be larger than natural: i32.load has natural alignment 4, align exponent is 3");
  EXPECT_EQ(error({0xfd, 0x00, 0x05, 0x00}),
            "alignment must not be larger than natural: v128.load has natural alignment 16, align exponent is 5");
  EXPECT_EQ(error({0x28, 0x02, 0x80, 0x80, 0x80, 0x80, 0x10}),
            "offset out of range: offset 4294967296 of a 32-bit memory");
  EXPECT_EQ(error({0x28, 0x42, 0x01, 0x00}), "unknown memory 1: 1 memory(s) in scope");
  EXPECT_EQ(error({0x28, 0x80, 0x01, 0x00}), "malformed memop flags: memarg flags 128");
}

}  // namespace
}  // namespace wasmc
