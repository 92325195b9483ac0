// CompileFunctions: the per-function pipeline (docs/backend.md).
//
//   IrBuilder (visitor of the body decoder)  wasm -> IR
//   AllocateRegisters                         liveness, dead code, linear scan
//   EmitFunction                              IR + locations -> MacroAssembler calls
//   listing                                   Zydis disassembly with operator markers
#include "backend/codegen/function_compiler.h"

#include <Zydis/Zydis.h>

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cstdlib>
#include <memory>
#include <optional>

#include "backend/a64/macro_assembler_a64.h"
#include "backend/codegen/macro_assembler.h"
#include "backend/codegen/recording_masm.h"
#include "backend/ir/builder.h"
#include "backend/ir/verify.h"
#include "backend/regalloc/checker.h"
#include "backend/regalloc/regalloc.h"
#include "backend/x64/macro_assembler_x64.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc {
namespace {

using ir::Opcode;
using regalloc::Location;

struct EmittedFunction {
  std::vector<uint8_t> code;
  std::vector<CodeReloc> relocs;
  std::vector<uint32_t> inst_offsets;  // code offset where each inst starts (+ end)
  uint32_t data_start = 0;
};

class FunctionEmitter {
 public:
  // `recorder` (optional): `masm` itself, recording for the register-allocation checker.
  FunctionEmitter(const Module& m, const ir::Function& fn, const regalloc::Allocation& alloc,
                  MacroAssembler& masm, RecordingMacroAssembler* recorder = nullptr)
      : m_(m), fn_(fn), alloc_(alloc), masm_(masm), recorder_(recorder),
        const_val_(fn.NumVRegs(), 0) {
    for (const ir::Inst& in : fn.insts)
      if (in.op == Opcode::kConst && in.dst != ir::kNoVReg) const_val_[in.dst] = in.imm;
  }

  EmittedFunction Run() {
    EmittedFunction out;
    FrameInfo frame = ComputeFrame();
    std::vector<Operand> params;
    for (uint32_t v = 0; v < fn_.num_params; ++v) params.push_back(Op(v));
    Operand results_ptr;
    if (fn_.results_ptr != ir::kNoVReg) results_ptr = Op(fn_.results_ptr);
    masm_.Prologue(frame, params, fn_.results_ptr != ir::kNoVReg ? &results_ptr : nullptr);
    out.inst_offsets.reserve(fn_.insts.size() + 1);
    for (size_t i = 0; i < fn_.insts.size(); ++i) {
      out.inst_offsets.push_back(masm_.Offset());
      if (recorder_) recorder_->BeginInst(static_cast<uint32_t>(i));
      EmitInst(i);
    }
    out.inst_offsets.push_back(masm_.Offset());
    masm_.Finish();
    out.data_start = masm_.DataStart();
    out.code = masm_.Code();
    out.relocs = masm_.Relocs();
    return out;
  }

 private:
  Operand Op(ir::VReg v) const {
    if (v == ir::kNoVReg) return Operand{};
    return Operand{alloc_.locs[v], const_val_[v], fn_.vreg_types[v], v};
  }

  FrameInfo ComputeFrame() {
    FrameInfo f;
    f.num_slots = alloc_.num_slots;
    f.gpr_callee_saved_used = alloc_.gpr_callee_saved_used;
    f.fpr_callee_saved_used = alloc_.fpr_callee_saved_used;
    f.type = &m_.FuncTypeOf(fn_.func_index);
    std::vector<ir::Type> types;
    for (const ir::Inst& in : fn_.insts) {
      if (in.op == Opcode::kLoad || in.op == Opcode::kStore) f.uses_memory = true;
      if (!ir::IsCall(in.op) || in.op == Opcode::kMemoryGrow) continue;
      types.clear();
      for (uint32_t k = 0; k < in.index2; ++k) types.push_back(fn_.vreg_types[fn_.extra[in.extra_begin + k]]);
      uint32_t nres = in.extra_count - in.index2;
      f.max_stack_args = std::max(f.max_stack_args, masm_.StackArgWords(types, nres > 1));
      if (nres > 1) f.max_call_results = std::max(f.max_call_results, nres);
    }
    return f;
  }

