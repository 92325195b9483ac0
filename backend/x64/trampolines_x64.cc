// x86-64 (SysV) export trampolines and import thunks: the ISA's steps of the
// generic emitter (backend/codegen/trampolines.h).
#include <asmjit/x86.h>

#include <memory>

#include "backend/codegen/stub_emitter.h"
#include "backend/codegen/trampolines.h"
#include "runtime-support/include/wasmc/abi.h"

namespace wasmc {
namespace {

namespace x86 = asmjit::x86;

constexpr uint32_t kIntArgRegs = 6;  // rdi (inst), rsi, rdx, rcx, r8, r9
constexpr uint32_t kFpArgRegs = 8;   // xmm0..xmm7
const x86::Gp kIntArg[kIntArgRegs] = {x86::rdi, x86::rsi, x86::rdx, x86::rcx, x86::r8, x86::r9};

constexpr int32_t kImportsOffset = 24;  // offsetof(wasmc_instance, imports)
static_assert(kImportsOffset == __builtin_offsetof(wasmc_instance, imports));
constexpr int32_t kMem0BaseOffset = 0;
static_assert(kMem0BaseOffset == __builtin_offsetof(wasmc_instance, mem0_base));
static_assert(sizeof(wasmc_import_func) == 16);
static_assert(sizeof(wasmc_val) == 16);

x86::Mem Slot(uint32_t i, uint32_t size) {
  return x86::Mem(x86::rbx, static_cast<int32_t>(16 * i), size);
}

class X64TrampolineEmitter final : public StubTrampolineEmitter {
 public:
  X64TrampolineEmitter()
      : StubTrampolineEmitter(kIntArgRegs, kFpArgRegs, asmjit::Arch::kX64, 0xCC /*int3*/,
                              RelocKind::kPcRel32, -4),
        a_(&holder()) {}

  // Frame: rbp chain (for backtraces), rbx keeps `slots`, then the outgoing stack
  // arguments. After the four pushes rsp is 8 mod 16, so the area is 8 mod 16 too.
  // The wasm code of a sole module keeps r15 = instance and r14 = memory 0's base
  // through all its functions (ir::Function::pinned_registers_kept): C enters it
  // here, so the trampoline sets them (C's own are saved; other modules' functions
  // set their own anyway).
  void Enter(const ArgPlan& plan) override {
    a_.push(x86::rbp);
    a_.mov(x86::rbp, x86::rsp);
    a_.push(x86::rbx);
    a_.push(x86::r14);
    a_.push(x86::r15);
    const uint32_t area = ((plan.stack_slots * 8 + 8 + 15) & ~15u) - 8;
    if (area != 0) a_.sub(x86::rsp, area);
    a_.mov(x86::rbx, x86::rsi);
    a_.mov(x86::r15, x86::rdi);
    a_.mov(x86::r14, x86::qword_ptr(x86::rdi, kMem0BaseOffset));
  }

  void PassResultsPointer() override { a_.mov(kIntArg[1], x86::rbx); }

  void LoadArg(const ArgLoad& l) override {
    const uint32_t i = l.slot;
    switch (l.to.kind) {
      case ArgLocation::kStack:  // through rax
        if (l.type == NativeType::kV128) a_.lea(x86::rax, Slot(i, 0));
        else a_.mov(x86::rax, Slot(i, 8));
        a_.mov(x86::qword_ptr(x86::rsp, static_cast<int32_t>(8 * l.to.index)), x86::rax);
        break;
      case ArgLocation::kIntReg: {
        const x86::Gp r = kIntArg[l.to.index];
        if (l.type == NativeType::kI32) a_.mov(r.r32(), Slot(i, 4));
        else if (l.type == NativeType::kV128) a_.lea(r, Slot(i, 0));
        else a_.mov(r, Slot(i, 8));
        break;
      }
      case ArgLocation::kFpReg:
        if (l.type == NativeType::kF32) a_.movss(x86::xmm(l.to.index), Slot(i, 4));
        else a_.movsd(x86::xmm(l.to.index), Slot(i, 8));
        break;
    }
  }

  // inst->imports[k]: {code, instance}; the callee runs with its own instance.
  void CallImport(uint32_t import_index) override {
    const int32_t entry = static_cast<int32_t>(16 * import_index);
    a_.mov(x86::rax, x86::qword_ptr(x86::rdi, kImportsOffset));
    a_.mov(x86::rdi, x86::qword_ptr(x86::rax, entry + 8));
    a_.call(x86::qword_ptr(x86::rax, entry));
  }

  // `call rel32` to `symbol`; the displacement is a relocation.
  void CallSymbol(uint32_t symbol) override {
    a_.embedUInt8(0xE8);
    a_.embedInt32(0);
    stub_.NoteCall(a_.offset() - 4, symbol);
  }

  void StoreResult(NativeType type) override {
    switch (type) {
      case NativeType::kI32: a_.mov(Slot(0, 4), x86::eax); break;
      case NativeType::kF32: a_.movss(Slot(0, 4), x86::xmm0); break;
      case NativeType::kF64: a_.movsd(Slot(0, 8), x86::xmm0); break;
      case NativeType::kV128: a_.movups(Slot(0, 16), x86::xmm0); break;
      default: a_.mov(Slot(0, 8), x86::rax); break;  // i64, funcref, externref
    }
  }

  void Leave() override {
    a_.mov(x86::rbx, x86::qword_ptr(x86::rbp, -8));
    a_.mov(x86::r14, x86::qword_ptr(x86::rbp, -16));
    a_.mov(x86::r15, x86::qword_ptr(x86::rbp, -24));
    a_.leave();
    a_.ret();
  }

  void JumpToImport(uint32_t import_index) override {
    const int32_t entry = static_cast<int32_t>(16 * import_index);
    a_.mov(x86::r11, x86::qword_ptr(x86::rdi, kImportsOffset));
    a_.mov(x86::rdi, x86::qword_ptr(x86::r11, entry + 8));
    a_.jmp(x86::qword_ptr(x86::r11, entry));
  }

 private:
  x86::Assembler a_;
};

}  // namespace

std::unique_ptr<TrampolineEmitter> NewX64TrampolineEmitter() {
  return std::make_unique<X64TrampolineEmitter>();
}

}  // namespace wasmc
