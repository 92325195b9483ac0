// x86-64 MacroAssembler: tail calls (return_call, return_call_indirect/_ref). The
// convention (docs/backend.md, "Tail calls"): wasm functions pop their own stack
// arguments (`ret imm16`), and every call that passes stack arguments resets rsp
// from rbp afterwards, so a callee may return with any amount popped.
#include <cstdint>

#include "backend/x64/macro_assembler_x64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::x64 {

using namespace asmjit;
using namespace asmjit::x86;  // NOLINT
using ir::Opcode;

void X64MacroAssembler::EmitExternalJump(CodeReloc reloc) {
  a_.embedUInt8(0xE9);
  reloc.offset = Offset();
  relocs_.push_back(std::move(reloc));
  a_.embedUInt32(0);
}

// The target's funcref: C code (callee_pops 0) is called, then returned from.
void X64MacroAssembler::BranchIfCCallee(const CallInfo& call, Label c_callee) {
  if (call.op == Opcode::kReturnCallImport) {
    a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, funcrefs)));
    a_.add(rax, static_cast<int32_t>(sizeof(wasmc_funcref) * call.index));
  } else {
    a_.mov(rax, qword_ptr(rsp, tmp_off_));
  }
  a_.cmp(dword_ptr(rax, offsetof(wasmc_funcref, callee_pops)), 0);
  a_.je(c_callee);
}

void X64MacroAssembler::TailJump(const CallInfo& call, uint32_t words) {
  // The callee's instance in rdi, its code in r11 (direct calls: a rel32 jump).
  if (call.op == Opcode::kReturnCall) {
    if (!Frame().pinned_registers_kept) a_.mov(rdi, r15);
  } else if (call.op == Opcode::kReturnCallImport) {
    a_.mov(rax, qword_ptr(r15, offsetof(wasmc_instance, imports)));
    const int32_t off = static_cast<int32_t>(sizeof(wasmc_import_func) * call.index);
    a_.mov(rdi, qword_ptr(rax, off + offsetof(wasmc_import_func, instance)));
    a_.mov(r11, qword_ptr(rax, off + offsetof(wasmc_import_func, code)));
  } else {
    a_.mov(rax, qword_ptr(rsp, tmp_off_));
    // The module's own wasm code (FrameInfo::funcrefs_own_code) reads r15.
    if (!Frame().funcrefs_own_code) a_.mov(rdi, qword_ptr(rax, offsetof(wasmc_funcref, instance)));
    a_.mov(r11, qword_ptr(rax, offsetof(wasmc_funcref, code)));
  }
  const int32_t area = 8 * static_cast<int32_t>((words + 1) & ~1u);
  if (area == 0 && incoming_area_ == 0) {
    RestoreFrame();
  } else {
    // The callee's stack arguments end where ours end (our caller's area, which the
    // callee pops on return): base = rbp + 16 + ours - theirs, return address below.
    // Everything the copy may overwrite (saved registers, rbp, the return address) is
    // loaded first; the copy runs downwards because the destination lies above the
    // source (the outgoing area is at the bottom of this frame).
    const int32_t base = 16 + static_cast<int32_t>(incoming_area_) - area;
    RestoreWasmFprs();
    a_.mov(r10, qword_ptr(rbp, 8));
    a_.mov(rax, qword_ptr(rbp, 0));
    for (size_t k = 0; k < pushed_.size(); ++k)
      a_.mov(gpq(pushed_[k]), qword_ptr(rbp, -8 * static_cast<int32_t>(k + 1)));
    for (uint32_t w = words; w-- > 0;) {
      a_.movsd(xmm15, qword_ptr(rsp, 8 * static_cast<int32_t>(w)));
      a_.movsd(qword_ptr(rbp, base + 8 * static_cast<int32_t>(w)), xmm15);
    }
    a_.lea(rsp, qword_ptr(rbp, base - 8));
    a_.mov(qword_ptr(rsp), r10);
    a_.mov(rbp, rax);
  }
  if (call.op == Opcode::kReturnCall) EmitExternalJump(call.Reloc(-4, RelocKind::kPcRel32));
  else a_.jmp(r11);
}

}  // namespace wasmc::x64
