// The x86-64 MacroAssembler (contract: backend/codegen/macro_assembler.h).
//
// Target: the --cpu level (CpuFeatures; default x86-64-v2). Scalar code uses POPCNT and
// ROUNDSS/SD from v2, LZCNT/TZCNT from v3; at v1 (SSE2 only) clz/ctz use BSR/BSF with a
// zero fix-up, popcnt a SWAR sequence, ceil/floor/trunc/nearest a convert-and-fix
// sequence (docs/backend.md, "CPU levels"). SIMD: x64_simd.cc.
//
// Registers:
//   r15 = instance (pinned), r14 = memory 0 base (pinned when the function touches
//   memory 0, else allocatable, callee-saved), rbp = frame pointer, rsp = stack.
//   Scratch (never allocated): rax, r11; xmm0, xmm1, xmm15.
//   Allocatable: rsi, rdi, r8, r9, r10, rdx, rcx (caller-saved; rdx and rcx not
//   around the instructions that use them as scratch: InstClobbers in
//   macro_assembler_x64.cc), rbx, r12, r13 (callee-saved); xmm2..xmm14: xmm2..xmm7
//   caller-saved, xmm8..xmm14 kept across calls to wasm code (the wasm-internal
//   convention, RegisterInfo::fpr_wasm_saved), caller-saved for C code.
// Frame (rsp-relative after the prologue, rsp 16-aligned in the body):
//   [rsp + 0]                 outgoing stack arguments
//   [rsp + results_off_]      results area of multi-value calls (16 bytes each)
//   [rsp + tmp_off_]          call-target temporary
//   [rsp + slots_off_ + 8*s]  spill slot s
//   [rsp + wasm_saves_off_]   xmm8..xmm14 the function saves (16 bytes each)
//   [rsp + c_call_saves_off_] xmm8..xmm14 around a call_indirect of C code, then
//                             the return point of that call (16 bytes)
//   then saved callee-saved registers, saved rbp, return address.
#pragma once

#include <asmjit/x86.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "backend/codegen/asmjit_compat.h"
#include "backend/codegen/asmjit_masm.h"
#include "backend/kept_vectors.h"
#include "backend/x64/address_check_x64.h"

namespace wasmc::x64 {

const regalloc::RegisterInfo& Registers();

// A kStore's value, when it is not an immediate, is loaded into r11 rather than rcx
// (which stays allocatable across the store): the address needs r11 only for an offset
// above 2^31 - 1 (Address in x64_int.cc), where rcx takes the value.
inline bool StoreValueInR11(const ir::Inst& store) { return store.imm <= 0x7fffffffu; }

// Whether the address of a Load/Store-shaped access `in` at `addr` needs a scratch
// register (AccessMem writes it): an index in a slot, a large offset or constant address.
bool AddressNeedsScratch(const ir::Inst& in, const Operand& addr);  // x64_int.cc

// The register of `g` at an access width in bytes (1, 2, 4, else 8).
inline asmjit::x86::Gp SizedGp(const asmjit::x86::Gp& g, uint32_t width) {
  switch (width) {
    case 1: return g.r8();
    case 2: return g.r16();
    case 4: return g.r32();
    default: return g.r64();
  }
}

// What a CPU level (--cpu, docs/usage.md) lets the code use.
struct CpuFeatures {
  bool ssse3_sse41 = true;  // x86-64-v2: SSE3, SSSE3, SSE4.1, SSE4.2, POPCNT
  bool avx = false;         // x86-64-v3: AVX, AVX2, FMA, BMI1/2, LZCNT
  bool avx2 = false;
  bool fma = false;
  bool lzcnt = false;
  bool avx512 = false;      // x86-64-v4: AVX-512 F, BW, CD, DQ, VL
};
CpuFeatures FeaturesOfLevel(int level);  // 1..4 (x86-64, -v2, -v3, -v4)
constexpr int kDefaultLevel = 2;         // x86-64-v2
// "x86-64" -> 1 ... "x86-64-v4" -> 4, "native" -> the host's level, "" -> 0 (the
// default); -1 for anything else. LevelName(1..4): the canonical name.
int ParseLevel(std::string_view name);
std::string LevelName(int level);

std::unique_ptr<MacroAssembler> NewMacroAssembler(int level = 2);
// The x86-64 condition for an integer ir::Cond (flags from cmp a, b): x64_int.cc.
asmjit::x86::CondCode IntCondCode(ir::Cond c);
// The SSE instruction (d op= rhs) of kFAdd / kFSub / kFMul / kFDiv, f64 when w: x64_float.cc.
asmjit::InstId FloatArithInst(ir::Opcode op, bool w);
// Per IR label id: the allocatable GPRs (bit r) that hold a value below 2^32 on every
// path into the label, by what the x86-64 lowering of each instruction writes, with
// `at_entry` so after the prologue; none at a jump-table target or landing pad
// (zext_facts_x64.cc).
// With `accesses`: also, for each memory access (kLoad, kStore, kVecLoad, kVecStore) in
// code that runs, in layout order, the GPRs below 2^32 just before it as the effect of
// its block's code so far: (at[label] & keep) | gen.
struct AccessZext {
  uint32_t inst;   // its index in fn.insts
  uint32_t label;  // its block's IR label (~0u: the entry block)
  uint16_t keep, gen;
};
// `const_val`: per vreg, the bits of its kConst definition (the function emitter's;
// empty: taken from fn's kConst instructions here).
std::vector<uint16_t> ZeroExtendedAtLabels(const ir::Function& fn, const regalloc::Allocation& alloc,
                                           const regalloc::RegisterInfo& regs, uint16_t at_entry,
                                           std::vector<AccessZext>* accesses = nullptr,
                                           std::span<const uint64_t> const_val = {});

class X64MacroAssembler final : public AsmjitMacroAssembler {
 public:
  explicit X64MacroAssembler(CpuFeatures cpu = FeaturesOfLevel(2));
  ~X64MacroAssembler() override { GiveBackSpareVectors(std::tie(zext_accesses_)); }

