#include "backend/object.h"

namespace wasmc {

const char* TargetTriple(Target t) {
  return t == Target::kX64 ? "x86_64-linux" : "aarch64-linux";
}

uint32_t ObjectModule::ExternalSymbol(const std::string& name) {
  for (uint32_t i = 0; i < symbols.size(); ++i)
    if (symbols[i].section < 0 && symbols[i].name == name) return i;
  return AddSymbol(Symbol{name, -1, 0, 0, true, false});
}

}  // namespace wasmc
