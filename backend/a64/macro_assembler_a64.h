// The AArch64 MacroAssembler (contract: backend/codegen/macro_assembler.h).
//
// Target: ARMv8.0-A (AArch64, Linux, AAPCS64; --cpu=armv8.1-a adds the LSE atomics,
// a64_atomic.cc). Every operator is exact without
// extensions: clz/rbit, cnt+addv for popcnt, frint{p,m,z,n} for rounding, fmin/fmax
// (already wasm's NaN and +-0 rules), fcvtz{s,u} plus explicit range checks for the
// trapping truncations, explicit divide-by-zero and INT_MIN/-1 checks (sdiv does not
// trap). docs/cross-compiling.md, "How the code looks".
//
// Registers:
//   x28 = instance (pinned), x27 = memory 0 base (pinned when the function touches
//   memory), x29 = frame pointer (frame chain {x29, x30} as abi.h requires), sp.
//   Scratch (never allocated): x16, x17 (x16 also breaks parallel-move cycles),
//   x15 (addresses of far frame slots, else short-lived temporaries and the
//   call_indirect target);
//   v29, v30, v31 (v31 breaks parallel-move cycles). x18 (platform; a temporary on
//   Linux) and x30 (saved by the prologue) are used only inside atomic sequences
//   (a64_atomic.cc) and bulk memory (a64_bulk.cc).
//   Allocatable: x9..x14, x8..x0 (caller-saved), x19..x26 (callee-saved);
//   v16..v28, v0..v7 (caller-saved), v8..v15 (callee-saved: AAPCS64 keeps their low
//   64 bits, all that f32/f64 values use).
// Frame (after the prologue; sp 16-aligned):
//   [sp + 0]                 outgoing stack arguments
//   [sp + tmp_off_]          call_indirect target temporary (far frames only;
//                            others keep it in x15)
//   [sp + results_off_]      results area of multi-value calls (16 bytes each)
//   [sp + vargs_off_]        copies of v128 call arguments (16 bytes each; passed
//                            by pointer)
//   [sp + slots_off_ + 8*s]  spill slot s (8 bytes, always accessed whole)
//   [x29 - saves_size_]      saved callee-saved registers (x19..x28, d8..d15)
//   [x29]                    saved x29, x30; incoming stack arguments at x29 + 16.
// Linear memory: [x27 + zext(index) + offset] with no bounds check (the 8 GiB
// reservation and guard, as on x86-64). At -O2 an address register computed for an
// offset access (x16 or x15 = x27 + zext(wN) [+ high part of the offset]) serves the
// later accesses through wN in the same block while nothing wrote it or wN
// (Address, AddressCache; docs/backend.md "AArch64").
#pragma once

#include <asmjit/arm/a64assembler.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backend/codegen/asmjit_compat.h"
#include "backend/codegen/asmjit_masm.h"

namespace wasmc::a64 {

class ListingLogger;  // a64_listing.cc

const regalloc::RegisterInfo& Registers();
// `want_listing`: keep the text of every instruction for --emit=asm (ListRange).
std::unique_ptr<MacroAssembler> NewMacroAssembler(bool want_listing);

// CPU levels (--cpu, docs/usage.md; cpu_a64.cc): 0 = the default (armv8-a), 1 = armv8-a
// (atomics as LL/SC loops), 2 = armv8.1-a (LSE atomics, a64_atomic.cc).
constexpr int kLevelLse = 2;
int ParseLevel(std::string_view name);  // "" -> 0, "native" -> the host's, unknown -> -1
std::string LevelName(int level);
std::unique_ptr<MacroAssembler> NewMacroAssemblerAt(bool want_listing, int level);

class A64MacroAssembler final : public AsmjitMacroAssembler {
 public:
  explicit A64MacroAssembler(bool want_listing);
  ~A64MacroAssembler() override;

