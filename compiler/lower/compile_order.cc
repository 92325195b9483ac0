#include "compiler/lower/compile_order.h"

#include <algorithm>
#include <numeric>

namespace wasmc {

std::vector<uint32_t> CompileOrder(std::span<const uint64_t> body_sizes, unsigned threads) {
  const uint32_t n = static_cast<uint32_t>(body_sizes.size());
  const uint64_t total = std::accumulate(body_sizes.begin(), body_sizes.end(), uint64_t{0});
  // A body is large when it alone is more than 1/32 of a thread's fair share: late,
  // it would leave the other threads idle for a noticeable part of the compile.
  const uint64_t large = total / (32 * uint64_t{std::max(threads, 1u)});
  std::vector<uint32_t> order;
  order.reserve(n);
  for (uint32_t d = 0; d < n; ++d)
    if (body_sizes[d] > large) order.push_back(d);
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return body_sizes[a] > body_sizes[b]; });
  for (uint32_t d = 0; d < n; ++d)
    if (body_sizes[d] <= large) order.push_back(d);
  return order;
}

}  // namespace wasmc