  const regalloc::RegisterInfo& Registers() const override { return x64::Registers(); }
  void SetOptLevel(int level) override { track_zext_ = align_loops_ = level >= 2; }
  void SetZeroExtendedGprs(uint32_t mask) override { zext_gprs_ = mask; }
  void AlignLoopHeader() override;
  void Prologue(const FrameInfo& frame, std::span<const Operand> params,
                const Operand* results_ptr) override;
  // -O2: plans which GPRs are zero-extended at each label (ZeroExtendedAtLabels) once
  // the prologue has said which params it extends.
  void PlanBody(const ir::Function& fn, const regalloc::Allocation& alloc,
                const regalloc::RegisterInfo& regs, std::span<const uint64_t> const_val) override {
    plan_ = track_zext_ ? Plan{&fn, &alloc, &regs, const_val} : Plan{};
  }
  void Bind(uint32_t label) override {
    flags_at_ = cc_at_ = fwd_at_ = ~0u;  // another path may arrive with other state
    if (BindIrLabel(label)) a_.NoteBind();  // (no asmjit label yet: BindIrLabel)
    zext_entry_ = label < zext_at_label_.size() ? zext_at_label_[label] : 0;
    zext_label_ = label;
    zext_binds_ = a_.binds;
  }
  WASMC_MASM_LOWERING_OVERRIDES
  WASMC_ASMJIT_LEAF_OVERRIDES
  bool HasVectors() const override { return cpu_.ssse3_sse41; }
  // Accesses take `[r14 + index*2^k + disp]` (the mid-end's FoldScaledIndexes).
  opt::TargetCapabilities OptCapabilities() const override {
    opt::TargetCapabilities c = AsmjitMacroAssembler::OptCapabilities();
    c.scaled_index = true;
    return c;
  }
  void Jump(uint32_t label) override { a_.jmp(LabelFor(label)); }
  bool LoadOp(const ir::Inst& load, Operand addr, const ir::Inst& user, Operand dst, Operand a,
              Operand b) override;  // x64_loadop.cc
  bool CompareSelect(const ir::Inst& cmp, Operand cdst, Operand ca, Operand cb, const ir::Inst& sel,
                     Operand dst, Operand a, Operand b) override;  // x64_int.cc
  bool TestBranch(const ir::Inst& and_inst, Operand tdst, Operand x, Operand y, const ir::Inst& br,
                  Operand ba, Operand bb) override;  // x64_int.cc
  void Trap(uint32_t code) override { a_.jmp(TrapLabel(code)); }
  bool InlinesBulkMemory() const override { return true; }
  void BulkMemory(const ir::Inst& in, Operand a, Operand b, Operand c) override;  // x64_bulk.cc
  void Finish() override;
  // Pushed below rbp in ascending register order: [rbp - 8 * (k + 1)] for the k-th.
  uint64_t SavedRegisters() const override {
    uint64_t m = 0;
    for (uint8_t r : pushed_) m |= 1ull << r;
    return m;
  }
  std::vector<uint8_t> Code() override;
  std::vector<uint32_t> LabelOffsets() override { return BoundOffsets(code_); }
  std::string Error() const override { return error_; }
  void ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to, uint64_t base,
                 std::string& out) const override;  // x64_listing.cc

