// An interpreter for the integer subset of the IR, for the unit tests of passes that
// rewrite IR (tests/unit/opt/opt_test.cc, tests/unit/regalloc/split_test.cc): a function
// must compute the same results, or trap the same way, before and after the rewrite.
// It is written independently of backend/opt/fold.cc, whose constant evaluation it checks
// (a table of operations here, a switch there).
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

#include "backend/ir/ir.h"

namespace wasmc::ir_test {

// The IR's vocabulary, for tests that build functions by hand.
using ir::Cond;
using ir::Function;
using ir::Inst;
using ir::Opcode;
using ir::Type;
using ir::VReg;

struct Outcome {
  bool trapped = false;
  uint64_t value = 0;  // the returned value, or the trap: kTrap's index, 2 division by
                       // zero, 3 signed overflow
  bool operator==(const Outcome&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Outcome& o);

// Runs f on args (one per param, cut to the param's type) until its first kReturn, and
// returns its first value. A kCall stands for a callee whose first result is the sum of
// its arguments (the first index2 operands) and whose further results are 0, 1, ... An operation outside the subset, or a run of more than
// 100000 steps, is a test failure (ADD_FAILURE) and a trap.
Outcome Interpret(const Function& f, const std::vector<uint64_t>& args);

}  // namespace wasmc::ir_test
