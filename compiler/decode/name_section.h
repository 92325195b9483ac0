// The `name` custom section: module name (subsection 0), function names (1) and
// local names (2). Other subsections are skipped.
//
// Best effort, as the spec requires for custom sections: a malformed name section
// never makes the module invalid. DecodeNameSection either fills *out completely or
// leaves it untouched and returns false; it never reads outside `payload`'s window,
// never recurses, and allocates only in proportion to bytes actually read.
#pragma once

#include <cstdint>
#include <span>

#include "compiler/module.h"

namespace wasmc {

// `all` is the whole input; the section payload is [begin, end) of it.
bool DecodeNameSection(std::span<const uint8_t> all, uint64_t begin, uint64_t end, Names* out);

}  // namespace wasmc
