// wasmc-spec: the old name of `wasmc wast` (same code, same options).
#include "compiler/wast/wast.h"

int main(int argc, char** argv) {
  return wasmc::spec::WastMain(argc, argv, wasmc::spec::SelfArgv(argv[0], nullptr));
}
