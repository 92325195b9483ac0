#include "backend/diag.h"

namespace wasmc {

std::string Diag::Render(const std::string& file) const {
  char off[32];
  if (line != 0)
    std::snprintf(off, sizeof off, "%u:%u", line, col);
  else
    std::snprintf(off, sizeof off, "0x%llx", static_cast<unsigned long long>(offset));
  std::string s = file + ":" + off + ": error: " + what;
  if (!why.empty()) s += " (" + why + ")";
  return s;
}

int Diag::ExitCode() const {
  switch (kind) {
    case DiagKind::kMalformed: return kExitMalformed;
    case DiagKind::kInvalid: return kExitInvalid;
    case DiagKind::kUnsupported: return kExitUnsupported;
    case DiagKind::kIo: return kExitIo;
    case DiagKind::kUsage: return kExitUsage;
    case DiagKind::kManifest: return kExitManifest;
    case DiagKind::kCodegenCheck: return kExitCodegenCheck;
  }
  return kExitInternal;
}

void CheckFailed(const char* file, int line, const char* cond) {
  std::fprintf(stderr, "wasmc: internal error: %s:%d: check failed: %s\n", file, line, cond);
  std::fflush(stderr);
  std::abort();
}

}  // namespace wasmc
