// wabt's wast2json output as a Script: the runner's second front end, kept as an
// oracle (`wasmc wast --wast2json`). Modules become files (ScriptModule::kFile);
// those wast2json wrote as text (.wat) are not run and count as skipped(text).
#pragma once

#include <string>

#include "compiler/wast/script.h"

namespace wasmc::spec {

// Reads the JSON at `json_path` (the modules' files are beside it). False and
// *error on unreadable input.
bool ReadWast2Json(const std::string& json_path, Script* out, std::string* error);

}  // namespace wasmc::spec
