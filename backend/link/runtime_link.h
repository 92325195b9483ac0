// The relocatable runtime images (runtime.elf, runtime-min.elf: the runtime's objects
// merged by `ld.lld -r`, every function and datum in its own section) linked
// in-process into an image like ld.lld would write, with section garbage collection: only the
// sections reachable from the start-up path (`_start`, `wasmc_module_desc_ptr`) and
// from the symbols the module references are kept, so runtime code a module never
// uses (tables, exceptions, wait/notify, ...) is not in its executable.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "backend/diag.h"
#include "backend/object.h"

namespace wasmc {

// True when `bytes` is an ELF relocatable object (ET_REL), the form linked here.
bool IsRelocatableRuntime(std::span<const uint8_t> bytes);

// Room for the module's sections inside the runtime's three segments (one
// mapping per permission instead of two: execve maps fewer segments and start-up
// touches fewer pages). Per kind: the read-only data (the descriptor's section
// first when it is read-only), the code, the initialised writable data, the
// zero-fill data. In: each kind's size and alignment; out: where it is.
struct ModuleSpace {
  enum Kind { kR, kRX, kData, kBss, kNumKinds };
  uint64_t size[kNumKinds] = {};
  uint64_t align[kNumKinds] = {1, 1, 1, 1};
  // In: where wasmc_module_desc is, as a kind and an offset into its room.
  int desc_kind = kR;
  uint64_t desc_offset = 0;
  // In, optional: appends the bytes of room `kind` (R, RX or data: exactly size[kind])
  // to `out` (so the module's sections are copied once, into the image's block);
  // without it the rooms are filled as LinkRuntimeObject says below.
  std::function<void(int kind, std::vector<uint8_t>& out)> append;
  // In: bytes the caller appends to the image's block after its segments, beyond
  // the image's own headers and tables (reserved with the image: LinkExecutable
  // builds the executable in the image's block, without a reallocation).
  uint64_t tail = 0;
  // Out: the address of each kind's room.
  uint64_t addr[kNumKinds] = {};
};

// Links `relocatable` (ET_REL for `target`) at WASMC_RUNTIME_BASE, rooted at the
// start-up path and `roots` (names the runtime need not define), into a static
// ET_EXEC with .symtab, as ParseRuntimeImage (elf_image.h) expects. Without
// `space`, its `wasmc_module_desc` is an address in the module region above the
// image; with it, the image's segments end with the module's rooms (the R and RX
// rooms filled with zeros and the target's code fill, the data room with zeros, or
// with what `space->append` gives; the zero-fill room after the runtime's .bss) and `wasmc_module_desc` is where
// `space` puts it. Deterministic: the same input gives the same bytes.
Result<std::vector<uint8_t>> LinkRuntimeObject(std::span<const uint8_t> relocatable, Target target,
                                               const std::vector<std::string>& roots,
                                               ModuleSpace* space = nullptr);

}  // namespace wasmc
