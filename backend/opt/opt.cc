// The mid-end pipeline (backend/opt/opt.h) and its per-pass timing (WASMC_OPT_TIMES).
#include "backend/opt/opt.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "backend/opt/util.h"

namespace wasmc::opt {
namespace {

struct PassTimer {
  const char* name;
  std::atomic<uint64_t> ns{0};
  std::atomic<uint64_t> changed{0};
};
PassTimer g_timers[] = {{"fold"}, {"branches"}, {"cse"}, {"licm"}, {"fold (after cse)"}, {"vectorize"}, {"fuse compares"}, {"byte compares"}, {"scaled add"}, {"shifted operands"}, {"multiply-add"}};

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

// Whether OptimizeFunction checks the shared definition counts (WASMC_VERIFY set, not
// "0": the flag compiler/lower/compile_functions.cc reads for the IR verifier).
const bool g_check_defs = [] {
  const char* v = std::getenv("WASMC_VERIFY");
  return v != nullptr && std::strcmp(v, "0") != 0;
}();

// Runs one pass; after a change the shared counts are counted again when next asked.
// A pass that reports no change must have left them exact: checked under WASMC_VERIFY.
template <typename Pass>
bool Run(PassTimer& t, ir::Function& fn, DefCounts& defs, Pass pass) {
  bool changed;
  if (!g_report.on) {
    changed = pass(fn);
  } else {
    const auto start = std::chrono::steady_clock::now();
    changed = pass(fn);
    t.ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    t.changed += changed;
  }
  if (changed) {
    defs.Changed();
  } else if (g_check_defs && defs.Valid() && defs.Of(fn) != CountDefs(fn)) {
    std::fprintf(stderr, "wasmc: internal error: mid-end pass '%s' changed the definitions of function %u"
                 " but reported no change\n", t.name, fn.func_index);
    std::abort();
  }
  return changed;
}

}  // namespace

void OptimizeFunction(ir::Function& fn, int opt_level, const TargetCapabilities& target) {
  if (opt_level < 2) return;
  const auto const_in_register = target.const_in_register;
  DefCounts defs;
  Run(g_timers[0], fn, defs, [&](ir::Function& f) { return FoldConstants(f, defs); });
  Run(g_timers[1], fn, defs, [&](ir::Function& f) { return FoldBranches(f, defs); });
  // CSE turns equal values into one, which may make `x - y` an `x - x`.
  const bool cse =
      Run(g_timers[2], fn, defs, [&](ir::Function& f) { return EliminateCommonSubexpressions(f, defs); });
  Run(g_timers[3], fn, defs, [&](ir::Function& f) { return HoistLoopInvariants(f, const_in_register, defs); });
  if (cse) Run(g_timers[4], fn, defs, [&](ir::Function& f) { return FoldConstants(f, defs); });
  // after LICM: the loop's invariants are in its preheader, where the checks read them
  if (target.vectors) Run(g_timers[5], fn, defs, [&](ir::Function& f) { return VectorizeLoops(f, defs); });
  // after the folds and CSE (which may leave a compare's result read by one branch
  // only) and after the vectorizer, whose loops keep the shape the builder gave them
  Run(g_timers[6], fn, defs, FuseCompareBranches);
  // after the compare fusion, which may leave a byte loop's test as one br_cmp
  Run(g_timers[7], fn, defs, [&](ir::Function& f) { return WidenByteCompares(f, defs); });
  // last: the passes above do not know kAddShl
  Run(g_timers[8], fn, defs, [&](ir::Function& f) { return FoldScaledAdds(f, const_in_register, defs); });
  // after the scaled adds, which take `x + (y << 1..3)` (x86-64 needs them as lea)
  if (target.shifted_operands)
    Run(g_timers[9], fn, defs,
        [&](ir::Function& f) { return FoldShiftedOperands(f, const_in_register, defs); });
  // after the vectorizer, which makes the vector multiplies and adds it fuses
  if (target.multiply_add) Run(g_timers[10], fn, defs, [&](ir::Function& f) { return FoldMultiplyAdds(f, defs); });
}

}  // namespace wasmc::opt
