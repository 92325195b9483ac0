// CompileFunction: one IR function to machine code (docs/backend.md).
//
//   OptimizeFunction                          the mid-end at -O2 (backend/opt/)
//   AllocateRegisters                         liveness, dead code, linear scan
//   FunctionEmitter                           IR + locations -> MacroAssembler calls
//   AppendListing                             the target's listing with operator markers
#include "backend/codegen/function_compiler.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

#include "backend/codegen/address_check.h"
#include "backend/codegen/early_exit.h"
#include "backend/kept_vectors.h"
#include "backend/codegen/macro_assembler.h"
#include "backend/codegen/recording_masm.h"
#include "backend/codegen/symbols.h"
#include "backend/codegen/target_codegen.h"
#include "backend/ir/verify.h"
#include "backend/opt/opt.h"
#include "backend/regalloc/checker.h"
#include "backend/regalloc/regalloc.h"
#include "backend/target.h"
#include "backend/diag.h"

namespace wasmc {
namespace {

using ir::Opcode;
using regalloc::Location;

struct EmittedFunction {
  std::vector<uint8_t> code;
  std::vector<CodeReloc> relocs;
  std::vector<uint32_t> inst_offsets;  // code offset where each inst starts (+ end)
  uint32_t data_start = 0;
  std::vector<FunctionCode::EhSite> eh_sites;  // pad = label id until Run() resolves it
  // Load-op folding: (load, user) instruction pairs emitted as one at the load
  // (MacroAssembler::LoadOp); the user's own code range is empty.
  std::vector<std::pair<uint32_t, uint32_t>> fused;
};

// FrameInfo::uses_memory: the function needs memory 0's base register.
bool UsesMemory0(const ir::Function& fn) {
  return std::any_of(fn.insts.begin(), fn.insts.end(), [](const ir::Inst& in) {
    return ((in.op == Opcode::kLoad || in.op == Opcode::kStore) && in.index2 == 0) ||
           (in.op >= Opcode::kAtomicLoad && in.op <= Opcode::kAtomicCmpxchg) ||
           in.op == Opcode::kVecLoad || in.op == Opcode::kVecStore ||
           in.op == Opcode::kMemoryCopy || in.op == Opcode::kMemoryFill;
  });
}

// For a target whose MacroAssembler InlinesBulkMemory: memory 0's memory.copy and
// memory.fill (the builder's kCallRuntime of wasmc_rt_memory_copy / _fill, i32
// operands) become kMemoryCopy / kMemoryFill, lowered inline, which are no calls: the
// allocator keeps values in the registers the lowering leaves alone. The call's extra
// words stay behind, read by nothing.
void InlineBulkMemory(ir::Function& fn) {
  for (ir::Inst& in : fn.insts) {
    if (in.op != Opcode::kCallRuntime) continue;
    const auto f = static_cast<ir::RuntimeFn>(in.index);
    if (f != ir::RuntimeFn::kMemoryCopy && f != ir::RuntimeFn::kMemoryFill) continue;
    WASMC_CHECK(in.index2 == 3 && in.extra_count == 3);
    const ir::VReg* args = fn.extra.data() + in.extra_begin;
    in.op = f == ir::RuntimeFn::kMemoryCopy ? Opcode::kMemoryCopy : Opcode::kMemoryFill;
    in.a = args[0];
    in.b = args[1];
    in.c = args[2];
    in.index = in.index2 = in.extra_begin = in.extra_count = 0;
  }
}

// What the FunctionEmitter constructor's walk does with an opcode beyond reading a, b
// and c: one table, looked up once per instruction (most opcodes: nothing more).
// kMoreUses and kTargets are probed from ir::ForEachUse and ir::ForEachTarget
// themselves (an instruction of each opcode with extra words), so they follow those.
enum WalkFlag : uint8_t { kWalkConst = 1, kWalkMoreUses = 2, kWalkCall = 4, kWalkLabel = 8, kWalkTargets = 16 };
const std::array<uint8_t, 256> kWalkFlags = [] {
  std::array<uint8_t, 256> t{};
  ir::Function probe;
  probe.extra = {0, 0};
  for (uint32_t i = 0; i < t.size(); ++i) {
    ir::Inst in;
    in.op = static_cast<Opcode>(i);
    in.a = in.b = in.c = ir::kNoVReg;
    in.index2 = 1;
    in.extra_count = 2;
    uint8_t f = 0;
    ir::ForEachUse(probe, in, [&](ir::VReg) { f |= kWalkMoreUses; });
    ir::ForEachTarget(probe, in, [&](uint32_t) { f |= kWalkTargets; });
    if (in.op == Opcode::kConst) f |= kWalkConst;
    if (ir::IsCall(in.op)) f |= kWalkCall;
    if (in.op == Opcode::kLabel) f |= kWalkLabel;
    if (in.op == Opcode::kEhEdge) f &= ~kWalkTargets;  // (a landing pad is no loop header)
    t[i] = f;
  }
  return t;
}();

class FunctionEmitter {
  // The vectors that grow with a function (the members below), kept per thread.
  auto Kept() {
    return std::tie(const_val_, uses_, loop_header_, bound_, params_, values_, types_, moves_,
                    call_.args, call_.results);
  }

