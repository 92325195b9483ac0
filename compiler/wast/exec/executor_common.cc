// What the two spec executors share on the runner's side (executor_common.h).
#include "compiler/wast/exec/executor_common.h"

#include <fstream>
#include <iterator>

#include "backend/backend.h"
#include "compiler/lower/lower.h"
#include "compiler/wasmc.h"

namespace wasmc::spec {

Outcome Fail(Outcome::Kind kind, std::string message) {
  Outcome o;
  o.kind = kind;
  o.message = std::move(message);
  return o;
}

Outcome CompileForExecutor(const std::string& wasm_path, Target target, ObjectModule* out,
                           CodeOptions code) {
  std::ifstream in(wasm_path, std::ios::binary);
  if (!in) return Fail(Outcome::kError, "cannot read " + wasm_path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  Result<Module> module = DecodeModule(std::move(bytes));
  if (!module.ok()) return Fail(Outcome::kError, module.diag().Render(wasm_path));
  CompileOptions options;
  options.target = target;
  options.file_name = wasm_path;
  options.cpu_level = code.cpu_level;
  options.opt_level = code.opt_level;
  options.no_single_pass = code.no_single_pass;
  options.sole_module = code.sole_module;
  Result<CompileResult> compiled = CompileToObject(module.value(), options);
  if (!compiled.ok()) {
    const Diag& d = compiled.diag();
    return Fail(d.kind == DiagKind::kUnsupported ? Outcome::kUnsupported : Outcome::kError,
                d.Render(wasm_path));
  }
  *out = std::move(compiled.value().object);
  return Outcome{};
}

Outcome ToOutcome(a64host::Reply reply) {
  Outcome o;
  o.kind = static_cast<Outcome::Kind>(reply.kind);
  o.message = std::move(reply.message);
  for (const a64host::WireValue& v : reply.values) {
    Value r;
    r.type = static_cast<ValType>(v.type);
    r.lo = v.lo;
    r.hi = v.hi;
    r.is_null = v.is_null;
    o.results.push_back(r);
  }
  return o;
}

}  // namespace wasmc::spec
