// libFuzzer target: the text front end (compiler/text/) on any bytes, as a .wat file.
// Invariants beyond "no crash, no sanitizer report": a rejection is a malformed-text
// diagnostic with a line and a column inside the input; accepted text encodes to a
// binary that the decoder and validator can read without crashing (they may reject
// it: the text parser leaves typing to the validator).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "compiler/text/wat.h"
#include "compiler/wasmc.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  wasmc::Result<wasmc::text::ParsedModule> parsed = wasmc::text::ParseWat(text);
  if (!parsed.ok()) {
    const wasmc::Diag& d = parsed.diag();
    if (d.kind != wasmc::DiagKind::kMalformed || d.line == 0) std::abort();
    return 0;
  }
  wasmc::Result<wasmc::Module> module = wasmc::DecodeModule(parsed.value().bytes);
  if (module.ok()) (void)wasmc::ValidateModule(module.value());
  return 0;
}
