#include "compiler/wast/script.h"

namespace wasmc::spec {

const char* CommandName(Command::Kind kind) {
  switch (kind) {
    case Command::kModule: return "module";
    case Command::kModuleInstance: return "module instance";
    case Command::kRegister: return "register";
    case Command::kAction: return "action";
    case Command::kAssertReturn: return "assert_return";
    case Command::kAssertTrap: return "assert_trap";
    case Command::kAssertExhaustion: return "assert_exhaustion";
    case Command::kAssertException: return "assert_exception";
    case Command::kAssertMalformed: return "assert_malformed";
    case Command::kAssertInvalid: return "assert_invalid";
    case Command::kAssertUnlinkable: return "assert_unlinkable";
    case Command::kAssertUninstantiable: return "assert_uninstantiable";
    case Command::kThread: return "thread";
    case Command::kWait: return "wait";
  }
  return "?";
}

bool CommandKindByName(std::string_view name, Command::Kind* kind) {
  for (int k = Command::kModule; k <= Command::kWait; ++k) {
    if (name != CommandName(static_cast<Command::Kind>(k))) continue;
    *kind = static_cast<Command::Kind>(k);
    return true;
  }
  return false;
}

std::vector<std::pair<int, std::string>> CommandLines(const Script& script) {
  std::vector<std::pair<int, std::string>> out;
  for (const Command& c : script.commands) {
    out.emplace_back(c.line, CommandName(c.kind));
    for (const Command& sub : c.body) out.emplace_back(sub.line, CommandName(sub.kind));
  }
  return out;
}

}  // namespace wasmc::spec
