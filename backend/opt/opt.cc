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

// Runs one pass; after a change the shared counts are counted again when next asked,
// unless the pass kept them (DefCounts::Kept), and LICM's loops are no longer valid.
// A pass that reports no change must have left the counts exact, one that kept them
// must have kept them exact: both checked under WASMC_VERIFY.
template <typename Pass>
bool Run(PassTimer& t, ir::Function& fn, DefCounts& defs, LoopHeaders& loops, Pass pass) {
  bool changed;
  if (!g_report.on) {
    changed = pass(fn);
  } else {
    const auto start = std::chrono::steady_clock::now();
    changed = pass(fn);
    t.ns += std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count();
    t.changed += changed;
  }
  const bool kept = defs.TakeKept();
  if (changed) loops.valid = false;  // (their instruction indices may have moved)
  if (changed && kept) {
    if (g_check_defs && defs.Of(fn) != CountDefs(fn)) {
      std::fprintf(stderr, "wasmc: internal error: mid-end pass '%s' kept wrong definition counts of function %u\n",
                   t.name, fn.func_index);
      std::abort();
    }
  } else if (changed) {
    defs.Changed();
  } else if (g_check_defs && defs.Valid() && defs.Of(fn) != CountDefs(fn)) {
    std::fprintf(stderr, "wasmc: internal error: mid-end pass '%s' changed the definitions of function %u"
                 " but reported no change\n", t.name, fn.func_index);
    std::abort();
  }
  return changed;
}

// Whether fn may have a loop: some instruction has a loop depth (OptimizeFunction's
// contract, opt.h: the builder gives a wasm loop's header label and body depth >= 1,
// and no pass makes a back branch in a function that had none).
bool MayHaveLoops(const ir::Function& fn) {
  for (const ir::Inst& in : fn.insts)
    if (in.loop_depth != 0) return true;
  return false;
}

// Whether some branch targets a label bound at or before it (a loop's back branch):
// under WASMC_VERIFY, what MayHaveLoops's "no" is checked against.
bool HasBackBranch(const ir::Function& fn) {
  std::vector<uint8_t> bound(fn.num_labels, 0);
  bool back = false;
  for (const ir::Inst& in : fn.insts) {
    if (in.op == ir::Opcode::kLabel && in.index < fn.num_labels) bound[in.index] = 1;
    ir::ForEachTarget(fn, in, [&](uint32_t l) { back |= l < fn.num_labels && bound[l]; });
  }
  return back;
}

}  // namespace

void OptimizeFunction(ir::Function& fn, int opt_level, const TargetCapabilities& target) {
  if (opt_level < 2) return;
  const auto const_in_register = target.const_in_register;
  // LICM, the vectorizer and the byte compares rewrite loops only: a function without
  // any (SQLite: most) skips their walks.
  const bool any_loop = MayHaveLoops(fn);
  if (!any_loop && g_check_defs && HasBackBranch(fn)) {
    std::fprintf(stderr, "wasmc: internal error: function %u has a back branch but no instruction with a"
                 " loop depth (opt.h, OptimizeFunction)\n", fn.func_index);
    std::abort();
  }
  DefCounts defs;
  LoopHeaders loops;  // LICM's, for the loop rewriters after it
  // What the fold's walk found (util.h FoldFacts): branch folding takes it when the fold
  // inserted nothing, else walks for it itself; it then holds while no pass changes the
  // function, for LICM and the compare fusion (checked under WASMC_VERIFY).
  bool facts = false;
  auto held = [&](const char* pass) -> const FoldFacts* {
    if (!facts) return nullptr;
    if (g_check_defs && !FoldFactsHold(fn, defs.Of(fn), ThreadFoldFacts())) {
      std::fprintf(stderr, "wasmc: internal error: the fold's facts that %s takes are wrong in function %u\n",
                   pass, fn.func_index);
      std::abort();
    }
    return &ThreadFoldFacts();
  };
  Run(g_timers[0], fn, defs, loops, [&](ir::Function& f) { return FoldConstants(f, defs, &facts); });
  const bool walked = held("branch folding") != nullptr;
  facts = !Run(g_timers[1], fn, defs, loops, [&](ir::Function& f) { return FoldBranches(f, defs, walked); });
  // CSE turns equal values into one, which may make `x - y` an `x - x`.
  const bool cse =
      Run(g_timers[2], fn, defs, loops, [&](ir::Function& f) { return EliminateCommonSubexpressions(f, defs); });
  facts &= !cse;
  if (any_loop) {
    const FoldFacts* f_facts = held("LICM");
    facts &= !Run(g_timers[3], fn, defs, loops,
                  [&](ir::Function& f) { return HoistLoopInvariants(f, const_in_register, defs, &loops, f_facts); });
  }
  if (cse) Run(g_timers[4], fn, defs, loops, [&](ir::Function& f) { return FoldConstants(f, defs, &facts); });
  // after LICM: the loop's invariants are in its preheader, where the checks read them
  if (target.vectors && any_loop)
    facts &= !Run(g_timers[5], fn, defs, loops, [&](ir::Function& f) { return VectorizeLoops(f, defs, &loops); });
  // after the folds and CSE (which may leave a compare's result read by one branch
  // only) and after the vectorizer, whose loops keep the shape the builder gave them
  const FoldFacts* fuse_facts = held("compare fusion");
  Run(g_timers[6], fn, defs, loops, [&](ir::Function& f) { return FuseCompareBranches(f, defs, fuse_facts); });
  // after the compare fusion, which may leave a byte loop's test as one br_cmp
  if (any_loop)
    Run(g_timers[7], fn, defs, loops, [&](ir::Function& f) { return WidenByteCompares(f, defs, &loops); });
  // last: the passes above do not know kAddShl
  // (and then, for targets with scaled indexes, the accesses whose `lea d, [x*4 + C]`
  // it made: FoldScaledIndexes, from the same walk)
  Run(g_timers[8], fn, defs, loops,
      [&](ir::Function& f) { return FoldScaledAdds(f, const_in_register, defs, target.scaled_index); });
  // after the scaled adds, which take `x + (y << 1..3)` (x86-64 needs them as lea)
  if (target.shifted_operands)
    Run(g_timers[9], fn, defs, loops,
        [&](ir::Function& f) { return FoldShiftedOperands(f, const_in_register, defs); });
  // after the vectorizer, which makes the vector multiplies and adds it fuses
  if (target.multiply_add) Run(g_timers[10], fn, defs, loops, [&](ir::Function& f) { return FoldMultiplyAdds(f, defs); });
}

}  // namespace wasmc::opt