 public:
  // `recorder` (optional): `masm` itself, recording for the register-allocation checker
  // (the shrink-wrapped exit's code included, early_exit.h).
  FunctionEmitter(const ir::Function& fn, const regalloc::Allocation& alloc,
                  const regalloc::RegisterInfo& regs, MacroAssembler& masm,
                  RecordingMacroAssembler* recorder = nullptr)
      : fn_(fn), alloc_(alloc), regs_(regs), masm_(masm), recorder_(recorder) {
    TakeSpareVectors(Kept());  // kept per thread (kept_vectors.h)
    const_val_.assign(fn.NumVRegs(), 0);
    uses_.assign(fn.NumVRegs(), 0);
    loop_header_.assign(fn.num_labels, 0);
    // One walk: constants, reads, and the loop headers (labels a branch at or after
    // them targets: MacroAssembler::AlignLoopHeader).
    std::vector<uint8_t>& bound = bound_;
    bound.assign(fn.num_labels, 0);
    auto grow = [](std::vector<uint8_t>& v, uint32_t l) {
      if (l >= v.size()) [[unlikely]] v.resize(l + 1, 0);
    };
    // The same walk gathers ComputeFrame's facts of the calls and the i32 params read
    // only in their low 32 bits (walked_).
    uint64_t low32 = 0;
    for (uint32_t p = 0; p < fn.num_params && p < 64; ++p)
      if (fn.vreg_types[p] == ir::Type::kI32) low32 |= 1ull << p;
    for (const ir::Inst& in : fn.insts) {
      auto use = [&](ir::VReg v) {
        if (uses_[v] < 2) ++uses_[v];
        if (v < 64 && (low32 >> v & 1) && !ReadsLow32Only(in, v)) low32 &= ~(1ull << v);
      };
      const uint8_t f = kWalkFlags[static_cast<uint8_t>(in.op)];
      if (!(f & kWalkMoreUses)) [[likely]] {  // (ir::ForEachUse's a, b and c)
        if (in.a != ir::kNoVReg) use(in.a);
        if (in.b != ir::kNoVReg) use(in.b);
        if (in.c != ir::kNoVReg) use(in.c);
      } else {
        ir::ForEachUse(fn, in, use);
      }
      if (!f) [[likely]] continue;
      if ((f & kWalkConst) && in.dst != ir::kNoVReg) const_val_[in.dst] = in.imm;
      if (f & kWalkCall) [[unlikely]] NoteCall(in);
      if (f & kWalkLabel) {
        grow(bound, in.index);
        bound[in.index] = 1;
      } else if (f & kWalkTargets) {
        ir::ForEachTarget(fn_, in, [&](uint32_t l) {
          if (l >= bound.size() || !bound[l]) return;
          grow(loop_header_, l);
          loop_header_[l] = 1;
        });
      }
    }
    walked_.params_low32_only = low32;
    locs_ = alloc_.locs.data();
    consts_ = const_val_.data();
    types_p_ = fn_.vreg_types.data();
  }

  ~FunctionEmitter() { GiveBackSpareVectors(Kept()); }

  EmittedFunction Run() {
    EmittedFunction out;
    masm_.PlanBody(fn_, alloc_, regs_, const_val_);
    FrameInfo frame = ComputeFrame();
    // Incoming values go only where the allocator says they are live at entry.
    auto entry = [&](ir::VReg v, uint32_t k) {
      Operand o = Op(v);
      o.loc = alloc_.entry_locs[k];
      return o;
    };
    std::vector<Operand>& params = params_;
    for (uint32_t v = 0; v < fn_.num_params; ++v) params.push_back(entry(v, v));
    Operand results_ptr;
    if (fn_.results_ptr != ir::kNoVReg) results_ptr = entry(fn_.results_ptr, fn_.num_params);
    EarlyExit early(fn_, alloc_, regs_, const_val_);
    early.set_recorder(recorder_);
    const bool shrink_wrapped = early.Plan(masm_, frame);
    if (shrink_wrapped) early.EmitEntry(masm_);
    masm_.Prologue(frame, params, fn_.results_ptr != ir::kNoVReg ? &results_ptr : nullptr);
    // Each instruction's start: the offset after the last one that emitted code (an
    // instruction that emits nothing, EmitsNothing or a fused user, leaves it as it
    // was: no call for it, nor for the offset after it).
    out.inst_offsets.resize(fn_.insts.size() + 1);
    uint32_t* const offsets = out.inst_offsets.data();
    const ir::Inst* const insts = fn_.insts.data();
    uint32_t at = masm_.Offset();
    for (size_t i = 0; i < fn_.insts.size(); ++i) {
      offsets[i] = offset_at_inst_ = at;
      if (recorder_) recorder_->BeginInst(static_cast<uint32_t>(i));
      if (shrink_wrapped && i == early.branch_inst()) {  // decided before the prologue
        if (!early.exit_taken()) masm_.Jump(insts[i].index), at = masm_.Offset();
        continue;
      }
      if (i == fused_user_) continue;  // emitted with its load, compare or and (TryLoadOp, TryCompareSelect, TryTestBranch)
      if (EmitsNothing(insts[i])) continue;
      EmitInst(i);
      at = masm_.Offset();
    }
    offsets[fn_.insts.size()] = at;
    if (shrink_wrapped) early.EmitExit(masm_);
    for (FunctionCode::EhSite& site : eh_sites_) site.pad = out.inst_offsets[fn_.label_block[site.pad]];
    out.eh_sites = std::move(eh_sites_);
    out.fused = std::move(fused_);
    masm_.Finish();
    out.data_start = masm_.DataStart();
    out.code = masm_.Code();
    out.relocs = masm_.Relocs();
    return out;
  }

