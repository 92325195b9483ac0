// The back end's object-level entry points, called by the driver (compiler/driver/)
// after CompileToObject (compiler/lower/lower.h) has made the object:
//
//   -c:        std::vector<uint8_t> elf = WriteElfObject(obj);      // backend/elf/
//   otherwise: Result<std::vector<uint8_t>> exe = LinkExecutable(obj, runtime_image);  // backend/link/
//
// Each returns the first problem as a Diag.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/object.h"
#include "backend/diag.h"

namespace wasmc {

// Serialises an object as an ELF64 relocatable file for ld/lld.
std::vector<uint8_t> WriteElfObject(const ObjectModule& object);

// Links the object with the prebuilt runtime image of its target (an ELF
// executable built with wasmc, see runtime-support/) into a static executable.
// strip (--strip): no .symtab/.strtab (backtraces keep the descriptor's names).
Result<std::vector<uint8_t>> LinkExecutable(const ObjectModule& object,
                                            std::span<const uint8_t> runtime_image,
                                            bool strip = false);

}  // namespace wasmc
