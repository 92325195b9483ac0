#include "compiler/wast/wast_worker.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <unistd.h>
#include <unordered_map>

#include "compiler/text/wat.h"
#include "compiler/wasmc.h"
#include "compiler/wast/executor.h"
#include "compiler/wast/script_json.h"
#include "compiler/wast/script_parser.h"
#include "compiler/wast/value.h"

namespace wasmc::spec {
namespace {

const char* KindName(Outcome::Kind k) {
  switch (k) {
    case Outcome::kOk: return "ok";
    case Outcome::kTrap: return "trap";
    case Outcome::kExhaustion: return "exhaustion";
    case Outcome::kLinkError: return "link error";
    case Outcome::kUnsupported: return "unsupported";
    case Outcome::kError: return "error";
  }
  return "?";
}

std::string Describe(const Outcome& o) {
  std::string s = KindName(o.kind);
  if (!o.message.empty()) s += " \"" + o.message + "\"";
  return s;
}

// An exception that no wasm frame caught (the runtime's trap kind for it).
bool IsUncaughtException(const Outcome& o) {
  return o.kind == Outcome::kTrap && o.message.rfind("uncaught exception", 0) == 0;
}

// Fault injection for the runner's own tests (tests/spec/runner-isolation.test):
// WASMC_SPEC_TEST_CRASH_LINE=N aborts, WASMC_SPEC_TEST_HANG_LINE=N hangs, just
// before the command at line N runs.
void InjectFault(int line) {
  auto at = [line](const char* var) {
    const char* v = std::getenv(var);
    return v && std::atoi(v) == line;
  };
  if (at("WASMC_SPEC_TEST_CRASH_LINE")) std::abort();
  if (at("WASMC_SPEC_TEST_HANG_LINE"))
    for (;;) pause();
}

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// A module of the script, as bytes, or why it has none.
struct ModuleBytes {
  std::vector<uint8_t> bytes;
  std::string label;           // "<stem>.<line>.wasm": how diagnostics name it
  std::string text_label;      // how text diagnostics name it: the script, or its quote
  std::optional<Diag> text_error;  // the text front end rejected it
  bool skipped_text = false;   // --wast2json: a text module (not run)
  std::string error;           // unreadable file
};

class WastRun {
 public:
  WastRun(const WorkerOptions& options, ReportWriter& out)
      : opt_(options), out_(out),
        stem_(BaseName(options.script_path).substr(0, BaseName(options.script_path).rfind('.'))) {}

  bool Run();

 private:
  void RunCommand(const Command& c);
  // Per-command handlers: each reports exactly one result.
  void Module(const Command& c);
  void ModuleInstance(const Command& c);
  void AssertRejected(const Command& c);
  void AssertNotInstantiable(const Command& c);
  void Register(const Command& c);
  void ActionCommand(const Command& c);
  void Thread(const Command& c);
  void ParseOnly(const Command& c);

  ModuleBytes Materialize(const ScriptModule& m, int line);
  // The module of an assertion `type`; false when it is a text module --wast2json
  // does not run (reported as skipped).
  bool MaterializeAsserted(const Command& c, const char* type, ModuleBytes* m);
  // Decode + validate (as `wasmc --validate`); nullopt when accepted.
  std::optional<Diag> Check(const ModuleBytes& m);
  // Writes the module to the work directory for the executor; "" on failure.
  std::string WriteModule(const ModuleBytes& m);
  std::optional<InstanceId> Lookup(const std::string& name, std::string* why);
  bool DoAction(const Action& action, Outcome* outcome, std::string* why);

  void Report(int line, Verdict status, const std::string& command, const std::string& text);

