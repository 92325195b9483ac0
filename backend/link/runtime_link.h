// The relocatable runtime images (runtime.elf, runtime-min.elf: the runtime's objects
// merged by `ld.lld -r`, every function and datum in its own section) linked
// in-process into an image like ld.lld would write, with section garbage collection: only the
// sections reachable from the start-up path (`_start`, `wasmc_module_desc_ptr`) and
// from the symbols the module references are kept, so runtime code a module never
// uses (tables, exceptions, wait/notify, ...) is not in its executable.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/diag.h"
#include "backend/object.h"

namespace wasmc {

// True when `bytes` is an ELF relocatable object (ET_REL), the form linked here.
bool IsRelocatableRuntime(std::span<const uint8_t> bytes);

// Links `relocatable` (ET_REL for `target`) at WASMC_RUNTIME_BASE, rooted at the
// start-up path and `roots` (names the runtime need not define), into a static
// ET_EXEC with .symtab whose `wasmc_module_desc` is WASMC_DESC_ADDRESS, as
// ParseRuntimeImage (elf_image.h) expects. Deterministic: the same input gives the
// same bytes.
Result<std::vector<uint8_t>> LinkRuntimeObject(std::span<const uint8_t> relocatable, Target target,
                                               const std::vector<std::string>& roots);

}  // namespace wasmc
