#include "compiler/wast/script_json.h"

#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

namespace wasmc::spec {
namespace {

using nlohmann::json;

struct Reader {
  std::string dir;  // with a trailing '/'
  std::string error;

  ScriptModule Module(const json& cmd) {
    ScriptModule m;
    m.form = ScriptModule::kFile;
    m.path = dir + cmd.value("filename", std::string());
    m.file_is_text = cmd.value("module_type", "binary") != "binary";
    if (cmd.contains("name")) m.id = cmd["name"].get<std::string>();
    return m;
  }

  bool ReadAction(const json& a, Action* out) {
    out->kind = a.value("type", "") == "get" ? Action::kGet : Action::kInvoke;
    out->field = a.value("field", "");
    if (a.contains("module")) out->module = a["module"].get<std::string>();
    for (const json& arg : a.value("args", json::array())) {
      Value v;
      if (!ParseArg(arg, &v, &error)) return false;
      out->args.push_back(v);
    }
    return true;
  }

  bool Read(const json& cmd, Command* c) {
    const std::string type = cmd.value("type", "");
    c->line = cmd.value("line", 0);
    // wast2json writes no threads.
    const bool known = CommandKindByName(type, &c->kind) && c->kind != Command::kThread &&
                       c->kind != Command::kWait;
    if (!known) {
      error = "line " + std::to_string(c->line) + ": unknown command type " + type;
      return false;
    }
    c->text = cmd.value("text", "");
    if (cmd.contains("filename")) c->module = Module(cmd);
    if (c->kind == Command::kRegister) {
      c->name = cmd.value("as", "");
      if (cmd.contains("name")) c->target = cmd["name"].get<std::string>();
    }
    if (cmd.contains("action") && !ReadAction(cmd["action"], &c->action)) return false;
    // (assert_trap also lists the result types: not patterns.)
    for (const json& e : c->kind == Command::kAssertReturn ? cmd.value("expected", json::array()) : json::array()) {
      Pattern p;
      if (!ParseExpected(e, &p, &error)) return false;
      c->expected.push_back({p});
    }
    return true;
  }
};

}  // namespace

bool ReadWast2Json(const std::string& json_path, Script* out, std::string* error) {
  std::ifstream in(json_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reader r{json_path.substr(0, json_path.rfind('/') + 1), ""};
  try {
    json script = json::parse(text);
    for (const json& cmd : script.value("commands", json::array())) {
      Command c;
      if (!r.Read(cmd, &c)) {
        *error = r.error;
        return false;
      }
      out->commands.push_back(std::move(c));
    }
  } catch (const json::exception& e) {
    *error = std::string("unreadable JSON: ") + e.what();
    return false;
  }
  return true;
}

}  // namespace wasmc::spec
