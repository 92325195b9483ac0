#include "backend/target.h"

#include <array>

#include "backend/diag.h"

namespace wasmc {

// One line per target: each ISA folder defines its entry.
const TargetInfo& X64Target();  // backend/x64/target_x64.cc
const TargetInfo& A64Target();  // backend/a64/target_a64.cc

namespace {
const std::array<const TargetInfo*, 2>& Registry() {
  static const std::array<const TargetInfo*, 2> targets = {&X64Target(), &A64Target()};
  return targets;
}
}  // namespace

std::span<const TargetInfo* const> AllTargets() { return Registry(); }

const TargetInfo& GetTarget(Target t) {
  for (const TargetInfo* info : Registry())
    if (info->id == t) return *info;
  WASMC_UNREACHABLE();
}

const TargetInfo* FindTarget(std::string_view triple) {
  for (const TargetInfo* info : Registry())
    if (triple == info->triple) return info;
  return nullptr;
}

const TargetInfo& HostTarget() {
  for (const TargetInfo* info : Registry())
    if (info->is_host) return *info;
  return *Registry().front();  // a host wasmc cannot generate code for: keep the first
}

std::string TargetTriples(std::string_view last) {
  std::string out;
  const auto& all = Registry();
  for (size_t i = 0; i < all.size(); ++i) {
    if (i > 0) out += i + 1 == all.size() ? last : ", ";
    out += all[i]->triple;
  }
  return out;
}

const char* TargetTriple(Target t) { return GetTarget(t).triple; }

}  // namespace wasmc
