#include "backend/regalloc/parallel_move.h"

#include <map>

#include "backend/diag.h"

namespace wasmc::regalloc {
namespace {

// Locations are compared including their register class: GPR r and FPR r differ.
struct Key {
  uint8_t kind;
  bool fp;
  uint32_t id;
  bool operator<(const Key& o) const {
    return std::tie(kind, fp, id) < std::tie(o.kind, o.fp, o.id);
  }
  bool operator==(const Key& o) const = default;
};

Key KeyOf(const Location& l, bool fp) {
  if (l.kind == Location::kReg) return {Location::kReg, fp, l.reg};
  if (l.kind == Location::kSlot) return {Location::kSlot, false, l.slot};
  return {l.kind, false, 0};
}

// A count per location, for the few locations of one parallel move: a linear search
// in one small vector (a std::map allocated a node per location).
class Counts {
 public:
  int& operator[](const Key& k) {
    if (int* c = Find(k)) return *c;
    entries_.push_back({k, 0});
    return entries_.back().second;
  }
  int* Find(const Key& k) {
    for (auto& [key, count] : entries_)
      if (key == k) return &count;
    return nullptr;
  }
  void Reserve(size_t n) { entries_.reserve(n); }
  void Clear() { entries_.clear(); }

 private:
  std::vector<std::pair<Key, int>> entries_;
};

}  // namespace

std::vector<Move> SequenceMoves(std::vector<Move> moves, uint8_t gpr_scratch,
                                uint8_t fpr_scratch) {
  std::vector<Move> out;
  SequenceMovesInto(moves, gpr_scratch, fpr_scratch, out);
  return out;
}

void SequenceMovesInto(std::span<const Move> moves, uint8_t gpr_scratch, uint8_t fpr_scratch,
                       std::vector<Move>& out) {
  out.clear();
  out.reserve(moves.size());
  // The working lists, kept per thread from call to call (one call per call site and
  // block edge: their allocations were most of the sequencer's cost).
  thread_local std::vector<Move> pending;
  thread_local Counts writers, readers;
  pending.clear();
  writers.Clear();
  readers.Clear();
  // Drop no-op moves.
  pending.reserve(moves.size());
  for (const Move& m : moves)
    if (!MovesToItself(m)) pending.push_back(m);
  // Two moves into one location have no meaning: the caller lost track of which
  // value lives there (an allocation bug), so stop rather than pick one.
  writers.Reserve(moves.size());
  for (const Move& m : moves)
    WASMC_CHECK(++writers[KeyOf(m.dst, m.fp)] == 1 && "parallel move with two writes to one location");
  // Moves are few (call arguments, block results): quadratic scans are fine; a count
  // of readers per location says whether a dst is still read.
  readers.Reserve(pending.size());
  for (const Move& m : pending)
    if (m.src.kind != Location::kConst) readers[KeyOf(m.src, m.fp)]++;
  while (!pending.empty()) {
    bool progress = false;
    for (size_t i = 0; i < pending.size();) {
      Move& m = pending[i];
      const int* r = readers.Find(KeyOf(m.dst, m.fp));
      if (r && *r > 0) { ++i; continue; }
      out.push_back(m);
      if (m.src.kind != Location::kConst) readers[KeyOf(m.src, m.fp)]--;
      pending[i] = pending.back();
      pending.pop_back();
      progress = true;
    }
    if (progress) continue;
    // Every pending dst is still read: the rest are cycles. Save one dst in the
    // scratch register of its class and redirect its readers there.
    Move& m = pending.back();
    Key dkey = KeyOf(m.dst, m.fp);
    bool reader_fp = m.fp;  // a slot may be read in another class than it is written
    bool reader_v128 = m.v128;
    for (const Move& r : pending)
      if (r.src.kind != Location::kConst && KeyOf(r.src, r.fp) == dkey)
        reader_fp = r.fp, reader_v128 = r.v128;
    Location scratch = Location::Reg(reader_fp ? fpr_scratch : gpr_scratch);
    Move save{scratch, m.dst, 0, reader_fp, true};
    save.v128 = reader_v128;
    out.push_back(save);
    for (Move& r : pending)
      if (r.src.kind != Location::kConst && KeyOf(r.src, r.fp) == dkey) {
        WASMC_CHECK(r.fp == reader_fp);
        r.src = scratch;
      }
    readers[dkey] = 0;
  }
}

std::string CheckSequence(const std::vector<Move>& parallel, const std::vector<Move>& sequence) {
  // Symbolic state: location -> name of the original value it holds.
  std::map<Key, std::string> state;
  auto value_of = [&](const Move& m) -> std::string {
    if (m.src.kind == Location::kConst) return "const:" + std::to_string(m.imm);
    Key k = KeyOf(m.src, m.fp);
    auto it = state.find(k);
    if (it != state.end()) return it->second;
    return "orig:" + std::to_string(k.kind) + "/" + std::to_string(k.fp) + "/" +
           std::to_string(k.id);
  };
  for (const Move& m : sequence) state[KeyOf(m.dst, m.fp)] = value_of(m);
  for (const Move& m : parallel) {
    std::string want;
    if (m.src.kind == Location::kConst) {
      want = "const:" + std::to_string(m.imm);
    } else {
      Key k = KeyOf(m.src, m.fp);
      want = "orig:" + std::to_string(k.kind) + "/" + std::to_string(k.fp) + "/" +
             std::to_string(k.id);
    }
    Key d = KeyOf(m.dst, m.fp);
    std::string got = state.count(d) ? state[d]
                                     : "orig:" + std::to_string(d.kind) + "/" +
                                           std::to_string(d.fp) + "/" + std::to_string(d.id);
    if (got != want) return "destination holds " + got + ", expected " + want;
  }
  return {};
}

}  // namespace wasmc::regalloc
