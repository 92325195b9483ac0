#include "compiler/lower/ir_builder.h"

#include <array>
#include <map>

namespace wasmc::ir {
// TypeOf's arithmetic (ir_builder.h): the number types are 0x7f - t.
static_assert(0x7f - static_cast<uint32_t>(ValType::kI32) == static_cast<uint32_t>(Type::kI32) &&
              0x7f - static_cast<uint32_t>(ValType::kI64) == static_cast<uint32_t>(Type::kI64) &&
              0x7f - static_cast<uint32_t>(ValType::kF32) == static_cast<uint32_t>(Type::kF32) &&
              0x7f - static_cast<uint32_t>(ValType::kF64) == static_cast<uint32_t>(Type::kF64) &&
              0x7f - static_cast<uint32_t>(ValType::kV128) == static_cast<uint32_t>(Type::kV128));

Type IrBuilder::RefTypeOf(ValType t) {
  if (IsRefType(t)) return Type::kI64;  // references (typed ones too): a pointer
  WASMC_UNREACHABLE();
}

VReg IrBuilder::Const(Type t, uint64_t bits) {
  if (t == Type::kV128) return VecConst(bits, 0);
  VReg d = NewTemp(t);
  Emit({.op = Opcode::kConst, .type = t, .dst = d, .imm = bits});
  return d;
}

VReg IrBuilder::Unary(Opcode op, Type t, Type result) {
  VReg a = Pop();
  VReg d = NewTemp(result);
  Emit({.op = op, .type = t, .dst = d, .a = a});
  Push(d);
  return d;
}

VReg IrBuilder::Binary(Opcode op, Type t, Type result, Cond cond) {
  VReg b = Pop();
  VReg a = Pop();
  VReg d = NewTemp(result);
  Emit({.op = op, .type = t, .cond = cond, .dst = d, .a = a, .b = b});
  Push(d);
  return d;
}

Inst IrBuilder::GlobalAccess(Inst in, uint32_t global) const {
  const bool imported = global < m_.num_imported_globals;
  in.index = imported ? global : global - m_.num_imported_globals;
  in.index2 = imported ? 1 : 0;
  return in;
}

void IrBuilder::BindLabel(uint32_t label) {
  fn_.label_block[label] = static_cast<uint32_t>(fn_.insts.size());
  Emit({.op = Opcode::kLabel, .index = label});
}

void IrBuilder::ReleaseIfLast(VReg v) {
  if (v + 1 != fn_.NumVRegs()) return;  // an older number: it stays a hole
  fn_.vreg_types.pop_back();
  is_var_.pop_back();
}

bool IrBuilder::DefinedByLast(VReg v) const {
  if (fn_.insts.empty() || is_var_[v] != kTemp) return false;
  const Inst& last = fn_.insts.back();
  if (last.dst == v) return true;
  return (last.op == Opcode::kCall || last.op == Opcode::kCallImport ||
          last.op == Opcode::kCallIndirect || last.op == Opcode::kCallRuntime) &&
         last.extra_count == last.index2 + 1 && fn_.extra[last.extra_begin + last.index2] == v;
}

bool IrBuilder::RetargetLastDef(VReg v, VReg to) {
  if (!DefinedByLast(v)) return false;
  Inst& last = fn_.insts.back();
  if (last.dst == v) last.dst = to;
  else fn_.extra[last.extra_begin + last.index2] = to;
  ReleaseIfLast(v);
  return true;
}

void IrBuilder::MaterializeLocals() {
  for (VReg& v : stack_) {
    if (is_var_[v] != kLocal) continue;
    VReg t = NewTemp(fn_.vreg_types[v]);
    Emit({.op = Opcode::kMov, .type = fn_.vreg_types[v], .dst = t, .a = v});
    v = t;
  }
}

void IrBuilder::SetLocal(uint32_t index, VReg v) {
  VReg x = locals_[index];
  if (v == x) return;
  for (VReg& s : stack_) {
    if (s != x) continue;
    VReg t = NewTemp(fn_.vreg_types[x]);
    Emit({.op = Opcode::kMov, .type = fn_.vreg_types[x], .dst = t, .a = x});
    s = t;
  }
  if (RetargetLastDef(v, x)) return;  // copy propagation: compute straight into the local
  Emit({.op = Opcode::kMov, .type = fn_.vreg_types[x], .dst = x, .a = v});
}

void IrBuilder::MovesToTarget(Frame& f, const std::vector<VReg>& values) {
  if (f.targets.empty() && values.size() == 1 && DefinedByLast(values[0])) {
    // The value just computed becomes the target itself: no new number, no move.
    f.targets.push_back(values[0]);
    is_var_[values[0]] = kTarget;
    return;
  }
  if (f.targets.empty()) {
    for (Type t : f.result_types) {
      f.targets.push_back(fn_.NewVReg(t));
      is_var_.push_back(kTarget);
    }
  }
  WASMC_CHECK(f.targets.size() == values.size());
  if (values.size() == 1) {
    if (RetargetLastDef(values[0], f.targets[0])) return;
    Emit({.op = Opcode::kMov, .type = fn_.vreg_types[values[0]], .dst = f.targets[0],
          .a = values[0]});
  } else if (!values.empty()) {
    Inst in{.op = Opcode::kParallelMove};
    in.extra_begin = static_cast<uint32_t>(fn_.extra.size());
    for (size_t k = 0; k < values.size(); ++k) {
      fn_.extra.push_back(f.targets[k]);
      fn_.extra.push_back(values[k]);
    }
    in.extra_count = static_cast<uint32_t>(2 * values.size());
    Emit(in);
  }
}

void IrBuilder::EmitReturn(const std::vector<VReg>& values) {
  Inst in{.op = Opcode::kReturn, .a = fn_.results_ptr};  // a: keeps the pointer live
  in.extra_begin = static_cast<uint32_t>(fn_.extra.size());
  for (VReg v : values) fn_.extra.push_back(v);
  in.extra_count = in.index2 = static_cast<uint32_t>(values.size());
  Emit(in);
}

void IrBuilder::BranchTo(uint32_t depth, const std::vector<VReg>& values) {
  Frame& f = frames_[frames_.size() - 1 - depth];
  if (f.kind == FrameKind::kFunction) {
    EmitReturn(values);
    return;
  }
  MovesToTarget(f, values);
  Emit({.op = Opcode::kJump, .index = f.label});
  f.branched = true;
}

void IrBuilder::BranchIf(VReg cond, bool if_nonzero, uint32_t depth) {
  Frame& f = frames_[frames_.size() - 1 - depth];
  size_t n = f.result_types.size();
  if (n == 0 && f.kind != FrameKind::kFunction) {
    CondBranch(cond, if_nonzero, f.label);
    f.branched = true;
    return;
  }
  uint32_t skip = NewLabel();
  CondBranch(cond, !if_nonzero, skip);
  BranchTo(depth, TopValues(n));
  BindLabel(skip);
}

void IrBuilder::CondBranch(VReg cond, bool if_nonzero, uint32_t label) {
  if (!fn_.insts.empty() && fn_.insts.back().dst == cond && is_var_[cond] == kTemp) {
    Inst& last = fn_.insts.back();
    if (last.op == Opcode::kCmp) {
      last.op = Opcode::kBrCmp;
      last.cond = if_nonzero ? last.cond : NegateIntCond(last.cond);
      last.dst = kNoVReg;
      last.index = label;
      ReleaseIfLast(cond);
      return;
    }
    if (last.op == Opcode::kEqz) {
      last.op = Opcode::kBrIf;
      last.cond = if_nonzero ? Cond::kEq : Cond::kNe;
      last.dst = kNoVReg;
      last.index = label;
      ReleaseIfLast(cond);
      return;
    }
  }
  Emit({.op = Opcode::kBrIf, .type = Type::kI32, .cond = if_nonzero ? Cond::kNe : Cond::kEq,
        .a = cond, .index = label});
}

void IrBuilder::ZeroLocal(VReg local) {
  const Type t = fn_.vreg_types[local];
  if (t == Type::kV128)  // a v128 zero is a kVec constant (ir.h)
    Emit({.op = Opcode::kVec, .type = t, .dst = local, .index = static_cast<uint32_t>(VecOp::kV128Const)});
  else
    Emit({.op = Opcode::kConst, .type = t, .dst = local});
}

bool IrBuilder::StartFunction(const FunctionStart& s) {
  if (start_inlined_) {
    StartInlined(s);  // ir_builder_inline.cc
    return true;
  }
  if (inliner_) inline_budget_ = kInlineBudgetBytes + inliner_->BodyBytes(s.func_index) / 2;
  fn_.func_index = s.func_index;
  fn_.num_params = static_cast<uint32_t>(s.type.params.size());
  for (ValType t : s.locals) {
    locals_.push_back(fn_.NewVReg(TypeOf(t)));
    is_var_.push_back(kLocal);
  }
  for (ValType t : s.type.results) fn_.results.push_back(TypeOf(t));
  if (s.type.results.size() > 1) {
    fn_.results_ptr = NewTemp(Type::kI64);
  }
  Mark(s.body_offset, "entry");
  for (size_t i = fn_.num_params; i < locals_.size(); ++i) ZeroLocal(locals_[i]);
  EmitMemoryBases();
  Frame f{.kind = FrameKind::kFunction};
  f.result_types = fn_.results;
  frames_.push_back(std::move(f));
  return true;
}

IrBuilder::Frame& IrBuilder::OpenFrame(FrameKind kind, const ControlEvent& e) {
  MaterializeLocals();
  Frame& f = frames_.emplace_back();  // in place: a Frame moved costs its four vectors
  f.kind = kind;
  f.label = NewLabel();
  f.height = stack_.size() - e.params.size();
  // What a branch to the frame carries: a loop's parameters, else its results.
  for (ValType t : kind == FrameKind::kLoop ? e.params : e.results)
    f.result_types.push_back(TypeOf(t));
  return f;
}

bool IrBuilder::Block(const ControlEvent& e) {
  Mark(e.offset, "block");
  OpenFrame(FrameKind::kBlock, e);
  return true;
}

bool IrBuilder::Loop(const ControlEvent& e) {
  Mark(e.offset, "loop");
  Frame& f = OpenFrame(FrameKind::kLoop, e);
  if (!e.params.empty()) {
    std::vector<VReg> values = TopValues(e.params.size());
    MovesToTarget(f, values);
    stack_.resize(f.height);
    for (VReg v : f.targets) Push(v);
  }
  ++loop_depth_;
  BindLabel(f.label);
  f.branched = true;
  loop_results_.push_back({});
  for (ValType t : e.results) loop_results_.back().push_back(TypeOf(t));
  return true;
}

bool IrBuilder::If(const ControlEvent& e) {
  Mark(e.offset, "if");
  VReg cond = Pop();
  Frame& f = OpenFrame(FrameKind::kIf, e);
  f.else_label = NewLabel();
  f.params = TopValues(e.params.size());
  CondBranch(cond, false, f.else_label);
  return true;
}

bool IrBuilder::Else(const ControlEvent& e) {
  Mark(e.offset, "else");
  Frame& f = frames_.back();
  if (e.end_reachable) {
    MovesToTarget(f, TopValues(f.result_types.size()));
    Emit({.op = Opcode::kJump, .index = f.label});
    f.branched = true;
  }
  stack_.resize(f.height);
  for (VReg v : f.params) Push(v);
  BindLabel(f.else_label);
  f.has_else = true;
  return true;
}

bool IrBuilder::End(const ControlEvent& e) {
  Mark(e.offset, "end");
  Frame& f = frames_.back();
  if (f.kind == FrameKind::kTry || f.kind == FrameKind::kTryTable) return EndTry(e);
  const size_t n = f.kind == FrameKind::kLoop ? loop_results_.back().size() : f.result_types.size();
  if (f.kind == FrameKind::kFunction) {
    if (e.end_reachable) EmitReturn(TopValues(n));
    frames_.pop_back();
    EmitOobTrap();
    return true;
  }
  if (f.kind == FrameKind::kLoop) {
    --loop_depth_;
    std::vector<Type> types = std::move(loop_results_.back());
    loop_results_.pop_back();
    std::vector<VReg> values;
    if (e.end_reachable) values = TopValues(n);
    size_t height = f.height;
    frames_.pop_back();
    stack_.resize(height);
    if (e.end_reachable) {
      for (VReg v : values) Push(v);
    } else {
      for (Type t : types) Push(Const(t, 0));  // dead code follows: any value will do
    }
    return true;
  }
  if (f.kind == FrameKind::kIf && !f.has_else) {
    if (n > 0) {
      if (e.end_reachable) {
        MovesToTarget(f, TopValues(n));
        Emit({.op = Opcode::kJump, .index = f.label});
      }
      BindLabel(f.else_label);
      MovesToTarget(f, f.params);  // the implicit else passes the params through
      f.branched = true;
    } else {
      BindLabel(f.else_label);
    }
  } else if (f.branched && e.end_reachable) {
    MovesToTarget(f, TopValues(n));
  }
  const Frame& done = frames_.back();  // popped last (nothing below touches frames_)
  if (done.branched) {
    stack_.resize(done.height);
    BindLabel(done.label);
    for (VReg v : done.targets) Push(v);
  } else if (!e.end_reachable) {
    stack_.resize(done.height);
    for (Type t : done.result_types) Push(Const(t, 0));  // nothing reaches the end
  }
  // else: the fall-through values stay on the stack as the results.
  frames_.pop_back();
  return true;
}

// ---- Exceptions. A call inside a try region is followed by kEhEdge to the region's
// landing pad; the pad takes the exception (wasmc_rt_exn_take), tests its tag against
// each catch in order and branches with the payload, or throws it on to the handler
// outside. Values live into a pad are live across the calls before its edges, so the
// allocator keeps them in callee-saved registers or slots, which the unwinder restores
// (runtime-support/core/eh.c).

VReg IrBuilder::Convert(Opcode op, Type to, VReg a) {
  VReg d = NewTemp(to);
  Emit({.op = op, .type = to, .src_type = fn_.vreg_types[a], .dst = d, .a = a});
  return d;
}

void IrBuilder::EhEdgeTo(uint32_t handler) {
  if (handler != kNoHandler) Emit({.op = Opcode::kEhEdge, .index = handler});
}

void IrBuilder::ThrowTo(VReg exn, uint32_t handler) {
  CallRuntime(RuntimeFn::kThrowRef, {exn}, false, Type::kI32);
  EhEdgeTo(handler);
  Emit({.op = Opcode::kTrap, .index = 1 /* never reached: the helper does not return */});
}

uint32_t IrBuilder::PayloadIndex(const FuncType& type, uint32_t k) {
  uint32_t word = k;
  for (uint32_t j = 0; j < k; ++j) word += type.params[j] == ValType::kV128;
  return word;
}

VReg IrBuilder::VecLane(VecOp op, Type t, VReg a, VReg b, uint32_t lane) {
  VReg d = fn_.NewVReg(t);
  is_var_.push_back(kTemp);
  Emit({.op = Opcode::kVec, .type = t, .dst = d, .a = a, .b = b, .index = static_cast<uint32_t>(op),
        .index2 = lane});
  return d;
}

void IrBuilder::SetPayload(VReg exn, uint32_t word, VReg v) {
  const Type t = fn_.vreg_types[v];
  if (t == Type::kV128) {
    for (uint32_t lane = 0; lane < 2; ++lane)
      SetPayload(exn, word + lane, VecLane(VecOp::kI64x2ExtractLane, Type::kI64, v, kNoVReg, lane));
    return;
  }
  if (t == Type::kF64) v = Convert(Opcode::kReinterpret, Type::kI64, v);
  if (t == Type::kF32) v = Convert(Opcode::kReinterpret, Type::kI32, v);
  if (t == Type::kI32 || t == Type::kF32) v = Convert(Opcode::kExtendU32, Type::kI64, v);
  CallRuntime(RuntimeFn::kExnSet, {exn, Konst32(word), v}, false, Type::kI32);
}

VReg IrBuilder::PayloadValue(VReg exn, uint32_t word, ValType vt) {
  VReg w = CallRuntime(RuntimeFn::kExnGet, {exn, Konst32(word)}, true, Type::kI64);
  const Type t = TypeOf(vt);
  if (t == Type::kV128) {
    VReg hi = CallRuntime(RuntimeFn::kExnGet, {exn, Konst32(word + 1)}, true, Type::kI64);
    return VecLane(VecOp::kI64x2ReplaceLane, Type::kV128,
                   VecLane(VecOp::kI64x2Splat, Type::kV128, w, kNoVReg, 0), hi, 1);
  }
  if (t == Type::kI64) return w;
  if (t == Type::kF64) return Convert(Opcode::kReinterpret, Type::kF64, w);
  w = Convert(Opcode::kWrap, Type::kI32, w);
  return t == Type::kF32 ? Convert(Opcode::kReinterpret, Type::kF32, w) : w;
}

void IrBuilder::PushTagParams(VReg exn, uint32_t tag) {
  const FuncType& type = m_.types[m_.tags[tag]];
  for (uint32_t k = 0; k < type.params.size(); ++k)
    Push(PayloadValue(exn, PayloadIndex(type, k), type.params[k]));
}

uint32_t IrBuilder::InnerHandler(size_t frame) const {
  for (size_t k = frame + 1; k-- > 0;) {  // the nearest try region around it
    const Frame& f = frames_[k];
    if (f.kind == FrameKind::kTryTable || (f.kind == FrameKind::kTry && !f.in_catch)) return f.pad;
    if (f.kind == FrameKind::kTry) return f.outer_handler;  // in a catch arm
  }
  return kNoHandler;
}

bool IrBuilder::TryTable(const ControlEvent& e, std::span<const CatchClause> catches) {
  return OpenTry(e, "try_table", catches);
}

bool IrBuilder::Try(const ControlEvent& e) { return OpenTry(e, "try", {}); }

bool IrBuilder::OpenTry(const ControlEvent& e, const char* name, std::span<const CatchClause> catches) {
  Mark(e.offset, name);
  Frame& f = OpenFrame(e.kind, e);
  f.pad = NewLabel();
  f.outer_handler = handler_;
  f.catches.assign(catches.begin(), catches.end());
  handler_ = f.pad;
  return true;
}

void IrBuilder::FallToEnd(Frame& f, bool reachable) {
  if (!reachable) return;
  MovesToTarget(f, TopValues(f.result_types.size()));
  Emit({.op = Opcode::kJump, .index = f.label});
  f.branched = true;
}

bool IrBuilder::Catch(const ControlEvent& e, uint32_t tag) {
  Mark(e.offset, tag == NullVisitor::kCatchAllTag ? "catch_all" : "catch");
  Frame& f = frames_.back();
  FallToEnd(f, e.end_reachable);
  stack_.resize(f.height);
  if (!f.in_catch) {  // the first arm starts with the landing pad
    handler_ = f.outer_handler;
    BindLabel(f.pad);
    f.exn = CallRuntime(RuntimeFn::kExnTake, {}, true, Type::kI64);
    f.in_catch = true;
  } else {
    BindLabel(f.next_catch);
  }
  if (tag == NullVisitor::kCatchAllTag) {
    f.catch_all = true;
    return true;
  }
  f.next_catch = NewLabel();
  VReg is = CallRuntime(RuntimeFn::kExnIs, {f.exn, Konst32(tag)}, true, Type::kI32);
  CondBranch(is, false, f.next_catch);
  PushTagParams(f.exn, tag);
  return true;
}

bool IrBuilder::Delegate(const ControlEvent& e, uint32_t depth) {
  Mark(e.offset, "delegate");
  // Exceptions of the body go to the handler inside the frame `depth` labels out.
  const uint32_t target = InnerHandler(frames_.size() - 2 - depth);
  Frame& f = frames_.back();
  f.catch_all = true;  // EndTry adds nothing: the pad below handles everything
  f.in_catch = true;
  FallToEnd(f, e.end_reachable);
  handler_ = f.outer_handler;
  BindLabel(f.pad);
  ThrowTo(CallRuntime(RuntimeFn::kExnTake, {}, true, Type::kI64), target);
  return EndTry(ControlEvent{e.kind, e.offset, e.start_offset, e.params, e.results, e.depth, false,
                             false});
}

bool IrBuilder::EndTry(const ControlEvent& e) {
  Frame& f = frames_.back();
  FallToEnd(f, e.end_reachable);
  stack_.resize(f.height);
  handler_ = f.outer_handler;
  if (f.kind == FrameKind::kTryTable) {
    BindLabel(f.pad);
    VReg exn = CallRuntime(RuntimeFn::kExnTake, {}, true, Type::kI64);
    bool caught_all = false;
    for (const CatchClause& c : f.catches) {
      const uint32_t depth = c.label + 1;  // the try_table's own frame is still open
      std::vector<VReg> values;
      uint32_t next = kNoHandler;
      if (c.kind == CatchClause::kCatch || c.kind == CatchClause::kCatchRef) {
        next = NewLabel();
        VReg is = CallRuntime(RuntimeFn::kExnIs, {exn, Konst32(c.tag)}, true, Type::kI32);
        CondBranch(is, false, next);
        PushTagParams(exn, c.tag);
        values = TopValues(m_.types[m_.tags[c.tag]].params.size());
        stack_.resize(f.height);
      }
      if (c.kind == CatchClause::kCatchRef || c.kind == CatchClause::kCatchAllRef) values.push_back(exn);
      BranchTo(depth, values);
      if (next == kNoHandler) {
        caught_all = true;
        break;
      }
      BindLabel(next);
    }
    if (!caught_all) ThrowTo(exn, handler_);
  } else if (!f.in_catch) {  // a try without catch arms: the pad passes everything on
    BindLabel(f.pad);
    ThrowTo(CallRuntime(RuntimeFn::kExnTake, {}, true, Type::kI64), handler_);
  } else if (!f.catch_all) {  // no arm matched
    BindLabel(f.next_catch);
    ThrowTo(f.exn, handler_);
  }
  const Frame& done = frames_.back();  // popped last (nothing below touches frames_)
  if (done.branched) {
    BindLabel(done.label);
    for (VReg v : done.targets) Push(v);
  } else {
    for (Type t : done.result_types) Push(Const(t, 0));  // nothing reaches the end
  }
  frames_.pop_back();
  return true;
}

VReg IrBuilder::CallRuntime(RuntimeFn f, std::vector<VReg> args, bool has_result, Type rt) {
  Inst in{.op = Opcode::kCallRuntime, .index = static_cast<uint32_t>(f)};
  in.extra_begin = static_cast<uint32_t>(fn_.extra.size());
  for (VReg v : args) fn_.extra.push_back(v);
  in.index2 = static_cast<uint32_t>(args.size());
  VReg d = kNoVReg;
  if (has_result) {
    d = NewTemp(rt);
    fn_.extra.push_back(d);
  }
  in.extra_count = static_cast<uint32_t>(fn_.extra.size()) - in.extra_begin;
  Emit(in);
  return d;
}

void IrBuilder::EmitCall(Opcode op, uint32_t index, uint32_t table, const FuncType& type) {
  VReg callee = kNoVReg;
  if (op == Opcode::kCallIndirect) callee = Pop();
  Inst in{.op = op, .a = callee, .index = index, .imm = table};
  in.extra_begin = static_cast<uint32_t>(fn_.extra.size());
  const size_t n = type.params.size();  // the arguments: the top n values, popped
  fn_.extra.insert(fn_.extra.end(), stack_.end() - n, stack_.end());
  stack_.resize(stack_.size() - n);
  in.index2 = static_cast<uint32_t>(n);
  for (ValType t : type.results) {
    VReg d = NewTemp(TypeOf(t));
    fn_.extra.push_back(d);
    Push(d);
  }
  in.extra_count = static_cast<uint32_t>(fn_.extra.size()) - in.extra_begin;
  Emit(in);
  EhEdgeTo(handler_);
}

void IrBuilder::EmitTailCall(Opcode op, uint32_t index, uint32_t table, const FuncType& type) {
  VReg callee = op == Opcode::kReturnCallIndirect ? Pop() : kNoVReg;
  Inst in{.op = op, .a = callee, .b = fn_.results_ptr, .index = index, .imm = table};
  in.extra_begin = static_cast<uint32_t>(fn_.extra.size());
  const size_t n = type.params.size();  // the arguments: the top n values, popped
  fn_.extra.insert(fn_.extra.end(), stack_.end() - n, stack_.end());
  stack_.resize(stack_.size() - n);
  in.extra_count = in.index2 = static_cast<uint32_t>(n);
  Emit(in);
}

// The operator helpers of Instruction are members, not lambdas: closures that call
// each other live in Instruction's frame, which then stored a dozen of them on every
// call, whatever the operator (compile time, docs/performance.md "cspeed9").
bool IrBuilder::Produce(Inst in) {
  in.dst = NewTemp(in.type);
  Emit(in);
  Push(in.dst);
  return true;
}

bool IrBuilder::LoadOp(const Instr& i, uint8_t width, bool sign) {
  VReg a = Pop();
  Inst in{.op = Opcode::kLoad, .type = ResultType(i), .width = width, .sign = sign, .imm = i.imm.offset};
  MemoryAccess(in, a, i.imm.memory);
  return Produce(in);
}

bool IrBuilder::StoreOp(const Instr& i, uint8_t width) {
  VReg v = Pop();
  VReg a = Pop();
  Inst in{.op = Opcode::kStore, .type = TypeOf(i.operands[1]), .width = width, .b = v,
          .imm = i.imm.offset};
  MemoryAccess(in, a, i.imm.memory);
  Emit(in);
  return true;
}

bool IrBuilder::ConvertOp(const Instr& i, Opcode op) {
  VReg a = Pop();
  return Produce({.op = op, .type = ResultType(i), .src_type = TypeOf(i.operands[0]), .a = a});
}

bool IrBuilder::CallVoid(RuntimeFn f, std::vector<VReg> args) {
  CallRuntime(f, std::move(args), false, Type::kI32);
  return true;
}

std::vector<VReg> IrBuilder::PopArgs(size_t n) {
  std::vector<VReg> args = TopValues(n);
  stack_.resize(stack_.size() - n);
  return args;
}

bool IrBuilder::UnaryOp(const Instr& i, Opcode op) {
  Unary(op, TypeOf(i.operands[0]), ResultType(i));
  return true;
}

// An operator with a row in op_lowering.def (but SPECIAL): what the row says.
bool IrBuilder::Lowered(const Instr& i, const OpLowering& l) {
  switch (l.shape) {
    case LowerShape::kInt:
    case LowerShape::kFloat:
      if (i.operands.size() == 1) Unary(l.op, TypeOf(i.operands[0]), ResultType(i));
      else Binary(l.op, TypeOf(i.operands[0]), ResultType(i), l.cond);
      return true;
    case LowerShape::kConvert: return ConvertOp(i, l.op);
    case LowerShape::kLoad: return LoadOp(i, l.width, l.sign);
    case LowerShape::kStore: return StoreOp(i, l.width);
    case LowerShape::kNone:
    case LowerShape::kSpecial: break;
  }
  WASMC_UNREACHABLE();
}

namespace {

// Instruction's dispatch: the operators with a fast handler (FastInstruction<kind>),
// and what each needs from its row, precomputed from op_lowering.def and the
// operator's signature (ops.def), so the handler reads no type from the Instr.
enum FastKind : uint8_t {
  kOther,     // OtherInstruction
  kLocalGet, kLocalSet, kLocalTee, kDrop,
  kConst,     // i32/i64/f32/f64.const: `type`
  kUnary,     // op_lowering.def kInt/kFloat with one operand: `op` on `type` -> `result`
  kBinary,    // ... with two: `op`, `cond` on `type` -> `result`
  kConvert,   // kConvert: `op` from `src_type` to `result`
  kLoad,      // kLoad: `result`, `width`, `sign`
  kStore,     // kStore: the value's `type`, `width`
  kNumFastKinds
};

struct FastRow {
  FastKind kind = kOther;
  Opcode op = Opcode::kNop;
  Type type = Type::kI32;
  Type src_type = Type::kI32;
  Type result = Type::kI32;
  Cond cond = Cond::kEq;
  uint8_t width = 0;
  bool sign = false;
};

constexpr bool IsNumberType(ValType t) {
  return t == ValType::kI32 || t == ValType::kI64 || t == ValType::kF32 || t == ValType::kF64;
}
constexpr Type NumberType(ValType t) { return static_cast<Type>(0x7f - static_cast<uint32_t>(t)); }

constexpr std::array<FastRow, kNumOps> MakeFastRows() {
  std::array<FastRow, kNumOps> t{};
  for (size_t k = 0; k < kNumOps; ++k) {
    const Op op = static_cast<Op>(k);
    FastRow& r = t[k];
    switch (op) {
      case Op::kLocalGet: r.kind = kLocalGet; continue;
      case Op::kLocalSet: r.kind = kLocalSet; continue;
      case Op::kLocalTee: r.kind = kLocalTee; continue;
      case Op::kDrop: r.kind = kDrop; continue;
      case Op::kI32Const: r = {.kind = kConst, .type = Type::kI32}; continue;
      case Op::kI64Const: r = {.kind = kConst, .type = Type::kI64}; continue;
      case Op::kF32Const: r = {.kind = kConst, .type = Type::kF32}; continue;
      case Op::kF64Const: r = {.kind = kConst, .type = Type::kF64}; continue;
      default: break;
    }
    const OpLowering& l = LoweringOf(op);
    const OpSig& sig = OpSignature(op);
    // Only the scalar rows whose types the signature fixes (SIMD takes its own path).
    if (l.shape <= LowerShape::kSpecial || OpPrefix(op) == 0xfd || !sig.simple) continue;
    bool numbers = sig.num_results <= 1;
    for (uint8_t p = 0; p < sig.num_params; ++p) numbers &= IsNumberType(sig.params[p]);
    if (sig.num_results == 1) numbers &= IsNumberType(sig.results[0]);
    if (!numbers) continue;
    r.op = l.op;
    r.width = l.width;
    r.sign = l.sign;
    switch (l.shape) {
      case LowerShape::kInt:
      case LowerShape::kFloat:
        if (sig.num_results != 1 || (sig.num_params != 1 && sig.num_params != 2)) continue;
        r.kind = sig.num_params == 1 ? kUnary : kBinary;
        r.type = NumberType(sig.params[0]);
        r.result = NumberType(sig.results[0]);
        r.cond = sig.num_params == 1 ? Cond::kEq : l.cond;  // Unary leaves the default
        break;
      case LowerShape::kConvert:
        if (sig.num_results != 1 || sig.num_params != 1) continue;
        r.kind = kConvert;
        r.src_type = NumberType(sig.params[0]);
        r.result = NumberType(sig.results[0]);
        break;
      case LowerShape::kLoad:
        if (sig.num_results != 1 || sig.num_params != 1) continue;
        r.kind = kLoad;
        r.result = NumberType(sig.results[0]);
        break;
      case LowerShape::kStore:
        if (sig.num_results != 0 || sig.num_params != 2) continue;
        r.kind = kStore;
        r.type = NumberType(sig.params[1]);
        break;
      default: break;
    }
  }
  return t;
}

constexpr std::array<FastRow, kNumOps> kFastRows = MakeFastRows();
static_assert(kFastRows[static_cast<size_t>(Op::kI32Add)].kind == kBinary);
static_assert(kFastRows[static_cast<size_t>(Op::kI64Eqz)].kind == kUnary);
static_assert(kFastRows[static_cast<size_t>(Op::kI32Load8U)].kind == kLoad);
static_assert(kFastRows[static_cast<size_t>(Op::kF64Store)].kind == kStore);
static_assert(kFastRows[static_cast<size_t>(Op::kI64ExtendI32U)].kind == kConvert);

const FastRow& FastRowOf(Op op) { return kFastRows[static_cast<size_t>(op)]; }

}  // namespace

// What each fast kind does; the same IR as OtherInstruction's path (Lowered, Const,
// SetLocal) gives for the operator, built in place.
template <int kKind>
bool IrBuilder::FastInstruction(const Instr& i) {
  MarkInline(i.offset, OpName(i.op));
  const FastRow& r = FastRowOf(i.op);
  if constexpr (kKind == kLocalGet) {
    PushInline(locals_[i.imm.index]);
  } else if constexpr (kKind == kLocalSet) {
    SetLocal(i.imm.index, Pop());
  } else if constexpr (kKind == kLocalTee) {
    SetLocal(i.imm.index, Pop());
    PushInline(locals_[i.imm.index]);
  } else if constexpr (kKind == kDrop) {
    stack_.pop_back();
  } else if constexpr (kKind == kConst) {
    const VReg d = NewTempInline(r.type);
    Inst& in = AppendInst();
    in.op = Opcode::kConst;
    in.type = r.type;
    in.dst = d;
    in.imm = i.imm.bits;
    PushInline(d);
  } else if constexpr (kKind == kStore) {
    const VReg v = stack_.end()[-1], a = stack_.end()[-2];
    stack_.resize(stack_.size() - 2);
    Inst in{.op = Opcode::kStore, .type = r.type, .width = r.width, .b = v, .imm = i.imm.offset};
    if (beyond_2_0_memory_) [[unlikely]] {
      MemoryAccess(in, a, i.imm.memory);
    } else {  // memory 0, 32-bit: MemoryAccess's first lines
      in.src_type = Type::kI32;
      in.a = a;
    }
    Emit(in);
  } else if constexpr (kKind == kLoad) {
    VReg& top = stack_.back();
    if (beyond_2_0_memory_) [[unlikely]] {
      Inst in{.op = Opcode::kLoad, .type = r.result, .width = r.width, .sign = r.sign, .imm = i.imm.offset};
      MemoryAccess(in, top, i.imm.memory);
      in.dst = NewTemp(in.type);
      Emit(in);
      stack_.back() = in.dst;
      return true;
    }
    const VReg d = NewTempInline(r.result);
    Inst& in = AppendInst();
    in.op = Opcode::kLoad;
    in.type = r.result;
    in.src_type = Type::kI32;
    in.width = r.width;
    in.sign = r.sign;
    in.dst = d;
    in.a = top;
    in.imm = i.imm.offset;
    top = d;
  } else if constexpr (kKind == kUnary || kKind == kConvert) {
    VReg& top = stack_.back();
    const VReg d = NewTempInline(r.result);
    Inst& in = AppendInst();
    in.op = r.op;
    in.type = kKind == kUnary ? r.type : r.result;
    if constexpr (kKind == kConvert) in.src_type = r.src_type;
    in.dst = d;
    in.a = top;
    top = d;
  } else if constexpr (kKind == kBinary) {
    VReg* top = &stack_.back();
    const VReg d = NewTempInline(r.result);
    Inst& in = AppendInst();
    in.op = r.op;
    in.type = r.type;
    in.cond = r.cond;
    in.dst = d;
    in.a = top[-1];
    in.b = top[0];
    top[-1] = d;
    stack_.pop_back();
  }
  return true;
}

bool IrBuilder::Instruction(const Instr& i) {
  switch (FastRowOf(i.op).kind) {  // each a tail call
    case kLocalGet: return FastInstruction<kLocalGet>(i);
    case kLocalSet: return FastInstruction<kLocalSet>(i);
    case kLocalTee: return FastInstruction<kLocalTee>(i);
    case kDrop: return FastInstruction<kDrop>(i);
    case kConst: return FastInstruction<kConst>(i);
    case kUnary: return FastInstruction<kUnary>(i);
    case kBinary: return FastInstruction<kBinary>(i);
    case kConvert: return FastInstruction<kConvert>(i);
    case kLoad: return FastInstruction<kLoad>(i);
    case kStore: return FastInstruction<kStore>(i);
    default: return OtherInstruction(i);
  }
}

bool IrBuilder::OtherInstruction(const Instr& i) {
  Mark(i.offset, OpName(i.op));
  if (OpPrefix(i.op) == 0xfd) return VectorInstruction(i);  // ir_builder_simd.cc
  if (beyond_2_0_memory_ && (ExtendedMemoryOp(i) || Table64Op(i))) return true;
  const OpLowering& l = LoweringOf(i.op);  // op_lowering.def
  if (l.shape > LowerShape::kSpecial) return Lowered(i, l);
  const Immediates& imm = i.imm;
  switch (i.op) {  // SPECIAL, and the operators without a row
    case Op::kUnreachable:
      Emit({.op = Opcode::kTrap, .index = 1 /* WASMC_TRAP_UNREACHABLE */});
      return true;
    case Op::kNop: return true;
    case Op::kThrow: {
      const std::vector<VReg> args = PopArgs(i.operands.size());
      VReg exn = CallRuntime(RuntimeFn::kExnNew, {Konst32(imm.index)}, true, Type::kI64);
      const FuncType& type = m_.types[m_.tags[imm.index]];
      for (uint32_t k = 0; k < args.size(); ++k) SetPayload(exn, PayloadIndex(type, k), args[k]);
      ThrowTo(exn, handler_);
      return true;
    }
    case Op::kThrowRef: ThrowTo(Pop(), handler_); return true;
    case Op::kRethrow: ThrowTo(frames_[frames_.size() - 1 - imm.index].exn, handler_); return true;
    case Op::kBr: {
      const Frame& f = frames_[frames_.size() - 1 - imm.index];
      size_t n = f.kind == FrameKind::kFunction ? fn_.results.size() : f.result_types.size();
      BranchTo(imm.index, TopValues(n));
      return true;
    }
    case Op::kBrIf:
      BranchIf(Pop(), true, imm.index);
      return true;
    case Op::kBrOnNull:
    case Op::kBrOnNonNull: {
      // br_if on (ref == null) / (ref != null); br_on_non_null carries the reference
      // (on top), br_on_null keeps it on the stack when not taken.
      const VReg ref = stack_.back();
      const VReg is_null = Unary(Opcode::kEqz, Type::kI64, Type::kI32);  // pops ref
      Pop();
      if (i.op == Op::kBrOnNonNull) Push(ref);
      BranchIf(is_null, i.op == Op::kBrOnNull, imm.index);
      if (i.op == Op::kBrOnNull) Push(ref);
      else Pop();
      return true;
    }
    case Op::kRefAsNonNull: {
      const uint32_t ok = NewLabel();
      Emit({.op = Opcode::kBrIf, .type = Type::kI64, .cond = Cond::kNe, .a = stack_.back(), .index = ok});
      Emit({.op = Opcode::kTrap, .index = 13 /* WASMC_TRAP_NULL_REFERENCE */});
      BindLabel(ok);
      return true;
    }
    case Op::kCallRef:
      EmitCall(Opcode::kCallIndirect, imm.index, kCallRefTable, m_.types[imm.index]);
      return true;
    case Op::kReturnCallRef:
      EmitTailCall(Opcode::kReturnCallIndirect, imm.index, kCallRefTable, m_.types[imm.index]);
      return true;
    case Op::kBrTable: {
      VReg index = Pop();
      size_t n = i.operands.size() - 1;
      std::vector<VReg> values = TopValues(n);
      std::map<uint32_t, uint32_t> edges;  // depth -> edge label
      Inst in{.op = Opcode::kBrTable, .a = index};
      in.extra_begin = static_cast<uint32_t>(fn_.extra.size());
      auto target = [&](uint32_t depth) {
        Frame& f = frames_[frames_.size() - 1 - depth];
        if (n == 0 && f.kind != FrameKind::kFunction) {
          f.branched = true;
          return f.label;
        }
        auto it = edges.find(depth);
        if (it != edges.end()) return it->second;
        uint32_t l = NewLabel();
        edges[depth] = l;
        return l;
      };
      for (uint32_t d : imm.br_targets) fn_.extra.push_back(target(d));
      fn_.extra.push_back(target(imm.index));  // the default, last
      in.extra_count = static_cast<uint32_t>(fn_.extra.size()) - in.extra_begin;
      Emit(in);
      for (auto [depth, label] : edges) {
        BindLabel(label);
        BranchTo(depth, values);
      }
      return true;
    }
    case Op::kReturn:
      if (!inline_stack_.empty()) {  // an inlined body's return leaves its block
        BranchTo(frames_.size() - 1 - inline_frame_, TopValues(frames_[inline_frame_].result_types.size()));
        return true;
      }
      EmitReturn(TopValues(fn_.results.size()));
      return true;
    case Op::kCall:
      if (bool ok; TryInline(imm.index, &ok)) return ok;
      EmitCall(imm.index < m_.num_imported_funcs ? Opcode::kCallImport : Opcode::kCall, imm.index,
               0, m_.FuncTypeOf(imm.index));
      return true;
    case Op::kCallIndirect:
      EmitCall(Opcode::kCallIndirect, imm.index, imm.index2, m_.types[imm.index]);
      return true;
    case Op::kReturnCall:
      EmitTailCall(imm.index < m_.num_imported_funcs ? Opcode::kReturnCallImport : Opcode::kReturnCall,
                   imm.index, 0, m_.FuncTypeOf(imm.index));
      return true;
    case Op::kReturnCallIndirect:
      EmitTailCall(Opcode::kReturnCallIndirect, imm.index, imm.index2, m_.types[imm.index]);
      return true;
    case Op::kDrop: Pop(); return true;
    case Op::kSelect: case Op::kSelectT: {
      VReg c = Pop(), b = Pop(), a = Pop();
      return Produce({.op = Opcode::kSelect, .type = ResultType(i), .a = a, .b = b, .c = c});
    }
    case Op::kLocalGet: Push(locals_[imm.index]); return true;
    case Op::kLocalSet: SetLocal(imm.index, Pop()); return true;
    case Op::kLocalTee: SetLocal(imm.index, Pop()); Push(locals_[imm.index]); return true;
    case Op::kGlobalGet: {
      VReg d = NewTemp(ResultType(i));
      Emit(GlobalAccess({.op = Opcode::kGlobalGet, .type = ResultType(i), .dst = d}, imm.index));
      Push(d);
      return true;
    }
    case Op::kGlobalSet: {
      VReg v = Pop();
      Emit(GlobalAccess({.op = Opcode::kGlobalSet, .type = fn_.vreg_types[v], .a = v}, imm.index));
      return true;
    }
    case Op::kTableGet: {
      VReg idx = Pop();
      Push(CallRuntime(RuntimeFn::kTableGet, {Konst32(imm.index), idx}, true, Type::kI64));
      return true;
    }
    case Op::kTableSet: {
      VReg ref = Pop(), idx = Pop();
      CallRuntime(RuntimeFn::kTableSet, {Konst32(imm.index), idx, ref}, false, Type::kI32);
      return true;
    }
    case Op::kMemorySize: return Produce({.op = Opcode::kMemorySize, .type = Type::kI32});
    case Op::kMemoryGrow: return UnaryOp(i, Opcode::kMemoryGrow);
    case Op::kI32Const: Push(Const(Type::kI32, imm.bits)); return true;
    case Op::kI64Const: Push(Const(Type::kI64, imm.bits)); return true;
    case Op::kF32Const: Push(Const(Type::kF32, imm.bits)); return true;
    case Op::kF64Const: Push(Const(Type::kF64, imm.bits)); return true;

    case Op::kRefNull: Push(Const(Type::kI64, 0)); return true;
    case Op::kRefIsNull: return UnaryOp(i, Opcode::kEqz);
    case Op::kRefFunc:
      return Produce({.op = Opcode::kRefFunc, .type = Type::kI64, .index = imm.index});
    case Op::kMemoryInit: {
      const std::vector<VReg> args = PopArgs(3);
      return CallVoid(RuntimeFn::kMemoryInit, {Konst32(imm.index), args[0], args[1], args[2]});
    }
    case Op::kDataDrop: return CallVoid(RuntimeFn::kDataDrop, {Konst32(imm.index)});
    case Op::kMemoryCopy: return CallVoid(RuntimeFn::kMemoryCopy, PopArgs(3));
    case Op::kMemoryFill: return CallVoid(RuntimeFn::kMemoryFill, PopArgs(3));
    case Op::kTableInit: {
      const std::vector<VReg> args = PopArgs(3);
      return CallVoid(RuntimeFn::kTableInit,
                      {Konst32(imm.index2), Konst32(imm.index), args[0], args[1], args[2]});
    }
    case Op::kElemDrop: return CallVoid(RuntimeFn::kElemDrop, {Konst32(imm.index)});
    case Op::kTableCopy: {
      const std::vector<VReg> args = PopArgs(3);
      return CallVoid(RuntimeFn::kTableCopy,
                      {Konst32(imm.index), Konst32(imm.index2), args[0], args[1], args[2]});
    }
    case Op::kTableGrow: {
      const std::vector<VReg> args = PopArgs(2);
      Push(CallRuntime(RuntimeFn::kTableGrow, {Konst32(imm.index), args[0], args[1]}, true,
                       Type::kI32));
      return true;
    }
    case Op::kTableSize:
      return Produce({.op = Opcode::kTableSize, .type = Type::kI32, .index = imm.index});
    case Op::kTableFill: {
      const std::vector<VReg> args = PopArgs(3);
      return CallVoid(RuntimeFn::kTableFill, {Konst32(imm.index), args[0], args[1], args[2]});
    }
    default:
      if (OpIsAtomic(i.op)) return Atomic(i);
      break;
  }
  error_ = MakeDiag(DiagKind::kUnsupported, i.offset,
                    std::string("operator ") + OpName(i.op) + " is not supported by the code generator");
  return false;
}

}  // namespace wasmc::ir