 private:
  Operand Op(ir::VReg v) const {
    if (v == ir::kNoVReg) return Operand{};
    return Operand{locs_[v], consts_[v], types_p_[v], v};
  }

  // True for an instruction whose lowering on every target neither reads the instance
  // after the prologue nor can branch to a trap stub (FrameInfo::uses_instance): the
  // pure operations that are not instance state, control flow without traps, and
  // memory-0 accesses with a 32-bit address (a fault goes to the signal handler).
  static bool InstanceFree(const ir::Inst& in) {
    switch (in.op) {
      case Opcode::kGlobalGet: case Opcode::kRefFunc: case Opcode::kTableSize:
      case Opcode::kMemorySize: case Opcode::kMemoryBase: case Opcode::kVec:
        return false;
      case Opcode::kNop: case Opcode::kLabel: case Opcode::kJump: case Opcode::kBrIf:
      case Opcode::kBrCmp: case Opcode::kBrTable: case Opcode::kReturn:
      case Opcode::kParallelMove:
        return true;
      case Opcode::kLoad: case Opcode::kStore:
        return in.index2 == 0 && in.src_type == ir::Type::kI32;
      default:
        return ir::IsPure(in.op);  // no division (traps), no trapping truncation
    }
  }

  // True for a use of the i32 value `v` by `in` whose code reads only its low 32 bits
  // on every target and writes a full register: 32-bit integer arithmetic, compares and
  // branches, shift counts (not the shifted value: x86-64 leaves a register shifted by
  // a count of 0 as it was), and a return of that one value (a 32-bit move to the
  // result register). Not moves (a coalesced copy emits nothing), calls, memory
  // accesses, conversions or selects.
  bool ReadsLow32Only(const ir::Inst& in, ir::VReg v) const {
    switch (in.op) {
      case Opcode::kShl: case Opcode::kShrS: case Opcode::kShrU: case Opcode::kRotl:
      case Opcode::kRotr:
        if (in.a == v) return false;
        [[fallthrough]];
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
      case Opcode::kOr: case Opcode::kXor: case Opcode::kEqz: case Opcode::kCmp:
      case Opcode::kBrIf: case Opcode::kBrCmp:
        return in.type == ir::Type::kI32 &&
               (in.a == ir::kNoVReg || fn_.vreg_types[in.a] == ir::Type::kI32) &&
               (in.b == ir::kNoVReg || fn_.vreg_types[in.b] == ir::Type::kI32);
      case Opcode::kReturn:
        return in.index2 == 1;
      default:
        return false;
    }
  }

  FrameInfo ComputeFrame() {
    FrameInfo f;
    f.uses_instance = !std::all_of(fn_.insts.begin(), fn_.insts.end(), InstanceFree);
    f.num_slots = alloc_.num_slots;
    f.gpr_callee_saved_used = alloc_.gpr_callee_saved_used;
    f.fpr_callee_saved_used = alloc_.fpr_callee_saved_used;
    f.uses_memory = UsesMemory0(fn_);
    f.indirect_calls_keep_wasm_saved = regs_.fpr_wasm_saved != 0 && alloc_.wasm_convention;
    f.tail_calls_keep_wasm_saved = regs_.fpr_wasm_saved != 0;
    f.pinned_registers_kept = (regs_.gpr_pinned | regs_.gpr_pinned_lent) != 0;
    f.funcrefs_own_code = fn_.funcrefs_own_code && f.pinned_registers_kept;
    if (f.funcrefs_own_code) f.table0_fixed_size = fn_.table0_fixed_size;
    // (The calls and the params read at 32 bits: the constructor's walk, NoteCall.)
    f.makes_calls = walked_.makes_calls;
    f.indirect_calls = walked_.indirect_calls;
    f.max_v128_args = walked_.max_v128_args;
    f.max_stack_args = walked_.max_stack_args;
    f.max_call_results = walked_.max_call_results;
    f.params_low32_only = walked_.params_low32_only;
    f.frameless = !f.makes_calls && !f.uses_instance && !f.uses_memory && f.num_slots == 0 &&
                  f.gpr_callee_saved_used == 0 && f.fpr_callee_saved_used == 0;
    return f;
  }

  // A call's part of the frame (the constructor's walk; ComputeFrame reads walked_).
  void NoteCall(const ir::Inst& in) {
    FrameInfo& f = walked_;
    f.makes_calls = true;
    if (in.op == Opcode::kCallIndirect || in.op == Opcode::kReturnCallIndirect) f.indirect_calls = true;
    if (in.op == Opcode::kMemoryGrow) return;
    std::vector<ir::Type>& types = types_;
    types.clear();
    for (uint32_t k = 0; k < in.index2; ++k) types.push_back(fn_.vreg_types[fn_.extra[in.extra_begin + k]]);
    f.max_v128_args = std::max<uint32_t>(f.max_v128_args, std::count(types.begin(), types.end(), ir::Type::kV128));
    uint32_t nres = in.extra_count - in.index2;
    const bool hidden = nres > 1 || (ir::IsTailCall(in.op) && fn_.results_ptr != ir::kNoVReg);
    f.max_stack_args = std::max(f.max_stack_args, masm_.StackArgWords(types, hidden));
    if (nres > 1) f.max_call_results = std::max(f.max_call_results, nres);
  }

