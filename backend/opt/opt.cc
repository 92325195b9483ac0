// The mid-end pipeline (backend/opt/opt.h) and its per-pass timing (WASMC_OPT_TIMES).
#include "backend/opt/opt.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace wasmc::opt {
namespace {

struct PassTimer {
  const char* name;
  std::atomic<uint64_t> ns{0};
  std::atomic<uint64_t> changed{0};
};
PassTimer g_timers[] = {{"fold"}, {"branches"}, {"cse"}, {"licm"}, {"fold (after cse)"}, {"vectorize"}, {"fuse compares"}, {"scaled add"}, {"shifted operands"}, {"multiply-add"}};

// Prints the sums at exit when WASMC_OPT_TIMES is set.
struct TimesReport {
  bool on = std::getenv("WASMC_OPT_TIMES") != nullptr;
  ~TimesReport() {
    if (!on) return;
    for (const PassTimer& t : g_timers)
      std::fprintf(stderr, "wasmc mid-end: %-18s %8.2f ms, changed %llu functions\n", t.name,
                   t.ns.load() / 1e6, static_cast<unsigned long long>(t.changed.load()));
  }
};
TimesReport g_report;

template <typename Pass>
bool Run(PassTimer& t, ir::Function& fn, Pass pass) {
  if (!g_report.on) return pass(fn);
  const auto start = std::chrono::steady_clock::now();
  const bool changed = pass(fn);
  t.ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
  t.changed += changed;
  return changed;
}

}  // namespace

void OptimizeFunction(ir::Function& fn, int opt_level, const TargetCapabilities& target) {
  if (opt_level < 2) return;
  const auto const_in_register = target.const_in_register;
  Run(g_timers[0], fn, FoldConstants);
  Run(g_timers[1], fn, FoldBranches);
  // CSE turns equal values into one, which may make `x - y` an `x - x`.
  const bool cse = Run(g_timers[2], fn, EliminateCommonSubexpressions);
  Run(g_timers[3], fn, [&](ir::Function& f) { return HoistLoopInvariants(f, const_in_register); });
  if (cse) Run(g_timers[4], fn, FoldConstants);
  // after LICM: the loop's invariants are in its preheader, where the checks read them
  if (target.vectors) Run(g_timers[5], fn, VectorizeLoops);
  // after the folds and CSE (which may leave a compare's result read by one branch
  // only) and after the vectorizer, whose loops keep the shape the builder gave them
  Run(g_timers[6], fn, FuseCompareBranches);
  // last: the passes above do not know kAddShl
  Run(g_timers[7], fn, [&](ir::Function& f) { return FoldScaledAdds(f, const_in_register); });
  // after the scaled adds, which take `x + (y << 1..3)` (x86-64 needs them as lea)
  if (target.shifted_operands)
    Run(g_timers[8], fn, [&](ir::Function& f) { return FoldShiftedOperands(f, const_in_register); });
  // after the vectorizer, which makes the vector multiplies and adds it fuses
  if (target.multiply_add) Run(g_timers[9], fn, FoldMultiplyAdds);
}

}  // namespace wasmc::opt
