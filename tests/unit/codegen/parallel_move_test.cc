// The parallel-move sequencer against its symbolic checker: random permutations with
// cycles, fan-out, constants and slots, in both register classes.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "backend/codegen/asmjit_masm.h"
#include "backend/regalloc/parallel_move.h"

namespace wasmc::regalloc {
namespace {

TEST(ParallelMove, RandomPermutationsReplayCorrectly) {
  std::mt19937 rng(1234);
  const uint8_t kScratchGpr = 11, kScratchFpr = 15;
  for (int round = 0; round < 2000; ++round) {
    // Locations: GPRs 0..9, FPRs 0..9, slots 0..5.
    std::vector<Location> gpr_locs, fpr_locs;
    for (uint8_t r = 0; r < 10; ++r) gpr_locs.push_back(Location::Reg(r));
    for (uint32_t s = 0; s < 6; ++s) gpr_locs.push_back(Location::Slot(s));
    for (uint8_t r = 0; r < 10; ++r) fpr_locs.push_back(Location::Reg(r));
    std::vector<Move> moves;
    for (int cls = 0; cls < 2; ++cls) {
      std::vector<Location>& locs = cls ? fpr_locs : gpr_locs;
      if (cls) {  // slots already used by GPR moves as destinations stay out
        std::vector<Location> regs_only(locs.begin(), locs.begin() + 10);
        locs = regs_only;
      }
      std::vector<Location> dsts = locs;
      std::shuffle(dsts.begin(), dsts.end(), rng);
      int n = static_cast<int>(rng() % (dsts.size() + 1));
      for (int k = 0; k < n; ++k) {
        Move m;
        m.dst = dsts[k];
        m.fp = cls == 1;
        if (rng() % 6 == 0) {
          m.src = Location{Location::kConst};
          m.imm = rng();
        } else {
          m.src = locs[rng() % locs.size()];
        }
        moves.push_back(m);
      }
    }
    std::vector<Move> seq = SequenceMoves(moves, kScratchGpr, kScratchFpr);
    ASSERT_EQ(CheckSequence(moves, seq), "") << "round " << round;
    for (const Move& m : seq) {  // the scratch is only ever a temporary
      bool scratch_dst = m.dst.kind == Location::kReg &&
                         m.dst.reg == (m.fp ? kScratchFpr : kScratchGpr);
      if (scratch_dst) {
        bool read_later = false;
        for (const Move& r : seq)
          if (r.src == m.dst && r.fp == m.fp) read_later = true;
        EXPECT_TRUE(read_later);
      }
    }
  }
}

// EmitParallelMove's shortcut (asmjit_masm.cc) must give the sequencer's order exactly
// (the output is byte-identical with or without it) and refuse what needs sequencing.
TEST(ParallelMove, IndependentMovesKeepTheSequencersOrder) {
  std::mt19937 rng(4321);
  int taken = 0, refused = 0;
  for (int round = 0; round < 4000; ++round) {
    std::vector<Move> moves;
    const int n = static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) {
      Move m;
      m.fp = rng() % 4 == 0;
      auto loc = [&] {  // a few registers and slots: sometimes shared, sometimes not
        return rng() % 3 == 0 ? Location::Slot(rng() % 4) : Location::Reg(static_cast<uint8_t>(rng() % 8));
      };
      m.dst = loc();
      if (rng() % 5 == 0) {
        m.src = Location{Location::kConst};
        m.imm = rng();
      } else {
        m.src = loc();
      }
      moves.push_back(m);
    }
    // (Two writes to one location: the sequencer's CHECK, so not given to it here.)
    bool two_writes = false;
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) {
        const Move &a = moves[i], &b = moves[j];
        if (a.dst.kind == b.dst.kind &&
            (a.dst.kind == Location::kReg ? a.dst.reg == b.dst.reg && a.fp == b.fp : a.dst.slot == b.dst.slot))
          two_writes = true;
      }
    std::vector<Move> fast = {Move{}};
    const bool independent = IndependentMovesInto(moves, fast);
    if (two_writes) {
      EXPECT_FALSE(independent) << "round " << round;
      continue;
    }
    std::vector<Move> seq;
    SequenceMovesInto(moves, 11, 15, seq);
    if (!independent) {
      ++refused;
      continue;
    }
    ++taken;
    ASSERT_EQ(fast.size(), seq.size()) << "round " << round;
    for (size_t k = 0; k < seq.size(); ++k) {
      EXPECT_EQ(fast[k].dst, seq[k].dst) << "round " << round << " move " << k;
      EXPECT_EQ(fast[k].src, seq[k].src) << "round " << round << " move " << k;
      EXPECT_EQ(fast[k].imm, seq[k].imm) << "round " << round << " move " << k;
      EXPECT_EQ(fast[k].fp, seq[k].fp) << "round " << round << " move " << k;
    }
  }
  EXPECT_GT(taken, 500);
  EXPECT_GT(refused, 500);
  // A swap needs the scratch: refused.
  std::vector<Move> swap = {Move{Location::Reg(1), Location::Reg(2)}, Move{Location::Reg(2), Location::Reg(1)}};
  std::vector<Move> out;
  EXPECT_FALSE(IndependentMovesInto(swap, out));
}

