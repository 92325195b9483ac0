// Child processes for the spec runner: wast2json, and one worker per .wast file.
// Arguments are passed as a vector (no shell), so paths never need quoting.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace wasmc::spec {

// Runs `argv` to completion with stdin from /dev/null and stdout+stderr appended
// to `output_path`. Returns the exit status as from waitpid (or -1 and *error when
// the program cannot be started).
int RunToCompletion(const std::vector<std::string>& argv, const std::string& output_path,
                    std::string* error);

// A started child whose fd 3 is the write end of `report_fd`'s pipe and whose
// stderr goes to `stderr_fd`'s pipe; stdout goes to /dev/null.
struct Child {
  pid_t pid = -1;
  int report_fd = -1;  // read end
  int stderr_fd = -1;  // read end
};

bool SpawnWithReportPipe(const std::vector<std::string>& argv, Child* child, std::string* error);

// "exit status 3", "killed by signal 11 (Segmentation fault)".
std::string DescribeWaitStatus(int status);

}  // namespace wasmc::spec
