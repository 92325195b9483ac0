// A small piece of stand-alone code (an export trampoline, an import thunk) assembled
// with asmjit and appended to a Section: the CodeHolder set-up, error capture and the
// copy into the section with its call relocations, shared by every ISA's trampolines
// (backend/<isa>/trampolines_<isa>.cc).
#pragma once

#include <asmjit/core.h>

#include <cstdint>
#include <vector>

#include "backend/codegen/trampolines.h"
#include "backend/object.h"
#include "backend/diag.h"

namespace wasmc {

class StubCode {
 public:
  // `fill` pads the section to the code's 16-byte aligned start; every call site
  // noted with NoteCall becomes a relocation of `call_kind` with `call_addend`.
  StubCode(asmjit::Arch arch, uint8_t fill, RelocKind call_kind, int32_t call_addend)
      : fill_(fill), call_kind_(call_kind), call_addend_(call_addend) {
    code_.init(asmjit::Environment(arch));
    code_.setErrorHandler(&error_handler_);
  }
  asmjit::CodeHolder& holder() { return code_; }

  // The relocated field of a call to `symbol` starts at code offset `offset`.
  void NoteCall(uint64_t offset, uint32_t symbol) { call_sites_.push_back({offset, symbol}); }

  // Appends the code to `text`; returns its offset there.
  uint64_t Finish(Section& text) {
    WASMC_CHECK(error_handler_.error == asmjit::kErrorOk);
    const asmjit::CodeBuffer& buf = code_.textSection()->buffer();
    size_t at = (text.bytes.size() + 15) & ~size_t{15};
    if (text.align < 16) text.align = 16;
    text.bytes.resize(at, fill_);
    text.bytes.insert(text.bytes.end(), buf.data(), buf.data() + buf.size());
    for (const CallSite& c : call_sites_)
      text.relocs.push_back(Reloc{at + c.offset, call_kind_, c.symbol, call_addend_, true});
    return at;
  }

 private:
  struct ErrorHandler : asmjit::ErrorHandler {
    asmjit::Error error = asmjit::kErrorOk;
    void handleError(asmjit::Error err, const char*, asmjit::BaseEmitter*) override {
      if (error == asmjit::kErrorOk) error = err;
    }
  };
  struct CallSite {
    uint64_t offset;
    uint32_t symbol;
  };

  uint8_t fill_;
  RelocKind call_kind_;
  int32_t call_addend_;
  ErrorHandler error_handler_;
  asmjit::CodeHolder code_;
  std::vector<CallSite> call_sites_;
};

// A TrampolineEmitter (backend/codegen/trampolines.h) whose code is a StubCode.
class StubTrampolineEmitter : public TrampolineEmitter {
 public:
  StubTrampolineEmitter(uint32_t int_regs, uint32_t fp_regs, asmjit::Arch arch, uint8_t fill,
                        RelocKind call_kind, int32_t call_addend)
      : TrampolineEmitter(int_regs, fp_regs), stub_(arch, fill, call_kind, call_addend) {}
  uint64_t Finish(Section& text) final { return stub_.Finish(text); }

 protected:
  asmjit::CodeHolder& holder() { return stub_.holder(); }

  StubCode stub_;
};

}  // namespace wasmc
