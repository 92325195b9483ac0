// The default MakeExecutor: no executor exists yet for any target. Compiled only
// while tests/spec/exec/ has no CMakeLists.txt (see tests/spec/CMakeLists.txt);
// tests/spec/exec/ then provides the real definition.
#include "tests/spec/executor.h"

namespace wasmc::spec {

std::unique_ptr<Executor> MakeExecutor(Target) { return nullptr; }

}  // namespace wasmc::spec