  const regalloc::RegisterInfo& Registers() const override { return a64::Registers(); }
  // Shifted-register operands (kOpShifted) and vector multiply-accumulate (mla / mls).
  opt::TargetCapabilities OptCapabilities() const override {
    opt::TargetCapabilities c = AsmjitMacroAssembler::OptCapabilities();
    c.shifted_operands = true;
    c.multiply_add = true;
    return c;
  }
  void SetOptLevel(int level) override { cache_addresses_ = level >= 2; }
  void Prologue(const FrameInfo& frame, std::span<const Operand> params,
                const Operand* results_ptr) override;
  void Bind(uint32_t label) override {
    if (BindIrLabel(label)) a_.NoteBind();  // (no asmjit label yet: BindIrLabel)
  }
  WASMC_MASM_LOWERING_OVERRIDES
  WASMC_ASMJIT_LEAF_OVERRIDES
  void Jump(uint32_t label) override { a_.b(LabelFor(label)); }
  void Trap(uint32_t code) override { a_.b(TrapLabel(code)); }
  bool InlinesBulkMemory() const override { return true; }
  void BulkMemory(const ir::Inst& in, Operand a, Operand b, Operand c) override;  // a64_bulk.cc
  void Finish() override;
  std::vector<uint8_t> Code() override;
  std::vector<uint32_t> LabelOffsets() override { return BoundOffsets(code_); }
  std::string Error() const override { return error_; }
  // Saved at [x29 - saves_size + 8 * k]: the GPRs in ascending order, then the FPRs
  // (d8..d15) in ascending order; saves_size = their count * 8 rounded up to 16.
  uint64_t SavedRegisters() const override {
    uint64_t m = 0;
    for (uint8_t r : saved_gprs_) m |= 1ull << r;
    for (uint8_t v : saved_fprs_) m |= 1ull << (32 + v);
    return m;
  }
  void ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to, uint64_t base,
                 std::string& out) const override;

 private:
  using Gp = asmjit::a64::Gp;
  using Vec = asmjit::a64::Vec;
  using Mem = asmjit::a64::Mem;
  using CondCode = asmjit::a64::CondCode;
  class Errors;

