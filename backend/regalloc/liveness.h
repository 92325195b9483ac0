// Liveness and live intervals for the linear-scan allocator (regalloc.h).
//
// Regions: the function is cut into regions that start at a kLabel or after a
// conditional branch and end at a terminator/branch, so each region has only
// end-of-region successors. Values used in more than one region ("global") get
// bit-vector dataflow; region-local values get their interval from their positions.
// Provides: the live ranges of every vreg (with holes where it is dead) and their hull,
// and removes dead pure instructions (a backward walk per region).
#pragma once

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include "backend/diag.h"
#include "backend/ir/ir.h"

namespace wasmc::regalloc {

// A live range [start, end], both inclusive, in positions (2i use, 2i+1 def).
struct Range {
  uint32_t start = 0, end = 0;
};


// One region of straight-line code: instructions [begin, end), entered only at begin.
struct Region {
  uint32_t begin = 0, end = 0;   // instruction range [begin, end)
  uint32_t succ[2] = {~0u, ~0u}; // fall-through / single branch target region
  // br_table targets: RegionLiveness::more[more_begin .. more_end) (a flat array, so
  // that a region is plain data: no vector per region to move and free).
  uint32_t more_begin = 0, more_end = 0;
};

// One bit per global vreg, per region: rows of a flat matrix (one allocation, not one
// per region: the rows of a large function are many and short).
class BitRows {
 public:
  class Row {
   public:
    Row(uint64_t* w, size_t n) : w_(w), n_(n) {}
    bool Get(size_t i) const { return (w_[i >> 6] >> (i & 63)) & 1; }
    uint64_t Word(size_t i) const { return w_[i]; }
    void Set(size_t i) { w_[i >> 6] |= 1ull << (i & 63); }
    void Clear(size_t i) { w_[i >> 6] &= ~(1ull << (i & 63)); }
    void SetWord(size_t i, uint64_t x) { w_[i] = x; }
    // this |= o; returns true when something changed.
    bool Or(Row o) {
      bool changed = false;
      for (size_t i = 0; i < n_; ++i) {
        uint64_t n = w_[i] | o.w_[i];
        changed |= n != w_[i];
        w_[i] = n;
      }
      return changed;
    }
    // this |= (a & ~b)
    bool OrAndNot(Row a, Row b) {
      bool changed = false;
      for (size_t i = 0; i < n_; ++i) {
        uint64_t n = w_[i] | (a.w_[i] & ~b.w_[i]);
        changed |= n != w_[i];
        w_[i] = n;
      }
      return changed;
    }
    template <typename F>
    void ForEach(F&& f) const {
      for (size_t i = 0; i < n_; ++i)
        for (uint64_t x = w_[i]; x; x &= x - 1) f(i * 64 + __builtin_ctzll(x));
    }

   private:
    uint64_t* w_;
    size_t n_;
  };

  BitRows() = default;
  BitRows(size_t rows, size_t bits) : words_((bits + 63) / 64), w_(rows * words_, 0) {}
  // rows x bits, all clear, in the memory the rows had (no allocation when it suffices).
  void Reset(size_t rows, size_t bits) {
    words_ = (bits + 63) / 64;
    w_.assign(rows * words_, 0);
  }
  std::vector<uint64_t>& Words() { return w_; }  // (kept per thread: RegionLiveness)
  // The rows become `rows` x `bits` in the memory of `w` (at least that many words,
  // every one of which the caller has written), and `w` takes the rows' old memory:
  // rows built apart (SplitWebs) without a clear and an allocation of their own.
  void SwapIn(std::vector<uint64_t>& w, size_t rows, size_t bits) {
    words_ = (bits + 63) / 64;
    WASMC_CHECK(w.size() >= rows * words_);
    w_.swap(w);
  }
  Row operator[](size_t r) { return Row(w_.data() + r * words_, words_); }
  Row operator[](size_t r) const { return Row(const_cast<uint64_t*>(w_.data()) + r * words_, words_); }

 private:
  size_t words_ = 0;
  std::vector<uint64_t> w_;
};

// Region-level liveness (steps 1-3 of ComputeIntervals): regions, which vregs are
// global (live across a region boundary) and their live-in / live-out bits per region.
// Its vectors are kept per thread from one function to the next (backend/kept_vectors.h).
struct RegionLiveness {
  RegionLiveness() = default;
  explicit RegionLiveness(const ir::Function& fn);
  RegionLiveness(RegionLiveness&&) = default;
  RegionLiveness& operator=(RegionLiveness&&) = default;
  ~RegionLiveness();
  // Is v live on entry to the region that starts at instruction i (i must start one:
  // a kLabel, or the instruction after a branch)?
  bool LiveInAt(ir::VReg v, uint32_t i) const;

  std::vector<Region> regions;
  std::vector<uint32_t> more;          // the br_table targets of the regions (Region)
  std::vector<uint32_t> label_region;  // label id -> region
  std::vector<uint32_t> global_index;  // per vreg: its bit, or ~0u (region-local)
  std::vector<ir::VReg> global_vreg;   // per bit: its vreg (global_index's inverse)
  // Per bit: the global's definitions in the body (a param's entry not counted; for
  // SplitWebs, from the same walk, so that it need not count them in one of its own).
  std::vector<uint32_t> global_defs;
  // The instructions whose opcode may have operands in Function::extra (kOpExtra,
  // op_flags.h), in order.
  std::vector<uint32_t> extra_insts;
  uint32_t num_globals = 0;
  BitRows live_in, live_out;  // per region
  bool eh_edges = false;      // the function has a kEhEdge (it ends a region)

 private:
  auto Kept() {
    return std::tie(regions, more, label_region, global_index, global_vreg, global_defs, extra_insts,
                    live_in.Words(), live_out.Words());
  }
};

// Its vectors are kept per thread from one function to the next (backend/kept_vectors.h).
struct Intervals {
  Intervals() = default;
  Intervals(Intervals&&) = default;
  Intervals& operator=(Intervals&&) = default;
  ~Intervals();
  void TakeSpare();  // the thread's spare vectors become these (all empty)

  // Per vreg: its ranges are ranges[range_begin[v] .. range_begin[v+1]), sorted and
  // disjoint; start/end are the hull (start > end: the vreg is never live).
  std::vector<Range> ranges;
  std::vector<uint32_t> range_begin;
  std::vector<uint32_t> start, end;
  std::vector<uint32_t> num_defs;    // per vreg
  std::vector<float> weight;         // per vreg: uses+defs weighted by loop depth
  std::vector<uint32_t> call_positions;  // instruction indices of calls, ascending
  RegionLiveness liveness;           // of the function as it was before dead-code removal
  // With `temps_apart` (the -O1 tier): the temporaries, values of one region with one
  // range (no hole), in the order of their starts (a tie, the results of one
  // instruction: its dst, then ir::ForEachDef's order). They get start and end (their
  // one range) but no entry in `ranges`: the scan does not see them, LinearScan's
  // FillTemporaries takes them in this order. Never a param or the results pointer
  // (live at entry: global).
  std::vector<ir::VReg> temps;

 private:
  auto Kept() { return std::tie(ranges, range_begin, start, end, num_defs, weight, call_positions, temps); }
};

// `temps_apart`: see Intervals::temps; false: every value has its ranges.
Intervals ComputeIntervals(ir::Function& fn, bool temps_apart = false);
// The same from the function's region liveness, computed already (SplitWebs, webs.h).
Intervals ComputeIntervals(ir::Function& fn, RegionLiveness liveness, bool temps_apart = false);

}  // namespace wasmc::regalloc
