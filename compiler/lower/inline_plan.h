// Inlining of small functions at -O2 (docs/backend.md "Inlining").
//
// PlanInlining decides once per module, on one thread, which defined functions may be
// translated into their callers' IR at a direct call (ir_builder.cc TryInline); the
// decision depends only on the callee's own body, so every caller (on any thread)
// sees the same plan and the output stays byte-identical whatever -j.
//
// A function is inlinable when its body is at most kMaxInlineBodyBytes and its
// traps can be named in a backtrace: every trap in it is a fault at the pc of its
// own code (a memory-0 access of a 32-bit memory: guard pages) or happens in a callee
// whose return address lies in its code. So it has no operator that traps through the
// caller's shared out-of-line trap stubs (unreachable, a division or remainder whose
// divisor is not a constant other than 0 and -1, float-to-integer trunc,
// call_indirect, call_ref, ref.as_non_null, atomics, bounds-checked memories) and no
// tail call (return_call* would replace the caller's frame).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "compiler/module.h"
#include "compiler/validate/body_decoder.h"

namespace wasmc {

inline constexpr uint64_t kMaxInlineBodyBytes = 40;  // code bytes of the callee's body
inline constexpr uint64_t kMaxInlineLocals = 16;     // declared locals (params not counted)
inline constexpr uint32_t kMaxInlineDepth = 3;       // inlined bodies nested in one another
// Per caller: body bytes it may inline in all, beyond its own size's half.
inline constexpr uint64_t kInlineBudgetBytes = 256;

struct InlinePlan {
  std::vector<uint8_t> inlinable;  // per defined function
};

// Empty (nothing inlinable) below -O2 or for modules with a memory that needs
// explicit bounds checks (memory64, more than one memory).
InlinePlan PlanInlining(const Module& module, int opt_level);

// One compiling thread's inlining context: the plan and one body decoder per depth of
// nested inlining (a decoder decodes one body at a time).
class Inliner {
 public:
  Inliner(const Module& module, const InlinePlan& plan) : module_(module), plan_(plan) {}
  bool Inlinable(uint32_t func) const {
    const uint32_t nimp = module_.num_imported_funcs;
    return func >= nimp && func - nimp < plan_.inlinable.size() && plan_.inlinable[func - nimp];
  }
  uint64_t BodyBytes(uint32_t func) const;
  BodyDecoder& DecoderAt(uint32_t depth);

 private:
  const Module& module_;
  const InlinePlan& plan_;
  std::vector<std::unique_ptr<BodyDecoder>> decoders_;
};

}  // namespace wasmc
