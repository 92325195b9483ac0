#include "compiler/wast/wast_worker.h"

#include <cstdlib>
#include <fstream>
#include <unistd.h>
#include <iterator>
#include <memory>
#include <optional>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "compiler/wasmc.h"
#include "compiler/wast/executor.h"
#include "compiler/wast/value.h"

namespace wasmc::spec {
namespace {

using nlohmann::json;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Decode + validate, as `wasmc --validate` does. nullopt when accepted.
std::optional<Diag> CheckModule(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeDiag(DiagKind::kIo, 0, "cannot read " + path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<Module> m = DecodeModule(std::move(bytes));
  if (!m.ok()) return m.diag();
  Status s = ValidateModule(m.value());
  if (!s.ok()) return s.diag();
  return std::nullopt;
}

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

class WastRun {
 public:
  WastRun(const WorkerOptions& options, ReportWriter& out)
      : opt_(options), out_(out),
        executor_(options.no_exec ? nullptr : MakeExecutor(options.target)),
        dir_(options.json_path.substr(0, options.json_path.rfind('/') + 1)) {}

  bool Run();

 private:
  // Per-command handlers: each reports exactly one result.
  void Module(int line, const json& cmd);
  void AssertRejected(int line, const std::string& type, const json& cmd);
  void AssertNotInstantiable(int line, const std::string& type, const json& cmd);
  void Register(int line, const json& cmd);
  void ActionCommand(int line, const std::string& type, const json& cmd);

  // Finds the instance an action or register refers to (by $name or the
  // current module); on failure sets *why.
  std::optional<InstanceId> Lookup(const json& cmd, const char* key, std::string* why);
  bool DoAction(const json& action, Outcome* outcome, std::string* why);

  void Report(int line, Verdict status, const std::string& command, const std::string& text);
  std::string ModulePath(const json& cmd) const { return dir_ + cmd.value("filename", std::string()); }

  const WorkerOptions& opt_;
  ReportWriter& out_;
  std::unique_ptr<Executor> executor_;
  std::string dir_;  // the script's directory, with a trailing '/'
  // Instances by script name; a failed module is recorded with the reason, so
  // commands that use it fail with a message that points at the real problem.
  struct Slot {
    std::optional<InstanceId> id;
    std::string failure;
  };
  std::unordered_map<std::string, Slot> named_;
  Slot current_{std::nullopt, "no module has been defined yet"};
};

void WastRun::Report(int line, Verdict status, const std::string& command, const std::string& text) {
  // Paths in the private directory say nothing to the reader; the file names do.
  std::string clean = text;
  for (size_t at; !dir_.empty() && (at = clean.find(dir_)) != std::string::npos;)
    clean.erase(at, dir_.size());
  out_.Result(line, status, command, clean);
}

bool WastRun::Run() {
  json script;
  try {
    script = json::parse(ReadText(opt_.json_path));
  } catch (const json::exception& e) {
    Report(0, Verdict::kFail, "wast2json", std::string("unreadable JSON: ") + e.what());
    out_.Done();
    return false;
  }
  if (!executor_)
    out_.NotRunReason(opt_.no_exec ? std::string("--no-exec")
                                   : std::string("no executor for ") + TargetTriple(opt_.target));

  for (const json& cmd : script.value("commands", json::array())) {
    const int line = cmd.value("line", 0);
    const std::string type = cmd.value("type", std::string());
    if (auto c = opt_.crashed.find(line); c != opt_.crashed.end()) {
      Report(line, Verdict::kFail, type, c->second);
      if (type == "module") {
        current_ = Slot{std::nullopt, "the module at line " + std::to_string(line) + " crashed the runner"};
        if (cmd.contains("name")) named_[cmd["name"].get<std::string>()] = current_;
      }
      continue;
    }
    out_.Start(line);
    InjectFault(line);
    if (type == "module") {
      Module(line, cmd);
    } else if (type == "assert_malformed" || type == "assert_invalid") {
      AssertRejected(line, type, cmd);
    } else if (type == "assert_unlinkable" || type == "assert_uninstantiable") {
      AssertNotInstantiable(line, type, cmd);
    } else if (type == "register") {
      Register(line, cmd);
    } else if (type == "action" || type == "assert_return" || type == "assert_trap" ||
               type == "assert_exhaustion") {
      ActionCommand(line, type, cmd);
    } else {
      Report(line, Verdict::kFail, type, "unknown command type (update compiler/wast/wast_worker.cc)");
    }
  }
  out_.Done();
  return true;
}

void WastRun::Module(int line, const json& cmd) {
  Slot slot;
  if (std::optional<Diag> d = CheckModule(ModulePath(cmd))) {
    slot.failure = "the module at line " + std::to_string(line) + " was rejected";
    Report(line, Verdict::kFail, "module", "rejected a valid module: " + d->Render(cmd.value("filename", "")));
  } else if (!executor_) {
    slot.failure = "no executor";
    Report(line, Verdict::kPass, "module", "");
  } else {
    InstanceId id = -1;
    Outcome o = executor_->Instantiate(ModulePath(cmd), &id);
    if (o.kind == Outcome::kOk) {
      slot.id = id;
      Report(line, Verdict::kPass, "module", "");
    } else {
      slot.failure = "the module at line " + std::to_string(line) + " did not instantiate";
      Report(line, Verdict::kFail, "module", "instantiation failed: " + Describe(o));
    }
  }
  if (cmd.contains("name")) named_[cmd["name"].get<std::string>()] = slot;
  current_ = slot;
}

void WastRun::AssertRejected(int line, const std::string& type, const json& cmd) {
  if (cmd.value("module_type", "binary") != "binary") {
    Report(line, Verdict::kSkipText, type, "text format");
    return;
  }
  const std::string expected = cmd.value("text", "");
  std::optional<Diag> d = CheckModule(ModulePath(cmd));
  if (!d) {
    Report(line, Verdict::kFail, type, "accepted a module that must be rejected (\"" + expected + "\")");
    return;
  }
  Report(line, Verdict::kPass, type, "");
  const DiagKind want = type == "assert_malformed" ? DiagKind::kMalformed : DiagKind::kInvalid;
  if (d->kind != want || d->what.rfind(expected, 0) != 0)
    out_.Info(line, type + ": expected \"" + expected + "\", wasmc said: " +
                        d->Render(cmd.value("filename", "")));
}

void WastRun::AssertNotInstantiable(int line, const std::string& type, const json& cmd) {
  if (cmd.value("module_type", "binary") != "binary") {
    Report(line, Verdict::kSkipText, type, "text format");
    return;
  }
  if (std::optional<Diag> d = CheckModule(ModulePath(cmd))) {
    Report(line, Verdict::kFail, type, "rejected a valid module: " + d->Render(cmd.value("filename", "")));
    return;
  }
  if (!executor_) {
    Report(line, Verdict::kNotRun, type, "");
    return;
  }
  const Outcome::Kind want = type == "assert_unlinkable" ? Outcome::kLinkError : Outcome::kTrap;
  InstanceId id = -1;
  Outcome o = executor_->Instantiate(ModulePath(cmd), &id);
  const std::string expected = cmd.value("text", "");
  if (o.kind != want) {
    Report(line, Verdict::kFail, type, "expected " + std::string(KindName(want)) + " \"" + expected +
                                          "\", got " + Describe(o));
    return;
  }
  Report(line, Verdict::kPass, type, "");
  if (o.message.rfind(expected, 0) != 0)
    out_.Info(line, type + ": expected \"" + expected + "\", got \"" + o.message + "\"");
}

std::optional<InstanceId> WastRun::Lookup(const json& cmd, const char* key, std::string* why) {
  const Slot* slot = &current_;
  if (cmd.contains(key)) {
    const std::string name = cmd[key].get<std::string>();
    auto it = named_.find(name);
    if (it == named_.end()) {
      *why = "unknown module " + name;
      return std::nullopt;
    }
    slot = &it->second;
  }
  if (!slot->id) *why = slot->failure;
  return slot->id;
}

void WastRun::Register(int line, const json& cmd) {
  if (!executor_) {
    Report(line, Verdict::kNotRun, "register", "");
    return;
  }
  std::string why;
  std::optional<InstanceId> id = Lookup(cmd, "name", &why);
  if (!id) {
    Report(line, Verdict::kFail, "register", why);
    return;
  }
  Outcome o = executor_->Register(*id, cmd.value("as", ""));
  if (o.kind == Outcome::kOk) Report(line, Verdict::kPass, "register", "");
  else Report(line, Verdict::kFail, "register", Describe(o));
}

bool WastRun::DoAction(const json& action, Outcome* outcome, std::string* why) {
  std::optional<InstanceId> id = Lookup(action, "module", why);
  if (!id) return false;
  const std::string type = action.value("type", "");
  const std::string field = action.value("field", "");
  if (type == "get") {
    *outcome = executor_->Get(*id, field);
    return true;
  }
  if (type != "invoke") {
    *why = "unknown action type " + type;
    return false;
  }
  std::vector<Value> args;
  for (const json& a : action.value("args", json::array())) {
    Value v;
    if (!ParseArg(a, &v, why)) return false;
    args.push_back(v);
  }
  *outcome = executor_->Invoke(*id, field, args);
  return true;
}

void WastRun::ActionCommand(int line, const std::string& type, const json& cmd) {
  if (!executor_) {
    Report(line, Verdict::kNotRun, type, "");
    return;
  }
  const json& action = cmd.contains("action") ? cmd["action"] : json::object();
  const std::string what = type + " " + action.value("field", std::string("?"));
  Outcome o;
  std::string why;
  if (!DoAction(action, &o, &why)) {
    Report(line, Verdict::kFail, what, why);
    return;
  }
  const std::string expected_text = cmd.value("text", "");
  if (type == "action") {
    if (o.kind == Outcome::kOk) Report(line, Verdict::kPass, what, "");
    else Report(line, Verdict::kFail, what, Describe(o));
  } else if (type == "assert_trap" || type == "assert_exhaustion") {
    const Outcome::Kind want = type == "assert_trap" ? Outcome::kTrap : Outcome::kExhaustion;
    if (o.kind != want) {
      Report(line, Verdict::kFail, what, "expected " + std::string(KindName(want)) + " \"" +
                                            expected_text + "\", got " + Describe(o) +
                                            (o.kind == Outcome::kOk ? " " + FormatValues(o.results) : ""));
      return;
    }
    Report(line, Verdict::kPass, what, "");
    if (o.message.rfind(expected_text, 0) != 0)
      out_.Info(line, what + ": expected \"" + expected_text + "\", got \"" + o.message + "\"");
  } else {  // assert_return
    std::vector<Pattern> want;
    for (const json& e : cmd.value("expected", json::array())) {
      Pattern p;
      if (!ParseExpected(e, &p, &why)) {
        Report(line, Verdict::kFail, what, why);
        return;
      }
      want.push_back(std::move(p));
    }
    if (o.kind != Outcome::kOk) {
      Report(line, Verdict::kFail, what, "expected " + FormatPatterns(want) + ", got " + Describe(o));
      return;
    }
    bool ok = want.size() == o.results.size();
    for (size_t i = 0; ok && i < want.size(); ++i) ok = Matches(want[i], o.results[i]);
    if (ok) Report(line, Verdict::kPass, what, "");
    else Report(line, Verdict::kFail, what, "expected " + FormatPatterns(want) + ", got " + FormatValues(o.results));
  }
}

}  // namespace

bool RunWastFile(const WorkerOptions& options, ReportWriter& out) {
  return WastRun(options, out).Run();
}

}  // namespace wasmc::spec
