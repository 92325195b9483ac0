// Inlining of small functions (docs/backend.md "Inlining"): the callee's body is
// decoded by a second BodyDecoder into this builder, at the call site.
#include <algorithm>

#include "compiler/lower/ir_builder.h"

namespace wasmc::ir {

bool IrBuilder::TryInline(uint32_t callee, bool* ok) {
  if (!inliner_ || !inliner_->Inlinable(callee) || inline_stack_.size() >= kMaxInlineDepth)
    return false;
  // No recursion: neither the function itself nor a body being inlined around here.
  if (callee == fn_.func_index || std::ranges::find(inline_stack_, callee) != inline_stack_.end())
    return false;
  const uint64_t bytes = inliner_->BodyBytes(callee);
  if (bytes > inline_budget_) return false;
  inline_budget_ -= bytes;
  std::vector<VReg> caller_locals = std::move(locals_);
  const size_t caller_frame = inline_frame_;
  const size_t range = inline_ranges_.size();
  inline_ranges_.push_back({.first_marker = static_cast<uint32_t>(fn_.markers.size()), .callee = callee});
  inline_stack_.push_back(callee);
  start_inlined_ = true;
  const Status st = inliner_->DecoderAt(static_cast<uint32_t>(inline_stack_.size() - 1)).Decode(callee, *this);
  inline_stack_.pop_back();
  locals_ = std::move(caller_locals);
  inline_frame_ = caller_frame;
  inline_ranges_[range].end_marker = static_cast<uint32_t>(fn_.markers.size());
  *ok = st.ok();
  if (!st.ok()) error_ = st.diag();  // a callee's operator the builder refused
  return true;
}

void IrBuilder::StartInlined(const FunctionStart& s) {
  start_inlined_ = false;
  Mark(s.body_offset, "inline");
  const size_t num_params = s.type.params.size();
  const std::vector<VReg> args = TopValues(num_params);
  stack_.resize(stack_.size() - num_params);
  locals_.clear();
  for (size_t k = 0; k < s.locals.size(); ++k) {
    const VReg local = fn_.NewVReg(TypeOf(s.locals[k]));
    is_var_.push_back(kLocal);
    locals_.push_back(local);
    if (k < num_params)
      Emit({.op = Opcode::kMov, .type = fn_.vreg_types[local], .dst = local, .a = args[k]});
    else
      ZeroLocal(local);
  }
  Frame f{.kind = FrameKind::kBlock, .label = NewLabel()};
  f.height = stack_.size();
  for (ValType t : s.type.results) f.result_types.push_back(TypeOf(t));
  inline_frame_ = frames_.size();
  frames_.push_back(std::move(f));
}

}  // namespace wasmc::ir