  regalloc::Move MoveOf(ir::VReg dst, ir::VReg src) const {
    ir::Type t = fn_.vreg_types[dst];
    Operand s = Op(src);
    return regalloc::Move{alloc_.locs[dst], s.loc, s.imm, ir::IsFloat(t),
                          t == ir::Type::kI64 || t == ir::Type::kF64, dst, src};
  }

  void EmitInst(size_t i) {
    const ir::Inst& in = fn_.insts[i];
    switch (in.op) {
      case Opcode::kNop: return;
      case Opcode::kLabel: masm_.Bind(in.index); return;
      case Opcode::kConst:
        if (alloc_.locs[in.dst].kind == Location::kConst || alloc_.locs[in.dst].kind == Location::kNone) return;
        masm_.Move(regalloc::Move{alloc_.locs[in.dst], Location{Location::kConst}, in.imm,
                                  ir::IsFloat(in.type), ir::Is64(in.type), in.dst});
        return;
      case Opcode::kMov:
        if (alloc_.locs[in.dst].kind == Location::kNone) return;
        masm_.Move(MoveOf(in.dst, in.a));
        return;
      case Opcode::kParallelMove: {
        std::vector<regalloc::Move> moves;
        for (uint32_t k = 0; k < in.extra_count; k += 2) {
          ir::VReg d = fn_.extra[in.extra_begin + k], s = fn_.extra[in.extra_begin + k + 1];
          if (alloc_.locs[d].kind == Location::kNone) continue;
          moves.push_back(MoveOf(d, s));
        }
        masm_.ParallelMove(std::move(moves));
        return;
      }
      case Opcode::kSelect: masm_.Select(in, Op(in.dst), Op(in.a), Op(in.b), Op(in.c)); return;
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
      case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
      case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kDivS:
      case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU: case Opcode::kClz:
      case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kEqz: case Opcode::kCmp:
      case Opcode::kExtend8S: case Opcode::kExtend16S: case Opcode::kExtend32S:
        masm_.IntOp(in, Op(in.dst), Op(in.a), Op(in.b));
        return;
      case Opcode::kFAdd: case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
      case Opcode::kFMin: case Opcode::kFMax: case Opcode::kFCopysign: case Opcode::kFAbs:
      case Opcode::kFNeg: case Opcode::kFSqrt: case Opcode::kFCeil: case Opcode::kFFloor:
      case Opcode::kFTrunc: case Opcode::kFNearest: case Opcode::kFCmp:
        masm_.FloatOp(in, Op(in.dst), Op(in.a), Op(in.b));
        return;
      case Opcode::kWrap: case Opcode::kExtendS32: case Opcode::kExtendU32: case Opcode::kTruncS:
      case Opcode::kTruncU: case Opcode::kTruncSatS: case Opcode::kTruncSatU:
      case Opcode::kConvertS: case Opcode::kConvertU: case Opcode::kDemote:
      case Opcode::kPromote: case Opcode::kReinterpret:
        masm_.Convert(in, Op(in.dst), Op(in.a));
        return;
      case Opcode::kLoad: masm_.Load(in, Op(in.dst), Op(in.a)); return;
      case Opcode::kStore: masm_.Store(in, Op(in.a), Op(in.b)); return;
      case Opcode::kGlobalGet: case Opcode::kGlobalSet: case Opcode::kRefFunc:
      case Opcode::kTableSize: case Opcode::kMemorySize:
        masm_.InstanceOp(in, Op(in.dst), Op(in.a));
        return;
      case Opcode::kJump:
        if (i + 1 < fn_.insts.size() && fn_.insts[i + 1].op == Opcode::kLabel &&
            fn_.insts[i + 1].index == in.index)
          return;  // falls through
        masm_.Jump(in.index);
        return;
      case Opcode::kBrIf: case Opcode::kBrCmp: masm_.Branch(in, Op(in.a), Op(in.b)); return;
      case Opcode::kBrTable: {
        std::span<const uint32_t> labels(fn_.extra.data() + in.extra_begin, in.extra_count);
        Operand index = Op(in.a);
        if (index.IsConst()) {  // a known index is a plain jump on every target
          const uint64_t last = labels.size() - 1;
          masm_.Jump(labels[std::min<uint64_t>(static_cast<uint32_t>(index.imm), last)]);
          return;
        }
        masm_.BrTable(index, labels);
        return;
      }
      case Opcode::kReturn: {
        std::vector<Operand> values;
        for (uint32_t k = 0; k < in.index2; ++k) values.push_back(Op(fn_.extra[in.extra_begin + k]));
        Operand rp = Op(fn_.results_ptr);
        masm_.Return(values, fn_.results_ptr != ir::kNoVReg ? &rp : nullptr);
        return;
      }
      case Opcode::kTrap: masm_.Trap(in.index); return;
      case Opcode::kCall: case Opcode::kCallImport: case Opcode::kCallIndirect:
      case Opcode::kCallRuntime: {
        CallInfo c;
        c.op = in.op;
        c.index = in.index;
        c.table = static_cast<uint32_t>(in.imm);
        if (in.op == Opcode::kCall) c.symbol = "wasmc_func_" + std::to_string(in.index);
        if (in.op == Opcode::kCallRuntime)
          c.symbol = ir::RuntimeFnSymbol(static_cast<ir::RuntimeFn>(in.index));
        c.callee = Op(in.a);
        for (uint32_t k = 0; k < in.index2; ++k) c.args.push_back(Op(fn_.extra[in.extra_begin + k]));
        for (uint32_t k = in.index2; k < in.extra_count; ++k)
          c.results.push_back(Op(fn_.extra[in.extra_begin + k]));
        masm_.Call(c);
        return;
      }
      case Opcode::kMemoryGrow: {
        CallInfo c;
        c.op = in.op;
        c.symbol = "wasmc_rt_memory_grow";
        c.args.push_back(Op(in.a));
        c.results.push_back(Op(in.dst));
        masm_.Call(c);
        return;
      }
      case Opcode::kSelectCmp:
        break;
    }
    WASMC_CHECK(false && "IR opcode without an emitter");
  }

