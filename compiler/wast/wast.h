// `wasmc wast`: the spec-script runner as a subcommand of wasmc (and of its alias
// build/bin/wasmc-spec). See wast_main.cc and docs/testing.md.
#pragma once

#include <string>
#include <vector>

namespace wasmc::spec {

// Runs the runner's command line (argv[0] is the program's name as the user typed
// it, the options and files follow). `self_argv` re-executes this program as the
// runner (e.g. {"/path/to/wasmc", "wast"}): its workers are started that way.
// Returns the exit status: 0 all passed, 1 some failed, 2 usage error.
int WastMain(int argc, char** argv, const std::vector<std::string>& self_argv);

// {this executable (from /proc/self/exe, else argv0), subcommand if not null}.
std::vector<std::string> SelfArgv(const char* argv0, const char* subcommand);

}  // namespace wasmc::spec
