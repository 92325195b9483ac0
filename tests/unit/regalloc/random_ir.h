// Random IR for the allocator's tests (liveness_test.cc, webs_test.cc), and the
// instruction-level successors their references walk.
#pragma once

#include <random>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::regalloc {

// A random function: straight-line arithmetic over a few variables (defined many times)
// and temporaries, calls with arguments and results in `extra`, labels, forward and
// backward branches (conditional, jumps, br_table), returns; it ends with a return.
inline ir::Function RandomFunction(uint32_t seed) {
  using ir::Inst;
  using ir::Opcode;
  using ir::Type;
  using ir::VReg;
  std::mt19937 rng(seed);
  auto pick = [&](uint32_t n) { return static_cast<uint32_t>(rng() % n); };
  ir::Function f;
  const uint32_t params = 1 + pick(3);
  for (uint32_t p = 0; p < params; ++p) f.NewVReg(Type::kI32);
  f.num_params = params;
  f.results = {Type::kI32};
  const uint32_t vars = 2 + pick(6);
  std::vector<VReg> pool;
  for (uint32_t p = 0; p < params; ++p) pool.push_back(p);
  for (uint32_t k = 0; k < vars; ++k) pool.push_back(f.NewVReg(Type::kI32));
  const uint32_t labels = 1 + pick(8);
  f.num_labels = labels;
  f.label_block.assign(labels, ~0u);
  // Label positions first (each bound once), then the body around them.
  const uint32_t n = 20 + pick(80);
  std::vector<uint32_t> bind_at(labels);
  for (uint32_t l = 0; l < labels; ++l) bind_at[l] = pick(n);
  auto any = [&] { return pool[pick(static_cast<uint32_t>(pool.size()))]; };
  auto emit = [&](Inst in) {
    if (in.op == Opcode::kLabel) f.label_block[in.index] = static_cast<uint32_t>(f.insts.size());
    in.loop_depth = static_cast<uint8_t>(pick(3));
    f.insts.push_back(in);
  };
  for (uint32_t i = 0; i < n; ++i) {
    for (uint32_t l = 0; l < labels; ++l)
      if (bind_at[l] == i) emit({.op = Opcode::kLabel, .index = l});
    const VReg dst = pick(3) == 0 ? f.NewVReg(Type::kI32) : any();
    switch (pick(12)) {
      case 0: emit({.op = Opcode::kConst, .dst = dst, .imm = pick(100)}); break;
      case 1: emit({.op = Opcode::kBrIf, .a = any(), .index = pick(labels)}); break;
      case 2: emit({.op = Opcode::kBrCmp, .cond = ir::Cond::kLtU, .a = any(), .b = any(), .index = pick(labels)}); break;
      case 3: if (pick(3) == 0) emit({.op = Opcode::kJump, .index = pick(labels)}); break;
      case 4:
        if (pick(4) == 0) {
          Inst in{.op = Opcode::kBrTable, .a = any()};
          in.extra_begin = static_cast<uint32_t>(f.extra.size());
          in.extra_count = 1 + pick(4);
          for (uint32_t k = 0; k < in.extra_count; ++k) f.extra.push_back(pick(labels));
          emit(in);
        }
        break;
      case 5: {
        Inst in{.op = Opcode::kCall, .index = 0};
        in.extra_begin = static_cast<uint32_t>(f.extra.size());
        in.index2 = pick(3);
        for (uint32_t k = 0; k < in.index2; ++k) f.extra.push_back(any());
        const uint32_t results = pick(3);
        for (uint32_t k = 0; k < results; ++k) f.extra.push_back(pick(2) ? any() : f.NewVReg(Type::kI32));
        in.extra_count = in.index2 + results;
        emit(in);
        break;
      }
      case 6:
        if (pick(6) == 0) {
          Inst in{.op = Opcode::kReturn, .index2 = 1};
          in.extra_begin = static_cast<uint32_t>(f.extra.size());
          in.extra_count = 1;
          f.extra.push_back(any());
          emit(in);
        }
        break;
      default: emit({.op = Opcode::kAdd, .dst = dst, .a = any(), .b = any()}); break;
    }
    if (dst >= params + vars) pool.push_back(dst);  // a temporary, readable from now on
  }
  for (uint32_t l = 0; l < labels; ++l)  // labels bound at n: before the final return
    if (bind_at[l] >= n) emit({.op = Opcode::kLabel, .index = l});
  Inst ret{.op = Opcode::kReturn, .index2 = 1};
  ret.extra_begin = static_cast<uint32_t>(f.extra.size());
  ret.extra_count = 1;
  f.extra.push_back(any());
  emit(ret);
  return f;
}

// The instructions that may run after instruction i (branch targets, the next one).
inline std::vector<uint32_t> Successors(const ir::Function& f, uint32_t i) {
  const ir::Inst& in = f.insts[i];
  std::vector<uint32_t> s;
  ir::ForEachTarget(f, in, [&](uint32_t l) { s.push_back(f.label_block[l]); });
  if (!ir::IsTerminator(in.op) && i + 1 < f.insts.size()) s.push_back(i + 1);
  return s;
}

}  // namespace wasmc::regalloc