  // Frame slot `slot` for an access of `scale` bytes; far slots put their offset in
  // x15. Slots are written whole (8 bytes) and read at the value's width.
  Mem SlotMem(uint32_t slot, uint32_t scale = 8);
  Mem SpMem(int32_t offset, uint32_t scale = 8);  // [sp + offset] (x15 when far)
  // dst = imm (32 or 64 bits), in the fewest movz/movn/movk/orr instructions.
  void MovImm(const Gp& dst, uint64_t imm, bool is64);
  // The operand in a GPR (x form): its own register, else loaded into `scratch`.
  // With `zr_ok`, a constant 0 is the zero register.
  Gp UseGp(const Operand& o, const Gp& scratch, bool zr_ok = false);
  // The operand in an FP register (d form): its own register, else `scratch`.
  Vec UseFp(const Operand& o, const Vec& scratch);
  void LoadFpConst(const Vec& dst, uint64_t bits, bool is64);  // no GPR used
  // Writes a GPR / FP register (x / d form) to dst's location (32-bit for i32/f32).
  void DefGp(const Operand& dst, const Gp& src);
  void DefFp(const Operand& dst, const Vec& src);
  void DefReg(const Operand& dst, uint32_t src, bool fp);  // DefGp and DefFp's one body
  // The register to compute a result in: dst's own register, else `scratch`.
  Gp DstGp(const Operand& dst, const Gp& scratch) const;
  Vec DstFp(const Operand& dst, const Vec& scratch) const;
  // [base + off] for an access of `scale` bytes; `tmp` holds a far offset.
  Mem BaseOffset(const Gp& base, uint32_t off, uint32_t scale, const Gp& tmp);
  // Sets the flags for `a cond b` (integer compare; uses x16, x17) and returns the
  // condition code that tests it: IntCondCode(cond), or, when a constant b has no
  // cmp / cmn immediate but b - 1 or b + 1 has, the code for the equivalent compare
  // with that one (x <u c  <=>  x <=u c - 1, ...).
  CondCode CompareInt(bool is64, const Operand& a, const Operand& b, ir::Cond cond);
  // cmp / cmn of r with the constant v (of r's width, sign-extended) when an immediate
  // (12 bits, optionally shifted left by 12) takes it; returns whether it did.
  bool CompareImm(const Gp& r, int64_t v, bool is64);
  // BL with a CALL26 relocation (`reloc`: its offset set here); `symbol` names the
  // callee in the listing.
  void EmitCall(const std::string& symbol, CodeReloc reloc);
  void Epilogue() override;
  void RestoreSaved();  // the callee-saved registers, from below the frame record
  void TransferSaved(bool store);  // RestoreSaved and the prologue's saves
  // call_indirect's checks (bounds, null, type); leaves the funcref in x15 (and in
  // [sp + tmp_off_] in far frames).
  void CheckedFuncref(const CallInfo& call) override;
  void CompareTypeIdW16(uint32_t type_id);
  // Stack arguments to the outgoing area, register arguments (and the results pointer
  // `rp` into x1, when given) to their ABI registers. Returns the stack words.
  uint32_t PlaceArgs(const CallInfo& call, bool hidden_results, const Operand* rp) override;
  void LoadCallee(const CallInfo& call);
  void EmitCallInsn(const CallInfo& call) override;
  // After a call that passed stack arguments: sp back to the frame's bottom (the
  // callee popped them if it was wasm code, not if it was C; docs/backend.md).
  void ResetSp() override;
  void TruncToInt(const ir::Inst& in, Operand dst, Operand a);
  // [x27 + zext(index) + offset] for the access `in` (offset in.imm, in.width bytes;
  // a 64-bit index for memory64, an absolute address when in.index2 = 1, ir.h);
  // uses x16 and `tmp`.
  Mem Address(const ir::Inst& in, const Operand& index, const Gp& tmp);
  // The address cache of Address (-O2): entries whose register or index was written
  // since, or that a label bound since may bypass, are dropped; the emitted code is
  // decoded for that (GprWrites), each word once.
  void ScanAddressCache();
  // Whether bits 63..32 of xr are zero here, by a local rule: looking back from the end
  // of the code to the block's start (the last label bound; at most kUpperZeroLookback
  // words), the last word that may write xr (GprWrites) wrote wr (ZeroExtendingWrite).
  // Then a 32-bit `mov wr, wr` would change nothing: Move and Convert leave it out.
  bool UpperHalfZero(uint32_t r) const;
  static constexpr uint32_t kUpperZeroLookback = 32;
  struct AddressEntry {
    bool valid = false;
    uint8_t reg = 0;     // 16 or 15: holds x27 + zext(w[index]) + disp
    uint8_t index = 0;   // the index register
    uint64_t disp = 0;
    uint32_t used = 0;   // for the replacement (least recently used)
  };
  AddressEntry addr_cache_[2] = {{false, 16}, {false, 15}};
  uint32_t addr_scan_ = 0;   // code offset the cache has seen up to
  uint32_t addr_binds_ = 0;  // a_.binds when it was last seen
  uint32_t addr_uses_ = 0;
  bool cache_addresses_ = false;  // -O2 (SetOptLevel)
  // The `cset` that ended IntCmp / IntEqz in a register: while nothing was emitted nor
  // bound since (the code offset and a_.binds as then), the flags are still the
  // compare's and `reg` holds its 0 / 1, so a select of it tests `cond` itself, not
  // `tst reg, reg` (Select).
  struct CsetFlags {
    uint32_t at = UINT32_MAX;
    uint32_t binds = 0;
    uint32_t reg = 0;
    CondCode cond = CondCode::kAL;
  };
  CsetFlags cset_;
  void NoteCset(const Operand& dst, const Gp& g, CondCode cond);
  // The condition code a select of c tests: cset_.cond when c is that cset's register
  // and the flags are still its compare's, else NE after `tst c, c`.
  CondCode SelectCondition(const Operand& c);
  // Vector accesses (a64_simd.cc): `width` bytes at vec's address (see ir.h's VecOp notes).
  Mem Address(const ir::Inst& vec, const Operand& index, uint32_t width, const Gp& tmp);
  void SetError(std::string message);
  // Bulk memory (a64_bulk.cc): an i32 operand into d's W form; the trap call at
  // `oob`; the size classes, 32-byte loops and the n > 64 case.
  void Load32(const Gp& d, const Operand& o);
  void InlineTrap(const asmjit::Label& oob);
  void BulkTwo(bool copy, uint32_t width, int32_t tail);
  void BulkUpTo64(bool copy);
  void BulkChunkLoop(bool copy, bool down);
  void BulkLarge(bool copy, const asmjit::Label& last, bool last_follows);
  // Atomics (a64_atomic.cc): x16 = the checked effective address; the unaligned stubs.
  void AtomicAddress(const ir::Inst& in, const Operand& addr);
  void EmitAtomicStubs();
  struct AtomicStub { asmjit::Label label; uint32_t width; };
  std::vector<AtomicStub> atomic_stubs_;
  friend std::unique_ptr<MacroAssembler> NewMacroAssemblerAt(bool, int);
  bool lse_ = false;  // --cpu=armv8.1-a: LSE atomics (a64_atomic.cc)
  // v128 (a64_simd.cc): the operand in a q register (its own, else loaded into
  // `scratch`), the register to compute a result in, the write-back to dst.
  Vec UseV(const Operand& o, const Vec& scratch);
  Vec DstV(const Operand& dst, const Vec& scratch) const;
  void DefV(const Operand& dst, const Vec& src);
  asmjit::Label V128ConstLabel(uint64_t lo, uint64_t hi);  // 16-byte pool entry
  void LoadV128Const(const Vec& dst, uint64_t lo, uint64_t hi);
  void BitSelect(const Vec& out, const Vec& t, const Vec& f, const Vec& mask);
  void VecBitmask(ir::VecOp op, const Operand& dst, const Operand& a);
  void VecShift(ir::VecOp op, const Operand& dst, const Operand& a, const Operand& b);
  void VecLoad(const ir::Inst& in, Operand dst, Operand addr, Operand lanes);
  void VecStore(const ir::Inst& in, Operand addr, Operand value);
  void VecSelect(const Operand& dst, const Operand& a, const Operand& b, const Operand& c);
  void MoveV128(const regalloc::Move& m);
  // A v128 param from the 16 bytes `ptr` points at (the caller's copy) to p's location.
  void LoadV128Param(const Operand& p, const Gp& ptr);
  void SpAddress(const Gp& dst, int32_t offset);  // dst = sp + offset

