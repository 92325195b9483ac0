// AArch64 MacroAssembler: tail calls (return_call, return_call_indirect/_ref). The
// convention (docs/backend.md, "Tail calls"): wasm functions pop their own stack
// arguments before `ret`, and every call that passes stack arguments resets sp from
// x29 afterwards, so a callee may return with any amount popped.
#include "backend/a64/a64_internal.h"
#include "backend/a64/macro_assembler_a64.h"
#include "backend/diag.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc::a64 {

using namespace asmjit;
using namespace asmjit::a64;  // NOLINT: register names
using ir::Opcode;

// The target's funcref (an import's: inst->funcrefs[index]; else x15, or the stack
// temporary in far frames): C code (callee_pops 0) is called, then returned from.
void A64MacroAssembler::BranchIfCCallee(const CallInfo& call, Label c_callee) {
  if (call.op == Opcode::kReturnCallImport) {
    a_.ldr(x16, ptr(x(kInstReg), offsetof(wasmc_instance, funcrefs)));
    const uint32_t off = static_cast<uint32_t>(sizeof(wasmc_funcref)) * call.index +
                         offsetof(wasmc_funcref, callee_pops);
    a_.ldr(w16, BaseOffset(x16, off, 4, x17));
  } else if (far_frame_) {
    a_.ldr(x16, SpMem(tmp_off_));
    a_.ldr(w16, ptr(x16, offsetof(wasmc_funcref, callee_pops)));
  } else {
    a_.ldr(w16, ptr(x15, offsetof(wasmc_funcref, callee_pops)));
  }
  a_.cbz(w16, c_callee);
}

void A64MacroAssembler::TailJump(const CallInfo& call, uint32_t words) {
  LoadCallee(call);  // x0 = the callee's instance; imports and funcrefs: x17 = its code
  // The callee's stack arguments end where ours end (our caller's area, which the
  // callee pops on return): x10 = x29 + 16 + ours - theirs becomes sp. Everything the
  // copy may overwrite (saved registers, the frame record) is loaded first; the copy
  // runs downwards because the destination lies above the source (the outgoing area
  // is at the bottom of this frame). x9..x11 hold no argument (x0..x7 do).
  RestoreSaved();
  a_.ldp(x9, x30, ptr(x29));
  const uint32_t area = 8 * ((words + 1) & ~1u);
  const int64_t base = 16 + static_cast<int64_t>(incoming_area_) - area;
  const uint64_t mag = static_cast<uint64_t>(base < 0 ? -base : base);
  if (mag <= 4095) {
    if (base >= 0) a_.add(x10, x29, mag);
    else a_.sub(x10, x29, mag);
  } else {
    MovImm(x11, mag, true);
    if (base >= 0) a_.add(x10, x29, x11);
    else a_.sub(x10, x29, x11);
  }
  for (uint32_t w = words; w-- > 0;) {
    a_.ldr(x16, SpMem(8 * static_cast<int32_t>(w)));
    a_.str(x16, BaseOffset(x10, 8 * w, 8, x11));
  }
  a_.mov(sp, x10);
  a_.mov(x29, x9);
  if (call.op == Opcode::kReturnCall) {
    CodeReloc reloc = call.Reloc(0, RelocKind::kA64Jump26);
    reloc.offset = Offset();
    relocs_.push_back(std::move(reloc));
    if (logger_) SetNextListingText(*logger_, "b " + call.symbol);
    a_.embedUInt32(0x14000000u);  // B #0, patched through the JUMP26 relocation
  } else {
    a_.br(x17);
  }
}

}  // namespace wasmc::a64
