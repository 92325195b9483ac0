// AArch64 (AAPCS64, Linux) export trampolines and import thunks: the ISA's steps of
// the generic emitter (backend/codegen/trampolines.h).
// Debian's asmjit snapshot ships no asmjit/a64.h umbrella header.
#include <asmjit/arm/a64assembler.h>

#include <memory>

#include "backend/codegen/stub_emitter.h"
#include "backend/codegen/trampolines.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc {
namespace {

namespace a64 = asmjit::a64;

constexpr uint32_t kIntArgRegs = 8;  // x0 (inst), x1..x7
constexpr uint32_t kFpArgRegs = 8;   // v0..v7
constexpr int32_t kImportsOffset = 24;
static_assert(kImportsOffset == __builtin_offsetof(wasmc_instance, imports));
constexpr int32_t kMem0BaseOffset = 0;
static_assert(kMem0BaseOffset == __builtin_offsetof(wasmc_instance, mem0_base));
static_assert(sizeof(wasmc_import_func) == 16);
static_assert(sizeof(wasmc_val) == 16);
constexpr uint32_t kBl = 0x94000000;  // BL #0, patched by a CALL26 relocation
const a64::Gp kSlots = a64::x19;      // callee-saved: survives the call

class A64TrampolineEmitter final : public StubTrampolineEmitter {
 public:
  // Zero words are permanently undefined instructions: the padding traps.
  A64TrampolineEmitter()
      : StubTrampolineEmitter(kIntArgRegs, kFpArgRegs, asmjit::Arch::kAArch64, 0,
                              RelocKind::kA64Call26, 0),
        a_(&holder()) {}

  // Frame: {x29, x30}, x19 (keeps `slots`), x27 and x28, then the outgoing stack
  // arguments. The wasm code of a sole module keeps x28 = instance and x27 = memory 0's
  // base through all its functions (ir::Function::pinned_registers_kept): C enters it
  // here, so the trampoline sets them (C's own are saved; other modules' functions set
  // their own anyway, and still get the instance in x0).
  void Enter(const ArgPlan& plan) override {
    a_.stp(a64::x29, a64::x30, a64::ptr_pre(a64::sp, -48));
    a_.mov(a64::x29, a64::sp);
    a_.str(a64::x19, a64::ptr(a64::sp, 16));
    a_.stp(a64::x27, a64::x28, a64::ptr(a64::sp, 32));
    a_.mov(kSlots, a64::x1);
    a_.mov(a64::x28, a64::x0);
    a_.ldr(a64::x27, a64::ptr(a64::x0, kMem0BaseOffset));
    const uint32_t area = (plan.stack_slots * 8 + 15) & ~15u;
    SubSp(area);
  }

  void PassResultsPointer() override { a_.mov(a64::x1, kSlots); }

  void LoadArg(const ArgLoad& l) override {
    const uint32_t off = 16 * l.slot;
    const uint32_t size = l.type == NativeType::kI32 || l.type == NativeType::kF32 ? 4 : 8;
    // Integer-class values go to x9 (then the stack) or their argument register.
    const uint32_t gp = l.to.kind == ArgLocation::kStack ? 9 : l.to.index;
    switch (l.to.kind) {
      case ArgLocation::kStack:
      case ArgLocation::kIntReg:
        if (l.type == NativeType::kV128) {
          a_.mov(a64::x(gp), off);
          a_.add(a64::x(gp), kSlots, a64::x(gp));
        } else if (size == 4) {
          a_.ldr(a64::w(gp), Addr(kSlots, off, 4, a64::x10));
        } else {
          a_.ldr(a64::x(gp), Addr(kSlots, off, 8, a64::x10));
        }
        if (l.to.kind == ArgLocation::kStack)
          a_.str(a64::x9, Addr(a64::sp, 8 * l.to.index, 8, a64::x10));
        break;
      case ArgLocation::kFpReg:
        if (size == 4) a_.ldr(a64::s(l.to.index), Addr(kSlots, off, 4, a64::x10));
        else a_.ldr(a64::d(l.to.index), Addr(kSlots, off, 8, a64::x10));
        break;
    }
  }

  void CallImport(uint32_t import_index) override {
    LoadImport(import_index);
    a_.blr(a64::x17);
  }

  void CallSymbol(uint32_t symbol) override {
    stub_.NoteCall(a_.offset(), symbol);
    a_.embedUInt32(kBl);
  }

  void StoreResult(NativeType type) override {
    switch (type) {
      case NativeType::kI32: a_.str(a64::w0, a64::ptr(kSlots)); break;
      case NativeType::kF32: a_.str(a64::s(0), a64::ptr(kSlots)); break;
      case NativeType::kF64: a_.str(a64::d(0), a64::ptr(kSlots)); break;
      case NativeType::kV128: a_.str(a64::q0, a64::ptr(kSlots)); break;
      default: a_.str(a64::x0, a64::ptr(kSlots)); break;  // i64, funcref, externref
    }
  }

  void Leave() override {
    a_.mov(a64::sp, a64::x29);
    a_.ldr(a64::x19, a64::ptr(a64::sp, 16));
    a_.ldp(a64::x27, a64::x28, a64::ptr(a64::sp, 32));
    a_.ldp(a64::x29, a64::x30, a64::ptr_post(a64::sp, 48));
    a_.ret(a64::x30);
  }

  void JumpToImport(uint32_t import_index) override {
    LoadImport(import_index);
    a_.br(a64::x17);
  }

 private:
  // inst->imports[k]: x17 = its code, x0 = its instance.
  void LoadImport(uint32_t import_index) {
    a_.ldr(a64::x16, a64::ptr(a64::x0, kImportsOffset));
    a_.mov(a64::x17, 16 * import_index);
    a_.add(a64::x16, a64::x16, a64::x17);
    a_.ldr(a64::x17, a64::ptr(a64::x16, 0));
    a_.ldr(a64::x0, a64::ptr(a64::x16, 8));
  }

  // [base + offset] for an access of `scale` bytes: the scaled 12-bit immediate
  // form when it fits, else the offset goes through `scratch`.
  a64::Mem Addr(const a64::Gp& base, uint32_t offset, uint32_t scale, const a64::Gp& scratch) {
    if (offset % scale == 0 && offset / scale <= 4095) return a64::ptr(base, offset);
    a_.mov(scratch, offset);
    return a64::ptr(base, scratch);
  }

  // sp -= bytes (a multiple of 16, below 16 MiB) with 12-bit immediates.
  void SubSp(uint32_t bytes) {
    WASMC_CHECK(bytes % 16 == 0 && bytes <= 0xfff000);
    if (bytes >> 12) a_.sub(a64::sp, a64::sp, bytes >> 12, a64::lsl(12));
    if (bytes & 0xfff) a_.sub(a64::sp, a64::sp, bytes & 0xfff);
  }

  a64::Assembler a_;
};

}  // namespace

std::unique_ptr<TrampolineEmitter> NewA64TrampolineEmitter() {
  return std::make_unique<A64TrampolineEmitter>();
}

}  // namespace wasmc