  regalloc::Move MoveOf(ir::VReg dst, ir::VReg src) const {
    ir::Type t = fn_.vreg_types[dst];
    Operand s = Op(src);
    regalloc::Move m{alloc_.locs[dst], s.loc, s.imm, ir::IsFpr(t),
                     t == ir::Type::kI64 || t == ir::Type::kF64, dst, src};
    m.v128 = ir::IsV128(t);
    return m;
  }

  // kNop, and a constant that lives as an immediate (EmitInst).
  bool EmitsNothing(const ir::Inst& in) const {
    if (in.op == Opcode::kNop) return true;
    if (in.op != Opcode::kConst) return false;
    const Location::Kind k = alloc_.locs[in.dst].kind;
    return k == Location::kConst || k == Location::kNone;
  }

  // The first instruction after i that emits code (the end when none).
  size_t NextEmitting(size_t i) const {
    size_t j = i + 1;
    while (j < fn_.insts.size() && EmitsNothing(fn_.insts[j])) ++j;
    return j;
  }

  // The fusions below (two instructions emitted as one): the next instruction after i
  // that emits code, when i's result is read by nothing else; the end when i has no
  // result, another reader, or nothing after it.
  size_t SoleReaderAfter(size_t i) const {
    const ir::Inst& in = fn_.insts[i];
    if (in.dst == ir::kNoVReg || uses_[in.dst] != 1) return fn_.insts.size();
    return NextEmitting(i);
  }
  // i and j were emitted as one: j is skipped (Run), and the scratch-write check lets
  // i's code write what j's may.
  bool Fused(size_t i, size_t j) {
    fused_user_ = j;
    fused_.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j)});
    return true;
  }

  // Load-op folding (MacroAssembler::LoadOp): the load at i and the next instruction
  // that emits code, when that one is an operation the targets may fold a load into
  // and the load's result is read there only, once. Nothing that emits code sits
  // between them, so no store, call or other access either.
  bool TryLoadOp(size_t i) {
    const ir::Inst& load = fn_.insts[i];
    const size_t j = SoleReaderAfter(i);
    if (j == fn_.insts.size()) return false;
    const ir::Inst& user = fn_.insts[j];
    switch (user.op) {
      case Opcode::kCmp: case Opcode::kEqz: case Opcode::kBrIf: case Opcode::kBrCmp:
      case Opcode::kFAdd: case Opcode::kFSub: case Opcode::kFMul: case Opcode::kFDiv:
        break;
      default:
        return false;
    }
    if ((user.a == load.dst) == (user.b == load.dst)) return false;  // one operand, once
    if (recorder_) recorder_->BeginFusedUser(static_cast<uint32_t>(j));
    if (!masm_.LoadOp(load, Op(load.a), user, Op(user.dst), Op(user.a), Op(user.b))) return false;
    return Fused(i, j);
  }

  // Compare-select fusion (MacroAssembler::CompareSelect): the integer compare at i
  // and the next instruction that emits code, when that one is an integer select
  // whose condition is the compare's result and nothing else reads that result.
  bool TryCompareSelect(size_t i) {
    const ir::Inst& cmp = fn_.insts[i];
    const size_t j = SoleReaderAfter(i);
    if (j == fn_.insts.size()) return false;
    const ir::Inst& sel = fn_.insts[j];
    if (sel.op != Opcode::kSelect || sel.c != cmp.dst || sel.a == cmp.dst || sel.b == cmp.dst) return false;
    if (sel.type != ir::Type::kI32 && sel.type != ir::Type::kI64) return false;
    if (recorder_) recorder_->BeginFusedUser(static_cast<uint32_t>(j));
    if (!masm_.CompareSelect(cmp, Op(cmp.dst), Op(cmp.a), Op(cmp.b), sel, Op(sel.dst), Op(sel.a),
                             Op(sel.b)))
      return false;
    return Fused(i, j);
  }

  // Test-branch fusion (MacroAssembler::TestBranch): the integer and at i and the next
  // instruction that emits code, when that one is a br_if on the and's result, or a
  // br_cmp eq / ne of it and the constant 0, and nothing else reads that result.
  bool TryTestBranch(size_t i) {
    const ir::Inst& a = fn_.insts[i];
    const size_t j = SoleReaderAfter(i);
    if (j == fn_.insts.size()) return false;
    const ir::Inst& br = fn_.insts[j];
    if (br.a != a.dst || br.type != a.type) return false;
    if (br.op == Opcode::kBrCmp) {
      if (br.cond != ir::Cond::kEq && br.cond != ir::Cond::kNe) return false;
      const Operand zero = Op(br.b);
      if (br.b == a.dst || !zero.IsConst() || zero.imm != 0) return false;
    } else if (br.op != Opcode::kBrIf) {
      return false;
    }
    if (recorder_) recorder_->BeginFusedUser(static_cast<uint32_t>(j));
    if (!masm_.TestBranch(a, Op(a.dst), Op(a.a), Op(a.b), br, Op(br.a), Op(br.b))) return false;
    return Fused(i, j);
  }

  // The CallInfo of a call or tail call instruction, in call_ (its vectors and symbol
  // keep their capacity from call to call: no allocation per call site).
  const CallInfo& CallOf(const ir::Inst& in) {
    CallInfo& c = call_;
    c.op = in.op;
    c.index = in.index;
    c.table = static_cast<uint32_t>(in.imm);
    c.type_id = ir::kUnknownTypeId;
    if ((in.op == Opcode::kCallIndirect || in.op == Opcode::kReturnCallIndirect) && fn_.type_ids &&
        in.index < fn_.type_ids->size())
      c.type_id = (*fn_.type_ids)[in.index];
    c.symbol.clear();
    if (in.op == Opcode::kCall || in.op == Opcode::kReturnCall) c.symbol = FuncSymbolName(in.index);
    if (in.op == Opcode::kCallRuntime)
      c.symbol = ir::RuntimeFnSymbol(static_cast<ir::RuntimeFn>(in.index));
    c.callee = Op(in.a);
    c.args.clear();
    c.results.clear();
    for (uint32_t k = 0; k < in.index2; ++k) c.args.push_back(Op(fn_.extra[in.extra_begin + k]));
    for (uint32_t k = in.index2; k < in.extra_count; ++k)
      c.results.push_back(Op(fn_.extra[in.extra_begin + k]));
    return c;
  }

  void EmitInst(size_t i) {
    const ir::Inst& in = fn_.insts[i];
    switch (in.op) {
      case Opcode::kNop: return;
      case Opcode::kLabel:
        if (in.index < loop_header_.size() && loop_header_[in.index]) masm_.AlignLoopHeader();
        masm_.Bind(in.index);
        return;
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
        std::vector<regalloc::Move>& moves = moves_;
        moves.clear();
        for (uint32_t k = 0; k < in.extra_count; k += 2) {
          ir::VReg d = fn_.extra[in.extra_begin + k], s = fn_.extra[in.extra_begin + k + 1];
          if (alloc_.locs[d].kind == Location::kNone) continue;
          moves.push_back(MoveOf(d, s));
        }
        masm_.ParallelMove(moves);
        return;
      }
      case Opcode::kSelect: masm_.Select(in, Op(in.dst), Op(in.a), Op(in.b), Op(in.c)); return;
      case Opcode::kAdd: case Opcode::kSub: case Opcode::kMul: case Opcode::kAnd:
      case Opcode::kOr: case Opcode::kXor: case Opcode::kShl: case Opcode::kShrS:
      case Opcode::kShrU: case Opcode::kRotl: case Opcode::kRotr: case Opcode::kDivS:
      case Opcode::kDivU: case Opcode::kRemS: case Opcode::kRemU: case Opcode::kClz:
      case Opcode::kCtz: case Opcode::kPopcnt: case Opcode::kEqz: case Opcode::kCmp:
      case Opcode::kExtend8S: case Opcode::kExtend16S: case Opcode::kExtend32S:
      case Opcode::kAddShl: case Opcode::kOpShifted:
        if ((in.op == Opcode::kCmp || in.op == Opcode::kEqz) && TryCompareSelect(i)) return;
        if (in.op == Opcode::kAnd && TryTestBranch(i)) return;
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
      case Opcode::kLoad:
        if (!TryLoadOp(i)) masm_.Load(in, Op(in.dst), Op(in.a));
        return;
      case Opcode::kStore: masm_.Store(in, Op(in.a), Op(in.b)); return;
      case Opcode::kAtomicLoad: case Opcode::kAtomicStore: case Opcode::kAtomicRmw:
      case Opcode::kAtomicCmpxchg: case Opcode::kFence:
        masm_.Atomic(in, Op(in.dst), Op(in.a), Op(in.b), Op(in.c));
        return;
      case Opcode::kGlobalGet: case Opcode::kGlobalSet: case Opcode::kRefFunc:
      case Opcode::kTableSize: case Opcode::kMemorySize: case Opcode::kMemoryBase:
        masm_.InstanceOp(in, Op(in.dst), Op(in.a));
        return;
      case Opcode::kVec: case Opcode::kVecLoad: case Opcode::kVecStore:
        masm_.Vector(in, Op(in.dst), Op(in.a), Op(in.b), Op(in.c));
        return;
      case Opcode::kMemoryCopy: case Opcode::kMemoryFill:
        masm_.BulkMemory(in, Op(in.a), Op(in.b), Op(in.c));
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
        // A known index, or a table of only the default: a plain jump on every target.
        if (index.IsConst() || labels.size() == 1) {
          const uint32_t to = labels[index.IsConst() ? ir::BrTableTargetIndex(in, index.imm) : labels.size() - 1];
          if (i + 1 < fn_.insts.size() && fn_.insts[i + 1].op == Opcode::kLabel && fn_.insts[i + 1].index == to)
            return;  // falls through
          masm_.Jump(to);
          return;
        }
        masm_.BrTable(index, labels);
        return;
      }
      case Opcode::kReturn: {
        std::vector<Operand>& values = values_;
        values.clear();
        for (uint32_t k = 0; k < in.index2; ++k) values.push_back(Op(fn_.extra[in.extra_begin + k]));
        Operand rp = Op(fn_.results_ptr);
        masm_.Return(values, fn_.results_ptr != ir::kNoVReg ? &rp : nullptr);
        return;
      }
      case Opcode::kTrap: masm_.Trap(in.index); return;
      case Opcode::kCall: case Opcode::kCallImport: case Opcode::kCallIndirect:
      case Opcode::kCallRuntime:
        call_start_ = offset_at_inst_;
        masm_.Call(CallOf(in));
        return;
      case Opcode::kReturnCall: case Opcode::kReturnCallImport: case Opcode::kReturnCallIndirect: {
        Operand rp = Op(fn_.results_ptr);
        masm_.TailCall(CallOf(in), fn_.results_ptr != ir::kNoVReg ? &rp : nullptr);
        return;
      }
      case Opcode::kEhEdge: {
        // The call before it spans [its inst's start, here): the return address is
        // inside. Adjacent calls to the same pad share one entry.
        const uint32_t begin = static_cast<uint32_t>(call_start_), end = masm_.Offset();
        if (!eh_sites_.empty() && eh_sites_.back().pad == in.index && eh_sites_.back().end == begin)
          eh_sites_.back().end = end;
        else
          eh_sites_.push_back({begin, end, in.index});
        if (recorder_) recorder_->EhEdge(in.index);
        return;
      }
      case Opcode::kMemoryGrow: {
        CallInfo& c = call_;
        c.op = in.op;
        c.index = c.table = 0;
        c.type_id = ir::kUnknownTypeId;
        c.symbol = "wasmc_rt_memory_grow";
        c.callee = Operand{};
        c.args.assign(1, Op(in.a));
        c.results.assign(1, Op(in.dst));
        masm_.Call(c);
        return;
      }
    }
    WASMC_CHECK(false && "IR opcode without an emitter");
  }

  const ir::Function& fn_;
  const regalloc::Allocation& alloc_;
  const regalloc::RegisterInfo& regs_;
  MacroAssembler& masm_;
  RecordingMacroAssembler* recorder_;

  std::vector<uint64_t> const_val_;
  // Op's tables through plain pointers (set once the constructor filled const_val_):
  // not reloaded through fn_ and alloc_ at every operand.
  const Location* locs_ = nullptr;
  const uint64_t* consts_ = nullptr;
  const ir::Type* types_p_ = nullptr;
  std::vector<uint8_t> uses_;   // reads of each vreg in the function, counted up to 2
  size_t fused_user_ = ~size_t{0};  // the user of the last folded load (TryLoadOp)
  std::vector<std::pair<uint32_t, uint32_t>> fused_;
  std::vector<uint8_t> loop_header_;  // per label: a loop header (constructor)
  std::vector<uint8_t> bound_;        // per label: bound so far (the constructor's walk)
  std::vector<Operand> params_;       // Run's
  std::vector<ir::Type> types_;       // NoteCall's
  FrameInfo walked_;                  // the constructor's walk: the calls, params_low32_only
  uint32_t offset_at_inst_ = 0;  // code offset where the current inst started
  uint32_t call_start_ = 0;      // ... and where the last call started
  CallInfo call_;                // CallOf's
  // kParallelMove's moves and kReturn's values: kept from instruction to instruction.
  std::vector<regalloc::Move> moves_;
  std::vector<Operand> values_;
  std::vector<FunctionCode::EhSite> eh_sites_;
};

