// wasmc: the command-line driver. See docs/usage.md.
#include "compiler/driver/options.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"

int main(int argc, char** argv) {
  using namespace wasmc::driver;
  ParsedCommandLine cl = ParseCommandLine(argc, argv);
  if (cl.exit_code) return *cl.exit_code;
  if (cl.options.command == Command::kRun) return RunModule(cl.options);
  return RunCompile(cl.options);
}
