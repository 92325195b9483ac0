#include "compiler/lower/inline_plan.h"

namespace wasmc {
namespace {

// Reads one candidate body: refuses it at the first operator that inlining cannot
// translate with a right backtrace (inline_plan.h).
class InlineScan : public NullVisitor {
 public:
  bool Instruction(const Instr& i) {
    const bool safe_divisor = safe_divisor_;
    safe_divisor_ = false;
    if (OpIsAtomic(i.op)) return Refuse();
    switch (i.op) {
      case Op::kI32Const:
        safe_divisor_ = static_cast<uint32_t>(i.imm.bits) != 0 && static_cast<uint32_t>(i.imm.bits) != ~0u;
        return true;
      case Op::kI64Const:
        safe_divisor_ = i.imm.bits != 0 && i.imm.bits != ~uint64_t{0};
        return true;
      case Op::kI32DivS: case Op::kI32DivU: case Op::kI32RemS: case Op::kI32RemU:
      case Op::kI64DivS: case Op::kI64DivU: case Op::kI64RemS: case Op::kI64RemU:
        return safe_divisor || Refuse();
      case Op::kUnreachable:
      case Op::kReturnCall: case Op::kReturnCallIndirect: case Op::kReturnCallRef:
      case Op::kCallIndirect: case Op::kCallRef: case Op::kRefAsNonNull:
      case Op::kI32TruncF32S: case Op::kI32TruncF32U: case Op::kI32TruncF64S: case Op::kI32TruncF64U:
      case Op::kI64TruncF32S: case Op::kI64TruncF32U: case Op::kI64TruncF64S: case Op::kI64TruncF64U:
        return Refuse();
      default: return true;
    }
  }
  bool ok() const { return ok_; }

 private:
  bool Refuse() {
    ok_ = false;
    return false;  // stops the decoder: the answer is known
  }
  bool ok_ = true;
  bool safe_divisor_ = false;  // the last operator pushed a constant other than 0 and -1
};

}  // namespace

InlinePlan PlanInlining(const Module& module, int opt_level) {
  InlinePlan plan;
  if (opt_level < 2 || module.memories.size() > 1) return plan;
  for (const MemoryType& mem : module.memories)
    if (mem.limits.is64) return plan;
  const uint32_t nimp = module.num_imported_funcs;
  plan.inlinable.assign(module.codes.size(), 0);
  BodyDecoder decoder(module);
  for (uint32_t d = 0; d < module.codes.size(); ++d) {
    const Code& code = module.codes[d];
    if (code.end_offset - code.body_offset > kMaxInlineBodyBytes || code.num_locals > kMaxInlineLocals)
      continue;
    InlineScan scan;
    const Status st = decoder.Decode(nimp + d, scan);
    plan.inlinable[d] = st.ok() && scan.ok();
  }
  return plan;
}

uint64_t Inliner::BodyBytes(uint32_t func) const {
  const Code& code = module_.codes[func - module_.num_imported_funcs];
  return code.end_offset - code.body_offset;
}

BodyDecoder& Inliner::DecoderAt(uint32_t depth) {
  while (decoders_.size() <= depth) decoders_.push_back(std::make_unique<BodyDecoder>(module_));
  return *decoders_[depth];
}

}  // namespace wasmc
