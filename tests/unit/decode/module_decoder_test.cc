// DecodeModule: what lands in Module for every section form. Inputs are built
// byte by byte with the small helpers below (sizes computed, not hand-counted).
#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "compiler/wasmc.h"
#include "tests/unit/wasm_bytes.h"

namespace wasmc {
namespace {

using test::Bytes;
using test::Cat;
using test::Section;
using test::U32;

Bytes Str(const std::string& s) { return Cat({U32(s.size()), Bytes(s.begin(), s.end())}); }

Bytes ModuleBytes(std::initializer_list<Bytes> sections) {
  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

const Bytes kTypeVoid = Section(1, {0x01, 0x60, 0x00, 0x00});
const Bytes kOneFunc = Section(3, {0x01, 0x00});
const Bytes kOneBody = Section(10, {0x01, 0x02, 0x00, 0x0b});

Module Decode(const Bytes& b) {
  Result<Module> r = DecodeModule(b);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.diag().Render("test") );
  return r.ok() ? std::move(r.value()) : Module{};
}

Diag DecodeError(const Bytes& b) {
  Result<Module> r = DecodeModule(b);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Diag{} : r.diag();
}

TEST(ModuleDecoderTest, TypesAndImportsFillIndexSpaces) {
  Bytes types = Section(1, {0x02, 0x60, 0x02, 0x7f, 0x7e, 0x01, 0x7b,  // (i32 i64) -> v128
                            0x60, 0x00, 0x02, 0x70, 0x6f});             // () -> (funcref externref)
  Bytes imports = Section(2, Cat({{0x04},
                                  Str("m"), Str("f"), {0x00, 0x01},
                                  Str("m"), Str("t"), {0x01, 0x6f, 0x01, 0x02, 0x10},
                                  Str("m"), Str("mem"), {0x02, 0x00, 0x01},
                                  Str("m"), Str("g"), {0x03, 0x7d, 0x01}}));
  Bytes funcs = Section(3, {0x01, 0x00});
  Bytes tables = Section(4, {0x01, 0x70, 0x00, 0x05});
  Bytes mems = Section(5, Cat({{0x01, 0x01}, U32(2), U32(65536)}));
  Bytes code = Section(10, {0x01, 0x02, 0x00, 0x0b});
  Module m = Decode(ModuleBytes({types, imports, funcs, tables, mems, code}));
  ASSERT_EQ(m.types.size(), 2u);
  EXPECT_EQ(m.types[0].params, (std::vector<ValType>{ValType::kI32, ValType::kI64}));
  EXPECT_EQ(m.types[0].results, (std::vector<ValType>{ValType::kV128}));
  EXPECT_EQ(m.types[1].results, (std::vector<ValType>{ValType::kFuncRef, ValType::kExternRef}));
  ASSERT_EQ(m.imports.size(), 4u);
  EXPECT_EQ(m.imports[0].kind, ExternKind::kFunc);
  EXPECT_EQ(m.imports[0].type_index, 1u);
  EXPECT_EQ(m.imports[2].name, "mem");
  EXPECT_EQ(m.num_imported_funcs, 1u);
  EXPECT_EQ(m.num_imported_tables, 1u);
  EXPECT_EQ(m.num_imported_memories, 1u);
  EXPECT_EQ(m.num_imported_globals, 1u);
  EXPECT_EQ(m.func_types, (std::vector<uint32_t>{1, 0}));
  ASSERT_EQ(m.tables.size(), 2u);
  EXPECT_EQ(m.tables[0].elem, ValType::kExternRef);
  EXPECT_TRUE(m.tables[0].limits.has_max);
  EXPECT_EQ(m.tables[0].limits.min, 2u);
  EXPECT_EQ(m.tables[0].limits.max, 16u);
  EXPECT_EQ(m.tables[1].elem, ValType::kFuncRef);
  EXPECT_FALSE(m.tables[1].limits.has_max);
  EXPECT_EQ(m.tables[1].limits.min, 5u);
  ASSERT_EQ(m.memories.size(), 2u);
  EXPECT_EQ(m.memories[1].limits.min, 2u);
  EXPECT_EQ(m.memories[1].limits.max, 65536u);
  ASSERT_EQ(m.globals.size(), 1u);
  EXPECT_EQ(m.globals[0].type, ValType::kF32);
  EXPECT_TRUE(m.globals[0].mut);
}

TEST(ModuleDecoderTest, GlobalsExportsStartAndConstExprs) {
  Bytes globals = Section(6, Cat({{0x05},
                                  {0x7f, 0x00, 0x41, 0x7f, 0x0b},                      // i32 -1
                                  {0x7e, 0x01, 0x42, 0x80, 0x7f, 0x0b},                // i64 -128
                                  {0x7c, 0x00, 0x44, 1, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0x0b},  // NaN
                                  {0x6f, 0x00, 0xd0, 0x6f, 0x0b},                      // ref.null extern
                                  {0x7f, 0x00, 0x23, 0x00, 0x0b}}));                   // global.get 0
  Bytes exports = Section(7, Cat({{0x02}, Str("run"), {0x00, 0x00}, Str("g"), {0x03, 0x01}}));
  Bytes start = Section(8, {0x00});
  Module m = Decode(ModuleBytes({kTypeVoid, kOneFunc, globals, exports, start, kOneBody}));
  ASSERT_EQ(m.defined_globals.size(), 5u);
  const ConstExpr& a = m.defined_globals[0].init;
  EXPECT_EQ(a.kind, ConstExpr::kI32);
  EXPECT_EQ(static_cast<uint32_t>(a.bits[0]), 0xffffffffu);
  const ConstExpr& b = m.defined_globals[1].init;
  EXPECT_EQ(b.kind, ConstExpr::kI64);
  EXPECT_EQ(static_cast<int64_t>(b.bits[0]), -128);
  EXPECT_TRUE(m.defined_globals[1].type.mut);
  EXPECT_EQ(m.defined_globals[2].init.bits[0], 0x7ff8000000000001ull);
  EXPECT_EQ(m.defined_globals[3].init.kind, ConstExpr::kRefNull);
  EXPECT_EQ(m.defined_globals[3].init.type, ValType::kExternRef);
  const ConstExpr& g = m.defined_globals[4].init;
  EXPECT_EQ(g.kind, ConstExpr::kGlobalGet);
  EXPECT_EQ(g.index, 0u);
  EXPECT_EQ(g.type, ValType::kI32);  // global 0 was already decoded
  EXPECT_EQ(a.offset, 8u + 6 + 4 + 2 + 1 + 2);  // header, type, func sections, global id+size, count, type
  ASSERT_EQ(m.exports.size(), 2u);
  EXPECT_EQ(m.exports[1].kind, ExternKind::kGlobal);
  EXPECT_EQ(m.exports[1].index, 1u);
  EXPECT_TRUE(m.has_start);
  EXPECT_EQ(m.start, 0u);
  EXPECT_EQ(m.FunctionName(0), "run");
}

TEST(ModuleDecoderTest, AllEightElementForms) {
  Bytes offset = {0x41, 0x02, 0x0b};
  Bytes elems = Section(9, Cat({{0x08},
                                Cat({{0x00}, offset, {0x01, 0x00}}),
                                {0x01, 0x00, 0x01, 0x00},
                                Cat({{0x02, 0x01}, offset, {0x00, 0x02, 0x00, 0x00}}),
                                {0x03, 0x00, 0x01, 0x00},
                                Cat({{0x04}, offset, {0x01, 0xd2, 0x00, 0x0b}}),
                                {0x05, 0x6f, 0x02, 0xd0, 0x6f, 0x0b, 0xd0, 0x6f, 0x0b},
                                Cat({{0x06, 0x01}, offset, {0x70, 0x01, 0xd2, 0x00, 0x0b}}),
                                {0x07, 0x70, 0x01, 0xd2, 0x00, 0x0b}}));
  Module m = Decode(ModuleBytes({kTypeVoid, kOneFunc, elems, kOneBody}));
  ASSERT_EQ(m.elems.size(), 8u);
  using E = ElemSegment;
  const E::Mode modes[] = {E::kActive, E::kPassive, E::kActive, E::kDeclarative,
                           E::kActive, E::kPassive, E::kActive, E::kDeclarative};
  const uint32_t tables[] = {0, 0, 1, 0, 0, 0, 1, 0};
  const size_t sizes[] = {1, 1, 2, 1, 1, 2, 1, 1};
  for (int i = 0; i < 8; ++i) {
    SCOPED_TRACE("form " + std::to_string(i));
    const E& e = m.elems[i];
    EXPECT_EQ(e.mode, modes[i]);
    EXPECT_EQ(e.table_index, tables[i]);
    EXPECT_EQ(e.uses_exprs, i >= 4);
    EXPECT_EQ(e.size(), sizes[i]);
    // 3.0: the function-index forms have type (ref func), the expression forms their own.
    EXPECT_EQ(e.elem_type, i < 4    ? MakeRefType(ValType::kFuncRef, false)
                           : i == 5 ? ValType::kExternRef
                                    : ValType::kFuncRef);
    if (e.mode == E::kActive) {
      EXPECT_EQ(e.offset_expr.kind, ConstExpr::kI32);
      EXPECT_EQ(e.offset_expr.bits[0], 2u);
    }
  }
  EXPECT_EQ(m.elems[4].exprs[0].kind, ConstExpr::kRefFunc);
  EXPECT_EQ(m.elems[5].exprs[1].kind, ConstExpr::kRefNull);
}

TEST(ModuleDecoderTest, DataFormsAndDataCount) {
  Bytes mem = Section(5, {0x01, 0x00, 0x01});
  Bytes count = Section(12, {0x03});
  Bytes data = Section(11, Cat({{0x03},
                                {0x00, 0x41, 0x10, 0x0b}, Str("abc"),
                                {0x01}, Str(""),
                                {0x02, 0x00, 0x41, 0x20, 0x0b}, Str("xy")}));
  Module m = Decode(ModuleBytes({mem, count, data}));
  EXPECT_TRUE(m.has_data_count);
  EXPECT_EQ(m.data_count, 3u);
  ASSERT_EQ(m.datas.size(), 3u);
  EXPECT_EQ(m.datas[0].mode, DataSegment::kActive);
  EXPECT_EQ(m.datas[0].offset_expr.bits[0], 0x10u);
  EXPECT_EQ(std::string(m.datas[0].bytes.begin(), m.datas[0].bytes.end()), "abc");
  EXPECT_EQ(m.datas[1].mode, DataSegment::kPassive);
  EXPECT_TRUE(m.datas[1].bytes.empty());
  EXPECT_EQ(m.datas[2].memory_index, 0u);
  EXPECT_EQ(std::string(m.datas[2].bytes.begin(), m.datas[2].bytes.end()), "xy");
  // The spans point into Module::bytes, which moved with the Module.
  EXPECT_GE(m.datas[2].bytes.data(), m.bytes.data());
  EXPECT_LE(m.datas[2].bytes.data() + 2, m.bytes.data() + m.bytes.size());
}

TEST(ModuleDecoderTest, CodeEntries) {
  Bytes types = Section(1, {0x01, 0x60, 0x01, 0x7f, 0x00});
  Bytes funcs = Section(3, {0x02, 0x00, 0x00});
  Bytes body0 = {0x02, 0x03, 0x7e, 0x01, 0x7b, 0x01, 0x0b};  // 3 x i64, 1 x v128; nop end
  Bytes body1 = {0x00, 0x0b};
  Bytes code = Section(10, Cat({{0x02}, U32(body0.size()), body0, U32(body1.size()), body1}));
  Bytes bytes = ModuleBytes({types, funcs, code});
  Module m = Decode(bytes);
  ASSERT_EQ(m.codes.size(), 2u);
  const Code& c = m.codes[0];
  ASSERT_EQ(c.locals.size(), 2u);
  EXPECT_EQ(c.locals[0].count, 3u);
  EXPECT_EQ(c.locals[0].type, ValType::kI64);
  EXPECT_EQ(c.locals[1].type, ValType::kV128);
  EXPECT_EQ(c.num_locals, 4u);
  EXPECT_EQ(m.Body(c).size(), 2u);  // nop end
  EXPECT_EQ(m.Body(c)[0], 0x01);
  EXPECT_EQ(c.end_offset, c.body_offset + 2);
  EXPECT_EQ(m.bytes[c.offset], body0.size());
  EXPECT_EQ(m.codes[1].num_locals, 0u);
  EXPECT_EQ(m.codes[1].end_offset, bytes.size());
}

TEST(ModuleDecoderTest, NameSection) {
  Bytes names = Cat({Str("name"),
                     Section(0, Str("mod")),
                     Section(1, Cat({{0x01, 0x00}, Str("main")})),
                     Section(2, Cat({{0x01, 0x00, 0x02, 0x00}, Str("x"), {0x01}, Str("y")})),
                     Section(7, {0x01, 0x02, 0x03})});  // unknown subsection: skipped
  Module m = Decode(ModuleBytes({kTypeVoid, kOneFunc, kOneBody, Section(0, names)}));
  EXPECT_EQ(m.names.module, "mod");
  EXPECT_EQ(m.names.functions.at(0), "main");
  EXPECT_EQ(m.names.locals.at(0).at(0), "x");
  EXPECT_EQ(m.names.locals.at(0).at(1), "y");
  EXPECT_EQ(m.FunctionName(0), "main");
  ASSERT_EQ(m.customs.size(), 1u);
  EXPECT_EQ(m.customs[0].name, "name");
}

TEST(ModuleDecoderTest, MalformedNameSectionIsIgnored) {
  // Function names with bad UTF-8, and a subsection longer than the section.
  for (const Bytes& sub : {Section(1, Cat({{0x01, 0x00}, {0x01, 0xff}})),
                           Bytes{0x01, 0x09, 0x01, 0x00}}) {
    Bytes names = Cat({Str("name"), Section(0, Str("mod")), sub});
    Module m = Decode(ModuleBytes({kTypeVoid, kOneFunc, kOneBody, Section(0, names)}));
    EXPECT_TRUE(m.names.module.empty());  // all or nothing
    EXPECT_TRUE(m.names.functions.empty());
    EXPECT_EQ(m.FunctionName(0), "func[0]");
  }
}

TEST(ModuleDecoderTest, ErrorsCarryKindAndOffset) {
  Diag d = DecodeError(ModuleBytes({kTypeVoid, Section(6, {0x01, 0x7f, 0x00, 0x01, 0x0b})}));
  EXPECT_EQ(d.kind, DiagKind::kInvalid);
  EXPECT_EQ(d.what, "constant expression required");
  EXPECT_EQ(d.offset, 8u + 6 + 2 + 3);
  d = DecodeError(ModuleBytes({Section(14, {})}));
  EXPECT_EQ(d.kind, DiagKind::kMalformed);
  EXPECT_EQ(d.what, "malformed section id");
  EXPECT_EQ(d.offset, 8u);
  EXPECT_EQ(d.ExitCode(), kExitMalformed);
  // Id 13 is the tag section (exception handling): an empty payload lacks its count.
  d = DecodeError(ModuleBytes({Section(13, {})}));
  EXPECT_EQ(d.what, "unexpected end of section or function");
  EXPECT_EQ(d.offset, 10u);
}

}  // namespace
}  // namespace wasmc
