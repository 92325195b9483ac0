// The decoded module of a WebAssembly text, for unit tests that start from a .wat
// (a failure to parse or decode fails the test and leaves an empty module).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "compiler/text/wat.h"
#include "compiler/wasmc.h"

namespace wasmc::test {

inline Module ModuleOfWat(const std::string& wat) {
  Result<text::ParsedModule> parsed = text::ParseWat(wat);
  EXPECT_TRUE(parsed.ok());
  if (!parsed.ok()) return Module{};
  Result<Module> m = DecodeModule(std::move(parsed.value().bytes));
  EXPECT_TRUE(m.ok());
  if (!m.ok()) return Module{};
  return std::move(m.value());
}

}  // namespace wasmc::test