 private:
  using Gp = asmjit::x86::Gp;
  using Xmm = asmjit::x86::Xmm;
  using Mem = asmjit::x86::Mem;

  Mem SlotMem(uint32_t slot) const;
  Mem OperandMem(const Operand& o) const { return SlotMem(o.loc.slot); }
  // The operand in a GPR: its own register, else loaded into `scratch` (UseGpLoaded).
  // (The register case inline: most operands, no call for them.)
  Gp UseGp(const Operand& o, const Gp& scratch) {
    if (o.loc.kind == regalloc::Location::kReg) [[likely]] return asmjit::x86::gpq(o.loc.reg);
    return UseGpLoaded(o, scratch);
  }
  Gp UseGpLoaded(const Operand& o, const Gp& scratch);
  // The address rule (docs/backend.md): idx as it is when known zero-extended, else
  // extended in place (x64_int.cc). (The extended params' test inline.)
  Gp ZeroExtendedIndex(const Gp& idx) {
    if (zext_gprs_ >> idx.id() & 1) return idx;
    return ZeroExtendedIndexByCode(idx);
  }
  Gp ZeroExtendedIndexByCode(const Gp& idx);
  // Whether the code of the current block so far proves `r` below 2^32 (x64_int.cc).
  bool KnownZeroExtended(const Gp& r);
  // -O2: an upper bound of r's value by the address check's own analysis of the block's
  // code so far (the tracker); UINT64_MAX at -O1 or when it is not known.
  uint64_t IndexBound(const Gp& r);
  // The operand in an XMM register: its own, else loaded into `scratch`.
  Xmm UseXmm(const Operand& o, const Xmm& scratch);
  // Writes `src` (GPR / XMM) to dst's location (DefGpMove; nothing inline when dst is
  // src's register).
  void DefGp(const Operand& dst, const Gp& src) {
    if (dst.loc.kind == regalloc::Location::kReg && dst.loc.reg == src.id()) return;
    DefGpMove(dst, src);
  }
  void DefGpMove(const Operand& dst, const Gp& src);
  void DefXmm(const Operand& dst, const Xmm& src);
  // The register to compute a result in: dst's own register, else `scratch`.
  Gp DstGp(const Operand& dst, const Gp& scratch) const;
  // dst = a op b as one `op [slot], b` when dst and a share a slot (x64_int.cc).
  // cmp [slot], b (an immediate or a register) for a compare whose left operand a is in
  // a slot not just stored from rax (Forwarded's case, which reads rax instead): the
  // load into rax saved. False, emitting nothing, for any other operands.
  bool CompareSlotInPlace(bool w, const Operand& a, const Operand& b);
  bool SlotReadModifyWrite(const ir::Inst& in, const Operand& dst, const Operand& a, const Operand& b);
  Xmm DstXmm(const Operand& dst, const Xmm& scratch) const;
  void LoadFloatConst(const Xmm& dst, uint64_t bits, bool is64);
  void EmitExternalCall(CodeReloc reloc);  // call rel32 (the reloc's offset is set here)
  void EmitExternalJump(CodeReloc reloc);  // jmp rel32 (x64_tail.cc)
  void Epilogue() override;
  void RestoreFrame();  // the epilogue up to (not including) the return
  // The save area of the wasm convention's XMM registers (fpr_wasm_saved) the frame
  // saves, from `offset` (16-aligned) up: sets wasm_saves_; returns the area's end.
  int32_t LayoutWasmSaves(int32_t offset);
  void SaveWasmFprs();     // after the stack check
  void RestoreWasmFprs();  // before rsp leaves the body's frame
  void EmitCCalleeStubs();  // Finish: the C-callee paths of call_indirect
  // call_indirect's checks (bounds, null, type); leaves the funcref in rax and, unless
  // `in_rax` (the argument moves will not touch rax: no stack or v128 arguments),
  // in [rsp + tmp_off_]. EmitCallInsn then reads it from where it was left.
  void CheckedFuncref(const CallInfo& call, bool in_rax);
  void CheckedFuncref(const CallInfo& call) override { CheckedFuncref(call, false); }
  void SignatureCheck(const CallInfo& call, const Gp& ref);
  // Stack arguments to the outgoing area, register arguments (and the results pointer
  // `rp` into rsi, when given) to their ABI registers. Returns the stack words.
  uint32_t PlaceArgs(const CallInfo& call, bool hidden_results, const Operand* rp) override;
  // The instruction that calls `call`'s target (arguments placed, rdi not yet set).
  void EmitCallInsn(const CallInfo& call) override;
  // After a call that passed stack arguments: rsp back to the frame's bottom (the
  // callee popped them if it was wasm code, not if it was C; docs/backend.md).
  void ResetSp() override;
  void StackArgStore(uint32_t word, const Operand& o);
  // r14 + zext(addr) + offset for a memory access (writes only `scratch`); x64_int.cc.
  Mem Address(const ir::Inst& vec, const Operand& addr);  // vector accesses (rax)
  Mem AccessMem(const ir::Inst& in, const Operand& addr, const Gp& scratch);  // Load/Store's
  // Load-op folding (x64_loadop.cc): the user of a folded load with the load's access
  // as its memory operand; `other` is the user's operand that is not the load.
  void FoldedCompare(const ir::Inst& load, const Operand& addr, bool w, bool loaded_a,
                     const Operand& other);
  void FoldedFloat(const ir::Inst& load, const Operand& addr, const ir::Inst& user,
                   const Operand& dst, const Operand& other);

