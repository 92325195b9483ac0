// A spec script (.wast) as the runner executes it: a list of commands.
//
// Two front ends produce it: ParseScript (script_parser.h, wasmc's own text front
// end, the default) and ReadWast2Json (script_json.h, wabt's wast2json output; an
// oracle, kept for comparison). Modules stay unparsed here: a text module is a token
// position in the script's TokenStream, parsed only when its command runs (inside
// the worker process, so a crash in the module parser costs one command).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/wast/executor.h"
#include "compiler/wast/value.h"

namespace wasmc::spec {

struct ScriptModule {
  enum Form : uint8_t {
    kText,    // (module ...): tokens from `token` on (script_parser.h)
    kBinary,  // (module binary "..."*): `bytes`
    kQuote,   // (module quote "..."*): `quote`, parsed as a whole .wat text
    kFile,    // a file (wast2json's <stem>.N.wasm, or a text module it wrote)
  };
  Form form = kText;
  size_t token = 0;            // kText: index of the module's '(' in the TokenStream
  std::vector<uint8_t> bytes;  // kBinary
  std::string quote;           // kQuote
  std::string path;            // kFile
  bool file_is_text = false;   // kFile: a .wat wast2json wrote (not run: skipped)
  std::string id;              // $id (without '$'), empty when none
  bool definition = false;     // (module definition ...): validated, not instantiated
  bool whole_file = false;     // kQuote: the script is one module's fields (positions = the file's)
};

struct Action {
  enum Kind : uint8_t { kInvoke, kGet };
  Kind kind = kInvoke;
  std::string module;  // $id of the instance, empty = the current one
  std::string field;
  std::vector<Value> args;
  std::string unsupported;  // why the arguments cannot be passed (names the feature)
};

// One expected result: a pattern, or several alternatives `(either ...)`.
using ResultPattern = std::vector<Pattern>;

struct Command {
  enum Kind : uint8_t {
    kModule,             // define (+ instantiate unless a definition)
    kModuleInstance,     // (module instance $inst? $def?)
    kRegister,           // (register "name" $inst?)
    kAction,             // a bare invoke/get
    kAssertReturn,
    kAssertTrap,         // action traps with `text`
    kAssertExhaustion,
    kAssertException,    // action throws a wasm exception
    kAssertMalformed,
    kAssertInvalid,
    kAssertUnlinkable,
    kAssertUninstantiable,  // (assert_trap (module ...) "...") and assert_uninstantiable
    kThread,             // (thread $t (shared (module $m))* cmd*): `body`
    kWait,               // (wait $t)
  };
  Kind kind = kModule;
  int line = 0;
  int col = 0;
  ScriptModule module;                // module commands and module assertions
  std::string name;                   // register: the name; instance/thread/wait: $id
  std::string target;                 // register/instance: the instance/definition $id
  Action action;                      // action commands
  std::vector<ResultPattern> expected;  // assert_return
  std::string text;                   // the expected failure text of assertions
  std::vector<Command> body;          // kThread
};

// Command keyword as scripts spell it ("assert_return", "module", ...).
const char* CommandName(Command::Kind kind);
// The kind CommandName gives `name`; false for a name it gives no kind.
bool CommandKindByName(std::string_view name, Command::Kind* kind);

struct Script {
  std::vector<Command> commands;
};

// Every command of `script` including those inside threads, in order: (line, name).
// The runner accounts for each of them (one result per entry).
std::vector<std::pair<int, std::string>> CommandLines(const Script& script);

}  // namespace wasmc::spec
