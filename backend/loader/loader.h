// In-process loader: runs an ObjectModule's machine code inside the current
// process, without an ELF file (the x86-64 spec executor compiles thousands of
// modules; this keeps each one a few system calls).
//
// LoadObject maps the object's sections into one fresh anonymous mapping: the
// text sections (plus call stubs, below) read+execute, read-only data read-only
// after relocation, writable data and bss read+write. Undefined symbols are
// looked up with `resolve` (typically the hosted runtime's wasmc_rt_* helpers).
// A call to an undefined symbol (x64 kPcRel32, a64 kA64Call26/kA64Jump26) goes
// through a 16-byte stub in the text mapping (`jmp [rip+0]` / `ldr x16, #8;
// br x16`, then the address), since the host's code can be out of the branch's
// range; such references must therefore be calls or jumps, which is all
// CompileFunctions emits (compiler/lower/compile_functions.h). Relocations are applied by
// backend/link/reloc_apply.h, the same code as wasmc's linker.
//
// Host support: objects of the host's ISA (x86-64 on x86-64, AArch64 on
// AArch64: the AArch64 spec host, compiler/wast/a64host/). Other combinations and
// out-of-range relocations give a DiagKind::kUnsupported diagnostic naming them.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "backend/object.h"
#include "backend/diag.h"

namespace wasmc {

// Address of an external symbol, or nullptr when it is unknown.
using SymbolResolver = std::function<const void*(const std::string& name)>;

class LoadedObject {
 public:
  LoadedObject(const LoadedObject&) = delete;
  LoadedObject& operator=(const LoadedObject&) = delete;
  ~LoadedObject();  // unmaps: nothing loaded may run or be read afterwards

  // Address of the global symbol `name`, or nullptr if it is not defined.
  void* GlobalSymbol(const std::string& name) const;
  // Address of any symbol of the object (defined or resolved), by index.
  uintptr_t SymbolAddress(uint32_t index) const { return symbol_addresses_[index]; }

 private:
  friend Result<std::unique_ptr<LoadedObject>> LoadObject(const ObjectModule&,
                                                          const SymbolResolver&);
  LoadedObject() = default;

  void* base_ = nullptr;
  size_t size_ = 0;
  std::vector<uintptr_t> symbol_addresses_;
  std::unordered_map<std::string, uintptr_t> globals_;
};

Result<std::unique_ptr<LoadedObject>> LoadObject(const ObjectModule& obj,
                                                 const SymbolResolver& resolve);

}  // namespace wasmc
