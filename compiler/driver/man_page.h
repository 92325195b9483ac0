// wasmc(1): the manual page, generated from the same CLI11 option table that
// `wasmc --help` prints, so the two cannot drift apart.
//
// The build runs `wasmc --help-man` (a hidden flag, options.cc) to write
// <build>/share/man/man1/wasmc.1; tests/cli/man-page.test checks that every option
// `--help` lists is in it.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace wasmc::driver {

// The page in roff (man(7) macros). Every option and positional of `app` and of
// its subcommands is listed in its help group, with its names, value type and
// description as --help shows them; the prose sections (exit status, environment,
// files) restate docs/usage.md.
std::string ManPage(const CLI::App& app, const std::string& version);

}  // namespace wasmc::driver
