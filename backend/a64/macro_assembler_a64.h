// The AArch64 MacroAssembler (contract: backend/codegen/macro_assembler.h).
//
// Target: ARMv8.0-A (AArch64, Linux, AAPCS64). Every operator is exact without
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
//   v29, v30, v31 (v31 breaks parallel-move cycles). x18 (platform) is left alone.
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
// reservation and guard, as on x86-64).
#pragma once

#include <asmjit/arm/a64assembler.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "backend/codegen/macro_assembler.h"

namespace wasmc::a64 {

class ListingLogger;  // a64_listing.cc

const regalloc::RegisterInfo& Registers();
// `want_listing`: keep the text of every instruction for --emit=asm (ListRange).
std::unique_ptr<MacroAssembler> NewMacroAssembler(bool want_listing);

class A64MacroAssembler final : public MacroAssembler {
 public:
  explicit A64MacroAssembler(bool want_listing);
  ~A64MacroAssembler() override;

  const regalloc::RegisterInfo& Registers() const override { return a64::Registers(); }
  uint32_t StackArgWords(std::span<const ir::Type> args, bool hidden_results) const override;
  std::vector<int> ParamRegisters(std::span<const ir::Type> params,
                                  bool hidden_results) const override;
  void Prologue(const FrameInfo& frame, std::span<const Operand> params,
                const Operand* results_ptr) override;
  uint32_t Offset() const override { return static_cast<uint32_t>(a_.offset()); }
  void Bind(uint32_t label) override { a_.bind(LabelFor(label)); }
  void Move(const regalloc::Move& m) override;
  void ParallelMove(std::vector<regalloc::Move> moves) override;
  void IntOp(const ir::Inst& in, Operand dst, Operand a, Operand b) override;
  void FloatOp(const ir::Inst& in, Operand dst, Operand a, Operand b) override;
  void Convert(const ir::Inst& in, Operand dst, Operand a) override;
  void Select(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) override;
  void Load(const ir::Inst& in, Operand dst, Operand addr) override;
  void Store(const ir::Inst& in, Operand addr, Operand value) override;
  void InstanceOp(const ir::Inst& in, Operand dst, Operand a) override;
  void Vector(const ir::Inst& in, Operand dst, Operand a, Operand b, Operand c) override;
  void Jump(uint32_t label) override { a_.b(LabelFor(label)); }
  void Branch(const ir::Inst& in, Operand a, Operand b) override;
  void BrTable(Operand index, std::span<const uint32_t> labels) override;
  void Call(const CallInfo& call) override;
  void Return(std::span<const Operand> values, const Operand* results_ptr) override;
  void Trap(uint32_t code) override { a_.b(TrapLabel(code)); }
  void Finish() override;
  uint32_t DataStart() const override { return data_start_; }
  std::vector<uint8_t> Code() override;
  const std::vector<CodeReloc>& Relocs() const override { return relocs_; }
  std::string Error() const override { return error_; }
  void ListRange(std::span<const uint8_t> code, uint32_t from, uint32_t to, uint64_t base,
                 std::string& out) const override;

 private:
  using Gp = asmjit::a64::Gp;
  using Vec = asmjit::a64::Vec;
  using Mem = asmjit::a64::Mem;
  class Errors;

  asmjit::Label LabelFor(uint32_t label);
  asmjit::Label TrapLabel(uint32_t code);
  asmjit::Label ConstLabel(uint64_t bits);  // 8-byte entry in the constant pool
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
  // The register to compute a result in: dst's own register, else `scratch`.
  Gp DstGp(const Operand& dst, const Gp& scratch) const;
  Vec DstFp(const Operand& dst, const Vec& scratch) const;
  // [base + off] for an access of `scale` bytes; `tmp` holds a far offset.
  Mem BaseOffset(const Gp& base, uint32_t off, uint32_t scale, const Gp& tmp);
  // Sets the flags for a - b (integer compare); uses x16, x17.
  void CompareInt(bool is64, const Operand& a, const Operand& b);
  void EmitCall(const std::string& symbol);  // BL with a CALL26 relocation
  void Epilogue();
  void IntDivRem(const ir::Inst& in, Operand dst, Operand a, Operand b);
  void IntShift(const ir::Inst& in, Operand dst, Operand a, Operand b);
  void IntBits(const ir::Inst& in, Operand dst, Operand a);
  void TruncToInt(const ir::Inst& in, Operand dst, Operand a);
  // [x27 + zext(index) + offset] for an access of `width` bytes; uses x16 and `tmp`.
  Mem Address(const Operand& index, uint64_t offset, uint32_t width, const Gp& tmp);
  void SetError(std::string message);
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

  std::unique_ptr<Errors> errors_;
  std::unique_ptr<ListingLogger> logger_;
  asmjit::CodeHolder code_;
  asmjit::a64::Assembler a_;
  std::vector<asmjit::Label> labels_;
  std::map<uint32_t, asmjit::Label> trap_labels_;
  std::map<uint64_t, asmjit::Label> consts_;
  std::map<std::pair<uint64_t, uint64_t>, asmjit::Label> vconsts_;  // v128: {lo, hi}
  asmjit::Label stack_trap_;  // prologue stack check (inst still in x0)
  struct JumpTable { asmjit::Label table; std::vector<uint32_t> labels; };
  std::vector<JumpTable> jump_tables_;
  std::vector<CodeReloc> relocs_;
  FrameInfo frame_;
  std::vector<uint8_t> saved_gprs_, saved_fprs_;
  int32_t tmp_off_ = 0, results_off_ = 0, vargs_off_ = 0, slots_off_ = 0, frame_size_ = 0, saves_size_ = 0;
  uint32_t data_start_ = 0;
  bool far_frame_ = false;  // some slot is beyond the immediate range: x15 addresses it
  std::string error_;
};

}  // namespace wasmc::a64