// IndependentMoves answers by a bit per location where it can (registers and slots
// below 64), else by the pairwise test: both must always agree, whatever the moves
// (two writes to one location, sources of no kind, numbers of 64 and more, moves to
// themselves, a slot written in one class and read in the other).
TEST(ParallelMove, IndependentMovesByMasksIsThePairwiseTest) {
  std::mt19937 rng(2024);
  int yes = 0, no = 0;
  for (int round = 0; round < 20000; ++round) {
    std::vector<Move> moves;
    const int n = static_cast<int>(rng() % 7);
    const bool big = rng() % 4 == 0;  // numbers at and past 64 in some rounds
    auto loc = [&] {
      const uint32_t k = rng() % 12;
      if (k == 0) return Location{};  // kNone
      const uint32_t id = big && rng() % 3 == 0 ? 62 + rng() % 6 : rng() % 6;
      return k < 4 ? Location::Slot(id) : Location::Reg(static_cast<uint8_t>(id));
    };
    for (int k = 0; k < n; ++k) {
      Move m;
      m.fp = rng() % 3 == 0;
      m.dst = loc();
      if (m.dst.kind == Location::kNone && rng() % 4 != 0) m.dst = Location::Reg(static_cast<uint8_t>(rng() % 6));
      if (rng() % 6 == 0) {
        m.src = Location{Location::kConst};
        m.imm = rng();
      } else if (rng() % 5 == 0) {
        m.src = m.dst;  // a move to itself
      } else {
        m.src = loc();
      }
      moves.push_back(m);
    }
    const bool want = IndependentMovesQuadratic(moves);
    ASSERT_EQ(IndependentMoves(moves), want) << "round " << round;
    ++(want ? yes : no);
  }
  EXPECT_GT(yes, 3000);
  EXPECT_GT(no, 3000);
  // A slot is one location whatever the class it is written and read in.
  const std::vector<Move> slot_classes = {{Location::Slot(3), Location::Reg(1), 0, true, true},
                                          {Location::Reg(2), Location::Slot(3), 0, false, true}};
  EXPECT_FALSE(IndependentMoves(slot_classes));
  // A register is not: GPR 1 and FPR 1 differ.
  const std::vector<Move> reg_classes = {{Location::Reg(1), Location::Reg(2), 0, true, true},
                                         {Location::Reg(3), Location::Reg(1), 0, false, true}};
  EXPECT_TRUE(IndependentMoves(reg_classes));
}

TEST(ParallelMove, SwapUsesScratchOnce) {
  std::vector<Move> moves = {{Location::Reg(1), Location::Reg(2), 0, false, true},
                             {Location::Reg(2), Location::Reg(1), 0, false, true}};
  std::vector<Move> seq = SequenceMoves(moves, 11, 15);
  EXPECT_EQ(seq.size(), 3u);
  EXPECT_EQ(CheckSequence(moves, seq), "");
  // A broken sequence is caught.
  std::vector<Move> wrong = {{Location::Reg(1), Location::Reg(2), 0, false, true},
                             {Location::Reg(2), Location::Reg(1), 0, false, true}};
  EXPECT_NE(CheckSequence(moves, wrong), "");
}

// One move is emitted without the sequencer (AsmjitMacroAssembler::EmitParallelMove):
// MovesToItself must drop exactly what SequenceMoves drops, so the code is the same.
TEST(ParallelMove, OneMoveIsWhatTheSequencerReturns) {
  const Location kConst{Location::kConst};
  const std::vector<Location> locs = {Location::Reg(0), Location::Reg(3), Location::Slot(0),
                                      Location::Slot(3), kConst};
  for (const Location& dst : locs) {
    if (dst.kind == Location::kConst) continue;
    for (const Location& src : locs)
      for (bool fp : {false, true}) {
        const Move m{dst, src, 7, fp, true};
        const std::vector<Move> seq = SequenceMoves({m}, 11, 15);
        EXPECT_EQ(seq.empty(), MovesToItself(m)) << int(dst.kind) << " " << int(src.kind);
        if (!seq.empty()) {
          EXPECT_TRUE(seq.size() == 1 && seq[0].dst == dst && seq[0].src == src);
        }
      }
  }
  EXPECT_TRUE(MovesToItself({Location::Reg(2), Location::Reg(2), 0, true, true}));
  EXPECT_FALSE(MovesToItself({Location::Reg(2), kConst, 0, false, true}));
  EXPECT_FALSE(MovesToItself({Location::Slot(2), Location::Reg(2), 0, false, true}));
}

// SequenceMovesInto into one reused buffer (the emitter's, asmjit_masm.cc) gives what
// SequenceMoves returns, whatever the buffer held before.
TEST(ParallelMove, IntoAReusedBufferIsTheSequence) {
  std::mt19937 rng(77);
  std::vector<Move> out;
  for (int round = 0; round < 2000; ++round) {
    std::vector<Location> locs;
    for (uint8_t r = 0; r < 8; ++r) locs.push_back(Location::Reg(r));
    for (uint32_t s = 0; s < 4; ++s) locs.push_back(Location::Slot(s));
    std::shuffle(locs.begin(), locs.end(), rng);
    std::vector<Move> moves(rng() % (locs.size() + 1));
    for (size_t k = 0; k < moves.size(); ++k) {
      moves[k].dst = locs[k];
      if (rng() % 5 == 0) moves[k].src = Location{Location::kConst}, moves[k].imm = rng();
      else moves[k].src = locs[rng() % locs.size()];
    }
    const std::vector<Move> want = SequenceMoves(moves, 11, 15);
    SequenceMovesInto(moves, 11, 15, out);
    ASSERT_EQ(out.size(), want.size()) << "round " << round;
    for (size_t k = 0; k < out.size(); ++k) {
      EXPECT_EQ(out[k].dst, want[k].dst) << "round " << round;
      EXPECT_EQ(out[k].src, want[k].src) << "round " << round;
      EXPECT_EQ(out[k].imm, want[k].imm) << "round " << round;
    }
    ASSERT_EQ(CheckSequence(moves, out), "") << "round " << round;
  }
}

}  // namespace
}  // namespace wasmc::regalloc
