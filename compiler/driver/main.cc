// wasmc: the command-line driver. See docs/usage.md.
#include "compiler/driver/build_info.h"
#include "compiler/driver/heap.h"
#include "compiler/driver/options.h"
#include "compiler/driver/pipeline.h"
#include "compiler/driver/run.h"
#include "compiler/wast/wast.h"

#include <string>

#include <string_view>

int main(int argc, char** argv) {
  using namespace wasmc::driver;
  TuneHeap();  // before anything allocates much (heap.h)
  // `wasmc wast [options] FILES...`: the spec-script runner (compiler/wast/).
  if (argc > 1 && std::string(argv[1]) == "wast")
    return wasmc::spec::WastMain(argc - 1, argv + 1, wasmc::spec::SelfArgv(argv[0], "wast"));
  if (argc > 1 && std::string_view(argv[1]) == "inspect") return InspectMain(argc, argv);  // build_info.h
  ParsedCommandLine cl = ParseCommandLine(argc, argv);
  if (cl.exit_code) return *cl.exit_code;
  if (cl.options.command == Command::kRun) return RunModule(cl.options);
  return RunCompile(cl.options);
}
