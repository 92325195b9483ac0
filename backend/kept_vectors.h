// Vectors that grow with a function, kept per thread from one object to the next
// (docs/backend.md, "The MacroAssembler contract"): an object takes the thread's spare
// set when it is built and gives it back, emptied, when it is destroyed, so the next
// one starts with their capacity instead of an allocation each. A second object alive
// on the same thread meanwhile just starts with empty vectors.
#pragma once

#include <cstddef>
#include <tuple>
#include <utility>

namespace wasmc {

// The thread's spare set for one list of vector types (empty vectors with capacity).
template <typename... V>
std::tuple<V...>& SpareVectors() {
  thread_local std::tuple<V...> spare;
  return spare;
}

// `mine` (std::tie of an object's vectors, empty) <-> the thread's spare set.
template <typename... V>
void SwapWithSpare(std::tuple<V&...> mine) {
  std::tuple<V...>& spare = SpareVectors<V...>();
  [&]<size_t... I>(std::index_sequence<I...>) {
    (std::get<I>(mine).swap(std::get<I>(spare)), ...);
  }(std::index_sequence_for<V...>{});
}

// At construction: the spare set's vectors become the object's.
template <typename... V>
void TakeSpareVectors(std::tuple<V&...> mine) {
  SwapWithSpare(mine);
}

// At destruction: the object's vectors, emptied, become the spare set.
template <typename... V>
void GiveBackSpareVectors(std::tuple<V&...> mine) {
  std::apply([](V&... v) { (v.clear(), ...); }, mine);
  SwapWithSpare(mine);
}

// At destruction of an object that may hold nothing (moved from, or never filled): each
// vector, emptied, becomes the spare one only when it has more capacity than the spare
// one (so an empty object does not take away the capacity another gave back).
template <typename... V>
void GiveBackLargerVectors(std::tuple<V&...> mine) {
  std::tuple<V...>& spare = SpareVectors<V...>();
  [&]<size_t... I>(std::index_sequence<I...>) {
    auto one = [](auto& m, auto& s) {
      if (m.capacity() <= s.capacity()) return;
      m.clear();
      m.swap(s);
    };
    (one(std::get<I>(mine), std::get<I>(spare)), ...);
  }(std::index_sequence_for<V...>{});
}

}  // namespace wasmc
