// Targets: everything that differs between ISAs, as data plus a few functions. Generic
// code (backend/codegen, elf, link, loader and the driver) reaches an ISA only through
// two registries and never names one; each ISA's folder (backend/x64/, backend/a64/)
// defines its two entries:
//   - TargetInfo (here): object-level facts (ELF, relocations, pages, call stubs),
//     needed by the linker and the loader (also inside the AArch64 spec host);
//   - TargetCodegen (backend/codegen/target_codegen.h): the MacroAssembler and the
//     trampolines, needed only by code generation.
// Adding a target: the checklist in docs/architecture.md.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "backend/object.h"

namespace wasmc {

struct TargetInfo {
  Target id;
  const char* triple;           // "x86_64-linux": --target, runtime image folder, messages
  const char* qemu;             // qemu-user program that runs the target's executables elsewhere
  bool is_host;                 // wasmc itself runs on this ISA (in-process loading, `wasmc run`)
  uint16_t elf_machine;         // e_machine
  uint64_t page_size;           // executable segments are aligned to this (largest page size)
  uint8_t code_fill;            // fills the gaps between functions; traps if executed
  uint8_t function_align;       // every function starts at a multiple of this in .text
  const char* cpu_level;        // the CPU the generated code needs (build info, inspect)

  // Relocations: the ELF type of a wasmc relocation on this target (0: the kind does not
  // exist here), and how to patch the target's own kinds (the generic kAbs64 and
  // kPcRel32 are applied by backend/link/reloc_apply.cc). Returns "" or why not.
  uint32_t (*elf_reloc_type)(const Reloc& reloc);
  std::string (*apply_reloc)(RelocKind kind, std::span<uint8_t> where, uint64_t place,
                             uint64_t value);

  // In-process loading (backend/loader/): a call to an external symbol through a reloc
  // of `kind` goes through a 16-byte stub that jumps to an absolute address.
  bool (*is_stubbed_call)(RelocKind kind);
  void (*write_call_stub)(uint8_t* stub, uint64_t address);
};

// The entry of a target (every Target value has one).
const TargetInfo& GetTarget(Target t);
// The target named by a triple, or nullptr.
const TargetInfo* FindTarget(std::string_view triple);
// Every registered target, in registration order.
std::span<const TargetInfo* const> AllTargets();
// The target wasmc runs on (the default --target).
const TargetInfo& HostTarget();
// "x86_64-linux or aarch64-linux": the triples, for help texts and diagnostics
// (`last` joins the last two, ", " the others).
std::string TargetTriples(std::string_view last = " or ");

}  // namespace wasmc