  const Module& m_;
  const ir::Function& fn_;
  const regalloc::Allocation& alloc_;
  MacroAssembler& masm_;
  RecordingMacroAssembler* recorder_;
  std::vector<uint64_t> const_val_;
};

void AppendListing(const Module& m, const ir::Function& fn, const EmittedFunction& ef,
                   uint64_t base, const MacroAssembler& masm, std::string& out) {
  char line[256];
  std::snprintf(line, sizeof line, "\n%s (func %u):\n", m.FunctionName(fn.func_index).c_str(),
                fn.func_index);
  out += line;
  auto disasm = [&](uint32_t from, uint32_t to) {
    if (masm.ListRange(from, to, base, out)) return;  // ISAs Zydis cannot decode (a64)
    while (from < to) {
      ZydisDisassembledInstruction insn;
      if (!ZYAN_SUCCESS(ZydisDisassembleIntel(ZYDIS_MACHINE_MODE_LONG_64, base + from,
                                              ef.code.data() + from, to - from, &insn))) {
        std::snprintf(line, sizeof line, "  %06" PRIx64 ":  .byte 0x%02x\n", base + from, ef.code[from]);
        out += line;
        ++from;
        continue;
      }
      std::snprintf(line, sizeof line, "  %06" PRIx64 ":  %s\n", base + from, insn.text);
      out += line;
      from += insn.info.length;
    }
  };
  uint32_t pos = 0;
  const uint32_t body_end = ef.inst_offsets.back();
  for (size_t k = 0; k < fn.markers.size(); ++k) {
    const ir::Marker& mk = fn.markers[k];
    uint32_t start = ef.inst_offsets[mk.first_inst];
    disasm(pos, start);  // prologue (before the first marker's code)
    pos = std::max(pos, start);
    std::snprintf(line, sizeof line, "; %s @0x%" PRIx64 "\n", mk.name, mk.wasm_offset);
    out += line;
    uint32_t end = k + 1 < fn.markers.size() ? ef.inst_offsets[fn.markers[k + 1].first_inst] : body_end;
    disasm(pos, end);
    pos = std::max(pos, end);
  }
  if (pos < ef.data_start) {
    out += "; out-of-line\n";
    disasm(pos, ef.data_start);
  }
  if (ef.data_start < ef.code.size()) {
    std::snprintf(line, sizeof line, "; data: %zu bytes\n", ef.code.size() - ef.data_start);
    out += line;
  }
}

bool CheckRegallocEnabled() {
  static const bool enabled = std::getenv("WASMC_CHECK_REGALLOC") != nullptr;
  return enabled;
}

// The IR verifier and the register-allocation checker: --verify-codegen,
// WASMC_VERIFY=1 (any value but "0"), and always in builds without NDEBUG.
bool VerifyCodegen(const CompileOptions& options) {
#ifndef NDEBUG
  return true;
#else
  static const bool from_env = [] {
    const char* v = std::getenv("WASMC_VERIFY");
    return v != nullptr && *v != '\0' && std::string(v) != "0";
  }();
  return options.verify_codegen || from_env;
#endif
}

// "allocation: v1 -> gpr6, ..." for the vregs a checker message names (the checker
// itself never reads the allocation table: it judges what the emitter was told).
std::string DescribeAllocation(const ir::Function& fn, const regalloc::Allocation& alloc,
                               const std::string& what) {
  std::string out;
  std::vector<uint64_t> seen;
  for (size_t k = 0; k + 1 < what.size(); ++k) {
    if (what[k] != 'v' || !std::isdigit(static_cast<unsigned char>(what[k + 1])) ||
        (k > 0 && std::isalnum(static_cast<unsigned char>(what[k - 1]))))
      continue;
    size_t end = k + 1;
    while (end < what.size() && std::isdigit(static_cast<unsigned char>(what[end]))) ++end;
    const uint64_t v = std::stoull(what.substr(k + 1, end - k - 1));
    if (v >= alloc.locs.size() || std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
    seen.push_back(v);
    const Location& l = alloc.locs[v];
    out += (out.empty() ? "  allocation: v" : ", v") + std::to_string(v) + " -> ";
    switch (l.kind) {
      case Location::kReg:
        out += (ir::IsFloat(fn.vreg_types[v]) ? "fpr" : "gpr") + std::to_string(l.reg);
        break;
      case Location::kSlot: out += "slot" + std::to_string(l.slot); break;
      case Location::kConst: out += "const"; break;
      case Location::kNone: out += "none"; break;
    }
  }
  return out.empty() ? out : out + "\n";
}

// A failed check is a bug in wasmc: the full report (with the IR) on stderr, and a
// DiagKind::kCodegenCheck diagnostic at the wasm operator that produced the
// instruction (exit 71), so no caller can mistake it for a user error or ignore it.
Diag CodegenCheckFailed(const Module& module, const ir::Function& fn, uint32_t inst,
                        const char* check, const std::string& report) {
  std::fprintf(stderr, "wasmc: internal compiler error: %s", report.c_str());
  uint64_t at = module.codes[fn.func_index - module.num_imported_funcs].offset;
  if (inst < fn.insts.size() && fn.insts[inst].marker < fn.markers.size())
    at = fn.markers[fn.insts[inst].marker].wasm_offset;
  std::string first_line = report.substr(0, report.find('\n'));
  first_line = first_line.substr(first_line.find(": ") + 2);  // after the check's name
  return MakeDiag(DiagKind::kCodegenCheck, at,
                  std::string("internal compiler error: ") + check + " failed", first_line);
}

}  // namespace

Status CompileFunctions(const Module& module, const CompileOptions& options, ObjectModule& obj,
                        std::string* listing) {
  if (options.target != Target::kX64 && options.target != Target::kA64) {
    uint64_t at = module.codes.empty() ? 0 : module.codes.front().offset;
    return MakeDiag(DiagKind::kUnsupported, at,
                    "code generation for this target is not implemented yet",
                    std::string("no MacroAssembler for ") + TargetTriple(options.target));
  }
  int text = -1;
  for (size_t s = 0; s < obj.sections.size(); ++s)
    if (obj.sections[s].name == ".text") text = static_cast<int>(s);
  if (text < 0) {
    obj.sections.push_back(Section{".text", SectionKind::kText, 16, {}, {}});
    text = static_cast<int>(obj.sections.size() - 1);
  }
  // Symbols first: calls may go forward.
  const uint32_t nimp = module.num_imported_funcs;
  std::vector<uint32_t> func_sym(module.codes.size());
  for (uint32_t d = 0; d < module.codes.size(); ++d) {
    Symbol s;
    s.name = "wasmc_func_" + std::to_string(nimp + d);
    s.section = text;
    s.function = true;
    func_sym[d] = obj.AddSymbol(std::move(s));
  }
  BodyDecoder decoder(module);
  for (uint32_t d = 0; d < module.codes.size(); ++d) {
    const uint32_t f = nimp + d;
    ir::Function fn;
    ir::IrBuilder builder(module, fn);
    Status st = decoder.Decode(f, builder);
    if (!st.ok()) return st;
    const bool verify = VerifyCodegen(options);
    if (verify) {
      ir::VerifyResult v = ir::VerifyFunction(fn, &module, builder.VRegKinds());
      if (!v.ok) return CodegenCheckFailed(module, fn, v.inst, "the IR verifier", ir::VerifyReport(fn, v));
    }
    // The target's MacroAssembler (a64: backend/a64/).
    std::unique_ptr<MacroAssembler> masm = options.target == Target::kA64
                                               ? a64::NewMacroAssembler(module, listing != nullptr)
                                               : x64::NewMacroAssembler(module);
    std::vector<int> preferred(fn.NumVRegs(), -1);
    {
      std::vector<ir::Type> ptypes(fn.vreg_types.begin(), fn.vreg_types.begin() + fn.num_params);
      std::vector<int> pregs = masm->ParamRegisters(ptypes, fn.results_ptr != ir::kNoVReg);
      for (uint32_t p = 0; p < fn.num_params; ++p) preferred[p] = pregs[p];
      if (fn.results_ptr != ir::kNoVReg) preferred[fn.results_ptr] = pregs[fn.num_params];
    }
    regalloc::Allocation alloc = regalloc::AllocateRegisters(fn, masm->Registers(), &preferred);
    if (CheckRegallocEnabled()) {
      std::string problem = regalloc::CheckAllocation(fn, masm->Registers(), alloc);
      if (!problem.empty()) {
        std::fprintf(stderr, "wasmc: register allocation check failed in func %u: %s\n", f,
                     problem.c_str());
        std::abort();
      }
    }
    std::optional<RecordingMacroAssembler> recorder;
    // (The IR after dead-code removal is not verified again: a definition removed while
    // still read would leave that read without its value, which the checker reports.)
    if (verify) recorder.emplace(*masm, fn.insts.size());
    EmittedFunction ef =
        recorder ? FunctionEmitter(module, fn, alloc, *recorder, &*recorder).Run()
                 : FunctionEmitter(module, fn, alloc, *masm).Run();
    if (recorder) {
      regalloc::CheckResult c = regalloc::CheckAllocatedCode(fn, masm->Registers(),
                                                             recorder->steps(), recorder->frame());
      if (!c.ok)
        return CodegenCheckFailed(module, fn, c.inst, "the register-allocation checker",
                                  regalloc::CheckReport(fn, c) + DescribeAllocation(fn, alloc, c.what));
    }
    if (std::string why = masm->Error(); !why.empty()) {
      return MakeDiag(DiagKind::kUnsupported, module.codes[d].offset,
                      "cannot generate code for this function", why);
    }

    Section& sec = obj.sections[text];
    const uint8_t pad = options.target == Target::kA64 ? 0x00 : 0xcc;  // a64: udf
    while (sec.bytes.size() % 16) sec.bytes.push_back(pad);
    const uint64_t base = sec.bytes.size();
    sec.bytes.insert(sec.bytes.end(), ef.code.begin(), ef.code.end());
    obj.symbols[func_sym[d]].value = base;
    obj.symbols[func_sym[d]].size = ef.code.size();
    for (const CodeReloc& r : ef.relocs) {
      uint32_t sym;
      if (r.symbol.starts_with("wasmc_func_")) {
        uint32_t callee = static_cast<uint32_t>(std::stoul(r.symbol.substr(11)));
        WASMC_CHECK(callee >= nimp);
        sym = func_sym[callee - nimp];
      } else {
        sym = obj.ExternalSymbol(r.symbol);
      }
      obj.sections[text].relocs.push_back(
          Reloc{base + r.offset, r.kind, sym, r.addend, true});
    }
    if (listing) AppendListing(module, fn, ef, base, *masm, *listing);
  }
  return Status::Ok();
}

}  // namespace wasmc