  // ---- Bulk memory (x64_bulk.cc) ----
  void Load32(const Gp& d, const Operand& o);  // d's 32-bit form = an i32 operand
  void InlineTrap(const asmjit::Label& oob);
  void BulkTwo(bool copy, uint32_t w);
  void BulkUpTo64(bool copy);
  void LoadLast32(const Gp& idx);
  void StoreLast32(const Gp& idx);
  void BulkPair(const Gp& idx, const Xmm& lo, const Xmm& hi, bool store);
  void BulkStep(bool copy, bool down, const asmjit::Label& loop);
  void BulkLarge(bool copy, const asmjit::Label& done);

  // ---- SIMD (x64_simd.cc) ----
  Mem VSlot(const Operand& o) const;                   // a v128 slot (16 bytes)
  Xmm VUse(const Operand& o, const Xmm& scratch);      // a v128 operand in a register
  void VCopy(const Xmm& d, const Operand& o);          // d = v128 operand
  void VDef(const Operand& dst, const Xmm& x);         // v128 dst = x
  // dst's register unless `keep` (an operand still to be read) lives there; else xmm0.
  Xmm VDst(const Operand& dst, const Operand& keep) const;
  Mem VConst(uint64_t lo, uint64_t hi);                // 16-byte constant (16-aligned)
  void VLoadConst(const Xmm& d, uint64_t lo, uint64_t hi);
  void VBinary(asmjit::InstId sse, asmjit::InstId avx, const Operand& dst, const Operand& x,
               const Operand& y);
  void VNot(const Xmm& d);                             // uses xmm15
  bool VecCompare(ir::VecOp op, const Operand& dst, const Operand& a, const Operand& b);
  bool VecLanes(const ir::Inst& in, const Operand& dst, const Operand& a, const Operand& b);
  bool VecShift(ir::VecOp op, const Operand& dst, const Operand& a, const Operand& b);
  bool VecFloat(ir::VecOp op, const Operand& dst, const Operand& a, const Operand& b,
                const Operand& c);
  bool VecInteger(ir::VecOp op, const Operand& dst, const Operand& a, const Operand& b,
                  const Operand& c);
  void VecLoad(const ir::Inst& in, const Operand& dst, const Operand& addr, const Operand& vec);
  void VecStore(const ir::Inst& in, const Operand& addr, const Operand& value);
  // v128 pieces of the frame, calls and returns (macro_assembler_x64.cc).
  void V128Params(std::span<const Operand> params, bool hidden_results, bool before_moves);
  void FloatRound(const ir::Inst& in, Operand dst, Operand a);
  void FloatMinMax(const ir::Inst& in, Operand dst, Operand a, Operand b);
  void TruncToInt(const ir::Inst& in, Operand dst, Operand a);
  void ConvertUnsigned(const ir::Inst& in, Operand dst, Operand a);
  void CompareAndSet(ir::Cond cond, bool fp, const Gp& dst8);
  void NoteCond(const Operand& dst, asmjit::x86::CondCode cc);
  // The flags of an integer kCmp / kEqz of a (and b): returns the condition that says
  // its result is 1. Scratch: rax, r11.
  asmjit::x86::CondCode CompareFlags(const ir::Inst& in, const Operand& a, const Operand& b);
  // dst = cc ? a : b of an integer kSelect, the flags set for cc (Select, CompareSelect).
  void SelectOnFlags(const ir::Inst& in, asmjit::x86::CondCode cc, const Operand& dst,
                     const Operand& a, const Operand& b);
  // Atomics (x64_atomic.cc): [r14 + r11] after the alignment check; the unaligned stubs.
  Mem AtomicAddress(const ir::Inst& in, const Operand& addr);
  void EmitAtomicStubs();
  struct AtomicStub { asmjit::Label label; uint32_t width; };
  std::vector<AtomicStub> atomic_stubs_;