void AppendListing(const ir::Function& fn, const EmittedFunction& ef, uint64_t base,
                   const MacroAssembler& masm, const ListingNote& note, std::string& out) {
  char line[256];
  auto disasm = [&](uint32_t from, uint32_t to) { masm.ListRange(ef.code, from, to, base, out); };
  uint32_t pos = 0;
  const uint32_t body_end = ef.inst_offsets.back();
  for (size_t k = 0; k < fn.markers.size(); ++k) {
    const ir::Marker& mk = fn.markers[k];
    uint32_t start = ef.inst_offsets[mk.first_inst];
    disasm(pos, start);  // prologue (before the first marker's code)
    pos = std::max(pos, start);
    if (note) out += note(mk);
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

// Per vreg read once, as a register argument of a direct call, call_indirect or import
// call: that argument's ABI register, as `preferred` takes it (-1 elsewhere; params keep
// theirs). Its definition then writes the register the call reads (`sub w1, w19, #1`
// rather than `sub w9, w19, #1; mov w1, w9`). The allocator takes it only while free
// and not across a call, so a value that lives on after the call is unaffected.
// AArch64 only (CompileFunction): x86-64's allocation is left as it is.
void PreferCallArgumentRegisters(const ir::Function& fn, const MacroAssembler& masm,
                                 std::vector<int>& preferred) {
  std::vector<uint8_t> uses(fn.NumVRegs(), 0);
  for (const ir::Inst& in : fn.insts)
    ir::ForEachUse(fn, in, [&](ir::VReg v) { uses[v] = static_cast<uint8_t>(std::min(uses[v] + 1, 2)); });
  std::vector<ir::Type> types;
  for (const ir::Inst& in : fn.insts) {
    if (in.op != Opcode::kCall && in.op != Opcode::kCallIndirect && in.op != Opcode::kCallImport) continue;
    types.clear();
    for (uint32_t k = 0; k < in.index2; ++k) types.push_back(fn.vreg_types[fn.extra[in.extra_begin + k]]);
    const std::vector<int> regs = masm.ParamRegisters(types, in.extra_count - in.index2 > 1);
    for (uint32_t k = 0; k < in.index2; ++k) {
      const ir::VReg v = fn.extra[in.extra_begin + k];
      if (v >= fn.num_params && uses[v] == 1 && preferred[v] < 0) preferred[v] = regs[k];
    }
  }
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
        out += (ir::IsFpr(fn.vreg_types[v]) ? "fpr" : "gpr") + std::to_string(l.reg);
        break;
      case Location::kSlot: out += "slot" + std::to_string(l.slot); break;
      case Location::kConst: out += "const"; break;
      case Location::kNone: out += "none"; break;
    }
  }
  return out.empty() ? out : out + "\n";
}

