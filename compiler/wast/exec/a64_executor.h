// The AArch64 spec executor (a64_executor.cc): wasmc's AArch64 machine code run
// by the AArch64 spec host (compiler/wast/a64host/), under qemu-aarch64 on x86-64.
#pragma once

#include <memory>

#include "compiler/wast/executor.h"

namespace wasmc::spec {

std::unique_ptr<Executor> MakeA64Executor(CodeOptions code);  // --cpu, -O (executor.h)

}  // namespace wasmc::spec
