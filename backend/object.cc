#include "backend/object.h"

namespace wasmc {

uint32_t ObjectModule::ExternalSymbol(const std::string& name) {
  for (; indexed_ < symbols.size(); ++indexed_)
    if (symbols[indexed_].section < 0)
      external_index_.emplace(symbols[indexed_].name, static_cast<uint32_t>(indexed_));
  if (auto it = external_index_.find(name); it != external_index_.end()) return it->second;
  return AddSymbol(Symbol{name, -1, 0, 0, true, false});
}

}  // namespace wasmc