// The address check (backend/codegen/address_check.h) of the final code; false with
// `out`'s check fields set when it fails.
// Whether memory 0 is a 64-bit memory (memory64): its accesses index the pinned base
// with a 64-bit address that the IR bounds-checked explicitly (docs/backend.md), so
// the zero-extension rule, which protects 32-bit memories, does not apply to them.
bool Memory0Is64(const ir::Function& fn) {
  for (const ir::Inst& in : fn.insts) {
    if ((in.op == ir::Opcode::kLoad || in.op == ir::Opcode::kStore) && in.index2 == 0)
      return in.src_type == ir::Type::kI64;
    if ((in.op == ir::Opcode::kVecLoad || in.op == ir::Opcode::kVecStore) && !in.sign)
      return in.src_type == ir::Type::kI64;
  }
  return false;
}

// A failed check of the machine code (`the_name`, e.g. "the address check"): the report names
// the IR instruction whose code holds the offending offset. Returns false.
bool CodeCheckFailed(const ir::Function& fn, const EmittedFunction& ef, const char* the_name,
                     const AddressCheck& a, FunctionCode& out) {
  const std::string name = the_name + 4;  // without "the "
  out.check_failed = true;
  out.check_name = the_name;
  out.check_inst = static_cast<uint32_t>(fn.insts.size());
  for (size_t i = 0; i + 1 < ef.inst_offsets.size(); ++i)
    if (ef.inst_offsets[i] <= a.offset && a.offset < ef.inst_offsets[i + 1]) out.check_inst = static_cast<uint32_t>(i);
  char head[64];
  std::snprintf(head, sizeof head, ": func %u, code offset 0x%x: ", fn.func_index, a.offset);
  out.check_report = name + head + a.what + "\n  (--emit=asm lists the function's code)\n";
  return false;
}