  // The assembler, noting where the last label of any kind (IR or the MacroAssembler's
  // own) was bound: a block start for ZeroExtendedIndex, as for the address check.
  class BindTrackingAssembler : public asmjit::x86::Assembler {
   public:
    asmjit::Error bind(const asmjit::Label& label) override {
      NoteBind();
      return asmjit::x86::Assembler::bind(label);
    }
    void NoteBind() {  // a label bound here (also one without an asmjit label yet)
      last_bind = static_cast<uint32_t>(offset());
      ++binds;
    }
    uint32_t last_bind = 0;
    uint32_t binds = 0;  // labels bound so far
  };

  CpuFeatures cpu_;
  asmjit::CodeHolder code_;
  BindTrackingAssembler a_;
  ZeroExtensionTracker zext_;  // ZeroExtendedIndex's view of the current block
  // Cross-block facts (-O2; zext_facts_x64.cc): per IR label, the GPRs zero-extended
  // on every path into it; the current block's, while no other label was bound since
  // its IR label (an internal label may have other predecessors).
  struct Plan {
    const ir::Function* fn = nullptr;
    const regalloc::Allocation* alloc = nullptr;
    const regalloc::RegisterInfo* regs = nullptr;
    std::span<const uint64_t> const_val;
  };
  Plan plan_;
  std::vector<uint16_t> zext_at_label_;
  uint16_t zext_entry_ = 0;
  uint32_t zext_label_ = ~0u;  // the IR label bound last (Bind)
  uint32_t zext_binds_ = ~0u;
  // Per access, the same facts carried to it through its block (ZeroExtendedAtLabels'
  // `accesses`), read in layout order (zext_next_access_); zext_inst_: the IR
  // instruction whose address AccessMem is forming, or null.
  std::vector<AccessZext> zext_accesses_;
  size_t zext_next_access_ = 0;
  const ir::Inst* zext_inst_ = nullptr;
  bool IrKnowsZeroExtended(unsigned reg);
  const bool check_zext_ = ZeroExtensionTracker::ChecksEffects();
  bool track_zext_ = true;     // false at -O1 (SetOptLevel): always extend
  uint32_t zext_gprs_ = 0;     // SetZeroExtendedGprs
  bool align_loops_ = true;    // false at -O1 (SetOptLevel): no loop-header padding
  int32_t v128_off_ = 0;  // frame area for v128 call arguments / incoming v128 params
  FrameInfo frame_;
  uint32_t num_pushed_ = 0;          // callee-saved registers pushed after rbp
  std::vector<uint8_t> pushed_;      // their ids, in push order
  std::vector<uint8_t> wasm_saves_;  // xmm registers saved at [rsp + wasm_saves_off_ + 16k]
  int32_t wasm_saves_off_ = 0;
  // call_indirect to C code (FrameInfo::indirect_calls_keep_wasm_saved): each site's
  // `stub` puts `back` in r11 and jumps to the function's one `shared` stub, which
  // keeps xmm8-xmm14 at [rsp + c_call_saves_off_] around the call (EmitCCalleeStubs).
  struct CCalleeStub {
    asmjit::Label stub, back;
  };
  std::vector<CCalleeStub> c_callee_stubs_;
  asmjit::Label c_callee_shared_;
  int32_t c_call_saves_off_ = 0;
  int32_t results_off_ = 0, tmp_off_ = 0, slots_off_ = 0, frame_size_ = 0;
  uint32_t incoming_area_ = 0;       // bytes of incoming stack arguments the return pops
  bool code_in_call_reg_ = false;    // CheckedFuncref left the callee's code, not its funcref
  bool funcref_in_rax_ = false;      // CheckedFuncref kept the callee in rax only
  bool instance_pinned_ = true;      // r15 holds the instance (false: a small leaf
                                     // whose body never needs it, FrameInfo)
  bool frameless_ = false;           // no frame record (FrameInfo::frameless)
  std::string error_;  // first reason this function's code cannot be emitted
  // ZF/SF reflect the register flags_reg_ (at width flags_w_) while the code offset
  // is still flags_at_ (the last instruction was the ALU op that set them and no label
  // was bound since): a following test of that register is redundant.
  uint32_t flags_at_ = ~0u;
  uint8_t flags_reg_ = 0;
  bool flags_w_ = false;
  // The instruction just emitted left ZF/SF describing dst's register at width w.
  void NoteFlags(const Operand& dst, bool w) {
    if (!dst.IsReg()) return;
    flags_at_ = Offset();
    flags_reg_ = dst.loc.reg;
    flags_w_ = w;
  }
  // After a kCmp / kEqz into a register: the flags still say cc_ <=> (cc_reg_ != 0)
  // while the code offset is cc_at_ (only flag-preserving moves may follow, see Select).
  uint32_t cc_at_ = ~0u;
  uint8_t cc_reg_ = 0;
  asmjit::x86::CondCode cc_ = asmjit::x86::CondCode::kE;
  // DefGp just stored GPR fwd_reg_ to slot fwd_slot_ (code offset still fwd_at_): a
  // reload of that slot becomes a register move from fwd_reg_ (`mov r32, r32` for an
  // i32, which the slot is read at 32 bits), or nothing (64-bit, the same register).
  uint32_t fwd_at_ = ~0u;
  uint32_t fwd_slot_ = 0;
  uint8_t fwd_reg_ = 0;
  bool Forwarded(const Operand& o, const Gp& r);
  bool cycle_in_r11_ = false;  // within ParallelMove: r11 holds a cycle's value (MoveCode)
  void MoveCode(const regalloc::Move& m);  // Move's code (Move keeps the flag facts)
  // The last instruction emitted (ending at z32_at_) wrote GPR z32_reg_ at 32 bits,
  // which zeroes its upper half: an access through it next needs no `mov r32, r32`
  // (KnownZeroExtended at -O1, which reads no code back), unless a label was bound
  // after it (a_.last_bind == z32_at_: another path may arrive there). Noted by the
  // lowerings whose last instruction is such a write of an i32 result in a register:
  // IntArith, Load, MoveCode.
  uint32_t z32_at_ = ~0u;
  uint8_t z32_reg_ = 0;
  void NoteZeroExtended(uint8_t reg) {
    z32_at_ = Offset();
    z32_reg_ = reg;
  }
  bool FlagsHold(const Operand& o, bool w) const {
    return o.IsReg() && flags_at_ == Offset() && flags_reg_ == o.loc.reg && flags_w_ == w;
  }
};

}  // namespace wasmc::x64
