// Zydis (the x86-64 decoder), loaded when first used: only what decodes x86-64
// machine code needs it (--emit=asm listings, x64_listing.cc; the code checks of
// WASMC_VERIFY=1 and the -O2 zero-extension facts, address_check_x64.cc), so
// `--version`, `--validate`, -O1 and AArch64 compiles neither map nor relocate
// libZydis at start-up (docs/performance.md, "Start-up of wasmc itself"). Call
// `Zydis().DecoderInit(...)` where the library's `ZydisDecoderInit(...)` would be.
#pragma once

#include <Zydis/Zydis.h>

namespace wasmc::x64 {

// Every Zydis function wasmc calls (a new one is added here).
#define WASMC_ZYDIS_FUNCTIONS(X)                                                       \
  X(CalcAbsoluteAddress) X(DecoderDecodeFull) X(DecoderInit) X(DisassembleIntel)       \
  X(FormatterFormatInstruction) X(FormatterInit) X(RegisterGetLargestEnclosing)        \
  X(RegisterGetString) X(RegisterGetWidth)

struct ZydisApi {
#define WASMC_ZYDIS_POINTER(name) decltype(&::Zydis##name) name = nullptr;
  WASMC_ZYDIS_FUNCTIONS(WASMC_ZYDIS_POINTER)
#undef WASMC_ZYDIS_POINTER
};

// The library's functions, loaded by the first call (from any thread). A library
// that cannot be loaded, or lacks one of them, is a fatal error naming it.
const ZydisApi& Zydis();

}  // namespace wasmc::x64
