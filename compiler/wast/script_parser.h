// The .wast script parser: WebAssembly spec scripts read by wasmc's own text front
// end (compiler/text/), no wast2json.
//
//   script:  cmd*
//   cmd:     module | (module instance $i? $d?) | (register "name" $i?) | action
//          | (assert_return action result*) | (assert_trap action|module "text")
//          | (assert_exhaustion action "text") | (assert_exception action)
//          | (assert_malformed|assert_invalid|assert_unlinkable|assert_uninstantiable
//             module "text")
//          | (assert_malformed_custom|assert_invalid_custom module "text")  (custom/)
//          | (thread $t (shared (module $m))* cmd*) | (wait $t)
//   module:  (module definition? $id? field*) | (module definition? $id? binary "..."*)
//          | (module definition? $id? quote "..."*)
//   action:  (invoke $i? "name" const*) | (get $i? "name")
//   const:   (i32|i64|f32|f64.const N) | (v128.const SHAPE N+) | (ref.null HEAP)
//          | (ref.extern N) | (ref.host N)
//   result:  const, with nan:canonical / nan:arithmetic for floats and float lanes,
//            (ref.null HEAP?), (ref.func), (ref.extern), (ref), (ref.i31|struct|array|
//            eq|any|exn...), (either result+)
//
// Text modules are only delimited here (ScriptModule::token): the worker parses
// each when its command runs, so a module the script expects to be malformed is
// never a script error. Everything else that does not parse is: the first error is
// returned as a Diag with line and column (`file:LINE:COL: error: what`).
#pragma once

#include "backend/diag.h"
#include "compiler/text/lexer.h"
#include "compiler/wast/script.h"

namespace wasmc::spec {

// Parses the script lexed into `tokens` (which text modules point into).
Result<Script> ParseScript(const text::TokenStream& tokens);

}  // namespace wasmc::spec

namespace wasmc::spec {

// A script file read and parsed. Not copyable or movable: the tokens (which text
// modules point into) refer to `source`.
struct ScriptFile {
  ScriptFile() = default;
  ScriptFile(const ScriptFile&) = delete;
  ScriptFile& operator=(const ScriptFile&) = delete;

  std::string source;
  text::TokenStream tokens;
  Script script;
};

// Reads and parses the .wast at `path`. On failure false and *error =
// "NAME:LINE:COL: error: what" (NAME = `name`, how reports call the file).
bool LoadScriptFile(const std::string& path, const std::string& name, ScriptFile* out,
                    std::string* error);

}  // namespace wasmc::spec