bool CheckAddresses(const ir::Function& fn, Target target, const EmittedFunction& ef,
                    MacroAssembler& masm, FunctionCode& out) {
  if (Memory0Is64(fn)) return true;
  const std::vector<uint32_t> labels = masm.LabelOffsets();
  std::vector<uint32_t> pads;  // entered by the unwinder: nothing known there
  for (const FunctionCode::EhSite& site : ef.eh_sites) pads.push_back(site.pad);
  std::vector<uint32_t> exits;  // the linker's branch fields: calls, tail calls' jumps
  exits.reserve(ef.relocs.size());
  for (const CodeReloc& r : ef.relocs) exits.push_back(r.offset);
  const AddressCheck a = GetCodegen(target).check_addresses(ef.code, ef.data_start, labels, pads, exits, 0);
  return a.ok || CodeCheckFailed(fn, ef, "the address check", a, out);
}

// The scratch-write check (address_check.h): per instruction, the allocatable GPRs
// its code may write are its results' registers and its clobbers; calls, returns and
// tail calls may write any (the allocator keeps nothing in a caller-saved register
// across a call, and a return leaves the function).
bool CheckScratchWrites(const ir::Function& fn, Target target, const EmittedFunction& ef,
                        const regalloc::Allocation& alloc, const regalloc::RegisterInfo& regs,
                        FunctionCode& out) {
  const ScratchWriteChecker check = GetCodegen(target).check_scratch_writes;
  if (!check || (!regs.clobbers && !regs.gpr_pinned)) return true;
  uint32_t watched = 0;
  for (uint8_t r : regs.gprs) watched |= 1u << r;
  std::vector<uint32_t> allowed(fn.insts.size(), 0), self_extend(fn.insts.size(), 0);
  for (size_t i = 0; i < fn.insts.size(); ++i) {
    const ir::Inst& in = fn.insts[i];
    ir::ForEachUse(fn, in, [&](ir::VReg v) {
      const Location& l = alloc.locs[v];
      if (l.kind == Location::kReg && fn.vreg_types[v] == ir::Type::kI32) self_extend[i] |= 1u << l.reg;
    });
    if (ir::IsCall(in.op) || in.op == Opcode::kReturn) {
      allowed[i] = ~0u;
      continue;
    }
    allowed[i] = regalloc::ClobbersOf(regs, in, alloc.locs);
    ir::ForEachDef(fn, in, [&](ir::VReg v) {
      const Location& l = alloc.locs[v];
      if (l.kind == Location::kReg && !ir::IsFpr(fn.vreg_types[v])) allowed[i] |= 1u << l.reg;
    });
  }
  // A folded load's code is its user's too (MacroAssembler::LoadOp), a compare's its
  // select's (MacroAssembler::CompareSelect).
  for (const auto& [load, user] : ef.fused) allowed[load] |= allowed[user];
  const std::span<const uint8_t> code = std::span<const uint8_t>(ef.code).first(
      std::min<size_t>(ef.code.size(), ef.data_start));
  const AddressCheck a = check(code, ef.inst_offsets, allowed, watched, self_extend, regs.gpr_pinned);
  return a.ok || CodeCheckFailed(fn, ef, "the scratch-write check", a, out);
}

}  // namespace