  // The assembler, counting the labels bound (IR labels and the MacroAssembler's own):
  // a block start for the address cache, as for the address check.
  class BindCountingAssembler : public asmjit::a64::Assembler {
   public:
    asmjit::Error bind(const asmjit::Label& label) override {
      NoteBind();
      return asmjit::a64::Assembler::bind(label);
    }
    void NoteBind() {  // a label bound here (also one without an asmjit label yet)
      ++binds;
      bound_at = static_cast<uint32_t>(offset());
    }
    uint32_t binds = 0;
    uint32_t bound_at = 0;  // code offset of the last label bound: the block's start
  };

  std::unique_ptr<Errors> errors_;
  std::unique_ptr<ListingLogger> logger_;
  asmjit::CodeHolder code_;
  BindCountingAssembler a_;
  asmjit::Label stack_trap_;  // prologue stack check (inst still in x0)
  bool stack_checked_ = true;  // false: a small leaf (kLeafUncheckedFrameBytes)
  bool frameless_ = false;      // no frame record (FrameInfo::frameless)
  bool instance_pinned_ = true;  // x28 holds the instance (false: a small leaf whose
                                 // body never needs it, FrameInfo::uses_instance)
  FrameInfo frame_;
  std::vector<uint8_t> saved_gprs_, saved_fprs_;
  int32_t tmp_off_ = 0, results_off_ = 0, vargs_off_ = 0, slots_off_ = 0, frame_size_ = 0, saves_size_ = 0;
  uint32_t incoming_area_ = 0;  // bytes of incoming stack arguments the return pops
  bool code_in_x15_ = false;  // CheckedFuncref left the callee's code in x15 (or the temporary)
  bool far_frame_ = false;  // some slot is beyond the immediate range: x15 addresses it
  std::string error_;
};

}  // namespace wasmc::a64
