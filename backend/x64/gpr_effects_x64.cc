// GprEffectOf (address_check_x64.h), out of line: ReadGprEffect (gpr_effects_x64.h).
#include "backend/x64/gpr_effects_x64.h"

namespace wasmc::x64 {

GprEffect GprEffectOf(const uint8_t* p, uint32_t avail, uint32_t* length) { return ReadGprEffect(p, avail, length); }

}  // namespace wasmc::x64
