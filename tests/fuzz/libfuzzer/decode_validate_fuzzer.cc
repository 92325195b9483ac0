// libFuzzer target: the binary decoder and the validator, on any bytes.
// Seeded with every module of the spec suites (run.sh converts them with
// wast2json). Beyond "no crash, no sanitizer report": a rejection is one
// diagnostic inside the input, of a decode/validate kind, that renders.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "compiler/wasmc.h"

namespace {

void Require(bool ok) {
  if (!ok) std::abort();  // libFuzzer reports it as a crash, with the input
}

void CheckDiag(const wasmc::Diag& d, size_t size) {
  Require(d.kind == wasmc::DiagKind::kMalformed || d.kind == wasmc::DiagKind::kInvalid ||
          d.kind == wasmc::DiagKind::kUnsupported);
  Require(d.offset <= size);
  Require(!d.what.empty());
  Require(!d.Render("fuzz.wasm").empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = wasmc::DecodeModule(std::vector<uint8_t>(data, data + size));
  if (!module.ok()) {
    CheckDiag(module.diag(), size);
    return 0;
  }
  wasmc::Status valid = wasmc::ValidateModule(module.value());
  if (!valid.ok()) CheckDiag(valid.diag(), size);
  return 0;
}