FunctionCode CompileFunction(ir::Function& fn, Target target, uint64_t base,
                             std::string* listing, bool verify, const ListingNote& note,
                             int cpu_level, int opt_level) {
  const TargetCodegen& codegen = GetCodegen(target);
  std::unique_ptr<MacroAssembler> masm =
      codegen.new_macro_assembler_at ? codegen.new_macro_assembler_at(listing != nullptr, cpu_level)
                                     : codegen.new_macro_assembler(listing != nullptr);
  if (masm->InlinesBulkMemory()) InlineBulkMemory(fn);
  opt::OptimizeFunction(fn, opt_level, masm->OptCapabilities());
  if (verify && opt_level >= 2) {  // the mid-end's output, before anything relies on it
    const ir::VerifyResult v = ir::VerifyFunction(fn);
    if (!v.ok) {
      FunctionCode out;
      out.check_failed = true;
      out.check_inst = v.inst;
      out.check_name = "the IR verifier (after the mid-end)";
      out.check_report = ir::VerifyReport(fn, v);
      return out;
    }
  }
  masm->SetOptLevel(opt_level);
  // (Kept per thread, as the emitter's vectors: their capacity from function to function.)
  thread_local std::vector<int> preferred;
  preferred.assign(fn.NumVRegs(), -1);
  {
    const std::span<const ir::Type> ptypes(fn.vreg_types.data(), fn.num_params);
    std::vector<int> pregs = masm->ParamRegisters(ptypes, fn.results_ptr != ir::kNoVReg);
    for (uint32_t p = 0; p < fn.num_params; ++p) preferred[p] = pregs[p];
    if (fn.results_ptr != ir::kNoVReg) preferred[fn.results_ptr] = pregs[fn.num_params];
  }
  if (target == Target::kA64) PreferCallArgumentRegisters(fn, *masm, preferred);
  // The memory-0 base register is allocatable where memory 0 is not touched, and, when
  // it is pinned through all wasm code (RegisterInfo::gpr_pinned), the function makes
  // no call either (its callees expect the base there).
  thread_local regalloc::RegisterInfo regs;
  regs = masm->Registers();
  if (!fn.pinned_registers_kept) regs.gpr_pinned = 0;
  if (!UsesMemory0(fn) && (!regs.gpr_pinned || std::none_of(fn.insts.begin(), fn.insts.end(),
                                                            [](const ir::Inst& in) { return ir::IsCall(in.op); })))
    regs = regalloc::WithMemoryBaseFree(regs);
  // The allocator, the emitter and the checker all see the convention as off.
  if (!fn.fprs_kept_across_calls) regs.fpr_wasm_saved = 0;
  regalloc::Allocation alloc = regalloc::AllocateRegisters(fn, regs, &preferred,
                                                            /*split_loops=*/opt_level >= 2);
  std::optional<RecordingMacroAssembler> recorder;
  // (The IR after dead-code removal is not verified again: a definition removed while
  // still read would leave that read without its value, which the checker reports.)
  if (verify) recorder.emplace(*masm, fn.insts.size());
  EmittedFunction ef = recorder ? FunctionEmitter(fn, alloc, regs, *recorder, &*recorder).Run()
                                : FunctionEmitter(fn, alloc, regs, *masm).Run();
  FunctionCode out;
  if (recorder) {
    regalloc::CheckResult c = regalloc::CheckAllocatedCode(fn, regs,
                                                           recorder->steps(), recorder->frame());
    if (!c.ok) {
      out.check_failed = true;
      out.check_inst = c.inst;
      out.check_report = regalloc::CheckReport(fn, c) + DescribeAllocation(fn, alloc, c.what);
      return out;
    }
  }
  out.error = masm->Error();
  if (!out.error.empty()) return out;
  // Where the memory-0 base register was allocated to values (no memory-0 access), the
  // code has no access for the address check to prove, and its register-based operands
  // are not memory 0's.
  const bool memory_base_is_value = regs.memory_base_gpr < 0 && masm->Registers().memory_base_gpr >= 0;
  if (verify && !memory_base_is_value && !CheckAddresses(fn, target, ef, *masm, out)) return out;
  if (verify && !CheckScratchWrites(fn, target, ef, alloc, regs, out)) return out;
  if (listing) AppendListing(fn, ef, base, *masm, note, *listing);
  out.marker_offsets.resize(fn.markers.size());  // (one allocation, written in place)
  for (size_t k = 0; k < fn.markers.size(); ++k)
    out.marker_offsets[k] = ef.inst_offsets[fn.markers[k].first_inst];
  out.code = std::move(ef.code);
  out.relocs = std::move(ef.relocs);
  out.eh_sites = std::move(ef.eh_sites);
  out.saved_registers = masm->SavedRegisters();
  return out;
}

}  // namespace wasmc
