// Entry points of backend/backend.h whose implementation has not landed yet.
// Each fails loudly and names what is missing; the engineer who implements one
// deletes it from this file in the same commit.
#include "backend/backend.h"

namespace wasmc {

}  // namespace wasmc