  const WorkerOptions& opt_;
  ReportWriter& out_;
  std::unique_ptr<Executor> executor_;
  std::string stem_;  // the script's name without .wast
  ScriptFile file_;
  // Instances by script name; a failed module is recorded with the reason, so
  // commands that use it fail with a message that points at the real problem.
  struct Slot {
    std::optional<InstanceId> id;
    std::string failure;
  };
  std::unordered_map<std::string, Slot> named_;
  Slot current_{std::nullopt, "no module has been defined yet"};
  // Module definitions by name ("" = the latest): the module file, or why none.
  struct Definition {
    std::string path;
    std::string failure;
  };
  std::unordered_map<std::string, Definition> definitions_;
  // Names a failed `register` did not register, with why.
  std::unordered_map<std::string, std::string> unregistered_;
  // Describe() plus, for a link error on an import from a name whose `register`
  // failed, that failure (so it names the feature behind it).
  std::string Explain(const Outcome& o) const;
};

std::string WastRun::Explain(const Outcome& o) const {
  std::string s = Describe(o);
  if (o.kind != Outcome::kLinkError) return s;
  for (const auto& [name, why] : unregistered_)
    if (o.message.find(" " + name + ".") != std::string::npos)
      return s + " (\"" + name + "\" was not registered: " + why + ")";
  return s;
}

void WastRun::Report(int line, Verdict status, const std::string& command, const std::string& text) {
  // Paths in the private directory say nothing to the reader; the file names do.
  std::string clean = text;
  const std::string dir = opt_.work_dir + "/";
  for (size_t at; (at = clean.find(dir)) != std::string::npos;) clean.erase(at, dir.size());
  out_.Result(line, status, command, clean);
}

// Whether a command may make one module's wasm code reach another's: a `register`
// (the only way a module's exports become importable), or a thread.
bool LinksModules(const std::vector<Command>& commands) {
  for (const Command& c : commands)
    if (c.kind == Command::kRegister || c.kind == Command::kThread || LinksModules(c.body)) return true;
  return false;
}

bool WastRun::Run() {
  std::string error;
  bool loaded = opt_.json_path.empty()
                    ? LoadScriptFile(opt_.script_path, BaseName(opt_.script_path), &file_, &error)
                    : ReadWast2Json(opt_.json_path, &file_.script, &error);
  if (!loaded) {
    Report(0, Verdict::kFail, "script", error);
    out_.Done();
    return false;
  }
  if (!opt_.no_exec) {
    // A script whose modules never link to each other (no `register`, no threads
    // sharing modules) runs each one as the only wasm code it can reach: compiled as a
    // sole module, as executables are (CompileOptions::sole_module), so the spec
    // suites run that code too (x86-64: the instance registers kept through all wasm
    // code, docs/backend.md).
    CodeOptions code = opt_.code;
    code.sole_module = !LinksModules(file_.script.commands);
    executor_ = MakeExecutor(opt_.target, code);
  }
  if (!executor_)
    out_.NotRunReason(opt_.parse_only ? std::string("--parse-only")
                      : opt_.no_exec  ? std::string("--no-exec")
                                   : std::string("no executor for ") + TargetTriple(opt_.target));
  for (const Command& c : file_.script.commands) RunCommand(c);
  out_.Done();
  return true;
}

void WastRun::RunCommand(const Command& c) {
  if (auto crash = opt_.crashed.find(c.line); crash != opt_.crashed.end()) {
    Report(c.line, Verdict::kFail, CommandName(c.kind), crash->second);
    if (c.kind == Command::kModule) {
      Slot failed{std::nullopt, "the module at line " + std::to_string(c.line) + " crashed the runner"};
      current_ = failed;
      if (!c.module.id.empty()) named_[c.module.id] = failed;
    }
    return;
  }
  out_.Start(c.line);
  InjectFault(c.line);
  if (opt_.parse_only) return ParseOnly(c);
  switch (c.kind) {
    case Command::kModule: return Module(c);
    case Command::kModuleInstance: return ModuleInstance(c);
    case Command::kAssertMalformed:
    case Command::kAssertInvalid: return AssertRejected(c);
    case Command::kAssertUnlinkable:
    case Command::kAssertUninstantiable: return AssertNotInstantiable(c);
    case Command::kRegister: return Register(c);
    case Command::kAction:
    case Command::kAssertReturn:
    case Command::kAssertTrap:
    case Command::kAssertExhaustion:
    case Command::kAssertException: return ActionCommand(c);
    case Command::kThread:
    case Command::kWait: return Thread(c);
  }
}

bool WastRun::MaterializeAsserted(const Command& c, const char* type, ModuleBytes* m) {
  *m = Materialize(c.module, c.line);
  if (!m->skipped_text) return true;
  Report(c.line, Verdict::kSkipText, type, "text format");
  return false;
}

ModuleBytes WastRun::Materialize(const ScriptModule& m, int line) {
  ModuleBytes out;
  out.label = stem_ + "." + std::to_string(line) + ".wasm";
  const std::string script = BaseName(opt_.script_path);
  out.text_label = m.form == ScriptModule::kQuote && !m.whole_file
                       ? script + ":" + std::to_string(line) + ": (module quote)"
                       : script;
  switch (m.form) {
    case ScriptModule::kText: {
      size_t pos = m.token;
      Result<text::ParsedModule> parsed = text::ParseModule(file_.tokens, &pos);
      if (parsed.ok()) out.bytes = std::move(parsed.value().bytes);
      else out.text_error = parsed.diag();
      break;
    }
    case ScriptModule::kQuote: {
      Result<text::ParsedModule> parsed = text::ParseWat(m.quote);
      if (parsed.ok()) out.bytes = std::move(parsed.value().bytes);
      else out.text_error = parsed.diag();
      break;
    }
    case ScriptModule::kBinary: out.bytes = m.bytes; break;
    case ScriptModule::kFile: {
      out.label = BaseName(m.path);
      out.skipped_text = m.file_is_text;
      std::ifstream in(m.path, std::ios::binary);
      if (!in) out.error = "cannot read " + out.label;
      else out.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
      break;
    }
  }
  return out;
}

std::optional<Diag> WastRun::Check(const ModuleBytes& m) {
  Result<wasmc::Module> decoded = DecodeModule(m.bytes);
  if (!decoded.ok()) return decoded.diag();
  Status s = ValidateModule(decoded.value());
  if (!s.ok()) return s.diag();
  return std::nullopt;
}

std::string WastRun::WriteModule(const ModuleBytes& m) {
  const std::string path = opt_.work_dir + "/" + m.label;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(m.bytes.data()), static_cast<std::streamsize>(m.bytes.size()));
  return f ? path : "";
}

// The reason a module cannot be used, or "" when it can: the text front end's or
// the validator's diagnostic. `kind` of the text error, quote modules: see below.
std::string Problem(const ModuleBytes& m, const std::optional<Diag>& check) {
  if (!m.error.empty()) return m.error;
  if (m.text_error) return m.text_error->Render(m.text_label);
  if (check) return check->Render(m.label);
  return "";
}

void WastRun::Module(const Command& c) {
  Slot slot;
  const std::string at = "the module at line " + std::to_string(c.line);
  ModuleBytes m = Materialize(c.module, c.line);
  std::optional<Diag> check;
  if (m.error.empty() && !m.text_error) check = Check(m);
  if (std::string why = Problem(m, check); !why.empty()) {
    slot.failure = at + " was rejected: " + why;
    Report(c.line, Verdict::kFail, "module", "rejected a valid module: " + why);
  } else if (c.module.definition) {
    definitions_[c.module.id] = definitions_[""] = Definition{WriteModule(m), ""};
    Report(c.line, Verdict::kPass, "module definition", "");
    return;  // a definition is not an instance: the current module stays
  } else if (!executor_) {
    slot.failure = "no executor";
    Report(c.line, Verdict::kPass, "module", "");
  } else {
    InstanceId id = -1;
    Outcome o = executor_->Instantiate(WriteModule(m), &id);
    if (o.kind == Outcome::kOk) {
      slot.id = id;
      Report(c.line, Verdict::kPass, "module", "");
    } else {
      slot.failure = at + " did not instantiate: " + Explain(o);
      Report(c.line, Verdict::kFail, "module", "instantiation failed: " + Explain(o));
    }
  }
  if (c.module.definition) {
    definitions_[c.module.id] = definitions_[""] = Definition{"", slot.failure};
    return;
  }
  if (!c.module.id.empty()) named_[c.module.id] = slot;
  current_ = slot;
}

void WastRun::ModuleInstance(const Command& c) {
  Slot slot;
  auto def = definitions_.find(c.target);
  if (def == definitions_.end()) {
    slot.failure = "unknown module definition " + (c.target.empty() ? "(none yet)" : "$" + c.target);
    Report(c.line, Verdict::kFail, "module instance", slot.failure);
  } else if (!def->second.failure.empty()) {
    slot.failure = def->second.failure;
    Report(c.line, Verdict::kFail, "module instance", slot.failure);
  } else if (!executor_) {
    slot.failure = "no executor";
    Report(c.line, Verdict::kNotRun, "module instance", "");
  } else {
    InstanceId id = -1;
    Outcome o = executor_->Instantiate(def->second.path, &id);
    if (o.kind == Outcome::kOk) {
      slot.id = id;
      Report(c.line, Verdict::kPass, "module instance", "");
    } else {
      slot.failure = "the instance at line " + std::to_string(c.line) + " did not instantiate: " + Describe(o);
      Report(c.line, Verdict::kFail, "module instance", "instantiation failed: " + Describe(o));
    }
  }
  if (!c.name.empty()) named_[c.name] = slot;
  current_ = slot;
}

void WastRun::AssertRejected(const Command& c) {
  const char* type = CommandName(c.kind);
  ModuleBytes m;
  if (!MaterializeAsserted(c, type, &m)) return;
  std::optional<Diag> d = m.text_error;
  if (!d && m.error.empty()) d = Check(m);
  if (!m.error.empty()) {
    Report(c.line, Verdict::kFail, type, m.error);
    return;
  }
  if (!d) {
    Report(c.line, Verdict::kFail, type, "accepted a module that must be rejected (\"" + c.text + "\")");
    return;
  }
  // A rejection because wasmc does not implement a feature yet proves nothing about
  // the reason the script expects: it is a failure that names the feature (so a
  // feature entry of the xfail list accounts for it). That includes encodings the
  // 2.0 suite calls malformed or invalid and 3.0 made valid. Any other rejection
  // passes; -v shows a differing reason as info.
  if (d->kind == DiagKind::kUnsupported) {
    Report(c.line, Verdict::kFail, type,
           "rejected only as unsupported: " + d->Render(m.text_error ? m.text_label : m.label));
    return;
  }
  Report(c.line, Verdict::kPass, type, "");
  const DiagKind want = c.kind == Command::kAssertMalformed ? DiagKind::kMalformed : DiagKind::kInvalid;
  if (d->kind != want || d->what.rfind(c.text, 0) != 0)
    out_.Info(c.line, std::string(type) + ": expected \"" + c.text + "\", wasmc said: " +
                          d->Render(m.text_error ? m.text_label : m.label));
}

void WastRun::AssertNotInstantiable(const Command& c) {
  const char* type = CommandName(c.kind);
  ModuleBytes m;
  if (!MaterializeAsserted(c, type, &m)) return;
  std::optional<Diag> check;
  if (m.error.empty() && !m.text_error) check = Check(m);
  if (std::string why = Problem(m, check); !why.empty()) {
    Report(c.line, Verdict::kFail, type, "rejected a valid module: " + why);
    return;
  }
  if (!executor_) {
    Report(c.line, Verdict::kNotRun, type, "");
    return;
  }
  const Outcome::Kind want = c.kind == Command::kAssertUnlinkable ? Outcome::kLinkError : Outcome::kTrap;
  InstanceId id = -1;
  Outcome o = executor_->Instantiate(WriteModule(m), &id);
  if (o.kind != want) {
    Report(c.line, Verdict::kFail, type,
           "expected " + std::string(KindName(want)) + " \"" + c.text + "\", got " + Explain(o));
    return;
  }
  Report(c.line, Verdict::kPass, type, "");
  if (o.message.rfind(c.text, 0) != 0)
    out_.Info(c.line, std::string(type) + ": expected \"" + c.text + "\", got \"" + o.message + "\"");
}

std::optional<InstanceId> WastRun::Lookup(const std::string& name, std::string* why) {
  const Slot* slot = &current_;
  if (!name.empty()) {
    auto it = named_.find(name);
    if (it == named_.end()) {
      *why = "unknown module $" + name;
      return std::nullopt;
    }
    slot = &it->second;
  }
  if (!slot->id) *why = slot->failure;
  return slot->id;
}

void WastRun::Register(const Command& c) {
  if (!executor_) {
    Report(c.line, Verdict::kNotRun, "register", "");
    return;
  }
  std::string why;
  std::optional<InstanceId> id = Lookup(c.target, &why);
  if (!id) {
    unregistered_[c.name] = why;
    Report(c.line, Verdict::kFail, "register", why);
    return;
  }
  Outcome o = executor_->Register(*id, c.name);
  if (o.kind != Outcome::kOk) unregistered_[c.name] = Describe(o);
  if (o.kind == Outcome::kOk) Report(c.line, Verdict::kPass, "register", "");
  else Report(c.line, Verdict::kFail, "register", Describe(o));
}

bool WastRun::DoAction(const Action& action, Outcome* outcome, std::string* why) {
  std::optional<InstanceId> id = Lookup(action.module, why);
  if (!id) return false;
  if (!action.unsupported.empty()) {
    *why = action.unsupported;
    return false;
  }
  *outcome = action.kind == Action::kGet ? executor_->Get(*id, action.field)
                                         : executor_->Invoke(*id, action.field, action.args);
  return true;
}

void WastRun::ActionCommand(const Command& c) {
  const std::string type = c.kind == Command::kAction ? "action" : CommandName(c.kind);
  if (!executor_) {
    Report(c.line, Verdict::kNotRun, type, "");
    return;
  }
  const std::string what = type + " " + c.action.field;
  Outcome o;
  std::string why;
  if (!DoAction(c.action, &o, &why)) {
    Report(c.line, Verdict::kFail, what, why);
    return;
  }
  switch (c.kind) {
    case Command::kAction:
      if (o.kind == Outcome::kOk) Report(c.line, Verdict::kPass, what, "");
      else Report(c.line, Verdict::kFail, what, Describe(o));
      return;
    case Command::kAssertException:
      // An exception no wasm frame caught ends the call like a trap whose kind is
      // "uncaught exception" (runtime-support/core/eh.c).
      if (IsUncaughtException(o)) Report(c.line, Verdict::kPass, what, "");
      else
        Report(c.line, Verdict::kFail, what,
               "expected a wasm exception, got " + Describe(o) +
                   (o.kind == Outcome::kOk ? " " + FormatValues(o.results) : ""));
      return;
    case Command::kAssertTrap:
    case Command::kAssertExhaustion: {
      const Outcome::Kind want = c.kind == Command::kAssertTrap ? Outcome::kTrap : Outcome::kExhaustion;
      if (o.kind != want || IsUncaughtException(o)) {
        Report(c.line, Verdict::kFail, what,
               "expected " + std::string(KindName(want)) + " \"" + c.text + "\", got " + Describe(o) +
                   (o.kind == Outcome::kOk ? " " + FormatValues(o.results) : ""));
        return;
      }
      Report(c.line, Verdict::kPass, what, "");
      if (o.message.rfind(c.text, 0) != 0)
        out_.Info(c.line, what + ": expected \"" + c.text + "\", got \"" + o.message + "\"");
      return;
    }
    default: break;
  }
  // assert_return: every result matches its pattern (or one of its alternatives).
  const std::string want = FormatResultPatterns(c.expected);
  if (o.kind != Outcome::kOk) {
    Report(c.line, Verdict::kFail, what, "expected " + want + ", got " + Describe(o));
    return;
  }
  bool ok = c.expected.size() == o.results.size();
  for (size_t i = 0; ok && i < c.expected.size(); ++i) {
    bool any = false;
    for (const Pattern& p : c.expected[i]) any = any || Matches(p, o.results[i]);
    ok = any;
  }
  if (ok) Report(c.line, Verdict::kPass, what, "");
  else Report(c.line, Verdict::kFail, what, "expected " + want + ", got " + FormatValues(o.results));
}

void WastRun::ParseOnly(const Command& c) {
  const char* type = CommandName(c.kind);
  const bool has_module = c.kind == Command::kModule || c.kind == Command::kAssertMalformed ||
                          c.kind == Command::kAssertInvalid || c.kind == Command::kAssertUnlinkable ||
                          c.kind == Command::kAssertUninstantiable;
  const bool text = c.module.form == ScriptModule::kText || c.module.form == ScriptModule::kQuote;
  if (!has_module || !text) {
    Report(c.line, Verdict::kNotRun, type, "");
    return;
  }
  ModuleBytes m = Materialize(c.module, c.line);
  if (c.kind == Command::kAssertMalformed) {
    // Some malformations only show in the binary (a name that is not UTF-8):
    // the decoder's "malformed" verdict counts; invalid or unsupported does not.
    std::optional<Diag> d = m.text_error;
    if (!d) d = Check(m);
    if (d && d->kind == DiagKind::kMalformed) Report(c.line, Verdict::kPass, type, "");
    else Report(c.line, Verdict::kFail, type, "malformed text accepted (\"" + c.text + "\")" +
                                               (d ? ", then: " + d->Render(m.label) : ""));
  } else if (m.text_error) {
    Report(c.line, Verdict::kFail, type, m.text_error->Render(m.text_label));
  } else {
    Report(c.line, Verdict::kPass, type, "");
  }
}

void WastRun::Thread(const Command& c) {
  // Script threads need concurrent instances in the executors (and a multiplexed
  // protocol to the AArch64 host); wasmc's shared memories and atomics are there
  // (tests/run/threads/ runs real threads), the executors are not yet. Every
  // command of the thread fails, naming that.
  const std::string why = "threads are not supported yet (thread $" + c.name + ")";
  Report(c.line, Verdict::kFail, CommandName(c.kind), why);
  for (const Command& sub : c.body) Report(sub.line, Verdict::kFail, CommandName(sub.kind), "not run: " + why);
}

}  // namespace

bool RunWastFile(const WorkerOptions& options, ReportWriter& out) {
  return WastRun(options, out).Run();
}

}  // namespace wasmc::spec
